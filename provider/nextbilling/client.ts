/**
 * The NextBilling transport: every call is `/api/<method>/<token>/<key>[/<id>]` on the customer's
 * own server, with a `{error, reason, ...}` JSON envelope whose `error` decides, even under HTTP 200.
 * The calls themselves live beside their resources (ringGroup.ts: manageRingGroups).
 */
import { ListCache } from "../cache";
import { NextBillingSettings } from "../config";
import { ErrorCause } from "../http/errors";
import { HttpClient, HttpMethod, VendorVerdict } from "../http/request";

export interface NextBillingCall {
    /** Our name for the call, shown in errors: e.g. `createRingGroup`. */
    name: string;
    method: HttpMethod;
    /** The vendor's method, the first path segment after /api/. */
    apiMethod: string;
    /** Last path segment (`0`, a subscriber id or a record id). */
    id?: number | string;
    query?: Record<string, string | number>;
    json?: unknown;
    safeToRepeat: boolean;
}

/** A successful answer: `{"error":0,"reason":"OK",...}` plus whatever the method adds. */
export type NextBillingAnswer = Record<string, unknown>;

export class NextBillingClient {
    /** List answers shared by every resource in this process, keyed by method and owner. */
    readonly lists = new ListCache();
    private readonly http: HttpClient;

    constructor(private readonly settings: NextBillingSettings) {
        this.http = new HttpClient({
            secrets: [settings.token, settings.key],
            tls: settings.tls,
            timeoutMs: settings.timeoutMs,
            maxRetries: settings.maxRetries,
            log: settings.debug ? (line) => process.stderr.write(`[telephony] ${line}\n`) : undefined,
        });
    }

    async call(call: NextBillingCall): Promise<NextBillingAnswer> {
        const { url, token, key } = this.settings;
        const segments = ["api", call.apiMethod, token, key, ...(call.id === undefined ? [] : [String(call.id)])];
        const answer = await this.http.request({
            name: `NextBilling ${call.name}`,
            method: call.method,
            url: `${url}/${segments.map(encodeURIComponent).join("/")}`,
            query: call.query,
            json: call.json,
            safeToRepeat: call.safeToRepeat,
            vendorError: envelopeError,
        });
        return answer.body as NextBillingAnswer;
    }

    /** Records of a list answer (`{"records":N,"data":[...]}`), tolerating a missing or empty `data`. */
    static records(answer: NextBillingAnswer): Record<string, unknown>[] {
        const data = answer.data;
        if (Array.isArray(data)) return data.filter((r): r is Record<string, unknown> => !!r && typeof r === "object");
        if (data && typeof data === "object") return Object.values(data as object).flat() as Record<string, unknown>[];
        return [];
    }
}

/** The vendor's verdict: `error` 1 (number or string) is a failure whatever the HTTP status. */
function envelopeError(body: unknown, status: number): VendorVerdict | undefined {
    if (!body || typeof body !== "object") {
        if (status >= 200 && status < 300) {
            return { reason: `unexpected answer, not NextBilling JSON: ${String(body).slice(0, 200)}`, cause: "server" };
        }
        return undefined;
    }
    const envelope = body as { error?: unknown; reason?: unknown };
    const failed = envelope.error !== undefined && String(envelope.error) !== "0";
    if (!failed && status < 400) return undefined;
    const reason = typeof envelope.reason === "string" ? envelope.reason : JSON.stringify(body);
    return { reason, cause: causeFromReason(reason) };
}

/**
 * NextBilling reports business errors with HTTP 200, so the text is all there is to classify them.
 * Unrecognised texts are treated as invalid input, the vendor's usual meaning.
 */
function causeFromReason(reason: string): ErrorCause {
    if (/n[ãa]o encontrad|not found|inexistente|n[ãa]o existe/i.test(reason)) return "not_found";
    if (/token|chave|api key|autentica|authentica|permiss/i.test(reason)) return "authentication";
    if (/duplicad|j[áa] existe|already exists/i.test(reason)) return "conflict";
    return "invalid_input";
}
