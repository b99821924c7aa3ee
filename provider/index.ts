/**
 * pulumi-telephony: Pulumi dynamic resources for Brazilian telephony platforms.
 *
 *     import * as telephony from "pulumi-telephony";
 *     new telephony.nextbilling.RingGroup("reception", { customerId: 9, ... });
 */
export * as nextbilling from "./nextbilling";
export * from "./http/errors";
export { ConfigurationError, SETTINGS } from "./config";
