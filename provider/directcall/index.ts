export { CallbackUrl } from "./callbackUrl";
export type { CallbackUrlArgs } from "./callbackUrl";
export { parseCallStatus, callbackHandler, CallbackPayloadError, DEFAULT_MAX_BODY_BYTES } from "./callStatus";
export type { CallStatusEvent, CallStatusKind, CallbackPayloadReason, CallbackHandlerOptions, ParseCallStatusOptions } from "./callStatus";
