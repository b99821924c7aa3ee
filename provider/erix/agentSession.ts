/**
 * `erix.AgentSession`: a call-center agent logged into a PBX Erix queue, paused or available
 * (seed 003: agent.php login, pause, unpause, logoff). Schema, mapping, calls and provider here;
 * the class programs use is in agentSessionResource.ts.
 *
 * Agent sessions are operational state, not configuration: Erix documents no status query, so
 * `read` cannot see a logoff done at the PBX and keeps the stored state (see the README).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { containsUnknown, validateInputs } from "../check";
import { configureFromEngine, erixClient } from "../runtime";
import { ErixClient, isErixError } from "./client";

// ---------------------------------------------------------------------------------------------
// Schema

const nonEmpty = (what: string) =>
    z.string({ error: `must be ${what}` }).refine((text) => text.trim() !== "", { error: `must be ${what}` });

export const agentSessionSchema = z.strictObject({
    agent: nonEmpty("the agent's login (not its display name), a non-empty text"),
    extension: z
        .string({ error: 'must be the extension\'s digits, as text, e.g. "2001"' })
        .regex(/^[0-9]+$/, { error: 'must be the extension\'s digits, as text, e.g. "2001"' }),
    queue: nonEmpty("the Call Center queue's name, a non-empty text"),
    paused: z.boolean({ error: "must be true or false" }).default(false),
    pauseReason: z.string({ error: "must be a text" }).optional(),
});

export type AgentSessionInputs = z.infer<typeof agentSessionSchema>;

/** The session is what Pulumi tracks; its id names the agent. */
type AgentSessionOutputs = AgentSessionInputs;

// ---------------------------------------------------------------------------------------------
// Vendor calls, idempotent: Erix answers a repeated command "already …", which means done.

async function login(client: ErixClient, inputs: AgentSessionInputs): Promise<void> {
    await client.command("login", { agent: inputs.agent, exten: inputs.extension, queue: inputs.queue });
}

/** pause, with the reason only when there is one (the seed's reason is optional). */
async function pause(client: ErixClient, agent: string, reason: string | undefined): Promise<void> {
    try {
        await client.command("pause", { agent, reason: reason || undefined });
    } catch (error) {
        if (!isErixError(error, "Agent alredy paused")) throw error;
        // Paused already, perhaps for another reason: the reason is part of what is declared.
        await unpause(client, agent);
        await client.command("pause", { agent, reason: reason || undefined });
    }
}

async function unpause(client: ErixClient, agent: string): Promise<void> {
    try {
        await client.command("unpause", { agent });
    } catch (error) {
        if (!isErixError(error, "Agent alredy available")) throw error;
    }
}

async function logoff(client: ErixClient, agent: string): Promise<void> {
    try {
        await client.command("logoff", { agent });
    } catch (error) {
        if (!isErixError(error, "Agent not logged")) throw error;
    }
}

// ---------------------------------------------------------------------------------------------
// Provider

/** One agent cannot be logged in twice: moving it to another extension or queue logs it off first. */
const REPLACE_KEYS = ["agent", "extension", "queue"];

export function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    return ["agent", "extension", "queue", "paused", "pauseReason"].filter((key) => {
        if (containsUnknown(news[key])) return true;
        // The reason only matters while paused: it is sent only when pausing.
        if (key === "pauseReason" && !news.paused) return false;
        return (olds[key] ?? (key === "paused" ? false : undefined)) !== (news[key] ?? (key === "paused" ? false : undefined));
    });
}

function outputs(inputs: AgentSessionInputs): AgentSessionOutputs {
    const outs = { ...inputs };
    if (outs.pauseReason === undefined) delete outs.pauseReason;
    return outs;
}

export const agentSessionProvider: dynamic.ResourceProvider = {
    async configure(request: dynamic.ConfigureRequest) {
        configureFromEngine(request.config);
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
        const result = validateInputs(agentSessionSchema, news);
        if (result.failures.length === 0) erixClient(); // configuration problems surface at preview, too
        return { inputs: result.inputs, failures: result.failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
        const changed = changedFields(olds, news);
        const replaces = changed.filter((key) => REPLACE_KEYS.includes(key));
        return { changes: changed.length > 0, replaces, deleteBeforeReplace: replaces.length > 0 };
    },

    async create(inputs: AgentSessionInputs): Promise<dynamic.CreateResult> {
        const client = erixClient();
        await login(client, inputs);
        if (inputs.paused) await pause(client, inputs.agent, inputs.pauseReason);
        return { id: inputs.agent, outs: outputs(inputs) };
    },

    /** No status query exists: the stored state is the best knowledge there is. */
    async read(id: string, props: AgentSessionOutputs): Promise<dynamic.ReadResult> {
        const { agent, extension, queue, paused, pauseReason } = props;
        const inputs = outputs({ agent, extension, queue, paused: paused ?? false, pauseReason });
        return { id, props: inputs, inputs };
    },

    async update(_id: string, olds: AgentSessionOutputs, news: AgentSessionInputs): Promise<dynamic.UpdateResult> {
        const client = erixClient();
        if (news.paused && (!olds.paused || olds.pauseReason !== news.pauseReason)) {
            // A new reason while paused is unpause then pause: Erix has no "change reason".
            if (olds.paused) await unpause(client, news.agent);
            await pause(client, news.agent, news.pauseReason);
        } else if (!news.paused && olds.paused) {
            await unpause(client, news.agent);
        }
        return { outs: outputs(news) };
    },

    async delete(_id: string, props: AgentSessionOutputs): Promise<void> {
        await logoff(erixClient(), props.agent);
    },
};
