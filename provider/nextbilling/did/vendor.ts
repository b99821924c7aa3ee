/**
 * manageDID. Documented ("Criando-Alterando um DID", docs/vendors/nextbilling.md): PUT
 * /api/manageDID/T/K creates and answers the `new_record` envelope; POST /api/manageDID/T/K/{id}
 * updates. UNDOCUMENTED, assumed by analogy with manageRingGroups and never load-bearing:
 *  - read:   GET    /api/manageDID/T/K/{id}  → a list answer holding the record (no password);
 *  - list:   GET    /api/manageDID/T/K/0     → every DID the token sees;
 *  - delete: DELETE /api/manageDID/T/K?id_record=N.
 * A server that does not answer these as assumed makes them unavailable (kit/undocumented.ts):
 * the duplicate check is left to NextBilling's own unique-number check, refresh keeps the stored
 * state, and destroy releases the number instead of deleting it.
 */
import { NotFoundError, TelephonyError } from "../../http/errors";
import type { LiveRecord } from "../../kit/resource";
import { NextBillingClient } from "../client";
import { flag, integer, isSet, text, textList, type VendorRecord } from "../records";
import { ROUTING_TYPES, type DidRouting, type DidSupplier, type RoutingType } from "./Did";
import type { DidInputs } from "./schema";

const API_METHOD = "manageDID";
const ALL_DIDS = `${API_METHOD}/all`;
const ROUTING_NAMES = Object.keys(ROUTING_TYPES) as RoutingType[];

export type VendorDid = Record<string, string | number | string[] | undefined>;

const bit = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);

/** Our inputs to the PUT/POST body. Fields a program leaves out are not sent: the vendor keeps its own. */
export function toVendor(inputs: DidInputs): VendorDid {
    const routing = inputs.routing;
    const fields: VendorDid = {
        customer_id: inputs.customerId,
        description: inputs.description,
        did_number: inputs.number,
        did_type: ROUTING_TYPES[routing.type].didType,
    };
    if ("deviceId" in routing) fields.device_id = routing.deviceId;
    if (routing.type === "queue") fields.did_type_id = routing.queueId;
    if (routing.type === "ivr") fields.did_type_id = routing.ivrId;
    if (routing.type === "ip") {
        Object.assign(fields, {
            techprefix1: routing.primary.techPrefix ?? "",
            ip_address1: routing.primary.ipAddress,
            port1: routing.primary.port,
        });
        if (routing.backup) {
            Object.assign(fields, {
                techprefix2: routing.backup.techPrefix ?? "",
                ip_address2: routing.backup.ipAddress,
                port2: routing.backup.port,
            });
        }
    }
    if (inputs.supplier) {
        const supplier = inputs.supplier;
        Object.assign(fields, {
            host: supplier.host,
            port: supplier.port,
            username: supplier.username,
            host_additional: supplier.additionalHosts,
            register: bit(supplier.register),
        });
    }
    Object.assign(fields, {
        password: inputs.supplierPassword,
        rate_id: inputs.ratePlanId,
        rate_cost_id: inputs.costPlanId,
        callerid_add: inputs.callerIdPrefix,
        max_calls: inputs.maxCalls,
        play_audio: bit(inputs.playAudio),
        hide_from_reseller: bit(inputs.hideSupplierFromReseller),
        enable_fixed: bit(inputs.enableFixed),
        enable_mobile: bit(inputs.enableMobile),
        enable_ddi: bit(inputs.enableInternational),
        status: bit(inputs.enabled),
        annotations: inputs.annotations,
    });
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

/**
 * A vendor record in the resource's input shape, every field it carries. The password is not
 * read back (the assumed GET does not return it). `routing` is absent when NextBilling has no
 * did_type for the number yet (a number just bought, say).
 */
export function fromVendor(record: VendorRecord): LiveRecord {
    const didType = integer(record.did_type);
    const type = ROUTING_NAMES.find((name) => ROUTING_TYPES[name].didType === didType) ?? "audioTest";
    const endpointFrom = (n: 1 | 2) => ({
        ipAddress: text(record[`ip_address${n}`]),
        port: isSet(record[`port${n}`]) ? integer(record[`port${n}`]) : 5060,
        ...(isSet(record[`techprefix${n}`]) ? { techPrefix: text(record[`techprefix${n}`]) } : {}),
    });
    let routing: DidRouting;
    if (type === "ip") {
        routing = { type, deviceId: integer(record.device_id), primary: endpointFrom(1) };
        if (isSet(record.ip_address2)) routing.backup = endpointFrom(2);
    } else if (type === "line" || type === "extensionMenu" || type === "reverseIvr") {
        routing = { type, deviceId: integer(record.device_id) };
    } else if (type === "queue") {
        routing = { type, queueId: integer(record.did_type_id) };
    } else if (type === "ivr") {
        routing = { type, ivrId: integer(record.did_type_id) };
    } else {
        routing = { type };
    }
    const inputs: Record<string, unknown> = {
        customerId: integer(record.customer_id ?? record.id_cliente),
        number: text(record.did_number),
        description: text(record.description),
        enabled: flag(record.status),
    };
    if (isSet(record.did_type)) inputs.routing = routing;
    if (isSet(record.host)) {
        const supplier: DidSupplier = { host: text(record.host) };
        if (isSet(record.port)) supplier.port = integer(record.port);
        if (isSet(record.username)) supplier.username = text(record.username);
        if (isSet(record.host_additional)) supplier.additionalHosts = textList(record.host_additional);
        if (isSet(record.register)) supplier.register = flag(record.register);
        inputs.supplier = supplier;
    }
    for (const [ours, theirs] of [
        ["ratePlanId", "rate_id"],
        ["costPlanId", "rate_cost_id"],
        ["maxCalls", "max_calls"],
    ] as const) {
        if (isSet(record[theirs])) inputs[ours] = integer(record[theirs]);
    }
    for (const [ours, theirs] of [
        ["playAudio", "play_audio"],
        ["hideSupplierFromReseller", "hide_from_reseller"],
        ["enableFixed", "enable_fixed"],
        ["enableMobile", "enable_mobile"],
        ["enableInternational", "enable_ddi"],
    ] as const) {
        if (isSet(record[theirs])) inputs[ours] = flag(record[theirs]);
    }
    if (isSet(record.callerid_add)) inputs.callerIdPrefix = text(record.callerid_add);
    if (isSet(record.annotations)) inputs.annotations = text(record.annotations);
    return { id: String(integer(record.id)), inputs };
}

/** What a released number looks like: back in the pool (customer 0), disabled, on a routing that needs no line, queue or IVR. */
export const RELEASED: VendorDid = { customer_id: 0, status: 0, did_type: ROUTING_TYPES.audioTest.didType };

// ---------------------------------------------------------------------------------------------
// Calls

/**
 * GET …/0 (undocumented): every DID, once per process and kept true by this process's writes
 * (kit/listCache.ts); `undefined` when this server has no such list. `fresh` lists again, to
 * resolve a create whose answer was lost.
 */
export function listDids(client: NextBillingClient, fresh = false): Promise<VendorRecord[] | undefined> {
    const load = () => client.list({ name: "listDids", apiMethod: API_METHOD, id: 0 });
    return client.undocumented.run(
        "NextBilling listDids",
        "the DID duplicate check is left to NextBilling's own unique-number check, and refresh reads DIDs one by one",
        () => (fresh ? client.lists.fresh(ALL_DIDS, load) : client.lists.get(ALL_DIDS, load)),
    );
}

const listedId = (record: VendorRecord) => String(integer(record.id));

/**
 * A write this process made, into the cached list, in the shape the list holds: the vendor's
 * fields as sent, over the listed ones (an update sends only the managed fields and NextBilling
 * keeps the others), without the password, which the list never shows. A server without the list
 * caches none, so nothing happens there.
 */
function writeThrough(client: NextBillingClient, id: number, fields: VendorDid, createdAt?: number): void {
    const { password: _password, ...listed } = fields;
    const record = (before: VendorRecord | undefined) => ({ ...before, ...listed, id });
    if (createdAt !== undefined) client.lists.add<VendorRecord>(ALL_DIDS, String(id), listedId, record, createdAt);
    else client.lists.put<VendorRecord>(ALL_DIDS, String(id), listedId, record);
}

/**
 * GET …/{id} (undocumented): the record; `null` when NextBilling says there is no such record
 * (a "not found" answer to a read of one record); `undefined` when this server cannot read DIDs.
 */
export async function readDid(client: NextBillingClient, id: number): Promise<VendorRecord | null | undefined> {
    let gone = false;
    const record = await client.undocumented.run(
        "NextBilling readDid",
        "refresh keeps the stored state of DIDs, and importId adopts them as declared",
        async () => {
            try {
                const records = await client.list({ name: "readDid", apiMethod: API_METHOD, id });
                return (
                    records.find((candidate) => integer(candidate.id) === id) ??
                    records.find((candidate) => candidate.id === undefined) ??
                    null
                );
            } catch (error) {
                // A body saying "not found" under HTTP 200 is about the record; a 404 is about the method.
                if (error instanceof NotFoundError && error.status !== 404) {
                    gone = true;
                    return null;
                }
                throw error;
            }
        },
    );
    return gone ? null : record;
}

/** PUT /api/manageDID/T/K: creates; answers `new_record`. */
export async function createDid(client: NextBillingClient, fields: VendorDid): Promise<number> {
    const sentAt = client.lists.mark();
    try {
        const id = await client.create({ name: "createDid", apiMethod: API_METHOD, json: fields });
        writeThrough(client, id, fields, sentAt);
        return id;
    } catch (error) {
        // Applied or not, only the vendor can say now.
        client.lists.invalidate(ALL_DIDS);
        throw error;
    }
}

/** POST /api/manageDID/T/K/{id}: sends every managed field, so repeating it is harmless. */
export async function updateDid(client: NextBillingClient, id: number, fields: VendorDid): Promise<void> {
    try {
        await client.call({ name: "updateDid", method: "POST", apiMethod: API_METHOD, id, json: fields, safeToRepeat: true });
        writeThrough(client, id, fields);
    } catch (error) {
        client.lists.invalidate(ALL_DIDS);
        throw error;
    }
}

/**
 * DELETE /api/manageDID/T/K?id_record=N (undocumented). Resolves `false` when this server has no
 * such delete (404, 405, an unreadable answer, or a "not found" for a DID it still holds).
 */
export async function deleteDid(client: NextBillingClient, id: number): Promise<boolean> {
    if (client.undocumented.lacks("NextBilling deleteDid")) return false;
    try {
        await client.call({ name: "deleteDid", method: "DELETE", apiMethod: API_METHOD, query: { id_record: id }, safeToRepeat: true });
        client.lists.drop<VendorRecord>(ALL_DIDS, String(id), listedId);
        return true;
    } catch (error) {
        client.lists.invalidate(ALL_DIDS);
        if (!(error instanceof TelephonyError) || error.cause === "authentication" || error.cause === "rate_limit") throw error;
        // "Not found" for a DID that is gone is a delete done (by hand, or by a lost earlier answer).
        if (error instanceof NotFoundError && error.status !== 404 && (await readDid(client, id)) === null) return true;
        if (
            client.undocumented.failed(
                "NextBilling deleteDid",
                "destroy releases DIDs (customer 0, disabled) instead of deleting them",
                error,
            ) === "passing"
        )
            throw error;
        return false;
    }
}
