/**
 * What lives for the life of one provider host process (one `pulumi up`, `preview` or `refresh`):
 * the configuration the engine sent, and the vendor clients built from it, with their list caches.
 * Providers themselves stay plain objects with no captured state.
 */
import { ConfigSource, readDirectcallSettings, readErixSettings, readNextBillingSettings } from "./config";
import { DirectcallClient } from "./directcall/client";
import { ErixClient } from "./erix/client";
import { NextBillingClient } from "./nextbilling/client";

const NO_CONFIG: ConfigSource = { get: () => undefined };

let source: ConfigSource = NO_CONFIG;
let nextBilling: NextBillingClient | undefined;
let directcall: DirectcallClient | undefined;
let erix: ErixClient | undefined;

/** Called from every provider's `configure()`; the engine sends the same stack config to each. */
export function configureFromEngine(config: ConfigSource): void {
    source = config;
    nextBilling = undefined;
    directcall = undefined;
    erix = undefined;
}

/** The NextBilling client for this process; throws ConfigurationError when settings are missing or malformed. */
export function nextBillingClient(): NextBillingClient {
    nextBilling ??= new NextBillingClient(readNextBillingSettings(source));
    return nextBilling;
}

/** The Directcall client for this process, holding its access token; throws ConfigurationError when settings are missing. */
export function directcallClient(): DirectcallClient {
    directcall ??= new DirectcallClient(readDirectcallSettings(source));
    return directcall;
}

/** The Erix client for this process; throws ConfigurationError when telephony:erixUrl / ERIX_URL is missing. */
export function erixClient(): ErixClient {
    erix ??= new ErixClient(readErixSettings(source));
    return erix;
}

/** Forget configuration and caches (tests run several "processes" in one). */
export function resetRuntime(): void {
    configureFromEngine(NO_CONFIG);
}

/**
 * A warning for the person running Pulumi: the host has no engine log channel of its own, and the
 * engine shows what providers write to stderr.
 */
export function warn(message: string): void {
    process.stderr.write(`warning: [telephony] ${message}\n`);
}
