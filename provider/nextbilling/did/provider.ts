/**
 * `nextbilling.Did`'s definition for the kit: schema and fields, natural key (the number, which
 * NextBilling itself keeps unique), reference checks at preview, and the vendor calls, with the
 * undocumented ones (read, list, delete) never load-bearing. The engine reaches the provider
 * through provider/dynamic/nextbilling-did.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { NotFoundError, type TelephonyError } from "../../http/errors";
import { indexed } from "../../kit/listCache";
import { dynamicProvider, type Inputs, type ResourceDefinition } from "../../kit/resource";
import { nextBillingClient, warn } from "../../runtime";
import type { NextBillingClient } from "../client";
import { integer, text, type VendorRecord } from "../records";
import { referenceFailures, type Wanted } from "../references";
import { didFields, didSchema, explainRoutingKey, type DidInputs } from "./schema";
import { createDid, deleteDid, fromVendor, listDids, readDid, RELEASED, toVendor, updateDid } from "./vendor";

/** Which input a vendor refusal concerns, from its text; the error keeps the text itself. */
const VENDOR_TEXT_PROPERTY: [RegExp, (inputs: DidInputs) => string][] = [
    [/^Linha\b|device_id/i, () => "routing.deviceId"],
    [/^Fila\b/i, () => "routing.queueId"],
    [/^URA\b/i, () => "routing.ivrId"],
    [/did_type_id/i, (inputs) => (inputs.routing.type === "ivr" ? "routing.ivrId" : "routing.queueId")],
    [/^DID\b|did_number/i, () => "number"],
    [/^Cliente\b|customer_id/i, () => "customerId"],
    [/ip_address1|port1|techprefix1/i, () => "routing.primary"],
    [/ip_address2|port2|techprefix2/i, () => "routing.backup"],
    [/host|port|username|register/i, () => "supplier"],
];

/** Lines, queues and IVRs the routing points at must be the customer's: checked at preview, against one list per kind per customer. */
async function checkReferences(client: NextBillingClient, inputs: DidInputs): Promise<dynamic.CheckFailure[]> {
    const routing = inputs.routing;
    // Not known yet (another resource's output, in a preview): the vendor checks it at create.
    if (typeof routing !== "object" || routing === null) return [];
    const wanted: Wanted[] = [];
    if ("deviceId" in routing) wanted.push({ kind: "line", id: routing.deviceId, property: "routing.deviceId" });
    if (routing.type === "queue") wanted.push({ kind: "queue", id: routing.queueId, property: "routing.queueId" });
    if (routing.type === "ivr") wanted.push({ kind: "ivr", id: routing.ivrId, property: "routing.ivrId" });
    return referenceFailures(client, inputs.customerId, wanted);
}

const listedId = (record: VendorRecord) => String(integer(record.id));
const listedNumber = (record: VendorRecord) => text(record.did_number);

/** The DID, from the one list when the server has one (refreshing N DIDs costs that one list call), else by its own read. */
async function readOne(client: NextBillingClient, id: string) {
    const all = await listDids(client);
    const listed = all && indexed(all, listedId).get(id);
    if (listed) return fromVendor(listed);
    // Not in the list (or no list): a read of the record itself has the last word, so that a
    // partial list can never make a DID look gone.
    const record = await readDid(client, Number(id));
    return record ? fromVendor(record) : record;
}

/** Back to the pool: customer 0, disabled, on a routing that needs no line, queue or IVR. */
async function release(client: NextBillingClient, id: number, stored: DidInputs): Promise<void> {
    try {
        await updateDid(client, id, { ...RELEASED, did_number: stored.number, description: stored.description });
    } catch (error) {
        if (error instanceof NotFoundError && error.status !== 404) return; // gone already: nothing to release
        throw error;
    }
}

/**
 * Rules between inputs, over the values known (ResourceDefinition.rules): out of the schema, so
 * that they are judged at preview even while another input is an output not known yet.
 */
export function didRules(inputs: Inputs): dynamic.CheckFailure[] {
    // The class only sends a password taken from a supplier: one without a supplier would set the
    // password of a trunk the DID does not have. (A null password is none: not managed.)
    if ((inputs.supplierPassword ?? undefined) !== undefined && inputs.supplier === undefined) {
        return [
            { property: "supplier.password", reason: "supplier.password needs a supplier: give it inside supplier: { host, password }" },
        ];
    }
    return [];
}

export const didDefinition: ResourceDefinition<DidInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "Did",
    noun: "DID",
    schema: didSchema,
    fields: didFields,
    rules: didRules,
    validation: { secretProperties: { supplierPassword: "supplier.password" }, explainUnknownKey: explainRoutingKey },
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    checkAtVendor: checkReferences,
    naturalKey: {
        property: "number",
        words: "number (its digits)",
        key: (inputs) => inputs.number,
        describe: (inputs) => `number ${inputs.number}`,
        alternative: "declare another number",
        async find(client, inputs, fresh) {
            const all = await listDids(client, fresh);
            if (all === undefined) return undefined;
            const twin = indexed(all, listedNumber).get(inputs.number);
            return twin ? fromVendor(twin) : null;
        },
    },
    vendorRefusesDuplicates: true,
    refuseAdoption: (live, inputs) =>
        live.inputs.number !== inputs.number
            ? `DID ${live.id} is number ${String(live.inputs.number)}, not ${inputs.number}; check importId and number`
            : undefined,
    attribute: (error: TelephonyError, inputs) =>
        VENDOR_TEXT_PROPERTY.find(([pattern]) => pattern.test(error.vendorReason ?? ""))?.[1](inputs),
    vendor: {
        read: (client, id) => readOne(client, id),
        create: async (client, inputs) => String(await createDid(client, toVendor(inputs))),
        update: (client, id, news) => updateDid(client, Number(id), toVendor(news)),
        async delete(client, id, stored) {
            if (stored.deletionPolicy === "release") return release(client, Number(id), stored);
            if (await deleteDid(client, Number(id))) return;
            warn(
                `DID ${stored.number} (record ${id}): this NextBilling server cannot delete DIDs, so it was released instead (customer 0, disabled).`,
            );
            await release(client, Number(id), stored);
        },
    },
};

export const didProvider = dynamicProvider(didDefinition);
