import { createHash, timingSafeEqual } from "node:crypto";
import { RING_STRATEGIES, type NextBillingState, type RingGroup, type RingStrategy, type Store } from "./store";

/** The vendor documents 413 for bodies over 128 KB. */
export const NEXTBILLING_BODY_LIMIT = 131_072;

/**
 * Every text the emulated vendor answers with, in one place. The vendor's real texts are not
 * documented (only their Portuguese flavour and HTTP statuses are); these are the sandbox's choice.
 */
export const NEXTBILLING_REASONS = {
    ok: "OK",
    badCredentials: "Token ou chave de API inválidos",
    unknownMethod: (method: string) => `Método não encontrado: ${method}`,
    unknownAddress: "Endereço não encontrado",
    httpMethodNotAllowed: (httpMethod: string) => `Método HTTP não permitido: ${httpMethod}`,
    tooLarge: "Requisição excede o limite de 128 KB",
    invalidJson: "Requisição incompleta: corpo JSON inválido",
    noBody: "Requisição incompleta: corpo JSON ausente",
    missing: (field: string) => `Parâmetro obrigatório ausente: ${field}`,
    invalidValue: (field: string, value: unknown) => `Valor inválido para ${field}: ${shown(value)}`,
    customerNotFound: (customer: unknown) => `Cliente não encontrado: ${shown(customer)}`,
    invalidStrategy: (strategy: unknown) => `Estratégia inválida: ${shown(strategy)} (use ringall, random ou linear)`,
    invalidStatus: (status: unknown) => `Status inválido: ${shown(status)} (use 0 ou 1)`,
    devicesRequired: "devices deve ser uma lista com ao menos uma linha",
    lineNotOwned: (line: number, customer: number) => `Linha ${line} não pertence ao cliente ${customer}`,
    recordNotFound: (record: unknown) => `Registro não encontrado: ${shown(record)}`,
    internalError: "Erro interno do servidor",
} as const;

const R = NEXTBILLING_REASONS;

export interface Credentials {
    token: string;
    key: string;
}

export interface NextBillingRequest {
    httpMethod: string;
    /** Decoded path segments after `/api/`: method, token, key, then the optional id. */
    segments: string[];
    query: URLSearchParams;
    /** The raw body, or "too-large" when it passed NEXTBILLING_BODY_LIMIT (the rest was discarded). */
    body: Buffer | "too-large";
}

export interface NextBillingAnswer {
    status: number;
    /** The exact text to send: the vendor's JSON is not always valid JSON (see `created`). */
    text: string;
    /** True when the vendor accepted a write, so callers can count writes without knowing the methods. */
    wrote: boolean;
}

interface VendorCall {
    httpMethod: string;
    id: string | undefined;
    query: URLSearchParams;
    body: Record<string, unknown> | undefined;
}

type MethodHandler = (call: VendorCall, store: Store) => NextBillingAnswer;

/** A Map, not an object literal, so names like "constructor" are unknown methods rather than prototype hits. */
const METHODS = new Map<string, MethodHandler>([["manageRingGroups", manageRingGroups]]);

export function answerNextBilling(request: NextBillingRequest, store: Store, credentials: Credentials): NextBillingAnswer {
    if (request.body === "too-large") return refuse(413, R.tooLarge);
    const [method = "", token, key, id, ...extra] = request.segments;
    const handler = METHODS.get(method);
    if (!handler) return refuse(404, R.unknownMethod(method));
    if (!sameSecret(token, credentials.token) || !sameSecret(key, credentials.key)) return refuse(403, R.badCredentials);
    if (extra.length > 0) return refuse(404, R.unknownAddress);
    const body = parseBody(request.body);
    if (body === "invalid") return refuse(400, R.invalidJson);
    return handler({ httpMethod: request.httpMethod, id, query: request.query, body }, store);
}

/** Only objects are bodies the vendor's methods understand; anything else is an incomplete request. */
function parseBody(raw: Buffer): Record<string, unknown> | undefined | "invalid" {
    if (raw.length === 0) return undefined;
    try {
        const parsed: unknown = JSON.parse(raw.toString("utf8"));
        return isRecord(parsed) ? parsed : "invalid";
    } catch {
        return "invalid";
    }
}

function manageRingGroups(call: VendorCall, store: Store): NextBillingAnswer {
    switch (call.httpMethod) {
        case "GET":
            return listRingGroups(call.id ?? "0", store.state.nextbilling);
        case "PUT":
            return call.body ? createRingGroup(call.body, store) : refuse(400, R.noBody);
        case "POST":
            return call.body ? updateRingGroup(call.body, store) : refuse(400, R.noBody);
        case "DELETE":
            return deleteRingGroup(call.query.get("id_record"), store);
        default:
            return refuse(405, R.httpMethodNotAllowed(call.httpMethod));
    }
}

/** `0` lists every group the token sees (this sandbox has one master token, so all of them). */
function listRingGroups(scope: string, nb: NextBillingState): NextBillingAnswer {
    const customer = toId(scope);
    if (customer === undefined || (customer !== 0 && !nb.customers.some((c) => c.id === customer))) {
        return refuse(200, R.customerNotFound(scope));
    }
    const data = nb.ringGroups
        .filter((group) => customer === 0 || group.id_cliente === customer)
        .sort((a, b) => a.id - b.id)
        .map(listedRingGroup);
    return answer(200, JSON.stringify({ error: 0, reason: R.ok, records: data.length, data }));
}

/** NextBilling lists carry every value as a string, ids inside arrays included. */
function listedRingGroup(group: RingGroup): Record<string, string | string[]> {
    return {
        id: String(group.id),
        id_cliente: String(group.id_cliente),
        descricao: group.descricao,
        strategy: group.strategy,
        devices: group.devices.map(String),
        status: String(group.status),
    };
}

function createRingGroup(body: Record<string, unknown>, store: Store): NextBillingAnswer {
    const verdict = checkRingGroup(body, store.state.nextbilling);
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    const id = store.update((draft) => addRingGroup(draft.nextbilling, verdict.value));
    return created(id);
}

function updateRingGroup(body: Record<string, unknown>, store: Store): NextBillingAnswer {
    const missing = isMissing(body.id_record) ? "id_record" : missingRingGroupField(body);
    if (missing) return refuse(422, R.missing(missing));
    const id = toId(body.id_record);
    if (id === undefined || !store.state.nextbilling.ringGroups.some((group) => group.id === id)) {
        return refuse(200, R.recordNotFound(body.id_record));
    }
    const verdict = checkRingGroup(body, store.state.nextbilling);
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    store.update((draft) => replaceRingGroup(draft.nextbilling, id, verdict.value));
    return written();
}

function deleteRingGroup(record: string | null, store: Store): NextBillingAnswer {
    if (isMissing(record)) return refuse(422, R.missing("id_record"));
    const id = toId(record);
    if (id === undefined || !store.state.nextbilling.ringGroups.some((group) => group.id === id)) {
        return refuse(200, R.recordNotFound(record));
    }
    store.update((draft) => removeRingGroup(draft.nextbilling, id));
    return written();
}

export type RingGroupFields = Omit<RingGroup, "id">;

export type Verdict<T> = { ok: true; value: T } | { ok: false; status: 200 | 422; reason: string };

const RING_GROUP_FIELDS = ["id_cliente", "descricao", "strategy", "devices", "status"] as const;

function missingRingGroupField(input: Record<string, unknown>): string | undefined {
    return RING_GROUP_FIELDS.find((field) => isMissing(input[field]));
}

/**
 * The vendor's rules for a ring group, shared with the admin API (the web panel enforces the same).
 * Numbers may come as numbers or numeric strings. Duplicate descriptions and repeated devices are
 * accepted, as the vendor does: guarding against them is the provider's job.
 */
export function checkRingGroup(input: Record<string, unknown>, nb: NextBillingState): Verdict<RingGroupFields> {
    const missing = missingRingGroupField(input);
    if (missing) return { ok: false, status: 422, reason: R.missing(missing) };
    const refusal = (reason: string): Verdict<RingGroupFields> => ({ ok: false, status: 200, reason });

    const customer = toId(input.id_cliente);
    if (customer === undefined) return refusal(R.invalidValue("id_cliente", input.id_cliente));
    if (!nb.customers.some((c) => c.id === customer)) return refusal(R.customerNotFound(customer));
    if (typeof input.descricao !== "string") return refusal(R.invalidValue("descricao", input.descricao));
    if (!isStrategy(input.strategy)) return refusal(R.invalidStrategy(input.strategy));
    const status = toId(input.status);
    if (status !== 0 && status !== 1) return refusal(R.invalidStatus(input.status));
    if (!Array.isArray(input.devices) || input.devices.length === 0) return refusal(R.devicesRequired);
    const devices: number[] = [];
    for (const device of input.devices as unknown[]) {
        const line = toId(device);
        if (line === undefined) return refusal(R.invalidValue("devices", device));
        if (!nb.lines.some((l) => l.id === line && l.id_cliente === customer)) return refusal(R.lineNotOwned(line, customer));
        devices.push(line);
    }
    return { ok: true, value: { id_cliente: customer, descricao: input.descricao, strategy: input.strategy, devices, status } };
}

/** Mutators for a draft state, shared with the admin API so ids are handed out in one place. */
export function addRingGroup(nb: NextBillingState, fields: RingGroupFields): number {
    const id = nb.nextId.ringGroup++;
    nb.ringGroups.push({ id, ...fields });
    return id;
}

export function replaceRingGroup(nb: NextBillingState, id: number, fields: RingGroupFields): void {
    const index = nb.ringGroups.findIndex((group) => group.id === id);
    if (index >= 0) nb.ringGroups[index] = { id, ...fields };
}

export function removeRingGroup(nb: NextBillingState, id: number): void {
    nb.ringGroups = nb.ringGroups.filter((group) => group.id !== id);
}

/** Non-negative integers, given as numbers or as digit strings ("9", "09"). */
export function toId(value: unknown): number | undefined {
    const number = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
    return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

function isStrategy(value: unknown): value is RingStrategy {
    return typeof value === "string" && (RING_STRATEGIES as readonly string[]).includes(value);
}

function isMissing(value: unknown): boolean {
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Compares digests so the time taken says nothing about how much of a guessed secret was right. */
function sameSecret(given: string | undefined, expected: string): boolean {
    if (given === undefined) return false;
    const digest = (text: string) => createHash("sha256").update(text).digest();
    return timingSafeEqual(digest(given), digest(expected));
}

function shown(value: unknown): string {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function answer(status: number, text: string, wrote = false): NextBillingAnswer {
    return { status, text, wrote };
}

function refuse(status: number, reason: string): NextBillingAnswer {
    return answer(status, JSON.stringify({ error: 1, reason }));
}

function written(): NextBillingAnswer {
    return answer(200, JSON.stringify({ error: 0, reason: R.ok }), true);
}

/** The vendor's documented create answer ends in `,}`, which is not valid JSON; clients must cope with it, so the sandbox sends it verbatim. */
function created(id: number): NextBillingAnswer {
    return answer(200, `{"error":0,"reason":"OK","new_record":${id},}`, true);
}
