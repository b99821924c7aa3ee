/** `nextbilling.TimeProfile` in the registry: its definition, and how export and drift read its records. */
import type { ResourceEntry } from "../../kit/entry";
import type { NextBillingClient } from "../client";
import { timeProfileDefinition, timeProfileProvider } from "./provider";
import { timeProfileSchema, type TimeProfileInputs } from "./schema";
import { fromVendor, TIME_PROFILES } from "./vendor";

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
        // Hours the panel allows but this resource refuses (an interval ending before it starts) cannot be declared as they are.
        list: TIME_PROFILES.inventory({
            kind: "timeprofiles",
            resource: "TimeProfile",
            read: fromVendor,
            declarable: { schema: timeProfileSchema, unfit: "its hours cannot be declared as NextBilling has them" },
        }),
    },
};
