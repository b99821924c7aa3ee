/**
 * `nextbilling.RingGroup`'s definition for the kit: its schema and fields, its natural key
 * (customer + description: NextBilling itself allows twins, this resource does not), and its
 * vendor calls. The engine reaches the provider through provider/dynamic/nextbilling-ringgroup.ts.
 */
import { dynamicProvider, type ResourceDefinition } from "../../kit/resource";
import { nextBillingClient } from "../../runtime";
import type { NextBillingClient } from "../client";
import { describedByCustomer } from "../customerRecords";
import { ringGroupFields, ringGroupSchema, type RingGroupInputs } from "./schema";
import { createRingGroup, deleteRingGroup, fromVendor, RING_GROUPS, toVendor, updateRingGroup } from "./vendor";

const described = describedByCustomer<RingGroupInputs>(RING_GROUPS, fromVendor);

export const ringGroupDefinition: ResourceDefinition<RingGroupInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "RingGroup",
    noun: "ring group",
    schema: ringGroupSchema,
    fields: ringGroupFields,
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    adoptionScope: described.adoptionScope,
    naturalKey: described.naturalKey,
    vendor: {
        read: described.read,
        create: async (client, inputs) => String(await createRingGroup(client, toVendor(inputs))),
        update: (client, id, news) => updateRingGroup(client, Number(id), toVendor(news)),
        delete: (client, id, stored) => deleteRingGroup(client, Number(id), stored.customerId),
    },
};

export const ringGroupProvider = dynamicProvider(ringGroupDefinition);
