export { startSandbox, type Sandbox, type SandboxOptions, type LoggedRequest, type RequestLogSnapshot } from "./server";
export { DEMO_CREDENTIALS } from "./seed";
export { NEXTBILLING_REASONS, NEXTBILLING_BODY_LIMIT, type Credentials } from "./nextbilling";
export type { FaultPlan, FaultMatcher, FailMatcher } from "./admin";
export {
    STATE_VERSION,
    DID_TYPES,
    type Store,
    type SandboxState,
    type NextBillingState,
    type RingGroup,
    type RingStrategy,
    type Did,
    type DidType,
    type Flag,
    type Queue,
    type Ivr,
} from "./store";
export { SandboxAdmin, type DidInput } from "./adminClient";
