/**
 * The PBX Erix agent API (seed 003): `/api/agent.php` with `agent`, `command` and the command's
 * parameters, over GET or POST. Answers are `{"success": "..."}` / `{"error": "..."}` or, where a
 * server wraps nothing, the bare text (vendors.md); HTTP 400 only when parameters are missing.
 * Every vendor error text is mapped here, once, to a typed error naming the input it concerns.
 */
import { ErixSettings } from "../config";
import { ErrorCause, TelephonyError, errorFromAnswer } from "../http/errors";
import { HttpClient, VendorVerdict } from "../http/request";

export type ErixCommand = "login" | "logoff" | "pause" | "unpause";

/** The parameters each command takes, exactly as the seed lists them. */
export interface ErixCommandParams {
    login: { agent: string; exten: string; queue: string };
    logoff: { agent: string };
    pause: { agent: string; reason?: string };
    unpause: { agent: string };
}

/** Each error text of the seed (the vendor's spelling), what it means, and the input it concerns. */
export const ERIX_ERRORS: Record<string, { cause: ErrorCause; property?: string; hint?: string }> = {
    "Argument list invalid": { cause: "invalid_input", hint: "a required parameter is missing" },
    "Agent not logged": { cause: "conflict", property: "agent", hint: "the agent is not logged in" },
    "Agent not specified": { cause: "invalid_input", property: "agent" },
    "Agent not exists": { cause: "not_found", property: "agent", hint: "use the agent's login, not its display name" },
    "Command not specified": { cause: "invalid_input" },
    "Queue not exists": { cause: "not_found", property: "queue" },
    "Exten not exists": { cause: "not_found", property: "extension" },
    "Queue Call Center false": { cause: "invalid_input", property: "queue", hint: "the queue must be set as Call Center in Erix" },
    "Exten Call Center false": { cause: "invalid_input", property: "extension", hint: "the extension must be set as Call Center in Erix" },
    "Agent alredy paused": { cause: "conflict", property: "paused", hint: "the agent is already paused" },
    "Agent alredy available": { cause: "conflict", property: "paused", hint: "the agent is already available" },
};

export function isErixError(error: unknown, ...texts: string[]): error is TelephonyError {
    return error instanceof TelephonyError && error.vendorReason !== undefined && texts.includes(error.vendorReason);
}

export class ErixClient {
    private readonly http: HttpClient;

    constructor(private readonly settings: ErixSettings) {
        this.http = new HttpClient({
            secrets: [],
            timeoutMs: settings.timeoutMs,
            maxRetries: settings.maxRetries,
            log: settings.debug ? (line) => process.stderr.write(`[telephony] ${line}\n`) : undefined,
        });
    }

    /**
     * Sends one command; resolves to Erix's success text (`Login OK`, …) or throws a TelephonyError.
     * Commands are safe to repeat: a repeated one is answered "already …", which callers treat as done.
     */
    async command<C extends ErixCommand>(command: C, params: ErixCommandParams[C]): Promise<string> {
        const fields: Record<string, string> = { agent: params.agent, command };
        for (const [name, value] of Object.entries(params)) if (value !== undefined && name !== "agent") fields[name] = String(value);
        try {
            const answer = await this.http.request({
                name: `Erix ${command}`,
                method: this.settings.method,
                url: `${this.settings.url}/api/agent.php`,
                query: this.settings.method === "GET" ? fields : undefined,
                form: this.settings.method === "POST" ? fields : undefined,
                safeToRepeat: true,
                vendorError: erixVerdict,
            });
            return messageOf(answer.body).success ?? "OK";
        } catch (error) {
            throw explained(error);
        }
    }
}

function messageOf(body: unknown): { success?: string; error?: string } {
    if (body && typeof body === "object") {
        const { success, error } = body as { success?: unknown; error?: unknown };
        return { success: typeof success === "string" ? success : undefined, error: typeof error === "string" ? error : undefined };
    }
    const text = String(body ?? "").trim();
    if (/\bOK$/i.test(text)) return { success: text };
    return { error: text || undefined };
}

/** `{"error": ...}` or a bare error text is a refusal, whatever the HTTP status. */
function erixVerdict(body: unknown, status: number): VendorVerdict | undefined {
    const { success, error } = messageOf(body);
    if (success && status < 400) return undefined;
    const reason = error ?? `unexpected answer: ${JSON.stringify(body).slice(0, 200)}`;
    return { reason, cause: ERIX_ERRORS[reason]?.cause ?? "invalid_input" };
}

/** The same refusal, naming the input it concerns and what to do; the vendor's text stays verbatim. */
function explained(error: unknown): unknown {
    if (!(error instanceof TelephonyError) || !error.vendorReason) return error;
    const known = ERIX_ERRORS[error.vendorReason];
    if (!known) return error;
    const explained = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        cause: known.cause,
        property: known.property,
    });
    if (known.hint) {
        explained.message = `${explained.message} (${known.hint})`;
        explained.stack = `${explained.name}: ${explained.message}`;
    }
    return explained;
}
