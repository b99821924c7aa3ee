import { UNKNOWN_VALUE } from "./secrets";
import type { FieldDiff } from "./types";

/** JSON with sorted keys, so equal values compare equal regardless of key order. */
export function stableStringify(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
    if (typeof value === "object" && value !== null) {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}

export function deepEqual(a: unknown, b: unknown): boolean {
    return stableStringify(a) === stableStringify(b);
}

/** The serialized provider is code, not configuration; showing it as a field change would bury the real diff. */
const HIDDEN_FIELDS = new Set(["__provider"]);

/** A value fit for display: secrets masked, preview unknowns spelled out. */
export function displayValue(value: unknown, secret: boolean): unknown {
    if (value === undefined) return undefined;
    if (secret) return "[secret]";
    if (value === UNKNOWN_VALUE) return "[unknown]";
    if (Array.isArray(value)) return value.map((v) => displayValue(v, false));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, displayValue(v, false)]));
    }
    return value;
}

/** Top-level field differences, with secret values masked and preview unknowns spelled out. */
export function fieldDiffs(olds: Record<string, unknown>, news: Record<string, unknown>, secretKeys: Iterable<string> = []): FieldDiff[] {
    const secrets = new Set(secretKeys);
    const fields = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter((f) => !HIDDEN_FIELDS.has(f));
    const diffs: FieldDiff[] = [];
    for (const field of fields) {
        if (deepEqual(olds[field], news[field])) continue;
        const diff: FieldDiff = { field };
        if (field in olds) diff.old = displayValue(olds[field], secrets.has(field));
        if (field in news) diff.new = displayValue(news[field], secrets.has(field));
        diffs.push(diff);
    }
    return diffs;
}
