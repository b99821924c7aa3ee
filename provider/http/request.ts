/**
 * The single request core under every vendor client: timeouts, retries, lenient parsing,
 * TLS options, redaction and typed errors live here and nowhere else.
 */
import * as http from "node:http";
import * as https from "node:https";
import fetch, { Response } from "node-fetch";
import { ConnectionError, ErrorCause, TelephonyError, errorFromAnswer } from "./errors";
import { parseLenientJson } from "./json";
import type { AdaptiveLimiter } from "./limiter";
import { printable } from "./redact";

export interface TlsOptions {
    /** Accept any certificate (self-signed servers). Opt-in only. */
    insecure?: boolean;
    /** PEM text of an extra certificate authority to trust. */
    ca?: string;
}

export interface HttpSettings {
    /** Per attempt, not per call. */
    timeoutMs: number;
    /** Retries after the first attempt, for the causes and calls that allow them. */
    maxRetries: number;
    baseDelayMs: number;
    maxDelayMs: number;
    tls?: TlsOptions;
    /** Values never to print: removed from every error, log and debug line. A function for secrets that change (access tokens). */
    secrets: readonly string[] | (() => readonly string[]);
    /** Debug sink; receives redacted lines only. */
    log?: (line: string) => void;
    /** Replaceable for tests that assert on delays without waiting. */
    sleep?: (ms: number) => Promise<void>;
    /**
     * The in-flight limit of this server's origin, shared by every client of the process
     * (runtime.ts): each attempt holds a slot while it is sent and answered, never while it waits
     * to be retried. Absent: no limit (tests of the core itself).
     */
    limiter?: AdaptiveLimiter;
}

/** The debug sink every vendor client uses when TELEPHONY_DEBUG is set: one line per HTTP attempt on stderr, already masked. */
export function debugSink(debug: boolean): ((line: string) => void) | undefined {
    return debug ? (line) => process.stderr.write(`[telephony] ${line}\n`) : undefined;
}

export const DEFAULT_HTTP_SETTINGS: Omit<HttpSettings, "secrets"> = {
    timeoutMs: 15_000,
    maxRetries: 3,
    baseDelayMs: 250,
    maxDelayMs: 8_000,
};

export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE";

export interface VendorVerdict {
    reason: string;
    cause?: ErrorCause;
    /** The vendor's own error code (Directcall's `codigo`), kept beside its text. */
    code?: string;
}

export interface HttpCall {
    /** What the call does, in the vendor's own words, e.g. `NextBilling createRingGroup`. */
    name: string;
    method: HttpMethod;
    url: string;
    query?: Record<string, string | number>;
    json?: unknown;
    form?: Record<string, string>;
    /**
     * Whether repeating the call after an unknown outcome cannot do harm (reads, deletes,
     * full-record updates). Connection errors and 5xx are retried only then; 429 is always
     * retried, because the vendor refused the request before applying it.
     */
    safeToRepeat: boolean;
    /** Reads the vendor's verdict from an answer: `undefined` means success. */
    vendorError?: (body: unknown, status: number) => VendorVerdict | undefined;
}

export interface HttpAnswer {
    status: number;
    text: string;
    body: unknown;
}

type Attempt = { answer: HttpAnswer } | { error: TelephonyError; retryable: boolean; retryAfterMs?: number };

const MAX_RETRY_AFTER_MS = 60_000;

export class HttpClient {
    private readonly settings: HttpSettings;
    private readonly agent?: http.Agent;

    constructor(settings: Partial<HttpSettings> & Pick<HttpSettings, "secrets">) {
        // An unset option (undefined) keeps its default instead of overriding it.
        const given = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
        this.settings = { ...DEFAULT_HTTP_SETTINGS, ...(given as typeof settings) };
        const tls = this.settings.tls;
        if (tls && (tls.insecure || tls.ca)) {
            this.agent = new https.Agent({ keepAlive: true, rejectUnauthorized: !tls.insecure, ca: tls.ca });
        }
    }

    /** Sends the call, retrying what may be retried, and returns the parsed answer or throws a TelephonyError. */
    async request(call: HttpCall): Promise<HttpAnswer> {
        const url = withQuery(call.url, call.query);
        // What errors and debug lines call the request, masked once, when one needs it.
        let masked: string | undefined;
        const label = () => (masked ??= `${call.name} (${call.method} ${this.printable(new URL(url).pathname, 300)})`);
        for (let attempt = 0; ; attempt++) {
            const outcome = await this.limited(() => this.attempt(call, url, label));
            if ("answer" in outcome) return outcome.answer;
            if (!outcome.retryable || attempt >= this.settings.maxRetries) throw outcome.error;
            const delay = this.delayFor(attempt, outcome.retryAfterMs);
            if (outcome.error.status === 429) this.settings.limiter?.holdGrowth(delay);
            this.debug(`${outcome.error.message}; retry ${attempt + 1}/${this.settings.maxRetries} in ${delay} ms`);
            await (this.settings.sleep ?? sleep)(delay);
        }
    }

    /** One attempt inside a slot of the origin's limiter, telling it how the server coped: a 429 halves the limit, an answer helps it grow back. */
    private async limited(attempt: () => Promise<Attempt>): Promise<Attempt> {
        const limiter = this.settings.limiter;
        if (!limiter) return attempt();
        return limiter.run(async (permit) => {
            const outcome = await attempt();
            const status = "answer" in outcome ? outcome.answer.status : outcome.error.status;
            if (status === 429) limiter.throttled(permit);
            // No answer, or a server failing, says nothing about how many requests it takes at once.
            else if (status !== undefined && status < 500) limiter.answeredOk();
            return outcome;
        });
    }

    private async attempt(call: HttpCall, url: string, label: () => string): Promise<Attempt> {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
        const started = Date.now();
        let response: Response;
        let text: string;
        try {
            response = await fetch(url, {
                method: call.method,
                headers: requestHeaders(call),
                body: requestBody(call),
                agent: this.agent,
                // node-fetch v2 types its own AbortSignal; the global one is compatible at run time.
                signal: controller.signal as never,
            });
            text = await response.text();
        } catch (cause) {
            const timedOut = controller.signal.aborted;
            const why = timedOut ? `no answer within ${this.settings.timeoutMs} ms` : describeNetworkError(cause);
            this.debug(`${label()}: ${why}`);
            return {
                error: new ConnectionError({ call: label() }, this.printable(why)),
                retryable: call.safeToRepeat,
            };
        } finally {
            clearTimeout(timer);
        }
        if (this.settings.log) this.debug(`${label()}: HTTP ${response.status} in ${Date.now() - started} ms`);

        let body: unknown;
        try {
            body = parseLenientJson(text);
        } catch {
            body = text;
        }
        const verdict = call.vendorError?.(body, response.status);
        if (response.ok && !verdict) {
            return { answer: { status: response.status, text, body } };
        }
        // Without a vendor verdict, the raw text is the vendor's own words: keep it (redacted, then cut).
        const reason = verdict?.reason ?? (text.trim() ? text : undefined);
        const retryAfterSeconds = parseRetryAfter(response.headers.get("retry-after"));
        const error = errorFromAnswer({
            call: label(),
            status: response.status,
            vendorReason: reason === undefined ? undefined : this.printable(reason),
            vendorCode: verdict?.code,
            retryAfterSeconds,
            cause: causeOf(response.status, verdict),
        });
        const retryable = response.status === 429 || (response.status >= 500 && response.status <= 599 && call.safeToRepeat);
        return {
            error,
            retryable,
            retryAfterMs: retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000,
        };
    }

    /** Exponential backoff with full jitter, unless the vendor said how long to wait. */
    private delayFor(attempt: number, retryAfterMs: number | undefined): number {
        if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
        const ceiling = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** attempt);
        return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
    }

    /** Text fit to print: secrets and pieces of them masked, then made one line and cut. */
    printable(text: string, max?: number): string {
        const secrets = this.settings.secrets;
        return printable(text, typeof secrets === "function" ? secrets() : secrets, max);
    }

    private debug(line: string): void {
        // Masking is a pass over the line per secret: made only when a sink prints it.
        if (this.settings.log) this.settings.log(this.printable(line, 2_000));
    }
}

function withQuery(url: string, query: HttpCall["query"]): string {
    if (!query) return url;
    const parsed = new URL(url);
    for (const [name, value] of Object.entries(query)) parsed.searchParams.set(name, String(value));
    return parsed.toString();
}

function requestHeaders(call: HttpCall): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (call.json !== undefined) headers["content-type"] = "application/json";
    if (call.form !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    return headers;
}

function requestBody(call: HttpCall): string | undefined {
    if (call.json !== undefined) return JSON.stringify(call.json);
    if (call.form !== undefined) return new URLSearchParams(call.form).toString();
    return undefined;
}

/**
 * What an error is. The vendor's own verdict decides (Directcall's codigo 006 is "renew the
 * token" whatever the HTTP status), except where the status itself is the stronger word:
 * credentials refused, throttling, server failure.
 */
function causeOf(status: number, verdict: VendorVerdict | undefined): ErrorCause | undefined {
    const strong = status === 401 || status === 403 || status === 429 || status >= 500;
    if (strong || !verdict?.cause) return status >= 200 && status < 300 ? (verdict?.cause ?? "invalid_input") : undefined;
    return verdict.cause;
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null): number | undefined {
    if (!header) return undefined;
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(header);
    if (Number.isNaN(date)) return undefined;
    return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

function describeNetworkError(cause: unknown): string {
    const error = cause as { code?: string; message?: string };
    if (error?.code) return `${error.code}: ${error.message ?? "network error"}`;
    return error?.message ?? String(cause);
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
