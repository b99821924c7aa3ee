export { AgentSession } from "./agentSessionResource";
export type { AgentSessionArgs } from "./agentSessionResource";
export { ErixClient, ERIX_ERRORS, isErixError } from "./client";
export type { ErixCommand, ErixCommandParams } from "./client";
