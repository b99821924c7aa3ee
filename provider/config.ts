/**
 * Provider configuration: the stack config the engine hands to `configure()` (secrets already
 * decrypted), with environment variables as fallback. Read inside the provider host process only,
 * so no credential is ever captured in a resource's serialized `__provider`.
 */
import * as fs from "node:fs";
import { ConfigurationError } from "./http/errors";
import type { AdaptiveLimiter } from "./http/limiter";
import { TlsOptions } from "./http/request";

/** What `configure()` receives: the engine's whole stack config, keys fully qualified. */
export interface ConfigSource {
    get(key: string): unknown;
}

/** One setting: its stack config key and its environment variable. */
interface Setting {
    key: string;
    env: string;
}

export const SETTINGS = {
    nextbillingUrl: { key: "telephony:nextbillingUrl", env: "NEXTBILLING_URL" },
    nextbillingToken: { key: "telephony:nextbillingToken", env: "NEXTBILLING_TOKEN" },
    nextbillingKey: { key: "telephony:nextbillingKey", env: "NEXTBILLING_KEY" },
    nextbillingInsecureTls: { key: "telephony:nextbillingInsecureTls", env: "NEXTBILLING_INSECURE_TLS" },
    nextbillingCaCert: { key: "telephony:nextbillingCaCert", env: "NEXTBILLING_CA_CERT" },
    directcallUrl: { key: "telephony:directcallUrl", env: "DIRECTCALL_URL" },
    directcallClientId: { key: "telephony:directcallClientId", env: "DIRECTCALL_CLIENT_ID" },
    directcallClientSecret: { key: "telephony:directcallClientSecret", env: "DIRECTCALL_CLIENT_SECRET" },
    directcallTokenLifetimeSeconds: { key: "telephony:directcallTokenLifetimeSeconds", env: "DIRECTCALL_TOKEN_LIFETIME_SECONDS" },
    erixUrl: { key: "telephony:erixUrl", env: "ERIX_URL" },
    erixHttpMethod: { key: "telephony:erixHttpMethod", env: "ERIX_HTTP_METHOD" },
    httpTimeoutMs: { key: "telephony:httpTimeoutMs", env: "TELEPHONY_HTTP_TIMEOUT_MS" },
    httpMaxRetries: { key: "telephony:httpMaxRetries", env: "TELEPHONY_HTTP_MAX_RETRIES" },
    maxConcurrentRequests: { key: "telephony:maxConcurrentRequests", env: "TELEPHONY_MAX_CONCURRENT_REQUESTS" },
    adoptExisting: { key: "telephony:adoptExisting", env: "TELEPHONY_ADOPT_EXISTING" },
} satisfies Record<string, Setting>;

/** The settings that hold credentials: never echoed, and masked in every line the provider prints. */
export const SECRET_SETTINGS: readonly Setting[] = [SETTINGS.nextbillingToken, SETTINGS.nextbillingKey, SETTINGS.directcallClientSecret];

export { ConfigurationError };

export interface CommonSettings {
    timeoutMs?: number;
    maxRetries?: number;
    /** The ceiling of requests in flight per server origin (http/limiter.ts); the default when unset. */
    maxConcurrentRequests?: number;
    /** The limiter of the server's origin, shared by every client of the provider process (runtime.ts); none when absent. */
    limiter?: AdaptiveLimiter;
    debug: boolean;
}

export interface NextBillingSettings extends CommonSettings {
    /** Base URL of the customer's own server, without a trailing slash. */
    url: string;
    token: string;
    key: string;
    tls: TlsOptions;
}

type Env = Record<string, string | undefined>;

function lookup(source: ConfigSource, env: Env, setting: Setting): string | undefined {
    const fromConfig = source.get(setting.key);
    if (fromConfig !== undefined && fromConfig !== null && String(fromConfig) !== "") return String(fromConfig);
    const fromEnv = env[setting.env];
    return fromEnv === undefined || fromEnv === "" ? undefined : fromEnv;
}

function where(setting: Setting): string {
    return `${setting.key} (environment variable ${setting.env})`;
}

function required(source: ConfigSource, env: Env, setting: Setting, secret: boolean): string {
    const value = lookup(source, env, setting);
    if (value === undefined) {
        const command = secret ? `pulumi config set --secret ${setting.key} <value>` : `pulumi config set ${setting.key} <value>`;
        throw new ConfigurationError(`Missing ${where(setting)}: run \`${command}\` or set ${setting.env}.`);
    }
    return value.trim();
}

function booleanSetting(source: ConfigSource, env: Env, setting: Setting): boolean {
    const value = lookup(source, env, setting)?.trim().toLowerCase();
    if (value === undefined) return false;
    if (["true", "1", "yes"].includes(value)) return true;
    if (["false", "0", "no"].includes(value)) return false;
    throw new ConfigurationError(`${where(setting)} must be true or false, got "${value}".`);
}

function integerSetting(source: ConfigSource, env: Env, setting: Setting, min: number): number | undefined {
    const value = lookup(source, env, setting)?.trim();
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
        throw new ConfigurationError(`${where(setting)} must be an integer of at least ${min}, got "${value}".`);
    }
    return parsed;
}

/** The values of the credential settings that are set, for masking. Never throws. */
export function secretValues(source: ConfigSource, env: Env = process.env): string[] {
    return SECRET_SETTINGS.map((setting) => lookup(source, env, setting)?.trim()).filter((value): value is string => !!value);
}

export interface LifecycleSettings {
    /**
     * Opt-in: a create that finds a record with the same natural key and the same fields adopts it
     * (with a warning) instead of failing. For converging after an interrupted `pulumi up`; the
     * precedent is pulumi-kubernetes' upsert mode.
     */
    adoptExisting: boolean;
}

export function readLifecycleSettings(source: ConfigSource, env: Env = process.env): LifecycleSettings {
    return { adoptExisting: booleanSetting(source, env, SETTINGS.adoptExisting) };
}

export function readCommonSettings(source: ConfigSource, env: Env = process.env): CommonSettings {
    return {
        timeoutMs: integerSetting(source, env, SETTINGS.httpTimeoutMs, 1),
        maxRetries: integerSetting(source, env, SETTINGS.httpMaxRetries, 0),
        maxConcurrentRequests: integerSetting(source, env, SETTINGS.maxConcurrentRequests, 1),
        debug: Boolean(env.TELEPHONY_DEBUG),
    };
}

function urlSetting(raw: string, setting: Setting, example: string): string {
    let url: URL;
    try {
        url = new URL(raw);
    } catch {
        throw new ConfigurationError(`${where(setting)} must be an http(s) URL such as ${example}, got "${raw}".`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new ConfigurationError(`${where(setting)} must start with https:// or http://, got "${raw}".`);
    }
    return url.toString().replace(/\/+$/, "");
}

export function readNextBillingSettings(source: ConfigSource, env: Env = process.env): NextBillingSettings {
    const url = urlSetting(required(source, env, SETTINGS.nextbillingUrl, false), SETTINGS.nextbillingUrl, "https://sip.example.com.br");
    const token = required(source, env, SETTINGS.nextbillingToken, true);
    const key = required(source, env, SETTINGS.nextbillingKey, true);
    // Token and key travel as path segments; a slash or space would silently address another method.
    for (const [setting, value] of [
        [SETTINGS.nextbillingToken, token],
        [SETTINGS.nextbillingKey, key],
    ] as const) {
        if (/[\s/?#]/.test(value)) {
            throw new ConfigurationError(
                `${where(setting)} must not contain spaces, "/", "?" or "#" (the value is not shown: it is a secret).`,
            );
        }
    }
    return {
        ...readCommonSettings(source, env),
        url,
        token,
        key,
        tls: {
            insecure: booleanSetting(source, env, SETTINGS.nextbillingInsecureTls),
            ca: readCa(lookup(source, env, SETTINGS.nextbillingCaCert)),
        },
    };
}

/** The CA setting holds PEM text, or the path of a PEM file. */
function readCa(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (value.includes("-----BEGIN")) return value;
    try {
        return fs.readFileSync(value, "utf8");
    } catch (error) {
        throw new ConfigurationError(
            `${where(SETTINGS.nextbillingCaCert)} must be PEM text or the path of a PEM file; cannot read "${value}": ${(error as Error).message}`,
        );
    }
}

export const DIRECTCALL_DEFAULT_URL = "https://api.directcallsoft.com";
/** Directcall documents no token lifetime; a third-party client says one hour. */
export const DIRECTCALL_DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

export interface DirectcallSettings extends CommonSettings {
    url: string;
    /** The account e-mail. */
    clientId: string;
    clientSecret: string;
    tokenLifetimeSeconds: number;
}

export function readDirectcallSettings(source: ConfigSource, env: Env = process.env): DirectcallSettings {
    const rawUrl = lookup(source, env, SETTINGS.directcallUrl) ?? DIRECTCALL_DEFAULT_URL;
    return {
        ...readCommonSettings(source, env),
        url: urlSetting(rawUrl.trim(), SETTINGS.directcallUrl, DIRECTCALL_DEFAULT_URL),
        clientId: required(source, env, SETTINGS.directcallClientId, false),
        clientSecret: required(source, env, SETTINGS.directcallClientSecret, true),
        tokenLifetimeSeconds:
            integerSetting(source, env, SETTINGS.directcallTokenLifetimeSeconds, 1) ?? DIRECTCALL_DEFAULT_TOKEN_LIFETIME_SECONDS,
    };
}

export interface ErixSettings extends CommonSettings {
    /** The PBX's base URL, e.g. http://pbx.example.com.br; the API lives at /api/agent.php under it. */
    url: string;
    /** The seed allows GET or POST; POST keeps pause reasons out of access logs. */
    method: "GET" | "POST";
}

export function readErixSettings(source: ConfigSource, env: Env = process.env): ErixSettings {
    const method = (lookup(source, env, SETTINGS.erixHttpMethod) ?? "POST").trim().toUpperCase();
    if (method !== "GET" && method !== "POST") {
        throw new ConfigurationError(`${where(SETTINGS.erixHttpMethod)} must be GET or POST, got "${method}".`);
    }
    return {
        ...readCommonSettings(source, env),
        url: urlSetting(required(source, env, SETTINGS.erixUrl, false), SETTINGS.erixUrl, "http://pbx.example.com.br"),
        method,
    };
}
