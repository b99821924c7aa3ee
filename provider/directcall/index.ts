export { CallbackUrl } from "./callbackUrl/CallbackUrl";
export type { CallbackUrlArgs, CallbackBasicAuthArgs, CallbackBasicAuth } from "./callbackUrl/CallbackUrl";
export { parseCallStatus, callbackHandler, CallbackPayloadError, DEFAULT_MAX_BODY_BYTES } from "./callStatus";
export type { CallStatusEvent, CallStatusKind, CallbackPayloadReason, CallbackHandlerOptions, ParseCallStatusOptions } from "./callStatus";
