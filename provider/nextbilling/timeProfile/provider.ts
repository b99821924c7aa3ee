/**
 * `nextbilling.TimeProfile`'s definition for the kit: its schema and fields, its natural key
 * (customer + description, as ring groups: NextBilling itself allows twins, this resource does
 * not), and its vendor calls. The engine reaches the provider through
 * provider/dynamic/nextbilling-timeprofile.ts.
 */
import type { TelephonyError } from "../../http/errors";
import { dynamicProvider, type ResourceDefinition } from "../../kit/resource";
import { lacksCall } from "../../kit/undocumented";
import { nextBillingClient, warn } from "../../runtime";
import type { NextBillingClient } from "../client";
import { describedByCustomer } from "../customerRecords";
import { explainWeekKey, timeProfileFields, timeProfileSchema, WEEKDAYS, type TimeProfileInputs } from "./schema";
import { createTimeProfile, deleteTimeProfile, liveTimeProfile, TIME_PROFILES, toVendor, updateTimeProfile } from "./vendor";

/** `Horário inválido em wday1_hora2_end: 25:00:00` → `week.mon[1][1]`: the interval the vendor's text names. */
function attribute(error: TelephonyError): string | undefined {
    if (lacksCall(error)) return undefined;
    const reason = error.vendorReason ?? "";
    const time = /\bwday([0-6])_hora([12])(?:_(ini|end))?\b/i.exec(reason);
    if (time)
        return `week.${WEEKDAYS[Number(time[1])]}[${Number(time[2]) - 1}]${time[3] ? `[${time[3].toLowerCase() === "ini" ? 0 : 1}]` : ""}`;
    if (/^Cliente\b|\bid_cliente\b/i.test(reason)) return "customerId";
    if (/\bdescricao\b/i.test(reason)) return "description";
    return undefined;
}

const described = describedByCustomer<TimeProfileInputs>(TIME_PROFILES, liveTimeProfile);

export const timeProfileDefinition: ResourceDefinition<TimeProfileInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "TimeProfile",
    noun: "time profile",
    schema: timeProfileSchema,
    fields: timeProfileFields,
    validation: { explainUnknownKey: explainWeekKey },
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    adoptionScope: described.adoptionScope,
    naturalKey: described.naturalKey,
    attribute,
    vendor: {
        read: described.read,
        // A server without the assumed create says so, with what to do instead (customerRecords.ts).
        create: async (client, inputs) => String(await createTimeProfile(client, toVendor(inputs))),
        update: (client, id, news) => updateTimeProfile(client, Number(id), toVendor(news)),
        async delete(client, id, stored) {
            if (await deleteTimeProfile(client, Number(id), stored.customerId)) return;
            warn(
                `time profile ${id} (${JSON.stringify(stored.description)}) of customer ${stored.customerId} was left at NextBilling: this server has no manageTimeProfiles delete as assumed; remove it in the NextBilling panel.`,
            );
        },
    },
};

export const timeProfileProvider = dynamicProvider(timeProfileDefinition);
