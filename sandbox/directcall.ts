import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { DirectcallCallback, DirectcallState, Store } from "./store";
import { HTML_CONTENT_TYPE, htmlPage, type Variants } from "./variants";

/** Forms are a handful of short fields; anything this big is not a Directcall request. */
export const DIRECTCALL_BODY_LIMIT = 65_536;

/** Callback URLs longer than this are refused, as URLs are by most servers. */
const URL_LIMIT = 2048;

/** The vendor's `codigo` values (vendors.md) the emulator answers with. */
export const DIRECTCALL_CODES = {
    ok: "000",
    /**
     * What add-callback answers on success, with `status` "ok": the vendor's documented example does,
     * though its codes table calls 001 a parameter error. So `status` says whether a call succeeded.
     */
    callbackAdded: "001",
    invalidParameter: "001",
    connectionFailure: "005",
    authenticationFailed: "006",
    codeNotFound: "009",
    /** Documented for call and SMS identifiers; no emulated method answers it yet. */
    identifierNotFound: "010",
} as const;

/**
 * Every text the emulated Directcall answers with, in one place. The vendor documents the codes,
 * and one text (add-callback's success, verbatim); the others are the sandbox's choice, in the vendor's Portuguese.
 */
export const DIRECTCALL_TEXTS = {
    tokenIssued: "Token gerado",
    callbackAdded: "URL de Callback cadastrada com sucesso.",
    callbackRemoved: "URL removida",
    invalidParameter: (name: string) => `Parâmetro ${name} inválido ou ausente`,
    badClientCredentials: "Falha na autenticação: client_id ou client_secret inválidos",
    badToken: "Falha na autenticação: access_token inválido ou expirado, solicite um novo token",
    codeNotFound: (code: string) => `Código ${code} não existe`,
    identifierNotFound: "Identificador não existe ou já foi cancelado",
    notForm: "Parâmetros devem ser enviados como application/x-www-form-urlencoded",
    tooLarge: "Requisição excede o limite de 64 KB",
    httpMethodNotAllowed: (httpMethod: string) => `Método HTTP não permitido: ${httpMethod} (use POST)`,
    unknownMethod: (method: string) => `Método não encontrado: ${method}`,
    internalError: "Erro interno do servidor",
    // Only ever sent by injected faults (`failNext`), which must look like the vendor whatever the status.
    tooManyRequests: "Muitas requisições, tente novamente mais tarde",
    unavailable: "Serviço temporariamente indisponível",
    failedWithStatus: (status: number) => `Falha de conexão (HTTP ${status})`,
} as const;

const T = DIRECTCALL_TEXTS;
const C = DIRECTCALL_CODES;

export interface DirectcallSettings {
    /** Lifetime of each token, fixed when it is issued. */
    tokenTtlSeconds: number;
}

export interface DirectcallRequest {
    httpMethod: string;
    /** The path as requested, e.g. `/voz/add-callback`. */
    path: string;
    contentType: string | undefined;
    /** The raw body, or "too-large" when it passed DIRECTCALL_BODY_LIMIT (the rest was discarded). */
    body: Buffer | "too-large";
}

export interface DirectcallAnswer {
    status: number;
    text: string;
    /** Content-Type (JSON or XML, as asked), and Allow on a 405. */
    headers: Record<string, string>;
    /** True when the vendor accepted a write (add or remove), so callers can count writes without knowing the methods. */
    wrote: boolean;
}

type Format = "JSON" | "XML";

/** One answer field: the envelope's texts, list-callback's `total`, and its `data` rows. */
type FieldValue = string | number | Array<Record<string, string>>;

interface VendorCall {
    api: string;
    modulo: string;
    format: Format;
    fields: URLSearchParams;
}

type MethodHandler = (call: VendorCall, store: Store, settings: DirectcallSettings, variants: Variants) => DirectcallAnswer;

const METHODS = new Map<string, MethodHandler>([
    ["/request_token", requestToken],
    ["/voz/add-callback", addCallback],
    ["/voz/remove-callback", removeCallback],
    ["/voz/list-callback", listCallbacks],
]);

/** The paths the Directcall part of the server answers (unknown `/voz/` methods included, so they get a vendor-shaped 404). */
export function isDirectcallPath(path: string): boolean {
    return path === "/request_token" || path.startsWith("/voz/");
}

/**
 * The paths of remove and list are undocumented: a server may not have them at all (the variants
 * `callbackRemove` and `callbackList` "404"), in which case they answer as any unknown path does.
 */
function knownHere(path: string, variants: Variants): boolean {
    if (path === "/voz/remove-callback") return variants.callbackRemove === "supported";
    if (path === "/voz/list-callback") return variants.callbackList !== "404";
    return METHODS.has(path);
}

export function answerDirectcall(
    request: DirectcallRequest,
    store: Store,
    settings: DirectcallSettings,
    variants: Variants,
): DirectcallAnswer {
    const form = readForm(request.contentType, request.body);
    const call = callOf(request.path, form instanceof URLSearchParams ? form : new URLSearchParams());
    const handler = knownHere(request.path, variants) ? METHODS.get(request.path) : undefined;
    if (!handler) return unknownPath(call);
    // The vendor is a form-POST API: other HTTP methods are refused by HTTP status as well as codigo.
    if (request.httpMethod !== "POST") {
        return reply(call, 405, envelope(call, C.invalidParameter, T.httpMethodNotAllowed(request.httpMethod)));
    }
    if (form === "too-large") return reply(call, 413, envelope(call, C.invalidParameter, T.tooLarge));
    if (form === "not-form") return reply(call, 200, envelope(call, C.invalidParameter, T.notForm));
    const format = call.fields.get("format");
    if (format !== null && !["JSON", "XML"].includes(format.toUpperCase())) {
        return reply(call, 200, envelope(call, C.invalidParameter, T.invalidParameter("format")));
    }
    return handler(call, store, settings, variants);
}

/** Every path the server does not have: a vendor-shaped 404 naming the method. */
function unknownPath(call: VendorCall): DirectcallAnswer {
    return reply(call, 404, envelope(call, C.invalidParameter, T.unknownMethod(call.modulo)));
}

/**
 * The form fields, "not-form" for a body of another type, or "too-large". An empty body is an
 * empty form whatever its type, so a bare POST gets the method's own answer (006 without a token) rather than "not a form".
 */
export function readForm(contentType: string | undefined, body: Buffer | "too-large"): URLSearchParams | "not-form" | "too-large" {
    if (body === "too-large") return "too-large";
    if (body.length === 0) return new URLSearchParams();
    const mediaType = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
    if (mediaType !== "application/x-www-form-urlencoded") return "not-form";
    return new URLSearchParams(body.toString("utf8"));
}

/** Answers for injected faults and crashes: vendor-shaped envelopes with the given HTTP status. */
export function directcallFailure(status: number, request: Omit<DirectcallRequest, "httpMethod">): DirectcallAnswer {
    const form = readForm(request.contentType, request.body);
    const call = callOf(request.path, form instanceof URLSearchParams ? form : new URLSearchParams());
    const text =
        status === 429 ? T.tooManyRequests : status === 503 ? T.unavailable : status === 500 ? T.internalError : T.failedWithStatus(status);
    return reply(call, status, envelope(call, C.connectionFailure, text));
}

/**
 * `api` and `modulo` of a path's answers. add-callback's are the vendor's documented ones (its
 * example answers `"api":"sms","modulo":"add-callback-status-chamada"`), on errors too, since one
 * script writes both; the others are undocumented and named after the path.
 */
function callOf(path: string, fields: URLSearchParams): VendorCall {
    const format = fields.get("format")?.toUpperCase() === "XML" ? "XML" : "JSON";
    if (path === "/request_token") return { api: "auth", modulo: "request_token", format, fields };
    if (path === "/voz/add-callback") return { api: "sms", modulo: "add-callback-status-chamada", format, fields };
    return { api: "voz", modulo: path.split("/").slice(2).join("/"), format, fields };
}

function requestToken(call: VendorCall, store: Store, settings: DirectcallSettings): DirectcallAnswer {
    const clientId = call.fields.get("client_id") ?? "";
    const secret = call.fields.get("client_secret") ?? "";
    if (!clientId) return reply(call, 200, envelope(call, C.invalidParameter, T.invalidParameter("client_id")));
    if (!secret) return reply(call, 200, envelope(call, C.invalidParameter, T.invalidParameter("client_secret")));
    const account = store.state.directcall.accounts.find((candidate) => candidate.clientId === clientId);
    // Compare even for an unknown account, so the answer time does not tell which e-mails have accounts.
    const secretMatches = sameDigest(sha256(secret), account?.secretSha256 ?? sha256(""));
    if (!account || !secretMatches) return reply(call, 200, envelope(call, C.authenticationFailed, T.badClientCredentials));
    const token = randomBytes(32).toString("hex");
    store.update((draft) => issueToken(draft.directcall, clientId, token, settings.tokenTtlSeconds));
    return reply(call, 200, { ...envelopeHead(call, C.ok), access_token: token, msg: T.tokenIssued });
}

/** Expired tokens are dropped whenever a new one is issued, and at most this many live ones kept, so the state stays small. */
const LIVE_TOKEN_LIMIT = 1000;

function issueToken(dc: DirectcallState, clientId: string, token: string, ttlSeconds: number): void {
    const now = Date.now();
    dc.tokens = dc.tokens.filter((issued) => Date.parse(issued.expiresAt) > now).slice(-(LIVE_TOKEN_LIMIT - 1));
    dc.tokens.push({ tokenSha256: sha256(token), clientId, expiresAt: new Date(now + ttlSeconds * 1000).toISOString() });
    dc.tokenRequests += 1;
}

/** Every issued token expires now (what a vendor-side revocation or a long pause looks like to a client). */
export function expireTokens(dc: DirectcallState): number {
    const now = new Date().toISOString();
    const expired = dc.tokens.filter((token) => token.expiresAt > now).length;
    // Replaced, not edited: records in a store draft are the live ones (store.ts).
    dc.tokens = dc.tokens.map((token) => ({ ...token, expiresAt: now }));
    return expired;
}

/** The account a live token belongs to; undefined for a missing, unknown or expired token. */
function tokenOwner(call: VendorCall, dc: DirectcallState): string | undefined {
    const token = call.fields.get("access_token");
    if (!token) return undefined;
    const digest = sha256(token);
    const issued = dc.tokens.find((candidate) => candidate.tokenSha256 === digest);
    return issued && Date.parse(issued.expiresAt) > Date.now() ? issued.clientId : undefined;
}

function addCallback(call: VendorCall, store: Store): DirectcallAnswer {
    const clientId = tokenOwner(call, store.state.directcall);
    if (!clientId) return reply(call, 200, envelope(call, C.authenticationFailed, T.badToken));
    const verdict = checkCallback(call.fields.get("url"), call.fields.get("pin") ?? undefined);
    if (typeof verdict === "string") return reply(call, 200, envelope(call, C.invalidParameter, T.invalidParameter(verdict)));
    const registered = store.update((draft) => registerCallback(draft.directcall, clientId, verdict.url, verdict.pin));
    // Exactly the documented answer: status "ok" with codigo 001, then msg and code.
    return reply(call, 200, { ...envelopeHead(call, C.callbackAdded, "ok"), msg: T.callbackAdded, code: registered.code }, true);
}

function removeCallback(call: VendorCall, store: Store): DirectcallAnswer {
    const clientId = tokenOwner(call, store.state.directcall);
    if (!clientId) return reply(call, 200, envelope(call, C.authenticationFailed, T.badToken));
    const code = call.fields.get("code");
    if (!code) return reply(call, 200, envelope(call, C.invalidParameter, T.invalidParameter("code")));
    // Another account's registration is as unknown as one that never existed.
    const owned = store.state.directcall.callbacks.some((callback) => callback.code === code && callback.clientId === clientId);
    if (!owned) return reply(call, 200, envelope(call, C.codeNotFound, T.codeNotFound(code)));
    store.update((draft) => unregisterCallback(draft.directcall, code));
    return reply(call, 200, envelope(call, C.ok, T.callbackRemoved), true);
}

/**
 * Documented: `total`. Undocumented: the path and the records, written as the `callbackList`
 * variant says: `data` an array of `{code,url,pin}`, or that array JSON-encoded in a string (as the
 * vendor's documented `/did/list` answers its `data`), or an HTML page.
 */
function listCallbacks(call: VendorCall, store: Store, _settings: DirectcallSettings, variants: Variants): DirectcallAnswer {
    if (variants.callbackList === "html") return webPage();
    const clientId = tokenOwner(call, store.state.directcall);
    if (!clientId) return reply(call, 200, envelope(call, C.authenticationFailed, T.badToken));
    const data = store.state.directcall.callbacks
        .filter((callback) => callback.clientId === clientId)
        .map(({ code, url, pin }) => ({ code, url, pin }));
    return reply(call, 200, {
        ...envelopeHead(call, C.ok),
        total: data.length,
        data: variants.callbackList === "string" ? JSON.stringify(data) : data,
    });
}

/** The `html` variant: a web page where the API answer was expected, HTTP 200. */
function webPage(): DirectcallAnswer {
    return { status: 200, text: htmlPage("Directcall - Área do Cliente"), headers: { "content-type": HTML_CONTENT_TYPE }, wrote: false };
}

/**
 * Checks a registration as the vendor would: an absolute http(s) URL (Basic-auth credentials
 * allowed) and an optional PIN of digits. An empty `pin` means none, since form encoders often
 * send empty fields. Answers the normalized input, or the name of the parameter that is wrong.
 */
export function checkCallback(url: unknown, pin: unknown): { url: string; pin: string } | "url" | "pin" {
    if (typeof url !== "string" || url.length > URL_LIMIT || /\s/.test(url) || !isHttpUrl(url)) return "url";
    if (pin === undefined || pin === null || pin === "") return { url, pin: "" };
    if (typeof pin !== "string" || !/^\d{1,20}$/.test(pin)) return "pin";
    return { url, pin };
}

function isHttpUrl(value: string): boolean {
    try {
        const parsed = new URL(value);
        return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
    } catch {
        return false;
    }
}

/**
 * Duplicate URLs are allowed: a create-before-delete replacement registers the same URL twice for a moment.
 * Codes are 40 hex digits, as in the vendor's example; derived from the counter, so they are never
 * reused and the same on every run from the seed.
 */
export function registerCallback(dc: DirectcallState, clientId: string, url: string, pin: string): DirectcallCallback {
    const callback: DirectcallCallback = { code: callbackCode(dc.nextCode), clientId, url, pin };
    dc.nextCode += 1;
    dc.callbacks.push(callback);
    return callback;
}

/** The code of the `n`th registration since the seed. */
export function callbackCode(n: number): string {
    return createHash("sha1").update(`directcall-callback-${n}`).digest("hex");
}

export function unregisterCallback(dc: DirectcallState, code: string): void {
    dc.callbacks = dc.callbacks.filter((callback) => callback.code !== code);
}

export function sha256(text: string): string {
    return createHash("sha256").update(text).digest("hex");
}

function sameDigest(given: string, expected: string): boolean {
    return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(expected, "hex"));
}

/** `status` is "ok" for success and "erro" otherwise (the vendor documents no error answer, so "erro" is the sandbox's choice). */
function envelopeHead(call: VendorCall, codigo: string, status = codigo === C.ok ? "ok" : "erro"): Record<string, FieldValue> {
    return { api: call.api, modulo: call.modulo, status, codigo };
}

function envelope(call: VendorCall, codigo: string, msg: string): Record<string, FieldValue> {
    return { ...envelopeHead(call, codigo), msg };
}

function reply(call: VendorCall, status: number, fields: Record<string, FieldValue>, wrote = false): DirectcallAnswer {
    const xml = call.format === "XML";
    const headers: Record<string, string> = { "content-type": xml ? "application/xml; charset=utf-8" : "application/json; charset=utf-8" };
    if (status === 405) headers.allow = "POST";
    return { status, text: xml ? toXml(fields) : JSON.stringify(fields), headers, wrote };
}

/** The same envelope as XML: one element per field, list rows as `<item>` elements. */
function toXml(fields: Record<string, FieldValue>): string {
    const element = (name: string, value: FieldValue | Record<string, string>): string => {
        if (Array.isArray(value)) return `<${name}>${value.map((row) => element("item", row)).join("")}</${name}>`;
        if (typeof value === "object") {
            return `<${name}>${Object.entries(value)
                .map(([field, text]) => element(field, text))
                .join("")}</${name}>`;
        }
        return `<${name}>${escapeXml(String(value))}</${name}>`;
    };
    const body = Object.entries(fields)
        .map(([name, value]) => element(name, value))
        .join("");
    return `<?xml version="1.0" encoding="UTF-8"?><response>${body}</response>`;
}

function escapeXml(text: string): string {
    return text.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char]!);
}
