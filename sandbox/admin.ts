import { checkCallback, DIRECTCALL_TEXTS, expireTokens, registerCallback, unregisterCallback, type DirectcallSettings } from "./directcall";
import {
    deliverCall,
    SIMULATED_CALL_DEFAULTS,
    type DeliveryOptions,
    type SimulatedCall,
    type SimulatedCallResult,
} from "./directcallCalls";
import { removeSession } from "./erix";
import {
    addDid,
    addRingGroup,
    checkDid,
    checkRingGroup,
    DID_FIELDS,
    mergeDid,
    NEXTBILLING_REASONS,
    removeDid,
    removeRingGroup,
    replaceDid,
    replaceRingGroup,
    toId,
} from "./nextbilling";
import {
    addTenantRecord,
    IVRS,
    LINE_PANEL_FIELDS,
    LINE_WRITE_FIELDS,
    LINES,
    QUEUES,
    removeTenantRecord,
    replaceTenantRecord,
    TIME_PROFILES,
    type TenantKind,
} from "./nextbillingTenant";
import {
    CALL_STATUSES,
    ERIX_ANSWER_FORMATS,
    type CallStatus,
    type DirectcallCallback,
    type DirectcallDelivery,
    type Did,
    type ErixAnswerFormat,
    type ErixSession,
    type RingGroup,
    type Store,
} from "./store";
import { parseVariantSelection, VariantError, type VariantSelection, type VariantsView } from "./variants";

/** Which vendor requests (`/api/` and Directcall's) a one-shot fault applies to. Each match uses up one of `count`. */
export interface FaultMatcher {
    /** HTTP method, any case; absent = every method. */
    method?: string;
    /** Substring of the logged path and query (credentials already replaced by `{token}`/`{key}`), e.g. `/voz/add-callback`. */
    pathIncludes?: string;
    /**
     * Substring of the logged body as JSON text (secrets already `"***"`), e.g. `"command":"pause"` for an
     * Erix POST or `"pin":"` for a Directcall add-callback with a PIN. A request without a body never matches.
     */
    bodyIncludes?: string;
    count: number;
}

export interface FailMatcher extends FaultMatcher {
    status: number;
    /** Seconds, sent as the Retry-After header. */
    retryAfter?: number;
}

export interface FaultPlan {
    /** Delay before every vendor answer. */
    latencyMs: number;
    /** Fraction of vendor requests answered 500 without being applied. */
    errorRate: number;
    /** Seed of the PRNG behind errorRate, so one plan fails the same requests on every run. */
    errorSeed: number;
    /** Answer `status` without applying the request. */
    failNext: FailMatcher[];
    /** Apply the request, then destroy the socket instead of answering. */
    dropAnswerNext: FaultMatcher[];
    /** Never answer (until the sandbox closes) and never apply. */
    hangNext: FaultMatcher[];
    /**
     * A small server's capacity: a vendor request that arrives while `above` others are in flight
     * is answered 429 (after the latency, `Retry-After: retryAfter` when given) without being
     * applied, as NextBilling documents "too many requests at the same time". `null`: no limit.
     */
    tooManyAtOnce: { above: number; retryAfter?: number } | null;
}

export function noFaults(): FaultPlan {
    return { latencyMs: 0, errorRate: 0, errorSeed: 1, failNext: [], dropAnswerNext: [], hangNext: [], tooManyAtOnce: null };
}

/** What the admin API may touch; the server owns these and hands them over. */
export interface AdminContext {
    store: Store;
    faults(): FaultPlan;
    setFaults(plan: FaultPlan): void;
    requests(): unknown;
    clearRequests(): void;
    /** Back to the initial state, no faults, empty request log, initial Directcall settings. */
    reset(): void;
    directcall: {
        settings(): DirectcallSettings;
        setSettings(settings: DirectcallSettings): void;
        delivery: DeliveryOptions;
    };
    /** The variant selection in force; reset goes back to the startup one. */
    variants(): VariantsView;
    /** Replaces the whole selection, starting from the defaults. Throws VariantError. */
    setVariants(selection: VariantSelection): void;
}

export interface AdminRequest {
    httpMethod: string;
    /** The path after `/_admin`, e.g. `/nextbilling/ring-groups/3`. */
    route: string;
    body: Buffer;
}

export interface AdminAnswer {
    status: number;
    json: unknown;
}

class AdminError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

/** Routes ending in a record id, matched before the ROUTES lookup. */
const RECORD_ROUTES = [
    { pattern: /^\/nextbilling\/ring-groups\/([^/]+)$/, path: "/nextbilling/ring-groups/:id" },
    { pattern: /^\/nextbilling\/dids\/([^/]+)$/, path: "/nextbilling/dids/:id" },
    { pattern: /^\/nextbilling\/(lines|queues|ivrs|time-profiles)\/([^/]+)$/, path: "/nextbilling/$1/:id" },
    { pattern: /^\/directcall\/callbacks\/([^/]+)$/, path: "/directcall/callbacks/:code" },
    { pattern: /^\/erix\/sessions\/([^/]+)\/logoff$/, path: "/erix/sessions/:agent/logoff" },
];

/** Async because simulating a Directcall call waits for the deliveries; every other route answers at once. */
export async function answerAdmin(request: AdminRequest, context: AdminContext): Promise<AdminAnswer> {
    try {
        return await route(request, context);
    } catch (error) {
        if (error instanceof AdminError) return { status: error.status, json: { error: error.message } };
        if (error instanceof VariantError) return { status: 400, json: { error: error.message } };
        throw error;
    }
}

async function route({ httpMethod, route, body }: AdminRequest, context: AdminContext): Promise<AdminAnswer> {
    let path = route;
    let recordId = "";
    for (const candidate of RECORD_ROUTES) {
        const match = candidate.pattern.exec(route);
        if (!match) continue;
        // `$1` in a path is the kind the pattern matched (lines, queues, …); the record id is the last group.
        [path, recordId] = [candidate.path.replace("$1", match.length > 2 ? match[1]! : ""), match[match.length - 1]!];
    }
    // A fixed route wins over a record route it also matches (`/nextbilling/dids/bulk` is not DID "bulk").
    if (ROUTES.has(route)) [path, recordId] = [route, ""];
    const allowed = ROUTES.get(path);
    if (!allowed) throw new AdminError(404, `unknown admin route: ${route}`);
    if (!allowed.includes(httpMethod)) throw new AdminError(405, `${httpMethod} not allowed on /_admin${path}; use ${allowed.join(", ")}`);

    switch (`${httpMethod} ${path}`) {
        case "POST /reset":
            context.reset();
            return { status: 200, json: { ok: true } };
        case "GET /state":
            return { status: 200, json: context.store.state };
        case "POST /nextbilling/ring-groups":
            return { status: 201, json: createRingGroup(parseObject(body), context.store) };
        case "POST /nextbilling/ring-groups/bulk":
            return { status: 201, json: createRingGroupsInBulk(parseObject(body), context.store) };
        case "PATCH /nextbilling/ring-groups/:id":
            return { status: 200, json: patchRingGroup(ringGroupId(recordId, context.store), parseObject(body), context.store) };
        case "DELETE /nextbilling/ring-groups/:id":
            return { status: 200, json: deleteRingGroup(ringGroupId(recordId, context.store), context.store) };
        case "POST /nextbilling/dids":
            return { status: 201, json: createDid(parseObject(body), context.store) };
        case "POST /nextbilling/dids/bulk":
            return { status: 201, json: createDidsInBulk(parseObject(body), context.store) };
        case "PATCH /nextbilling/dids/:id":
            return { status: 200, json: patchDid(didId(recordId, context.store), parseObject(body), context.store) };
        case "DELETE /nextbilling/dids/:id":
            return { status: 200, json: deleteDid(didId(recordId, context.store), context.store) };
        case "POST /nextbilling/lines":
        case "POST /nextbilling/queues":
        case "POST /nextbilling/ivrs":
        case "POST /nextbilling/time-profiles":
            return { status: 201, json: panelEditsOf(path).create(parseObject(body), context.store) };
        case "PATCH /nextbilling/lines/:id":
        case "PATCH /nextbilling/queues/:id":
        case "PATCH /nextbilling/ivrs/:id":
        case "PATCH /nextbilling/time-profiles/:id":
            return { status: 200, json: panelEditsOf(path).patch(recordId, parseObject(body), context.store) };
        case "DELETE /nextbilling/lines/:id":
        case "DELETE /nextbilling/queues/:id":
        case "DELETE /nextbilling/ivrs/:id":
        case "DELETE /nextbilling/time-profiles/:id":
            return { status: 200, json: panelEditsOf(path).remove(recordId, context.store) };
        case "GET /faults":
            return { status: 200, json: context.faults() };
        case "PUT /faults":
            context.setFaults(parseFaultPlan(parseObject(body)));
            return { status: 200, json: context.faults() };
        case "DELETE /faults":
            context.setFaults(noFaults());
            return { status: 200, json: context.faults() };
        case "GET /requests":
            return { status: 200, json: context.requests() };
        case "DELETE /requests":
            context.clearRequests();
            return { status: 200, json: context.requests() };
        case "GET /directcall/settings":
            return { status: 200, json: context.directcall.settings() };
        case "PUT /directcall/settings":
            context.directcall.setSettings(parseDirectcallSettings(parseObject(body), context.directcall.settings()));
            return { status: 200, json: context.directcall.settings() };
        case "POST /directcall/expire-tokens":
            return { status: 200, json: { expired: context.store.update((draft) => expireTokens(draft.directcall)) } };
        case "GET /directcall/token-requests":
            return { status: 200, json: { tokenRequests: context.store.state.directcall.tokenRequests } };
        case "GET /directcall/callbacks":
            return { status: 200, json: context.store.state.directcall.callbacks };
        case "POST /directcall/callbacks":
            return { status: 201, json: createCallback(parseObject(body), context.store) };
        case "POST /directcall/callbacks/bulk":
            return { status: 201, json: createCallbacksInBulk(parseObject(body), context.store) };
        case "DELETE /directcall/callbacks/:code":
            return { status: 200, json: deleteCallback(recordId, context.store) };
        case "POST /directcall/calls":
            return { status: 200, json: await simulateCall(parseObject(body), context) };
        case "GET /directcall/deliveries":
            return { status: 200, json: { deliveries: context.store.state.directcall.deliveries } };
        case "GET /erix/sessions":
            return { status: 200, json: erixSessions(context.store) };
        case "POST /erix/sessions/:agent/logoff":
            return { status: 200, json: supervisorLogoff(decodeOr(recordId), context.store) };
        case "GET /erix/settings":
            return { status: 200, json: erixSettings(context) };
        case "PUT /erix/settings":
            setErixSettings(parseObject(body), context);
            return { status: 200, json: erixSettings(context) };
        case "GET /variants":
            return { status: 200, json: context.variants() };
        case "PUT /variants":
            context.setVariants(parseVariantSelection(parseObject(body)));
            return { status: 200, json: context.variants() };
    }
    throw new Error(`admin route table and dispatch disagree on ${httpMethod} ${path}`);
}

const ROUTES = new Map<string, string[]>([
    ["/reset", ["POST"]],
    ["/state", ["GET"]],
    ["/nextbilling/ring-groups", ["POST"]],
    ["/nextbilling/ring-groups/bulk", ["POST"]],
    ["/nextbilling/ring-groups/:id", ["PATCH", "DELETE"]],
    ["/nextbilling/dids", ["POST"]],
    ["/nextbilling/dids/bulk", ["POST"]],
    ["/nextbilling/dids/:id", ["PATCH", "DELETE"]],
    ["/nextbilling/lines", ["POST"]],
    ["/nextbilling/lines/:id", ["PATCH", "DELETE"]],
    ["/nextbilling/queues", ["POST"]],
    ["/nextbilling/queues/:id", ["PATCH", "DELETE"]],
    ["/nextbilling/ivrs", ["POST"]],
    ["/nextbilling/ivrs/:id", ["PATCH", "DELETE"]],
    ["/nextbilling/time-profiles", ["POST"]],
    ["/nextbilling/time-profiles/:id", ["PATCH", "DELETE"]],
    ["/faults", ["GET", "PUT", "DELETE"]],
    ["/requests", ["GET", "DELETE"]],
    ["/directcall/settings", ["GET", "PUT"]],
    ["/directcall/expire-tokens", ["POST"]],
    ["/directcall/token-requests", ["GET"]],
    ["/directcall/callbacks", ["GET", "POST"]],
    ["/directcall/callbacks/bulk", ["POST"]],
    ["/directcall/callbacks/:code", ["DELETE"]],
    ["/directcall/calls", ["POST"]],
    ["/directcall/deliveries", ["GET"]],
    ["/erix/sessions", ["GET"]],
    ["/erix/sessions/:agent/logoff", ["POST"]],
    ["/erix/settings", ["GET", "PUT"]],
    ["/variants", ["GET", "PUT"]],
]);

// Out-of-band edits: what a person does in the vendor's web panel. The panel enforces the vendor's
// rules, so these validate like the API, but they are not vendor requests (not logged, not writes).

const EDITABLE_FIELDS = ["id_cliente", "descricao", "strategy", "devices", "status"];

function createRingGroup(input: Record<string, unknown>, store: Store): RingGroup {
    rejectUnknownFields(input);
    const verdict = checkRingGroup(input, store.state.nextbilling);
    if (!verdict.ok) throw new AdminError(400, verdict.reason);
    const id = store.update((draft) => addRingGroup(draft.nextbilling, verdict.value));
    return findRingGroup(store, id)!;
}

function patchRingGroup(id: number, patch: Record<string, unknown>, store: Store): RingGroup {
    rejectUnknownFields(patch);
    const { id: _id, ...current } = findRingGroup(store, id)!;
    const verdict = checkRingGroup({ ...current, ...patch }, store.state.nextbilling);
    if (!verdict.ok) throw new AdminError(400, verdict.reason);
    store.update((draft) => replaceRingGroup(draft.nextbilling, id, verdict.value));
    return findRingGroup(store, id)!;
}

function deleteRingGroup(id: number, store: Store): RingGroup {
    const removed = findRingGroup(store, id)!;
    store.update((draft) => removeRingGroup(draft.nextbilling, id));
    return removed;
}

/** `POST /_admin/nextbilling/ring-groups/bulk`: many groups of one customer, numbered descriptions, one strategy and device list. */
export interface BulkRingGroupRequest {
    customerId: number;
    /** 1 to BULK_LIMIT. */
    count: number;
    /** The groups are described "<description> 1", "<description> 2", …; default "Grupo". */
    description?: string;
    /** Default "ringall". */
    strategy?: RingGroup["strategy"];
    /** The customer's line ids, shared by every group. */
    devices: number[];
    /** Default 1. */
    status?: 0 | 1;
}

/** `POST /_admin/directcall/callbacks/bulk`: many registrations of the first account, numbered URLs. */
export interface BulkCallbackRequest {
    /** 1 to BULK_LIMIT. */
    count: number;
    /** The URLs are this one with 1, 2, … appended, e.g. `https://crm.example.com.br/hooks/` → `…/hooks/1`. */
    url: string;
    /** One PIN for all; none when absent. */
    pin?: string;
}

export interface BulkResult {
    created: number;
    /** The first and last record id (ring groups) or code (callbacks). */
    first: number | string;
    last: number | string;
}

/** How many records one bulk call may make. */
export const BULK_LIMIT = 100_000;

/**
 * Makes `count` ring groups in one state change, so a large account is set up in milliseconds. The
 * first is checked with the vendor's rules; the others differ only in their description's number.
 */
function createRingGroupsInBulk(input: Record<string, unknown>, store: Store): BulkResult {
    rejectUnknownFields(input, ["customerId", "count", "description", "strategy", "devices", "status"], "bulk ring group");
    const count = integerIn(input.count, "count", 1, BULK_LIMIT);
    const prefix = input.description === undefined ? "Grupo" : stringField(input.description, "description");
    const name = (index: number) => `${prefix} ${index + 1}`;
    const template = {
        id_cliente: input.customerId,
        descricao: name(0),
        strategy: input.strategy ?? "ringall",
        devices: input.devices,
        status: input.status ?? 1,
    };
    const verdict = checkRingGroup(template, store.state.nextbilling);
    if (!verdict.ok) throw new AdminError(400, verdict.reason);
    return store.update((draft) => {
        const ids = Array.from({ length: count }, (_, index) =>
            addRingGroup(draft.nextbilling, { ...verdict.value, descricao: name(index) }),
        );
        return { created: ids.length, first: ids[0]!, last: ids[ids.length - 1]! };
    });
}

/** Registers `count` URLs for the first account in one state change; the first and the last URL are checked with the vendor's rules. */
function createCallbacksInBulk(input: Record<string, unknown>, store: Store): BulkResult {
    rejectUnknownFields(input, ["count", "url", "pin"], "bulk callback");
    const count = integerIn(input.count, "count", 1, BULK_LIMIT);
    const base = stringField(input.url, "url");
    const account = store.state.directcall.accounts[0];
    if (!account)
        throw new AdminError(409, "no Directcall account to register the callbacks for (the sandbox was started without the seed)");
    const [first, last] = [checkCallback(`${base}1`, input.pin), checkCallback(`${base}${count}`, input.pin)];
    if (typeof first === "string") throw new AdminError(400, DIRECTCALL_TEXTS.invalidParameter(first));
    if (typeof last === "string") throw new AdminError(400, DIRECTCALL_TEXTS.invalidParameter(last));
    return store.update((draft) => {
        const codes = Array.from(
            { length: count },
            (_, index) => registerCallback(draft.directcall, account.clientId, `${base}${index + 1}`, first.pin).code,
        );
        return { created: codes.length, first: codes[0]!, last: codes[codes.length - 1]! };
    });
}

function ringGroupId(segment: string, store: Store): number {
    const id = toId(segment);
    if (id === undefined || !findRingGroup(store, id)) throw new AdminError(404, `no ring group ${segment}`);
    return id;
}

function findRingGroup(store: Store, id: number): RingGroup | undefined {
    return store.state.nextbilling.ringGroups.find((group) => group.id === id);
}

function rejectUnknownFields(input: Record<string, unknown>, editable: readonly string[] = EDITABLE_FIELDS, kind = "ring group"): void {
    const unknown = Object.keys(input).filter((field) => !editable.includes(field));
    if (unknown.length > 0) throw new AdminError(400, `unknown ${kind} field(s): ${unknown.join(", ")}; editable: ${editable.join(", ")}`);
}

// DIDs take the vendor's manageDID field names and rules; PATCH is partial, like the vendor's POST.
// The answers are the stored record, `password` included: the panel is the vendor's database.

function createDid(input: Record<string, unknown>, store: Store): Did {
    rejectUnknownFields(input, DID_FIELDS, "DID");
    const verdict = checkDid(input, store.state.nextbilling);
    if (!verdict.ok) throw new AdminError(400, verdict.reason);
    const id = store.update((draft) => addDid(draft.nextbilling, verdict.value));
    return findDid(store, id)!;
}

function patchDid(id: number, patch: Record<string, unknown>, store: Store): Did {
    rejectUnknownFields(patch, DID_FIELDS, "DID");
    const verdict = checkDid(mergeDid(findDid(store, id)!, patch), store.state.nextbilling, id);
    if (!verdict.ok) throw new AdminError(400, verdict.reason);
    store.update((draft) => replaceDid(draft.nextbilling, id, verdict.value));
    return findDid(store, id)!;
}

function deleteDid(id: number, store: Store): Did {
    const removed = findDid(store, id)!;
    store.update((draft) => removeDid(draft.nextbilling, id));
    return removed;
}

// Lines, queues, IVRs and time profiles "made in the panel": the vendor's field names (lines: manageDevices'
// and listDevices', the owner as `customer_id` or `id_cliente`), every value's type and format checked
// as the vendor API checks it, but none of the rules between records (customer, references, username
// taken, in use, intervals in order), so a test can make any drift a person could, dangling references
// included. PATCH is partial; the answers are the stored record (a line's `password` included).

/** One kind's panel edits; each answers the stored record. */
interface PanelEdits {
    create(input: Record<string, unknown>, store: Store): unknown;
    patch(segment: string, patch: Record<string, unknown>, store: Store): unknown;
    /** Deleted whatever points at it, as a person in the panel may: what is left pointing at nothing is the drift to test. */
    remove(segment: string, store: Store): unknown;
}

/**
 * `noun` names the kind in messages ("no line 99"); `editable` are the fields a body may carry;
 * `normalize` turns a body into the reader's field names (a line's owner may come as `id_cliente`).
 */
function panelEdits<T extends { id: number; id_cliente: number }, F extends { id_cliente: number }>(
    kind: TenantKind<T, F>,
    noun: string,
    editable: readonly string[],
    normalize: (input: Record<string, unknown>) => Record<string, unknown> = (input) => input,
): PanelEdits {
    const find = (store: Store, id: number) => kind.records(store.state.nextbilling).find((record) => record.id === id);
    const idOf = (segment: string, store: Store): number => {
        const id = toId(segment);
        if (id === undefined || !find(store, id)) throw new AdminError(404, `no ${noun} ${segment}`);
        return id;
    };
    const read = (input: Record<string, unknown>, store: Store, self?: number): F => {
        const verdict = kind.check(input, store.state.nextbilling, { panel: true, self });
        if (!verdict.ok) throw new AdminError(400, verdict.reason);
        return verdict.value;
    };
    return {
        create: (input, store) => {
            rejectUnknownFields(input, editable, noun);
            const fields = read(normalize(input), store);
            return find(
                store,
                store.update((draft) => addTenantRecord(kind, draft.nextbilling, fields)),
            );
        },
        patch: (segment, patch, store) => {
            rejectUnknownFields(patch, editable, noun);
            const id = idOf(segment, store);
            const fields = read({ ...kind.writeForm(find(store, id)!), ...normalize(patch) }, store, id);
            store.update((draft) => replaceTenantRecord(kind, draft.nextbilling, id, fields));
            return find(store, id);
        },
        remove: (segment, store) => {
            const removed = find(store, idOf(segment, store))!;
            store.update((draft) => removeTenantRecord(kind, draft.nextbilling, removed.id));
            return removed;
        },
    };
}

/** The readers take manageDevices' `customer_id`; the stored record (and listDevices) call the owner `id_cliente`. */
function lineOwner(input: Record<string, unknown>): Record<string, unknown> {
    if (!("id_cliente" in input)) return input;
    const { id_cliente, ...rest } = input;
    return { ...rest, customer_id: id_cliente };
}

const PANEL_EDITS: Record<string, PanelEdits> = {
    lines: panelEdits(LINES, "line", ["id_cliente", ...LINE_WRITE_FIELDS, ...LINE_PANEL_FIELDS], lineOwner),
    queues: panelEdits(QUEUES, "queue", QUEUES.fields),
    ivrs: panelEdits(IVRS, "IVR", IVRS.fields),
    "time-profiles": panelEdits(TIME_PROFILES, "time profile", TIME_PROFILES.fields),
};

/** `/nextbilling/queues/:id` → the queues' edits. */
function panelEditsOf(path: string): PanelEdits {
    return PANEL_EDITS[path.split("/")[2]!]!;
}

/** `POST /_admin/nextbilling/dids/bulk`: many DIDs of one customer, consecutive numbers, one routing. */
export interface BulkDidRequest {
    customerId: number;
    /** 1 to BULK_DID_LIMIT. */
    count: number;
    /** Digits; the others follow it (+1 each) with the same number of digits, leading zeros kept. */
    firstNumber: string;
    /** The vendor's routing fields, shared by every DID; absent = no routing yet (`did_type` null). */
    routing?: Partial<Pick<Did, BulkRoutingField>>;
}

export interface BulkDidResult {
    created: number;
    firstId: number;
    lastId: number;
}

export const BULK_DID_LIMIT = 100_000;

const BULK_ROUTING_FIELDS = ["did_type", "did_type_id", "device_id", "ip_address1", "port1"] as const satisfies readonly (keyof Did)[];
type BulkRoutingField = (typeof BULK_ROUTING_FIELDS)[number];

/**
 * Creates `count` DIDs (description "DID <number>") in one state change, so a large account is set
 * up in milliseconds. The first one is checked with the vendor's rules (customer, routing owned by
 * the customer, number free); the others differ only in number, so only their numbers are checked.
 * All or nothing: a taken number anywhere in the range creates none.
 */
function createDidsInBulk(input: Record<string, unknown>, store: Store): BulkDidResult {
    rejectUnknownFields(input, ["customerId", "count", "firstNumber", "routing"], "bulk DID");
    const customerId = integerIn(input.customerId, "customerId", 0, Number.MAX_SAFE_INTEGER);
    const count = integerIn(input.count, "count", 1, BULK_DID_LIMIT);
    const firstNumber = stringField(input.firstNumber, "firstNumber");
    if (!/^\d{1,30}$/.test(firstNumber)) throw new AdminError(400, "firstNumber must be 1 to 30 digits");
    const routing = input.routing ?? {};
    if (typeof routing !== "object" || routing === null || Array.isArray(routing)) throw new AdminError(400, "routing must be an object");
    rejectUnknownFields(routing as Record<string, unknown>, BULK_ROUTING_FIELDS, "bulk DID routing");

    const numbers = consecutiveNumbers(firstNumber, count);
    const nb = store.state.nextbilling;
    const template = { ...routing, customer_id: customerId, did_number: firstNumber, description: `DID ${firstNumber}` };
    const verdict = checkDid(template, nb);
    if (!verdict.ok) throw new AdminError(400, verdict.reason);
    const taken = new Set(nb.dids.map((did) => did.did_number));
    const clash = numbers.find((number) => taken.has(number));
    if (clash !== undefined) throw new AdminError(400, NEXTBILLING_REASONS.didTaken(clash));

    return store.update((draft) => {
        const ids = numbers.map((number) =>
            addDid(draft.nextbilling, { ...verdict.value, did_number: number, description: `DID ${number}`, host_additional: [] }),
        );
        return { created: ids.length, firstId: ids[0]!, lastId: ids[ids.length - 1]! };
    });
}

/** `count` numbers from `first` on, each as long as `first`; refused when the range would need another digit. */
function consecutiveNumbers(first: string, count: number): string[] {
    const start = BigInt(first);
    const last = start + BigInt(count - 1);
    if (last.toString().length > first.length) {
        throw new AdminError(400, `${count} numbers from ${first} do not fit in ${first.length} digits`);
    }
    return Array.from({ length: count }, (_, index) => (start + BigInt(index)).toString().padStart(first.length, "0"));
}

function didId(segment: string, store: Store): number {
    const id = toId(segment);
    if (id === undefined || !findDid(store, id)) throw new AdminError(404, `no DID ${segment}`);
    return id;
}

function findDid(store: Store, id: number): Did | undefined {
    return store.state.nextbilling.dids.find((did) => did.id === id);
}

// Directcall: registrations made in the panel (or by another system of the customer), token
// settings, and simulated calls, which are how a test sees what the vendor would send to a callback URL.

/** The longest token lifetime accepted: 30 days. Fractions of a second are fine, so expiry tests stay fast. */
const TOKEN_TTL_LIMIT = 30 * 86_400;

function parseDirectcallSettings(input: Record<string, unknown>, current: DirectcallSettings): DirectcallSettings {
    rejectUnknownFields(input, ["tokenTtlSeconds"], "Directcall setting");
    if (input.tokenTtlSeconds === undefined) return current;
    return { ...current, tokenTtlSeconds: numberIn(input.tokenTtlSeconds, "tokenTtlSeconds", 0, TOKEN_TTL_LIMIT) };
}

/** Registered for the first account (the demo one when seeded), with the vendor's rules and the vendor's texts. */
function createCallback(input: Record<string, unknown>, store: Store): DirectcallCallback {
    rejectUnknownFields(input, ["url", "pin"], "callback");
    const account = store.state.directcall.accounts[0];
    if (!account) {
        throw new AdminError(409, "no Directcall account to register the callback for (the sandbox was started without the seed)");
    }
    const verdict = checkCallback(input.url, input.pin);
    if (typeof verdict === "string") throw new AdminError(400, DIRECTCALL_TEXTS.invalidParameter(verdict));
    return store.update((draft) => registerCallback(draft.directcall, account.clientId, verdict.url, verdict.pin));
}

function deleteCallback(code: string, store: Store): DirectcallCallback {
    const decoded = decodeOr(code);
    const removed = store.state.directcall.callbacks.find((callback) => callback.code === decoded);
    if (!removed) throw new AdminError(404, `no Directcall callback ${decoded}`);
    store.update((draft) => unregisterCallback(draft.directcall, decoded));
    return removed;
}

function decodeOr(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

/** The delivery log keeps the newest entries only, so a long-running sandbox does not grow without bound. */
const DELIVERY_LOG_LIMIT = 1000;

async function simulateCall(input: Record<string, unknown>, context: AdminContext): Promise<SimulatedCallResult> {
    const call = parseSimulatedCall(input);
    const result = await deliverCall(call, context.store.state.directcall.callbacks, context.directcall.delivery);
    const at = new Date().toISOString();
    const logged: DirectcallDelivery[] = result.deliveries.map((delivery) => ({ at, callerid: result.callerid, ...delivery }));
    context.store.update((draft) => {
        draft.directcall.deliveries = [...draft.directcall.deliveries, ...logged].slice(-DELIVERY_LOG_LIMIT);
    });
    return result;
}

function parseSimulatedCall(input: Record<string, unknown>): Required<SimulatedCall> {
    rejectUnknownFields(input, Object.keys(SIMULATED_CALL_DEFAULTS), "call");
    const call = { ...SIMULATED_CALL_DEFAULTS };
    const digits = (field: "pin" | "origem" | "destino", allowEmpty: boolean) => {
        if (input[field] === undefined) return;
        const value = stringField(input[field], field);
        if (!(allowEmpty && value === "") && !/^\d{1,20}$/.test(value)) throw new AdminError(400, `${field} must be digits`);
        call[field] = value;
    };
    digits("pin", true);
    digits("origem", false);
    digits("destino", false);
    if (input.duracao !== undefined) {
        const duracao = stringField(input.duracao, "duracao");
        if (!/^\d{2}:[0-5]\d:[0-5]\d$/.test(duracao)) throw new AdminError(400, "duracao must be HH:MM:SS");
        call.duracao = duracao;
    }
    if (input.statuses !== undefined) {
        const statuses = input.statuses;
        if (
            !Array.isArray(statuses) ||
            statuses.length === 0 ||
            !statuses.every((status) => CALL_STATUSES.includes(status as CallStatus))
        ) {
            throw new AdminError(400, `statuses must be a non-empty list of ${CALL_STATUSES.join(", ")}`);
        }
        call.statuses = statuses as CallStatus[];
    }
    return call;
}

// Erix: who is logged in (the vendor documents no status query, so only the admin API shows it),
// a supervisor's logoff at the PBX, and how answers are wrapped.

/** A session as the admin API lists it: the stored one plus the agent's display name. */
export interface ErixSessionView extends ErixSession {
    name: string;
}

export interface ErixSettings {
    answerFormat: ErixAnswerFormat;
}

function erixSessions(store: Store): ErixSessionView[] {
    return store.state.erix.sessions.map((session) => viewSession(session, store));
}

function viewSession({ agent, exten, queue, paused, reason, since }: ErixSession, store: Store): ErixSessionView {
    const name = store.state.erix.agents.find((candidate) => candidate.login === agent)?.name ?? "";
    return { agent, name, exten, queue, paused, reason, since };
}

/** Answers the session that ended; not a vendor request, so neither logged nor counted as a write. */
function supervisorLogoff(agent: string, store: Store): ErixSessionView {
    const session = store.state.erix.sessions.find((candidate) => candidate.agent === agent);
    if (!session) throw new AdminError(404, `Erix agent ${agent} is not logged in`);
    const view = viewSession(session, store);
    store.update((draft) => removeSession(draft.erix, agent));
    return view;
}

/** `answerFormat` is the `erixAnswers` variant under its older name; these routes are kept as an alias. */
function erixSettings(context: AdminContext): ErixSettings {
    return { answerFormat: context.variants().erixAnswers };
}

/** Changes only `erixAnswers`; the rest of the variant selection stays. */
function setErixSettings(input: Record<string, unknown>, context: AdminContext): void {
    rejectUnknownFields(input, ["answerFormat"], "Erix setting");
    if (input.answerFormat === undefined) return;
    const format = input.answerFormat;
    if (!ERIX_ANSWER_FORMATS.includes(format as ErixAnswerFormat)) {
        throw new AdminError(400, `answerFormat must be one of ${ERIX_ANSWER_FORMATS.join(", ")}`);
    }
    context.setVariants({ ...context.variants(), erixAnswers: format as ErixAnswerFormat });
}

function parseObject(body: Buffer): Record<string, unknown> {
    if (body.length === 0) return {};
    let parsed: unknown;
    try {
        parsed = JSON.parse(body.toString("utf8"));
    } catch (error) {
        throw new AdminError(400, `body is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new AdminError(400, "body must be a JSON object");
    return parsed as Record<string, unknown>;
}

/** PUT replaces the whole plan: fields left out go back to "no fault". */
export function parseFaultPlan(input: Record<string, unknown>): FaultPlan {
    const known = ["latencyMs", "errorRate", "errorSeed", "failNext", "dropAnswerNext", "hangNext", "tooManyAtOnce"];
    const unknown = Object.keys(input).filter((field) => !known.includes(field));
    if (unknown.length > 0) throw new AdminError(400, `unknown fault field(s): ${unknown.join(", ")}; known: ${known.join(", ")}`);
    const plan = noFaults();
    if (input.latencyMs !== undefined) plan.latencyMs = numberIn(input.latencyMs, "latencyMs", 0, 600_000);
    if (input.errorRate !== undefined) plan.errorRate = numberIn(input.errorRate, "errorRate", 0, 1);
    if (input.errorSeed !== undefined) plan.errorSeed = integerIn(input.errorSeed, "errorSeed", 0, 2 ** 32 - 1);
    plan.failNext = listOf(input.failNext, "failNext", (item, name) => {
        const matcher: FailMatcher = {
            ...parseMatcher(item, name, ["status", "retryAfter"]),
            status: integerIn(item.status, `${name}.status`, 400, 599),
        };
        if (item.retryAfter !== undefined) matcher.retryAfter = integerIn(item.retryAfter, `${name}.retryAfter`, 0, 86_400);
        return matcher;
    });
    plan.dropAnswerNext = listOf(input.dropAnswerNext, "dropAnswerNext", (item, name) => parseMatcher(item, name, []));
    plan.hangNext = listOf(input.hangNext, "hangNext", (item, name) => parseMatcher(item, name, []));
    if (input.tooManyAtOnce !== undefined && input.tooManyAtOnce !== null) {
        const limit = input.tooManyAtOnce;
        if (typeof limit !== "object" || Array.isArray(limit)) throw new AdminError(400, "tooManyAtOnce must be an object or null");
        const fields = limit as Record<string, unknown>;
        const unknownFields = Object.keys(fields).filter((field) => field !== "above" && field !== "retryAfter");
        if (unknownFields.length > 0)
            throw new AdminError(400, `tooManyAtOnce: unknown field(s) ${unknownFields.join(", ")}; known: above, retryAfter`);
        plan.tooManyAtOnce = { above: integerIn(fields.above, "tooManyAtOnce.above", 1, 1_000_000) };
        if (fields.retryAfter !== undefined)
            plan.tooManyAtOnce.retryAfter = integerIn(fields.retryAfter, "tooManyAtOnce.retryAfter", 0, 86_400);
    }
    return plan;
}

function listOf<T>(value: unknown, name: string, parse: (item: Record<string, unknown>, name: string) => T): T[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new AdminError(400, `${name} must be an array`);
    return value.map((item: unknown, index) => {
        if (typeof item !== "object" || item === null || Array.isArray(item))
            throw new AdminError(400, `${name}[${index}] must be an object`);
        return parse(item as Record<string, unknown>, `${name}[${index}]`);
    });
}

function parseMatcher(item: Record<string, unknown>, name: string, extraFields: string[]): FaultMatcher {
    const known = ["method", "pathIncludes", "bodyIncludes", "count", ...extraFields];
    const unknown = Object.keys(item).filter((field) => !known.includes(field));
    if (unknown.length > 0) throw new AdminError(400, `${name}: unknown field(s) ${unknown.join(", ")}; known: ${known.join(", ")}`);
    const matcher: FaultMatcher = { count: item.count === undefined ? 1 : integerIn(item.count, `${name}.count`, 1, 1_000_000) };
    if (item.method !== undefined) matcher.method = stringField(item.method, `${name}.method`).toUpperCase();
    if (item.pathIncludes !== undefined) matcher.pathIncludes = stringField(item.pathIncludes, `${name}.pathIncludes`);
    if (item.bodyIncludes !== undefined) matcher.bodyIncludes = stringField(item.bodyIncludes, `${name}.bodyIncludes`);
    return matcher;
}

function numberIn(value: unknown, name: string, min: number, max: number): number {
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
        throw new AdminError(400, `${name} must be a number from ${min} to ${max}`);
    }
    return value;
}

function integerIn(value: unknown, name: string, min: number, max: number): number {
    const number = numberIn(value, name, min, max);
    if (!Number.isInteger(number)) throw new AdminError(400, `${name} must be an integer`);
    return number;
}

function stringField(value: unknown, name: string): string {
    if (typeof value !== "string") throw new AdminError(400, `${name} must be a string`);
    return value;
}
