/** `nextbilling.Queue` in the registry: its definition, how export and drift read its records, and what they point at. */
import type { InventoryRecord, Reference, ResourceEntry } from "../../kit/entry";
import { withoutDefaults } from "../../kit/fields";
import type { NextBillingClient } from "../client";
import { queueDefinition, queueProvider } from "./provider";
import type { QueueInputs } from "./schema";
import { fromVendor, QUEUES } from "./vendor";

/** The lines that answer the queue and its overflow queue. */
function queueReferences(record: InventoryRecord): Reference[] {
    const customerId = record.customerId ?? 0;
    const references: Reference[] = ((record.inputs.devices ?? []) as number[]).map((id) => ({ resource: "Line", customerId, id }));
    if (record.inputs.overflowQueueId !== undefined)
        references.push({ resource: "Queue", customerId, id: Number(record.inputs.overflowQueueId) });
    return references;
}

export const queueEntry: ResourceEntry<QueueInputs, NextBillingClient> = {
    name: "nextbilling.Queue",
    definition: queueDefinition,
    provider: queueProvider,
    vendor: "NextBilling",
    summary:
        "A call-center queue (Fila de Atendimento): a customer's lines that answer it, how calls reach them, and where unanswered calls overflow to.",
    vendorCalls: "manageQueue (list and update documented; create and delete assumed)",
    inventory: {
        kind: "queues",
        nouns: ["queue", "queues"],
        // `/0` lists every customer's queues in one call; named customers are asked one by one.
        list: QUEUES.inventory({ kind: "queues", resource: "Queue", read: fromVendor }),
        references: queueReferences,
    },
    export: {
        // Lines and queues the export declares too are written as their outputs, so Pulumi creates them first and deletes them last.
        // Inputs at the vendor's defaults are left out: a queue has seventeen, and a program that lists them all hides what was set.
        properties: (record, _name, context) => {
            const customerId = record.customerId ?? 0;
            return context.plain(withoutDefaults(record.inputs, queueDefinition.fields)).map((property) => {
                if (property.key === "devices") {
                    return {
                        ...property,
                        value: (property.value as number[]).map((id) => context.ref({ resource: "Line", customerId, id })),
                    };
                }
                if (property.key === "overflowQueueId")
                    return { ...property, value: context.ref({ resource: "Queue", customerId, id: Number(property.value) }) };
                return property;
            });
        },
    },
};
