/**
 * pulumi-telephony: Pulumi dynamic resources for Brazilian telephony platforms.
 *
 *     import * as telephony from "pulumi-telephony";
 *     new telephony.nextbilling.RingGroup("reception", { customerId: 9, ... });
 *     new telephony.directcall.CallbackUrl("crm", { url: "https://crm.example.com.br/hooks/directcall" });
 *
 * The root exports what programs use: the three vendors' resources, the receiving side of
 * Directcall's webhooks, and the errors a program or pipeline may want to tell apart.
 */
export * as nextbilling from "./nextbilling";
export * as directcall from "./directcall";
export * as erix from "./erix";
export {
    TelephonyError,
    AuthenticationError,
    NotFoundError,
    InvalidInputError,
    RateLimitError,
    ConflictError,
    ServerError,
    ConnectionError,
    OutcomeUnknownError,
    ConfigurationError,
    type ErrorCause,
} from "./http/errors";
export { SETTINGS } from "./config";
