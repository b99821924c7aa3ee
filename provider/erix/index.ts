export { AgentSession } from "./agentSession/AgentSession";
export type { AgentSessionArgs } from "./agentSession/AgentSession";
