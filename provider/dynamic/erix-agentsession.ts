/** Stable entry point of `erix.AgentSession`, stored in every such resource's state: see hosted.ts. */
import { hostedProvider } from "./hosted";

export = hostedProvider(require.resolve("../erix/agentSession"), "agentSessionProvider");
