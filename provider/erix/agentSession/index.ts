/** `erix.AgentSession` in the registry: Erix documents no status query, so nothing lists sessions and drift cannot compare them. */
import type { ResourceEntry } from "../../kit/entry";
import type { ErixClient } from "../client";
import { agentSessionDefinition, agentSessionProvider } from "./provider";
import type { AgentSessionInputs } from "./schema";

export const agentSessionEntry: ResourceEntry<AgentSessionInputs, ErixClient> = {
    name: "erix.AgentSession",
    definition: agentSessionDefinition,
    provider: agentSessionProvider,
    vendor: "PBX Erix",
    summary: "A call-center agent logged into a PBX Erix queue at an extension, paused (with a reason) or available.",
    vendorCalls: "api/agent.php login, pause, unpause, logoff",
    notCheckable: "not checkable (Erix has no status query)",
};
