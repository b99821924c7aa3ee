import { STATUS_CODES } from "node:http";
import { readForm } from "./directcall";
import type { ErixAnswerFormat, ErixSession, ErixState, Store } from "./store";
import { HTML_CONTENT_TYPE, htmlPage, type Variants } from "./variants";

/** The only path of the agent API (seed 003). */
export const ERIX_PATH = "/api/agent.php";

/** A request is four short parameters; anything this big is not an agent command. */
export const ERIX_BODY_LIMIT = 65_536;

/**
 * Every text the emulated Erix answers with, in one place. `success` and `error` are the vendor's
 * own texts, spelled as its wiki spells them ("alredy" included) because clients match on them.
 * `http` is the sandbox's choice for what the wiki does not cover (the web server's own refusals
 * and injected faults): the standard reason phrases an Apache or nginx in front of the PHP would send.
 */
export const ERIX_TEXTS = {
    success: {
        login: "Login OK",
        logoff: "Logoff OK",
        pause: "Pause OK",
        unpause: "Unpause OK",
    },
    error: {
        argumentListInvalid: "Argument list invalid",
        agentNotLogged: "Agent not logged",
        agentNotSpecified: "Agent not specified",
        agentNotExists: "Agent not exists",
        commandNotSpecified: "Command not specified",
        queueNotExists: "Queue not exists",
        extenNotExists: "Exten not exists",
        queueNotCallCenter: "Queue Call Center false",
        extenNotCallCenter: "Exten Call Center false",
        agentAlreadyPaused: "Agent alredy paused",
        agentAlreadyAvailable: "Agent alredy available",
    },
    http: (status: number) => STATUS_CODES[status] ?? `HTTP ${status}`,
} as const;

const E = ERIX_TEXTS.error;

export const ERIX_COMMANDS = ["login", "logoff", "pause", "unpause"] as const;
export type ErixCommand = (typeof ERIX_COMMANDS)[number];

export interface ErixRequest {
    httpMethod: string;
    query: URLSearchParams;
    contentType: string | undefined;
    /** The raw body, or "too-large" when it passed ERIX_BODY_LIMIT. */
    body: Buffer | "too-large";
}

export interface ErixAnswer {
    status: number;
    text: string;
    headers: Record<string, string>;
    /** True when a command was accepted (a success answer), so the request log can count writes. */
    wrote: boolean;
}

/**
 * Answers one `/api/agent.php` request. The order of checks is: required parameters (HTTP 400,
 * the only 400s the wiki allows), the command's name, then the records (agent, extension, queue)
 * and the agent's session, each answered 200 with the vendor's error text. Texts are wrapped as the
 * `erixAnswers` variant says; with the `erixCrm` variant "enabled" nothing is checked or changed.
 */
export function answerErix(request: ErixRequest, store: Store, variants: Variants): ErixAnswer {
    const format = variants.erixAnswers;
    if (variants.erixCrm === "enabled") return crmLoginPage();
    // A PHP script answers whatever the method; the web server in front refuses the rest.
    if (request.httpMethod !== "GET" && request.httpMethod !== "POST") {
        return { ...reply(format, 405, "error", ERIX_TEXTS.http(405)), headers: { ...contentType(format), allow: "GET, POST" } };
    }
    if (request.body === "too-large") return reply(format, 413, "error", ERIX_TEXTS.http(413));
    const fields = erixFields(request);
    const field = (name: string) => fields.get(name) ?? "";

    const agent = field("agent");
    if (!agent) return reply(format, 400, "error", E.agentNotSpecified);
    const command = field("command");
    if (!command) return reply(format, 400, "error", E.commandNotSpecified);
    // The wiki names no error for an unknown command; "Argument list invalid" is its closest text,
    // and a command that was sent is not a missing requirement, hence 200.
    if (!isCommand(command)) return reply(format, 200, "error", E.argumentListInvalid);
    const exten = field("exten");
    const queue = field("queue");
    if (command === "login" && (!exten || !queue)) return reply(format, 400, "error", E.argumentListInvalid);

    // Tried on a copy and saved only when accepted, so refused commands never rewrite the state file.
    const next = structuredClone(store.state.erix);
    const outcome = applyCommand(next, command, { agent, exten, queue, reason: field("reason") });
    if ("error" in outcome) return reply(format, 200, "error", outcome.error);
    store.update((draft) => (draft.erix = next));
    return reply(format, 200, "success", outcome.success, true);
}

/**
 * The parameters as PHP's `$_REQUEST` sees them: the query string, then (on a POST) the
 * form-encoded body, whose fields win over the query's; for a repeated name the last one wins.
 * An empty value counts as not sent. A body of another type (JSON, multipart) is not read.
 */
export function erixFields(request: ErixRequest): Map<string, string> {
    const fields = new Map<string, string>();
    const add = (params: URLSearchParams) => {
        for (const [name, value] of params) if (value !== "") fields.set(name, value);
    };
    add(request.query);
    if (request.httpMethod === "POST") {
        const form = readForm(request.contentType, request.body);
        if (form instanceof URLSearchParams) add(form);
    }
    return fields;
}

function isCommand(command: string): command is ErixCommand {
    return (ERIX_COMMANDS as readonly string[]).includes(command);
}

type Outcome = { success: string } | { error: string };

interface CommandInput {
    agent: string;
    exten: string;
    queue: string;
    reason: string;
}

function applyCommand(erix: ErixState, command: ErixCommand, input: CommandInput): Outcome {
    if (!erix.agents.some((agent) => agent.login === input.agent)) return { error: E.agentNotExists };
    if (command === "login") return login(erix, input);
    const session = erix.sessions.find((candidate) => candidate.agent === input.agent);
    if (!session) return { error: E.agentNotLogged };
    switch (command) {
        case "logoff":
            removeSession(erix, input.agent);
            return { success: ERIX_TEXTS.success.logoff };
        case "pause":
            if (session.paused) return { error: E.agentAlreadyPaused };
            session.paused = true;
            session.reason = input.reason;
            return { success: ERIX_TEXTS.success.pause };
        case "unpause":
            if (!session.paused) return { error: E.agentAlreadyAvailable };
            session.paused = false;
            session.reason = "";
            return { success: ERIX_TEXTS.success.unpause };
    }
}

/**
 * The wiki names no error for an agent already logged in, so a second login succeeds and moves the
 * agent (one session per agent, available again, `since` restarted), as a re-login at the PBX does.
 * Nor does it name one for an extension in use, so two agents may share an extension.
 */
function login(erix: ErixState, { agent, exten, queue }: CommandInput): Outcome {
    const extension = erix.extensions.find((candidate) => candidate.exten === exten);
    if (!extension) return { error: E.extenNotExists };
    if (!extension.callCenter) return { error: E.extenNotCallCenter };
    const found = erix.queues.find((candidate) => candidate.name === queue);
    if (!found) return { error: E.queueNotExists };
    if (!found.callCenter) return { error: E.queueNotCallCenter };
    removeSession(erix, agent);
    erix.sessions.push({ agent, exten, queue, paused: false, reason: "", since: new Date().toISOString() });
    return { success: ERIX_TEXTS.success.login };
}

/** Also what a supervisor's logoff at the PBX does (the admin API). */
export function removeSession(erix: ErixState, agent: string): ErixSession | undefined {
    const session = erix.sessions.find((candidate) => candidate.agent === agent);
    erix.sessions = erix.sessions.filter((candidate) => candidate.agent !== agent);
    return session;
}

/** Answers for injected faults and crashes: the vendor's shape, the web server's reason phrase. */
export function erixFailure(status: number, variants: Variants): Omit<ErixAnswer, "wrote"> {
    return reply(variants.erixAnswers, status, "error", ERIX_TEXTS.http(status));
}

/**
 * The project's first reading of the wiki says the agent API needs the CRM module disabled; no stored copy of the wiki says
 * so, nor what the API answers otherwise. The sandbox's choice: a login page, HTTP 200, for every
 * request (a PHP application behind a login sends API scripts there too). A client must take it
 * neither for success nor for one of the documented error texts.
 */
function crmLoginPage(): ErixAnswer {
    return { status: 200, text: htmlPage("Nuclear Erix CRM - Login"), headers: { "content-type": HTML_CONTENT_TYPE }, wrote: false };
}

/** `{"success": text}` / `{"error": text}`, or the bare text as `text/plain` when so set. */
function reply(format: ErixAnswerFormat, status: number, kind: "success" | "error", message: string, wrote = false): ErixAnswer {
    const text = format === "text" ? message : JSON.stringify({ [kind]: message });
    return { status, text, headers: contentType(format), wrote };
}

function contentType(format: ErixAnswerFormat): Record<string, string> {
    return { "content-type": format === "text" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8" };
}
