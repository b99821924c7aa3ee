/**
 * Turns a resource's zod schema into `check` results: one failure per property, each naming the
 * property and what is allowed, so bad input stops at preview time instead of half-applying.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { z } from "zod";
import { TelephonyError } from "../http/errors";
import { UnexpectedShape } from "./undocumented";

/** The engine's marker for a value not known until apply (an output of another resource). */
export const UNKNOWN = unknownValue;

/** Inputs the engine adds to every dynamic resource; never validated. */
const ENGINE_KEYS = new Set(["__provider"]);

/**
 * How deep inputs may nest. The deepest real input is three levels (`routing.primary.port`);
 * the bound keeps a pathological value from overflowing the stack in the validators below.
 */
export const MAX_INPUT_DEPTH = 16;

/** Whether `value` nests deeper than `limit`, found without recursion (so it cannot itself overflow). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
    const pending: [unknown, number][] = [[value, 0]];
    while (pending.length > 0) {
        const [current, depth] = pending.pop()!;
        if (current === null || typeof current !== "object") continue;
        if (depth >= limit) return true;
        for (const child of Object.values(current)) pending.push([child, depth + 1]);
    }
    return false;
}

export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
    return false;
}

export interface Validated<T> {
    /** Parsed, normalised inputs when valid; `undefined` when there are failures. */
    value?: T;
    /** What goes back to the engine: normalised when valid, the raw inputs otherwise. */
    inputs: Record<string, unknown>;
    failures: dynamic.CheckFailure[];
    /** Properties whose values are not known yet (preview); they are passed through unvalidated. */
    unknownProperties: string[];
}

/**
 * Validates `news` against `schema`. Properties holding values that are unknown at preview time
 * are left out of validation and passed through, so a preview never fails on them.
 */
export interface ValidateOptions {
    /**
     * Top-level properties whose values must never be echoed in a failure, each with the path a
     * failure is reported against: the engine prints the value it finds at a failure's property,
     * so a secret's failure names where the program wrote it (`supplier.password`), which holds no
     * value in the inputs the engine has.
     */
    secretProperties?: Readonly<Record<string, string>>;
    /** Why `key` is not allowed inside the object at `path` (nested objects), when the resource can say better. */
    explainUnknownKey?: (path: ReadonlyArray<PropertyKey>, key: string, given: Record<string, unknown>) => string | undefined;
}

export function validateInputs<S extends z.ZodObject>(
    schema: S,
    news: Record<string, unknown>,
    options: ValidateOptions = {},
): Validated<z.infer<S>> {
    const given: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(news)) if (!ENGINE_KEYS.has(key)) given[key] = value;
    const tooDeep = Object.keys(given).filter((key) => nestsDeeperThan(given[key], MAX_INPUT_DEPTH));
    if (tooDeep.length > 0) {
        const failures = tooDeep.map((property) => ({
            property,
            reason: `${property} nests deeper than ${MAX_INPUT_DEPTH} levels; no input of this resource is that deep`,
        }));
        return { inputs: given, failures, unknownProperties: [] };
    }

    const unknownProperties = Object.keys(given).filter((key) => containsUnknown(given[key]));
    const known = Object.fromEntries(Object.entries(given).filter(([key]) => !unknownProperties.includes(key)));
    // Unknown properties are left out of this check. Rules between properties are not in the schema
    // (zod would skip them as soon as a property is left out or fails, and `omit` refuses a schema
    // holding them): they are ResourceDefinition.rules, judged over the values known, beside it.
    const omitted = unknownProperties.filter((key) => key in schema.shape);
    const effective = omitted.length > 0 ? schema.omit(Object.fromEntries(omitted.map((key) => [key, true])) as never) : schema;

    const parsed = effective.safeParse(known);
    if (!parsed.success) {
        return { inputs: given, failures: failuresFrom(parsed.error, known, Object.keys(schema.shape), options), unknownProperties };
    }
    // The engine's Struct cannot carry `undefined`: an absent optional input is simply left out.
    const normalised: Record<string, unknown> = Object.fromEntries(
        Object.entries(parsed.data as Record<string, unknown>).filter(([, value]) => value !== undefined),
    );
    for (const key of unknownProperties) normalised[key] = given[key];
    // A property mixing known and unknown values (`devices: [line.recordId, 30]`) is checked in its known parts.
    const partial = knownPartFailures(schema, given, unknownProperties, options);
    if (partial.length > 0) return { inputs: given, failures: partial, unknownProperties };
    return { value: normalised as z.infer<S>, inputs: normalised, failures: [], unknownProperties };
}

/**
 * Failures in the known parts of properties that hold unknown values: each unknown value becomes a
 * placeholder no schema accepts, the schema runs over the whole, and what it says at, under or
 * above a placeholder is dropped (the order of a list whose lines are unknown cannot be judged yet).
 */
function knownPartFailures(
    schema: z.ZodObject,
    inputs: Record<string, unknown>,
    mixed: readonly string[],
    options: ValidateOptions,
): dynamic.CheckFailure[] {
    if (mixed.length === 0) return [];
    const unknownPaths: string[] = [];
    const substituted: Record<string, unknown> = { ...inputs };
    for (const key of mixed) substituted[key] = placeholders(inputs[key], key, unknownPaths);
    const atOrUnder = (property: string, path: string) =>
        property === path || property.startsWith(`${path}.`) || property.startsWith(`${path}[`);
    const above = (property: string, path: string) => path.startsWith(`${property}.`) || path.startsWith(`${property}[`);
    const found = validateInputs(schema, substituted, options).failures.filter(
        (failure) =>
            mixed.some((key) => atOrUnder(failure.property, key) || above(failure.property, key)) &&
            !unknownPaths.some((path) => atOrUnder(failure.property, path)) &&
            // A list holding an unknown item is judged when every item is known, but its length is known
            // now (Pulumi knows how many items it has): a list too long or too short fails at preview.
            !unknownPaths.some((path) => above(failure.property, path) && !LIST_SIZE_FAILURES.has(failure)),
    );
    // What the list's rules say of its known items alone (no repeated line, intervals in order): true
    // whatever the unknown items turn out to be. Zod runs no list rule once an item fails, so they
    // run on the list without its unknown items; only what they say of such a list is kept.
    const shortened: string[] = [];
    const withoutUnknownItems: Record<string, unknown> = { ...inputs };
    for (const key of mixed) withoutUnknownItems[key] = knownItems(inputs[key], key, shortened);
    const listRules = validateInputs(schema, withoutUnknownItems, options).failures.filter(
        (failure) => shortened.includes(failure.property) && !LIST_SIZE_FAILURES.has(failure),
    );
    return [...found, ...listRules.filter((rule) => !found.some((failure) => failure.property === rule.property))];
}

/** `value` with every unknown list item left out (its list's path in `shortened`), any other unknown a placeholder. */
function knownItems(value: unknown, path: string, shortened: string[]): unknown {
    if (value === UNKNOWN) return Symbol("unknown at preview");
    if (Array.isArray(value)) {
        if (value.includes(UNKNOWN)) shortened.push(path);
        return value.filter((item) => item !== UNKNOWN).map((item, index) => knownItems(item, `${path}[${index}]`, shortened));
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, knownItems(item, `${path}.${key}`, shortened)]));
    }
    return value;
}

/** How many unknown properties of one object are named, and how much of a name. */
const MAX_UNKNOWN_KEYS_SHOWN = 20;
const MAX_KEY_SHOWN = 64;

/** Failures about a list's number of items, which a list's unknown items cannot change. */
const LIST_SIZE_FAILURES = new WeakSet<dynamic.CheckFailure>();

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

function failuresFrom(
    error: z.ZodError,
    given: Record<string, unknown>,
    allowed: string[],
    options: ValidateOptions,
): dynamic.CheckFailure[] {
    const failures = new Map<string, string>();
    const listSizes = new Set<string>();
    for (const issue of error.issues) {
        if (issue.code === "unrecognized_keys") {
            // A few are a typo to point at; thousands (or one of 200 KB) are not worth a failure each, nor a "did you mean".
            const shown = issue.keys.slice(0, MAX_UNKNOWN_KEYS_SHOWN);
            if (issue.keys.length > shown.length) {
                const where = propertyPath(issue.path);
                failures.set(`${where} (more)`, `${where} has ${issue.keys.length - shown.length} more unknown properties`);
            }
            for (const whole of shown) {
                const key = whole.length <= MAX_KEY_SHOWN ? whole : `${whole.slice(0, MAX_KEY_SHOWN)}… (${whole.length} characters)`;
                const property = propertyPath([...issue.path, key]);
                const reason =
                    issue.path.length === 0
                        ? unknownPropertyReason(key, allowed)
                        : (options.explainUnknownKey?.(issue.path, key, given) ?? `unknown property "${property}"`);
                failures.set(property, reason);
            }
            continue;
        }
        const reportedAs = options.secretProperties?.[String(issue.path[0])];
        const secret = reportedAs !== undefined;
        const property = secret ? propertyPath([reportedAs, ...issue.path.slice(1)]) : propertyPath(issue.path);
        if (failures.has(property)) continue;
        const value = valueAt(given, issue.path);
        const got = value === undefined ? "it is missing" : secret ? "got [secret]" : `got ${shownValue(value)}`;
        failures.set(property, `${property} ${issue.message}; ${got}`);
        if ((issue.code === "too_big" || issue.code === "too_small") && issue.origin === "array") listSizes.add(property);
    }
    return [...failures].map(([property, reason]) => {
        const failure = { property, reason };
        if (listSizes.has(property)) LIST_SIZE_FAILURES.add(failure);
        return failure;
    });
}

/** A value as a failure quotes it: short (a 200 KB text is not worth echoing) and without credentials. */
function shownValue(value: unknown): string {
    const text = JSON.stringify(withoutCredentials(value)) ?? String(value);
    const length = typeof value === "string" ? ` (${value.length} characters)` : Array.isArray(value) ? ` (${value.length} items)` : "";
    return text.length <= 120 ? text : `${text.slice(0, 100)}…${length}`;
}

/**
 * Every text in `value` with what may be a password masked: from the first `:` after the scheme
 * (or the start) to the last `@` (`https://user:***@host`, `user:***@sip.example.com`). A value a
 * check refuses is by definition not what was meant, so nothing about the password's own
 * characters (quotes, spaces, slashes) can be relied on to find where it ends.
 */
function withoutCredentials(value: unknown): unknown {
    if (typeof value === "string") {
        const at = value.lastIndexOf("@");
        const scheme = value.indexOf("//");
        const colon = value.indexOf(":", scheme >= 0 && scheme < at ? scheme + 2 : 0);
        return at < 0 || colon < 0 || colon > at ? value : `${value.slice(0, colon + 1)}***${value.slice(at)}`;
    }
    if (Array.isArray(value)) return value.map(withoutCredentials);
    if (value && typeof value === "object")
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutCredentials(item)]));
    return value;
}

function unknownPropertyReason(key: string, allowed: string[]): string {
    const suggestion = key.length <= MAX_KEY_SHOWN ? closest(key, allowed) : undefined;
    const hint = suggestion ? `did you mean "${suggestion}"? ` : "";
    return `unknown property "${key}": ${hint}Allowed properties: ${allowed.join(", ")}`;
}

/** `devices[2]`, `supplier.port`: how a user would point at the value. */
function propertyPath(path: ReadonlyArray<PropertyKey>): string {
    let out = "";
    for (const part of path) out += typeof part === "number" ? `[${part}]` : `${out ? "." : ""}${String(part)}`;
    return out || "(inputs)";
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
    let current = root;
    for (const part of path) {
        if (current === null || typeof current !== "object") return undefined;
        current = (current as Record<PropertyKey, unknown>)[part];
    }
    return current;
}

/** The allowed name nearest to a misspelling, when it is near enough to be the likely intent. */
export function closest(word: string, candidates: string[]): string | undefined {
    // A part of a longer name ("reason" for "pauseReason") is as likely an intent as a typo.
    const containing = word.length >= 4 ? candidates.find((candidate) => candidate.toLowerCase().includes(word.toLowerCase())) : undefined;
    if (containing) return containing;
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
    }
    return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

/**
 * Whether a list a preview check could not read may be left to the create, with a warning: any
 * vendor error or unexpected answer, but bad credentials and throttling, which fail the check itself.
 */
export function leftToCreate(error: unknown): error is TelephonyError | UnexpectedShape {
    if (error instanceof TelephonyError) return error.cause !== "authentication" && error.cause !== "rate_limit";
    return error instanceof UnexpectedShape;
}
