/**
 * `nextbilling.Did` in the registry: its definition, how export and drift read DIDs (the DID list
 * is undocumented: a server without it is reported as such), and how the export declares one
 * (the names of what it routes to as comments; the supplier password, never read back, left out).
 */
import type { InventoryRecord, Property, Reference, ResourceEntry } from "../../kit/entry";
import { slug } from "../../export/names";
import type { NextBillingClient } from "../client";
import { didDefinition, didProvider } from "./provider";
import type { DidInputs } from "./schema";
import { fromVendor, listDids } from "./vendor";

const REFERENCE_OF: Record<string, Reference["resource"]> = { deviceId: "Line", queueId: "Queue", ivrId: "Ivr" };

export const didEntry: ResourceEntry<DidInputs, NextBillingClient> = {
    name: "nextbilling.Did",
    definition: didDefinition,
    provider: didProvider,
    vendor: "NextBilling",
    summary: "An inbound number (DID, Número Entrante): its customer, its routing to a line, queue, IVR or PBX, and its supplier trunk.",
    vendorCalls: "manageDID (create and update documented; read, list and delete assumed)",
    inventory: {
        kind: "dids",
        nouns: ["DID", "DIDs"],
        async list(client, { customers }) {
            const all = await listDids(client);
            if (all === undefined) {
                return {
                    records: [],
                    skipped: [
                        { kind: "dids", reason: "this NextBilling server has no DID list as assumed (GET manageDID/…/0 is undocumented)" },
                    ],
                };
            }
            const records: InventoryRecord[] = [];
            const skipped = [];
            for (const { id, inputs } of all.map(fromVendor)) {
                const customerId = inputs.customerId as number;
                if (customers && !customers.includes(customerId)) continue;
                const label = String(inputs.description);
                if (!inputs.routing) {
                    const reason = "it has no routing (did_type) in NextBilling yet; give it one in the panel, or declare it by hand";
                    skipped.push({ kind: "dids", id, label: `${String(inputs.number)} ${label}`, reason });
                    continue;
                }
                records.push({ resource: "Did", id, customerId, inputs, label });
            }
            return { records, skipped };
        },
        namesReferences: true,
        references(record) {
            const routing = (record.inputs.routing ?? {}) as Record<string, unknown>;
            return Object.entries(REFERENCE_OF)
                .filter(([field]) => routing[field] !== undefined)
                .map(([field, resource]) => ({ resource, customerId: record.customerId ?? 0, id: Number(routing[field]) }));
        },
    },
    export: {
        baseName: (record) => slug(record.label) || `did-${String(record.inputs.number)}`,
        detail: (record) => `(${String(record.inputs.number)})`,
        properties(record, _name, context) {
            return context.plain(record.inputs).map((property): Property => {
                if (property.key === "routing") {
                    const routing = property.value as Record<string, unknown>;
                    const nested = context.plain(routing, ["type", "deviceId", "queueId", "ivrId", "primary", "backup"]).map((field) => {
                        const resource = REFERENCE_OF[field.key];
                        if (resource) {
                            const reference = { resource, customerId: record.customerId ?? 0, id: Number(field.value) };
                            const value = context.ref(reference);
                            if (typeof value !== "number") return { ...field, value };
                            const named = context.nameOf(reference);
                            return named ? { ...field, trailing: named } : field;
                        }
                        if (field.key === "primary" || field.key === "backup") {
                            return {
                                key: field.key,
                                nested: context.plain(field.value as Record<string, unknown>, ["ipAddress", "port", "techPrefix"]),
                            };
                        }
                        return field;
                    });
                    return { key: "routing", nested };
                }
                if (property.key === "supplier") {
                    const supplier = context.plain(property.value as Record<string, unknown>, [
                        "host",
                        "port",
                        "username",
                        "additionalHosts",
                        "register",
                    ]);
                    supplier[0] = {
                        ...supplier[0]!,
                        leading: [
                            "password: NextBilling never returns it, so it is left undeclared and NextBilling keeps its own.",
                            "To manage it here, add password: config.requireSecret(...); the next `up` then sends it.",
                        ],
                    };
                    return { key: "supplier", nested: supplier };
                }
                return property;
            });
        },
    },
};
