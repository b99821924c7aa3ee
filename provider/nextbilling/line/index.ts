/**
 * `nextbilling.Line` in the registry: its definition, how export and drift read lines (the
 * documented listDevices), and how the export declares one (the IVR or queue it is, as the other
 * resource's output when exported too; the password, never read back, left out).
 */
import type { InventoryRecord, Property, Reference, ResourceEntry } from "../../kit/entry";
import { camelCase } from "../../export/names";
import type { NextBillingClient } from "../client";
import { text } from "../records";
import { lineDefinition, lineProvider } from "./provider";
import { lineSchema, type LineInputs } from "./schema";
import { fromVendor, LINES } from "./vendor";

const REFERENCE_OF: Record<string, Reference["resource"]> = { ivrId: "Ivr", queueId: "Queue" };

/** The IVR or queue a line is (`funcionalidade` 3 or 4). */
function references(record: InventoryRecord): Reference[] {
    const lineFunction = (record.inputs.function ?? {}) as Record<string, unknown>;
    return Object.entries(REFERENCE_OF)
        .filter(([field]) => lineFunction[field] !== undefined)
        .map(([field, resource]) => ({ resource, customerId: record.customerId ?? 0, id: Number(lineFunction[field]) }));
}

export const lineEntry: ResourceEntry<LineInputs, NextBillingClient> = {
    name: "nextbilling.Line",
    definition: lineDefinition,
    provider: lineProvider,
    vendor: "NextBilling",
    summary:
        "An IP line / extension (Linha IP / ramal): its SIP login, authentication, call limits and permissions, what it is (a line, an IVR, a queue…) and its follow-me.",
    vendorCalls: "manageDevices (create documented; update and delete assumed), listDevices (documented)",
    inventory: {
        kind: "lines",
        nouns: ["line", "lines"],
        // `/0` lists every customer's lines in one call (the emulator's reading); named customers are asked one by one.
        // What the panel allows but a declaration cannot say (an IP line without a username, a follow-me without a number).
        list: LINES.inventory({
            kind: "lines",
            resource: "Line",
            read: fromVendor,
            label: (inputs, record) => text(record.nome) || String(inputs.username),
            declarable: { schema: lineSchema, unfit: "it cannot be declared as NextBilling has it" },
            listDocumented: true,
            everyCustomerAssumed: true,
        }),
        references,
        namesReferences: true,
    },
    export: {
        detail: (record) => `(username ${String(record.inputs.username)})`,
        properties(record, name, context) {
            const byPassword = (record.inputs.auth as { type?: string } | undefined)?.type !== "ip";
            return context.plain(record.inputs).map((property): Property => {
                if (property.key === "username" && byPassword) {
                    return {
                        ...property,
                        leading: [
                            "password: NextBilling never returns it, so it is left undeclared and NextBilling keeps its own.",
                            `To manage it here: \`pulumi config set --secret ${camelCase(name)}Password <password>\`, then`,
                            `password: new pulumi.Config().requireSecret("${camelCase(name)}Password") (import * as pulumi from "@pulumi/pulumi").`,
                        ],
                    };
                }
                if (property.key !== "function") return property;
                const nested = context.plain(property.value as Record<string, unknown>, ["type", "ivrId", "queueId"]).map((field) => {
                    const resource = REFERENCE_OF[field.key];
                    if (!resource) return field;
                    const reference = { resource, customerId: record.customerId ?? 0, id: Number(field.value) };
                    const value = context.ref(reference);
                    if (typeof value !== "number") return { ...field, value };
                    const named = context.nameOf(reference);
                    return named ? { ...field, trailing: named } : field;
                });
                return { key: "function", nested };
            });
        },
    },
};
