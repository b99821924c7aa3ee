import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../provider/kit/files";
import { VARIANT_VALUES, type Variants } from "./variants";

/**
 * Bumped whenever the saved shape changes incompatibly, so an old state file is refused instead of misread.
 * Additions that have an obvious empty value (the DID, queue, IVR and time-profile collections, the Directcall and Erix
 * sections, the fields lines, queues and IVRs gained with their write methods) are not bumps: `parseState` fills them in,
 * so a version-1 file saved before them still loads.
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
    /** What DIDs of type 5 and 6, IVR actions and lines (funcionalidade 3 and 4) point at. */
    queues: Queue[];
    ivrs: Ivr[];
    /** Perfis de Horário: when an IVR is open (`perfil_horario`). */
    timeProfiles: TimeProfile[];
    dids: Did[];
    /**
     * Ids are never reused, as on the vendor, so a deleted record's id cannot come back as another record.
     * One counter per kind the API creates.
     */
    nextId: NextIds;
}

export interface NextIds {
    ringGroup: number;
    did: number;
    line: number;
    queue: number;
    ivr: number;
    timeProfile: number;
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
 * there); `nome` and `ramal` are the sandbox's own, what a person sees in the panel. The fields
 * after them are manageDevices' create fields (both of the vendor's pages), under their names;
 * the owner is `id_cliente` here as listDevices lists it (manageDevices calls it `customer_id`).
 */
export interface NextBillingLine {
    id: number;
    id_cliente: number;
    id_plano: number;
    /** Audio played before each call the line makes; 0 none. */
    id_audio: number;
    id_perfil_horario: number;
    tipo_tar: number;
    /** Country and area code, e.g. "5511". */
    ddd_local: string;
    tech: "SIP";
    /** SIP login, unique across the platform ("" for an IP-authenticated line that has none). */
    username: string;
    /** The addresses calls come from when `auth` is 1; [] when the line registers (listed as "dynamic"). */
    domain: string[];
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
    /** 0 user and password, 1 IP address + techprefix. */
    auth: LineAuth;
    /** Write-only, as DID passwords: kept here (the vendor's database), never listed. */
    password: string;
    /** Digits, "" for none. */
    callerid: string;
    simultaneas: number;
    max_cps: number;
    /** Seconds; 0 the platform's limit. */
    max_ringtime: number;
    /** Seconds; 0 the platform's limit. */
    max_calltime: number;
    fixo: Flag;
    movel: Flag;
    fixo_ddi: Flag;
    movel_ddi: Flag;
    status: Flag;
    /** A custom rate plan; 0 the customer's plan. */
    rate_id: number;
    /** `;`-separated, in order of preference: "g729;alaw;ulaw". */
    codecs: string;
    /** −10 to 10. */
    volume_rx: number;
    volume_tx: number;
    funcionalidade: LineFunction;
    /** The IVR (funcionalidade 3) or queue (4) the line is; 0 otherwise. */
    funcionalidade_id: number;
    /** Follow-me (Siga-ME): each condition's status and the number it calls ("" when off and never set). */
    sigame_always_st: Flag;
    sigame_always_dst: string;
    sigame_busy_st: Flag;
    sigame_busy_dst: string;
    sigame_noanswer_st: Flag;
    sigame_noanswer_dst: string;
    sigame_offline_st: Flag;
    sigame_offline_dst: string;
    allow_transfer: Flag;
    check_spoofing: Flag;
    /** 0 direct media, 1 RTP proxy, 2 transcoder. */
    proxy_media: LineMedia;
}

export const LINE_AUTHS = [0, 1] as const;
export type LineAuth = (typeof LINE_AUTHS)[number];
/** 0 line, 1 voice portal, 2 calling card, 3 IVR menu, 4 queue, 5 phone booth. */
export const LINE_FUNCTIONS = [0, 1, 2, 3, 4, 5] as const;
export type LineFunction = (typeof LINE_FUNCTIONS)[number];
export const LINE_MEDIA = [0, 1, 2] as const;
export type LineMedia = (typeof LINE_MEDIA)[number];

/**
 * What a line has when only its ids, name and extension are given (seed, older state files): the
 * vendor example's listDevices values, and manageDevices' defaults for the rest (the vendor documents
 * `simultaneas`, `fixo`/`movel`/`_ddi`, `status` and `rate_id` 0; the others are the sandbox's choice).
 * The user name is made unique from the customer and the extension; the seed sets its own.
 */
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
        domain: [],
        port: 0,
        rtp_symmetric: 0,
        nat: "auto_force_rport",
        techprefix: "",
        saldo: 0,
        voip: 1,
        fixo_local: 1,
        nome: line.nome,
        ramal: line.ramal,
        ...LINE_WRITE_DEFAULTS,
    };
}

/** manageDevices' fields beyond listDevices' when a create leaves them out. */
export const LINE_WRITE_DEFAULTS = {
    auth: 0,
    password: "",
    callerid: "",
    simultaneas: 1,
    max_cps: 0,
    max_ringtime: 0,
    max_calltime: 0,
    fixo: 1,
    movel: 1,
    fixo_ddi: 0,
    movel_ddi: 0,
    status: 1,
    rate_id: 0,
    codecs: "g729;alaw;ulaw",
    volume_rx: 0,
    volume_tx: 0,
    funcionalidade: 0,
    funcionalidade_id: 0,
    sigame_always_st: 0,
    sigame_always_dst: "",
    sigame_busy_st: 0,
    sigame_busy_dst: "",
    sigame_noanswer_st: 0,
    sigame_noanswer_dst: "",
    sigame_offline_st: 0,
    sigame_offline_dst: "",
    allow_transfer: 1,
    check_spoofing: 0,
    proxy_media: 0,
} as const satisfies Partial<NextBillingLine>;

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

/** `{"id": N}`: how the vendor's queue and IVR pages point at an audio file or a time profile. */
export interface RecordRef {
    id: number;
}

/** The queue page's strategies (ring groups have only ringall, random and linear). */
export const QUEUE_STRATEGIES = ["ringall", "rrmemory", "random", "fewestcalls", "linear"] as const;
export type QueueStrategy = (typeof QUEUE_STRATEGIES)[number];
export const MUSIC_ON_HOLD = ["custom", "default"] as const;
/** 0 basic, 1 power, 2 full. */
export const QUEUE_TYPES = [0, 1, 2] as const;

/**
 * Fila de Atendimento (call queue), with the field names of the vendor's queue page in its order:
 * what a DID of type 5 points at with `did_type_id`, an IVR's "queue" action, a line of funcionalidade 4.
 */
export interface Queue {
    id: number;
    id_cliente: number;
    descricao: string;
    strategy: QueueStrategy;
    musiconhold: (typeof MUSIC_ON_HOLD)[number];
    /** The audio announced to callers waiting; null for none. */
    announce: RecordRef | null;
    /** Seconds between announcements; 0 off. */
    announce_frequency: number;
    announce_holdtime: Flag;
    announce_position: Flag;
    retry: number;
    timeout: number;
    wrapuptime: number;
    reportholdtime: Flag;
    ringinuse: Flag;
    queue_type: (typeof QUEUE_TYPES)[number];
    play_agent_audio: Flag;
    /** The overflow queue (same customer); 0 none. */
    id_backup1: number;
    /** The customer's line ids (agents), in order; may be empty. */
    devices: number[];
}

/** What a queue has when only its ids and description are given (seed, older state files): the create defaults. */
export function queueDefaults(queue: Pick<Queue, "id" | "id_cliente" | "descricao">): Queue {
    return {
        id: queue.id,
        id_cliente: queue.id_cliente,
        descricao: queue.descricao,
        strategy: "ringall",
        musiconhold: "default",
        announce: null,
        announce_frequency: 0,
        announce_holdtime: 0,
        announce_position: 0,
        retry: 5,
        timeout: 30,
        wrapuptime: 0,
        reportholdtime: 0,
        ringinuse: 0,
        queue_type: 0,
        play_agent_audio: 0,
        id_backup1: 0,
        devices: [],
    };
}

/**
 * What an IVR action does: "hangup" and "voicemail" (a line id) are the vendor's; "device" (a line
 * id), "queue", "ivr", "ringgroup" (their ids) and "external" (a phone number) are this project's assumption.
 */
export const IVR_ACTIONS = ["hangup", "voicemail", "device", "queue", "ivr", "ringgroup", "external"] as const;
export type IvrActionName = (typeof IVR_ACTIONS)[number];

/** `{"action": "voicemail", "action_data": "23"}`: `action_data` is text, as in the vendor's example ("" for hangup). */
export interface IvrAction {
    action: IvrActionName;
    action_data: string;
}

/** The keys of an IVR's digit options (assumed: the vendor's page is cut before any). */
export const IVR_OPTION_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;
export type IvrOptionKey = (typeof IVR_OPTION_KEYS)[number];

/** Bloco de URA (IVR), with the field names of the vendor's IVR page (`alow_dial_extension` as the vendor spells it). */
export interface Ivr {
    id: number;
    id_cliente: number;
    descricao: string;
    /** 0 only the menu's options, 1 an extension may be dialled too. */
    alow_dial_extension: Flag;
    timeout_response: number;
    timeout_digit: number;
    /** When the IVR is open; null: always. */
    perfil_horario: RecordRef | null;
    audio_invalido: RecordRef | null;
    audio_timeout: RecordRef | null;
    audio_question: RecordRef | null;
    closed_audio: RecordRef | null;
    have_question: Flag;
    /** What happens outside `perfil_horario`. */
    closed_action: IvrAction;
    /** What happens as soon as a call enters; null: nothing, the menu plays. */
    action1: IvrAction | null;
    /** The digit options, keyed "0"…"9", "*", "#". */
    options: Partial<Record<IvrOptionKey, IvrAction>>;
}

/** What an IVR has when only its ids and description are given (seed, older state files): the create defaults. */
export function ivrDefaults(ivr: Pick<Ivr, "id" | "id_cliente" | "descricao">): Ivr {
    return {
        id: ivr.id,
        id_cliente: ivr.id_cliente,
        descricao: ivr.descricao,
        alow_dial_extension: 0,
        timeout_response: 5,
        timeout_digit: 3,
        perfil_horario: null,
        audio_invalido: null,
        audio_timeout: null,
        audio_question: null,
        closed_audio: null,
        have_question: 0,
        closed_action: { action: "hangup", action_data: "" },
        action1: null,
        options: {},
    };
}

/** wday0 is Sunday … wday6 Saturday (the vendor documents 0 to 3; 4 to 6 follow its pattern). */
export type TimeProfileField = `wday${0 | 1 | 2 | 3 | 4 | 5 | 6}_hora${1 | 2}_${"ini" | "end"}`;

/** The 28 interval fields, in the vendor's order: Sunday's first interval's start and end, its second's, then Monday's… */
export const TIME_PROFILE_FIELDS: readonly TimeProfileField[] = [0, 1, 2, 3, 4, 5, 6].flatMap((day) =>
    [1, 2].flatMap((interval) => (["ini", "end"] as const).map((edge) => `wday${day}_hora${interval}_${edge}` as TimeProfileField)),
);

/** Perfil de Horário: up to two intervals a weekday, each "hh:mm:ss", "" for none. */
export type TimeProfile = { id: number; id_cliente: number; descricao: string } & Record<TimeProfileField, string>;

/** A profile with no interval at all; `hours` sets some, e.g. `{ wday1_hora1_ini: "08:00:00", … }`. */
export function timeProfileDefaults(
    profile: Pick<TimeProfile, "id" | "id_cliente" | "descricao">,
    hours: Partial<Record<TimeProfileField, string>> = {},
): TimeProfile {
    const intervals = Object.fromEntries(TIME_PROFILE_FIELDS.map((field) => [field, hours[field] ?? ""])) as Record<
        TimeProfileField,
        string
    >;
    return { id: profile.id, id_cliente: profile.id_cliente, descricao: profile.descricao, ...intervals };
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
        nextbilling: {
            customers: [],
            lines: [],
            ringGroups: [],
            queues: [],
            ivrs: [],
            timeProfiles: [],
            dids: [],
            nextId: { ringGroup: 1, did: 1, line: 1, queue: 1, ivr: 1, timeProfile: 1 },
        },
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
        nb.timeProfiles,
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
    for (const field of ["queues", "ivrs", "timeProfiles", "dids"] as const) {
        added[field] ??= [];
        if (!Array.isArray(added[field])) throw new Error(`sandbox state file ${file} has a "nextbilling.${field}" that is not a list`);
    }
    // Counters added with their write methods: the next id after the highest saved, so none is reused.
    const nextId = nb.nextId as Partial<NextIds>;
    const after = (records: readonly { id: number }[]) => Math.max(0, ...records.map((record) => record.id)) + 1;
    nextId.did ??= after(added.dids!);
    nextId.line ??= after(nb.lines);
    nextId.queue ??= after(added.queues!);
    nextId.ivr ??= after(added.ivrs!);
    nextId.timeProfile ??= after(added.timeProfiles!);
    nb.customers = nb.customers.map((customer) => parseCustomer(customer, file));
    // Records saved before they carried their vendor fields get the defaults (lines: the listDevices example's values).
    // A line saved with addresses and no `auth` was an IP line: it keeps listing them rather than "dynamic".
    nb.lines = nb.lines.map((line) => {
        const domain = savedDomain(line.domain);
        return { ...lineDefaults(line), ...line, domain, auth: line.auth ?? (domain.length > 0 ? 1 : 0) };
    });
    nb.queues = added.queues!.map((queue) => ({ ...queueDefaults(queue), ...queue }));
    nb.ivrs = added.ivrs!.map((ivr) => ({ ...ivrDefaults(ivr), ...ivr }));
    candidate.directcall = parseDirectcall(candidate.directcall, file);
    candidate.erix = parseErix(candidate.erix, file);
    return candidate as SandboxState;
}

/** Lines saved before manageDevices was emulated kept `domain` as listDevices writes it: "dynamic", or addresses joined by ",". */
function savedDomain(domain: unknown): string[] {
    if (Array.isArray(domain)) return domain.map(String);
    if (typeof domain !== "string" || domain === "dynamic" || domain.trim() === "") return [];
    return domain.split(",").map((address) => address.trim());
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
