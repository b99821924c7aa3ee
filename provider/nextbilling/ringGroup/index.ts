/** `nextbilling.RingGroup` in the registry: its definition, and how export and drift read its records. */
import type { ResourceEntry } from "../../kit/entry";
import type { NextBillingClient } from "../client";
import { ringGroupDefinition, ringGroupProvider } from "./provider";
import type { RingGroupInputs } from "./schema";
import { fromVendor, RING_GROUPS } from "./vendor";

export const ringGroupEntry: ResourceEntry<RingGroupInputs, NextBillingClient> = {
    name: "nextbilling.RingGroup",
    definition: ringGroupDefinition,
    provider: ringGroupProvider,
    vendor: "NextBilling",
    summary: "A ring group (Grupo de Chamadas): a customer's lines, rung all at once, at random or in order.",
    vendorCalls: "manageRingGroups",
    inventory: {
        kind: "ringgroups",
        nouns: ["ring group", "ring groups"],
        // `/0` lists every customer's groups in one call; named customers are asked one by one.
        list: RING_GROUPS.inventory({ kind: "ringgroups", resource: "RingGroup", read: fromVendor }),
        references: (record) =>
            ((record.inputs.devices ?? []) as number[]).map((id) => ({ resource: "Line", customerId: record.customerId ?? 0, id })),
    },
    export: {
        // Lines the export declares too are written as their outputs, so Pulumi creates them first.
        properties: (record, _name, context) =>
            context.plain(record.inputs).map((property) =>
                property.key === "devices"
                    ? {
                          ...property,
                          value: (property.value as number[]).map((id) =>
                              context.ref({ resource: "Line", customerId: record.customerId ?? 0, id }),
                          ),
                      }
                    : property,
            ),
    },
};
