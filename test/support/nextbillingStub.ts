/**
 * NextBilling against a server that answers word for word what a test tells it (stubServer.ts): the
 * real client against a stub, or a resource's provider as a fresh process has it; every request read
 * back whole. One stub per test, closed after it with the provider runtime reset.
 */
import { NextBillingClient } from "../../provider/nextbilling/client";
import { configureFromEngine, resetRuntime } from "../../provider/runtime";
import { vendorFixture } from "./fixtures";
import { startStub, type StubAnswer, type StubRequest, type StubServer } from "./stubServer";

/** The token and key the stub's client and provider are configured with (they appear in every request path). */
export const TOKEN = "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990";
export const KEY = "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629";

/** The documented listDevices example is cut short in the only copy there is: closed here, its content untouched. */
export function closedListDevices(): string {
    return vendorFixture("nextbilling", "listDevices.truncated.txt").trimEnd().replace(/,$/, "") + "}]}]}";
}

export type StubAnswering = (request: StubRequest) => StubAnswer;

export interface NextBillingStub {
    /** The running test's stub server (started by `serving` or `provider`). */
    readonly stub: StubServer;
    /** The real client against a new stub that answers `answer`. */
    serving(answer: StubAnswering): Promise<NextBillingClient>;
    /** `resourceProvider` of a fresh process (empty caches, no retries), configured against a new stub that answers `answer`, and with `config`. */
    provider<P>(resourceProvider: P, answer: StubAnswering, config?: Record<string, string>): Promise<P>;
    /** The stub's requests so far, the JSON body parsed (null for none). */
    requests(): { method: string; path: string; query: Record<string, string>; body: unknown }[];
}

/** Registers the after-each cleanup: call it at the top of a test file. */
export function useNextBillingStub(): NextBillingStub {
    let stub: StubServer | undefined;
    afterEach(async () => {
        await stub?.close();
        stub = undefined;
        resetRuntime();
    });
    const start = async (answer: StubAnswering): Promise<StubServer> => (stub = await startStub(answer));
    return {
        get stub() {
            if (!stub) throw new Error("no stub server is running: start one with serving() or provider()");
            return stub;
        },
        async serving(answer) {
            const { url } = await start(answer);
            return new NextBillingClient({ url, token: TOKEN, key: KEY, tls: {}, debug: false, maxRetries: 0 });
        },
        async provider(resourceProvider, answer, config = {}) {
            const { url } = await start(answer);
            const values: Record<string, string> = {
                "telephony:nextbillingUrl": url,
                "telephony:nextbillingToken": TOKEN,
                "telephony:nextbillingKey": KEY,
                "telephony:httpMaxRetries": "0",
                ...config,
            };
            configureFromEngine({ get: (key: string) => values[key] });
            return resourceProvider;
        },
        requests: () =>
            stub!.requests.map(({ method, path, query, body }) => ({ method, path, query, body: body ? JSON.parse(body) : null })),
    };
}
