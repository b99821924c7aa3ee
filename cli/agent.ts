/**
 * `telephony agent login|pause|unpause|logoff`: PBX Erix agent commands for shift scripts and
 * operators. Exit codes: 0 done, 1 refused by Erix (or unreachable), 2 usage error.
 */
import { TelephonyError } from "../provider/http/errors";
import { ALREADY_DONE, ErixClient, ErixCommand } from "../provider/erix/client";
import { parseOptions, UsageError, type CliContext, type Subcommand } from "./common";

interface AgentCommandSpec {
    summary: string;
    /** Options this command requires besides --agent. */
    required: ("extension" | "queue")[];
    takesReason: boolean;
}

const ALREADY_PAUSED = ALREADY_DONE.pause!;

const COMMANDS: Record<ErixCommand, AgentCommandSpec> = {
    login: { summary: "log the agent into a Call Center queue at an extension", required: ["extension", "queue"], takesReason: false },
    pause: { summary: "pause the agent, optionally with a reason", required: [], takesReason: true },
    unpause: { summary: "make the agent available again", required: [], takesReason: false },
    logoff: { summary: "log the agent off", required: [], takesReason: false },
};

const COMMON_OPTIONS = [
    "  --agent LOGIN      the agent's login (not its display name)",
    "  --url URL          the PBX, e.g. http://pbx.example.com.br (default: $ERIX_URL)",
    "  --method get|post  how to call api/agent.php (default: post)",
    "  --json             print one JSON object instead of text",
    "  -h, --help         show this help",
];

function usageOf(command: ErixCommand): string {
    const spec = COMMANDS[command];
    const extra = [
        ...(spec.required.includes("extension") ? ["  --extension N      a Call Center extension, digits only"] : []),
        ...(spec.required.includes("queue") ? ["  --queue NAME       a Call Center queue"] : []),
        ...(spec.takesReason
            ? [
                  "  --reason TEXT      pause reason (use the PBX's standard reasons, for reports);",
                  "                     an agent already paused is unpaused, then paused with it",
              ]
            : []),
    ];
    const synopsis = [
        `telephony agent ${command} --agent LOGIN`,
        ...spec.required.map((name) => (name === "extension" ? "--extension N" : "--queue NAME")),
        ...(spec.takesReason ? ["[--reason TEXT]"] : []),
        "[--url URL] [--method get|post] [--json]",
    ].join(" ");
    return [
        `Usage: ${synopsis}`,
        "",
        `${spec.summary[0]!.toUpperCase()}${spec.summary.slice(1)}.`,
        "",
        "Options:",
        ...extra,
        ...COMMON_OPTIONS,
        "",
        EXIT_CODES,
    ].join("\n");
}

const EXIT_CODES =
    'Exit codes: 0 done, or already so (Erix\'s own "Agent alredy paused", "alredy available", "Agent not logged": what a retry after a lost answer meets), 1 refused by Erix or unreachable (the message keeps Erix\'s text), 2 usage error.';

const OVERVIEW = [
    "Usage: telephony agent <login|pause|unpause|logoff> --agent LOGIN [options]",
    "",
    "PBX Erix agent commands (api/agent.php). Erix documents no authentication: restrict access to it by network.",
    "",
    "Commands:",
    ...Object.entries(COMMANDS).map(([name, spec]) => `  ${name.padEnd(8)}  ${spec.summary}`),
    "",
    "Run `telephony agent <command> --help` for its options.",
    "",
    EXIT_CODES,
].join("\n");

async function run(args: string[], context: CliContext): Promise<number> {
    const [name, ...rest] = args;
    if (name === undefined || name === "--help" || name === "-h") {
        if (name === undefined) throw new UsageError("missing agent command: login, pause, unpause or logoff");
        context.out(OVERVIEW);
        return 0;
    }
    if (!(name in COMMANDS)) throw new UsageError(`unknown agent command '${name}': use login, pause, unpause or logoff`);
    const command = name as ErixCommand;
    const spec = COMMANDS[command];
    const values = parseOptions(rest, {
        agent: { type: "string" },
        extension: { type: "string" },
        queue: { type: "string" },
        reason: { type: "string" },
        url: { type: "string" },
        method: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
    });
    if (values.help) {
        context.out(usageOf(command));
        return 0;
    }
    const agent = values.agent?.trim();
    if (!agent) throw new UsageError("--agent is required");
    for (const option of spec.required) if (!values[option]?.trim()) throw new UsageError(`--${option} is required for ${command}`);
    for (const option of ["extension", "queue"] as const) {
        if (values[option] !== undefined && !spec.required.includes(option)) throw new UsageError(`--${option} is only for login`);
    }
    if (values.reason !== undefined && !spec.takesReason) throw new UsageError("--reason is only for pause");
    if (values.extension !== undefined && !/^[0-9]+$/.test(values.extension))
        throw new UsageError(`--extension must be digits only, got "${values.extension}"`);

    const url = values.url ?? process.env.ERIX_URL;
    if (!url) throw new UsageError("--url (or the environment variable ERIX_URL) is required");
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) URL such as http://pbx.example.com.br, got "${url}"`);
    const method = (values.method ?? "post").toUpperCase();
    if (method !== "GET" && method !== "POST") throw new UsageError(`--method must be get or post, got "${values.method}"`);
    const client = new ErixClient({ url: url.replace(/\/+$/, ""), method, debug: Boolean(process.env.TELEPHONY_DEBUG) });

    const params = { agent, exten: values.extension, queue: values.queue, reason: values.reason };
    const reason = command === "pause" && values.reason?.trim() ? values.reason : undefined;
    let step: ReapplyStep | undefined; // the call of a re-applied pause under way, for a failure's message
    try {
        // "Already paused" (and the like) is the state asked for: what a retry after a lost answer meets.
        const { outcome, vendorText } = await client.ensure(command, params as never);
        if (reason !== undefined && outcome === "already") {
            // Paused already, for a reason Erix does not say, and a reason is asked for: unpause, then
            // pause with it, the two calls the provider's own pause makes (provider/erix/agentSession/
            // provider.ts; its helper is not exported, so they are written here), each counting
            // "already" as reached, as there. A retry that met its own applied pause (its first answer
            // lost) gets here too, as nothing tells it apart from a pause for another reason; re-pausing
            // is harmless then: the agent ends paused for the same reason it already had. Either way
            // the agent is available for the moment between the two calls, as with the provider's.
            step = "unpause";
            const unpaused = await client.ensure("unpause", { agent });
            step = "re-pause";
            const paused = await client.ensure("pause", { agent, reason });
            const answers = [vendorText, unpaused.vendorText, paused.vendorText];
            const answer = paused.vendorText;
            if (values.json)
                context.out(JSON.stringify({ ok: true, command, agent, answer, alreadyInState: false, reapplied: true, answers }));
            else context.out(`${answer}: ${describeReapplied(agent, reason, paused.outcome === "already")}`);
            return 0;
        }
        const already = outcome === "already";
        const reapplied = command === "pause" ? { reapplied: false } : {};
        if (values.json)
            context.out(JSON.stringify({ ok: true, command, agent, answer: vendorText, alreadyInState: already, ...reapplied }));
        else if (already) context.out(`${vendorText}: ${describe(command, agent, values, true)}, so there was nothing to do`);
        else context.out(`${vendorText}: ${describe(command, agent, values, false)}`);
        return 0;
    } catch (error) {
        if (!(error instanceof TelephonyError)) throw error;
        const prefix = step === undefined ? "" : `${reapplyFailure(agent, reason!, step)}: `;
        if (values.json) {
            context.out(
                JSON.stringify({
                    ok: false,
                    command,
                    agent,
                    error: error.vendorReason ?? error.message,
                    property: error.property,
                    message: `${prefix}${error.message}`,
                    ...(step === undefined ? {} : { failedAt: step }),
                }),
            );
        } else {
            context.err(`telephony agent ${command}: ${prefix}${error.message}`);
        }
        return 1;
    }
}

/** The call of a re-applied pause (unpause, then pause) that was under way. */
type ReapplyStep = "unpause" | "re-pause";

function describeReapplied(agent: string, reason: string, repauseAlready: boolean): string {
    const how = `re-applied: Erix answered "${ALREADY_PAUSED}" (it does not say for which reason), so ${agent} was unpaused and paused again`;
    // The new pause answered "already paused": what a retry after its lost answer meets (or another pause in between).
    const last = repauseAlready ? `, and Erix answered the new pause "${ALREADY_PAUSED}" (what a retry after a lost answer meets)` : "";
    return `${agent} paused (${reason}), ${how}${last}`;
}

/** What a failed re-applied pause left: still paused for the old reason, or unpaused and perhaps no longer paused. */
function reapplyFailure(agent: string, reason: string, step: ReapplyStep): string {
    const what = `${agent} was already paused (Erix does not say for which reason); re-applying the pause with reason "${reason}" (unpause, then pause)`;
    if (step === "unpause") return `${what} failed at the unpause, so ${agent} is still paused, presumably for the earlier reason`;
    return `${what} failed at the pause after the unpause, so ${agent} may no longer be paused (it was unpaused)`;
}

function describe(
    command: ErixCommand,
    agent: string,
    values: { extension?: string; queue?: string; reason?: string },
    already: boolean,
): string {
    const was = already ? "was already " : "";
    switch (command) {
        case "login":
            return `${agent} at extension ${values.extension} in queue ${values.queue}`;
        case "pause":
            // Erix does not say for which reason an agent already paused is paused (with --reason, run re-applies the pause).
            return already ? `${agent} was already paused` : values.reason ? `${agent} paused (${values.reason})` : `${agent} paused`;
        case "unpause":
            return `${agent} ${was}available`;
        case "logoff":
            return already ? `${agent} was not logged in` : `${agent} logged off`;
    }
}

export const agentCommand: Subcommand = {
    name: "agent",
    summary: "PBX Erix agent login, pause, unpause and logoff",
    usage: OVERVIEW,
    run,
};
