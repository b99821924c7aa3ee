/**
 * A request the vendor must refuse (NextBilling answers 413 past 128 KB) is refused at check,
 * naming the property and the limit, before anything is sent; so is a value nested deep enough
 * to overflow a validator, and a URL with a control character in it.
 */
import { callbackUrlProvider } from "../../provider/directcall/callbackUrl/provider";
import { agentSessionProvider } from "../../provider/erix/agentSession/provider";
import { MAX_INPUT_DEPTH, UNKNOWN } from "../../provider/kit/check";
import { LIMITS, MAX_INTEGER } from "../../provider/kit/schemaParts";
import { didProvider } from "../../provider/nextbilling/did/provider";
import { ringGroupProvider } from "../../provider/nextbilling/ringGroup/provider";
import { timeProfileProvider } from "../../provider/nextbilling/timeProfile/provider";
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

    it("30,000 devices, one of them not known yet: the length is known at preview, so it fails there", async () => {
        const devices: unknown[] = Array.from({ length: 30_000 }, (_, i) => i + 1);
        devices.push(UNKNOWN);
        expect(await failure(ringGroupProvider, { ...group, devices }, "devices")).toContain(
            `must hold at most ${LIMITS.list} NextBilling line ids`,
        );
        // A list of a sane length with unknown items still passes: they are judged at create.
        const { failures = [] } = await ringGroupProvider.check({}, { ...group, devices: [1, UNKNOWN] });
        expect(failures).toEqual([]);
    });

    it("a list's rules over its known items hold at preview whatever its unknown items turn out to be", async () => {
        expect(await failure(ringGroupProvider, { ...group, devices: [1, 1, UNKNOWN] }, "devices")).toContain("must not repeat");
        // Three intervals, one an output: NextBilling has two per day, which is known now.
        const profile = { customerId: 13, description: "Horário", week: { mon: [UNKNOWN, UNKNOWN, UNKNOWN] } };
        expect(await failure(timeProfileProvider, profile, "week.mon")).toContain("at most 2 intervals");
        // Nothing that the unknown items could still make right or wrong is judged now.
        for (const devices of [
            [1, UNKNOWN],
            [UNKNOWN, UNKNOWN],
            [UNKNOWN, 1, UNKNOWN],
        ]) {
            expect((await ringGroupProvider.check({}, { ...group, devices })).failures ?? []).toEqual([]);
        }
        const ordered = { mon: [["08:00", "12:00"], UNKNOWN] };
        expect((await timeProfileProvider.check({}, { ...profile, week: ordered })).failures ?? []).toEqual([]);
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

    it("a refused value with credentials in it is quoted without them, whatever the password's characters", async () => {
        for (const [url, secret] of [
            ["https://:B4s1cPW@crm.example.com.br/x", "B4s1cPW"],
            ['https://u:B4s"1c PW/x@crm.example.com.br/x', 'B4s"1c'],
        ]) {
            const reason = await failure(callbackUrlProvider, { url }, "url");
            expect(reason).not.toContain(secret!);
            expect(reason).toContain("***@crm.example.com.br");
        }
        const host = await failure(
            didProvider,
            { ...did, routing: { type: "ipTrunk" }, supplier: { host: "trunk01:Sup3rS3cret@sip.example.com.br" } },
            "supplier.host",
        );
        expect(host).not.toContain("Sup3rS3cret");
    });

    it("a huge or a myriad of unknown properties: a few failures, each short (no edit distance over 200 KB or 50,000 names)", async () => {
        const { failures = [] } = await ringGroupProvider.check({}, { ...group, ["k".repeat(200_000)]: 1 });
        expect(failures).toEqual([{ property: expect.stringMatching(/^k{64}… \(200000 characters\)$/), reason: expect.any(String) }]);
        expect(failures[0]!.reason.length).toBeLessThan(600);
        const many = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`extra${i}`, i]));
        const { failures: listed = [] } = await ringGroupProvider.check({}, { ...group, ...many });
        expect(listed).toHaveLength(21);
        expect(listed).toContainEqual({ property: "(inputs) (more)", reason: "(inputs) has 49980 more unknown properties" });
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
            devices: Array.from({ length: LIMITS.list }, () => MAX_INTEGER),
        });
        expect(Buffer.byteLength(body)).toBeLessThan((128 * 1024) / 4);
    });
});
