/**
 * The PBX Erix agent API (seed 003): `/api/agent.php` with `agent`, `command` and the command's
 * parameters, over GET or POST. Answers are `{"success": "..."}` / `{"error": "..."}` or, where a
 * server wraps nothing, the bare text (vendors.md); HTTP 400 only when parameters are missing.
 * Every vendor error text is mapped here, once, to a typed error naming the input it concerns.
 */
import { ErixSettings } from "../config";
import { ErrorCause, TelephonyError, errorFromAnswer } from "../http/errors";
import { debugSink, HttpClient, VendorVerdict } from "../http/request";

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

/** The vendor's success texts, one per command. */
export const ERIX_SUCCESS: Record<ErixCommand, string> = {
    login: "Login OK",
    logoff: "Logoff OK",
    pause: "Pause OK",
    unpause: "Unpause OK",
};

/**
 * The refusals that mean the command's state is already reached: after a lost answer and a
 * retry, the retry meets its own applied command. Login has none (a second login succeeds).
 */
export const ALREADY_DONE: Partial<Record<ErixCommand, string>> = {
    pause: "Agent alredy paused",
    unpause: "Agent alredy available",
    logoff: "Agent not logged",
};

/** What a command achieved: `done` by this call, or `already` the state the vendor said it was in. */
export interface ErixOutcome {
    outcome: "done" | "already";
    /** The vendor's own text: `Pause OK`, `Agent alredy paused`, … */
    vendorText: string;
}

/**
 * Why every agent command can fail the same way. The project's first reading of the Erix wiki
 * says the agent API works only with the PBX's CRM module disabled; no readable copy of the page
 * shows it today (docs/vendors/erix.md), so the hint says what to check, not what Erix states.
 */
export const CRM_MODULE_HINT =
    "the agent API is known to work only with the PBX's CRM module disabled: if every agent command fails this way, check that the CRM module is disabled in Nuclear Erix";

export class ErixClient {
    private readonly http: HttpClient;

    constructor(private readonly settings: ErixSettings) {
        this.http = new HttpClient({
            secrets: [],
            timeoutMs: settings.timeoutMs,
            maxRetries: settings.maxRetries,
            limiter: settings.limiter,
            log: debugSink(settings.debug),
        });
    }

    /**
     * Sends one command; resolves to Erix's success text (`Login OK`, …) or throws a TelephonyError.
     * Commands are safe to repeat: a repeated one is answered "already …" (see `ensure`).
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
                vendorError: verdictFor(command),
            });
            return messageOf(answer.body).success ?? ERIX_SUCCESS[command];
        } catch (error) {
            throw explained(error);
        }
    }

    /** The command, where "already in that state" counts as reached: what a retry after a lost answer meets. */
    async ensure<C extends ErixCommand>(command: C, params: ErixCommandParams[C]): Promise<ErixOutcome> {
        try {
            return { outcome: "done", vendorText: await this.command(command, params) };
        } catch (error) {
            const already = ALREADY_DONE[command];
            if (already !== undefined && isErixError(error, already)) return { outcome: "already", vendorText: already };
            throw error;
        }
    }
}

const DOCUMENTED_ERRORS = new Set(Object.keys(ERIX_ERRORS));
const DOCUMENTED_SUCCESSES = new Set(Object.values(ERIX_SUCCESS));

/** `{"success": …}` / `{"error": …}`, or a bare text (the JSON layout is undocumented). */
function messageOf(body: unknown): { success?: string; error?: string; unexpected?: string } {
    if (body && typeof body === "object" && !Array.isArray(body)) {
        const { success, error } = body as { success?: unknown; error?: unknown };
        if (typeof success === "string") return { success };
        if (typeof error === "string") return { error };
        return { unexpected: JSON.stringify(body) };
    }
    const text = String(body ?? "").trim();
    if (DOCUMENTED_SUCCESSES.has(text)) return { success: text };
    if (DOCUMENTED_ERRORS.has(text)) return { error: text };
    return { unexpected: text };
}

/**
 * A refusal whatever the HTTP status. An answer that is none of the documented ones is a refusal
 * too, never a success; so is another command's documented success ("Logoff OK" to a pause).
 */
function verdictFor(command: ErixCommand) {
    return (body: unknown, status: number): VendorVerdict | undefined => {
        const { success, error, unexpected } = messageOf(body);
        if (success !== undefined) {
            const othersText = DOCUMENTED_SUCCESSES.has(success) && success !== ERIX_SUCCESS[command];
            if (othersText) return { reason: `unexpected answer from agent.php to ${command}: "${success}"`, cause: "invalid_input" };
            if (status < 400) return undefined;
            return { reason: `unexpected answer from agent.php: HTTP ${status} with "${success}"`, cause: "invalid_input" };
        }
        if (error !== undefined) return { reason: error, cause: ERIX_ERRORS[error]?.cause ?? "invalid_input" };
        return { reason: `unexpected answer from agent.php: ${unexpected || "(empty)"}`, cause: "invalid_input" };
    };
}

/** The same refusal, naming the input it concerns and what to do; the vendor's text stays verbatim. */
function explained(error: unknown): unknown {
    if (!(error instanceof TelephonyError) || !error.vendorReason) return error;
    const known = ERIX_ERRORS[error.vendorReason];
    // Anything none of the documented texts: an answer of some other application (the CRM's) as far as we can tell.
    const unexpected = !known && error.cause === "invalid_input";
    if (!known && !unexpected) return error;
    const explained = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        cause: known?.cause ?? error.cause,
        property: known?.property,
    });
    const hint = known ? known.hint : CRM_MODULE_HINT;
    if (hint) {
        explained.message = `${explained.message} (${hint})`;
        explained.stack = `${explained.name}: ${explained.message}`;
    }
    return explained;
}
