/**
 * What `nextbilling.Queue` and `nextbilling.Ivr` share (the IVR imports it from here): their
 * descriptions as natural keys, the vendor's `{"id": N}` object fields, the writes NextBilling does
 * not document (docs/vendors/nextbilling.md), and the part of check the kit cannot do for inputs
 * that mix known and unknown values. References are checked in targets.ts.
 * Nothing here is specific to one of them; the kit (kit/check.ts) is its natural home later.
 */
import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { errorFromAnswer, TelephonyError } from "../../http/errors";
import { containsUnknown, UNKNOWN, validateInputs } from "../../kit/check";
import type { Fields } from "../../kit/fields";
import { dynamicProvider, type Inputs, type ResourceDefinition } from "../../kit/resource";
import { integer, text } from "../records";

// ---------------------------------------------------------------------------------------------
// Schema parts

/** No queue wait, retry or menu timeout is longer than a day: a bigger number is a typo (milliseconds, say). */
export const MAX_SECONDS = 86_400;

/** A number of seconds from `min` (0 or 1) to a day. */
export const seconds = (what: string, min: 0 | 1 = 0) => {
    const error = `must be ${what}: a whole number of seconds from ${min} to ${MAX_SECONDS}`;
    return z.number({ error }).int({ error }).min(min, { error }).max(MAX_SECONDS, { error });
};

// ---------------------------------------------------------------------------------------------
// Descriptions: the natural key, with the customer

/** Descriptions compare as a person reads them: case and surrounding spaces aside (as ring groups'). */
export function comparableDescription(description: unknown): string {
    return text(description).trim().toLocaleLowerCase("pt-BR");
}

/**
 * Inputs other than those at their field's default (`retrySeconds: 5`, `devices: []`), for the
 * export: a queue or an IVR has over a dozen, and a program that lists them all hides what was set.
 */
export function withoutDefaults(inputs: Inputs, fields: Fields): Inputs {
    return Object.fromEntries(
        Object.entries(inputs).filter(
            ([name, value]) => fields[name]?.default === undefined || !isDeepStrictEqual(fields[name].default, value),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// `{"id": N}` object fields (announce, perfil_horario, audio_*)

/**
 * The id inside a vendor object field, `undefined` for none. The documented form is `{"id": 23}`;
 * read too: the id as a string, a bare id, the object as JSON text (a JSON column), and `null`,
 * `0`, `""`, `{}` or `[]` (PHP's empty array) for none.
 */
export function idOfObject(value: unknown): number | undefined {
    let current = value;
    if (typeof current === "string" && /^\s*[[{]/.test(current)) {
        try {
            current = JSON.parse(current);
        } catch {
            return undefined;
        }
    }
    if (current && typeof current === "object" && !Array.isArray(current)) current = (current as { id?: unknown }).id;
    const id = integer(current);
    return Number.isInteger(id) && id > 0 ? id : undefined;
}

/** An id as the vendor's object field: `{"id": 23}`, or `null` for none (the full record is sent, so none must be said). */
export const objectOf = (id: number | undefined): { id: number } | null => (id === undefined ? null : { id });

export const bit = (value: boolean): 0 | 1 => (value ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// Writes NextBilling does not document

/**
 * Whether a write failed because this server has no such call: HTTP 404 (`Método não encontrado:
 * manageQueue`) or 405. A record the vendor does not know is a business error under HTTP 200
 * ("Registro não encontrado: N"), never a 404, so the two cannot be confused.
 */
export function lacksAssumedCall(error: unknown): error is TelephonyError {
    return error instanceof TelephonyError && (error.status === 404 || error.status === 405);
}

/**
 * The error of a write this server lacks, saying which call was assumed and what to do instead.
 * It keeps the vendor's text and the call, as every vendor error does.
 */
export function assumedCallError(error: TelephonyError, assumed: string, instead: string): TelephonyError {
    const explained = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        vendorCode: error.vendorCode,
        cause: error.cause,
        property: error.property,
    });
    explained.message +=
        `. This NextBilling server does not have ${assumed}, which NextBilling does not document and this resource assumes ` +
        `(docs/vendors/nextbilling.md): ${instead}`;
    explained.stack = `${explained.name}: ${explained.message}`;
    return explained;
}

// ---------------------------------------------------------------------------------------------
// Check, for what the kit leaves out

/**
 * The kit's check with what it cannot do for these resources:
 *
 * - Rules between two inputs (`playAgentAudio` only with `type: "full"`). A zod object refinement
 *   cannot hold them: `.omit`, which the kit uses to leave unknown inputs out, throws on one. They
 *   run over the values given, each skipped while one of its values is unknown.
 * - Inputs that mix known and unknown values (`devices: [line.recordId, 30]`, an IVR's options of
 *   which one points at a queue created in the same run). The kit passes such a property through
 *   unvalidated, and runs `checkAtVendor` only when every input is known; here its known parts are
 *   validated and its known references checked at preview, the unknown ones left to the vendor at create.
 */
export function providerWithChecks<I extends Inputs, C>(
    definition: ResourceDefinition<I, C>,
    rules: (inputs: Inputs) => dynamic.CheckFailure[],
): Required<dynamic.ResourceProvider> {
    const provider = dynamicProvider(definition);
    return {
        ...provider,
        async check(olds, news) {
            const result = await provider.check(olds, news);
            const inputs = result.inputs as Inputs;
            const failures = [...(result.failures ?? [])];
            if (failures.length === 0 && containsUnknown(inputs)) {
                failures.push(...knownPartFailures(definition, inputs));
                if (failures.length === 0 && definition.checkAtVendor)
                    failures.push(...(await definition.checkAtVendor(definition.client(), inputs as I)));
            }
            // A rule reports only values of the right type, so the schema has said nothing of its property; what a
            // reference check said there, the rule says better (a queue that overflows into itself is not "no such queue").
            const ruled = rules(inputs);
            const rest = failures.filter((given) => !ruled.some((rule) => rule.property === given.property));
            return { inputs, failures: [...rest, ...ruled] };
        },
    };
}

/**
 * Failures in the known parts of properties that hold unknown values: each unknown value becomes a
 * placeholder no schema accepts, the schema runs over the whole, and what it says at, under or
 * above a placeholder is dropped (the order of a list whose lines are unknown cannot be judged yet).
 */
export function knownPartFailures(
    definition: Pick<ResourceDefinition<Inputs, unknown>, "schema" | "validation">,
    inputs: Inputs,
): dynamic.CheckFailure[] {
    const unknownPaths: string[] = [];
    const mixed = Object.keys(inputs).filter((key) => containsUnknown(inputs[key]));
    const substituted: Inputs = { ...inputs };
    for (const key of mixed) substituted[key] = placeholders(inputs[key], key, unknownPaths);
    const related = (property: string, path: string) =>
        property === path ||
        property.startsWith(`${path}.`) ||
        property.startsWith(`${path}[`) ||
        path.startsWith(`${property}.`) ||
        path.startsWith(`${property}[`);
    return validateInputs(definition.schema, substituted, definition.validation).failures.filter(
        (failure) => mixed.some((key) => related(failure.property, key)) && !unknownPaths.some((path) => related(failure.property, path)),
    );
}

/** `value` with every unknown replaced by a distinct symbol (distinct: two unknown lines are not a repeated line). */
function placeholders(value: unknown, path: string, found: string[]): unknown {
    if (value === UNKNOWN) {
        found.push(path);
        return Symbol("unknown at preview");
    }
    if (Array.isArray(value)) return value.map((item, index) => placeholders(item, `${path}[${index}]`, found));
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, placeholders(item, `${path}.${key}`, found)]));
    }
    return value;
}
