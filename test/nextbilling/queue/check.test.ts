/**
 * Queue check and diff: every input's bad value refused at preview naming the property and what is
 * allowed, the rule between type and playAgentAudio, references to the customer's lines and queues
 * checked against one list each (those already known; unknown ones left to the vendor), and what a
 * change to each field does. Lists come from a stub server (tenantStub.ts).
 */
import { UNKNOWN } from "../../../provider/kit/check";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";
import { queueProvider } from "../../../provider/nextbilling/queue/provider";
import { queueFields } from "../../../provider/nextbilling/queue/schema";
import { resetRuntime } from "../../../provider/runtime";
import { QUEUE_DEFAULTS as DEFAULTS, everything as everyInput } from "./fixtures";
import { startStub } from "../../support/stubServer";
import { startTenantStub, type TenantStub } from "./tenantStub";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(queueFields, olds, news);

let tenant: TenantStub;
beforeAll(async () => {
    tenant = await startTenantStub();
});
afterAll(async () => {
    resetRuntime();
    await tenant.close();
});
beforeEach(() => {
    tenant.configure();
    tenant.clear();
});

const sales = { customerId: 13, description: "Fila Vendas Nova", devices: [30, 31] };

async function failures(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
    const result = await queueProvider.check!(olds, { __provider: "serialized", ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("Queue check", () => {
    it("accepts a queue of only a customer and a description, with the vendor's defaults", async () => {
        const result = await queueProvider.check!({}, { customerId: 13, description: "Fila Vendas Nova" });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual({ customerId: 13, description: "Fila Vendas Nova", ...DEFAULTS });
    });

    it("accepts every input at once", async () => {
        const everything = { ...everyInput, ...sales, importId: 12 };
        const result = await queueProvider.check!({}, everything);
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual(everything);
    });

    it("reports one failure per bad input, each naming the property and what is allowed", async () => {
        const found = await failures({
            customerId: -1,
            description: "  ",
            strategy: "roundrobin",
            devices: [30, 30],
            musicOnHold: "loud",
            announceAudioId: 0,
            announceFrequencySeconds: -5,
            announceHoldTime: "yes",
            announcePosition: 1,
            retrySeconds: 1.5,
            timeoutSeconds: 0,
            wrapUpSeconds: 90_000,
            reportHoldTime: "no",
            ringInUse: null,
            type: "premium",
            playAgentAudio: "on",
            overflowQueueId: -2,
            importId: 0,
        });
        expect(found).toEqual({
            customerId: "customerId must be a NextBilling customer id: a positive integer; got -1",
            description: expect.stringContaining("not empty"),
            strategy: 'strategy must be one of "ringall", "rrmemory", "random", "fewestcalls", "linear"; got "roundrobin"',
            devices: "devices must not repeat a NextBilling line id; got [30,30]",
            musicOnHold: 'musicOnHold must be one of "default", "custom"; got "loud"',
            announceAudioId: "announceAudioId must be a NextBilling audio id: a positive integer; got 0",
            announceFrequencySeconds: expect.stringContaining("a whole number of seconds from 0 to 86400; got -5"),
            announceHoldTime: 'announceHoldTime must be true or false; got "yes"',
            announcePosition: "announcePosition must be true or false; got 1",
            retrySeconds: expect.stringContaining("a whole number of seconds from 0 to 86400; got 1.5"),
            timeoutSeconds: "timeoutSeconds must be the longest wait in the queue: a whole number of seconds from 1 to 86400; got 0",
            wrapUpSeconds: expect.stringContaining("got 90000"),
            reportHoldTime: 'reportHoldTime must be true or false; got "no"',
            ringInUse: "ringInUse must be true or false; got null",
            type: 'type must be one of "basic", "power", "full"; got "premium"',
            playAgentAudio: 'playAgentAudio must be true or false; got "on"',
            overflowQueueId: "overflowQueueId must be a NextBilling queue id (0 = none): an integer of 0 or more; got -2",
            importId: "importId must be a queue record id: a positive integer; got 0",
        });
        expect(tenant.requests()).toEqual([]); // bad input never reaches the vendor
    });

    it("names the exact element of a bad line id, and refuses a list that is not one", async () => {
        expect((await failures({ ...sales, devices: [30, 2.5] }))["devices[1]"]).toBe(
            "devices[1] must be NextBilling line id: a positive integer; got 2.5",
        );
        expect((await failures({ ...sales, devices: "30,31" })).devices).toBe(
            'devices must be a list of NextBilling line ids; got "30,31"',
        );
        expect((await failures({ ...sales, devices: Array.from({ length: 501 }, (_, i) => i + 1) })).devices).toContain("at most 500");
        expect((await failures({ description: "x" })).customerId).toContain("it is missing");
        expect((await failures({ customerId: 13 })).description).toContain("it is missing");
    });

    it("rejects unknown properties with a did-you-mean hint", async () => {
        const found = await failures({ ...sales, strategi: "linear", overflowQueue: 14 });
        expect(found.strategi).toMatch(
            /^unknown property "strategi": did you mean "strategy"\? Allowed properties: customerId, description, strategy/,
        );
        expect(found.overflowQueue).toContain('did you mean "overflowQueueId"?');
    });

    it("an empty queue is allowed (agents come and go), and an overflow of 0 is none", async () => {
        const result = await queueProvider.check!({}, { ...sales, devices: [], overflowQueueId: 0 });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual({ ...DEFAULTS, ...sales, devices: [] });
    });

    it("refuses playAgentAudio outside a full queue, and takes it in one", async () => {
        const reason = (await failures({ ...sales, playAgentAudio: true })).playAgentAudio;
        expect(reason).toBe(
            'playAgentAudio plays hold music to agents only in a "full" queue (queue_type 2), and this queue\'s type is "basic": set type "full", or leave playAgentAudio out',
        );
        expect((await failures({ ...sales, type: "power", playAgentAudio: true })).playAgentAudio).toContain(
            'this queue\'s type is "power"',
        );
        expect(await failures({ ...sales, type: "full", playAgentAudio: true })).toEqual({});
        expect(await failures({ ...sales, type: "basic", playAgentAudio: false })).toEqual({});
        // A type not known yet may be "full": left to the check at `up`.
        expect(await failures({ ...sales, type: UNKNOWN, playAgentAudio: true })).toEqual({});
    });

    it("refuses a queue that overflows into itself, as far as check can know its id (its importId)", async () => {
        expect((await failures({ ...sales, overflowQueueId: 12, importId: 12 })).overflowQueueId).toBe(
            "overflowQueueId: queue 12 is this queue itself; its overflow must be another of the customer's queues",
        );
        expect(await failures({ ...sales, overflowQueueId: 14, importId: 12 })).toEqual({});
    });

    it("checks lines and the overflow queue against the customer's lists, naming the property and the choices", async () => {
        const found = await failures({ ...sales, devices: [30, 99], overflowQueueId: 98 });
        expect(found).toEqual({
            "devices[1]": "devices[1]: customer 13 has no line 99; its lines: 30 (Caixa), 31 (Vendas), 32 (Estoque)",
            overflowQueueId: "overflowQueueId: customer 13 has no queue 98; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
        });
        expect(tenant.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
            "GET /api/listDevices/{token}/{key}/13",
            "GET /api/manageQueue/{token}/{key}/13",
        ]);
    });

    it("lists each kind once per customer, however many queues are checked", async () => {
        for (const description of ["A", "B", "C"]) await queueProvider.check!({}, { ...sales, description, overflowQueueId: 12 });
        expect(tenant.requests()).toHaveLength(2);
    });

    it("skips references unknown at preview, and still checks and validates the known ones beside them", async () => {
        const unknownLine = await queueProvider.check!({}, { ...sales, devices: [UNKNOWN, 31], overflowQueueId: UNKNOWN });
        expect(unknownLine.failures).toEqual([]);
        expect(unknownLine.inputs).toMatchObject({ devices: [UNKNOWN, 31], overflowQueueId: UNKNOWN });

        expect(await failures({ ...sales, devices: [UNKNOWN, 99] })).toEqual({
            "devices[1]": "devices[1]: customer 13 has no line 99; its lines: 30 (Caixa), 31 (Vendas), 32 (Estoque)",
        });
        expect(await failures({ ...sales, devices: [UNKNOWN, -1] })).toEqual({
            "devices[1]": "devices[1] must be NextBilling line id: a positive integer; got -1",
        });
        // Two lines not known yet are not "a repeated line".
        expect(await failures({ ...sales, devices: [UNKNOWN, UNKNOWN] })).toEqual({});
    });

    it("checks nothing at the vendor while the customer is unknown", async () => {
        expect(await failures({ ...sales, customerId: UNKNOWN, devices: [99] })).toEqual({});
        expect(tenant.requests()).toEqual([]);
    });

    it("leaves references to NextBilling when a list cannot be read, with a warning", async () => {
        const writes = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        try {
            tenant.configure({ "telephony:nextbillingUrl": "http://127.0.0.1:9" });
            expect(await failures({ ...sales, devices: [99] })).toEqual({});
            expect(writes.mock.calls.map(([text]) => String(text)).join("")).toContain(
                "NextBilling listDevices could not be read (NextBilling listDevices (GET /api/listDevices/***/***/13) failed:",
            );
        } finally {
            writes.mockRestore();
        }
    });

    it("does not try a list that could not be read again at the next Check, which would wait for its retries too", async () => {
        let lineLists = 0;
        const stub = await startStub((request) => {
            if (request.path.includes("/listDevices/")) {
                lineLists++;
                return { status: 503, text: "Service Unavailable", contentType: "text/plain" };
            }
            return { text: '{"error":0,"reason":"OK","records":0,"data":[]}' };
        });
        const writes = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        try {
            tenant.configure({ "telephony:nextbillingUrl": stub.url, "telephony:httpMaxRetries": "1" });
            expect(await failures({ ...sales, devices: [99] })).toEqual({});
            expect(lineLists).toBe(2);
            expect(await failures({ ...sales, description: "Fila Outra", devices: [98] })).toEqual({});
            expect(lineLists).toBe(2);
            expect(writes.mock.calls.filter(([text]) => String(text).includes("listDevices could not be read"))).toHaveLength(1);
        } finally {
            writes.mockRestore();
            await stub.close();
        }
    });
});

describe("Queue diff", () => {
    const stored = { ...DEFAULTS, ...sales, recordId: 40, __provider: "x" };

    it("sees no change when only the provider code changed, or when an absent input equals its default", async () => {
        expect(await queueProvider.diff!("40", stored, { ...stored, __provider: "y" })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(changedFields({ customerId: 13, description: "Fila" }, { customerId: 13, description: "Fila", ...DEFAULTS })).toEqual([]);
        expect(changedFields(stored, { ...stored, importId: 40 })).toEqual([]);
    });

    it("replaces on customerId; every other input is an update in place", async () => {
        expect(await queueProvider.diff!("40", stored, { ...stored, customerId: 9 })).toMatchObject({
            changes: true,
            replaces: ["customerId"],
        });
        const everyOther = {
            description: "Fila",
            strategy: "linear",
            musicOnHold: "custom",
            announceAudioId: 23,
            announceFrequencySeconds: 30,
            announceHoldTime: true,
            announcePosition: true,
            retrySeconds: 6,
            timeoutSeconds: 31,
            wrapUpSeconds: 1,
            reportHoldTime: true,
            ringInUse: true,
            type: "full",
            playAgentAudio: true,
            overflowQueueId: 14,
        };
        for (const [name, value] of Object.entries(everyOther)) {
            expect(changedFields(stored, { ...stored, [name]: value })).toEqual([name]);
            expect(await queueProvider.diff!("40", stored, { ...stored, [name]: value })).toMatchObject({ changes: true, replaces: [] });
        }
    });

    it("treats the order of lines as meaningful only for a linear queue", () => {
        expect(changedFields(stored, { ...stored, devices: [31, 30] })).toEqual([]);
        expect(changedFields(stored, { ...stored, devices: [31] })).toEqual(["devices"]);
        const linear = { ...stored, strategy: "linear" };
        expect(changedFields(linear, { ...linear, devices: [31, 30] })).toEqual(["devices"]);
    });

    it("counts unknown values as changes", () => {
        expect(changedFields(stored, { ...stored, overflowQueueId: UNKNOWN })).toEqual(["overflowQueueId"]);
    });
});
