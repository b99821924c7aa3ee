/**
 * The receiving side of Directcall call-status webhooks (seed 002, "callback").
 *
 * Directcall POSTs `application/x-www-form-urlencoded` with one field, `data`, whose value is JSON.
 * The payload's fields are not documented; we assume `callerid` (call id), `origem`, `destino`,
 * `status`, `inicio` (`YYYY-MM-DD HH:MM:SS`, Brazil local time), `duracao` (`HH:MM:SS` or seconds) and maybe
 * `pin`, and keep every other field in `fields` so nothing the vendor adds is lost.
 *
 * The endpoint is public by nature, so everything here treats the body as hostile: bounded size,
 * no prototype-pollution keys, strict types for the fields we interpret, and a request handler
 * that never throws into the server.
 */
import * as crypto from "node:crypto";
import type * as http from "node:http";

export type CallStatusKind = "answered" | "busy" | "hungUp" | "unknown";

export interface CallStatusEvent {
    /** Directcall's `callerid`: the call's id (a UUID as far as we know). */
    callId: string;
    /** `origem`: the calling number, as sent. */
    from?: string;
    /** `destino`: the called number, as sent. */
    to?: string;
    status: CallStatusKind;
    /** The vendor's status text, verbatim (e.g. `atendida`), also when `status` is `unknown`. */
    vendorStatus: string;
    /** `inicio` as sent: `YYYY-MM-DD HH:MM:SS`, Brazil local time, no zone. */
    startedAt?: string;
    /** `duracao` in seconds, whether sent as `HH:MM:SS`, as a JSON number of seconds or as numeric text. */
    durationSeconds?: number;
    pin?: string;
    /** Every field as received, unknown ones included (prototype-pollution keys removed). */
    fields: Record<string, unknown>;
}

export type CallbackPayloadReason =
    | "too_large"
    | "missing_data"
    | "duplicate_data"
    | "data_not_json"
    | "not_an_object"
    | "missing_callerid"
    | "missing_status"
    | "invalid_field"
    | "invalid_duration";

/** Raised when a callback body cannot be read as a Directcall call-status event (the receiver answers 400, or 413 for `too_large`). */
export class CallbackPayloadError extends Error {
    readonly reason: CallbackPayloadReason;
    /** The payload field at fault, when there is one. */
    readonly field?: string;

    constructor(reason: CallbackPayloadReason, message: string, field?: string) {
        super(message);
        this.name = "CallbackPayloadError";
        this.reason = reason;
        this.field = field;
        // An expected rejection of someone else's input, not a bug here: a trace would only add noise to logs.
        this.stack = `${this.name}: ${this.message}`;
    }
}

/** Large enough for any call-status payload we can imagine, small enough that a flood costs little. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export interface ParseCallStatusOptions {
    /** Bodies (and `data` values) larger than this are rejected with reason `too_large`. Default 64 KiB. */
    maxBodyBytes?: number;
}

/**
 * Reads one call-status callback. Accepts the raw form body (`data=%7B...%7D`, string or Buffer), a form
 * object a framework already decoded (`{ data: "<json>" }`), or the payload object itself (`{ callerid, status, ... }`).
 * An unrecognised status is not an error: it comes back as `unknown` with the text in `vendorStatus`.
 */
export function parseCallStatus(body: string | Buffer | Record<string, unknown>, options: ParseCallStatusOptions = {}): CallStatusEvent {
    const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const payloadJson = payloadJsonOf(body, maxBytes);
    const payload = parseJsonObject(payloadJson);
    return eventFromPayload(payload);
}

function payloadJsonOf(body: unknown, maxBytes: number): string {
    if (typeof body === "string" || Buffer.isBuffer(body)) {
        const form = Buffer.isBuffer(body) ? decodeBounded(body, maxBytes) : checkedSize(body, maxBytes);
        const values = new URLSearchParams(form).getAll("data");
        if (values.length === 0) throw new CallbackPayloadError("missing_data", "the form has no `data` field");
        // Directcall sends one `data`; two is either a broken sender or someone probing which one we read.
        if (values.length > 1) throw new CallbackPayloadError("duplicate_data", "the form has more than one `data` field");
        return values[0];
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new CallbackPayloadError("not_an_object", "the body is neither a form nor an object");
    }
    const isPayload = hasOwn(body, "callerid") || hasOwn(body, "status");
    if (hasOwn(body, "data") && !isPayload) {
        const data = (body as Record<string, unknown>).data;
        if (Array.isArray(data)) throw new CallbackPayloadError("duplicate_data", "the form has more than one `data` field");
        if (typeof data !== "string") throw new CallbackPayloadError("data_not_json", "the form's `data` field is not JSON text");
        return checkedSize(data, maxBytes);
    }
    if (!isPayload) throw new CallbackPayloadError("missing_data", "the form has no `data` field");
    // Re-serialising gives already-parsed objects the same size bound and key filtering as text bodies.
    let text: string | undefined;
    try {
        text = JSON.stringify(body);
    } catch {
        text = undefined; // cycles, BigInt, or a nesting deep enough to overflow the stack
    }
    if (text === undefined) throw new CallbackPayloadError("data_not_json", "the payload object cannot be read as JSON");
    return checkedSize(text, maxBytes);
}

function decodeBounded(buffer: Buffer, maxBytes: number): string {
    if (buffer.length > maxBytes) throw tooLarge(maxBytes);
    return buffer.toString("utf8");
}

function checkedSize(text: string, maxBytes: number): string {
    // A UTF-8 encoding is never shorter than the UTF-16 length, so the cheap check settles huge strings at once.
    if (text.length > maxBytes || Buffer.byteLength(text, "utf8") > maxBytes) throw tooLarge(maxBytes);
    return text;
}

function tooLarge(maxBytes: number): CallbackPayloadError {
    return new CallbackPayloadError("too_large", `the body is larger than ${maxBytes} bytes`);
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function parseJsonObject(text: string): Record<string, unknown> {
    let parsed: unknown;
    try {
        // The reviver drops pollution keys at every depth, so a consumer deep-merging `fields` stays safe too.
        parsed = JSON.parse(text, (key, value: unknown) => (FORBIDDEN_KEYS.has(key) ? undefined : value));
    } catch {
        // SyntaxError, or RangeError from absurd nesting: both mean "not a payload we can read".
        throw new CallbackPayloadError("data_not_json", "`data` is not valid JSON");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new CallbackPayloadError("not_an_object", "`data` is JSON but not an object");
    }
    const fields: Record<string, unknown> = Object.create(null);
    for (const [key, value] of Object.entries(parsed)) fields[key] = value;
    return fields;
}

function eventFromPayload(fields: Record<string, unknown>): CallStatusEvent {
    const callId = optionalText(fields, "callerid");
    if (callId === undefined) throw new CallbackPayloadError("missing_callerid", "the payload has no `callerid`", "callerid");
    const vendorStatus = optionalText(fields, "status");
    if (vendorStatus === undefined) throw new CallbackPayloadError("missing_status", "the payload has no `status`", "status");
    const event: CallStatusEvent = { callId, status: normaliseStatus(vendorStatus), vendorStatus, fields };
    const from = optionalText(fields, "origem");
    if (from !== undefined) event.from = from;
    const to = optionalText(fields, "destino");
    if (to !== undefined) event.to = to;
    const startedAt = optionalText(fields, "inicio");
    if (startedAt !== undefined) event.startedAt = startedAt;
    const durationSeconds = parseDuration(fields.duracao);
    if (durationSeconds !== undefined) event.durationSeconds = durationSeconds;
    const pin = optionalText(fields, "pin");
    if (pin !== undefined) event.pin = pin;
    return event;
}

/**
 * A text field: absent, null or blank reads as absent; numbers are accepted because phone numbers, PINs and
 * ids are easily sent as JSON numbers; anything else (objects, arrays, booleans) is a malformed payload.
 */
function optionalText(fields: Record<string, unknown>, name: string): string | undefined {
    const value = fields[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value !== "string") throw new CallbackPayloadError("invalid_field", `\`${name}\` is not a string`, name);
    const trimmed = value.trim();
    return trimmed === "" ? undefined : trimmed;
}

const DURATION = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/;
const SECONDS = /^\d+(?:\.\d+)?$/;

/**
 * `duracao`'s type is undocumented: `HH:MM:SS` (as `/voz/status` sends it), or seconds as a JSON number or
 * numeric text. Anything else (negative, `MM:SS`, words, booleans, objects) is not a duration we can read.
 */
function parseDuration(value: unknown): number | undefined {
    if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return undefined;
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
    const text = typeof value === "string" ? value.trim() : undefined;
    if (text !== undefined && SECONDS.test(text)) return Number(text);
    const match = text === undefined ? null : DURATION.exec(text);
    if (match === null) throw new CallbackPayloadError("invalid_duration", "`duracao` is not HH:MM:SS or seconds", "duracao");
    return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

// The docs spell "answered" both `atendida` and `atendeu`; the other spellings are cheap insurance.
const STATUS_BY_SPELLING: ReadonlyMap<string, CallStatusKind> = new Map<string, CallStatusKind>([
    ["atendida", "answered"],
    ["atendido", "answered"],
    ["atendeu", "answered"],
    ["answered", "answered"],
    ["ocupado", "busy"],
    ["busy", "busy"],
    ["desligou", "hungUp"],
    ["desligada", "hungUp"],
    ["desligado", "hungUp"],
    ["hangup", "hungUp"],
    ["hungup", "hungUp"],
]);

function normaliseStatus(vendorStatus: string): CallStatusKind {
    const key = vendorStatus
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "") // accents: "Atendída" and "atendida" are the same word
        .toLowerCase()
        .replace(/[\s_-]+/g, ""); // "hung up", "hang_up", "hang-up"
    return STATUS_BY_SPELLING.get(key) ?? "unknown";
}

function hasOwn(target: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(target, key);
}

export interface CallbackHandlerOptions {
    /** The `basicAuth` the CallbackUrl was declared with (Directcall sends it from the registered URL); requests without it get 401. */
    basicAuth?: { username: string; password: string };
    /** Default 64 KiB; larger bodies get 413. */
    maxBodyBytes?: number;
    /**
     * Told about failures an operator should see: `onEvent` throwing (the sender got 500) and bodies rejected as
     * malformed (a `CallbackPayloadError`; the sender got 400 or 413, which may mean our field assumptions are wrong).
     * Defaults to one line on stderr.
     */
    onError?: (error: Error) => void;
}

/** Enough to let an honest client finish sending after an early answer, without letting a hostile one stream forever. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;
const DRAIN_TIMEOUT_MS = 5000;

/**
 * A `node:http` request handler for Directcall callbacks: 405 unless POST, 401 without the Basic credentials,
 * 413 over the size limit, 400 for a malformed body, 500 when `onEvent` fails (so Directcall may retry), else 200 `ok`.
 */
export function callbackHandler(
    onEvent: (event: CallStatusEvent) => void | Promise<void>,
    options: CallbackHandlerOptions = {},
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const expected = options.basicAuth && { username: sha256(options.basicAuth.username), password: sha256(options.basicAuth.password) };
    const report = (error: Error) => {
        try {
            if (options.onError) options.onError(error);
            else console.error(`directcall callback: ${error.name}: ${error.message}`);
        } catch {
            // A failing error reporter must not take the server down with it.
        }
    };

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        if (req.method !== "POST") return answerEarly(req, res, 405, "method not allowed", { Allow: "POST" });
        if (expected && !hasCredentials(req.headers.authorization, expected)) {
            return answerEarly(req, res, 401, "unauthorized", { "WWW-Authenticate": 'Basic realm="directcall"' });
        }
        const declaredLength = Number(req.headers["content-length"]);
        if (Number.isFinite(declaredLength) && declaredLength > maxBodyBytes) {
            report(tooLarge(maxBodyBytes));
            return answerEarly(req, res, 413, "payload too large");
        }
        let body: Buffer;
        try {
            body = await readBody(req, maxBodyBytes);
        } catch (error) {
            if (error instanceof CallbackPayloadError) {
                report(error);
                return answerEarly(req, res, 413, "payload too large");
            }
            return; // the client went away: there is no one to answer
        }
        let event: CallStatusEvent;
        try {
            event = parseCallStatus(body, { maxBodyBytes });
        } catch (error) {
            if (!(error instanceof CallbackPayloadError)) throw error;
            report(error);
            return answer(res, error.reason === "too_large" ? 413 : 400, error.message);
        }
        try {
            await onEvent(event);
        } catch (error) {
            report(asError(error));
            return answer(res, 500, "the event could not be processed");
        }
        answer(res, 200, "ok");
    };

    return (req, res) => {
        // Without listeners, an 'error' on either stream (a reset connection) would be an uncaught exception.
        req.on("error", () => {});
        res.on("error", () => {});
        handle(req, res).catch((error: unknown) => {
            report(asError(error));
            answer(res, 500, "internal error");
        });
    };
}

function sha256(text: string): Buffer {
    return crypto.createHash("sha256").update(text, "utf8").digest();
}

/** Compares digests so the time taken says nothing about how much of a guess was right, nor how long the secret is. */
function hasCredentials(header: string | undefined, expected: { username: Buffer; password: Buffer }): boolean {
    const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header ?? "");
    const decoded = match ? Buffer.from(match[1], "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    // Still compare on malformed headers, so they cost the same time as a wrong password.
    const username = colon < 0 ? "" : decoded.slice(0, colon);
    const password = colon < 0 ? "" : decoded.slice(colon + 1);
    const usernameMatches = crypto.timingSafeEqual(sha256(username), expected.username);
    const passwordMatches = crypto.timingSafeEqual(sha256(password), expected.password);
    return colon >= 0 && usernameMatches && passwordMatches;
}

/** Resolves with the whole body, rejects with `too_large` past the limit, or with a plain Error if the client aborts. */
function readBody(req: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let settled = false;
        const settle = (done: () => void) => {
            if (settled) return;
            settled = true;
            req.off("data", onData);
            req.off("end", onEnd);
            req.off("error", onAbort);
            req.off("close", onAbort);
            done();
        };
        const onData = (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) settle(() => reject(tooLarge(maxBytes)));
            else chunks.push(chunk);
        };
        const onEnd = () => settle(() => resolve(Buffer.concat(chunks, size)));
        const onAbort = () => settle(() => reject(new Error("the request was aborted")));
        req.on("data", onData);
        req.on("end", onEnd);
        req.on("error", onAbort);
        // 'close' also follows a normal 'end', but by then we have settled.
        req.on("close", onAbort);
    });
}

function answer(res: http.ServerResponse, status: number, text: string, headers: http.OutgoingHttpHeaders = {}): void {
    if (res.headersSent || res.destroyed) return;
    const body = `${text}\n`;
    res.writeHead(status, {
        ...headers,
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Length": Buffer.byteLength(body),
    });
    res.end(body);
}

/**
 * Answers before the body was read (or after giving up on it) and closes the connection afterwards. The unread
 * body is discarded rather than left in the socket, since closing on unread data resets the connection and can
 * lose the answer; a client that keeps sending past the drain limit or time is cut off.
 */
function answerEarly(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    status: number,
    text: string,
    headers: http.OutgoingHttpHeaders = {},
) {
    answer(res, status, text, { ...headers, Connection: "close" });
    if (req.complete || req.destroyed) return;
    let drained = 0;
    const cutOff = setTimeout(() => req.destroy(), DRAIN_TIMEOUT_MS);
    cutOff.unref();
    req.on("data", (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on("close", () => clearTimeout(cutOff));
    req.resume();
}

function asError(error: unknown): Error {
    return error instanceof Error ? error : new Error(String(error));
}
