import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../provider/kit/files";
import { VARIANT_VALUES, type Variants } from "./variants";

/**
 * Bumped whenever the saved shape changes incompatibly, so an old state file is refused instead of misread.
 * Additions that have an obvious empty value (the DID, queue and IVR collections, the Directcall and Erix sections) are not bumps:
 * `parseState` fills them in, so a version-1 file saved before them still loads.
 */
export const STATE_VERSION = 1;

/**
 * Everything the emulator remembers. One section per vendor, so each vendor is added as its own
 * section without touching the others.
 */
export interface SandboxState {
    version: typeof STATE_VERSION;
    nextbilling: NextBillingState;
    directcall: DirectcallState;
    erix: ErixState;
}

export interface NextBillingState {
    customers: NextBillingCustomer[];
    lines: NextBillingLine[];
    ringGroups: RingGroup[];
    /** Reference data (read-only through the vendor API here): what DIDs of type 5 and 6 point at. */
    queues: Queue[];
    ivrs: Ivr[];
    dids: Did[];
    /**
     * Ids are never reused, as on the vendor, so a deleted record's id cannot come back as another record.
     * One counter per kind the API creates; queues and IVRs are only seeded.
     */
    nextId: { ringGroup: number; did: number };
}

/** Records keep the vendor's field names so state dumps read like the vendor's own data. */
export interface NextBillingCustomer {
    id: number;
    /** The trade name, as listDevices' customer blocks name it (and statusCustomer's `customer_name`). */
    nome_fantasia: string;
    /** 1 active, 0 inactive (statusCustomer). */
    status: Flag;
}

/**
 * A line (Linha IP / ramal). The fields from `id_plano` to `fixo_local` are the ones the vendor's
 * listDevices example shows, in its order and with its names (the stored copy of the page ends
 * there); `nome` and `ramal` are the sandbox's own, what a person sees in the panel.
 */
export interface NextBillingLine {
    id: number;
    id_cliente: number;
    id_plano: number;
    id_audio: number;
    id_perfil_horario: number;
    tipo_tar: number;
    /** Country and area code, e.g. "5511". */
    ddd_local: string;
    tech: "SIP";
    /** SIP login, unique across the platform. */
    username: string;
    /** "dynamic" (the device registers) or an address. */
    domain: string;
    port: number;
    rtp_symmetric: Flag;
    nat: string;
    techprefix: string;
    /** Prepaid balance; listed with five decimals, as in the vendor's example ("0.00000"). */
    saldo: number;
    voip: Flag;
    fixo_local: Flag;
    nome: string;
    ramal: string;
}

/** What a line has when only its ids, name and extension are given (seed, older state files): the vendor example's values. */
export function lineDefaults(line: Pick<NextBillingLine, "id" | "id_cliente" | "nome" | "ramal">): NextBillingLine {
    return {
        id: line.id,
        id_cliente: line.id_cliente,
        id_plano: 0,
        id_audio: 0,
        id_perfil_horario: 0,
        tipo_tar: 1,
        ddd_local: "5511",
        tech: "SIP",
        username: `c${line.id_cliente}r${line.ramal}`,
        domain: "dynamic",
        port: 0,
        rtp_symmetric: 0,
        nat: "auto_force_rport",
        techprefix: "",
        saldo: 0,
        voip: 1,
        fixo_local: 1,
        nome: line.nome,
        ramal: line.ramal,
    };
}

export const RING_STRATEGIES = ["ringall", "random", "linear"] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

export interface RingGroup {
    id: number;
    id_cliente: number;
    descricao: string;
    strategy: RingStrategy;
    devices: number[];
    status: 0 | 1;
}

/** Fila de Atendimento (call queue): what a DID of type 5 points at with `did_type_id`. */
export interface Queue {
    id: number;
    id_cliente: number;
    descricao: string;
}

/** Bloco de URA (IVR): what a DID of type 6 points at with `did_type_id`. */
export interface Ivr {
    id: number;
    id_cliente: number;
    descricao: string;
}

/**
 * `did_type` values the vendor documents: 0 inbound over IP, 1 call a line, 4 extension menu,
 * 5 queue, 6 IVR, 8 reverse callback, 9 reverse IVR, 10 audio test.
 */
export const DID_TYPES = [0, 1, 4, 5, 6, 8, 9, 10] as const;
export type DidType = (typeof DID_TYPES)[number];

export type Flag = 0 | 1;

/**
 * A DID (Núm. Entrante) with exactly the field names of the vendor's manageDID body (seed 001).
 * `null` means "not set" for the optional numbers (`did_type` null = no routing yet); texts not
 * given are "". `password` is kept here, as in the vendor's database, but never listed by GET.
 */
export interface Did {
    id: number;
    /** 0 = available for sale. */
    customer_id: number;
    description: string;
    rate_id: number | null;
    rate_cost_id: number | null;
    /** Digits only, unique across all DIDs. */
    did_number: string;
    did_type: DidType | null;
    /** Queue id (type 5) or IVR id (type 6). */
    did_type_id: number | null;
    /** Line that pays the call (types 0, 1, 4, 9). */
    device_id: number | null;
    host: string;
    port: number | null;
    username: string;
    password: string;
    techprefix1: string;
    ip_address1: string;
    port1: number | null;
    techprefix2: string;
    ip_address2: string;
    port2: number | null;
    callerid_add: string;
    max_calls: number | null;
    play_audio: Flag;
    hide_from_reseller: Flag;
    enable_fixed: Flag;
    enable_mobile: Flag;
    enable_ddi: Flag;
    register: Flag;
    status: Flag;
    annotations: string;
    host_additional: string[];
}

/**
 * Directcall (seed 002): accounts, the tokens they were issued, and the callback URLs they registered.
 * `GET /_admin/state` shows the state, so secrets and tokens are kept only as SHA-256 digests:
 * enough to check what a client sends, useless to anyone reading a dump.
 */
export interface DirectcallState {
    accounts: DirectcallAccount[];
    tokens: DirectcallToken[];
    callbacks: DirectcallCallback[];
    /** Registration codes are never reused, so a removed registration's code cannot name another one. */
    nextCode: number;
    /** Successful `request_token` calls since the seed, so tests can prove a client reuses its token. */
    tokenRequests: number;
    /** What simulated calls delivered to the registered URLs, oldest first (bounded). */
    deliveries: DirectcallDelivery[];
}

export interface DirectcallAccount {
    /** The account e-mail, sent as `client_id`. */
    clientId: string;
    /** SHA-256 (hex) of the `client_secret`. */
    secretSha256: string;
}

export interface DirectcallToken {
    /** SHA-256 (hex) of the `access_token` handed out. */
    tokenSha256: string;
    clientId: string;
    /** ISO time; the token is refused from this instant on. */
    expiresAt: string;
}

/** A callback registration with the vendor's field names; `pin` is "" when it receives every call. */
export interface DirectcallCallback {
    code: string;
    /** The account that registered it: list and remove see only their own account's registrations. */
    clientId: string;
    /** Exactly as registered, Basic-auth credentials included (the vendor lists it back that way). */
    url: string;
    pin: string;
}

/** The call statuses the vendor's documentation names. */
export const CALL_STATUSES = ["atendida", "ocupado", "desligou"] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** One POST of one call status to one registration. */
export interface DirectcallDelivery {
    at: string;
    callerid: string;
    code: string;
    /** The registered URL without its credentials. */
    url: string;
    status: CallStatus;
    /** The receiver's HTTP status; null when it did not answer (or was not called). */
    httpStatus: number | null;
    error?: string;
}

/**
 * PBX Erix by Nuclear (seed 003): what its agent API checks against (agents, extensions and queues,
 * created in the PBX's web interface and only seeded here) and who is logged in where.
 */
export interface ErixState {
    agents: ErixAgent[];
    extensions: ErixExtension[];
    queues: ErixQueue[];
    /** One per logged-in agent: a second login moves it rather than adding another. */
    sessions: ErixSession[];
}

/**
 * How `/api/agent.php` wraps its answers: the `erixAnswers` variant (sandbox/variants.ts). It used to
 * be kept here, in the state; variants never are, so a file that still carries it loads without it.
 */
export const ERIX_ANSWER_FORMATS = VARIANT_VALUES.erixAnswers;
export type ErixAnswerFormat = Variants["erixAnswers"];

export interface ErixAgent {
    /** What the API's `agent` parameter carries (the vendor: "não utilizar o Nome aqui"). */
    login: string;
    name: string;
}

export interface ErixExtension {
    /** Digits only, as the vendor requires. */
    exten: string;
    /** Only Call Center extensions take an agent login ("Exten Call Center false" otherwise). */
    callCenter: boolean;
}

export interface ErixQueue {
    name: string;
    /** Only Call Center queues take an agent login ("Queue Call Center false" otherwise). */
    callCenter: boolean;
}

export interface ErixSession {
    agent: string;
    exten: string;
    queue: string;
    paused: boolean;
    /** The last pause's `reason`, "" when none was given or the agent is available. */
    reason: string;
    /** ISO time of the login. */
    since: string;
}

export function emptyState(): SandboxState {
    return {
        version: STATE_VERSION,
        nextbilling: { customers: [], lines: [], ringGroups: [], queues: [], ivrs: [], dids: [], nextId: { ringGroup: 1, did: 1 } },
        directcall: emptyDirectcallState(),
        erix: emptyErixState(),
    };
}

export function emptyErixState(): ErixState {
    return { agents: [], extensions: [], queues: [], sessions: [] };
}

export function emptyDirectcallState(): DirectcallState {
    return { accounts: [], tokens: [], callbacks: [], nextCode: 1, tokenRequests: 0, deliveries: [] };
}

export function isEmptyState(state: SandboxState): boolean {
    const nb = state.nextbilling;
    const dc = state.directcall;
    const erix = state.erix;
    return [
        nb.customers,
        nb.lines,
        nb.ringGroups,
        nb.queues,
        nb.ivrs,
        nb.dids,
        dc.accounts,
        dc.callbacks,
        erix.agents,
        erix.sessions,
    ].every((records) => records.length === 0);
}

/**
 * Holds the state in memory and, when given a file, mirrors every change to it.
 * Changes run on a draft that replaces the live state only once it is saved, so a failed write
 * (or a change that throws half-way) never leaves memory ahead of the disk.
 *
 * The draft is not a deep copy of the state: with ten thousand records a copy per write made the
 * emulator itself the bottleneck of every benchmark. Its vendor sections are its own, and each
 * list or counter of a section is copied the first time the change touches it; everything else,
 * records included, is shared with the live state. So the live state is frozen: a change replaces
 * a record (`list[i] = {...list[i], status}`) instead of editing it, and one that edits a record
 * in place fails loudly (a TypeError) instead of changing the live state behind the store's back.
 */
export class Store {
    private current: SandboxState;

    private constructor(
        initial: SandboxState,
        readonly file: string | undefined,
    ) {
        this.current = deepFreeze(initial);
    }

    /** Loads `file` when it exists; otherwise starts empty (and creates the file on the first change). */
    static open(file?: string): Store {
        if (file === undefined) return new Store(emptyState(), undefined);
        mkdirSync(dirname(file), { recursive: true });
        const state = existsSync(file) ? parseState(readFileSync(file, "utf8"), file) : emptyState();
        return new Store(state, file);
    }

    /** The live state, frozen. Read it freely; change it only through `update` or `replace`. */
    get state(): SandboxState {
        return this.current;
    }

    /** Runs `change` on a draft whose lists and counters are its own; its records are the live ones, frozen (replace them, never edit them). */
    update<T>(change: (draft: SandboxState) => T): T {
        const draft = new Draft(this.current);
        const result = change(draft.state);
        this.commit(draft.result());
        return result;
    }

    replace(state: SandboxState): void {
        this.commit(structuredClone(state));
    }

    private commit(next: SandboxState): void {
        if (this.file !== undefined) writeFileAtomic(this.file, JSON.stringify(next, null, 2) + "\n");
        this.current = deepFreeze(next);
    }
}

/**
 * A state to change: the state object and its sections are copies, and a section's list or
 * counter is copied on first access (read or write), so a write to the DIDs copies the DID list
 * and nothing else. `result()` is the plain state the change left.
 */
class Draft {
    readonly state: SandboxState;
    private readonly sections = new Map<string, DraftSection>();

    constructor(base: SandboxState) {
        const state: Record<string, unknown> = { ...base };
        for (const [name, section] of Object.entries(base)) {
            if (!isPlainObject(section)) continue;
            const drafted = draftSection(section);
            this.sections.set(name, drafted);
            state[name] = drafted.draft;
        }
        this.state = state as unknown as SandboxState;
    }

    /** The plain state the change left, frozen: only what it touched is walked, the rest is the live state's, frozen already. */
    result(): SandboxState {
        const state: Record<string, unknown> = { ...this.state };
        for (const [name, value] of Object.entries(state)) {
            const drafted = this.sections.get(name);
            // A section replaced whole (`draft.erix = next`) is plain already, and new: frozen all through.
            if (!drafted || value !== drafted.draft) {
                deepFreeze(value);
                continue;
            }
            const plain: Record<string, unknown> = {};
            for (const field of Object.keys(drafted.draft)) {
                const inBase = Object.prototype.hasOwnProperty.call(drafted.base, field);
                if (inBase && !drafted.own.has(field)) {
                    plain[field] = drafted.base[field];
                    continue;
                }
                const own = inBase ? drafted.own.get(field) : drafted.draft[field];
                const before = drafted.base[field];
                if (Array.isArray(own) && Array.isArray(before)) Object.freeze(freezeNew(own, before));
                else deepFreeze(own);
                plain[field] = own;
            }
            state[name] = Object.freeze(plain);
        }
        return Object.freeze(state) as unknown as SandboxState;
    }
}

interface DraftSection {
    base: Record<string, unknown>;
    /** The fields the change touched: their copies, or what it set. */
    own: Map<string, unknown>;
    draft: Record<string, unknown>;
}

function draftSection(base: Record<string, unknown>): DraftSection {
    const own = new Map<string, unknown>();
    const draft: Record<string, unknown> = {};
    for (const field of Object.keys(base)) {
        Object.defineProperty(draft, field, {
            enumerable: true,
            get: () => {
                if (!own.has(field)) own.set(field, copyOf(base[field]));
                return own.get(field);
            },
            set: (value: unknown) => void own.set(field, value),
        });
    }
    return { base, own, draft };
}

function copyOf(value: unknown): unknown {
    if (Array.isArray(value)) return [...value];
    if (isPlainObject(value)) return { ...value };
    return value;
}

/**
 * Freezes the records of `next` that `base` (frozen) does not hold, walking both in step: a write
 * adds, replaces or removes a record or two, so the others are the same objects, frozen already,
 * and an identity check each is all they cost. Whatever the change did, every record of `next`
 * that is not one of `base`'s in step is frozen; the walk only decides how few are looked at.
 */
function freezeNew(next: unknown[], base: readonly unknown[]): unknown[] {
    let j = 0;
    for (let i = 0; i < next.length; i++) {
        const item = next[i];
        if (item === base[j]) {
            j += 1;
        } else if (item === base[j + 1]) {
            j += 2; // base[j] was removed
        } else {
            deepFreeze(item); // added, or replacing base[j]
            if (next[i + 1] === base[j + 1]) j += 1;
        }
    }
    return next;
}

/** Freezes what is not frozen yet; a frozen object is taken to be frozen all the way down (it was frozen here). */
function deepFreeze<T>(value: T): T {
    if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
    Object.freeze(value);
    if (Array.isArray(value)) for (const child of value) deepFreeze(child);
    else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
    return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseState(text: string, file: string): SandboxState {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`sandbox state file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    const candidate = parsed as Partial<SandboxState> | null;
    if (candidate?.version !== STATE_VERSION) {
        throw new Error(
            `sandbox state file ${file} has version ${String(candidate?.version)}; this sandbox reads version ${STATE_VERSION}`,
        );
    }
    const nb = candidate.nextbilling;
    if (
        !nb ||
        !Array.isArray(nb.customers) ||
        !Array.isArray(nb.lines) ||
        !Array.isArray(nb.ringGroups) ||
        typeof nb.nextId?.ringGroup !== "number"
    ) {
        throw new Error(`sandbox state file ${file} has no usable "nextbilling" section`);
    }
    // Collections added after version 1 was first saved: absent means none yet.
    const added = nb as Partial<NextBillingState>;
    for (const field of ["queues", "ivrs", "dids"] as const) {
        added[field] ??= [];
        if (!Array.isArray(added[field])) throw new Error(`sandbox state file ${file} has a "nextbilling.${field}" that is not a list`);
    }
    if (typeof nb.nextId.did !== "number") nb.nextId.did = Math.max(0, ...added.dids!.map((did) => did.id)) + 1;
    nb.customers = nb.customers.map((customer) => parseCustomer(customer, file));
    // Lines saved before they carried the vendor's listDevices fields get that example's values.
    nb.lines = nb.lines.map((line) => ({ ...lineDefaults(line), ...line }));
    candidate.directcall = parseDirectcall(candidate.directcall, file);
    candidate.erix = parseErix(candidate.erix, file);
    return candidate as SandboxState;
}

/** Customers saved before listDevices nested by customer had `nome` and no status: the name is the trade name, and they were active. */
function parseCustomer(saved: Partial<NextBillingCustomer> & { nome?: unknown }, file: string): NextBillingCustomer {
    const { nome, ...customer } = saved;
    const name = customer.nome_fantasia ?? nome ?? "";
    const status = customer.status ?? 1;
    if (typeof customer.id !== "number" || typeof name !== "string" || (status !== 0 && status !== 1)) {
        throw new Error(`sandbox state file ${file} has a customer that is not {id, nome_fantasia, status 0|1}: ${JSON.stringify(saved)}`);
    }
    return { ...customer, id: customer.id, nome_fantasia: name, status };
}

/** The Directcall section came after version 1 was first saved: a file without it (or without a part of it) has none yet. */
function parseDirectcall(section: Partial<DirectcallState> | undefined, file: string): DirectcallState {
    const dc = { ...emptyDirectcallState(), ...section };
    for (const field of ["accounts", "tokens", "callbacks", "deliveries"] as const) {
        if (!Array.isArray(dc[field])) throw new Error(`sandbox state file ${file} has a "directcall.${field}" that is not a list`);
    }
    for (const field of ["nextCode", "tokenRequests"] as const) {
        if (typeof dc[field] !== "number") throw new Error(`sandbox state file ${file} has a "directcall.${field}" that is not a number`);
    }
    return dc;
}

/** Likewise the Erix section: a file saved before Erix was emulated has none yet. */
function parseErix(section: Partial<ErixState> | undefined, file: string): ErixState {
    const erix = { ...emptyErixState(), ...section };
    for (const field of ["agents", "extensions", "queues", "sessions"] as const) {
        if (!Array.isArray(erix[field])) throw new Error(`sandbox state file ${file} has an "erix.${field}" that is not a list`);
    }
    // Saved before answer formats became a variant: how answers are written is not state any more.
    delete (erix as Partial<ErixState> & { answerFormat?: unknown }).answerFormat;
    return erix;
}
