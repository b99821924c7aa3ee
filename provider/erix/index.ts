export { AgentSession } from "./agentSession";
export type { AgentSessionArgs } from "./agentSession";
export { ErixClient, ERIX_ERRORS, isErixError } from "./client";
export type { ErixCommand, ErixCommandParams } from "./client";
