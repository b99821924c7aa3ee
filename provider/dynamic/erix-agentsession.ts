/** Stable entry point of `erix.AgentSession`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider<typeof import("../erix/agentSession/provider")>(
    require.resolve("../erix/agentSession/provider"),
    "agentSessionProvider",
);
