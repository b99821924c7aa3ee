/**
 * What lives for the life of one provider host process (one `pulumi up`, `preview` or `refresh`):
 * the configuration the engine sent, the vendor clients built from it with their list caches and
 * tokens, the in-flight limit of each vendor server, the locks that keep concurrent creates of one
 * natural key apart, and the warnings already given. Providers themselves stay plain objects with
 * no captured state.
 */
import {
    ConfigSource,
    readDirectcallSettings,
    readErixSettings,
    readLifecycleSettings,
    readNextBillingSettings,
    secretValues,
    type LifecycleSettings,
} from "./config";
import { DirectcallClient } from "./directcall/client";
import { ErixClient } from "./erix/client";
import { AdaptiveLimiter, DEFAULT_MAX_CONCURRENT_REQUESTS } from "./http/limiter";
import { printable } from "./http/redact";
import { KeyedLock } from "./kit/keyedLock";
import { NextBillingClient } from "./nextbilling/client";

const NO_CONFIG: ConfigSource = { get: () => undefined };

interface ProcessState {
    source: ConfigSource;
    /** The configuration as text, to tell a repeated `configure` from a new one. */
    fingerprint: string;
    nextBilling?: NextBillingClient;
    directcall?: DirectcallClient;
    erix?: ErixClient;
    lifecycle?: LifecycleSettings;
    /**
     * One in-flight limiter per server origin, shared by every client and resource of the process:
     * what a server can take is a property of the server, whichever resource calls it.
     */
    readonly limiters: Map<string, AdaptiveLimiter>;
    /** Creates of one natural key run one at a time (see KeyedLock). */
    readonly creates: KeyedLock;
    /** Records this process created, by resource type and natural key: a later twin of the key is told whose it is. */
    readonly created: Map<string, string>;
    readonly warned: Set<string>;
}

function freshState(source: ConfigSource, fingerprint: string): ProcessState {
    return { source, fingerprint, limiters: new Map(), creates: new KeyedLock(), created: new Map(), warned: new Set() };
}

let state = freshState(NO_CONFIG, "");

/**
 * Called from every provider's `configure()`. The host calls it once per resource type with the
 * same stack config: a repeat keeps the clients, caches, tokens, limiters and locks already built.
 */
export function configureFromEngine(config: ConfigSource): void {
    const fingerprint = fingerprintOf(config);
    if (fingerprint !== "" && fingerprint === state.fingerprint) return;
    state = freshState(config, fingerprint);
}

/** The host hands a Config over the same raw config each time; tests hand bare `{get}` sources, which count as new. */
function fingerprintOf(config: ConfigSource): string {
    const entries = Object.entries(config).filter(([, value]) => typeof value !== "function");
    if (entries.length === 0) return "";
    return JSON.stringify(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/** The NextBilling client for this process; throws ConfigurationError when settings are missing or malformed. */
export function nextBillingClient(): NextBillingClient {
    state.nextBilling ??= new NextBillingClient(limited(readNextBillingSettings(state.source)));
    return state.nextBilling;
}

/** The Directcall client for this process, holding its access token; throws ConfigurationError when settings are missing. */
export function directcallClient(): DirectcallClient {
    state.directcall ??= new DirectcallClient(limited(readDirectcallSettings(state.source)));
    return state.directcall;
}

/** The Erix client for this process; throws ConfigurationError when telephony:erixUrl / ERIX_URL is missing. */
export function erixClient(): ErixClient {
    state.erix ??= new ErixClient(limited(readErixSettings(state.source)));
    return state.erix;
}

/** The limiter of a server's origin in this process (`https://sip.example.com.br:8443`), made on first use. */
export function limiterFor(url: string, max = DEFAULT_MAX_CONCURRENT_REQUESTS): AdaptiveLimiter {
    const origin = new URL(url).origin;
    let limiter = state.limiters.get(origin);
    if (!limiter) {
        limiter = new AdaptiveLimiter(max);
        state.limiters.set(origin, limiter);
    }
    return limiter;
}

function limited<S extends { url: string; maxConcurrentRequests?: number }>(settings: S): S & { limiter: AdaptiveLimiter } {
    return { ...settings, limiter: limiterFor(settings.url, settings.maxConcurrentRequests) };
}

/** Settings of the lifecycle itself (telephony:adoptExisting). */
export function lifecycleSettings(): LifecycleSettings {
    state.lifecycle ??= readLifecycleSettings(state.source);
    return state.lifecycle;
}

/** The lock under which creates of one natural key run. */
export function createLock(): KeyedLock {
    return state.creates;
}

/** Records created by this process, `type/naturalKey` → id. */
export function createdHere(): Map<string, string> {
    return state.created;
}

/** Forget configuration and caches (tests run several "processes" in one). */
export function resetRuntime(): void {
    state = freshState(NO_CONFIG, "");
}

/**
 * A warning for the person running Pulumi: the host has no engine log channel of its own, and the
 * engine shows what providers write to stderr. Masked like every other line we print.
 */
export function warn(message: string): void {
    const secrets = [...secretValues(state.source), ...(state.directcall?.issuedTokenValues() ?? [])];
    process.stderr.write(`warning: [telephony] ${printable(message, secrets, 2_000)}\n`);
}

/** Whether `warnOnce(key, …)` has spoken in this process: what it warned of (a list that cannot be read) is not tried again. */
export function warnedOnce(key: string): boolean {
    return state.warned.has(key);
}

/** The same warning once per process, however many resources run into it (a server lacking an undocumented call). */
export function warnOnce(key: string, message: string): void {
    if (state.warned.has(key)) return;
    state.warned.add(key);
    warn(message);
}
