/**
 * manageTimeProfiles, as "[ API ] Gerenciar Perfis de Horario" documents it (docs/vendors/nextbilling.md):
 * GET …/{0 or customer} lists, POST …/0 with `id_record` updates (the full record). ASSUMED, by
 * analogy with manageRingGroups: PUT …/0 creates (answering `new_record`), DELETE …/0?id_record=N
 * deletes, and the days after Wednesday (`wday4`–`wday6`), which the cut page shows only by its
 * pattern. The list answer is undocumented: read in every plausible shape (records.ts). A server
 * without the assumed delete (404, 405, a page) leaves the profile there, with a warning.
 */
import type { LiveRecord } from "../../kit/resource";
import { NextBillingClient } from "../client";
import { CustomerRecords } from "../customerRecords";
import { customerOf, integer, text, type VendorRecord } from "../records";
import type { TimeInterval } from "./TimeProfile";
import { normaliseTime, WEEKDAYS, type TimeProfileInputs, type Week } from "./schema";

const API_METHOD = "manageTimeProfiles";

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
    let unseen = false;
    WEEKDAYS.forEach((name, day) => {
        const listed = ([1, 2] as const).some((n) => timeField(day, n, "ini") in record || timeField(day, n, "end") in record);
        if (listed || stored.week?.[name] === undefined) return;
        week[name] = stored.week[name];
        // Hours on a day the listing does not show cannot be compared: adoption sends them.
        if (stored.week[name].length > 0) unseen = true;
    });
    live.inputs.week = week;
    if (unseen) live.unseen = ["week"];
    return live;
}

function listedTime(value: unknown): string | undefined {
    const written = text(value).trim();
    if (written === "") return undefined;
    return normaliseTime(written) ?? written;
}

// ---------------------------------------------------------------------------------------------
// Calls (customerRecords.ts: list cache, write-through, the writes a server lacks)

export const TIME_PROFILES = new CustomerRecords({
    listMethod: API_METHOD,
    writeMethod: API_METHOD,
    writeSegment: 0,
    names: { list: "listTimeProfiles", create: "createTimeProfile", update: "updateTimeProfile", delete: "deleteTimeProfile" },
    noun: "time profile",
    assumed: { create: true, update: false, delete: true },
    label: (record) => record.descricao ?? record.nome,
});

/** GET /api/manageTimeProfiles/T/K/{customerId}: the customer's profiles (`0`: every customer's). */
export function listTimeProfiles(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    return TIME_PROFILES.list(client, customerId, fresh);
}

/** PUT /api/manageTimeProfiles/T/K/0 (assumed): creates; answers `new_record`. */
export function createTimeProfile(client: NextBillingClient, fields: VendorTimeProfile): Promise<number> {
    return TIME_PROFILES.create(client, fields, Number(fields.id_cliente));
}

/** POST /api/manageTimeProfiles/T/K/0 with `id_record`: the full record, so repeating it is harmless. */
export function updateTimeProfile(client: NextBillingClient, id: number, fields: VendorTimeProfile): Promise<void> {
    return TIME_PROFILES.update(client, id, fields, Number(fields.id_cliente));
}

/**
 * DELETE /api/manageTimeProfiles/T/K/0?id_record=N (assumed). Resolves `false` when this server
 * has no such delete; a refusal (an IVR uses it: "Perfil de horário 3 em uso: URA 7") is thrown with its text.
 */
export function deleteTimeProfile(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    return TIME_PROFILES.delete(client, id, customerId);
}
