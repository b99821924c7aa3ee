/**
 * `nextbilling.TimeProfile`'s inputs: the zod schema check validates against, and one declaration
 * per field from which the diff, refresh, drift and the docs follow.
 */
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { positiveInteger, singleLine } from "../../kit/schemaParts";
import { Weekday, type TimeInterval } from "./TimeProfile";

/** The days in NextBilling's order: `wday0` is Sunday. */
export const WEEKDAYS = Object.values(Weekday);
/** Intervals per day: the vendor has `hora1` and `hora2`. */
export const MAX_INTERVALS = 2;

const TIME = /^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$/;

/** "8:00", "08:00" or "08:00:00" as NextBilling stores it, "08:00:00"; undefined when it is no time of day. */
export function normaliseTime(written: string): string | undefined {
    const match = TIME.exec(written.trim());
    if (!match) return undefined;
    const [, hours, minutes, seconds] = match;
    return `${hours!.padStart(2, "0")}:${minutes}:${seconds ?? "00"}`;
}

const TIME_ERROR = 'must be a time of day, "HH:MM" or "HH:MM:SS" (00:00 to 23:59:59)';

const time = z.string({ error: TIME_ERROR }).transform((written, context) => {
    const normalised = written.length <= 20 ? normaliseTime(written) : undefined;
    if (normalised === undefined) {
        context.addIssue({ code: "custom", message: TIME_ERROR });
        return z.NEVER;
    }
    return normalised;
});

// "HH:MM:SS" compares as text in time order.
const interval = z
    .tuple([time, time], { error: 'must be an interval ["HH:MM", "HH:MM"]: a start and an end' })
    .refine(([start, end]) => start < end, { error: "must start before it ends" });

const day = z
    .array(interval, { error: `must be a list of at most ${MAX_INTERVALS} intervals, e.g. [["08:00", "12:00"], ["13:00", "18:00"]]` })
    .max(MAX_INTERVALS, { error: `must hold at most ${MAX_INTERVALS} intervals: NextBilling has two per day` })
    .refine((intervals) => intervals.every((current, i) => i === 0 || intervals[i - 1]![1] <= current[0]), {
        error: "must list its intervals in order, not overlapping: the second starts when or after the first ends",
    })
    .default([]);

const weekSchema = z.strictObject(Object.fromEntries(WEEKDAYS.map((name) => [name, day])) as Record<Weekday, typeof day>, {
    error: `must be an object of days (${WEEKDAYS.join(", ")}), each a list of intervals`,
});

export const timeProfileSchema = z.strictObject({
    customerId: positiveInteger("a NextBilling customer id"),
    description: singleLine("the profile's name in NextBilling, a text"),
    week: weekSchema,
    importId: positiveInteger("a time profile record id").optional(),
});

export type TimeProfileInputs = z.infer<typeof timeProfileSchema>;
export type Week = Record<Weekday, TimeInterval[]>;

/** An unknown key inside `week` is a day misspelled: name the days. */
export function explainWeekKey(path: ReadonlyArray<PropertyKey>, key: string): string | undefined {
    if (path.length !== 1 || path[0] !== "week") return undefined;
    return `week.${key} is not a day: the days are ${WEEKDAYS.join(", ")}`;
}

export const timeProfileFields: Fields = {
    customerId: { description: "The NextBilling customer that owns the profile.", vendorField: "id_cliente", onChange: "replace" },
    description: {
        description: "The profile's name, unique per customer (ignoring case and surrounding spaces): it is how duplicates are recognised.",
        vendorField: "descricao",
        onChange: "update",
    },
    week: {
        description: "Each day's opening hours, at most two intervals; a day not declared is closed.",
        vendorField: "wday0..6_hora1/2_ini/end",
        onChange: "update",
    },
};
