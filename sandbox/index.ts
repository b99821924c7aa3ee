export { startSandbox, type Sandbox, type SandboxOptions, type LoggedRequest, type RequestLogSnapshot } from "./server";
export { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, seedErix } from "./seed";
export { DIRECTCALL_TEXTS, DIRECTCALL_CODES, DIRECTCALL_BODY_LIMIT, type DirectcallSettings } from "./directcall";
export {
    DELIVERY_TIMEOUT_MS,
    SIMULATED_CALL_DEFAULTS,
    type SimulatedCall,
    type SimulatedCallResult,
    type CallDelivery,
    type CallEvent,
} from "./directcallCalls";
export { NEXTBILLING_REASONS, NEXTBILLING_BODY_LIMIT, type Credentials } from "./nextbilling";
export { ERIX_TEXTS, ERIX_COMMANDS, ERIX_PATH, ERIX_BODY_LIMIT, type ErixCommand } from "./erix";
export type {
    FaultPlan,
    FaultMatcher,
    FailMatcher,
    ErixSessionView,
    ErixSettings,
    BulkDidRequest,
    BulkDidResult,
    BulkRingGroupRequest,
    BulkCallbackRequest,
    BulkResult,
} from "./admin";
export { BULK_DID_LIMIT, BULK_LIMIT } from "./admin";
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
    type NextBillingCustomer,
    type NextBillingLine,
    CALL_STATUSES,
    type CallStatus,
    type DirectcallState,
    type DirectcallAccount,
    type DirectcallToken,
    type DirectcallCallback,
    type DirectcallDelivery,
    ERIX_ANSWER_FORMATS,
    type ErixState,
    type ErixAgent,
    type ErixExtension,
    type ErixQueue,
    type ErixSession,
    type ErixAnswerFormat,
} from "./store";
export { SandboxAdmin, type DidInput } from "./adminClient";
export {
    VARIANT_VALUES,
    VARIANT_KEYS,
    VARIANT_PROFILES,
    VARIANT_PROFILE_NAMES,
    DEFAULT_VARIANTS,
    VariantError,
    resolveVariants,
    parseVariantSelection,
    addVariantArgument,
    type VariantKey,
    type Variants,
    type VariantProfile,
    type VariantSelection,
    type VariantsView,
} from "./variants";
