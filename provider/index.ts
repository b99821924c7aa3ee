/**
 * pulumi-telephony: Pulumi dynamic resources for Brazilian telephony platforms.
 *
 *     import * as telephony from "pulumi-telephony";
 *     new telephony.nextbilling.RingGroup("reception", { customerId: 9, ... });
 *     new telephony.directcall.CallbackUrl("crm", { url: "https://crm.example.com.br/hooks/directcall" });
 */
export * as nextbilling from "./nextbilling";
export * as directcall from "./directcall";
export * as erix from "./erix";
export * from "./http/errors";
export { ConfigurationError, SETTINGS } from "./config";
