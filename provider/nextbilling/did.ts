/**
 * `nextbilling.Did`: an inbound number (DID, Número Entrante), vendor method `manageDID` (seed 001).
 * This file holds the schema, the mapping to vendor fields, the vendor calls and the provider; the
 * class programs use is in didResource.ts.
 */
import * as net from "node:net";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { containsUnknown, validateInputs } from "../check";
import { ConflictError, ConnectionError, NotFoundError, ServerError, TelephonyError, errorFromAnswer } from "../http/errors";
import { configureFromEngine, nextBillingClient, warn } from "../runtime";
import { NextBillingClient } from "./client";
import { DELETION_POLICIES, ROUTING_TYPES, normaliseNumber, type RoutingType } from "./didResource";
import { ReferenceKind, referenceExists } from "./references";

// ---------------------------------------------------------------------------------------------
// Schema

const ROUTING_NAMES = Object.keys(ROUTING_TYPES) as RoutingType[];

const positive = (what: string) => {
    const error = `must be ${what}: a positive integer`;
    return z.number({ error }).int({ error }).positive({ error });
};
const nonNegative = (what: string) => {
    const error = `must be ${what}: an integer of 0 or more`;
    return z.number({ error }).int({ error }).min(0, { error });
};
const port = z
    .number({ error: "must be a port number from 1 to 65535" })
    .int({ error: "must be a port number from 1 to 65535" })
    .min(1, { error: "must be a port number from 1 to 65535" })
    .max(65535, { error: "must be a port number from 1 to 65535" });
const ipAddress = z.string({ error: "must be an IP address" }).refine((text) => net.isIP(text) !== 0, { error: "must be an IP address" });
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const host = z
    .string({ error: "must be an IP address or a host name" })
    .refine((text) => net.isIP(text) !== 0 || HOSTNAME.test(text), { error: "must be an IP address or a host name" });
const digits = (what: string) => z.string({ error: `must be ${what}` }).regex(/^[0-9]*$/, { error: `must be ${what}` });
const flag = z.boolean({ error: "must be true or false" });

const endpoint = z.strictObject({
    ipAddress,
    port: port.default(5060),
    techPrefix: z
        .string({ error: "must be a tech prefix: digits, # or *" })
        .regex(/^[0-9#*]+$/, { error: "must be a tech prefix: digits, # or *" })
        .optional(),
});

const routingSchema = z.discriminatedUnion(
    "type",
    [
        z.strictObject({
            type: z.literal("ip"),
            deviceId: positive("the id of the line that pays the call"),
            primary: endpoint,
            backup: endpoint.optional(),
        }),
        z.strictObject({ type: z.literal("line"), deviceId: positive("a NextBilling line id") }),
        z.strictObject({ type: z.literal("extensionMenu"), deviceId: positive("the id of the line that pays the call") }),
        z.strictObject({ type: z.literal("queue"), queueId: positive("a NextBilling queue id") }),
        z.strictObject({ type: z.literal("ivr"), ivrId: positive("a NextBilling IVR id") }),
        z.strictObject({ type: z.literal("reverseCallback") }),
        z.strictObject({ type: z.literal("reverseIvr"), deviceId: positive("the id of the line that pays the call") }),
        z.strictObject({ type: z.literal("audioTest") }),
    ],
    { error: `must have a type, one of ${ROUTING_NAMES.map((name) => `"${name}"`).join(", ")}` },
);
export type DidRouting = z.infer<typeof routingSchema>;

const supplierSchema = z.strictObject({
    host,
    port: port.optional(),
    username: z.string({ error: "must be a text" }).optional(),
    additionalHosts: z
        .array(host, { error: "must be a list of IP addresses or host names" })
        .refine((list) => new Set(list).size === list.length, { error: "must not repeat a host" })
        .optional(),
    register: flag.optional(),
});

export const didSchema = z.strictObject({
    customerId: nonNegative("a NextBilling customer id (0 = available for sale)"),
    number: z.string({ error: 'must be a phone number, e.g. "1130001000" or "+55 (11) 3000-1000"' }).transform((written, context) => {
        const normalised = normaliseNumber(written);
        if (normalised === undefined) {
            context.addIssue({ code: "custom", message: 'must be a phone number, e.g. "1130001000" or "+55 (11) 3000-1000"' });
            return z.NEVER;
        }
        return normalised;
    }),
    description: z
        .string({ error: "must be a non-empty text" })
        .refine((text) => text.trim() !== "", { error: "must be a non-empty text" }),
    routing: routingSchema,
    supplier: supplierSchema.optional(),
    /** Set by the resource class from `supplier.password`, so that only the password is secret. */
    // A supplier declared without a password still arrives (as a secret null): that means "not managed".
    supplierPassword: z.preprocess((password) => password ?? undefined, z.string({ error: "must be a text" }).optional()),
    ratePlanId: positive("a rate plan id").optional(),
    costPlanId: positive("a cost plan id").optional(),
    callerIdPrefix: digits("digits only").optional(),
    maxCalls: nonNegative("a number of simultaneous calls").optional(),
    playAudio: flag.optional(),
    hideSupplierFromReseller: flag.optional(),
    enableFixed: flag.optional(),
    enableMobile: flag.optional(),
    enableInternational: flag.optional(),
    enabled: flag.default(true),
    annotations: z.string({ error: "must be a text" }).optional(),
    deletionPolicy: z.enum(DELETION_POLICIES, { error: 'must be "delete" or "release"' }).default("delete"),
    importId: positive("a DID record id").optional(),
});

export type DidInputs = z.infer<typeof didSchema>;
export type DidOutputs = DidInputs & { recordId: number };

function explainRoutingKey(path: ReadonlyArray<PropertyKey>, key: string, given: Record<string, unknown>): string | undefined {
    if (path.length !== 1 || path[0] !== "routing") return undefined;
    const type = (given.routing as { type?: string } | undefined)?.type as RoutingType;
    const takes = ROUTING_TYPES[type]?.fields ?? [];
    const accepted = takes.length ? `it takes ${takes.join(", ")}` : "it takes no other field";
    return `routing.${key} is not used by routing type "${type}": ${accepted}`;
}

// ---------------------------------------------------------------------------------------------
// Mapping to vendor fields (seed 001)

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

const int = (value: unknown) => Number(String(value ?? "").trim());
const isSet = (value: unknown) => value !== undefined && value !== null && String(value) !== "";
const truthy = (value: unknown) => String(value) === "1" || value === true;

/**
 * A vendor record back to our shape, every field it carries (values come as strings). The
 * password is not read back: the assumed GET does not return it (see UNDOCUMENTED below).
 */
export type LiveDid = Omit<DidOutputs, "deletionPolicy" | "supplierPassword" | "importId" | "routing"> & {
    /** Absent when NextBilling has no did_type for the number yet (a number just bought, say). */
    routing?: DidRouting;
};

export function fromVendor(record: Record<string, unknown>): LiveDid {
    const didType = int(record.did_type);
    const type = (ROUTING_NAMES.find((name) => ROUTING_TYPES[name].didType === didType) ?? "audioTest") as RoutingType;
    const endpointFrom = (n: 1 | 2) => ({
        ipAddress: String(record[`ip_address${n}`] ?? ""),
        port: isSet(record[`port${n}`]) ? int(record[`port${n}`]) : 5060,
        ...(isSet(record[`techprefix${n}`]) ? { techPrefix: String(record[`techprefix${n}`]) } : {}),
    });
    let routing: DidRouting;
    if (type === "ip") {
        routing = { type, deviceId: int(record.device_id), primary: endpointFrom(1) };
        if (isSet(record.ip_address2)) routing.backup = endpointFrom(2);
    } else if (type === "line" || type === "extensionMenu" || type === "reverseIvr") {
        routing = { type, deviceId: int(record.device_id) };
    } else if (type === "queue") {
        routing = { type, queueId: int(record.did_type_id) };
    } else if (type === "ivr") {
        routing = { type, ivrId: int(record.did_type_id) };
    } else {
        routing = { type };
    }
    const outputs: LiveDid = {
        recordId: int(record.id),
        customerId: int(record.customer_id),
        number: String(record.did_number ?? ""),
        description: String(record.description ?? ""),
        routing: isSet(record.did_type) ? routing : undefined,
        enabled: truthy(record.status),
    };
    if (!outputs.routing) delete outputs.routing;
    if (isSet(record.host)) {
        outputs.supplier = { host: String(record.host) };
        if (isSet(record.port)) outputs.supplier.port = int(record.port);
        if (isSet(record.username)) outputs.supplier.username = String(record.username);
        if (Array.isArray(record.host_additional)) outputs.supplier.additionalHosts = record.host_additional.map(String);
        if (isSet(record.register)) outputs.supplier.register = truthy(record.register);
    }
    const numeric = { ratePlanId: "rate_id", costPlanId: "rate_cost_id", maxCalls: "max_calls" } as const;
    for (const [ours, theirs] of Object.entries(numeric))
        if (isSet(record[theirs])) outputs[ours as keyof typeof numeric] = int(record[theirs]);
    const flags = {
        playAudio: "play_audio",
        hideSupplierFromReseller: "hide_from_reseller",
        enableFixed: "enable_fixed",
        enableMobile: "enable_mobile",
        enableInternational: "enable_ddi",
    } as const;
    for (const [ours, theirs] of Object.entries(flags))
        if (isSet(record[theirs])) outputs[ours as keyof typeof flags] = truthy(record[theirs]);
    if (isSet(record.callerid_add)) outputs.callerIdPrefix = String(record.callerid_add);
    if (isSet(record.annotations)) outputs.annotations = String(record.annotations);
    return outputs;
}

// ---------------------------------------------------------------------------------------------
// Vendor calls: manageDID

const API_METHOD = "manageDID";
const ALL_DIDS = `${API_METHOD}/all`;

/**
 * UNDOCUMENTED. Seed 001 documents only create (PUT) and update (POST /{id}). By analogy with
 * manageRingGroups we assume, here and nowhere else:
 *  - read:   GET    /api/manageDID/T/K/{id}  → the list shape with one record, seed field names, no password;
 *  - list:   GET    /api/manageDID/T/K/0     → every DID the token sees (used to find a number);
 *  - delete: DELETE /api/manageDID/T/K?id_record=N.
 * A server answering 404/405 to these lacks them: callers degrade with a warning instead of failing.
 */
function unsupported(error: unknown): boolean {
    return error instanceof TelephonyError && (error.status === 404 || error.status === 405);
}

/** GET .../{id}: the record, `null` when the DID no longer exists, `undefined` when the server lacks the method. */
export async function readDid(client: NextBillingClient, id: number): Promise<Record<string, unknown> | null | undefined> {
    try {
        const answer = await client.call({ name: "readDid", method: "GET", apiMethod: API_METHOD, id, safeToRepeat: true });
        return NextBillingClient.records(answer).find((record) => int(record.id) === id) ?? null;
    } catch (error) {
        if (unsupported(error)) return undefined;
        if (error instanceof NotFoundError) return null;
        throw error;
    }
}

/** GET .../0: every DID, once per process; `undefined` when the server lacks the method. */
export async function listDids(client: NextBillingClient, fresh = false): Promise<Record<string, unknown>[] | undefined> {
    if (fresh) client.lists.invalidate(ALL_DIDS);
    try {
        return await client.lists.get(ALL_DIDS, async () =>
            NextBillingClient.records(
                await client.call({ name: "listDids", method: "GET", apiMethod: API_METHOD, id: 0, safeToRepeat: true }),
            ),
        );
    } catch (error) {
        if (unsupported(error)) return undefined;
        throw error;
    }
}

/** PUT /api/manageDID/T/K: creates; answers `new_record`. Not safe to repeat. */
export async function createDid(client: NextBillingClient, fields: VendorDid): Promise<number> {
    try {
        const answer = await client.call({ name: "createDid", method: "PUT", apiMethod: API_METHOD, json: fields, safeToRepeat: false });
        const created = int(answer.new_record);
        if (!Number.isInteger(created) || created <= 0) {
            throw new ServerError({ call: "NextBilling createDid" }, `answer carries no new_record: ${JSON.stringify(answer)}`);
        }
        return created;
    } finally {
        client.lists.invalidate(ALL_DIDS);
    }
}

/** POST /api/manageDID/T/K/{id}: sends every managed field, so repeating it is harmless. */
export async function updateDid(client: NextBillingClient, id: number, fields: VendorDid): Promise<void> {
    try {
        await client.call({ name: "updateDid", method: "POST", apiMethod: API_METHOD, id, json: fields, safeToRepeat: true });
    } finally {
        client.lists.invalidate(ALL_DIDS);
    }
}

/** DELETE /api/manageDID/T/K?id_record=N (assumed). `false` when the server lacks the method. */
export async function deleteDid(client: NextBillingClient, id: number): Promise<boolean> {
    try {
        await client.call({ name: "deleteDid", method: "DELETE", apiMethod: API_METHOD, query: { id_record: id }, safeToRepeat: true });
        return true;
    } catch (error) {
        if (unsupported(error)) return false;
        throw error;
    } finally {
        client.lists.invalidate(ALL_DIDS);
    }
}

/** What a released number looks like: back in the pool (customer 0), disabled, on a routing that needs no line, queue or IVR. */
export const RELEASED: VendorDid = { customer_id: 0, status: 0, did_type: ROUTING_TYPES.audioTest.didType };

// ---------------------------------------------------------------------------------------------
// Provider

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

/** The same vendor refusal, naming the input it concerns. */
function attribute(error: unknown, inputs: DidInputs): unknown {
    if (!(error instanceof TelephonyError) || !error.vendorReason || error.cause === "authentication") return error;
    const match = VENDOR_TEXT_PROPERTY.find(([pattern]) => pattern.test(error.vendorReason!));
    if (!match) return error;
    return errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        cause: error.cause,
        property: match[1](inputs),
    });
}

function outputs(inputs: DidInputs, id: number): DidOutputs {
    const outs: DidOutputs = { ...inputs, recordId: id };
    for (const key of Object.keys(outs) as (keyof DidOutputs)[]) if (outs[key] === undefined) delete outs[key];
    return outs;
}

/** Inputs that are ours alone (no vendor field): changing only these makes no vendor call. */
const LOCAL_INPUTS = new Set(["deletionPolicy"]);

function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value && typeof value === "object") {
        return `{${Object.keys(value)
            .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
            .sort()
            .map((key) => `${key}:${canonical((value as Record<string, unknown>)[key])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value);
}

/**
 * Declared fields whose value differs from the stored one. Optional fields a program does not
 * declare are not managed: NextBilling keeps whatever it has for them.
 */
export function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    return Object.keys(news).filter((key) => {
        if (key === "recordId" || key === "__provider" || key === "importId") return false;
        return containsUnknown(news[key]) || canonical(olds[key]) !== canonical(news[key]);
    });
}

async function checkReferences(inputs: DidInputs): Promise<dynamic.CheckFailure[]> {
    const routing = inputs.routing;
    const wanted: [ReferenceKind, number, string, string][] = [];
    if ("deviceId" in routing) wanted.push(["line", routing.deviceId, "routing.deviceId", "line"]);
    if (routing.type === "queue") wanted.push(["queue", routing.queueId, "routing.queueId", "queue"]);
    if (routing.type === "ivr") wanted.push(["ivr", routing.ivrId, "routing.ivrId", "IVR"]);
    const client = nextBillingClient();
    const failures: dynamic.CheckFailure[] = [];
    for (const [kind, id, property, noun] of wanted) {
        const { exists, known } = await referenceExists(client, kind, inputs.customerId, id);
        if (exists !== false) continue;
        const choices = known.length ? known.map((ref) => `${ref.id} (${ref.name})`).join(", ") : "none";
        failures.push({ property, reason: `${property}: customer ${inputs.customerId} has no ${noun} ${id}; its ${noun}s: ${choices}` });
    }
    return failures;
}

async function findByNumber(
    client: NextBillingClient,
    number: string,
    fresh: boolean,
): Promise<Record<string, unknown> | undefined | null> {
    const all = await listDids(client, fresh);
    if (all === undefined) return undefined;
    return all.find((record) => String(record.did_number) === number) ?? null;
}

async function adopt(client: NextBillingClient, inputs: DidInputs, id: number): Promise<DidOutputs> {
    const existing = await readDid(client, id);
    if (existing === null) {
        throw new NotFoundError(
            { call: "NextBilling readDid", property: "importId" },
            `importId ${id}: there is no DID ${id}; check importId`,
        );
    }
    if (existing && String(existing.did_number) !== inputs.number) {
        throw new ConflictError(
            { call: "NextBilling readDid", property: "importId" },
            `importId ${id}: DID ${id} is number ${String(existing.did_number)}, not ${inputs.number}; check importId and number`,
        );
    }
    // Adopting what already matches makes no write (an exported program's first `up` changes
    // nothing). A declared password cannot be compared, as NextBilling never returns it: send it.
    const live = existing ? (fromVendor(existing) as Record<string, unknown>) : undefined;
    const differs = !live || inputs.supplierPassword !== undefined || changedFields(live, inputs).some((field) => !LOCAL_INPUTS.has(field));
    if (differs) {
        await updateDid(client, id, toVendor(inputs)).catch((error) => {
            throw attribute(error, inputs);
        });
    }
    return outputs(inputs, id);
}

async function createOnce(client: NextBillingClient, inputs: DidInputs): Promise<DidOutputs> {
    const twin = await findByNumber(client, inputs.number, true);
    if (twin) {
        const id = int(twin.id);
        throw new ConflictError(
            { call: "NextBilling createDid", property: "number" },
            `number ${inputs.number} already exists as DID record ${id} (customer ${String(twin.customer_id)}, "${String(twin.description ?? "")}"). ` +
                `To manage it with this resource, add \`importId: ${id}\` to its inputs (pulumi import does not work for dynamic resources).`,
        );
    }
    try {
        return outputs(inputs, await createDid(client, toVendor(inputs)));
    } catch (error) {
        // The answer may have been lost after NextBilling applied the create. The number is the
        // natural key and we just saw it free, so a DID with it now is ours.
        if (!(error instanceof ConnectionError || error instanceof ServerError)) throw attribute(error, inputs);
        const applied = await findByNumber(client, inputs.number, true).catch(() => undefined);
        if (!applied) throw error;
        return outputs(inputs, int(applied.id));
    }
}

function parseId(id: string): number {
    const parsed = Number(id);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`DID id "${id}" in state is not a NextBilling record id`);
    return parsed;
}

export const didProvider: dynamic.ResourceProvider = {
    async configure(request: dynamic.ConfigureRequest) {
        configureFromEngine(request.config);
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
        const result = validateInputs(didSchema, news, { secretProperties: ["supplierPassword"], explainUnknownKey: explainRoutingKey });
        if (result.failures.length > 0) return { inputs: result.inputs, failures: result.failures };
        nextBillingClient(); // configuration problems surface at preview, too
        const known = result.unknownProperties.length === 0 ? result.value! : undefined;
        const failures = known ? await checkReferences(known) : [];
        return { inputs: result.inputs, failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
        const changed = changedFields(olds, news);
        return { changes: changed.length > 0, replaces: changed.filter((field) => field === "number"), deleteBeforeReplace: false };
    },

    async create(inputs: DidInputs): Promise<dynamic.CreateResult> {
        const client = nextBillingClient();
        const outs = inputs.importId !== undefined ? await adopt(client, inputs, inputs.importId) : await createOnce(client, inputs);
        return { id: String(outs.recordId), outs };
    },

    async read(id: string, props: DidOutputs): Promise<dynamic.ReadResult> {
        const recordId = parseId(id);
        const record = await readDid(nextBillingClient(), recordId);
        if (record === undefined) {
            warn(
                `DID ${props.number} (record ${recordId}): this NextBilling server cannot read DIDs (GET manageDID answered 404/405); refresh keeps the last known state.`,
            );
            const { recordId: _, ...inputs } = props;
            return { id, props, inputs };
        }
        // Deleted out of band: an empty id drops it from state, so the next `up` creates it again.
        if (record === null) return { id: "", props: {} };
        const live = fromVendor(record) as Record<string, unknown>;
        // What the program declared comes back as inputs, fresh where NextBilling says; fields the
        // vendor never returns (the password) or that are ours alone (deletionPolicy) are kept.
        const inputs: Record<string, unknown> = {};
        for (const key of Object.keys(props))
            if (key !== "recordId" && key !== "__provider") inputs[key] = key in live ? live[key] : props[key as keyof DidOutputs];
        for (const key of ["customerId", "number", "description", "routing", "enabled"]) inputs[key] = live[key];
        // A supplier cleared in the panel shows as removed, so the next `up` puts it back.
        if (props.supplier) inputs.supplier = live.supplier ? pick(live.supplier as object, Object.keys(props.supplier)) : undefined;
        for (const key of Object.keys(inputs)) if (inputs[key] === undefined) delete inputs[key];
        return { id, props: { ...inputs, recordId }, inputs };
    },

    async update(id: string, olds: DidOutputs, news: DidInputs): Promise<dynamic.UpdateResult> {
        const recordId = parseId(id);
        const vendorChanged = changedFields(olds, news).some((field) => !LOCAL_INPUTS.has(field));
        if (vendorChanged) {
            await updateDid(nextBillingClient(), recordId, toVendor(news)).catch((error) => {
                throw attribute(error, news);
            });
        }
        return { outs: outputs(news, recordId) };
    },

    async delete(id: string, props: DidOutputs): Promise<void> {
        const recordId = parseId(id);
        const client = nextBillingClient();
        if (props.deletionPolicy === "release") {
            await release(client, recordId, props);
            return;
        }
        try {
            if (await deleteDid(client, recordId)) return;
        } catch (error) {
            // Already gone is success.
            if (error instanceof NotFoundError && error.status !== 404) return;
            throw error;
        }
        warn(
            `DID ${props.number} (record ${recordId}): this NextBilling server cannot delete DIDs (DELETE manageDID answered 404/405); ` +
                `released it instead (customer 0, disabled).`,
        );
        await release(client, recordId, props);
    },
};

async function release(client: NextBillingClient, id: number, props: DidOutputs): Promise<void> {
    try {
        await updateDid(client, id, { ...RELEASED, did_number: props.number, description: props.description });
    } catch (error) {
        if (error instanceof NotFoundError && error.status !== 404) return; // gone already: nothing to release
        throw error;
    }
}

function pick<T extends object>(source: T, keys: string[]): Partial<T> {
    return Object.fromEntries(Object.entries(source).filter(([key]) => keys.includes(key))) as Partial<T>;
}
