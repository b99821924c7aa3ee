/**
 * One declaration per input field, from which the diff, refresh, drift and the docs all follow:
 * what the field is, which vendor field it becomes, what a change to it does, how two values
 * compare, and whether it is secret or never read back.
 */
import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "./check";

/**
 * What changing a field does. `update`: an in-place vendor update. `replace`: a new record
 * (the vendor cannot change it in place). `state`: nothing at the vendor; the new value is only
 * recorded (inputs that are ours alone, such as a deletion policy).
 */
export type OnChange = "update" | "replace" | "state";

export interface Field {
    /** One sentence for the docs and the IDE: what the field is. */
    description: string;
    /** The vendor's field (or fields) it becomes, as the vendor spells them; none for inputs that are ours alone. */
    vendorField?: string;
    onChange: OnChange;
    /** The value an absent input means (`enabled` absent is `true`), so absent and default compare equal. */
    default?: unknown;
    /**
     * `always` (default): the vendor's value is managed, absent or not. `whenDeclared`: an optional
     * field the program leaves out is not managed; the vendor keeps whatever it has.
     */
    managed?: "always" | "whenDeclared";
    /** Equality where deep equality is wrong (the order of a non-linear group's lines carries no meaning). */
    same?(before: unknown, after: unknown, news: Record<string, unknown>): boolean;
    /**
     * The part of the live value that the declaration manages, for a nested optional object
     * (only the supplier fields a program declares are managed; one set in the panel is not drift).
     */
    narrow?(live: unknown, declared: unknown): unknown;
    /** Always stored as a secret, whatever the program wrote. */
    secret?: boolean;
    /** The vendor never returns it (a password): refresh and drift keep the declared value, and it is never compared. */
    writeOnly?: boolean;
}

export type Fields = Readonly<Record<string, Field>>;

/** Inputs every resource has whose changes mean nothing after creation. */
export const IGNORED_INPUTS: ReadonlySet<string> = new Set(["importId", "__provider"]);

/** Field names whose new value differs from the old one, in declaration order; unknown values always count. */
export function changedFields(fields: Fields, olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    return Object.entries(fields)
        .filter(([name, field]) => {
            if (field.managed === "whenDeclared" && news[name] === undefined) return false;
            const after = news[name] ?? field.default;
            if (containsUnknown(after)) return true;
            const before = olds[name] ?? field.default;
            return field.same ? !field.same(before, after, news) : !isDeepStrictEqual(withoutUndefined(before), withoutUndefined(after));
        })
        .map(([name]) => name);
}

/** The changed fields that the vendor itself stores, i.e. those an update or replacement must send. */
export function vendorChanges(fields: Fields, changed: readonly string[]): string[] {
    return changed.filter((name) => fields[name]?.onChange !== "state");
}

/** Names of the fields that are always secret. */
export function secretFields(fields: Fields): string[] {
    return Object.entries(fields)
        .filter(([, field]) => field.secret)
        .map(([name]) => name);
}

/** `{a: 1, b: undefined}` and `{a: 1}` are the same value once stored: the engine drops undefined. */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutUndefined);
    if (value && typeof value === "object") {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, child]) => child !== undefined)
                .map(([key, child]) => [key, withoutUndefined(child)]),
        );
    }
    return value;
}

/**
 * Inputs other than those at their field's default (`retrySeconds: 5`, `devices: []`), for the
 * export: a queue or an IVR has over a dozen, and a program that lists them all hides what was set.
 */
export function withoutDefaults(inputs: Record<string, unknown>, fields: Fields): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(inputs).filter(
            ([name, value]) => fields[name]?.default === undefined || !isDeepStrictEqual(fields[name].default, value),
        ),
    );
}
