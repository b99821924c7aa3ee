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
 * GET /api/manageRingGroups/T/K/{customerId}: the customer's groups, listed once per customer per
 * process. A server that ignores the segment and lists everyone's is filtered here.
 */
export function listRingGroups(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    const cacheKey = `${API_METHOD}/${customerId}`;
    if (fresh) client.lists.invalidate(cacheKey);
    return client.lists.get(cacheKey, async () => {
        const records = await client.list({ name: "listRingGroups", apiMethod: API_METHOD, id: customerId });
        return records.filter((record) => customerId === 0 || Number.isNaN(customerOf(record)) || customerOf(record) === customerId);
    });
}

/** PUT /api/manageRingGroups/T/K/0: creates; answers `new_record`. */
export async function createRingGroup(client: NextBillingClient, fields: VendorRingGroup): Promise<number> {
    try {
        return await client.create({ name: "createRingGroup", apiMethod: API_METHOD, id: 0, json: fields });
    } finally {
        client.lists.invalidate(`${API_METHOD}/${fields.id_cliente}`);
    }
}

/** POST /api/manageRingGroups/T/K/0 with `id_record`: a full-record update, so repeating it is harmless. */
export async function updateRingGroup(client: NextBillingClient, id: number, fields: VendorRingGroup): Promise<void> {
    try {
        await client.call({ name: "updateRingGroup", method: "POST", apiMethod: API_METHOD, id: 0, json: { id_record: id, ...fields }, safeToRepeat: true });
    } finally {
        client.lists.invalidate(`${API_METHOD}/${fields.id_cliente}`);
    }
}

/** DELETE /api/manageRingGroups/T/K/0?id_record=N. */
export async function deleteRingGroup(client: NextBillingClient, id: number, customerId: number): Promise<void> {
    try {
        await client.call({ name: "deleteRingGroup", method: "DELETE", apiMethod: API_METHOD, id: 0, query: { id_record: id }, safeToRepeat: true });
    } finally {
        client.lists.invalidate(`${API_METHOD}/${customerId}`);
    }
}
