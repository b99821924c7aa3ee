/**
 * `TimeProfileArgs` and the schema check validates against accept the same shapes (a field added
 * to one and not the other fails the type-check, which `npm test` runs over test/), and the
 * class's documented example passes check.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { validateInputs } from "../../../provider/kit/check";
import type { TimeIntervalArgs, TimeProfileArgs } from "../../../provider/nextbilling/timeProfile/TimeProfile";
import { timeProfileSchema } from "../../../provider/nextbilling/timeProfile/schema";

/** An arg as the provider receives it: Input, Output and Promise taken away at every level (tuples kept tuples). */
type Resolved<T> =
    T extends pulumi.OutputInstance<infer U>
        ? Resolved<U>
        : T extends Promise<infer U>
          ? Resolved<U>
          : T extends readonly unknown[]
            ? { [K in keyof T]: Resolved<T[K]> }
            : T extends object
              ? { [K in keyof T]: Resolved<T[K]> }
              : T;

/** True when A and B accept each other's values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(_proof: T) => _proof;

type SchemaInput = z.input<typeof timeProfileSchema>;

same<Same<Resolved<TimeProfileArgs>, SchemaInput>>(true);
same<Same<keyof Resolved<TimeProfileArgs>["week"], keyof SchemaInput["week"]>>(true);

it("the class's documented example passes check", () => {
    const weekdays: TimeIntervalArgs[] = [
        ["08:00", "12:00"],
        ["13:00", "18:00"],
    ];
    const example = {
        customerId: 13,
        description: "Horário Comercial",
        week: { mon: weekdays, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: [["08:00", "12:00"]] },
    };
    expect(validateInputs(timeProfileSchema, example).failures).toEqual([]);
});
