/**
 * manageRingGroups, as "[ API ] Gerenciar Grupos de Chamada" documents it (docs/vendors/nextbilling.md):
 * GET …/{0 or customer} lists, PUT …/0 creates, POST …/0 with `id_record` updates, DELETE …/0?id_record=N
 * deletes. The page shows no answer of its own: the list is read in every plausible shape (records.ts).
 */
import type { LiveRecord } from "../../kit/resource";
import { NextBillingClient } from "../client";
import { CustomerRecords } from "../customerRecords";
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

/** manageRingGroups, documented in every verb (the page shows no answer of its own: lists are read in every shape). */
export const RING_GROUPS = new CustomerRecords({
    listMethod: API_METHOD,
    writeMethod: API_METHOD,
    writeSegment: 0,
    names: { list: "listRingGroups", create: "createRingGroup", update: "updateRingGroup", delete: "deleteRingGroup" },
    noun: "ring group",
    assumed: { create: false, update: false, delete: false },
    label: (record) => record.descricao,
});

/** GET /api/manageRingGroups/T/K/{customerId}: the customer's groups, once per customer per process (customerRecords.ts). */
export function listRingGroups(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    return RING_GROUPS.list(client, customerId, fresh);
}

/** PUT /api/manageRingGroups/T/K/0: creates; answers `new_record`. */
export function createRingGroup(client: NextBillingClient, fields: VendorRingGroup): Promise<number> {
    return RING_GROUPS.create(client, { ...fields }, fields.id_cliente);
}

/** POST /api/manageRingGroups/T/K/0 with `id_record`: a full-record update, so repeating it is harmless. */
export function updateRingGroup(client: NextBillingClient, id: number, fields: VendorRingGroup): Promise<void> {
    return RING_GROUPS.update(client, id, { ...fields }, fields.id_cliente);
}

/** DELETE /api/manageRingGroups/T/K/0?id_record=N. */
export async function deleteRingGroup(client: NextBillingClient, id: number, customerId: number): Promise<void> {
    await RING_GROUPS.delete(client, id, customerId);
}
