/**
 * One list per kind per customer per run, kept true by this process's own writes: N creates cost N
 * writes and one list, a record written through reads exactly as the vendor's own listing of it
 * (in every list shape the emulator can answer), deletes and failed writes are accounted for, and
 * what a cached list cannot see is still caught by the vendor's own checks. Against the emulator
 * over HTTP, for ring groups, DIDs and Directcall callbacks.
 */
import { callbackUrlProvider } from "../../provider/directcall/callbackUrl/provider";
import type { CallbackUrlInputs } from "../../provider/directcall/callbackUrl/schema";
import { didProvider } from "../../provider/nextbilling/did/provider";
import type { DidInputs } from "../../provider/nextbilling/did/schema";
import { ringGroupProvider } from "../../provider/nextbilling/ringGroup/provider";
import type { RingGroupInputs } from "../../provider/nextbilling/ringGroup/schema";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, VARIANT_PROFILES } from "../../sandbox";
import { useEmulator } from "../support/emulator";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:directcallUrl": sandbox.url,
    "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
    "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
    "telephony:httpTimeoutMs": "2000",
    "telephony:httpMaxRetries": "0",
}));

const counts = async () => (await emulator.admin.requests()).counts;
const RING_GROUPS_9 = "GET /api/manageRingGroups/{token}/{key}/9";
const ALL_DIDS = "GET /api/manageDID/{token}/{key}/0";
const CALLBACKS = "POST /voz/list-callback";

const group = (description: string): RingGroupInputs => ({
    customerId: 9,
    description,
    strategy: "ringall",
    devices: [1, 4],
    enabled: true,
});
const did = (number: string, overrides: Partial<DidInputs> = {}): DidInputs => ({
    customerId: 13,
    number,
    description: `DID ${number}`,
    routing: {
        type: "ip",
        deviceId: 30,
        primary: { ipAddress: "10.0.0.1", port: 5060 },
        backup: { ipAddress: "10.0.0.2", port: 5080, techPrefix: "55" },
    },
    supplier: { host: "192.168.0.2", port: 5060, username: "trunk01", additionalHosts: ["192.168.0.1"], register: true },
    supplierPassword: "trunk-secret",
    maxCalls: 4,
    playAudio: true,
    enabled: true,
    deletionPolicy: "delete",
    ...overrides,
});
const hook = (path: string, extra: Partial<CallbackUrlInputs> = {}): CallbackUrlInputs => ({
    url: `https://crm.example.com.br/hooks/${path}`,
    allowInsecureHttp: false,
    ...extra,
});

/** Creates as the engine does: check first, then create with what check answered. */
async function created<I extends object>(provider: typeof ringGroupProvider | typeof didProvider | typeof callbackUrlProvider, inputs: I) {
    const checked = await provider.check!({}, inputs as never);
    expect(checked.failures).toEqual([]);
    const { id, outs } = await provider.create(checked.inputs as never);
    return { id, outs: outs as Record<string, unknown> };
}

describe("N creates cost N writes and one list", () => {
    it("ring groups of one customer", async () => {
        await Promise.all(Array.from({ length: 12 }, (_, i) => ringGroupProvider.create(group(`Grupo ${i}`))));
        expect(await counts()).toEqual({ [RING_GROUPS_9]: 1, "PUT /api/manageRingGroups/{token}/{key}/0": 12 });
    });

    it("DIDs", async () => {
        await Promise.all(Array.from({ length: 12 }, (_, i) => didProvider.create(did(String(1130005000 + i)))));
        expect(await counts()).toEqual({ [ALL_DIDS]: 1, "PUT /api/manageDID/{token}/{key}": 12 });
    });

    it("callbacks, with one token", async () => {
        await Promise.all(Array.from({ length: 12 }, (_, i) => callbackUrlProvider.create(hook(String(i)))));
        expect(await counts()).toEqual({ "POST /request_token": 1, [CALLBACKS]: 1, "POST /voz/add-callback": 12 });
    });

    it("and the records this process made keep their twins out, with no list again", async () => {
        await ringGroupProvider.create(group("Recepção"));
        const twin = await ringGroupProvider.create(group(" recepção ")).catch((error: Error) => error);
        expect(twin).toBeInstanceOf(Error);
        expect((twin as Error).message).toContain("another resource of this same update created it moments ago");
        expect((await counts())[RING_GROUPS_9]).toBe(1);
    });
});

describe("a record written through reads as the vendor lists it", () => {
    const profiles = ["documented", "nested", "keyed"] as const satisfies readonly (keyof typeof VARIANT_PROFILES)[];

    /** What `read` answers from this process's cached list, then from a new process that lists anew. */
    async function cachedAndListed(provider: typeof ringGroupProvider, resources: { id: string; outs: Record<string, unknown> }[]) {
        const cached = await Promise.all(resources.map(({ id, outs }) => provider.read!(id, outs)));
        emulator.configure();
        await emulator.admin.clearRequests();
        const listed = await Promise.all(resources.map(({ id, outs }) => provider.read!(id, outs)));
        return { cached, listed };
    }

    it.each(profiles)("ring groups, created and updated (%s)", async (profile) => {
        await emulator.admin.setVariants({ profile });
        const a = await created(ringGroupProvider, group("A"));
        const b = await created(ringGroupProvider, { ...group("B"), strategy: "linear", devices: [19, 1, 23], enabled: false });
        const news = { ...group("A renamed"), strategy: "random" as const, devices: [23] };
        await ringGroupProvider.update!(a.id, a.outs, news);
        const { cached, listed } = await cachedAndListed(ringGroupProvider, [{ id: a.id, outs: a.outs }, b]);
        expect(cached).toEqual(listed);
        expect(cached[0]!.inputs).toMatchObject({ description: "A renamed", strategy: "random", devices: [23] });
        expect((await counts())[RING_GROUPS_9]).toBe(1);
    });

    it.each(profiles)("DIDs, created, updated in part and released (%s)", async (profile) => {
        await emulator.admin.setVariants({ profile });
        const full = await created(didProvider, did("1130006000"));
        // Released, it keeps at NextBilling what the release does not send (its supplier): so must the cached record.
        const bare = await created(didProvider, {
            customerId: 13,
            number: "1130006001",
            description: "Só fila",
            routing: { type: "queue", queueId: 12 },
            supplier: { host: "192.168.0.9" },
            enabled: true,
            deletionPolicy: "release",
        });
        const news = { ...did("1130006000"), description: "Renomeado", maxCalls: 9, routing: { type: "line" as const, deviceId: 31 } };
        await didProvider.update!(full.id, full.outs, news);
        await didProvider.delete!(bare.id, bare.outs);
        const { cached, listed } = await cachedAndListed(didProvider as never, [{ id: full.id, outs: { ...full.outs, ...news } }, bare]);
        expect(cached).toEqual(listed);
        expect(cached[0]!.inputs).toMatchObject({ description: "Renomeado", maxCalls: 9, routing: { type: "line", deviceId: 31 } });
        expect(cached[1]!.inputs).toMatchObject({
            customerId: 0,
            enabled: false,
            routing: { type: "audioTest" },
            supplier: { host: "192.168.0.9" },
        });
    });

    it.each(["documented", "keyed"] as const)("callbacks, with Basic auth and a PIN (%s)", async (profile) => {
        await emulator.admin.setVariants({ profile });
        const plain = await created(callbackUrlProvider, hook("plain"));
        const guarded = await created(callbackUrlProvider, {
            ...hook("guarded", { pin: "4321" }),
            basicAuth: { username: "directcall" },
            basicAuthPassword: "p@ss:wörd",
        });
        const { cached, listed } = await cachedAndListed(callbackUrlProvider as never, [plain, guarded]);
        expect(cached).toEqual(listed);
        expect(cached[1]!.inputs).toMatchObject({ pin: "4321", basicAuth: { username: "directcall" }, basicAuthPassword: "p@ss:wörd" });
    });
});

describe("deletes and failed writes", () => {
    it("a delete is written through: the record reads as gone, with no list again", async () => {
        const a = await ringGroupProvider.create(group("A"));
        await ringGroupProvider.delete!(a.id, a.outs);
        expect(await ringGroupProvider.read!(a.id, a.outs)).toEqual({ id: "", props: {} });
        const code = await callbackUrlProvider.create(hook("gone"));
        await callbackUrlProvider.delete!(code.id, code.outs);
        expect(await callbackUrlProvider.read!(code.id, code.outs)).toEqual({ id: "", props: {} });
        expect(await counts()).toMatchObject({ [RING_GROUPS_9]: 1, [CALLBACKS]: 1 });
    });

    it("a write that failed forgets the list: only the vendor can say what it holds now", async () => {
        const a = await ringGroupProvider.create(group("A"));
        await emulator.admin.setFaults({ failNext: [{ method: "POST", pathIncludes: "manageRingGroups", status: 503, count: 1 }] });
        await expect(ringGroupProvider.update!(a.id, a.outs, { ...group("A"), enabled: false })).rejects.toThrow("HTTP 503");
        await ringGroupProvider.read!(a.id, a.outs);
        expect((await counts())[RING_GROUPS_9]).toBe(2);
    });
});

describe("what a cached list cannot see", () => {
    it("a DID made in the panel after the list was fetched is refused by NextBilling's own unique-number check", async () => {
        await didProvider.create(did("1130007000"));
        await emulator.admin.dids.create({ customer_id: 13, did_number: "1130007001", description: "Feito no painel" });
        const error = await didProvider.create(did("1130007001")).catch((e: Error) => e);
        expect(error).toMatchObject({ name: "ConflictError", property: "number" });
        expect((error as Error).message).toContain("DID já cadastrado: 1130007001");
        expect((await emulator.admin.state()).nextbilling.dids.filter((record) => record.did_number === "1130007001")).toHaveLength(1);
    });

    it("the next run lists again and sees it", async () => {
        await ringGroupProvider.create(group("A"));
        const made = await emulator.admin.ringGroups.create({
            id_cliente: 9,
            descricao: "B",
            strategy: "ringall",
            devices: [1],
            status: 1,
        });
        emulator.configure();
        const error = await ringGroupProvider.create(group("B")).catch((e: Error) => e);
        expect((error as Error).message).toContain(`already exists (record ${made.id})`);
    });
});
