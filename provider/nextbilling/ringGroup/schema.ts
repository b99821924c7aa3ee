/**
 * `nextbilling.RingGroup`'s inputs: the zod schema that check validates against, and one
 * declaration per field (vendor field, what a change does, how values compare) from which the
 * diff, refresh, drift and the docs follow.
 */
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { flag, idList, positiveInteger, singleLine } from "../../kit/schemaParts";
import { RingStrategy } from "./RingGroup";

const STRATEGIES = Object.values(RingStrategy);

export const ringGroupSchema = z.strictObject({
    customerId: positiveInteger("a NextBilling customer id"),
    description: singleLine("the group's name in NextBilling, a text"),
    strategy: z.enum(STRATEGIES, { error: `must be one of ${STRATEGIES.map((s) => `"${s}"`).join(", ")}` }),
    devices: idList("NextBilling line id"),
    enabled: flag.default(true),
    importId: positiveInteger("a ring group record id").optional(),
});

export type RingGroupInputs = z.infer<typeof ringGroupSchema>;

/** Only a linear group rings its lines in order; for the others the order carries no meaning. */
function sameDevices(before: unknown, after: unknown, news: Record<string, unknown>): boolean {
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return false;
    if (news.strategy === RingStrategy.Linear) return before.every((id, i) => id === after[i]);
    const sorted = (list: unknown[]) => list.map(Number).sort((a, b) => a - b);
    const [a, b] = [sorted(before), sorted(after)];
    return a.every((id, i) => id === b[i]);
}

export const ringGroupFields: Fields = {
    customerId: { description: "The NextBilling customer that owns the group.", vendorField: "id_cliente", onChange: "replace" },
    description: {
        description: "The group's name, unique per customer (ignoring case and surrounding spaces): it is how duplicates are recognised.",
        vendorField: "descricao",
        onChange: "update",
    },
    strategy: { description: "How the group rings its lines: ringall, random or linear.", vendorField: "strategy", onChange: "update" },
    devices: {
        description: "The customer's line ids; their order matters only for a linear group.",
        vendorField: "devices",
        onChange: "update",
        same: sameDevices,
    },
    enabled: { description: "Active (vendor status 1) or not (0).", vendorField: "status", onChange: "update", default: true },
};
