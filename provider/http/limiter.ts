/**
 * How many requests may be in flight to one vendor server at once. NextBilling documents HTTP 429
 * "too many requests at the same time" without a number, and is often self-hosted on a small
 * machine, while the engine runs up to 4 x cores steps at once (8 on 2 cores, 16 on 4, more on a
 * big runner). So the request core sends every attempt through the limiter of its server's origin,
 * one per origin per provider process (runtime.ts), shared by every resource and client.
 *
 * The limit adapts (AIMD, as TCP does): a 429 halves it, not below 1; it then grows back by one
 * after RECOVERY_ROUNDS x the limit answered requests, up to the configured ceiling. A burst of
 * 429s to requests that were all in flight at one limit halves it once: they are the answer to
 * that limit, not to the halved one. Growing back slowly matters: every step above what the
 * server takes is paid for by a 429, and a request refused four times fails the step (the core
 * retries 3 times). So the limit grows only after RECOVERY_ROUNDS rounds, and not at all until a
 * refused request's retry is due (its backoff, or the server's `Retry-After`): at one step per
 * round (TCP's pace), with no hold, the retry often met the limit above the server's capacity
 * again, and a step failed (measured: bench/results.md, docs/performance.md).
 */

/** The default ceiling: see docs/performance.md for the measured effect. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 8;

/** Rounds of answers at a limit before it grows by one: 4 x limit answers. */
export const RECOVERY_ROUNDS = 4;

/** What a request holds while in flight: the round of the limit it was sent under. */
export interface Permit {
    readonly round: number;
}

export class AdaptiveLimiter {
    private current: number;
    private active = 0;
    private peak = 0;
    private round = 0;
    /** Answered requests since the limit last changed. */
    private answered = 0;
    private readonly waiting: (() => void)[] = [];
    /** No growth before this instant: a refused request's retry is due then. */
    private heldUntil = 0;

    constructor(
        readonly max: number = DEFAULT_MAX_CONCURRENT_REQUESTS,
        private readonly now: () => number = Date.now,
    ) {
        if (!Number.isInteger(max) || max < 1) throw new RangeError(`a concurrency limit must be a positive integer, got ${max}`);
        this.current = max;
    }

    /** The limit in force now. */
    get limit(): number {
        return this.current;
    }

    /** Requests in flight now. */
    get inFlight(): number {
        return this.active;
    }

    /** The most requests ever in flight at once (tests and the benchmark read it). */
    get peakInFlight(): number {
        return this.peak;
    }

    /** Runs `attempt` once a slot is free; the slot is given back however it ends. */
    async run<T>(attempt: (permit: Permit) => Promise<T>): Promise<T> {
        const permit = await this.acquire();
        try {
            return await attempt(permit);
        } finally {
            this.release();
        }
    }

    /** The server refused a request for load (429): halve the limit, once per round. */
    throttled(permit: Permit): void {
        if (permit.round !== this.round) return;
        this.change(Math.max(1, Math.floor(this.current / 2)));
    }

    /** A request refused for load is retried in `ms`: the limit does not grow before, so the retry meets the halved one. */
    holdGrowth(ms: number): void {
        this.heldUntil = Math.max(this.heldUntil, this.now() + ms);
    }

    /** The server answered (anything but a 429): one step towards growing the limit back. */
    answeredOk(): void {
        if (this.current >= this.max || this.now() < this.heldUntil) return;
        this.answered += 1;
        if (this.answered >= RECOVERY_ROUNDS * this.current) this.change(this.current + 1);
    }

    private change(limit: number): void {
        this.current = limit;
        this.round += 1;
        this.answered = 0;
        this.wake();
    }

    private acquire(): Promise<Permit> {
        if (this.active < this.current && this.waiting.length === 0) return Promise.resolve(this.take());
        return new Promise((resolve) => this.waiting.push(() => resolve(this.take())));
    }

    private take(): Permit {
        this.active += 1;
        this.peak = Math.max(this.peak, this.active);
        return { round: this.round };
    }

    private release(): void {
        this.active -= 1;
        this.wake();
    }

    /** First come, first served, as far as the limit allows. */
    private wake(): void {
        while (this.waiting.length > 0 && this.active < this.current) this.waiting.shift()!();
    }
}
