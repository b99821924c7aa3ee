/**
 * manageRingGroups, as "[ API ] Gerenciar Grupos de Chamada" documents it (docs/vendors/nextbilling.md):
 * GET …/{0 or customer} lists, PUT …/0 creates, POST …/0 with `id_record` updates, DELETE …/0?id_record=N
 * deletes. The page shows no answer of its own: the list is read in every plausible shape (records.ts).
 */
import type { LiveRecord } from "../../kit/resource";
import { NextBillingClient } from "../client";
import { customerOf, flag, integer, integerList, text, type VendorRecord } from "../records";
import type { RingStrategy } from "./RingGroup";
import type { RingGroupInputs } from "./schema";

const API_METHOD = "manageRingGroups";

/** The documented request fields. */
export interface VendorRingGroup {
    id_cliente: number;
    descricao: string;
    strategy: RingStrategy;
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

/** A listed group in the resource's input shape. */
export function fromVendor(record: VendorRecord): LiveRecord {
    return {
        id: String(integer(record.id)),
        inputs: {
            customerId: customerOf(record),
            description: text(record.descricao),
            strategy: text(record.strategy) as RingStrategy,
            devices: integerList(record.devices),
            enabled: flag(record.status),
        },
    };
}

/**
 * The cache keys a customer's groups are listed under: its own list, and the list of every
 * customer's (`/0`, which export and drift read). A write goes through to both.
 */
const listKeys = (customerId: number) => [`${API_METHOD}/${customerId}`, `${API_METHOD}/0`];
const listedId = (record: VendorRecord) => String(integer(record.id));

/**
 * GET /api/manageRingGroups/T/K/{customerId}: the customer's groups, listed once per customer per
 * process and kept true by this process's writes (kit/listCache.ts); `fresh` lists again, to
 * resolve a create whose answer was lost. A server that ignores the segment and lists everyone's
 * is filtered here.
 */
export function listRingGroups(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    const load = async () => {
        const records = await client.list({ name: "listRingGroups", apiMethod: API_METHOD, id: customerId });
        return records.filter((record) => customerId === 0 || Number.isNaN(customerOf(record)) || customerOf(record) === customerId);
    };
    const cacheKey = `${API_METHOD}/${customerId}`;
    return fresh ? client.lists.fresh(cacheKey, load) : client.lists.get(cacheKey, load);
}

/**
 * A write this process made, into the cached lists, in the shape the list holds (the vendor's
 * fields, as fromVendor reads them); `undefined` takes the group out. A write that failed may or
 * may not have been applied: the lists are forgotten instead.
 */
function writeThrough(client: NextBillingClient, id: number, fields: VendorRingGroup | undefined, customerId: number, createdAt?: number): void {
    for (const key of listKeys(customerId)) {
        if (!fields) client.lists.drop<VendorRecord>(key, String(id), listedId);
        else if (createdAt !== undefined) client.lists.add<VendorRecord>(key, String(id), listedId, { id, ...fields }, createdAt);
        else client.lists.put<VendorRecord>(key, String(id), listedId, { id, ...fields });
    }
}

function forget(client: NextBillingClient, customerId: number): void {
    for (const key of listKeys(customerId)) client.lists.invalidate(key);
}

/** PUT /api/manageRingGroups/T/K/0: creates; answers `new_record`. */
export async function createRingGroup(client: NextBillingClient, fields: VendorRingGroup): Promise<number> {
    const sentAt = client.lists.mark();
    try {
        const id = await client.create({ name: "createRingGroup", apiMethod: API_METHOD, id: 0, json: fields });
        writeThrough(client, id, fields, fields.id_cliente, sentAt);
        return id;
    } catch (error) {
        forget(client, fields.id_cliente);
        throw error;
    }
}

/** POST /api/manageRingGroups/T/K/0 with `id_record`: a full-record update, so repeating it is harmless. */
export async function updateRingGroup(client: NextBillingClient, id: number, fields: VendorRingGroup): Promise<void> {
    try {
        await client.call({ name: "updateRingGroup", method: "POST", apiMethod: API_METHOD, id: 0, json: { id_record: id, ...fields }, safeToRepeat: true });
        writeThrough(client, id, fields, fields.id_cliente);
    } catch (error) {
        forget(client, fields.id_cliente);
        throw error;
    }
}

/** DELETE /api/manageRingGroups/T/K/0?id_record=N. */
export async function deleteRingGroup(client: NextBillingClient, id: number, customerId: number): Promise<void> {
    try {
        await client.call({ name: "deleteRingGroup", method: "DELETE", apiMethod: API_METHOD, id: 0, query: { id_record: id }, safeToRepeat: true });
        writeThrough(client, id, undefined, customerId);
    } catch (error) {
        forget(client, customerId);
        throw error;
    }
}
