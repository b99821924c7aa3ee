/**
 * The one reader of NextBilling list answers and of the values inside them. Only listDevices'
 * answer is documented (lines nested per customer, outer values numbers, inner values strings);
 * every other list is undocumented (docs/vendors/nextbilling.md), so each is read in every
 * plausible shape: flat, nested per customer like listDevices, keyed by customer, or one bare
 * record; values as strings or numbers; id lists as arrays, `"1,4"` or `"[1,4]"`.
 */

/** One record of a list, its values as the vendor wrote them. */
export type VendorRecord = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** A block of the listDevices shape: a customer with its own `data` of records, and no record id of its own. */
const isCustomerBlock = (value: Record<string, unknown>): boolean =>
    value.id === undefined && (Array.isArray(value.data) || isObject(value.data));

/**
 * The records of a list answer, `undefined` when the answer holds no list at all (its `data` is
 * text, say). A record inside a customer block, or under a customer key, that does not name its
 * customer gets the block's `id_cliente`.
 */
export function listRecords(answer: unknown): VendorRecord[] | undefined {
    if (!isObject(answer)) return undefined;
    return recordsOf(answer.data, undefined);
}

function recordsOf(data: unknown, customer: unknown): VendorRecord[] | undefined {
    if (data === undefined || data === null) return [];
    if (typeof data === "string") {
        // A list sent as JSON text inside the JSON (Directcall's /did/list does it; NextBilling might).
        const trimmed = data.trim();
        if (trimmed === "") return [];
        if (!/^[[{]/.test(trimmed)) return undefined;
        try {
            return recordsOf(JSON.parse(trimmed), customer);
        } catch {
            return undefined;
        }
    }
    if (Array.isArray(data)) {
        const records: VendorRecord[] = [];
        for (const item of data) {
            if (!isObject(item)) continue;
            if (isCustomerBlock(item)) {
                const inner = recordsOf(item.data, item.id_cliente ?? customer);
                if (inner === undefined) return undefined;
                records.push(...inner);
            } else {
                records.push(withCustomer(item, customer));
            }
        }
        return records;
    }
    if (isObject(data)) {
        if (data.id !== undefined) return [withCustomer(data, customer)];
        if (isCustomerBlock(data)) return recordsOf(data.data, data.id_cliente ?? customer);
        // Keyed: {"9": [records]} by customer, or {"13": {record}} by record id.
        const records: VendorRecord[] = [];
        for (const [key, value] of Object.entries(data)) {
            if (Array.isArray(value)) {
                const inner = recordsOf(value, customer ?? key);
                if (inner === undefined) return undefined;
                records.push(...inner);
            } else if (isObject(value)) {
                records.push(withCustomer(value.id === undefined ? { id: key, ...value } : value, customer));
            } else {
                return undefined;
            }
        }
        return records;
    }
    return undefined;
}

function withCustomer(record: VendorRecord, customer: unknown): VendorRecord {
    return record.id_cliente === undefined && record.customer_id === undefined && customer !== undefined
        ? { ...record, id_cliente: customer }
        : record;
}

// ---------------------------------------------------------------------------------------------
// Values: numbers or strings, whatever the list

/** An integer written as a number or as text; NaN when it is neither. */
export function integer(value: unknown): number {
    if (typeof value === "number") return Number.isFinite(value) ? value : NaN;
    if (typeof value === "string" && value.trim() !== "") return Number(value.trim());
    return NaN;
}

/** Text, or "" for nothing. */
export function text(value: unknown): string {
    return value === undefined || value === null ? "" : String(value);
}

/** The vendor's 0/1 flags: `1`, `"1"` or `true`. */
export function flag(value: unknown): boolean {
    return value === true || String(value).trim() === "1";
}

/** Whether the vendor gave any value (not absent, null or ""). */
export function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && String(value) !== "";
}

/** An id list as `[1,4]`, `["1","4"]`, `"1,4"` or `"[1,4]"`. */
export function integerList(value: unknown): number[] {
    if (Array.isArray(value)) return value.map(integer);
    if (typeof value === "number") return [value];
    if (typeof value === "string") {
        return value
            .replace(/[[\]\s"]/g, "")
            .split(",")
            .filter(Boolean)
            .map(integer);
    }
    return [];
}

/** A text list as `["a","b"]`, `"a,b"` or `"[\"a\",\"b\"]"`. */
export function textList(value: unknown): string[] {
    if (Array.isArray(value)) return value.map(text);
    if (typeof value === "string") {
        return value
            .replace(/[[\]\s"]/g, "")
            .split(",")
            .filter(Boolean);
    }
    return [];
}

/** The record's customer, whichever name the method gives it (`id_cliente`, `customer_id`). */
export function customerOf(record: VendorRecord): number {
    return integer(record.id_cliente ?? record.customer_id);
}

/** Descriptions compare as a person reads them: case and surrounding spaces aside (the natural key of ring groups, queues, IVRs, time profiles). */
export function comparableDescription(description: unknown): string {
    return text(description).trim().toLocaleLowerCase("pt-BR");
}

/** A flag as NextBilling writes it. */
export const bit = (value: boolean): 0 | 1 => (value ? 1 : 0);

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
