/**
 * `erix.AgentSession`'s definition for the kit. Agent sessions are operational state, not
 * configuration: Erix documents no status query, so `read` keeps the stored state. Every command
 * is idempotent through the vendor's own "already" answers; a create whose pause fails logs the
 * agent off again, and a change of pause reason that fails puts the earlier pause back, so nothing
 * is left half-applied (and when the undo fails too, the error says so and what to run). The engine reaches the provider through
 * provider/dynamic/erix-agentsession.ts.
 */
import { TelephonyError } from "../../http/errors";
import { dynamicProvider, type ResourceDefinition } from "../../kit/resource";
import { erixClient } from "../../runtime";
import type { ErixClient } from "../client";
import { agentSessionFields, agentSessionSchema, type AgentSessionInputs } from "./schema";

/** Paused for exactly `reason`: paused already (perhaps for another reason) is unpause, then pause. */
async function pause(client: ErixClient, agent: string, reason: string | undefined): Promise<void> {
    const first = await client.ensure("pause", { agent, reason: reason || undefined });
    if (first.outcome === "done") return;
    await client.ensure("unpause", { agent });
    await client.ensure("pause", { agent, reason: reason || undefined });
}

/** Runs `step`; answers what went wrong, as one line, or undefined when it went through. */
async function attempt(step: () => Promise<unknown>): Promise<string | undefined> {
    try {
        await step();
        return undefined;
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
}

/** The error, saying what was done about the half-applied change it left. */
function annotated(error: unknown, what: string): unknown {
    if (error instanceof TelephonyError) {
        error.message += `; ${what}`;
        error.stack = `${error.name}: ${error.message}`;
    }
    return error;
}

export const agentSessionDefinition: ResourceDefinition<AgentSessionInputs, ErixClient> = {
    module: "telephony/erix",
    name: "AgentSession",
    noun: "agent session",
    schema: agentSessionSchema,
    fields: agentSessionFields,
    client: erixClient,
    deleteBeforeReplace: true,
    vendor: {
        /** No status query exists: the stored state is the best knowledge there is. */
        read: async () => undefined,
        async create(client, inputs) {
            await client.command("login", { agent: inputs.agent, exten: inputs.extension, queue: inputs.queue });
            if (inputs.paused) {
                try {
                    await pause(client, inputs.agent, inputs.pauseReason);
                } catch (error) {
                    // All or nothing: an agent left logged in and available is what the program did not declare.
                    const undo = await attempt(() => client.ensure("logoff", { agent: inputs.agent }));
                    throw annotated(
                        error,
                        undo === undefined
                            ? "the agent was logged off again, so nothing was left half-applied"
                            : `logging the agent off again failed too (${undo}), so ${inputs.agent} may be logged in and available, outside the stack's state: log it off with \`telephony agent logoff --agent ${inputs.agent}\``,
                    );
                }
            }
            return inputs.agent;
        },
        async update(client, _id, news, olds) {
            if (news.paused && (!olds.paused || olds.pauseReason !== news.pauseReason)) {
                // A new reason while paused is unpause then pause: Erix has no "change reason".
                if (!olds.paused) return pause(client, news.agent, news.pauseReason);
                await client.ensure("unpause", { agent: news.agent });
                try {
                    await pause(client, news.agent, news.pauseReason);
                } catch (error) {
                    // The failed update leaves the stored state (paused): put the earlier pause back so that it is true.
                    const undo = await attempt(() => pause(client, news.agent, olds.pauseReason));
                    throw annotated(
                        error,
                        undo === undefined
                            ? `the earlier pause (${olds.pauseReason ?? "no reason"}) was put back, so the agent is as the stack's state says`
                            : `putting the earlier pause back failed too (${undo}), so ${news.agent} may be available although the stack's state says paused: pause it with \`telephony agent pause --agent ${news.agent}\``,
                    );
                }
            } else if (!news.paused && olds.paused) {
                await client.ensure("unpause", { agent: news.agent });
            }
        },
        async delete(client, _id, stored) {
            await client.ensure("logoff", { agent: stored.agent });
        },
    },
};

export const agentSessionProvider = dynamicProvider(agentSessionDefinition);
