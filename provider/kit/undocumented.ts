/**
 * Calls no vendor page documents (a DID list, Directcall's list and remove paths) are guesses, and
 * a guess must never be what a documented operation depends on. `Undocumented` runs such a call:
 * when the server does not answer it as assumed, the caller gets `undefined` and carries on with
 * less, after one warning per process naming the call and what is given up.
 */
import { errorFromAnswer, TelephonyError } from "../http/errors";
import { warnOnce } from "../runtime";

/** What the caller gives up when the call is unavailable, e.g. "DID duplicate check left to NextBilling's own unique-number check". */
export type GivesUp = string;

/** An answer that parsed but is not of any shape the assumption allows. */
export class UnexpectedShape extends Error {}

export class Undocumented {
    /** Calls this server has shown it does not have: not tried again in this process. */
    private readonly missing = new Set<string>();

    /**
     * Runs `call` (named as errors name it, e.g. `NextBilling listDids`). Authentication and rate
     * limiting are the vendor's documented answers and propagate; anything else makes the call
     * unavailable: for the rest of the process when the server shows it lacks the call (404, 405,
     * a "not found" or refusal body, an unreadable or unexpected answer), or for this once when
     * the failure may pass (no answer, 5xx).
     */
    async run<T>(name: string, givesUp: GivesUp, call: () => Promise<T>): Promise<T | undefined> {
        if (this.missing.has(name)) return undefined;
        try {
            return await call();
        } catch (error) {
            this.failed(name, givesUp, error);
            return undefined;
        }
    }

    /**
     * Books a failure of the call: rethrows what the vendor documents (authentication, rate
     * limiting), otherwise warns once and tells whether the server lacks the call (`missing`,
     * not tried again) or failed in a way that may pass (`passing`: no answer, 5xx).
     */
    failed(name: string, givesUp: GivesUp, error: unknown): "missing" | "passing" {
        if (
            error instanceof TelephonyError &&
            (error.cause === "authentication" || error.cause === "rate_limit" || error.cause === "configuration")
        ) {
            throw error;
        }
        const passing =
            error instanceof TelephonyError && (error.cause === "connection" || (error.cause === "server" && (error.status ?? 500) >= 500));
        if (!passing) this.missing.add(name);
        const why = error instanceof Error ? error.message : String(error);
        warnOnce(
            `${name}:${passing ? "passing" : "missing"}`,
            `${name} is not documented by the vendor, and this server did not answer it as assumed (${why}): ${givesUp}${passing ? " for now" : ""}.`,
        );
        return passing ? "passing" : "missing";
    }

    /** Whether the server already showed it lacks the call. */
    lacks(name: string): boolean {
        return this.missing.has(name);
    }
}

/**
 * Whether a failure says this server lacks the call itself rather than refusing this record: 404
 * or 405 for the method, or an answer that is not the vendor's at all (a panel's page under HTTP
 * 200). A record the vendor does not know is a business error ("Registro não encontrado"), not a 404.
 */
export function lacksCall(error: unknown): boolean {
    if (!(error instanceof TelephonyError) || error.status === undefined) return false;
    return error.status === 404 || error.status === 405 || (error.cause === "server" && error.status < 300);
}

/**
 * The error of a write this server lacks: the vendor's text and the call, as every vendor error,
 * then which call was assumed and what to do instead.
 */
export function assumedCallError(
    error: TelephonyError,
    vendor: "NextBilling" | "Directcall" | "Erix",
    assumed: string,
    instead: string,
): TelephonyError {
    const explained = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        vendorCode: error.vendorCode,
        cause: error.cause,
        property: error.property,
    });
    explained.message +=
        `. This ${vendor} server does not have ${assumed}, which ${vendor} does not document and this resource assumes ` +
        `(docs/vendors/${vendor.toLowerCase()}.md): ${instead}`;
    explained.stack = `${explained.name}: ${explained.message}`;
    return explained;
}
