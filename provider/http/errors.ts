/**
 * Every error this package raises: one root, `TelephonyError`, with a typed `cause`, built by one
 * factory, `errorFromAnswer`. Each keeps the vendor's own text (`vendorReason`, redacted) and
 * names the call that failed, so a user can tell at a glance whether to fix credentials, input,
 * or wait.
 */

export type ErrorCause =
    | "authentication"
    | "not_found"
    | "invalid_input"
    | "rate_limit"
    | "conflict"
    | "server"
    | "connection"
    | "outcome_unknown"
    | "configuration";

export interface ErrorDetails {
    /** Human name of the failed call, e.g. `NextBilling createRingGroup (PUT /api/manageRingGroups/…)`; absent for configuration errors. */
    call?: string;
    /** HTTP status when an answer arrived. */
    status?: number;
    /** The vendor's own error text, verbatim. */
    vendorReason?: string;
    /** The vendor's own error code, when it has them (Directcall's `codigo`). */
    vendorCode?: string;
    /** Seconds the vendor asked us to wait (429 `Retry-After`). */
    retryAfterSeconds?: number;
    /** The input property this error concerns, when known. */
    property?: string;
}

export abstract class TelephonyError extends Error {
    abstract readonly cause: ErrorCause;
    readonly call?: string;
    readonly status?: number;
    readonly vendorReason?: string;
    readonly vendorCode?: string;
    readonly property?: string;

    constructor(details: ErrorDetails, summary: string) {
        const where = details.status === undefined ? details.call : `${details.call}, HTTP ${details.status}`;
        const code = details.vendorCode ? ` (code ${details.vendorCode})` : "";
        const text = where === undefined ? summary : `${where} failed: ${summary}${code}`;
        super(`${details.property ? `${details.property}: ` : ""}${text}`);
        this.name = new.target.name;
        this.call = details.call;
        this.status = details.status;
        this.vendorReason = details.vendorReason;
        this.vendorCode = details.vendorCode;
        this.property = details.property;
        // An expected failure, not a bug: the provider host prints `stack`, and a trace would bury the vendor's text.
        this.stack = `${this.name}: ${this.message}`;
    }
}

/** Raised when the vendor rejects the credentials (HTTP 401/403 or an authentication error body). */
export class AuthenticationError extends TelephonyError {
    readonly cause = "authentication" as const;
}

/** Raised when the vendor says the method or record does not exist (HTTP 404 or a "not found" body). */
export class NotFoundError extends TelephonyError {
    readonly cause = "not_found" as const;
}

/** Raised when the vendor refuses what was sent (HTTP 400/405/413/422, or an error body with HTTP 200). */
export class InvalidInputError extends TelephonyError {
    readonly cause = "invalid_input" as const;
}

/** Raised when the vendor still throttles (HTTP 429) after every retry honouring `Retry-After`. */
export class RateLimitError extends TelephonyError {
    readonly cause = "rate_limit" as const;
    readonly retryAfterSeconds?: number;
    constructor(details: ErrorDetails, summary: string) {
        super(details, summary);
        this.retryAfterSeconds = details.retryAfterSeconds;
    }
}

/** Raised when the request collides with a record that already exists (HTTP 409, or a duplicate found before creating). */
export class ConflictError extends TelephonyError {
    readonly cause = "conflict" as const;
}

/** Raised when the vendor keeps failing (HTTP 5xx) after every retry allowed for the call. */
export class ServerError extends TelephonyError {
    readonly cause = "server" as const;
}

/** Raised when no answer arrived: refused, reset, DNS, TLS, or the per-request timeout. */
export class ConnectionError extends TelephonyError {
    readonly cause = "connection" as const;
}

/**
 * Raised when a write's answer was lost (timeout, reset, 5xx, an unreadable answer) and looking
 * the record up by its natural key could not tell whether the vendor applied it.
 */
export class OutcomeUnknownError extends TelephonyError {
    readonly cause = "outcome_unknown" as const;
}

/** Raised when a setting is missing or malformed, before any call; names the config key and the variable. */
export class ConfigurationError extends TelephonyError {
    readonly cause = "configuration" as const;
    constructor(message: string) {
        super({}, message);
    }
}

/**
 * The one factory that turns a vendor's answer into a typed error. `cause` lets a vendor
 * client override the status-based guess (NextBilling answers business errors with HTTP 200).
 */
export function errorFromAnswer(details: ErrorDetails & { cause?: ErrorCause }): TelephonyError {
    const cause = details.cause ?? causeFromStatus(details.status);
    const summary = details.vendorReason?.trim() || defaultSummary(cause, details.status);
    switch (cause) {
        case "authentication":
            return new AuthenticationError(details, summary);
        case "not_found":
            return new NotFoundError(details, summary);
        case "rate_limit":
            return new RateLimitError(details, summary);
        case "conflict":
            return new ConflictError(details, summary);
        case "server":
            return new ServerError(details, summary);
        case "connection":
            return new ConnectionError(details, summary);
        case "outcome_unknown":
            return new OutcomeUnknownError(details, summary);
        case "configuration":
            return new ConfigurationError(summary);
        case "invalid_input":
            return new InvalidInputError(details, summary);
    }
}

export function causeFromStatus(status: number | undefined): ErrorCause {
    if (status === undefined) return "connection";
    if (status === 401 || status === 403) return "authentication";
    if (status === 404) return "not_found";
    if (status === 409) return "conflict";
    if (status === 429) return "rate_limit";
    if (status >= 500) return "server";
    return "invalid_input";
}

function defaultSummary(cause: ErrorCause, status: number | undefined): string {
    switch (cause) {
        case "authentication":
            return "credentials rejected";
        case "not_found":
            return "not found";
        case "rate_limit":
            return "too many requests";
        case "conflict":
            return "conflicts with an existing record";
        case "server":
            return `server error${status ? ` ${status}` : ""}`;
        case "connection":
            return "no answer";
        case "outcome_unknown":
            return "the outcome is unknown";
        case "configuration":
            return "configuration is missing or malformed";
        case "invalid_input":
            return "request refused";
    }
}
