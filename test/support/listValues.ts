/** Values as NextBilling's undocumented lists write them under `nextbillingValues: "strings"` (docs/emulator.md). */

/** `value` with every value a string, nested ones too (objects and lists keep their shape); null stays null. */
export function asStrings(value: unknown): unknown {
    if (value === null) return value;
    if (Array.isArray(value)) return value.map(asStrings);
    if (typeof value === "object")
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, asStrings(item)]));
    return String(value);
}
