/**
 * `nextbilling.RingGroup`: a NextBilling ring group (Grupo de Chamadas), vendor method
 * `manageRingGroups`. This file holds the schema, the mapping to vendor fields, the vendor calls
 * and the provider; the class programs use is in ringGroupResource.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { UNKNOWN, validateInputs } from "../check";
import { ConflictError, ConnectionError, NotFoundError, ServerError, TelephonyError } from "../http/errors";
import { configureFromEngine, nextBillingClient } from "../runtime";
import { NextBillingClient } from "./client";
import { STRATEGIES, type Strategy } from "./ringGroupResource";

// ---------------------------------------------------------------------------------------------
// Schema

const recordId = (what: string) =>
    z
        .number({ error: `must be a ${what}: a positive integer` })
        .int({ error: `must be a ${what}: a positive integer` })
        .positive({
            error: `must be a ${what}: a positive integer`,
        });

export const ringGroupSchema = z.strictObject({
    customerId: recordId("NextBilling customer id"),
    description: z
        .string({ error: "must be a non-empty text (the group's name in NextBilling)" })
        .refine((text) => text.trim() !== "", { error: "must be a non-empty text (the group's name in NextBilling)" }),
    strategy: z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.map((s) => `"${s}"`).join(", ")}` }),
    devices: z
        .array(recordId("NextBilling line id"), { error: "must be a non-empty list of NextBilling line ids" })
        .min(1, { error: "must be a non-empty list of NextBilling line ids" })
        .refine((ids) => new Set(ids).size === ids.length, { error: "must not repeat a line id" }),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
    importId: recordId("ring group record id").optional(),
});

export type RingGroupInputs = z.infer<typeof ringGroupSchema>;
export type RingGroupOutputs = RingGroupInputs & { recordId: number };

// ---------------------------------------------------------------------------------------------
// Mapping to vendor fields (seed 000: id_cliente, descricao, strategy, devices, status)

export interface VendorRingGroup {
    id_cliente: number;
    descricao: string;
    strategy: Strategy;
    devices: number[];
    status: 0 | 1;
}

export function toVendor(inputs: RingGroupInputs): VendorRingGroup {
    return {
        id_cliente: inputs.customerId,
        descricao: inputs.description,
        strategy: inputs.strategy,
        devices: inputs.devices,
        status: inputs.enabled ? 1 : 0,
    };
}

/**
 * A listed record back to our shape. The list answer is undocumented; like NextBilling's other
 * lists it is assumed to carry every value as a string (`"id":"1"`, `"devices":["1","4"]`).
 */
export function fromVendor(record: Record<string, unknown>): Omit<RingGroupOutputs, "importId"> {
    return {
        recordId: toInteger(record.id),
        customerId: toInteger(record.id_cliente),
        description: String(record.descricao ?? ""),
        strategy: String(record.strategy ?? "") as Strategy,
        devices: toIntegerList(record.devices),
        enabled: String(record.status) === "1" || record.status === true,
    };
}

function toInteger(value: unknown): number {
    const parsed = typeof value === "number" ? value : Number(String(value ?? "").trim());
    return Number.isFinite(parsed) ? parsed : NaN;
}

/** Accepts `[1,4]`, `["1","4"]`, `"1,4"` and `"[1,4]"`: the exact list shape is undocumented. */
function toIntegerList(value: unknown): number[] {
    if (Array.isArray(value)) return value.map(toInteger);
    if (typeof value === "string")
        return value
            .replace(/[[\]\s]/g, "")
            .split(",")
            .filter(Boolean)
            .map(toInteger);
    return [];
}

// ---------------------------------------------------------------------------------------------
// Vendor calls: manageRingGroups

const API_METHOD = "manageRingGroups";

/** GET /api/manageRingGroups/T/K/{customerId}: the customer's groups, one call per customer per process. */
export function listRingGroups(client: NextBillingClient, customerId: number, fresh = false): Promise<Record<string, unknown>[]> {
    const cacheKey = `${API_METHOD}/${customerId}`;
    if (fresh) client.lists.invalidate(cacheKey);
    return client.lists.get(cacheKey, async () =>
        NextBillingClient.records(
            await client.call({ name: "listRingGroups", method: "GET", apiMethod: API_METHOD, id: customerId, safeToRepeat: true }),
        ),
    );
}

/** PUT /api/manageRingGroups/T/K/0: creates; answers `new_record`. Not safe to repeat: a retry could create a twin. */
export async function createRingGroup(client: NextBillingClient, fields: VendorRingGroup): Promise<number> {
    try {
        const answer = await client.call({
            name: "createRingGroup",
            method: "PUT",
            apiMethod: API_METHOD,
            id: 0,
            json: fields,
            safeToRepeat: false,
        });
        const created = toInteger(answer.new_record);
        if (!Number.isInteger(created) || created <= 0) {
            throw new ServerError({ call: "NextBilling createRingGroup" }, `answer carries no new_record: ${JSON.stringify(answer)}`);
        }
        return created;
    } finally {
        client.lists.invalidate(`${API_METHOD}/${fields.id_cliente}`);
    }
}

/** POST /api/manageRingGroups/T/K/0 with `id_record`: a full-record update, so repeating it is harmless. */
export async function updateRingGroup(client: NextBillingClient, id: number, fields: VendorRingGroup): Promise<void> {
    try {
        await client.call({
            name: "updateRingGroup",
            method: "POST",
            apiMethod: API_METHOD,
            id: 0,
            json: { id_record: id, ...fields },
            safeToRepeat: true,
        });
    } finally {
        client.lists.invalidate(`${API_METHOD}/${fields.id_cliente}`);
    }
}

/** DELETE /api/manageRingGroups/T/K/0?id_record=N. */
export async function deleteRingGroup(client: NextBillingClient, id: number, customerId: number): Promise<void> {
    try {
        await client.call({
            name: "deleteRingGroup",
            method: "DELETE",
            apiMethod: API_METHOD,
            id: 0,
            query: { id_record: id },
            safeToRepeat: true,
        });
    } finally {
        client.lists.invalidate(`${API_METHOD}/${customerId}`);
    }
}

// ---------------------------------------------------------------------------------------------
// Provider

/** Descriptions are the natural key: NextBilling itself allows twins, so we refuse them. */
function sameDescription(a: string, b: string): boolean {
    return a.trim().toLocaleLowerCase("pt-BR") === b.trim().toLocaleLowerCase("pt-BR");
}

function findById(records: Record<string, unknown>[], id: number): Record<string, unknown> | undefined {
    return records.find((record) => toInteger(record.id) === id);
}

function outputs(inputs: RingGroupInputs, id: number): RingGroupOutputs {
    const outs: RingGroupOutputs = { ...inputs, recordId: id };
    if (outs.importId === undefined) delete outs.importId;
    return outs;
}

/** The fields a user declares, in the order the diff reports them. */
const FIELDS = ["customerId", "description", "strategy", "devices", "enabled"] as const;

function sameDevices(olds: unknown, news: unknown, strategy: unknown): boolean {
    if (!Array.isArray(olds) || !Array.isArray(news)) return false;
    if (olds.length !== news.length) return false;
    // Only a linear group rings its lines in order; for the others the order carries no meaning.
    if (strategy === "linear") return olds.every((id, i) => id === news[i]);
    const sorted = (list: unknown[]) => [...list].map(Number).sort((a, b) => a - b);
    const [a, b] = [sorted(olds), sorted(news)];
    return a.every((id, i) => id === b[i]);
}

/** Field names whose declared value differs from the stored one. */
export function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    return FIELDS.filter((field) => {
        const [before, after] = [olds[field], news[field] ?? (field === "enabled" ? true : undefined)];
        if (after === UNKNOWN || (Array.isArray(after) && after.includes(UNKNOWN))) return true;
        if (field === "devices") return !sameDevices(before, after, news.strategy);
        return before !== after;
    });
}

async function adopt(client: NextBillingClient, inputs: RingGroupInputs, id: number): Promise<RingGroupOutputs> {
    const existing = findById(await listRingGroups(client, inputs.customerId, true), id);
    if (!existing) {
        throw new NotFoundError(
            { call: "NextBilling listRingGroups", property: "importId" },
            `importId ${id}: customer ${inputs.customerId} has no ring group ${id}; check importId and customerId`,
        );
    }
    const live = fromVendor(existing);
    if (changedFields(live, inputs).length > 0) await updateRingGroup(client, id, toVendor(inputs));
    return outputs(inputs, id);
}

async function createOnce(client: NextBillingClient, inputs: RingGroupInputs): Promise<RingGroupOutputs> {
    const before = await listRingGroups(client, inputs.customerId, true);
    const twin = before.find((record) => sameDescription(String(record.descricao ?? ""), inputs.description));
    if (twin) {
        const id = toInteger(twin.id);
        throw new ConflictError(
            { call: "NextBilling createRingGroup", property: "description" },
            `customer ${inputs.customerId} already has a ring group named "${String(twin.descricao)}" (record ${id}). ` +
                `To manage it with this resource, add \`importId: ${id}\` to its inputs (pulumi import does not work for dynamic resources); ` +
                `to create another group, give it a different description.`,
        );
    }
    try {
        return outputs(inputs, await createRingGroup(client, toVendor(inputs)));
    } catch (error) {
        // The answer may have been lost after the vendor applied the create. We just saw no twin,
        // so a group with this description now is ours: take it instead of creating a second one.
        if (!(error instanceof ConnectionError || error instanceof ServerError)) throw error;
        const after = await listRingGroups(client, inputs.customerId, true).catch(() => []);
        const applied = after.find((record) => sameDescription(String(record.descricao ?? ""), inputs.description));
        if (!applied) throw error;
        return outputs(inputs, toInteger(applied.id));
    }
}

function parseId(id: string): number {
    const parsed = Number(id);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`ring group id "${id}" in state is not a NextBilling record id`);
    return parsed;
}

/**
 * The provider behind every RingGroup. The engine reaches it through `provider/dynamic/` (see
 * there why), in the provider host process, after `configure()`.
 */
export const ringGroupProvider: dynamic.ResourceProvider = {
    async configure(request: dynamic.ConfigureRequest) {
        configureFromEngine(request.config);
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
        const result = validateInputs(ringGroupSchema, news);
        if (result.failures.length === 0) nextBillingClient(); // configuration problems surface at preview, too
        return { inputs: result.inputs, failures: result.failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
        const changed = changedFields(olds, news);
        return {
            changes: changed.length > 0,
            replaces: changed.filter((field) => field === "customerId"),
            deleteBeforeReplace: false,
        };
    },

    async create(inputs: RingGroupInputs): Promise<dynamic.CreateResult> {
        const client = nextBillingClient();
        const outs = inputs.importId !== undefined ? await adopt(client, inputs, inputs.importId) : await createOnce(client, inputs);
        return { id: String(outs.recordId), outs };
    },

    async read(id: string, props: RingGroupOutputs): Promise<dynamic.ReadResult> {
        const recordId = parseId(id);
        const record = findById(await listRingGroups(nextBillingClient(), props.customerId), recordId);
        // Deleted out of band: an empty id drops it from state, so the next `up` creates it again.
        if (!record) return { id: "", props: {} };
        const live = fromVendor(record);
        const inputs: Record<string, unknown> = { ...live };
        delete inputs.recordId;
        if (props.importId !== undefined) inputs.importId = props.importId;
        return { id, props: { ...inputs, recordId }, inputs };
    },

    async update(id: string, _olds: RingGroupOutputs, news: RingGroupInputs): Promise<dynamic.UpdateResult> {
        const recordId = parseId(id);
        await updateRingGroup(nextBillingClient(), recordId, toVendor(news));
        return { outs: outputs(news, recordId) };
    },

    async delete(id: string, props: RingGroupOutputs): Promise<void> {
        const recordId = parseId(id);
        const client = nextBillingClient();
        try {
            await deleteRingGroup(client, recordId, props.customerId);
        } catch (error) {
            // Already gone (deleted by hand, or by a previous attempt whose answer was lost) is success.
            if (!(error instanceof TelephonyError) || error.cause === "authentication") throw error;
            const stillThere = findById(await listRingGroups(client, props.customerId, true), recordId);
            if (stillThere) throw error;
        }
    },
};
