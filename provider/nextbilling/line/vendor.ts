/**
 * Lines. Documented ("[ API ] Gerenciar Linhas IP", "Criando uma nova Linha IP", "Listar Linhas
 * IP - Ramais"; docs/vendors/nextbilling.md): PUT /api/manageDevices/T/K/1 creates (the trailing
 * `1` is required), GET /api/listDevices/T/K/{customerId} lists a customer's lines, nested per
 * customer, every line value a string. ASSUMED, by analogy with manageDID and never load-bearing
 * for a create or a read:
 *  - update: POST   /api/manageDevices/T/K/1 with `id_record` and the fields to change (a merge);
 *  - delete: DELETE /api/manageDevices/T/K/1?id_record=N.
 * A server without them (404, 405, a page that is not NextBilling's JSON) cannot change lines in
 * place (update fails, saying to use the panel), and destroy leaves the line there, with a warning.
 * listDevices never shows the password; the cut page shows neither callerid, simultaneas nor the
 * other fields after `fixo_local`, so a field the listing does not carry is not read as removed.
 */
import { TelephonyError } from "../../http/errors";
import type { LiveRecord } from "../../kit/resource";
import { NextBillingClient } from "../client";
import { customerOf, flag, integer, isSet, text, textList, type VendorRecord } from "../records";
import type { LineFollowMe, LineFunction, LineFunctionType, LineMedia } from "./Line";
import type { LineInputs } from "./schema";

const WRITE_METHOD = "manageDevices";
const LIST_METHOD = "listDevices";
export const UPDATE_CALL = "NextBilling updateLine";
export const DELETE_CALL = "NextBilling deleteLine";

/** `funcionalidade`, documented: 0 line, 1 voice portal, 2 calling card, 3 IVR menu, 4 queue, 5 phone booth. */
export const FUNCTION_CODES: Record<LineFunctionType, number> = {
    line: 0,
    voicePortal: 1,
    callingCard: 2,
    ivr: 3,
    queue: 4,
    phoneBooth: 5,
};
/** `proxy_media`, documented: 0 direct media, 1 RTP proxy, 2 transcoder. */
export const MEDIA_CODES: Record<LineMedia, number> = { direct: 0, rtpProxy: 1, transcoder: 2 };
/** Follow-me conditions and the vendor's infix: `sigame_<infix>_st` / `sigame_<infix>_dst`. */
export const FOLLOW_ME: Record<keyof LineFollowMe, string> = { always: "always", busy: "busy", noAnswer: "noanswer", offline: "offline" };

type Kind = "text" | "integer" | "flag";

/** Inputs that are one vendor field each, and how their values are written. */
export const SCALAR_FIELDS: readonly (readonly [keyof LineInputs, string, Kind])[] = [
    ["callerId", "callerid", "text"],
    ["maxSimultaneousCalls", "simultaneas", "integer"],
    ["maxCallsPerSecond", "max_cps", "integer"],
    ["maxRingSeconds", "max_ringtime", "integer"],
    ["maxCallSeconds", "max_calltime", "integer"],
    ["allowFixed", "fixo", "flag"],
    ["allowMobile", "movel", "flag"],
    ["allowFixedInternational", "fixo_ddi", "flag"],
    ["allowMobileInternational", "movel_ddi", "flag"],
    ["enabled", "status", "flag"],
    ["ratePlanId", "rate_id", "integer"],
    ["rtpSymmetric", "rtp_symmetric", "flag"],
    ["volumeRx", "volume_rx", "integer"],
    ["volumeTx", "volume_tx", "integer"],
    ["audioId", "id_audio", "integer"],
    ["allowTransfer", "allow_transfer", "flag"],
    ["checkSpoofing", "check_spoofing", "flag"],
];

/**
 * The vendor fields each input is read from: a listed line that carries none of them says
 * nothing about that input (the listing is documented only up to `fixo_local`).
 */
export const LISTED_AS: Readonly<Record<string, readonly string[]>> = {
    customerId: ["customer_id", "id_cliente"],
    username: ["username"],
    auth: ["auth", "domain"],
    codecs: ["codecs"],
    function: ["funcionalidade"],
    followMe: Object.values(FOLLOW_ME).map((infix) => `sigame_${infix}_st`),
    media: ["proxy_media"],
    ...Object.fromEntries(SCALAR_FIELDS.map(([input, field]) => [input, [field]])),
};

export type VendorLine = Record<string, string | number | string[]>;

const bit = (value: boolean) => (value ? 1 : 0);

/** Our inputs to the PUT/POST body. Optional fields a program leaves out are not sent: NextBilling keeps its own. */
export function toVendor(inputs: LineInputs): VendorLine {
    const fields: Record<string, string | number | string[] | undefined> = {
        customer_id: inputs.customerId,
        username: inputs.username,
        password: inputs.password,
        auth: inputs.auth.type === "ip" ? 1 : 0,
    };
    if (inputs.auth.type === "ip") {
        Object.assign(fields, { domain: inputs.auth.addresses, port: inputs.auth.port, techprefix: inputs.auth.techPrefix });
    }
    for (const [input, field, kind] of SCALAR_FIELDS) {
        const value = inputs[input] as string | number | boolean | undefined;
        if (value !== undefined) fields[field] = kind === "flag" ? bit(value as boolean) : (value as string | number);
    }
    if (inputs.codecs) fields.codecs = inputs.codecs.join(";");
    fields.funcionalidade = FUNCTION_CODES[inputs.function.type];
    if (inputs.function.type === "ivr") fields.funcionalidade_id = inputs.function.ivrId;
    if (inputs.function.type === "queue") fields.funcionalidade_id = inputs.function.queueId;
    if (inputs.followMe) {
        // Managed whole: a condition left out is turned off (its destination is left as it was, and unused).
        for (const [condition, infix] of Object.entries(FOLLOW_ME) as [keyof LineFollowMe, string][]) {
            const target = inputs.followMe[condition];
            fields[`sigame_${infix}_st`] = target ? 1 : 0;
            if (target) fields[`sigame_${infix}_dst`] = target.destination;
        }
    }
    if (inputs.media) fields.proxy_media = MEDIA_CODES[inputs.media];
    return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as VendorLine;
}

/** The code's name: `funcionalidade` 3 → "ivr"; unknown codes read as a plain line. */
const nameOf = <T extends string>(codes: Record<T, number>, code: number): T | undefined =>
    (Object.keys(codes) as T[]).find((name) => codes[name] === code);

/**
 * A listed line in the resource's input shape: every field the listing carries. No password (it
 * is never listed). The auth type is `auth` when listed, else what `domain` says: "dynamic" (the
 * documented example) registers with a password, a list of addresses authenticates by IP.
 */
export function fromVendor(record: VendorRecord): LiveRecord {
    const inputs: Record<string, unknown> = { customerId: customerOf(record), username: text(record.username) };
    const domain = text(record.domain).trim();
    const byIp = isSet(record.auth) ? flag(record.auth) : domain !== "" && domain !== "dynamic";
    if (byIp) {
        const auth: Record<string, unknown> = { type: "ip", addresses: textList(record.domain).filter((address) => address !== "dynamic") };
        if (isSet(record.port) && integer(record.port) !== 0) auth.port = integer(record.port);
        if (isSet(record.techprefix)) auth.techPrefix = text(record.techprefix);
        inputs.auth = auth;
    } else {
        inputs.auth = { type: "password" };
    }
    for (const [input, field, kind] of SCALAR_FIELDS) {
        if (!isSet(record[field])) continue;
        inputs[input] = kind === "flag" ? flag(record[field]) : kind === "integer" ? integer(record[field]) : text(record[field]);
    }
    const codecs = text(record.codecs)
        .split(/[;,]/)
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
    if (codecs.length > 0) inputs.codecs = codecs;
    const type = nameOf(FUNCTION_CODES, integer(record.funcionalidade)) ?? "line";
    const functionId = integer(record.funcionalidade_id);
    const lineFunction: LineFunction =
        type === "ivr" ? { type, ivrId: functionId } : type === "queue" ? { type, queueId: functionId } : { type };
    inputs.function = lineFunction;
    if (LISTED_AS.followMe.some((field) => field in record)) {
        const followMe: LineFollowMe = {};
        for (const [condition, infix] of Object.entries(FOLLOW_ME) as [keyof LineFollowMe, string][]) {
            if (flag(record[`sigame_${infix}_st`])) followMe[condition] = { destination: text(record[`sigame_${infix}_dst`]) };
        }
        inputs.followMe = followMe;
    }
    if (isSet(record.proxy_media)) {
        const media = nameOf(MEDIA_CODES, integer(record.proxy_media));
        if (media) inputs.media = media;
    }
    return { id: String(integer(record.id)), inputs };
}

/**
 * A listed line against what is stored: an input whose vendor fields the listing does not carry
 * at all keeps its stored value (a server that lists only the documented fields does not make
 * every other field look removed). The password is never listed, and the kit keeps it.
 */
export function liveLine(record: VendorRecord, stored: Partial<LineInputs>): LiveRecord {
    const live = fromVendor(record);
    for (const [input, fields] of Object.entries(LISTED_AS)) {
        const value = (stored as Record<string, unknown>)[input];
        if (!fields.some((field) => field in record) && value !== undefined) live.inputs[input] = value;
    }
    return live;
}

/** A line as the cache of references.ts holds it (its label rule, copied): so a DID checked after this process made the line finds it. */
function asReference(record: VendorRecord): { id: number; name: string } {
    return { id: integer(record.id), name: text(record.nome ?? record.descricao ?? record.callerid ?? record.username ?? record.ramal) };
}

// ---------------------------------------------------------------------------------------------
// Calls

/** The customer's raw lines, and every customer's (`/0`, what export and drift read). */
const listKeys = (customerId: number) => [`${LIST_METHOD}/records/${customerId}`, `${LIST_METHOD}/records/0`];
/** Where references.ts caches the customer's lines for reference checks, in its own shape. */
const referenceKey = (customerId: number) => `${LIST_METHOD}/${customerId}`;
const listedId = (record: Record<string, unknown>) => String(integer(record.id));

/**
 * GET /api/listDevices/T/K/{customerId}: the customer's lines, once per customer per process and
 * kept true by this process's writes (kit/listCache.ts); `fresh` lists again, to resolve a create
 * whose answer was lost. `0` lists every customer's (this emulator's reading; the page says the
 * customer is required). A server that lists other customers' lines too is filtered here.
 */
export function listLines(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    const load = async () => {
        const records = await client.list({ name: "listDevices", apiMethod: LIST_METHOD, id: customerId });
        return records.filter((record) => customerId === 0 || Number.isNaN(customerOf(record)) || customerOf(record) === customerId);
    };
    const cacheKey = listKeys(customerId)[0];
    return fresh ? client.lists.fresh(cacheKey, load) : client.lists.get(cacheKey, load);
}

/**
 * A write this process made, into the cached lists, in the shape each holds: the fields sent over
 * the listed ones (an update is a merge, and NextBilling keeps what was not sent), without the
 * password, which the listing never shows; `undefined` takes the line out.
 */
function writeThrough(client: NextBillingClient, id: number, fields: VendorLine | undefined, customerId: number, createdAt?: number): void {
    const record = (before: VendorRecord | undefined): VendorRecord => {
        const { password: _password, customer_id: _customer, ...listed } = fields!;
        return { ...before, ...listed, id, id_cliente: customerId };
    };
    for (const key of listKeys(customerId)) {
        if (!fields) client.lists.drop<VendorRecord>(key, String(id), listedId);
        else if (createdAt !== undefined) client.lists.add<VendorRecord>(key, String(id), listedId, record, createdAt);
        else client.lists.put<VendorRecord>(key, String(id), listedId, record);
    }
    if (!fields) client.lists.drop(referenceKey(customerId), String(id), listedId);
    else {
        const reference = asReference(record(undefined));
        // The name a listing gave it (`nome`, set in the panel) stays: no write of ours changes it.
        client.lists.put<{ id: number; name: string }>(referenceKey(customerId), String(id), listedId, (listed) => listed ?? reference);
    }
}

/** After a write whose outcome is unknown, only the vendor can say what it holds. */
function forget(client: NextBillingClient, customerId: number): void {
    for (const key of [...listKeys(customerId), referenceKey(customerId)]) client.lists.invalidate(key);
}

/**
 * Whether a failure says this server lacks the call itself, not that it refused this line: 404 or
 * 405 for the method, or an answer that is not NextBilling's JSON (a panel's page under HTTP 200).
 */
export function lacksCall(error: unknown): boolean {
    if (!(error instanceof TelephonyError) || error.status === undefined) return false;
    return error.status === 404 || error.status === 405 || (error.cause === "server" && error.status < 300);
}

/** PUT /api/manageDevices/T/K/1: creates; answers `new_record`. */
export async function createLine(client: NextBillingClient, fields: VendorLine): Promise<number> {
    const customerId = Number(fields.customer_id);
    const sentAt = client.lists.mark();
    try {
        const id = await client.create({ name: "createLine", apiMethod: WRITE_METHOD, id: 1, json: fields });
        writeThrough(client, id, fields, customerId, sentAt);
        return id;
    } catch (error) {
        forget(client, customerId);
        throw error;
    }
}

/** POST /api/manageDevices/T/K/1 with `id_record` (assumed): the declared fields, so repeating it is harmless. */
export async function updateLine(client: NextBillingClient, id: number, fields: VendorLine): Promise<void> {
    const customerId = Number(fields.customer_id);
    try {
        await client.call({
            name: "updateLine",
            method: "POST",
            apiMethod: WRITE_METHOD,
            id: 1,
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
 * DELETE /api/manageDevices/T/K/1?id_record=N (assumed). Resolves `false` when this server has no
 * such delete; a refusal (the line is in use: "Linha 30 em uso: DID 12") is thrown with its text.
 */
export async function deleteLine(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    if (client.undocumented.lacks(DELETE_CALL)) return false;
    try {
        await client.call({
            name: "deleteLine",
            method: "DELETE",
            apiMethod: WRITE_METHOD,
            id: 1,
            query: { id_record: id },
            safeToRepeat: true,
        });
        writeThrough(client, id, undefined, customerId);
        return true;
    } catch (error) {
        forget(client, customerId);
        if (!lacksCall(error)) throw error;
        // A 404 may be about the record rather than the method: a line that is gone is a delete done.
        const lines = await listLines(client, customerId, true).catch(() => undefined);
        if (lines && !lines.some((record) => integer(record.id) === id)) return true;
        client.undocumented.failed(DELETE_CALL, "destroy leaves lines at NextBilling, to be removed in the panel", error);
        return false;
    }
}
