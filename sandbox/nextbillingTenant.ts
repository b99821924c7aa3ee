/**
 * NextBilling's tenant records beyond ring groups and DIDs: lines (manageDevices, listDevices),
 * queues (manageQueue), IVR menus (manageIvr) and time profiles (manageTimeProfiles).
 *
 * What the vendor documents: the paths of listDevices (and its nested answer, see `listDevices`),
 * manageDevices' PUT `…/1`, the GET lists of the other three and the POST updates of queues and time
 * profiles, and the field names and meanings up to where each stored copy of a page is cut
 * (docs/vendors/nextbilling.md). Everything else is this project's contract (docs/emulator.md), by
 * analogy with manageRingGroups (`GET/PUT/POST …/0`, `DELETE …/0?id_record=N`) and manageDID: the
 * answers but the create envelope, line updates and deletes, queue, IVR and time-profile creates and
 * deletes, IVR actions beyond hangup and voicemail, digit options, every refusal text.
 *
 * Every reference is checked as the vendor checks a ring group's lines: it exists and is the
 * customer's. A delete is refused while another record points at the record (the first use found
 * is named), and so is an update that would move a record in use to another customer: either would
 * leave the other record pointing at something that is not its customer's.
 *
 * Edits "made in the panel" (the admin API) read the same fields with `panel: true`: every value's
 * type and format is checked, none of the rules between records (customers, references, uniqueness,
 * uses, intervals in order), so a test can make any drift a person could.
 */
import { isIP } from "node:net";
import {
    answer,
    created,
    customerBlock,
    customerScope,
    DID_TYPES_WITH_LINE,
    fail,
    isMissing,
    isRecord,
    listedDevices,
    NEXTBILLING_REASONS as R,
    Refusal,
    refuse,
    toId,
    undocumentedList,
    valuesAs,
    written,
    type ListedRecord,
    type ListedValue,
    type NextBillingAnswer,
    type Verdict,
    type VendorCall,
} from "./nextbilling";
import {
    IVR_ACTIONS,
    IVR_OPTION_KEYS,
    LINE_AUTHS,
    LINE_FUNCTIONS,
    LINE_MEDIA,
    LINE_WRITE_DEFAULTS,
    MUSIC_ON_HOLD,
    QUEUE_STRATEGIES,
    QUEUE_TYPES,
    TIME_PROFILE_FIELDS,
    type Flag,
    type Ivr,
    type IvrAction,
    type IvrOptionKey,
    type NextBillingLine,
    type NextBillingState,
    type NextIds,
    type Queue,
    type RecordRef,
    type Store,
    type TimeProfile,
    type TimeProfileField,
} from "./store";
import type { Variants } from "./variants";

// ---- How one kind of record is read, listed, stored and found in use ---------------------------

/** Records every kind has: an id and the customer that owns it. */
interface Owned {
    id: number;
    id_cliente: number;
}

export interface ReadOptions {
    /** The record being updated: its own username, overflow and IVR are not "another" record's. */
    self?: number;
    /** An edit made in the panel (admin API): types and formats only, no rule between records. */
    panel?: boolean;
}

/** One kind of tenant record: what the generic create, update, delete and list below need to know of it. */
export interface TenantKind<T extends Owned, F extends { id_cliente: number }> {
    /** The vendor method, named by the `…Writes` variants' 404. */
    method: string;
    /** How refusals name a record of the kind: "Linha 30", "Fila 12". */
    label: string;
    /** Whether a write of `httpMethod` is served: its `…Writes` variant, for the writes NextBilling does not document. */
    writes(variants: Variants, httpMethod: string): "supported" | "404";
    records(nb: NextBillingState): T[];
    setRecords(nb: NextBillingState, records: T[]): void;
    counter: keyof NextIds;
    /** The fields a write body may carry, in the vendor's names; others are ignored (vendor) or refused (panel). */
    fields: readonly string[];
    /** The vendor's rules (`panel`: the types only); 422 for a required field missing, 200 otherwise. */
    check(input: Record<string, unknown>, nb: NextBillingState, options?: ReadOptions): Verdict<F>;
    /** The stored record as a write body, for partial updates. */
    writeForm(record: T): Record<string, unknown>;
    /** The record to store: the fields read over the stored record (update) or over the kind's own (create). */
    build(id: number, fields: F, stored: T | undefined): T;
    /** The first record that points at record `id`, as refusals name it ("DID 12", "fila 20"); undefined when none. */
    uses(nb: NextBillingState, id: number): string | undefined;
}

/** Reads `input` with `read`, turning a missing required field into 422 and a Refusal into 200 `error:1`. */
function checked<F>(input: Record<string, unknown>, required: readonly string[], read: () => F): Verdict<F> {
    const missing = required.find((field) => isMissing(input[field]));
    if (missing) return { ok: false, status: 422, reason: R.missing(missing) };
    try {
        return { ok: true, value: read() };
    } catch (error) {
        if (error instanceof Refusal) return { ok: false, status: 200, reason: error.reason };
        throw error;
    }
}

/**
 * Typed reads of one body's fields, each failing with the vendor-style reason that names the field.
 * A field left out, null or "" is not given: it takes its default. Numbers may come as numbers or
 * numeric strings, flags as 0/1, "0"/"1" or booleans, as the ring-group and DID methods take them.
 */
class FieldReader {
    constructor(private readonly input: Record<string, unknown>) {}

    given(field: string): unknown {
        return isMissing(this.input[field]) ? undefined : this.input[field];
    }

    /** An integer from `min` to `max` (negative ones too: volumes). */
    integer(field: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
        const value = this.given(field);
        if (value === undefined) return fallback;
        const number = typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
        return Number.isSafeInteger(number) && number >= min && number <= max ? number : fail(R.invalidValue(field, value));
    }

    flag(field: string, fallback: Flag, reason: (value: unknown) => string = (value) => R.invalidFlag(field, value)): Flag {
        const value = this.given(field);
        if (value === undefined) return fallback;
        const flag = value === true ? 1 : value === false ? 0 : toId(value);
        return flag === 0 || flag === 1 ? flag : fail(reason(value));
    }

    /** One of `allowed`, numbers (compared as numbers) or texts (compared exactly). */
    oneOf<T extends string | number>(field: string, allowed: readonly T[], fallback: T, reason?: (value: unknown) => string): T {
        const value = this.given(field);
        if (value === undefined) return fallback;
        const candidate = typeof allowed[0] === "number" ? toId(value) : value;
        if ((allowed as readonly unknown[]).includes(candidate)) return candidate as T;
        return fail(reason ? reason(value) : R.invalidValue(field, value));
    }

    text(field: string, fallback = "", pattern?: RegExp): string {
        const value = this.given(field);
        if (value === undefined) return fallback;
        const text = typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
        return text !== undefined && (!pattern || pattern.test(text)) ? text : fail(R.invalidValue(field, value));
    }

    /** A phone number or extension: digits, given as a digit string or a non-negative integer; "" when not given. */
    digits(field: string): string {
        const value = this.given(field);
        if (value === undefined) return "";
        const digits = digitsOf(value);
        return digits ?? fail(R.invalidValue(field, value));
    }

    /** `{"id": N}`, or null when not given: the queue and IVR pages' audio and time-profile fields. */
    ref(field: string): RecordRef | null {
        const value = this.given(field);
        if (value === undefined) return null;
        const id = isRecord(value) ? toId(value.id) : undefined;
        return id === undefined ? fail(R.invalidValue(field, value)) : { id };
    }

    /** A list of ids (`devices`); [] when not given. */
    ids(field: string): number[] {
        const value = this.given(field);
        if (value === undefined) return [];
        if (!Array.isArray(value)) return fail(R.invalidValue(field, value));
        return value.map((item: unknown) => toId(item) ?? fail(R.invalidValue(field, item)));
    }
}

function digitsOf(value: unknown): string | undefined {
    if (typeof value === "string") return /^\d+$/.test(value) ? value : undefined;
    return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
}

/** The customer a write names, which must exist (but in the panel). */
function readCustomer(reader: FieldReader, field: string, nb: NextBillingState, panel: boolean): number {
    const customer = toId(reader.given(field)) ?? fail(R.invalidValue(field, reader.given(field)));
    if (!panel && !nb.customers.some((c) => c.id === customer)) fail(R.customerNotFound(customer));
    return customer;
}

/** Only the fields a kind takes, so a stored record overlaid with a body keeps nothing else (unknown fields are ignored, as the vendor does). */
function pick(input: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(input).filter(([field]) => fields.includes(field)));
}

// ---- Lines -------------------------------------------------------------------------------------

/**
 * manageDevices' body fields, in the order of the vendor's two pages (NR5's login fields, then NV's):
 * what a create or update takes. `customer_id` is stored as `id_cliente`.
 */
export const LINE_WRITE_FIELDS = [
    "customer_id",
    "tech",
    "auth",
    "username",
    "password",
    "domain",
    "port",
    "techprefix",
    "callerid",
    "simultaneas",
    "max_cps",
    "max_ringtime",
    "max_calltime",
    "fixo",
    "movel",
    "fixo_ddi",
    "movel_ddi",
    "status",
    "rate_id",
    "codecs",
    "rtp_symmetric",
    "volume_rx",
    "volume_tx",
    "funcionalidade",
    "funcionalidade_id",
    "id_audio",
    "sigame_always_st",
    "sigame_always_dst",
    "sigame_busy_st",
    "sigame_busy_dst",
    "sigame_noanswer_st",
    "sigame_noanswer_dst",
    "sigame_offline_st",
    "sigame_offline_dst",
    "allow_transfer",
    "check_spoofing",
    "proxy_media",
] as const;

/** What only listDevices shows (and the sandbox's `nome` and `ramal`): not manageDevices fields, editable in the panel only. */
export const LINE_PANEL_FIELDS = [
    "id_plano",
    "id_perfil_horario",
    "tipo_tar",
    "ddd_local",
    "nat",
    "saldo",
    "voip",
    "fixo_local",
    "nome",
    "ramal",
] as const;
type LinePanelField = (typeof LINE_PANEL_FIELDS)[number];

/** What a line write yields: every manageDevices field (the owner as `id_cliente`), and in the panel the listDevices-only ones given. */
export type LineFields = Omit<NextBillingLine, "id" | LinePanelField> & Partial<Pick<NextBillingLine, LinePanelField>>;

const FOLLOW_ME = ["always", "busy", "noanswer", "offline"] as const;

/** The vendor's documented login characters are not readable (page cut); these are the provider's, so both agree. */
const USERNAME = /^[A-Za-z0-9._+-]{1,64}$/;
const TECH_PREFIX = /^[0-9#*]*$/;
const CODECS = /^[A-Za-z0-9_.-]+(;[A-Za-z0-9_.-]+)*$/;

function readLine(input: Record<string, unknown>, nb: NextBillingState, { self, panel = false }: ReadOptions): LineFields {
    const f = new FieldReader(input);
    const customer = readCustomer(f, "customer_id", nb, panel);
    const auth = f.oneOf("auth", LINE_AUTHS, LINE_WRITE_DEFAULTS.auth);
    const username = f.text("username", "", USERNAME);
    const password = f.text("password");
    const domain = readDomain(f.given("domain"));
    const funcionalidade = f.oneOf("funcionalidade", LINE_FUNCTIONS, LINE_WRITE_DEFAULTS.funcionalidade);
    const line: LineFields = {
        id_cliente: customer,
        tech: f.oneOf("tech", ["SIP"] as const, "SIP"),
        auth,
        username,
        password,
        // A line that registers has no addresses: listDevices shows it "dynamic".
        domain: auth === 1 ? domain : [],
        port: f.integer("port", 0, 0, 65_535),
        techprefix: f.text("techprefix", "", TECH_PREFIX),
        callerid: f.digits("callerid"),
        simultaneas: f.integer("simultaneas", LINE_WRITE_DEFAULTS.simultaneas, 1),
        max_cps: f.integer("max_cps", LINE_WRITE_DEFAULTS.max_cps),
        max_ringtime: f.integer("max_ringtime", LINE_WRITE_DEFAULTS.max_ringtime),
        max_calltime: f.integer("max_calltime", LINE_WRITE_DEFAULTS.max_calltime),
        fixo: f.flag("fixo", LINE_WRITE_DEFAULTS.fixo),
        movel: f.flag("movel", LINE_WRITE_DEFAULTS.movel),
        fixo_ddi: f.flag("fixo_ddi", LINE_WRITE_DEFAULTS.fixo_ddi),
        movel_ddi: f.flag("movel_ddi", LINE_WRITE_DEFAULTS.movel_ddi),
        status: f.flag("status", LINE_WRITE_DEFAULTS.status, R.invalidStatus),
        rate_id: f.integer("rate_id", LINE_WRITE_DEFAULTS.rate_id),
        codecs: f.text("codecs", LINE_WRITE_DEFAULTS.codecs, CODECS),
        rtp_symmetric: f.flag("rtp_symmetric", 0),
        volume_rx: f.integer("volume_rx", LINE_WRITE_DEFAULTS.volume_rx, -10, 10),
        volume_tx: f.integer("volume_tx", LINE_WRITE_DEFAULTS.volume_tx, -10, 10),
        funcionalidade,
        funcionalidade_id: funcionalidade === 3 || funcionalidade === 4 ? f.integer("funcionalidade_id", 0) : 0,
        id_audio: f.integer("id_audio", 0),
        sigame_always_st: f.flag("sigame_always_st", 0),
        sigame_always_dst: f.digits("sigame_always_dst"),
        sigame_busy_st: f.flag("sigame_busy_st", 0),
        sigame_busy_dst: f.digits("sigame_busy_dst"),
        sigame_noanswer_st: f.flag("sigame_noanswer_st", 0),
        sigame_noanswer_dst: f.digits("sigame_noanswer_dst"),
        sigame_offline_st: f.flag("sigame_offline_st", 0),
        sigame_offline_dst: f.digits("sigame_offline_dst"),
        allow_transfer: f.flag("allow_transfer", LINE_WRITE_DEFAULTS.allow_transfer),
        check_spoofing: f.flag("check_spoofing", 0),
        proxy_media: f.oneOf("proxy_media", LINE_MEDIA, LINE_WRITE_DEFAULTS.proxy_media),
    };
    if (panel) return { ...line, ...readLinePanelFields(f) };

    // The vendor's companions: each "(caso auth = …)" field, each follow-me destination, the IVR or queue a line is.
    if (auth === 0 && username === "") fail(R.requiredWhen("username", "auth é 0"));
    // Demanded at create and when an IP line turns to user and password; an update of a line that has no
    // password on file (one loaded from an older state file) is not refused for it.
    const before = self === undefined ? undefined : nb.lines.find((stored) => stored.id === self);
    if (auth === 0 && password === "" && (before === undefined || before.auth === 1)) fail(R.requiredWhen("password", "auth é 0"));
    if (auth === 1 && domain.length === 0) fail(R.requiredWhen("domain", "auth é 1"));
    for (const condition of FOLLOW_ME) {
        if (line[`sigame_${condition}_st`] === 1 && line[`sigame_${condition}_dst`] === "") {
            fail(R.requiredWhen(`sigame_${condition}_dst`, `sigame_${condition}_st é 1`));
        }
    }
    if (funcionalidade === 3 || funcionalidade === 4) {
        const target = line.funcionalidade_id;
        if (target === 0) fail(R.requiredWhen("funcionalidade_id", `funcionalidade é ${funcionalidade}`));
        const [records, notOwned] = funcionalidade === 3 ? [nb.ivrs, R.ivrNotOwned] : [nb.queues, R.queueNotOwned];
        if (!records.some((r) => r.id === target && r.id_cliente === customer)) fail(notOwned(target, customer));
    }
    if (username !== "" && nb.lines.some((other) => other.username === username && other.id !== self)) fail(R.usernameTaken(username));
    return line;
}

/** `domain`: a list of IP addresses ("Array com os endereços IPs da Linha"); [] when not given. */
function readDomain(value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return fail(R.invalidValue("domain", value));
    return value.map((address: unknown) =>
        typeof address === "string" && isIP(address.trim()) !== 0 ? address.trim() : fail(R.invalidValue("domain", address)),
    );
}

function readLinePanelFields(f: FieldReader): Partial<Pick<NextBillingLine, LinePanelField>> {
    const given = (field: LinePanelField) => f.given(field) !== undefined;
    const fields: Partial<Pick<NextBillingLine, LinePanelField>> = {};
    if (given("id_plano")) fields.id_plano = f.integer("id_plano", 0);
    if (given("id_perfil_horario")) fields.id_perfil_horario = f.integer("id_perfil_horario", 0);
    if (given("tipo_tar")) fields.tipo_tar = f.integer("tipo_tar", 0);
    if (given("ddd_local")) fields.ddd_local = f.digits("ddd_local");
    if (given("nat")) fields.nat = f.text("nat");
    if (given("saldo")) {
        const saldo = Number(f.given("saldo"));
        fields.saldo = Number.isFinite(saldo) ? saldo : fail(R.invalidValue("saldo", f.given("saldo")));
    }
    if (given("voip")) fields.voip = f.flag("voip", 1);
    if (given("fixo_local")) fields.fixo_local = f.flag("fixo_local", 1);
    if (given("nome")) fields.nome = f.text("nome");
    if (given("ramal")) fields.ramal = f.text("ramal");
    return fields;
}

export const LINES: TenantKind<NextBillingLine, LineFields> = {
    method: "manageDevices",
    label: "Linha",
    // PUT …/1 (create) is documented: the 404 of `lineWrites` is for the assumed POST and DELETE.
    writes: (variants, httpMethod) => (httpMethod === "PUT" ? "supported" : variants.lineWrites),
    records: (nb) => nb.lines,
    setRecords: (nb, records) => void (nb.lines = records),
    counter: "line",
    fields: LINE_WRITE_FIELDS,
    check: (input, nb, options = {}) => checked(input, ["customer_id"], () => readLine(input, nb, options)),
    writeForm: (line) => {
        const form: Record<string, unknown> = { customer_id: line.id_cliente };
        for (const field of LINE_WRITE_FIELDS) if (field !== "customer_id") form[field] = line[field];
        return form;
    },
    /**
     * A new line's listDevices-only fields are the vendor example's; `nome` and `ramal` (the sandbox's
     * own, what the panel shows) start as the login, since manageDevices has no name field.
     */
    build: (id, fields, stored) => {
        const base = stored ?? {
            id_plano: 0,
            id_perfil_horario: 0,
            tipo_tar: 1,
            ddd_local: "5511",
            nat: "auto_force_rport",
            saldo: 0,
            voip: 1 as Flag,
            fixo_local: 1 as Flag,
            nome: fields.username || `Linha ${id}`,
            ramal: fields.username,
        };
        return { ...base, ...fields, id };
    },
    uses: (nb, id) => {
        const did = nb.dids.find((d) => d.device_id === id && d.did_type !== null && DID_TYPES_WITH_LINE.includes(d.did_type));
        if (did) return `DID ${did.id}`;
        const group = nb.ringGroups.find((g) => g.devices.includes(id));
        if (group) return `grupo de chamadas ${group.id}`;
        const queue = nb.queues.find((q) => q.devices.includes(id));
        if (queue) return `fila ${queue.id}`;
        const ivr = nb.ivrs.find((i) =>
            ivrActions(i).some((a) => (a.action === "device" || a.action === "voicemail") && Number(a.action_data) === id),
        );
        if (ivr) return `URA ${ivr.id}`;
        return undefined;
    },
};

/**
 * Documented: `GET /api/listDevices/T/K/{customerId}` (the id required; `0`, every customer a master
 * token sees, is the sandbox's reading) answers the lines nested per customer, outer `id_cliente` and
 * `records` numbers, the lines' values strings, `records` at the top the number of customer blocks:
 * `{"error":0,"reason":"OK","records":1,"data":[{"id_cliente":3,"nome_fantasia":"NEXTBILLING","records":1,"data":[{"id":"1",…}]}]}`.
 * `?id_record=N` answers that one line, in the same shape. Variants never change it: it is documented.
 * A customer without lines, or an `id_record` that is none of its lines, has no block (`records` 0,
 * `data` []): the vendor documents no empty answer, so this is the sandbox's choice.
 */
export function listDevices(call: VendorCall, store: Store): NextBillingAnswer {
    if (call.httpMethod !== "GET") return refuse(405, R.httpMethodNotAllowed(call.httpMethod));
    const nb = store.state.nextbilling;
    if (isMissing(call.id)) return refuse(422, R.missing("id_cliente"));
    const customer = customerScope(call.id!, nb);
    if (customer === undefined) return refuse(200, R.customerNotFound(call.id));
    let lines = nb.lines.filter((line) => customer === 0 || line.id_cliente === customer);
    const record = call.query.get("id_record");
    if (record !== null) {
        const id = toId(record);
        lines = lines.filter((line) => line.id === id);
    }
    const byCustomer = new Map<number, Record<string, string>[]>();
    for (const line of [...lines].sort((a, b) => a.id_cliente - b.id_cliente || a.id - b.id)) {
        byCustomer.set(line.id_cliente, [...(byCustomer.get(line.id_cliente) ?? []), listedLine(line)]);
    }
    const data = [...byCustomer].map(([id, records]) => customerBlock(id, records, nb));
    return answer(200, JSON.stringify({ error: 0, reason: R.ok, records: data.length, data }));
}

/**
 * The fields of the vendor's example first, in its order (the stored copy of the page ends at
 * `fixo_local`), then the sandbox's `nome` and `ramal`, then manageDevices' other fields: the page
 * is cut before anything else it lists, so which of them it lists is assumed. Never `password`.
 */
export const LINE_LISTED_FIELDS = [
    "id",
    "id_cliente",
    "id_plano",
    "id_audio",
    "id_perfil_horario",
    "tipo_tar",
    "ddd_local",
    "tech",
    "username",
    "domain",
    "port",
    "rtp_symmetric",
    "nat",
    "techprefix",
    "saldo",
    "voip",
    "fixo_local",
    "nome",
    "ramal",
    ...LINE_WRITE_FIELDS.filter(
        (field) => !["tech", "username", "password", "domain", "port", "techprefix", "rtp_symmetric", "id_audio"].includes(field),
    ),
] as const;

/** Every value a string, as documented; `domain` "dynamic" for a registering line, its addresses joined by "," otherwise. */
function listedLine(line: NextBillingLine): Record<string, string> {
    const listed: Record<string, string> = {};
    for (const field of LINE_LISTED_FIELDS) {
        if (field === "saldo") listed[field] = line.saldo.toFixed(5);
        else if (field === "domain") listed[field] = line.auth === 1 ? line.domain.join(",") : "dynamic";
        else if (field === "customer_id") listed[field] = String(line.id_cliente);
        else listed[field] = String(line[field]);
    }
    return listed;
}

/**
 * `PUT /api/manageDevices/T/K/1` creates (documented, the trailing 1 "necessário"); `POST …/1` with
 * `id_record` updates, partially, as manageDID's POST; `DELETE …/1?id_record=N` deletes (both assumed,
 * and answered 404 with the `lineWrites` variant). Another last segment is an address the vendor does
 * not have (404), and there is no GET: lines are read with listDevices.
 */
export function manageDevices(call: VendorCall, store: Store): NextBillingAnswer {
    if (!["PUT", "POST", "DELETE"].includes(call.httpMethod)) return refuse(405, R.httpMethodNotAllowed(call.httpMethod));
    if (LINES.writes(call.variants, call.httpMethod) === "404") return refuse(404, R.unknownMethod(LINES.method));
    if (call.id !== "1") return refuse(404, R.unknownAddress);
    return write(LINES, call, store);
}

// ---- Queues ------------------------------------------------------------------------------------

const QUEUE_FIELDS = [
    "id_cliente",
    "descricao",
    "strategy",
    "musiconhold",
    "announce",
    "announce_frequency",
    "announce_holdtime",
    "announce_position",
    "retry",
    "timeout",
    "wrapuptime",
    "reportholdtime",
    "ringinuse",
    "queue_type",
    "play_agent_audio",
    "id_backup1",
    "devices",
] as const satisfies readonly (keyof Queue)[];

export type QueueFields = Omit<Queue, "id">;

function readQueue(input: Record<string, unknown>, nb: NextBillingState, { self, panel = false }: ReadOptions): QueueFields {
    const f = new FieldReader(input);
    const customer = readCustomer(f, "id_cliente", nb, panel);
    const queue: QueueFields = {
        id_cliente: customer,
        descricao: f.text("descricao"),
        strategy: f.oneOf("strategy", QUEUE_STRATEGIES, "ringall", R.invalidQueueStrategy),
        musiconhold: f.oneOf("musiconhold", MUSIC_ON_HOLD, "default"),
        announce: f.ref("announce"),
        announce_frequency: f.integer("announce_frequency", 0),
        announce_holdtime: f.flag("announce_holdtime", 0),
        announce_position: f.flag("announce_position", 0),
        retry: f.integer("retry", 5),
        timeout: f.integer("timeout", 30),
        wrapuptime: f.integer("wrapuptime", 0),
        reportholdtime: f.flag("reportholdtime", 0),
        ringinuse: f.flag("ringinuse", 0),
        queue_type: f.oneOf("queue_type", QUEUE_TYPES, 0),
        play_agent_audio: f.flag("play_agent_audio", 0),
        id_backup1: f.integer("id_backup1", 0),
        devices: f.ids("devices"),
    };
    if (panel) return queue;
    const overflow = queue.id_backup1;
    if (overflow !== 0 && overflow === self) fail(R.overflowSelf(overflow));
    if (overflow !== 0 && !nb.queues.some((q) => q.id === overflow && q.id_cliente === customer))
        fail(R.overflowNotOwned(overflow, customer));
    for (const line of queue.devices) {
        if (!nb.lines.some((l) => l.id === line && l.id_cliente === customer)) fail(R.lineNotOwned(line, customer));
    }
    return queue;
}

export const QUEUES: TenantKind<Queue, QueueFields> = {
    method: "manageQueue",
    label: "Fila",
    // POST …/0 (update) is documented ("GET/POST"): the 404 of `queueWrites` is for the assumed PUT and DELETE.
    writes: (variants, httpMethod) => (httpMethod === "POST" ? "supported" : variants.queueWrites),
    records: (nb) => nb.queues,
    setRecords: (nb, records) => void (nb.queues = records),
    counter: "queue",
    fields: QUEUE_FIELDS,
    check: (input, nb, options = {}) => checked(input, ["id_cliente", "descricao"], () => readQueue(input, nb, options)),
    writeForm: ({ id: _id, ...fields }) => fields,
    build: (id, fields) => ({ id, ...fields }),
    uses: (nb, id) => {
        const did = nb.dids.find((d) => d.did_type === 5 && d.did_type_id === id);
        if (did) return `DID ${did.id}`;
        const ivr = nb.ivrs.find((i) => ivrActions(i).some((a) => a.action === "queue" && Number(a.action_data) === id));
        if (ivr) return `URA ${ivr.id}`;
        const queue = nb.queues.find((q) => q.id_backup1 === id && q.id !== id);
        if (queue) return `fila ${queue.id}`;
        // Not in the contract's list, but the same harm: a line of funcionalidade 4 would be left pointing at nothing.
        const line = nb.lines.find((l) => l.funcionalidade === 4 && l.funcionalidade_id === id);
        if (line) return `linha ${line.id}`;
        return undefined;
    },
};

function listedQueue(queue: Queue, variants: Variants): ListedRecord {
    const record: ListedRecord = {};
    for (const field of ["id", ...QUEUE_FIELDS] as const) record[field] = listedValue(queue[field]);
    const listed = objectFieldsAs(valuesAs(record, variants.nextbillingValues), ["announce"], [], variants);
    listed.devices = listedDevices(queue.devices, variants);
    return listed;
}

/**
 * A listed record's object fields as `nextbillingObjects` writes them (sandbox/variants.ts), after
 * `nextbillingValues`: `references` hold `{"id": N}` or null, `others` actions or options.
 */
function objectFieldsAs(record: ListedRecord, references: readonly string[], others: readonly string[], variants: Variants): ListedRecord {
    const written = { ...record };
    if (variants.nextbillingObjects === "bareIds") {
        const none = variants.nextbillingValues === "numbers" ? 0 : "0";
        for (const field of references) {
            const reference = written[field] as { id: ListedValue } | null;
            written[field] = reference === null ? none : reference.id;
        }
    } else if (variants.nextbillingObjects === "jsonText") {
        for (const field of [...references, ...others]) if (written[field] !== null) written[field] = JSON.stringify(written[field]);
    }
    return written;
}

/** A stored value as a list writes it before `nextbillingValues`: `{"id": N}` objects and actions as plain objects. */
function listedValue(value: unknown): ListedValue {
    if (value === null || typeof value === "string" || typeof value === "number") return value;
    if (Array.isArray(value)) return value.map(listedValue);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, listedValue(inner)]));
    throw new Error(`a stored value the lists cannot write: ${String(value)}`);
}

/** GET lists and POST updates (documented calls; the list's answer is not: variants); PUT creates, DELETE deletes (assumed, `queueWrites`). */
export function manageQueue(call: VendorCall, store: Store): NextBillingAnswer {
    return manage(QUEUES, listedQueue, call, store);
}

// ---- Time profiles -----------------------------------------------------------------------------

export type TimeProfileFields = Omit<TimeProfile, "id">;

/** "hh:mm:ss" as the vendor documents the format, 00:00:00 to 23:59:59. */
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;

function readTimeProfile(input: Record<string, unknown>, nb: NextBillingState, { panel = false }: ReadOptions): TimeProfileFields {
    const f = new FieldReader(input);
    const customer = readCustomer(f, "id_cliente", nb, panel);
    const hours = {} as Record<TimeProfileField, string>;
    for (const field of TIME_PROFILE_FIELDS) {
        const value = f.given(field);
        if (value !== undefined && (typeof value !== "string" || !TIME.test(value))) fail(R.invalidTime(field, value));
        hours[field] = value === undefined ? "" : (value as string);
    }
    if (!panel) for (let day = 0; day < 7; day++) checkDay(hours, day);
    return { id_cliente: customer, descricao: f.text("descricao"), ...hours };
}

/**
 * A day's intervals are in order: each has both ends or neither, starts before it ends, the second
 * only with the first and after it (touching is fine). The field named is the one at fault: the
 * missing end, the end not after its start, the second interval's start.
 */
function checkDay(hours: Record<TimeProfileField, string>, day: number): void {
    const field = (interval: 1 | 2, edge: "ini" | "end") => `wday${day}_hora${interval}_${edge}` as TimeProfileField;
    const interval = (n: 1 | 2) => {
        const [ini, end] = [field(n, "ini"), field(n, "end")];
        if (hours[ini] === "" && hours[end] === "") return false;
        if (hours[ini] === "") fail(R.invalidTime(ini, ""));
        if (hours[end] === "") fail(R.invalidTime(end, ""));
        if (hours[ini] >= hours[end]) fail(R.invalidTime(end, hours[end]));
        return true;
    };
    const [ini2, end2] = [field(2, "ini"), field(2, "end")];
    if (!interval(1) && (hours[ini2] !== "" || hours[end2] !== "")) {
        const given = hours[ini2] !== "" ? ini2 : end2;
        fail(R.invalidTime(given, hours[given]));
    }
    if (interval(2) && hours[ini2] < hours[field(1, "end")]) fail(R.invalidTime(ini2, hours[ini2]));
}

export const TIME_PROFILES: TenantKind<TimeProfile, TimeProfileFields> = {
    method: "manageTimeProfiles",
    label: "Perfil de horário",
    // POST …/0 with id_record (update) is documented: the 404 of `timeProfileWrites` is for the assumed PUT and DELETE.
    writes: (variants, httpMethod) => (httpMethod === "POST" ? "supported" : variants.timeProfileWrites),
    records: (nb) => nb.timeProfiles,
    setRecords: (nb, records) => void (nb.timeProfiles = records),
    counter: "timeProfile",
    fields: ["id_cliente", "descricao", ...TIME_PROFILE_FIELDS],
    check: (input, nb, options = {}) => checked(input, ["id_cliente", "descricao"], () => readTimeProfile(input, nb, options)),
    writeForm: ({ id: _id, ...fields }) => fields,
    build: (id, fields) => ({ id, ...fields }),
    uses: (nb, id) => {
        const ivr = nb.ivrs.find((i) => i.perfil_horario?.id === id);
        return ivr ? `URA ${ivr.id}` : undefined;
    },
};

/** Every interval field a text ("08:00:00" or ""), whatever `nextbillingValues` says; ids per the variant. */
function listedTimeProfile(profile: TimeProfile, variants: Variants): ListedRecord {
    const record: ListedRecord = { id: profile.id, id_cliente: profile.id_cliente, descricao: profile.descricao };
    for (const field of TIME_PROFILE_FIELDS) record[field] = listedTime(profile[field], variants.timeProfileTimes);
    return valuesAs(record, variants.nextbillingValues);
}

/** A stored time ("08:00:00", or "" for no interval) as `timeProfileTimes` writes it. */
function listedTime(time: string, shape: Variants["timeProfileTimes"]): string | null {
    if (time === "") return shape === "null" ? null : shape === "midnight" ? "00:00:00" : "";
    return shape === "minutes" ? time.slice(0, 5) : time;
}

/** GET lists and POST updates (documented calls, undocumented answers); PUT creates and DELETE deletes (assumed); `timeProfileWrites`. */
export function manageTimeProfiles(call: VendorCall, store: Store): NextBillingAnswer {
    return manage(TIME_PROFILES, listedTimeProfile, call, store);
}

// ---- IVRs --------------------------------------------------------------------------------------

const IVR_FIELDS = [
    "id_cliente",
    "descricao",
    "alow_dial_extension",
    "timeout_response",
    "timeout_digit",
    "perfil_horario",
    "audio_invalido",
    "audio_timeout",
    "audio_question",
    "closed_audio",
    "have_question",
    "closed_action",
    "action1",
    "options",
] as const satisfies readonly (keyof Ivr)[];

export type IvrFields = Omit<Ivr, "id">;

/** What each action's `action_data` names, and how refusals call it. */
const ACTION_TARGETS = {
    voicemail: "linha",
    device: "linha",
    queue: "fila",
    ivr: "URA",
    ringgroup: "grupo de chamadas",
} as const;

function readIvr(input: Record<string, unknown>, nb: NextBillingState, { self, panel = false }: ReadOptions): IvrFields {
    const f = new FieldReader(input);
    const customer = readCustomer(f, "id_cliente", nb, panel);
    const action = (path: string, value: unknown) => readAction(path, value, customer, nb, self, panel);
    const perfil = f.ref("perfil_horario");
    if (perfil && !panel && !nb.timeProfiles.some((p) => p.id === perfil.id && p.id_cliente === customer)) {
        fail(R.timeProfileNotOwned(perfil.id, customer));
    }
    const options = f.given("options") ?? {};
    if (!isRecord(options)) fail(R.invalidValue("options", options));
    const unknownKey = Object.keys(options).find((key) => !(IVR_OPTION_KEYS as readonly string[]).includes(key));
    if (unknownKey !== undefined) fail(R.invalidOption(unknownKey));
    const closed = f.given("closed_action");
    const action1 = f.given("action1");
    return {
        id_cliente: customer,
        descricao: f.text("descricao"),
        alow_dial_extension: f.flag("alow_dial_extension", 0),
        timeout_response: f.integer("timeout_response", 5),
        timeout_digit: f.integer("timeout_digit", 3),
        perfil_horario: perfil,
        audio_invalido: f.ref("audio_invalido"),
        audio_timeout: f.ref("audio_timeout"),
        audio_question: f.ref("audio_question"),
        closed_audio: f.ref("closed_audio"),
        have_question: f.flag("have_question", 0),
        closed_action: closed === undefined ? { action: "hangup", action_data: "" } : action("closed_action", closed),
        action1: action1 === undefined ? null : action("action1", action1),
        // In key order whatever order they came in: "0" … "9", "*", "#".
        options: Object.fromEntries(
            IVR_OPTION_KEYS.filter((key) => options[key] !== undefined).map((key) => [key, action(`options.${key}`, options[key])]),
        ) as Partial<Record<IvrOptionKey, IvrAction>>,
    };
}

/**
 * `{"action": A, "action_data": D}`. The target must exist and be the customer's; an IVR may send a
 * call back to itself (a "repeat the menu" option). `action_data` is kept as text, as in the
 * vendor's example ("23"), and "" for hangup whatever came.
 */
function readAction(
    path: string,
    value: unknown,
    customer: number,
    nb: NextBillingState,
    self: number | undefined,
    panel: boolean,
): IvrAction {
    if (!isRecord(value)) return fail(R.invalidValue(path, value));
    const name = value.action;
    if (!(IVR_ACTIONS as readonly unknown[]).includes(name)) return fail(R.invalidTarget(path, R.unknownAction(name)));
    const action = name as IvrAction["action"];
    if (action === "hangup") return { action, action_data: "" };
    const data = value.action_data;
    if (action === "external") {
        const number = digitsOf(data);
        return number === undefined ? fail(R.invalidTarget(path, R.invalidActionData(data))) : { action, action_data: number };
    }
    const target = toId(data);
    if (target === undefined) return fail(R.invalidTarget(path, R.invalidActionData(data)));
    if (!panel && !(action === "ivr" && target === self)) {
        const records: readonly Owned[] = {
            voicemail: nb.lines,
            device: nb.lines,
            queue: nb.queues,
            ivr: nb.ivrs,
            ringgroup: nb.ringGroups,
        }[action];
        if (!records.some((r) => r.id === target && r.id_cliente === customer)) {
            fail(R.invalidTarget(path, R.targetNotOwned(ACTION_TARGETS[action], target, customer)));
        }
    }
    return { action, action_data: String(target) };
}

/** Every action of an IVR: what it does when closed, on entry, and on each digit. */
export function ivrActions(ivr: Ivr): IvrAction[] {
    return [ivr.closed_action, ...(ivr.action1 ? [ivr.action1] : []), ...Object.values(ivr.options)];
}

export const IVRS: TenantKind<Ivr, IvrFields> = {
    method: "manageIvr",
    label: "URA",
    writes: (variants) => variants.ivrWrites,
    records: (nb) => nb.ivrs,
    setRecords: (nb, records) => void (nb.ivrs = records),
    counter: "ivr",
    fields: IVR_FIELDS,
    check: (input, nb, options = {}) => checked(input, ["id_cliente", "descricao"], () => readIvr(input, nb, options)),
    writeForm: ({ id: _id, ...fields }) => fields,
    build: (id, fields) => ({ id, ...fields }),
    uses: (nb, id) => {
        const did = nb.dids.find((d) => d.did_type === 6 && d.did_type_id === id);
        if (did) return `DID ${did.id}`;
        const ivr = nb.ivrs.find((i) => i.id !== id && ivrActions(i).some((a) => a.action === "ivr" && Number(a.action_data) === id));
        if (ivr) return `URA ${ivr.id}`;
        const line = nb.lines.find((l) => l.funcionalidade === 3 && l.funcionalidade_id === id);
        if (line) return `linha ${line.id}`;
        return undefined;
    },
};

function listedIvr(ivr: Ivr, variants: Variants): ListedRecord {
    const record: ListedRecord = {};
    for (const field of ["id", ...IVR_FIELDS] as const) record[field] = listedValue(ivr[field]);
    record.options = listedOptions(record.options as Record<string, ListedValue>, variants.ivrOptions);
    const references = ["perfil_horario", "audio_invalido", "audio_timeout", "audio_question", "closed_audio"];
    return objectFieldsAs(valuesAs(record, variants.nextbillingValues), references, ["closed_action", "action1", "options"], variants);
}

/** An IVR's options, keyed by key pressed as stored, as `ivrOptions` writes them. */
function listedOptions(options: Record<string, ListedValue>, shape: Variants["ivrOptions"]): ListedValue {
    const entries = Object.entries(options);
    if (shape === "list") return entries.map(([key, action]) => ({ key, ...(action as Record<string, ListedValue>) }));
    // PHP's json_encode writes an array as a list when its keys are 0, 1, … in order (and [] when empty).
    if (shape === "php" && entries.every(([key], index) => key === String(index))) return entries.map(([, action]) => action);
    return options;
}

/** GET lists (the call documented, `…/0`; a customer id assumed); PUT, POST and DELETE assumed (`ivrWrites`). */
export function manageIvr(call: VendorCall, store: Store): NextBillingAnswer {
    return manage(IVRS, listedIvr, call, store);
}

/** The first IVR whose action rings ring group `id`: ring-group deletes are refused while there is one. */
export function ringGroupUse(nb: NextBillingState, id: number): string | undefined {
    const ivr = nb.ivrs.find((i) => ivrActions(i).some((a) => a.action === "ringgroup" && Number(a.action_data) === id));
    return ivr ? `URA ${ivr.id}` : undefined;
}

// ---- The verbs, shared by the four kinds -------------------------------------------------------

/** Queues, IVRs and time profiles: GET `…/{0|customer}` lists, the writes as manageRingGroups' (the last segment ignored). */
function manage<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    listed: (record: T, variants: Variants) => ListedRecord,
    call: VendorCall,
    store: Store,
): NextBillingAnswer {
    if (call.httpMethod === "GET") return list(kind, listed, call, store.state.nextbilling);
    if (!["PUT", "POST", "DELETE"].includes(call.httpMethod)) return refuse(405, R.httpMethodNotAllowed(call.httpMethod));
    if (kind.writes(call.variants, call.httpMethod) === "404") return refuse(404, R.unknownMethod(kind.method));
    return write(kind, call, store);
}

/** The answer is undocumented: shaped and typed by the variants, as the ring-group list. */
function list<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    listed: (record: T, variants: Variants) => ListedRecord,
    call: VendorCall,
    nb: NextBillingState,
): NextBillingAnswer {
    const customer = customerScope(call.id ?? "0", nb);
    if (customer === undefined) return refuse(200, R.customerNotFound(call.id));
    const rows = kind
        .records(nb)
        .filter((record) => customer === 0 || record.id_cliente === customer)
        .map((record) => ({ id: record.id, customer: record.id_cliente, record: listed(record, call.variants) }));
    return answer(200, JSON.stringify(undocumentedList(rows, nb, call.variants)));
}

function write<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    call: VendorCall,
    store: Store,
): NextBillingAnswer {
    switch (call.httpMethod) {
        case "PUT":
            return call.body ? create(kind, call.body, store) : refuse(400, R.noBody);
        case "POST":
            return call.body ? update(kind, call.body, store) : refuse(400, R.noBody);
        default:
            return remove(kind, call.query.get("id_record"), store);
    }
}

/** Answers the documented create envelope, trailing comma included. */
function create<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    body: Record<string, unknown>,
    store: Store,
): NextBillingAnswer {
    const verdict = kind.check(pick(body, kind.fields), store.state.nextbilling);
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    return created(store.update((draft) => addTenantRecord(kind, draft.nextbilling, verdict.value)));
}

/**
 * `id_record` names the record; the fields given replace the stored ones and the whole record is
 * checked again. The contract has clients send every field (queues, IVRs, time profiles), but a field
 * left out keeps its stored value rather than falling back to its default: the sandbox's choice, as
 * manageDID's documented POST is partial.
 */
function update<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    body: Record<string, unknown>,
    store: Store,
): NextBillingAnswer {
    if (isMissing(body.id_record)) return refuse(422, R.missing("id_record"));
    const nb = store.state.nextbilling;
    const id = toId(body.id_record);
    const stored = kind.records(nb).find((record) => record.id === id);
    if (id === undefined || !stored) return refuse(200, R.recordNotFound(body.id_record));
    const verdict = kind.check({ ...kind.writeForm(stored), ...pick(body, kind.fields) }, nb, { self: id });
    if (!verdict.ok) return refuse(verdict.status, verdict.reason);
    const use = verdict.value.id_cliente !== stored.id_cliente ? kind.uses(nb, id) : undefined;
    if (use) return refuse(200, R.inUse(`${kind.label} ${id}`, use));
    store.update((draft) => replaceTenantRecord(kind, draft.nextbilling, id, verdict.value));
    return written();
}

function remove<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    record: string | null,
    store: Store,
): NextBillingAnswer {
    if (isMissing(record)) return refuse(422, R.missing("id_record"));
    const nb = store.state.nextbilling;
    const id = toId(record);
    if (id === undefined || !kind.records(nb).some((stored) => stored.id === id)) return refuse(200, R.recordNotFound(record));
    const use = kind.uses(nb, id);
    if (use) return refuse(200, R.inUse(`${kind.label} ${id}`, use));
    store.update((draft) => removeTenantRecord(kind, draft.nextbilling, id));
    return written();
}

/** Mutators for a draft state, shared with the admin API so ids are handed out in one place. */
export function addTenantRecord<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    nb: NextBillingState,
    fields: F,
): number {
    const id = nb.nextId[kind.counter]++;
    kind.records(nb).push(kind.build(id, fields, undefined));
    return id;
}

/** Replaces the record (the live one is frozen): only this kind's list and this record are copied. */
export function replaceTenantRecord<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    nb: NextBillingState,
    id: number,
    fields: F,
): void {
    const records = kind.records(nb);
    const index = records.findIndex((record) => record.id === id);
    if (index >= 0) records[index] = kind.build(id, fields, records[index]);
}

export function removeTenantRecord<T extends Owned, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    nb: NextBillingState,
    id: number,
): void {
    kind.setRecords(
        nb,
        kind.records(nb).filter((record) => record.id !== id),
    );
}
