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
import { isDeepStrictEqual } from "node:util";
import type { LiveRecord } from "../../kit/resource";
import type { NextBillingClient } from "../client";
import { CustomerRecords } from "../customerRecords";
import { bit, customerOf, flag, integer, isSet, text, textList, type VendorRecord } from "../records";
import type { LineFollowMe, LineFunction, LineFunctionType, LineMedia } from "./Line";
import { lineSchema, type LineInputs } from "./schema";

const WRITE_METHOD = "manageDevices";
const LIST_METHOD = "listDevices";

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
    } else {
        // No addresses: an update is a merge, and a line moved off IP auth would keep its old ones,
        // which listDevices (no `auth` in its documented answer) would show, read back as IP auth.
        fields.domain = [];
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

/** The inputs a line has when only its customer and username are given (its schema's defaults). */
const DEFAULTS: Record<string, unknown> = lineSchema.parse({ customerId: 1, username: "defaults" });

/**
 * A listed line against what is stored (or declared, when adopting): an input whose vendor fields
 * the listing does not carry at all keeps that value (a server that lists only the documented
 * fields does not make every other field look removed), and is `unseen` unless it is the default:
 * adoption sends what it cannot compare, but does not rewrite a panel's line for a value nobody
 * declared. The password is never listed, and the kit keeps it.
 */
export function liveLine(record: VendorRecord, stored: Partial<LineInputs>): LiveRecord {
    const live = fromVendor(record);
    const unseen: string[] = [];
    for (const [input, fields] of Object.entries(LISTED_AS)) {
        const value = (stored as Record<string, unknown>)[input];
        if (fields.some((field) => field in record) || value === undefined) continue;
        live.inputs[input] = value;
        if (!isDeepStrictEqual(value, DEFAULTS[input])) unseen.push(input);
    }
    if (unseen.length > 0) live.unseen = unseen;
    return live;
}

// ---------------------------------------------------------------------------------------------
// Calls (customerRecords.ts: list cache, write-through, the writes a server lacks)

/**
 * Listed by listDevices, written by manageDevices/1. A write goes into the cached lists as the
 * fields sent over the listed ones (an update is a merge: NextBilling keeps what was not sent),
 * without the password, which the listing never shows, and with the customer as `id_cliente`.
 * The name a listing gave a line (`nome`, set in the panel) stays: no write of ours changes it.
 */
export const LINES = new CustomerRecords({
    listMethod: LIST_METHOD,
    writeMethod: WRITE_METHOD,
    writeSegment: 1,
    names: { list: "listDevices", create: "createLine", update: "updateLine", delete: "deleteLine" },
    noun: "line",
    assumed: { create: false, update: true, delete: true },
    listed(fields, before, id, customerId) {
        const { password: _password, customer_id: _customer, ...listed } = fields;
        return { ...before, ...listed, id, id_cliente: customerId };
    },
    label: (record) => record.nome ?? record.descricao ?? record.callerid ?? record.username ?? record.ramal,
});

/**
 * GET /api/listDevices/T/K/{customerId}: the customer's lines. `0` lists every customer's (this
 * emulator's reading; the page says the customer is required).
 */
export function listLines(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    return LINES.list(client, customerId, fresh);
}

/** PUT /api/manageDevices/T/K/1: creates; answers `new_record`. */
export function createLine(client: NextBillingClient, fields: VendorLine): Promise<number> {
    return LINES.create(client, fields, Number(fields.customer_id));
}

/** POST /api/manageDevices/T/K/1 with `id_record` (assumed): the declared fields, so repeating it is harmless. */
export function updateLine(client: NextBillingClient, id: number, fields: VendorLine): Promise<void> {
    return LINES.update(client, id, fields, Number(fields.customer_id));
}

/**
 * DELETE /api/manageDevices/T/K/1?id_record=N (assumed). Resolves `false` when this server has no
 * such delete; a refusal (the line is in use: "Linha 30 em uso: DID 12") is thrown with its text.
 */
export function deleteLine(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    return LINES.delete(client, id, customerId);
}
