/**
 * The Directcall transport: form-encoded POSTs carrying an `access_token`, answered with a
 * `{api, modulo, status, codigo, msg, ...}` envelope. Success is `status: "ok"`, whatever the
 * `codigo`: the vendor's own documented success of add-callback carries codigo 001, which its
 * codes table calls a parameter error (docs/vendors/directcall.md). Owns the token lifecycle:
 * one token per provider process, renewed before it expires and once more when the vendor
 * answers codigo 006; concurrent callers share one token request.
 */
import { DirectcallSettings } from "../config";
import { AuthenticationError, ErrorCause, ServerError, TelephonyError } from "../http/errors";
import { debugSink, HttpClient, VendorVerdict } from "../http/request";
import { ListCache } from "../kit/listCache";
import { Undocumented } from "../kit/undocumented";
import { readXml } from "./xml";

/** What each `codigo` means (vendors.md), as the typed error it becomes. Unlisted codes: invalid input. */
export const CODIGO_CAUSES: Record<string, ErrorCause> = {
    "001": "invalid_input", // invalid or missing parameter
    "002": "invalid_input", // failed to request the call
    "003": "invalid_input", // call not active
    "004": "invalid_input", // call not finished
    "005": "server", // connection failure
    "006": "authentication", // authentication failed: renew the token
    "007": "server", // SMS server connection failed
    "008": "server", // error sending message
    "009": "not_found", // code does not exist
    "010": "not_found", // identifier does not exist or already cancelled
    "011": "server", // billing service problem
    "100": "server", // billing problem
    "101": "authentication", // test account not registered
    "102": "invalid_input", // no calls of this type left
    "200": "authentication", // user not registered
    "201": "invalid_input", // insufficient balance
};

export type DirectcallAnswer = Record<string, unknown>;

/** Renew this long before the assumed expiry, so a call never leaves with a token about to lapse. */
function renewalMargin(lifetimeMs: number): number {
    return Math.min(60_000, lifetimeMs / 10);
}

export class DirectcallClient {
    /** List answers shared by every resource in this process. */
    readonly lists = new ListCache();
    /** The undocumented calls (list-callback, remove-callback), and which of them this server lacks. */
    readonly undocumented = new Undocumented();
    private readonly http: HttpClient;
    private token?: { value: string; renewAt: number };
    private tokenInFlight?: Promise<string>;
    /** Every token this process was given: all are redacted from errors and logs. */
    private readonly issuedTokens: string[] = [];
    /** How many times this process asked for a token (tests and benchmarks read it). */
    tokenRequests = 0;

    constructor(
        private readonly settings: DirectcallSettings,
        private readonly now: () => number = Date.now,
    ) {
        this.http = new HttpClient({
            secrets: () => [settings.clientSecret, ...this.issuedTokens],
            timeoutMs: settings.timeoutMs,
            maxRetries: settings.maxRetries,
            limiter: settings.limiter,
            log: debugSink(settings.debug),
        });
    }

    /**
     * POSTs `params` plus the access token to `path` (e.g. `voz/add-callback`). A codigo 006
     * renews the token once and repeats the call: the vendor refused it, so nothing was applied.
     */
    async call(name: string, path: string, params: Record<string, string>, safeToRepeat: boolean): Promise<DirectcallAnswer> {
        const token = await this.accessToken();
        try {
            return await this.post(name, path, { access_token: token, ...params }, safeToRepeat);
        } catch (error) {
            if (!(error instanceof AuthenticationError) || error.vendorCode !== "006") throw error;
            const renewed = await this.renewToken(token);
            return this.post(name, path, { access_token: renewed, ...params }, safeToRepeat);
        }
    }

    /** Every access token this process was given, for masking. */
    issuedTokenValues(): readonly string[] {
        return this.issuedTokens;
    }

    /** Text fit to print: the client secret and every token (and pieces of them) masked. */
    printable(text: string, max?: number): string {
        return this.http.printable(text, max);
    }

    /** The current token, asking for one when there is none or it is due for renewal. */
    private accessToken(): Promise<string> {
        if (this.token && this.now() < this.token.renewAt) return Promise.resolve(this.token.value);
        return this.renewToken(this.token?.value);
    }

    /** Replaces `stale` unless someone already did; concurrent callers share one request. */
    private renewToken(stale: string | undefined): Promise<string> {
        if (this.token && this.token.value !== stale && this.now() < this.token.renewAt) return Promise.resolve(this.token.value);
        this.tokenInFlight ??= this.requestToken().finally(() => (this.tokenInFlight = undefined));
        return this.tokenInFlight;
    }

    /** POST /request_token with client_id and client_secret. */
    private async requestToken(): Promise<string> {
        this.tokenRequests++;
        const requestedAt = this.now();
        const answer = await this.post(
            "requestToken",
            "request_token",
            { client_id: this.settings.clientId, client_secret: this.settings.clientSecret },
            true,
        );
        const value = answer.access_token;
        if (typeof value !== "string" || value === "") {
            throw new ServerError({ call: "Directcall requestToken (POST /request_token)" }, "answer carries no access_token");
        }
        this.issuedTokens.push(value);
        const lifetimeMs = this.settings.tokenLifetimeSeconds * 1000;
        this.token = { value, renewAt: requestedAt + lifetimeMs - renewalMargin(lifetimeMs) };
        return value;
    }

    private async post(name: string, path: string, form: Record<string, string>, safeToRepeat: boolean): Promise<DirectcallAnswer> {
        const answer = await this.http.request({
            name: `Directcall ${name}`,
            method: "POST",
            url: `${this.settings.url}/${path}`,
            form: { ...form, format: "JSON" },
            safeToRepeat,
            vendorError: (body, status) => envelopeError(envelopeOf(body), status),
        });
        return envelopeOf(answer.body) as DirectcallAnswer;
    }
}

/**
 * The envelope, however it came: JSON as asked; XML (`format=XML`, or a server that ignores the
 * parameter); wrapped in an outer array, as the documented /did/list answer is.
 */
export function envelopeOf(body: unknown): unknown {
    if (typeof body === "string" && body.trimStart().startsWith("<")) return readXml(body) ?? body;
    if (Array.isArray(body) && body.length === 1 && body[0] && typeof body[0] === "object") return body[0];
    return body;
}

/**
 * The vendor's verdict. `status` decides when present: "ok" is success whatever the codigo (the
 * documented add-callback success carries 001). Without a status, codigo 000 (or none) is success.
 * A failure's codigo names its cause.
 */
export function envelopeError(body: unknown, status: number): VendorVerdict | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) {
        if (status >= 200 && status < 300)
            return { reason: `unexpected answer, not a Directcall envelope: ${String(body)}`, cause: "server" };
        return undefined;
    }
    const envelope = body as { codigo?: unknown; msg?: unknown; status?: unknown };
    const codigo = envelope.codigo === undefined || envelope.codigo === null ? undefined : String(envelope.codigo).trim().padStart(3, "0");
    const stated = typeof envelope.status === "string" ? envelope.status.trim().toLowerCase() : undefined;
    const succeeded = stated !== undefined ? stated === "ok" : codigo === undefined || codigo === "000";
    if (succeeded && status < 400) return undefined;
    const reason = typeof envelope.msg === "string" && envelope.msg !== "" ? envelope.msg : JSON.stringify(body);
    const cause = codigo === undefined || (codigo === "000" && !succeeded) ? undefined : (CODIGO_CAUSES[codigo] ?? "invalid_input");
    return { reason, code: codigo, cause: cause ?? (status >= 400 ? undefined : "invalid_input") };
}

/**
 * The records of a list answer, the one reader of Directcall lists: `data` as an array, as a
 * JSON-encoded string of one (Directcall's documented /did/list does that), or as an object keyed
 * by code; `undefined` when the answer holds no list at all.
 */
export function directcallRecords(answer: DirectcallAnswer): Record<string, unknown>[] | undefined {
    let data = answer.data;
    if (typeof data === "string") {
        if (data.trim() === "") return [];
        try {
            data = JSON.parse(data);
        } catch {
            return undefined;
        }
    }
    if (data === undefined || data === null) return [];
    const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === "object" && !Array.isArray(value);
    if (Array.isArray(data)) return data.filter(isRecord);
    if (isRecord(data)) {
        if (data.code !== undefined || data.url !== undefined) return [data];
        // Keyed by code (`{"cb-1": {url…}}`), or rows beside other fields (`{total: 2, callback: [{…}, {…}]}`, as XML reads).
        return Object.entries(data).flatMap(([code, value]) =>
            Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [{ code, ...value }] : [],
        );
    }
    return undefined;
}

export function isDirectcallError(error: unknown, ...codes: string[]): error is TelephonyError {
    return error instanceof TelephonyError && error.vendorCode !== undefined && codes.includes(error.vendorCode);
}
