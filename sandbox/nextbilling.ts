import { createHash, timingSafeEqual } from "node:crypto";
import {
    DID_TYPES,
    RING_STRATEGIES,
    type Did,
    type DidType,
    type Flag,
    type NextBillingState,
    type RingGroup,
    type RingStrategy,
    type Store,
} from "./store";
import { listDevices, manageDevices, manageIvr, manageQueue, manageTimeProfiles, ringGroupUse } from "./nextbillingTenant";
import { HTML_CONTENT_TYPE, htmlPage, type Variants } from "./variants";

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
    /** What a server without a DID list answers for record 0, and for a DID delete it does not do (variants). */
    recordNotFoundBare: "Registro não encontrado",
    invalidDidNumber: (number: unknown) => `Número de DID inválido: ${shown(number)} (use apenas dígitos)`,
    didTaken: (number: string) => `DID já cadastrado: ${number}`,
    invalidDidType: (type: unknown) => `Tipo de DID inválido: ${shown(type)} (use 0, 1, 4, 5, 6, 8, 9 ou 10)`,
    requiredForDidType: (field: string, type: number) => `${field} obrigatório para did_type ${type}`,
    queueNotOwned: (queue: number, customer: number) => `Fila ${queue} não pertence ao cliente ${customer}`,
    ivrNotOwned: (ivr: number, customer: number) => `URA ${ivr} não pertence ao cliente ${customer}`,
    invalidAddress: (field: string, value: unknown) => `Endereço inválido para ${field}: ${shown(value)} (use IPv4 ou nome de host)`,
    invalidPort: (field: string, value: unknown) => `Porta inválida para ${field}: ${shown(value)} (use 1 a 65535)`,
    invalidFlag: (field: string, value: unknown) => `Valor inválido para ${field}: ${shown(value)} (use 0 ou 1)`,
    // Lines, queues, IVRs and time profiles (sandbox/nextbillingTenant.ts; the contract in docs/emulator.md).
    usernameTaken: (username: string) => `Usuário já cadastrado: ${username}`,
    requiredWhen: (field: string, condition: string) => `${field} obrigatório quando ${condition}`,
    invalidQueueStrategy: (strategy: unknown) =>
        `Estratégia inválida: ${shown(strategy)} (use ringall, rrmemory, random, fewestcalls ou linear)`,
    overflowNotOwned: (queue: number, customer: number) => `Fila de transbordo ${queue} não pertence ao cliente ${customer}`,
    overflowSelf: (queue: number) => `Fila de transbordo ${queue} não pode ser a própria fila`,
    timeProfileNotOwned: (profile: number, customer: number) => `Perfil de horário ${profile} não pertence ao cliente ${customer}`,
    invalidTime: (field: string, value: unknown) => `Horário inválido em ${field}: ${shownOrEmpty(value)}`,
    /** `path` names the action: `closed_action`, `action1`, `options.<digit>`; `why` is one of the three below. */
    invalidTarget: (path: string, why: string) => `Destino inválido em ${path}: ${why}`,
    targetNotOwned: (kind: string, id: number, customer: number) => `${kind} ${id} não pertence ao cliente ${customer}`,
    unknownAction: (action: unknown) =>
        `ação desconhecida: ${shownOrEmpty(action)} (use hangup, voicemail, device, queue, ivr, ringgroup ou external)`,
    invalidActionData: (data: unknown) => `action_data inválido: ${shownOrEmpty(data)}`,
    invalidOption: (key: string) => `Opção inválida em options: ${key} (use 0 a 9, * ou #)`,
    /** `record` "Linha 30", "Fila 12", "URA 7", "Perfil de horário 3", "Grupo de chamadas 2"; `user` "DID 12", "fila 12", … */
    inUse: (record: string, user: string) => `${record} em uso: ${user}`,
    internalError: "Erro interno do servidor",
    // Only ever sent by injected faults (`failNext`), which must look like the vendor whatever the status.
    incomplete: "Requisição incompleta",
    tooManyRequests: "Muitas requisições, tente novamente mais tarde",
    unavailable: "Serviço temporariamente indisponível",
    refusedWithStatus: (status: number) => `Requisição recusada (HTTP ${status})`,
    serverErrorWithStatus: (status: number) => `Erro no servidor (HTTP ${status})`,
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
    /** Only set when the answer is not JSON (a variant's HTML page). */
    headers?: Record<string, string>;
}

export interface VendorCall {
    httpMethod: string;
    id: string | undefined;
    query: URLSearchParams;
    body: Record<string, unknown> | undefined;
    /** How undocumented answers are written (sandbox/variants.ts); never what is stored. */
    variants: Variants;
}

type MethodHandler = (call: VendorCall, store: Store) => NextBillingAnswer;

/** A Map, not an object literal, so names like "constructor" are unknown methods rather than prototype hits. */
const METHODS = new Map<string, MethodHandler>([
    ["manageRingGroups", manageRingGroups],
    ["manageDID", manageDid],
    // Called through arrows: nextbillingTenant.ts imports this module's helpers, so whichever of the
    // two loads first, the other's functions are only looked up when a request arrives.
    ["listDevices", (call, store) => listDevices(call, store)],
    ["manageDevices", (call, store) => manageDevices(call, store)],
    ["manageQueue", (call, store) => manageQueue(call, store)],
    ["manageIvr", (call, store) => manageIvr(call, store)],
    ["manageTimeProfiles", (call, store) => manageTimeProfiles(call, store)],
    ["statusCustomer", statusCustomer],
]);

export function answerNextBilling(
    request: NextBillingRequest,
    store: Store,
    credentials: Credentials,
    variants: Variants,
): NextBillingAnswer {
    if (request.body === "too-large") return refuse(413, R.tooLarge);
    const [method = "", token, key, id, ...extra] = request.segments;
    const handler = METHODS.get(method);
    if (!handler) return refuse(404, R.unknownMethod(method));
    if (!sameSecret(token, credentials.token) || !sameSecret(key, credentials.key)) return refuse(403, R.badCredentials);
    if (extra.length > 0) return refuse(404, R.unknownAddress);
    const body = parseBody(request.body);
    if (body === "invalid") return refuse(400, R.invalidJson);
    return handler({ httpMethod: request.httpMethod, id, query: request.query, body, variants }, store);
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
            return listRingGroups(call.id ?? "0", store.state.nextbilling, call.variants);
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

/**
 * `0` lists every group the token sees (this sandbox has one master token, so all of them). The
 * answer is undocumented: its shape, value types and `devices` follow the variants.
 */
function listRingGroups(scope: string, nb: NextBillingState, variants: Variants): NextBillingAnswer {
    const customer = toId(scope);
    if (customer === undefined || (customer !== 0 && !nb.customers.some((c) => c.id === customer))) {
        return refuse(200, R.customerNotFound(scope));
    }
    const rows = nb.ringGroups
        .filter((group) => customer === 0 || group.id_cliente === customer)
        .map((group) => ({ id: group.id, customer: group.id_cliente, record: listedRingGroup(group, variants) }));
    return answer(200, JSON.stringify(undocumentedList(rows, nb, variants)));
}

function listedRingGroup(group: RingGroup, variants: Variants): ListedRecord {
    const { id, id_cliente, descricao, strategy, status } = group;
    const record = valuesAs({ id, id_cliente, descricao, strategy, devices: group.devices, status }, variants.nextbillingValues);
    record.devices = listedDevices(group.devices, variants);
    return record;
}

/** A list of line ids (a ring group's or a queue's `devices`) as `ringGroupDevices` writes it; the array's values per `nextbillingValues`. */
export function listedDevices(devices: readonly number[], variants: Variants): ListedValue {
    if (variants.ringGroupDevices === "csv") return devices.join(",");
    if (variants.ringGroupDevices === "brackets") return `[${devices.join(",")}]`;
    return variants.nextbillingValues === "numbers" ? [...devices] : devices.map(String);
}

export type ListedValue = string | number | null | ListedValue[] | { [field: string]: ListedValue };
export type ListedRecord = Record<string, ListedValue>;

/**
 * `strings`: every number a string, in arrays and nested objects too (`{"id":"23"}`); `numbers`: each
 * value in its stored type. Texts and nulls stay as they are; objects keep their nesting in both.
 */
export function valuesAs(record: ListedRecord, values: Variants["nextbillingValues"]): ListedRecord {
    if (values === "numbers") return { ...record };
    return fieldsAsText(record);
}

// Plain loops: a list of 10,000 DIDs is 300,000 values, and entries/fromEntries cost five times as much.
function fieldsAsText(record: { [field: string]: ListedValue }): { [field: string]: ListedValue } {
    const texts: { [field: string]: ListedValue } = {};
    for (const field in record) texts[field] = asText(record[field]!);
    return texts;
}

function asText(value: ListedValue): ListedValue {
    if (value === null) return null;
    if (Array.isArray(value)) return value.map(asText);
    if (typeof value === "object") return fieldsAsText(value);
    return String(value);
}

export interface ListRow {
    id: number;
    /** The customer the record belongs to, for the nested and keyed shapes. */
    customer: number;
    record: ListedRecord;
}

/**
 * An undocumented list answer in the `nextbillingLists` shape. Rows come out by customer, then id
 * (flat: by id); nested blocks only for customers with records, their outer values numbers as in
 * the documented listDevices.
 */
export function undocumentedList(rows: ListRow[], nb: NextBillingState, variants: Variants): Record<string, unknown> {
    const sorted = [...rows].sort((a, b) => a.id - b.id);
    if (variants.nextbillingLists === "flat") {
        return { error: 0, reason: R.ok, records: sorted.length, data: sorted.map((row) => row.record) };
    }
    const byCustomer = new Map<number, ListedRecord[]>();
    for (const row of [...sorted].sort((a, b) => a.customer - b.customer || a.id - b.id)) {
        const records = byCustomer.get(row.customer);
        if (records) records.push(row.record);
        else byCustomer.set(row.customer, [row.record]);
    }
    if (variants.nextbillingLists === "keyed") {
        return {
            error: 0,
            reason: R.ok,
            records: sorted.length,
            data: Object.fromEntries([...byCustomer].map(([c, r]) => [String(c), r])),
        };
    }
    const data = [...byCustomer].map(([customer, records]) => customerBlock(customer, records, nb));
    return { error: 0, reason: R.ok, records: data.length, data };
}

/** One customer's block of a nested list, as the documented listDevices example writes it. */
export function customerBlock(customer: number, records: unknown[], nb: NextBillingState): Record<string, unknown> {
    const name = nb.customers.find((c) => c.id === customer)?.nome_fantasia ?? "";
    return { id_cliente: customer, nome_fantasia: name, records: records.length, data: records };
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
    const stored = store.state.nextbilling.ringGroups.find((group) => group.id === id);
    if (id === undefined || !stored) return refuse(200, R.recordNotFound(body.id_record));
    const verdict = checkRingGroup(body, store.state.nextbilling);
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    // Moved to another customer while an IVR of its customer rings it: refused, as the tenant's records are.
    const use = verdict.value.id_cliente !== stored.id_cliente ? ringGroupUse(store.state.nextbilling, id) : undefined;
    if (use) return refuse(200, R.inUse(`Grupo de chamadas ${id}`, use));
    store.update((draft) => replaceRingGroup(draft.nextbilling, id, verdict.value));
    return written();
}

/** Refused while an IVR's action rings the group, as the other deletes are while their record is in use (the sandbox's choice). */
function deleteRingGroup(record: string | null, store: Store): NextBillingAnswer {
    if (isMissing(record)) return refuse(422, R.missing("id_record"));
    const id = toId(record);
    if (id === undefined || !store.state.nextbilling.ringGroups.some((group) => group.id === id)) {
        return refuse(200, R.recordNotFound(record));
    }
    const use = ringGroupUse(store.state.nextbilling, id);
    if (use) return refuse(200, R.inUse(`Grupo de chamadas ${id}`, use));
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

// ---- DIDs (manageDID, seed 001) -----------------------------------------------------------------

/**
 * Only PUT (create) and POST `/{id}` (partial update) are documented. GET `/{id}` (one record,
 * `/0` = all) and DELETE `?id_record=N` are this project's assumption (docs/vendors/nextbilling.md), answered
 * as the `didLookup` and `didDelete` variants say. A PUT with an id segment creates all the same, as
 * ring groups do.
 */
function manageDid(call: VendorCall, store: Store): NextBillingAnswer {
    switch (call.httpMethod) {
        case "GET":
            return showDids(call.id ?? "0", store.state.nextbilling, call.variants);
        case "PUT":
            return call.body ? createDid(call.body, store) : refuse(400, R.noBody);
        case "POST":
            if (!call.body) return refuse(400, R.noBody);
            return isMissing(call.id) ? refuse(422, R.missing("id")) : updateDid(call.id!, call.body, store);
        case "DELETE":
            return deleteDid(call.query.get("id_record"), store, call.variants);
        default:
            return refuse(405, R.httpMethodNotAllowed(call.httpMethod));
    }
}

/** What a server that does not do an undocumented DID call answers instead (the variants other than "supported"). */
function unsupportedDidCall(variant: "404" | "405" | "html" | "notFound", httpMethod: string): NextBillingAnswer {
    switch (variant) {
        case "404":
            return refuse(404, R.unknownMethod("manageDID"));
        case "405":
            return refuse(405, R.httpMethodNotAllowed(httpMethod));
        case "html":
            return panelLoginPage();
        case "notFound":
            return refuse(200, R.recordNotFoundBare);
    }
}

function showDids(scope: string, nb: NextBillingState, variants: Variants): NextBillingAnswer {
    const lookup = variants.didLookup;
    if (lookup === "unexpected") return answer(200, JSON.stringify({ error: 0, reason: R.ok, data: "ok" }));
    if (lookup !== "supported" && (lookup !== "notFound" || toId(scope) === 0)) return unsupportedDidCall(lookup, "GET");
    const id = toId(scope);
    const dids = id === 0 ? nb.dids : nb.dids.filter((did) => did.id === id);
    if (id === undefined || (id !== 0 && dids.length === 0)) return refuse(200, R.recordNotFound(scope));
    const rows = dids.map((did) => ({ id: did.id, customer: did.customer_id, record: listedDid(did, variants) }));
    return answer(200, JSON.stringify(undocumentedList(rows, nb, variants)));
}

/** Every field of the PUT body, in the vendor's order: what GET lists (but `password`) and the admin API edits. */
export const DID_FIELDS = [
    "customer_id",
    "description",
    "rate_id",
    "rate_cost_id",
    "did_number",
    "did_type",
    "did_type_id",
    "device_id",
    "host",
    "port",
    "username",
    "password",
    "techprefix1",
    "ip_address1",
    "port1",
    "techprefix2",
    "ip_address2",
    "port2",
    "callerid_add",
    "max_calls",
    "play_audio",
    "hide_from_reseller",
    "enable_fixed",
    "enable_mobile",
    "enable_ddi",
    "register",
    "status",
    "annotations",
    "host_additional",
] as const satisfies readonly (keyof Did)[];

/**
 * `password` is write-only: the vendor documents no read, and a read that echoed a SIP secret would
 * put it in every client's state and logs. So GET leaves it out (the field is absent, not blank)
 * and a client cannot tell the stored password from a read; it must keep its own.
 */
const WRITE_ONLY_DID_FIELDS: readonly string[] = ["password"];

/** The list record: the vendor's field names but `password`, values per `nextbillingValues`; unset optional numbers stay `null`. */
function listedDid(did: Did, variants: Variants): ListedRecord {
    // One pass, the values made text on the way when the variant says so: a list of 10,000 DIDs is 300,000 of them.
    const value = variants.nextbillingValues === "numbers" ? (field: ListedValue) => field : asText;
    const listed: ListedRecord = { id: value(did.id) };
    for (const field of LISTED_DID_FIELDS) listed[field] = value(did[field] as ListedValue);
    return listed;
}

const LISTED_DID_FIELDS = DID_FIELDS.filter((field) => !WRITE_ONLY_DID_FIELDS.includes(field));

function createDid(body: Record<string, unknown>, store: Store): NextBillingAnswer {
    const verdict = checkDid(body, store.state.nextbilling);
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    const id = store.update((draft) => addDid(draft.nextbilling, verdict.value));
    return created(id);
}

/** Partial, as the vendor's POST example sends only some fields: those given replace the stored ones, then the whole record is re-checked. */
function updateDid(segment: string, body: Record<string, unknown>, store: Store): NextBillingAnswer {
    const id = toId(segment);
    const stored = store.state.nextbilling.dids.find((did) => did.id === id);
    if (id === undefined || !stored) return refuse(200, R.recordNotFound(segment));
    const verdict = checkDid(mergeDid(stored, body), store.state.nextbilling, id);
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    store.update((draft) => replaceDid(draft.nextbilling, id, verdict.value));
    return written();
}

function deleteDid(record: string | null, store: Store, variants: Variants): NextBillingAnswer {
    if (variants.didDelete !== "supported") return unsupportedDidCall(variants.didDelete, "DELETE");
    if (isMissing(record)) return refuse(422, R.missing("id_record"));
    const id = toId(record);
    if (id === undefined || !store.state.nextbilling.dids.some((did) => did.id === id)) return refuse(200, R.recordNotFound(record));
    store.update((draft) => removeDid(draft.nextbilling, id));
    return written();
}

export type DidFields = Omit<Did, "id">;

/** The stored fields of `did` overlaid with the `change` fields a caller gave (unknown fields ignored). */
export function mergeDid(did: Did, change: Record<string, unknown>): Record<string, unknown> {
    const { id: _id, ...fields } = did;
    const given = Object.fromEntries(Object.entries(change).filter(([field]) => (DID_FIELDS as readonly string[]).includes(field)));
    return { ...fields, ...given };
}

/**
 * What a field not given (or given as null / "") becomes: optional numbers null, texts "", and the
 * flags what the panel would preselect for a new DID (the vendor documents no defaults; these are
 * the sandbox's choice): active, plays busy/no-answer audio, takes national fixed and mobile calls.
 */
export function didDefaults(): Omit<DidFields, "customer_id" | "did_number"> {
    return {
        description: "",
        rate_id: null,
        rate_cost_id: null,
        did_type: null,
        did_type_id: null,
        device_id: null,
        host: "",
        port: null,
        username: "",
        password: "",
        techprefix1: "",
        ip_address1: "",
        port1: null,
        techprefix2: "",
        ip_address2: "",
        port2: null,
        callerid_add: "",
        max_calls: null,
        play_audio: 1,
        hide_from_reseller: 0,
        enable_fixed: 1,
        enable_mobile: 1,
        enable_ddi: 0,
        register: 0,
        status: 1,
        annotations: "",
        host_additional: [],
    };
}

/** Types whose companion is `device_id`, the line that pays the call. */
export const DID_TYPES_WITH_LINE: readonly number[] = [0, 1, 4, 9];

/** A business refusal thrown by a record reader, answered as HTTP 200 `error:1` with its reason. */
export class Refusal {
    constructor(readonly reason: string) {}
}

export function fail(reason: string): never {
    throw new Refusal(reason);
}

/**
 * The vendor's rules for a DID, shared with the admin API. Numbers may come as numbers or numeric
 * strings, flags as 0/1, "0"/"1" or booleans. `self` is the record being updated, so its own
 * number does not count as taken.
 */
export function checkDid(input: Record<string, unknown>, nb: NextBillingState, self?: number): Verdict<DidFields> {
    const missing = (["customer_id", "did_number"] as const).find((field) => isMissing(input[field]));
    if (missing) return { ok: false, status: 422, reason: R.missing(missing) };
    try {
        return { ok: true, value: readDid(input, nb, self) };
    } catch (error) {
        if (error instanceof Refusal) return { ok: false, status: 200, reason: error.reason };
        throw error;
    }
}

function readDid(input: Record<string, unknown>, nb: NextBillingState, self: number | undefined): DidFields {
    const defaults = didDefaults();
    const given = (field: keyof DidFields): unknown => (isMissing(input[field]) ? undefined : input[field]);
    const text = (field: keyof DidFields): string => {
        const value = given(field);
        if (value === undefined) return "";
        if (typeof value === "string") return value;
        if (typeof value === "number" && Number.isFinite(value)) return String(value);
        return fail(R.invalidValue(field, value));
    };
    const number = (field: keyof DidFields): number | null => {
        const value = given(field);
        if (value === undefined) return null;
        return toId(value) ?? fail(R.invalidValue(field, value));
    };
    const port = (field: keyof DidFields): number | null => {
        const value = given(field);
        if (value === undefined) return null;
        const port = toId(value);
        return port !== undefined && port >= 1 && port <= 65_535 ? port : fail(R.invalidPort(field, value));
    };
    const flag = (field: keyof DidFields & keyof typeof defaults): Flag => {
        const value = given(field);
        if (value === undefined) return defaults[field] as Flag;
        const flag = value === true ? 1 : value === false ? 0 : toId(value);
        if (flag === 0 || flag === 1) return flag;
        return fail(field === "status" ? R.invalidStatus(value) : R.invalidFlag(field, value));
    };
    const address = (field: keyof DidFields): string => {
        const value = text(field).trim();
        return value === "" || isHostAddress(value) ? value : fail(R.invalidAddress(field, value));
    };

    const customer = toId(input.customer_id) ?? fail(R.invalidValue("customer_id", input.customer_id));
    if (customer !== 0 && !nb.customers.some((c) => c.id === customer)) fail(R.customerNotFound(customer));
    const didNumber = digitsOf(input.did_number) ?? fail(R.invalidDidNumber(input.did_number));
    if (nb.dids.some((did) => did.did_number === didNumber && did.id !== self)) fail(R.didTaken(didNumber));
    const rawType = given("did_type");
    const didType = rawType === undefined ? null : (toDidType(rawType) ?? fail(R.invalidDidType(rawType)));

    const hostAdditional = given("host_additional") ?? [];
    if (!Array.isArray(hostAdditional)) fail(R.invalidValue("host_additional", hostAdditional));
    const did: DidFields = {
        customer_id: customer,
        description: text("description"),
        rate_id: number("rate_id"),
        rate_cost_id: number("rate_cost_id"),
        did_number: didNumber,
        did_type: didType,
        did_type_id: number("did_type_id"),
        device_id: number("device_id"),
        host: address("host"),
        port: port("port"),
        username: text("username"),
        password: text("password"),
        techprefix1: text("techprefix1"),
        ip_address1: address("ip_address1"),
        port1: port("port1"),
        techprefix2: text("techprefix2"),
        ip_address2: address("ip_address2"),
        port2: port("port2"),
        callerid_add: text("callerid_add"),
        max_calls: number("max_calls"),
        play_audio: flag("play_audio"),
        hide_from_reseller: flag("hide_from_reseller"),
        enable_fixed: flag("enable_fixed"),
        enable_mobile: flag("enable_mobile"),
        enable_ddi: flag("enable_ddi"),
        register: flag("register"),
        status: flag("status"),
        annotations: text("annotations"),
        host_additional: (hostAdditional as unknown[]).map((host) =>
            typeof host === "string" && isHostAddress(host.trim()) ? host.trim() : fail(R.invalidAddress("host_additional", host)),
        ),
    };
    checkDidRouting(did, nb);
    return did;
}

/** The companion each `did_type` needs, owned by the DID's customer. */
function checkDidRouting(did: DidFields, nb: NextBillingState): void {
    const type = did.did_type;
    if (type === null) return;
    const customer = did.customer_id;
    if (DID_TYPES_WITH_LINE.includes(type)) {
        const line = did.device_id ?? fail(R.requiredForDidType("device_id", type));
        if (!nb.lines.some((l) => l.id === line && l.id_cliente === customer)) fail(R.lineNotOwned(line, customer));
    }
    if (type === 5 || type === 6) {
        const target = did.did_type_id ?? fail(R.requiredForDidType("did_type_id", type));
        const [records, notOwned] = type === 5 ? [nb.queues, R.queueNotOwned] : [nb.ivrs, R.ivrNotOwned];
        if (!records.some((r) => r.id === target && r.id_cliente === customer)) fail(notOwned(target, customer));
    }
    if (type === 0) {
        if (did.ip_address1 === "") fail(R.requiredForDidType("ip_address1", type));
        if (did.port1 === null) fail(R.requiredForDidType("port1", type));
    }
}

export function addDid(nb: NextBillingState, fields: DidFields): number {
    const id = nb.nextId.did++;
    nb.dids.push({ id, ...fields });
    return id;
}

export function replaceDid(nb: NextBillingState, id: number, fields: DidFields): void {
    const index = nb.dids.findIndex((did) => did.id === id);
    if (index >= 0) nb.dids[index] = { id, ...fields };
}

export function removeDid(nb: NextBillingState, id: number): void {
    nb.dids = nb.dids.filter((did) => did.id !== id);
}

function toDidType(value: unknown): DidType | undefined {
    const type = toId(value);
    return (DID_TYPES as readonly number[]).includes(type ?? -1) ? (type as DidType) : undefined;
}

/** A DID number: digits only, given as a digit string or as a non-negative integer. */
function digitsOf(value: unknown): string | undefined {
    if (typeof value === "string") return /^\d+$/.test(value) ? value : undefined;
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
}

/**
 * IPv4 or a host name. Dotted digits must be a valid IPv4 ("999.1.1.1" is not a host name). The
 * same rule for `host`, `ip_address1/2` and `host_additional`: the vendor names them "Endereço IP"
 * but documents no format, so names are accepted too.
 */
export function isHostAddress(value: string): boolean {
    if (/^[\d.]+$/.test(value)) return isIPv4(value);
    const label = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
    return value.length <= 253 && value.split(".").every((part) => label.test(part));
}

function isIPv4(value: string): boolean {
    const parts = value.split(".");
    return parts.length === 4 && parts.every((part) => /^(?:0|[1-9]\d{0,2})$/.test(part) && Number(part) <= 255);
}

// ---- Customers (statusCustomer, documented) ----------------------------------------------------

/**
 * `POST /api/statusCustomer/T/K` with `{"id":1,"status":0}` activates (1) or deactivates (0) a
 * customer and answers exactly as documented:
 * `{"error":0,"reason":"OK","customer_id":1,"customer_name":"…","old_status":1,"new_status":0}`.
 * Setting the status a customer already has is accepted (old and new equal). Deactivating changes
 * nothing else here: the vendor documents no effect on the customer's records.
 */
function statusCustomer(call: VendorCall, store: Store): NextBillingAnswer {
    if (call.httpMethod !== "POST") return refuse(405, R.httpMethodNotAllowed(call.httpMethod));
    const body = call.body;
    if (!body) return refuse(400, R.noBody);
    const missing = (["id", "status"] as const).find((field) => isMissing(body[field]));
    if (missing) return refuse(422, R.missing(missing));
    const id = toId(body.id);
    const customer = store.state.nextbilling.customers.find((c) => c.id === id);
    if (id === undefined || !customer) return refuse(200, R.customerNotFound(body.id));
    const status = toId(body.status);
    if (status !== 0 && status !== 1) return refuse(200, R.invalidStatus(body.status));
    store.update((draft) => {
        const customers = draft.nextbilling.customers;
        customers[customers.findIndex((c) => c.id === id)] = { ...customer, status };
    });
    const text = JSON.stringify({
        error: 0,
        reason: R.ok,
        customer_id: id,
        customer_name: customer.nome_fantasia,
        old_status: customer.status,
        new_status: status,
    });
    return answer(200, text, true);
}

/** `0` (every customer the token sees) or the id of an existing customer; undefined otherwise. */
export function customerScope(scope: string, nb: NextBillingState): number | undefined {
    const customer = toId(scope);
    return customer === 0 || nb.customers.some((c) => c.id === customer) ? customer : undefined;
}

/**
 * The body of an injected failure (`failNext`): whatever the status, the vendor's JSON error shape
 * with the text the vendor would send for it, so a client under test parses it like a real one.
 */
export function faultReason(status: number, method: string, httpMethod: string): string {
    switch (status) {
        case 400:
        case 422:
            return R.incomplete;
        case 403:
            return R.badCredentials;
        case 404:
            return R.unknownMethod(method);
        case 405:
            return R.httpMethodNotAllowed(httpMethod);
        case 413:
            return R.tooLarge;
        case 429:
            return R.tooManyRequests;
        case 500:
            return R.internalError;
        case 503:
            return R.unavailable;
        default:
            return status < 500 ? R.refusedWithStatus(status) : R.serverErrorWithStatus(status);
    }
}

/** Non-negative integers, given as numbers or as digit strings ("9", "09"). */
export function toId(value: unknown): number | undefined {
    const number = typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : NaN;
    return Number.isSafeInteger(number) && number >= 0 ? number : undefined;
}

function isStrategy(value: unknown): value is RingStrategy {
    return typeof value === "string" && (RING_STRATEGIES as readonly string[]).includes(value);
}

export function isMissing(value: unknown): boolean {
    return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Compares digests so the time taken says nothing about how much of a guessed secret was right. */
function sameSecret(given: string | undefined, expected: string): boolean {
    if (given === undefined) return false;
    const digest = (text: string) => createHash("sha256").update(text).digest();
    return timingSafeEqual(digest(given), digest(expected));
}

export function shown(value: unknown): string {
    return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

/** As `shown`, but an empty or absent value reads "(vazio)" rather than nothing after the colon. */
function shownOrEmpty(value: unknown): string {
    return value === "" || value === undefined || value === null ? "(vazio)" : shown(value);
}

export function answer(status: number, text: string, wrote = false): NextBillingAnswer {
    return { status, text, wrote };
}

/** The `html` variants: the panel's login page where an API answer was expected, HTTP 200. */
function panelLoginPage(): NextBillingAnswer {
    return { status: 200, text: htmlPage("NextBilling - Login"), wrote: false, headers: { "content-type": HTML_CONTENT_TYPE } };
}

export function refuse(status: number, reason: string): NextBillingAnswer {
    return answer(status, JSON.stringify({ error: 1, reason }));
}

export function written(): NextBillingAnswer {
    return answer(200, JSON.stringify({ error: 0, reason: R.ok }), true);
}

/** The vendor's documented create answer ends in `,}`, which is not valid JSON; clients must cope with it, so the sandbox sends it verbatim. */
export function created(id: number): NextBillingAnswer {
    return answer(200, `{"error":0,"reason":"OK","new_record":${id},}`, true);
}
