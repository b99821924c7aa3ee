export { CallbackUrl } from "./callbackUrlResource";
export type { CallbackUrlArgs } from "./callbackUrlResource";
export { parseCallStatus, callbackHandler, CallbackPayloadError, DEFAULT_MAX_BODY_BYTES } from "./callStatus";
export type { CallStatusEvent, CallStatusKind, CallbackPayloadReason, CallbackHandlerOptions, ParseCallStatusOptions } from "./callStatus";
