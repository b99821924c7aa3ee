/**
 * `erix.AgentSession`'s definition for the kit. Agent sessions are operational state, not
 * configuration: Erix documents no status query, so `read` keeps the stored state. Every command
 * is idempotent through the vendor's own "already" answers; a create whose pause fails logs the
 * agent off again, so nothing is left half-applied. The engine reaches the provider through
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
                    await client.ensure("logoff", { agent: inputs.agent }).catch(() => undefined);
                    if (error instanceof TelephonyError) {
                        error.message += `; the agent was logged off again, so nothing was left half-applied`;
                        error.stack = `${error.name}: ${error.message}`;
                    }
                    throw error;
                }
            }
            return inputs.agent;
        },
        async update(client, _id, news, olds) {
            if (news.paused && (!olds.paused || olds.pauseReason !== news.pauseReason)) {
                // A new reason while paused is unpause then pause: Erix has no "change reason".
                if (olds.paused) await client.ensure("unpause", { agent: news.agent });
                await pause(client, news.agent, news.pauseReason);
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
