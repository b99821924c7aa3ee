/**
 * `nextbilling.TimeProfile` as programs use it: the class, its args and its output types. Kept
 * free of zod (schema.ts) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/** The days of `week`, Sunday first as NextBilling numbers them (`wday0` … `wday6`). */
export const Weekday = {
    Sunday: "sun",
    Monday: "mon",
    Tuesday: "tue",
    Wednesday: "wed",
    Thursday: "thu",
    Friday: "fri",
    Saturday: "sat",
} as const;
export type Weekday = (typeof Weekday)[keyof typeof Weekday];

/** `[start, end]`: "HH:MM" or "HH:MM:SS", start before end. */
export type TimeIntervalArgs = [pulumi.Input<string>, pulumi.Input<string>];

/** Each day's opening hours: at most two intervals, in order, not overlapping; a day left out (or `[]`) is closed. */
export interface WeekScheduleArgs {
    sun?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
    mon?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
    tue?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
    wed?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
    thu?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
    fri?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
    sat?: pulumi.Input<pulumi.Input<TimeIntervalArgs>[]>;
}

export interface TimeProfileArgs {
    /** NextBilling customer (`id_cliente`) that owns the profile. Changing it replaces the profile. */
    customerId: pulumi.Input<number>;
    /** The profile's name (`descricao`), unique per customer: it is how duplicates are recognised. One line, at most 200 characters. */
    description: pulumi.Input<string>;
    /**
     * The opening hours (`wday{0..6}_hora{1,2}_{ini,end}`), managed whole: every day not declared
     * is closed. Times are stored as "HH:MM:SS".
     */
    week: pulumi.Input<WeekScheduleArgs>;
    /** Adopt the existing profile with this record id instead of creating one. */
    importId?: pulumi.Input<number>;
}

/** `[start, end]` as stored: "HH:MM:SS". */
export type TimeInterval = [string, string];

/** Every day, as stored: `[]` when closed. */
export type WeekSchedule = Record<Weekday, TimeInterval[]>;

import hostedProvider = require("../../dynamic/nextbilling-timeprofile");

/**
 * A NextBilling time profile (Perfil de Horário), vendor method `manageTimeProfiles`: the opening
 * hours an IVR follows.
 *
 * ```ts
 * import * as telephony from "pulumi-telephony";
 *
 * const weekdays: telephony.nextbilling.TimeIntervalArgs[] = [["08:00", "12:00"], ["13:00", "18:00"]];
 * const businessHours = new telephony.nextbilling.TimeProfile("horario-comercial", {
 *     customerId: 13,
 *     description: "Horário Comercial",
 *     week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [["08:00", "12:00"]] },
 * });
 * export const timeProfileId = businessHours.recordId;
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/nextbilling.TimeProfile.md.
 */
export class TimeProfile extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/nextbilling:TimeProfile";

    /** Whether `obj` is a TimeProfile, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is TimeProfile {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === TimeProfile.__pulumiType;
    }

    /** The profile's NextBilling record id (`id_record`), also its Pulumi id: what an IVR points at. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    declare public readonly description: pulumi.Output<string>;
    /** Every day, closed ones as `[]`, times as "HH:MM:SS". */
    declare public readonly week: pulumi.Output<WeekSchedule>;
    declare public readonly importId: pulumi.Output<number | undefined>;

    constructor(name: string, args: TimeProfileArgs, opts?: pulumi.CustomResourceOptions) {
        super(hostedProvider, name, { recordId: undefined, importId: undefined, ...args }, opts, "telephony/nextbilling", "TimeProfile");
    }
}
