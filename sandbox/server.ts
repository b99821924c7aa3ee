import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { answerAdmin, noFaults, type AdminContext, type FaultMatcher, type FaultPlan } from "./admin";
import { answerNextBilling, faultReason, NEXTBILLING_BODY_LIMIT, NEXTBILLING_REASONS, type Credentials } from "./nextbilling";
import { DEMO_CREDENTIALS, seedState } from "./seed";
import { emptyState, isEmptyState, Store, type SandboxState } from "./store";

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
    /** Path with the credential segments replaced: `/api/manageRingGroups/{token}/{key}/0`. */
    path: string;
    query: Record<string, string>;
    /** Parsed JSON body, or null when there was none or it was not JSON. */
    body: unknown;
    /** null when no answer was sent (hangNext). */
    status: number | null;
    at: string;
    /** Set when an injected fault decided the outcome. */
    fault?: "failNext" | "errorRate" | "dropAnswerNext" | "hangNext";
}

export interface RequestLogSnapshot {
    requests: LoggedRequest[];
    /** Requests per `METHOD path`, e.g. `"GET /api/manageRingGroups/{token}/{key}/9": 1`. */
    counts: Record<string, number>;
    /** Writes the vendor accepted (PUT/POST/DELETE answered error:0), even one that changed nothing. */
    writes: number;
}

/** Keeps a long-running CLI sandbox from growing without bound; counts and writes stay exact. */
const LOG_LIMIT = 10_000;
const ADMIN_BODY_LIMIT = 1_048_576;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
    const credentials = options.credentials ?? DEMO_CREDENTIALS;
    const initialState = (): SandboxState => (options.seed === false ? emptyState() : seedState());
    const store = Store.open(options.stateFile);
    if (isEmptyState(store.state)) store.replace(initialState());

    let faults = noFaults();
    let random = mulberry32(faults.errorSeed);
    const setFaults = (plan: FaultPlan) => {
        faults = plan;
        random = mulberry32(plan.errorSeed);
    };
    const log = new RequestLog(credentials);
    const closing = new AbortController();

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
        },
    };

    async function serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
        const body = await readBody(request, NEXTBILLING_BODY_LIMIT);
        const entry = log.begin(request.method ?? "GET", url, body);
        if (faults.latencyMs > 0) await sleep(faults.latencyMs, undefined, { signal: closing.signal });

        const query = new URLSearchParams(entry.query).toString();
        const target = query ? `${entry.path}?${query}` : entry.path;
        if (take(faults.hangNext, entry.method, target)) {
            log.finish(entry, null, "hangNext");
            return; // the socket stays open until the client gives up or the sandbox closes
        }
        const segments = url.pathname.split("/").slice(2).map(decodeSegment);
        const failure = take(faults.failNext, entry.method, target);
        if (failure) {
            const headers: Record<string, string> = failure.retryAfter === undefined ? {} : { "retry-after": String(failure.retryAfter) };
            const reason = faultReason(failure.status, segments[0] ?? "", entry.method);
            send(response, failure.status, JSON.stringify({ error: 1, reason }), headers);
            log.finish(entry, failure.status, "failNext");
            return;
        }
        if (faults.errorRate > 0 && random() < faults.errorRate) {
            send(response, 500, JSON.stringify({ error: 1, reason: NEXTBILLING_REASONS.internalError }));
            log.finish(entry, 500, "errorRate");
            return;
        }
        const drop = take(faults.dropAnswerNext, entry.method, target);
        const answer = answerNextBilling({ httpMethod: entry.method, segments, query: url.searchParams, body }, store, credentials);
        if (answer.wrote) log.countWrite();
        if (drop) {
            response.socket?.destroy();
            log.finish(entry, answer.status, "dropAnswerNext");
            return;
        }
        send(response, answer.status, answer.text);
        log.finish(entry, answer.status);
    }

    async function serveAdmin(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
        const body = await readBody(request, ADMIN_BODY_LIMIT);
        if (body === "too-large") return send(response, 413, JSON.stringify({ error: `admin body over ${ADMIN_BODY_LIMIT} bytes` }));
        const answer = answerAdmin({ httpMethod: request.method ?? "GET", route: url.pathname.slice("/_admin".length), body }, context);
        send(response, answer.status, JSON.stringify(answer.json, null, 2));
    }

    const server = createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://sandbox");
        const serve = url.pathname.startsWith("/api/") ? serveApi : url.pathname.startsWith("/_admin/") ? serveAdmin : undefined;
        if (!serve) return send(response, 404, JSON.stringify({ error: 1, reason: NEXTBILLING_REASONS.unknownAddress }));
        serve(request, response, url).catch((error: unknown) => {
            // Closing aborts pending latency sleeps and resets sockets: nothing is left to answer.
            if (closing.signal.aborted || response.destroyed) return;
            const admin = serve === serveAdmin;
            send(
                response,
                500,
                JSON.stringify(admin ? { error: (error as Error).message } : { error: 1, reason: NEXTBILLING_REASONS.internalError }),
            );
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

/** Uses up one match of the first matcher that fits; spent matchers leave the plan. */
function take<M extends FaultMatcher>(matchers: M[], method: string, target: string): M | undefined {
    const index = matchers.findIndex(
        (m) => (m.method === undefined || m.method === method) && (m.pathIncludes === undefined || target.includes(m.pathIncludes)),
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

function send(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
    response.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(text)),
        ...headers,
    });
    response.end(text);
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
 * anywhere else (query, body), by value, so the log can be shown or saved as is. Fields named
 * `password` (a DID's SIP password, at any depth) are logged as `"***"`: the emulated vendor keeps
 * them in its database (the state), but a log is for showing.
 */
class RequestLog {
    private entries: LoggedRequest[] = [];
    private counts: Record<string, number> = {};
    private writes = 0;

    constructor(private readonly credentials: Credentials) {}

    begin(method: string, url: URL, body: Buffer | "too-large"): LoggedRequest {
        const segments = url.pathname.split("/");
        if (segments.length > 3) segments[3] = "{token}";
        if (segments.length > 4) segments[4] = "{key}";
        const entry: LoggedRequest = {
            method,
            path: this.redact(segments.join("/")),
            query: this.redact(Object.fromEntries(url.searchParams)),
            body: body === "too-large" ? null : this.redact(parseJsonOrNull(body)),
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

    snapshot(): RequestLogSnapshot {
        return { requests: this.entries, counts: this.counts, writes: this.writes };
    }

    clear(): void {
        this.entries = [];
        this.counts = {};
        this.writes = 0;
    }

    private redact<T>(value: T): T {
        if (typeof value === "string") {
            return value.split(this.credentials.token).join("{token}").split(this.credentials.key).join("{key}") as T;
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
const SECRET_FIELDS = new Set(["password"]);

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
