/**
 * manageTimeProfiles, as "[ API ] Gerenciar Perfis de Horario" documents it (docs/vendors/nextbilling.md):
 * GET …/{0 or customer} lists, POST …/0 with `id_record` updates (the full record). ASSUMED, by
 * analogy with manageRingGroups: PUT …/0 creates (answering `new_record`), DELETE …/0?id_record=N
 * deletes, and the days after Wednesday (`wday4`–`wday6`), which the cut page shows only by its
 * pattern. The list answer is undocumented: read in every plausible shape (records.ts). A server
 * without the assumed delete (404, 405, a page) leaves the profile there, with a warning.
 */
import { TelephonyError } from "../../http/errors";
import type { LiveRecord } from "../../kit/resource";
import { NextBillingClient } from "../client";
import { customerOf, integer, text, type VendorRecord } from "../records";
import type { TimeInterval } from "./TimeProfile";
import { normaliseTime, WEEKDAYS, type TimeProfileInputs, type Week } from "./schema";

const API_METHOD = "manageTimeProfiles";
export const DELETE_CALL = "NextBilling deleteTimeProfile";

/** The documented request fields: `id_cliente`, `descricao` and the 28 `wday{0..6}_hora{1,2}_{ini,end}`. */
export type VendorTimeProfile = Record<string, string | number>;

/** `wday<d>_hora<n>_<ini|end>`: day d (0 = Sunday), interval n (1 or 2). */
export const timeField = (day: number, interval: 1 | 2, end: "ini" | "end") => `wday${day}_hora${interval}_${end}`;

/** The full record: every day's two intervals, "" where there is none, so a day not declared is closed. */
export function toVendor(inputs: TimeProfileInputs): VendorTimeProfile {
    const fields: VendorTimeProfile = { id_cliente: inputs.customerId, descricao: inputs.description };
    WEEKDAYS.forEach((name, day) => {
        for (const n of [1, 2] as const) {
            const interval = inputs.week[name][n - 1];
            fields[timeField(day, n, "ini")] = interval?.[0] ?? "";
            fields[timeField(day, n, "end")] = interval?.[1] ?? "";
        }
    });
    return fields;
}

/**
 * A listed profile in the resource's input shape. A time is "" or null for no interval; one the
 * server writes without seconds ("08:00") is read as "08:00:00"; an interval of 00:00:00 to
 * 00:00:00 (how a TIME column may hold "none") is no interval either.
 */
export function fromVendor(record: VendorRecord): LiveRecord {
    const week = Object.fromEntries(
        WEEKDAYS.map((name, day) => {
            const intervals: TimeInterval[] = [];
            for (const n of [1, 2] as const) {
                const start = listedTime(record[timeField(day, n, "ini")]);
                const end = listedTime(record[timeField(day, n, "end")]);
                if (start === undefined && end === undefined) continue;
                if (start === "00:00:00" && end === "00:00:00") continue;
                intervals.push([start ?? "", end ?? ""]);
            }
            return [name, intervals];
        }),
    ) as Week;
    return {
        id: String(integer(record.id)),
        inputs: { customerId: customerOf(record), description: text(record.descricao), week },
    };
}

/**
 * A listed profile against what is stored: a day whose four fields the listing does not carry at
 * all keeps its stored hours (the page documents wday0–3 only; a server that lists fewer days does
 * not make the others look closed).
 */
export function liveTimeProfile(record: VendorRecord, stored: Partial<TimeProfileInputs>): LiveRecord {
    const live = fromVendor(record);
    const week = { ...(live.inputs.week as Week) };
    WEEKDAYS.forEach((name, day) => {
        const listed = ([1, 2] as const).some((n) => timeField(day, n, "ini") in record || timeField(day, n, "end") in record);
        if (!listed && stored.week?.[name] !== undefined) week[name] = stored.week[name];
    });
    live.inputs.week = week;
    return live;
}

function listedTime(value: unknown): string | undefined {
    const written = text(value).trim();
    if (written === "") return undefined;
    return normaliseTime(written) ?? written;
}

/** A profile as a references cache would hold it (`{id, name}`), should one list time profiles for an IVR's check. */
const asReference = (id: number, fields: VendorTimeProfile) => ({ id, name: text(fields.descricao) });

/**
 * The cache keys a customer's profiles are listed under: its own list and every customer's (`/0`,
 * which export and drift read), the vendor's records; and `manageTimeProfiles/{customer}`, where a
 * reference check would hold them as `{id, name}`. A write goes through to each that is cached.
 */
const listKeys = (customerId: number) => [`${API_METHOD}/records/${customerId}`, `${API_METHOD}/records/0`];
const referenceKey = (customerId: number) => `${API_METHOD}/${customerId}`;
const listedId = (record: Record<string, unknown>) => String(integer(record.id));

/**
 * GET /api/manageTimeProfiles/T/K/{customerId}: the customer's profiles, listed once per customer
 * per process and kept true by this process's writes (kit/listCache.ts); `fresh` lists again, to
 * resolve a create whose answer was lost. A server that ignores the segment and lists everyone's
 * is filtered here.
 */
export function listTimeProfiles(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    const load = async () => {
        const records = await client.list({ name: "listTimeProfiles", apiMethod: API_METHOD, id: customerId });
        return records.filter((record) => customerId === 0 || Number.isNaN(customerOf(record)) || customerOf(record) === customerId);
    };
    const cacheKey = listKeys(customerId)[0];
    return fresh ? client.lists.fresh(cacheKey, load) : client.lists.get(cacheKey, load);
}

/** A write this process made, into the cached lists (full records: a create or an update sends every field); `undefined` takes it out. */
function writeThrough(
    client: NextBillingClient,
    id: number,
    fields: VendorTimeProfile | undefined,
    customerId: number,
    createdAt?: number,
): void {
    for (const key of listKeys(customerId)) {
        if (!fields) client.lists.drop<VendorRecord>(key, String(id), listedId);
        else if (createdAt !== undefined) client.lists.add<VendorRecord>(key, String(id), listedId, { id, ...fields }, createdAt);
        else client.lists.put<VendorRecord>(key, String(id), listedId, { id, ...fields });
    }
    if (!fields) client.lists.drop(referenceKey(customerId), String(id), listedId);
    else client.lists.put(referenceKey(customerId), String(id), listedId, asReference(id, fields));
}

function forget(client: NextBillingClient, customerId: number): void {
    for (const key of [...listKeys(customerId), referenceKey(customerId)]) client.lists.invalidate(key);
}

/** Whether a failure says this server lacks the call itself (404 or 405 for the method, or a page under HTTP 200), not that it refused this record. */
export function lacksCall(error: unknown): boolean {
    if (!(error instanceof TelephonyError) || error.status === undefined) return false;
    return error.status === 404 || error.status === 405 || (error.cause === "server" && error.status < 300);
}

/** PUT /api/manageTimeProfiles/T/K/0 (assumed): creates; answers `new_record`. */
export async function createTimeProfile(client: NextBillingClient, fields: VendorTimeProfile): Promise<number> {
    const customerId = Number(fields.id_cliente);
    const sentAt = client.lists.mark();
    try {
        const id = await client.create({ name: "createTimeProfile", apiMethod: API_METHOD, id: 0, json: fields });
        writeThrough(client, id, fields, customerId, sentAt);
        return id;
    } catch (error) {
        forget(client, customerId);
        throw error;
    }
}

/** POST /api/manageTimeProfiles/T/K/0 with `id_record`: the full record, so repeating it is harmless. */
export async function updateTimeProfile(client: NextBillingClient, id: number, fields: VendorTimeProfile): Promise<void> {
    const customerId = Number(fields.id_cliente);
    try {
        await client.call({
            name: "updateTimeProfile",
            method: "POST",
            apiMethod: API_METHOD,
            id: 0,
            json: { id_record: id, ...fields },
            safeToRepeat: true,
        });
        writeThrough(client, id, fields, customerId);
    } catch (error) {
        forget(client, customerId);
        throw error;
    }
}

/**
 * DELETE /api/manageTimeProfiles/T/K/0?id_record=N (assumed). Resolves `false` when this server
 * has no such delete; a refusal (an IVR uses it: "Perfil de horário 3 em uso: URA 7") is thrown with its text.
 */
export async function deleteTimeProfile(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    if (client.undocumented.lacks(DELETE_CALL)) return false;
    try {
        await client.call({
            name: "deleteTimeProfile",
            method: "DELETE",
            apiMethod: API_METHOD,
            id: 0,
            query: { id_record: id },
            safeToRepeat: true,
        });
        writeThrough(client, id, undefined, customerId);
        return true;
    } catch (error) {
        forget(client, customerId);
        if (!lacksCall(error)) throw error;
        // A 404 may be about the record rather than the method: a profile that is gone is a delete done.
        const profiles = await listTimeProfiles(client, customerId, true).catch(() => undefined);
        if (profiles && !profiles.some((record) => integer(record.id) === id)) return true;
        client.undocumented.failed(DELETE_CALL, "destroy leaves time profiles at NextBilling, to be removed in the panel", error);
        return false;
    }
}
