import { setMaxListeners } from "node:events";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { answerAdmin, noFaults, type AdminContext, type FaultMatcher, type FaultPlan } from "./admin";
import {
    answerDirectcall,
    DIRECTCALL_BODY_LIMIT,
    directcallFailure,
    isDirectcallPath,
    readForm,
    type DirectcallSettings,
} from "./directcall";
import { DELIVERY_TIMEOUT_MS } from "./directcallCalls";
import { answerErix, ERIX_BODY_LIMIT, ERIX_PATH, erixFailure } from "./erix";
import { answerNextBilling, faultReason, NEXTBILLING_BODY_LIMIT, NEXTBILLING_REASONS, type Credentials } from "./nextbilling";
import { DEMO_CREDENTIALS, seedDirectcall, seedErix, seedState } from "./seed";
import { emptyState, isEmptyState, Store, type SandboxState } from "./store";
import { resolveVariants, type VariantSelection, type VariantsView } from "./variants";

export interface SandboxOptions {
    /** 0 (the default) picks any free port. */
    port?: number;
    /** Defaults to 127.0.0.1: the sandbox has no real authentication on `/_admin/`. */
    host?: string;
    /** JSON file to keep state in across restarts; in memory when absent. */
    stateFile?: string;
    /** Defaults to DEMO_CREDENTIALS. */
    credentials?: Credentials;
    /** Seed the demo tenant when the state is empty (default true). Also what `/_admin/reset` returns to. */
    seed?: boolean;
    directcall?: {
        /** Lifetime of each Directcall token, fixed when it is issued (default 3600; the vendor documents none). */
        tokenTtlSeconds?: number;
        /**
         * Let simulated calls reach callback URLs on other machines. Off by default: only loopback
         * receivers are called, so a seeded or mistyped URL never receives test traffic.
         */
        deliverToAnyHost?: boolean;
    };
    /**
     * How the undocumented answers are written (sandbox/variants.ts): a profile and/or keys, e.g.
     * `{ profile: "nested", didLookup: "404" }`. Also what `/_admin/reset` returns to. Default: every
     * key's first value. An unknown key or value throws, naming the allowed ones.
     */
    variants?: VariantSelection;
}

export interface Sandbox {
    /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
    url: string;
    port: number;
    /** The live store, for in-process tests that want to read state without HTTP. */
    store: Store;
    /** Stops listening and destroys every open socket, hung requests included. */
    close(): Promise<void>;
}

export interface LoggedRequest {
    method: string;
    /**
     * Path with the credential segments replaced: `/api/manageRingGroups/{token}/{key}/0`; Directcall's and Erix's as is:
     * `/voz/add-callback`, `/api/agent.php`.
     */
    path: string;
    query: Record<string, string>;
    /**
     * NextBilling: the parsed JSON body, or null when there was none or it was not JSON.
     * Directcall: the form fields (`access_token`, `client_secret` as `"***"`, a URL's password as `***`), or null when not a form.
     * Erix: a POST's form fields (its query string is in `query`, as for a GET), or null for a GET or a body that is not a form.
     */
    body: unknown;
    /** null when no answer was sent (hangNext). */
    status: number | null;
    at: string;
    /** Set when an injected fault decided the outcome. */
    fault?: "failNext" | "errorRate" | "dropAnswerNext" | "hangNext" | "tooManyAtOnce";
}

export interface RequestLogSnapshot {
    requests: LoggedRequest[];
    /** Requests per `METHOD path`, e.g. `"GET /api/manageRingGroups/{token}/{key}/9": 1`. */
    counts: Record<string, number>;
    /**
     * Writes the vendor accepted (NextBilling PUT/POST/DELETE and statusCustomer answered error:0, Directcall add/remove answered status "ok",
     * Erix commands answered success), even one that changed nothing.
     */
    writes: number;
    /** Bytes of the vendor answers' bodies sent, what a client's lists cost it (benchmarks read it). */
    bytesSent: number;
    /** The most vendor requests in flight at once (received, not yet answered). */
    peakInFlight: number;
}

/** Keeps a long-running CLI sandbox from growing without bound; counts and writes stay exact. */
const LOG_LIMIT = 10_000;
const ADMIN_BODY_LIMIT = 1_048_576;

/** A request as every vendor sees it: the body is read with that vendor's limit before anything else happens. */
interface VendorRequest {
    method: string;
    url: URL;
    headers: IncomingHttpHeaders;
    body: Buffer | "too-large";
}

interface VendorReply {
    status: number;
    text: string;
    /** Content-Type defaults to JSON. */
    headers?: Record<string, string>;
}

/** What differs between the emulated vendors; fault injection, latency and the request log are shared. */
interface VendorEndpoint {
    bodyLimit: number;
    /** The path the log shows and fault matchers see, credentials replaced. */
    loggedPath(url: URL): string;
    /** What the log shows of the body, before secrets are redacted. */
    loggedBody(request: VendorRequest): unknown;
    /** failNext and errorRate: vendor-shaped, with the given status, nothing applied. */
    failure(status: number, request: VendorRequest, retryAfter?: number): VendorReply;
    answer(request: VendorRequest): VendorReply & { wrote: boolean };
}

const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
    const credentials = options.credentials ?? DEMO_CREDENTIALS;
    // Checked before anything is opened, so a bad selection fails fast and leaves no state file behind.
    const startupVariants = resolveVariants(options.variants);
    let variants: VariantsView = startupVariants;
    const initialState = (): SandboxState => (options.seed === false ? emptyState() : seedState());
    const store = Store.open(options.stateFile);
    if (isEmptyState(store.state)) {
        store.replace(initialState());
    } else if (options.seed !== false && store.state.directcall.accounts.length === 0) {
        // A state file saved before Directcall was emulated loads with an empty section: give it the demo account.
        store.update((draft) => (draft.directcall = seedDirectcall()));
    }
    if (options.seed !== false && store.state.erix.agents.length === 0) {
        // Likewise a file saved before Erix was emulated: give it the demo call center.
        store.update((draft) => (draft.erix = seedErix()));
    }

    const initialDirectcallSettings = (): DirectcallSettings => ({
        tokenTtlSeconds: options.directcall?.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    });
    let directcallSettings = initialDirectcallSettings();

    let faults = noFaults();
    let random = mulberry32(faults.errorSeed);
    const setFaults = (plan: FaultPlan) => {
        faults = plan;
        random = mulberry32(plan.errorSeed);
    };
    const log = new RequestLog(credentials);
    const closing = new AbortController();
    // Every request held by the latency fault listens for closing: any number may be in flight at once.
    setMaxListeners(0, closing.signal);

    const context: AdminContext = {
        store,
        faults: () => faults,
        setFaults,
        requests: () => log.snapshot(),
        clearRequests: () => log.clear(),
        reset: () => {
            store.replace(initialState());
            setFaults(noFaults());
            log.clear();
            directcallSettings = initialDirectcallSettings();
            variants = startupVariants;
        },
        variants: () => variants,
        setVariants: (selection) => (variants = resolveVariants(selection)),
        directcall: {
            settings: () => directcallSettings,
            setSettings: (settings) => (directcallSettings = settings),
            delivery: { anyHost: options.directcall?.deliverToAnyHost ?? false, timeoutMs: DELIVERY_TIMEOUT_MS },
        },
    };

    const nextBilling: VendorEndpoint = {
        bodyLimit: NEXTBILLING_BODY_LIMIT,
        loggedPath: (url) => {
            const segments = url.pathname.split("/");
            if (segments.length > 3) segments[3] = "{token}";
            if (segments.length > 4) segments[4] = "{key}";
            return segments.join("/");
        },
        loggedBody: ({ body }) => (body === "too-large" ? null : parseJsonOrNull(body)),
        failure: (status, { url, method }, retryAfter) => {
            const headers: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": String(retryAfter) };
            return { status, text: JSON.stringify({ error: 1, reason: faultReason(status, apiSegments(url)[0] ?? "", method) }), headers };
        },
        answer: ({ method, url, body }) =>
            answerNextBilling(
                { httpMethod: method, segments: apiSegments(url), query: url.searchParams, body },
                store,
                credentials,
                variants,
            ),
    };

    const directcall: VendorEndpoint = {
        bodyLimit: DIRECTCALL_BODY_LIMIT,
        loggedPath: (url) => url.pathname,
        loggedBody: ({ headers, body }) => {
            const form = readForm(headers["content-type"], body);
            return form instanceof URLSearchParams ? Object.fromEntries(form) : null;
        },
        failure: (status, { url, headers, body }, retryAfter) => {
            const answer = directcallFailure(status, { path: url.pathname, contentType: headers["content-type"], body });
            return {
                ...answer,
                headers: retryAfter === undefined ? answer.headers : { ...answer.headers, "retry-after": String(retryAfter) },
            };
        },
        answer: ({ method, url, headers, body }) =>
            answerDirectcall(
                { httpMethod: method, path: url.pathname, contentType: headers["content-type"], body },
                store,
                directcallSettings,
                variants,
            ),
    };

    const erix: VendorEndpoint = {
        bodyLimit: ERIX_BODY_LIMIT,
        loggedPath: (url) => url.pathname,
        loggedBody: ({ method, headers, body }) => {
            if (method !== "POST") return null;
            const form = readForm(headers["content-type"], body);
            return form instanceof URLSearchParams ? Object.fromEntries(form) : null;
        },
        failure: (status, _request, retryAfter) => {
            const answer = erixFailure(status, variants);
            return {
                ...answer,
                headers: retryAfter === undefined ? answer.headers : { ...answer.headers, "retry-after": String(retryAfter) },
            };
        },
        answer: ({ method, url, headers, body }) =>
            answerErix({ httpMethod: method, query: url.searchParams, contentType: headers["content-type"], body }, store, variants),
    };

    /** Vendor requests received and not yet answered, for the `tooManyAtOnce` fault. */
    let inFlight = 0;

    /** The shared route of every vendor request: log, latency, faults, then the vendor's own answer. */
    async function serveVendor(vendor: VendorEndpoint, incoming: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
        const arrivedAt = performance.now();
        inFlight += 1;
        log.inFlight(inFlight);
        try {
            await answerVendor(vendor, incoming, response, url, inFlight - 1, arrivedAt);
        } finally {
            inFlight -= 1;
            log.inFlight(inFlight);
        }
    }

    /** Waits until `at` (performance.now() time), unless it has passed; closing the sandbox ends the wait. */
    async function until(at: number): Promise<void> {
        const wait = at - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: closing.signal });
    }

    /**
     * The latency is a round trip, as the network makes it: the request reaches the vendor half of
     * it after arriving here, is judged and applied there, and its answer leaves `latencyMs` after
     * the arrival. So every answer takes the latency and no more, while the emulator's own work (a
     * scan of 10,000 records) stays inside it, as a vendor's does inside its round trip; and a write
     * is visible at the vendor before its answer arrives, as on a real server.
     */
    async function answerVendor(
        vendor: VendorEndpoint,
        incoming: IncomingMessage,
        response: ServerResponse,
        url: URL,
        others: number,
        arrivedAt: number,
    ): Promise<void> {
        const vendorRequest: VendorRequest = {
            method: incoming.method ?? "GET",
            url,
            headers: incoming.headers,
            body: await readBody(incoming, vendor.bodyLimit),
        };
        const entry = log.begin(vendorRequest.method, vendor.loggedPath(url), url.searchParams, vendor.loggedBody(vendorRequest));
        // Counted on arrival, as a server counts its busy workers; answered after the latency, like any answer.
        const busy = faults.tooManyAtOnce !== null && others >= faults.tooManyAtOnce.above ? faults.tooManyAtOnce : undefined;
        if (faults.latencyMs > 0) await until(arrivedAt + faults.latencyMs / 2);
        const judged = judge(vendor, vendorRequest, entry, busy);
        if (judged.fault === "hangNext") {
            log.finish(entry, null, "hangNext");
            return; // the socket stays open until the client gives up or the sandbox closes
        }
        if (faults.latencyMs > 0) await until(arrivedAt + faults.latencyMs);
        if (judged.reply) log.sent(send(response, judged.reply.status, judged.reply.text, judged.reply.headers));
        else response.socket?.destroy();
        // Unanswered until now: the log shows a request in flight with status null.
        log.finish(entry, judged.status, judged.fault);
    }

    /**
     * What the vendor does with a request, faults first: the reply to send, or none (hangNext:
     * never answered, nothing applied; dropAnswerNext: applied, the connection reset instead).
     */
    function judge(
        vendor: VendorEndpoint,
        vendorRequest: VendorRequest,
        entry: LoggedRequest,
        busy: FaultPlan["tooManyAtOnce"] | undefined,
    ): { reply?: VendorReply; status: number | null; fault?: LoggedRequest["fault"] } {
        if (busy) return { reply: vendor.failure(429, vendorRequest, busy.retryAfter), status: 429, fault: "tooManyAtOnce" };
        const query = new URLSearchParams(entry.query).toString();
        const target = { method: entry.method, path: query ? `${entry.path}?${query}` : entry.path, body: loggedBodyText(entry.body) };
        if (take(faults.hangNext, target)) return { status: null, fault: "hangNext" };
        const failure = take(faults.failNext, target);
        if (failure) {
            return { reply: vendor.failure(failure.status, vendorRequest, failure.retryAfter), status: failure.status, fault: "failNext" };
        }
        if (faults.errorRate > 0 && random() < faults.errorRate) {
            return { reply: vendor.failure(500, vendorRequest), status: 500, fault: "errorRate" };
        }
        const drop = take(faults.dropAnswerNext, target);
        const answer = vendor.answer(vendorRequest);
        if (answer.wrote) log.countWrite();
        return drop ? { status: answer.status, fault: "dropAnswerNext" } : { reply: answer, status: answer.status };
    }

    async function serveAdmin(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
        const body = await readBody(request, ADMIN_BODY_LIMIT);
        if (body === "too-large") {
            send(response, 413, JSON.stringify({ error: `admin body over ${ADMIN_BODY_LIMIT} bytes` }));
            return;
        }
        const answer = await answerAdmin(
            { httpMethod: request.method ?? "GET", route: url.pathname.slice("/_admin".length), body },
            context,
        );
        send(response, answer.status, JSON.stringify(answer.json, null, 2));
    }

    const server = createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://sandbox");
        const path = url.pathname;
        // Erix's one path sits under NextBilling's `/api/`, so it is matched first.
        const vendor = path === ERIX_PATH ? erix : path.startsWith("/api/") ? nextBilling : isDirectcallPath(path) ? directcall : undefined;
        if (!vendor && !path.startsWith("/_admin/")) {
            return send(response, 404, JSON.stringify({ error: 1, reason: NEXTBILLING_REASONS.unknownAddress }));
        }
        const served = vendor ? serveVendor(vendor, request, response, url) : serveAdmin(request, response, url);
        served.catch((error: unknown) => {
            // Closing aborts pending latency sleeps and resets sockets: nothing is left to answer.
            if (closing.signal.aborted || response.destroyed) return;
            if (!vendor) return send(response, 500, JSON.stringify({ error: (error as Error).message }));
            const reply = vendor.failure(500, { method: request.method ?? "GET", url, headers: request.headers, body: Buffer.alloc(0) });
            send(response, reply.status, reply.text, reply.headers);
        });
    });

    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;

    let closed: Promise<void> | undefined;
    return {
        url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
        port,
        store,
        close: () =>
            (closed ??= new Promise<void>((resolve) => {
                closing.abort();
                server.close(() => resolve());
                server.closeAllConnections();
            })),
    };
}

/** What fault matchers see of a request: its method, logged path and query, and logged body as JSON (undefined when none). */
interface FaultTarget {
    method: string;
    path: string;
    body: string | undefined;
}

/** The logged body as matchers see it: JSON text, secrets already masked; a request without one has none to match. */
function loggedBodyText(body: unknown): string | undefined {
    return body === null || body === undefined ? undefined : JSON.stringify(body);
}

/** Uses up one match of the first matcher that fits; spent matchers leave the plan. */
function take<M extends FaultMatcher>(matchers: M[], target: FaultTarget): M | undefined {
    const index = matchers.findIndex(
        (m) =>
            (m.method === undefined || m.method === target.method) &&
            (m.pathIncludes === undefined || target.path.includes(m.pathIncludes)) &&
            (m.bodyIncludes === undefined || (target.body !== undefined && target.body.includes(m.bodyIncludes))),
    );
    if (index < 0) return undefined;
    const matcher = matchers[index]!;
    matcher.count -= 1;
    if (matcher.count <= 0) matchers.splice(index, 1);
    return matcher;
}

/** Keeps the tail of the body out of memory but reads it all, so the client gets the 413 instead of a reset mid-upload. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | "too-large"> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size <= limit) chunks.push(chunk);
    }
    return size > limit ? "too-large" : Buffer.concat(chunks);
}

/** Decoded path segments after `/api/`: method, token, key, then the optional id. */
function apiSegments(url: URL): string[] {
    return url.pathname.split("/").slice(2).map(decodeSegment);
}

/** Answers `text`; returns its length in bytes. */
function send(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): number {
    const bytes = Buffer.byteLength(text);
    response.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(bytes),
        ...headers,
    });
    response.end(text);
    return bytes;
}

function decodeSegment(segment: string): string {
    try {
        return decodeURIComponent(segment);
    } catch {
        return segment;
    }
}

/**
 * The vendor log. Credentials are replaced by position in the path and, should a client put them
 * anywhere else (query, body), by value, so the log can be shown or saved as is. Secret fields
 * (a DID's SIP password at any depth, Directcall's `access_token` and `client_secret`) are logged as
 * `"***"`, and so is the password of a URL (`https://user:***@host/`, a Directcall callback's Basic
 * auth): the emulated vendors keep them in their database (the state, as digests where they can),
 * but a log is for showing.
 */
class RequestLog {
    private entries: LoggedRequest[] = [];
    private counts: Record<string, number> = {};
    private writes = 0;
    private bytesSent = 0;
    private current = 0;
    private peak = 0;

    constructor(private readonly credentials: Credentials) {}

    begin(method: string, path: string, query: URLSearchParams, body: unknown): LoggedRequest {
        const entry: LoggedRequest = {
            method,
            path: this.redact(path),
            query: this.redact(Object.fromEntries(query)),
            body: this.redact(body),
            status: null,
            at: new Date().toISOString(),
        };
        const key = `${entry.method} ${entry.path}`;
        this.counts[key] = (this.counts[key] ?? 0) + 1;
        this.entries.push(entry);
        if (this.entries.length > LOG_LIMIT) this.entries.shift();
        return entry;
    }

    finish(entry: LoggedRequest, status: number | null, fault?: LoggedRequest["fault"]): void {
        entry.status = status;
        if (fault) entry.fault = fault;
    }

    countWrite(): void {
        this.writes += 1;
    }

    sent(bytes: number): void {
        this.bytesSent += bytes;
    }

    /** How many vendor requests are in flight now, kept for the peak. */
    inFlight(count: number): void {
        this.current = count;
        this.peak = Math.max(this.peak, count);
    }

    snapshot(): RequestLogSnapshot {
        return { requests: this.entries, counts: this.counts, writes: this.writes, bytesSent: this.bytesSent, peakInFlight: this.peak };
    }

    /** Forgets every request; the peak starts again from the requests in flight now. */
    clear(): void {
        this.entries = [];
        this.counts = {};
        this.writes = 0;
        this.bytesSent = 0;
        this.peak = this.current;
    }

    private redact<T>(value: T): T {
        if (typeof value === "string") {
            const masked = value.replace(URL_PASSWORD, "$1***$2");
            return masked.split(this.credentials.token).join("{token}").split(this.credentials.key).join("{key}") as T;
        }
        if (Array.isArray(value)) return value.map((item: unknown) => this.redact(item)) as T;
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(
                Object.entries(value).map(([k, v]) => [this.redact(k), SECRET_FIELDS.has(k.toLowerCase()) ? "***" : this.redact(v)]),
            ) as T;
        }
        return value;
    }
}

/** Body and query fields whose value never reaches the log, whatever the vendor method. */
const SECRET_FIELDS = new Set(["password", "access_token", "client_secret"]);

/** `scheme://user:` (group 1), the password, then `@` (group 2); a password cannot hold a raw `/` or `@`. */
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^/@:\s]*:)[^/@\s]*(@)/gi;

function parseJsonOrNull(body: Buffer): unknown {
    if (body.length === 0) return null;
    try {
        return JSON.parse(body.toString("utf8")) as unknown;
    } catch {
        return null;
    }
}

/** errorRate's PRNG: tiny, seeded, and good enough to spread failures evenly. */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
