/**
 * The NextBilling transport: every call is `/api/<method>/<token>/<key>[/<id>]` on the customer's
 * own server, answered with a `{error, reason, ...}` JSON envelope whose `error` decides, whatever
 * the HTTP status. The calls themselves live beside their resources (<kind>/vendor.ts: the
 * CustomerRecords of line, timeProfile, queue, ivr and ringGroup, over customerRecords.ts; and
 * did/vendor.ts: manageDID); docs/vendors/nextbilling.md lists them all.
 */
import { NextBillingSettings } from "../config";
import { ErrorCause, ServerError } from "../http/errors";
import { debugSink, HttpClient, HttpMethod, VendorVerdict } from "../http/request";
import { ListCache } from "../kit/listCache";
import { UnexpectedShape, Undocumented } from "../kit/undocumented";
import { integer, listRecords, type VendorRecord } from "./records";

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
    /** The undocumented calls (DID read, list and delete), and which of them this server lacks. */
    readonly undocumented = new Undocumented();
    private readonly http: HttpClient;

    constructor(private readonly settings: NextBillingSettings) {
        this.http = new HttpClient({
            secrets: [settings.token, settings.key],
            tls: settings.tls,
            timeoutMs: settings.timeoutMs,
            maxRetries: settings.maxRetries,
            limiter: settings.limiter,
            log: debugSink(settings.debug),
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

    /** A list call's records, in whichever plausible shape the server writes them (records.ts). */
    async list(call: Omit<NextBillingCall, "method" | "safeToRepeat">): Promise<VendorRecord[]> {
        const answer = await this.call({ ...call, method: "GET", safeToRepeat: true });
        const records = listRecords(answer);
        if (records === undefined)
            throw new UnexpectedShape(`NextBilling ${call.name} answered without a list: ${this.printable(JSON.stringify(answer), 200)}`);
        return records;
    }

    /** A create call: PUT, never repeated by the request core; resolves to the documented `new_record`. */
    async create(call: Omit<NextBillingCall, "method" | "safeToRepeat">): Promise<number> {
        const answer = await this.call({ ...call, method: "PUT", safeToRepeat: false });
        const created = integer(answer.new_record);
        if (!Number.isInteger(created) || created <= 0) {
            // Applied or not, nobody can tell from this answer: the kit resolves it by natural key.
            throw new ServerError(
                { call: `NextBilling ${call.name}` },
                `the answer carries no new_record: ${this.printable(JSON.stringify(answer), 200)}`,
            );
        }
        return created;
    }

    /** Text fit to print: the token and key (and pieces of them) masked. */
    printable(text: string, max?: number): string {
        return this.http.printable(text, max);
    }
}

/** The vendor's verdict: `error` other than 0 (number or text) is a failure whatever the HTTP status. */
function envelopeError(body: unknown, status: number): VendorVerdict | undefined {
    if (!body || typeof body !== "object") {
        // An HTML page or plain text: not an answer of NextBilling's API (a proxy, a panel's login page).
        if (status >= 200 && status < 300) return { reason: `unexpected answer, not NextBilling JSON: ${String(body)}`, cause: "server" };
        return undefined;
    }
    const envelope = body as { error?: unknown; reason?: unknown };
    const failed = envelope.error !== undefined && String(envelope.error).trim() !== "0";
    if (!failed && status < 400) return undefined;
    const reason = typeof envelope.reason === "string" ? envelope.reason : JSON.stringify(body);
    return { reason, cause: causeFromReason(reason) };
}

/**
 * NextBilling reports business errors in the envelope, so its text is all there is to classify
 * them. Unrecognised texts are treated as invalid input, the vendor's usual meaning.
 */
function causeFromReason(reason: string): ErrorCause {
    if (/n[ãa]o encontrad|not found|inexistente|n[ãa]o existe/i.test(reason)) return "not_found";
    if (/token|chave|api key|autentica|authentica|permiss|access denied/i.test(reason)) return "authentication";
    if (/duplicad|j[áa] existe|j[áa] cadastrad|already exists/i.test(reason)) return "conflict";
    return "invalid_input";
}
