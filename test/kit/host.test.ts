/**
 * Through the real dynamic-provider host over gRPC (bench/host.ts), as the engine drives it:
 * concurrent Creates of one natural key make one record, and `configure`, which the host calls
 * once per resource type, keeps the clients, caches, limiter and Directcall token of the process
 * when the settings are the same. The host loads the built package (dist/): `npm test` builds first.
 */
import { Config } from "@pulumi/pulumi/cmd/dynamic-provider/config";
import { ProviderCallError, ProviderHost, providerOf, urnOf, type Bag } from "../../bench/host";
import { configureFromEngine, directcallClient, limiterFor, nextBillingClient, resetRuntime } from "../../provider/runtime";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";

let sandbox: Sandbox;
let admin: SandboxAdmin;
let config: Record<string, string>;

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
    config = {
        "telephony:nextbillingUrl": sandbox.url,
        "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
        "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
        "telephony:directcallUrl": sandbox.url,
        "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
        "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
        "telephony:erixUrl": sandbox.url,
    };
});
afterAll(() => sandbox.close());
beforeEach(async () => {
    await admin.reset();
    // Latency, so that concurrent calls really overlap at the vendor.
    await admin.setFaults({ latencyMs: 30 });
});

const TYPES = {
    ringGroup: "pulumi-nodejs:dynamic/telephony/nextbilling:RingGroup",
    did: "pulumi-nodejs:dynamic/telephony/nextbilling:Did",
    callback: "pulumi-nodejs:dynamic/telephony/directcall:CallbackUrl",
    agent: "pulumi-nodejs:dynamic/telephony/erix:AgentSession",
};

async function withHost<T>(run: (host: ProviderHost) => Promise<T>): Promise<T> {
    const host = await ProviderHost.start();
    try {
        await host.configure(config);
        return await run(host);
    } finally {
        await host.stop();
    }
}

/** Check, then Create with what Check answered, as the engine does. */
async function create(host: ProviderHost, type: string, name: string, news: Bag) {
    const urn = urnOf(type, name);
    const checked = await host.check(urn, {}, news);
    expect(checked.failures).toEqual([]);
    return { urn, ...(await host.create(urn, checked.inputs)), inputs: checked.inputs };
}

describe("concurrent Creates of one natural key through the real host", () => {
    it.each([
        [
            "ring group",
            TYPES.ringGroup,
            {
                customerId: 9,
                description: "Ramais Recepção",
                strategy: "linear",
                devices: [1, 4],
                __provider: providerOf("nextbilling-ringgroup"),
            },
            'customer 9 and description "Ramais Recepção"',
            async () => (await admin.state()).nextbilling.ringGroups.filter((group) => group.id_cliente === 9),
        ],
        [
            "DID",
            TYPES.did,
            {
                customerId: 13,
                number: "1130001000",
                description: "Vendas",
                routing: { type: "queue", queueId: 12 },
                __provider: providerOf("nextbilling-did"),
            },
            "number 1130001000",
            async () => (await admin.state()).nextbilling.dids.filter((did) => did.did_number === "1130001000"),
        ],
        [
            "callback",
            TYPES.callback,
            { url: "https://crm.example.com.br/hooks/directcall", pin: "42", __provider: providerOf("directcall-callbackurl") },
            "url https://crm.example.com.br/hooks/directcall and pin 42",
            async () =>
                (await admin.state()).directcall.callbacks.filter((callback) => callback.url.startsWith("https://crm.example.com.br")),
        ],
    ])("%s: one record at the vendor; the other Creates fail naming the key", async (_kind, type, news, key, records) => {
        await withHost(async (host) => {
            const checked = await host.check(urnOf(type, "r0"), {}, news);
            expect(checked.failures).toEqual([]);
            const outcomes = await Promise.all(
                Array.from({ length: 8 }, (_, index) =>
                    host.create(urnOf(type, `r${index}`), checked.inputs).catch((error: ProviderCallError) => error),
                ),
            );
            const refused = outcomes.filter((outcome): outcome is ProviderCallError => outcome instanceof ProviderCallError);
            expect(outcomes.length - refused.length).toBe(1);
            expect(refused).toHaveLength(7);
            for (const error of refused) {
                expect(error.code).toBe(2); // gRPC UNKNOWN: the provider's own error, its text as is
                expect(error.details).toContain(key);
                expect(error.details).toContain("another resource of this same update created it moments ago");
            }
        });
        expect(await records()).toHaveLength(1);
    });
});

describe("configure, once per resource type with the same settings", () => {
    it("keeps the process's clients, caches and token: one token request and one list per customer in a run of all four types", async () => {
        await admin.clearRequests();
        await withHost(async (host) => {
            // Each type's first call makes the host configure that type's provider: four configures in this run.
            const group = await create(host, TYPES.ringGroup, "reception", {
                customerId: 9,
                description: "Recepção",
                strategy: "ringall",
                devices: [1],
                __provider: providerOf("nextbilling-ringgroup"),
            });
            const hook = await create(host, TYPES.callback, "crm", {
                url: "https://crm.example.com.br/hooks/a",
                __provider: providerOf("directcall-callbackurl"),
            });
            const number = await create(host, TYPES.did, "sales", {
                customerId: 13,
                number: "1130001000",
                description: "Vendas",
                routing: { type: "queue", queueId: 12 },
                __provider: providerOf("nextbilling-did"),
            });
            const agent = await create(host, TYPES.agent, "maria", {
                agent: "maria",
                extension: "2001",
                queue: "vendas",
                __provider: providerOf("erix-agentsession"),
            });
            // After every type was configured, the first ones still use what they built.
            const more = await create(host, TYPES.callback, "crm-b", {
                url: "https://crm.example.com.br/hooks/b",
                __provider: providerOf("directcall-callbackurl"),
            });
            for (const resource of [group, hook, number, more]) {
                const read = await host.read(resource.urn, resource.id, resource.outputs, resource.inputs);
                expect(read.id).toBe(resource.id);
            }
            expect(agent.id).not.toBe("");
        });
        const counts = (await admin.requests()).counts;
        expect(await admin.directcall.tokenRequests()).toBe(1);
        expect(counts["GET /api/manageRingGroups/{token}/{key}/9"]).toBe(1);
        expect(counts["GET /api/manageDID/{token}/{key}/0"]).toBe(1);
        expect(counts["POST /voz/list-callback"]).toBe(1);
    });

    it("in process, with the host's own Config: the same settings keep every client, cache and limiter; other settings start afresh", () => {
        resetRuntime();
        try {
            configureFromEngine(new Config({ ...config }, "bench"));
            const nextBilling = nextBillingClient();
            const directcall = directcallClient();
            const limiter = limiterFor(sandbox.url);
            // The host hands each type's provider a new Config over the same raw config.
            configureFromEngine(new Config({ ...config }, "bench"));
            expect(nextBillingClient()).toBe(nextBilling);
            expect(nextBillingClient().lists).toBe(nextBilling.lists);
            expect(directcallClient()).toBe(directcall);
            expect(limiterFor(sandbox.url)).toBe(limiter);
            configureFromEngine(new Config({ ...config, "telephony:maxConcurrentRequests": "2" }, "bench"));
            expect(nextBillingClient()).not.toBe(nextBilling);
            expect(limiterFor(sandbox.url)).not.toBe(limiter);
            expect(limiterFor(sandbox.url).max).toBe(2);
        } finally {
            resetRuntime();
        }
    });
});
