/**
 * `LineArgs` and the schema check validates against accept the same shapes (a field added to one
 * and not the other fails the type-check, which `npm test` runs over test/), and the class's
 * documented example passes check.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { validateInputs } from "../../../provider/kit/check";
import type { LineArgs } from "../../../provider/nextbilling/line/Line";
import { lineSchema } from "../../../provider/nextbilling/line/schema";

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

/** The schema's input, with the preprocessed password (typed `unknown` by zod) as the text it is. */
type SchemaInput = Omit<z.input<typeof lineSchema>, "password"> & { password?: string };

same<Same<Resolved<LineArgs>, SchemaInput>>(true);
same<Same<keyof Resolved<LineArgs>, keyof SchemaInput>>(true);

it("the class's documented example passes check", () => {
    const example = {
        customerId: 13,
        username: "2030",
        password: "from config.requireSecret",
        callerId: "1130001000",
        maxSimultaneousCalls: 2,
        codecs: ["g729", "alaw", "ulaw"],
        followMe: { noAnswer: { destination: "2031" } },
    };
    expect(validateInputs(lineSchema, example).failures).toEqual([]);
});
