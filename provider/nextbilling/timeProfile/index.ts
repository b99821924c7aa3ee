/** `nextbilling.TimeProfile` in the registry: its definition, and how export and drift read its records. */
import type { InventoryRecord, ResourceEntry, Skipped } from "../../kit/entry";
import { UnexpectedShape } from "../../kit/undocumented";
import type { NextBillingClient } from "../client";
import { timeProfileDefinition, timeProfileProvider } from "./provider";
import { timeProfileSchema, type TimeProfileInputs } from "./schema";
import { fromVendor, listTimeProfiles } from "./vendor";

export const timeProfileEntry: ResourceEntry<TimeProfileInputs, NextBillingClient> = {
    name: "nextbilling.TimeProfile",
    definition: timeProfileDefinition,
    provider: timeProfileProvider,
    vendor: "NextBilling",
    summary: "A time profile (Perfil de Horário): a customer's opening hours, up to two intervals a day, which an IVR follows.",
    vendorCalls: "manageTimeProfiles (list and update documented; create and delete assumed)",
    inventory: {
        kind: "timeprofiles",
        nouns: ["time profile", "time profiles"],
        // `/0` lists every customer's profiles in one call (documented); named customers are asked one by one.
        async list(client, { customers }) {
            const records: InventoryRecord[] = [];
            const skipped: Skipped[] = [];
            for (const scope of customers ?? [0]) {
                let listed;
                try {
                    listed = await listTimeProfiles(client, scope);
                } catch (error) {
                    if (!(error instanceof UnexpectedShape)) throw error;
                    skipped.push({ kind: "timeprofiles", reason: `${error.message} (the list answer is undocumented)` });
                    continue;
                }
                for (const { id, inputs } of listed.map(fromVendor)) {
                    const customerId = inputs.customerId as number;
                    if (customers && !customers.includes(customerId)) continue;
                    const label = String(inputs.description);
                    // Hours the panel allows but this resource refuses (an interval ending before it starts) cannot be declared as they are.
                    const valid = timeProfileSchema.safeParse(inputs);
                    if (!valid.success) {
                        const issue = valid.error.issues[0];
                        const where = issue?.path.length ? `${issue.path.join(".")} ` : "";
                        const reason = `its hours cannot be declared as NextBilling has them (${where}${issue?.message ?? "invalid"}); fix them in the panel, or declare it by hand`;
                        skipped.push({ kind: "timeprofiles", id, label, reason });
                        continue;
                    }
                    records.push({ resource: "TimeProfile", id, customerId, inputs, label });
                }
            }
            return { records, skipped };
        },
    },
};
