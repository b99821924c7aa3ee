/**
 * The in-flight limit per vendor server: at most telephony:maxConcurrentRequests requests at once
 * per origin, shared by every client of the provider process; a 429 halves the limit (once per
 * round, not below 1) and answers grow it back by one per round, up to the configured ceiling.
 * Counted where it matters: in flight at a loopback server that answers after a delay.
 */
import { ConfigurationError, readCommonSettings, readNextBillingSettings } from "../../provider/config";
import { AdaptiveLimiter, DEFAULT_MAX_CONCURRENT_REQUESTS, RECOVERY_ROUNDS } from "../../provider/http/limiter";
import { HttpClient } from "../../provider/http/request";
import { configureFromEngine, erixClient, limiterFor, nextBillingClient, resetRuntime } from "../../provider/runtime";
import { startStub, type StubAnswer, type StubServer } from "../support/stubServer";

const TOKEN = "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990";
const KEY = "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stub that answers after `delayMs`, counting the requests it holds at once. */
async function slowStub(answer: (index: number) => StubAnswer = () => ({ text: '{"error":0,"reason":"OK","data":[]}' }), delayMs = 20) {
    let inFlight = 0;
    let peak = 0;
    let received = 0;
    const atArrival: number[] = [];
    const stub = await startStub(async () => {
        const index = received++;
        inFlight += 1;
        atArrival[index] = inFlight;
        peak = Math.max(peak, inFlight);
        await sleep(delayMs);
        inFlight -= 1;
        return answer(index);
    });
    return Object.assign(stub, {
        peak: () => peak,
        received: () => received,
        /** The most requests held at once as seen by requests `from` to `to` (excluded) on arrival. */
        peakAmong: (from: number, to: number) => Math.max(...atArrival.slice(from, to)),
    });
}

const call = (url: string) => ({ name: "NextBilling listRingGroups", method: "GET" as const, url: `${url}/api/x`, safeToRepeat: true });

let stubs: StubServer[] = [];
afterEach(async () => {
    await Promise.all(stubs.map((stub) => stub.close()));
    stubs = [];
    resetRuntime();
});

describe("AdaptiveLimiter", () => {
    it("never runs more than the limit at once, first come first served", async () => {
        const limiter = new AdaptiveLimiter(3);
        const started: number[] = [];
        const releases = new Map<number, () => void>();
        const tasks = Array.from({ length: 6 }, (_, index) =>
            limiter.run(() => new Promise<void>((resolve) => (started.push(index), releases.set(index, resolve)))),
        );
        await sleep(0);
        expect(started).toEqual([0, 1, 2]);
        releases.get(1)!();
        await sleep(0);
        expect(started).toEqual([0, 1, 2, 3]);
        expect(limiter.inFlight).toBe(3);
        for (const index of [0, 2, 3, 4, 5]) {
            releases.get(index)!();
            await sleep(0);
        }
        await Promise.all(tasks);
        expect(started).toEqual([0, 1, 2, 3, 4, 5]);
        expect(limiter.peakInFlight).toBe(3);
        expect(limiter.inFlight).toBe(0);
    });

    it("halves on a 429, not below 1, and once for a burst of 429s sent at one limit", async () => {
        const limiter = new AdaptiveLimiter(8);
        const permits = await Promise.all(
            Array.from(
                { length: 8 },
                () => new Promise<{ round: number }>((resolve) => void limiter.run(async (permit) => resolve(permit))),
            ),
        );
        for (const permit of permits) limiter.throttled(permit);
        expect(limiter.limit).toBe(4);
        for (let round = 0; round < 5; round++) await limiter.run(async (permit) => limiter.throttled(permit));
        expect(limiter.limit).toBe(1);
    });

    it("grows back by one after RECOVERY_ROUNDS x the limit answers, up to the ceiling", async () => {
        expect(RECOVERY_ROUNDS).toBe(4);
        const limiter = new AdaptiveLimiter(6);
        await limiter.run(async (permit) => limiter.throttled(permit));
        expect(limiter.limit).toBe(3);
        for (let answer = 0; answer < 4 * 3 - 1; answer++) limiter.answeredOk();
        expect(limiter.limit).toBe(3);
        limiter.answeredOk();
        expect(limiter.limit).toBe(4);
        for (let answer = 0; answer < 4 * 4 + 4 * 5 + 100; answer++) limiter.answeredOk();
        expect(limiter.limit).toBe(6);
    });

    it("does not grow while a refused request waits for its retry", async () => {
        let now = 1_000;
        const limiter = new AdaptiveLimiter(4, () => now);
        await limiter.run(async (permit) => limiter.throttled(permit));
        limiter.holdGrowth(1_000); // Retry-After: 1
        for (let answer = 0; answer < 100; answer++) limiter.answeredOk();
        expect(limiter.limit).toBe(2);
        now = 2_000;
        for (let answer = 0; answer < 4 * 2; answer++) limiter.answeredOk();
        expect(limiter.limit).toBe(3);
    });

    it.each([0, -1, 2.5, NaN])("refuses a ceiling of %s", (max) => {
        expect(() => new AdaptiveLimiter(max)).toThrow(RangeError);
    });

    it("defaults to the engine's parallelism on a 2-core runner", () => {
        expect(DEFAULT_MAX_CONCURRENT_REQUESTS).toBe(8);
        expect(new AdaptiveLimiter().limit).toBe(8);
    });
});

describe("the request core under a limiter", () => {
    it("holds the limit at the server across every client of the origin", async () => {
        const stub = await slowStub();
        stubs.push(stub);
        const limiter = new AdaptiveLimiter(3);
        const clients = [0, 1].map(() => new HttpClient({ secrets: [], limiter }));
        await Promise.all(Array.from({ length: 20 }, (_, index) => clients[index % 2]!.request(call(stub.url))));
        expect(stub.received()).toBe(20);
        expect(stub.peak()).toBe(3);
    });

    it("a burst of 429s halves the limit for the retries; answers then bring it back to the ceiling", async () => {
        // The server is overloaded for the first 8 requests: each is refused with Retry-After: 0.
        const stub = await slowStub((index) =>
            index < 8 ? { status: 429, text: '{"error":1,"reason":"Muitas requisições"}' } : { text: '{"error":0,"data":[]}' },
        );
        stubs.push(stub);
        let now = 0;
        const limiter = new AdaptiveLimiter(8, () => now);
        const sleeps: number[] = [];
        const client = new HttpClient({ secrets: [], limiter, sleep: async (ms) => void sleeps.push(ms) });
        await Promise.all(Array.from({ length: 8 }, () => client.request(call(stub.url))));
        expect(stub.received()).toBe(16);
        expect(sleeps).toHaveLength(8); // each refused request retried once
        expect(stub.peakAmong(8, 16)).toBeLessThanOrEqual(4); // the retries, under the halved limit
        // Halved once to 4 by the burst, and held there until the retries were due: their answers do not count.
        expect(limiter.limit).toBe(4);
        now = Math.max(...sleeps) + 1;
        await Promise.all(Array.from({ length: 16 + 20 + 24 + 28 }, () => client.request(call(stub.url))));
        expect(limiter.limit).toBe(8);
        expect(stub.peak()).toBe(8);
    });

    it("waits to retry outside the slot: a request backing off holds none", async () => {
        let refused = false;
        const stub = await slowStub(() => {
            if (refused) return { text: '{"error":0,"data":[]}' };
            refused = true;
            return { status: 429, text: "{}" };
        });
        stubs.push(stub);
        const limiter = new AdaptiveLimiter(1);
        const waits: number[] = [];
        const client = new HttpClient({ secrets: [], limiter, sleep: async () => void waits.push(limiter.inFlight) });
        await client.request(call(stub.url));
        expect(waits).toEqual([0]);
    });
});

describe("telephony:maxConcurrentRequests", () => {
    const source = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

    it.each(["0", "-2", "2.5", "eight", "1e400"])("%s is a ConfigurationError naming the key and the variable", (value) => {
        const error = (() => {
            try {
                readCommonSettings(source({ "telephony:maxConcurrentRequests": value }), {});
            } catch (e) {
                return e as Error;
            }
        })();
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error!.message).toContain("telephony:maxConcurrentRequests");
        expect(error!.message).toContain("TELEPHONY_MAX_CONCURRENT_REQUESTS");
        expect(error!.message).toContain(`"${value}"`);
    });

    it("is read from the stack config, then the environment; unset, the default applies", () => {
        expect(
            readCommonSettings(source({ "telephony:maxConcurrentRequests": "3" }), { TELEPHONY_MAX_CONCURRENT_REQUESTS: "5" })
                .maxConcurrentRequests,
        ).toBe(3);
        expect(readCommonSettings(source({}), { TELEPHONY_MAX_CONCURRENT_REQUESTS: "5" }).maxConcurrentRequests).toBe(5);
        expect(readCommonSettings(source({}), {}).maxConcurrentRequests).toBeUndefined();
    });

    it("a bad value fails when a client is made: at check, before any request", () => {
        configureFromEngine(
            source({
                "telephony:nextbillingUrl": "https://sip.example.com.br",
                "telephony:nextbillingToken": TOKEN,
                "telephony:nextbillingKey": KEY,
                "telephony:maxConcurrentRequests": "none",
            }),
        );
        expect(() => nextBillingClient()).toThrow(
            /telephony:maxConcurrentRequests \(environment variable TELEPHONY_MAX_CONCURRENT_REQUESTS\) must be an integer of at least 1/,
        );
        expect(() =>
            readNextBillingSettings(source({ "telephony:maxConcurrentRequests": "0" }), {
                NEXTBILLING_URL: "https://x.example",
                NEXTBILLING_TOKEN: TOKEN,
                NEXTBILLING_KEY: KEY,
            }),
        ).toThrow(ConfigurationError);
    });

    it("one limiter per origin in the provider process, shared by every vendor client there", async () => {
        const stub = await slowStub((index) => ({ text: index % 2 ? '{"success":"Pause OK"}' : '{"error":0,"reason":"OK","data":[]}' }));
        stubs.push(stub);
        // NextBilling and Erix behind one server (one origin, as the emulator serves both).
        configureFromEngine(
            source({
                "telephony:nextbillingUrl": stub.url,
                "telephony:nextbillingToken": TOKEN,
                "telephony:nextbillingKey": KEY,
                "telephony:erixUrl": `${stub.url}/pbx`,
                "telephony:maxConcurrentRequests": "2",
                "telephony:httpMaxRetries": "0",
            }),
        );
        const nextBilling = nextBillingClient();
        const erix = erixClient();
        expect(limiterFor(stub.url)).toBe(limiterFor(`${stub.url}/pbx/api/agent.php`));
        expect(limiterFor(stub.url).max).toBe(2);
        expect(limiterFor("https://other.example.com.br")).not.toBe(limiterFor(stub.url));
        await Promise.all(
            Array.from({ length: 10 }, (_, index) =>
                index % 2
                    ? erix.command("pause", { agent: "maria" }).catch(() => undefined)
                    : nextBilling.list({ name: "listRingGroups", apiMethod: "manageRingGroups", id: index }),
            ),
        );
        expect(stub.received()).toBe(10);
        expect(stub.peak()).toBe(2);
    });
});
