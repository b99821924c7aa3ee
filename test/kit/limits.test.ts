/**
 * A request the vendor must refuse (NextBilling answers 413 past 128 KB) is refused at check,
 * naming the property and the limit, before anything is sent; so is a value nested deep enough
 * to overflow a validator, and a URL with a control character in it.
 */
import { callbackUrlProvider } from "../../provider/directcall/callbackUrl/provider";
import { agentSessionProvider } from "../../provider/erix/agentSession/provider";
import { MAX_INPUT_DEPTH } from "../../provider/kit/check";
import { LIMITS } from "../../provider/kit/schemaParts";
import { didProvider } from "../../provider/nextbilling/did/provider";
import { ringGroupProvider } from "../../provider/nextbilling/ringGroup/provider";
import { configureFromEngine, resetRuntime } from "../../provider/runtime";

beforeAll(() =>
    configureFromEngine({
        get: (key: string) =>
            ({
                "telephony:nextbillingUrl": "http://127.0.0.1:9",
                "telephony:nextbillingToken": "t",
                "telephony:nextbillingKey": "k",
                "telephony:directcallClientId": "dev@example.com.br",
                "telephony:directcallClientSecret": "s",
                "telephony:erixUrl": "http://127.0.0.1:9",
            })[key],
    }),
);
afterAll(resetRuntime);

const group = { customerId: 9, description: "Recepção", strategy: "linear", devices: [1, 4] };
const did = { customerId: 13, number: "1130001000", description: "Vendas", routing: { type: "reverseCallback" } };
const hook = { url: "https://crm.example.com.br/hooks/directcall" };
const agent = { agent: "maria", extension: "2001", queue: "vendas", paused: true };

/** A check that could only fail at the vendor would reach it: these never leave the process (port 9 is closed). */
async function failure(
    provider: {
        check: (o: Record<string, unknown>, n: Record<string, unknown>) => Promise<{ failures?: { property: string; reason: string }[] }>;
    },
    news: Record<string, unknown>,
    property: string,
) {
    const { failures = [] } = await provider.check({}, news);
    const found = failures.find((candidate) => candidate.property === property);
    if (!found) throw new Error(`no failure on ${property}: ${JSON.stringify(failures)}`);
    return found.reason;
}

describe("inputs the vendor would refuse are refused at check", () => {
    it("a 200 KB description or annotation, with the limit named and the value not echoed whole", async () => {
        const huge = "x".repeat(200_000);
        const reason = await failure(ringGroupProvider, { ...group, description: huge }, "description");
        expect(reason).toContain(`must be at most ${LIMITS.text} characters`);
        expect(reason).toContain("(200000 characters)");
        expect(reason.length).toBeLessThan(400);
        expect(await failure(didProvider, { ...did, annotations: huge }, "annotations")).toContain(`at most ${LIMITS.notes} characters`);
    });

    it("30,000 devices", async () => {
        const devices = Array.from({ length: 30_000 }, (_, i) => i + 1);
        const reason = await failure(ringGroupProvider, { ...group, devices }, "devices");
        expect(reason).toContain(`must hold at most ${LIMITS.list} NextBilling line ids`);
        expect(reason).toContain("(30000 items)");
    });

    it("a 200 KB pause reason, so no agent is logged in and then left available", async () => {
        expect(await failure(agentSessionProvider, { ...agent, pauseReason: "x".repeat(200_000) }, "pauseReason")).toContain(
            `at most ${LIMITS.reason} characters`,
        );
    });

    it("a URL with a newline or a tab, which new URL() would silently drop", async () => {
        for (const url of [
            "https://crm.example.com.br/hooks/\ndirectcall",
            "https://crm.example.com.br/ho\toks",
            "https://crm.example.com.br/a b",
        ]) {
            expect(await failure(callbackUrlProvider, { ...hook, url }, "url")).toContain("without spaces or control characters");
        }
        expect(await failure(callbackUrlProvider, { url: `https://crm.example.com.br/${"a".repeat(LIMITS.url)}` }, "url")).toContain(
            `at most ${LIMITS.url} characters`,
        );
    });

    it("a description with a newline, where a panel field is one line", async () => {
        expect(await failure(ringGroupProvider, { ...group, description: "Recepção\nSala 2" }, "description")).toContain(
            "must be one line",
        );
    });

    it("deeply nested input: a failure naming the property, no stack overflow", async () => {
        let deep: unknown = 1;
        for (let i = 0; i < 200_000; i++) deep = [deep];
        const reason = await failure(ringGroupProvider, { ...group, devices: deep }, "devices");
        expect(reason).toBe(`devices nests deeper than ${MAX_INPUT_DEPTH} levels; no input of this resource is that deep`);
        let object: Record<string, unknown> = {};
        const root = object;
        for (let i = 0; i < 100_000; i++) object = object.next = {};
        expect(await failure(didProvider, { ...did, supplier: root }, "supplier")).toContain("nests deeper than");
    });

    it("the largest valid declaration stays far below the vendor's 128 KB", () => {
        const body = JSON.stringify({
            ...did,
            description: "x".repeat(LIMITS.text),
            annotations: "x".repeat(LIMITS.notes),
            supplier: { host: "a".repeat(253), additionalHosts: Array.from({ length: 32 }, () => "a".repeat(253)) },
            devices: Array.from({ length: LIMITS.list }, () => 2 ** 31),
        });
        expect(Buffer.byteLength(body)).toBeLessThan((128 * 1024) / 4);
    });
});
