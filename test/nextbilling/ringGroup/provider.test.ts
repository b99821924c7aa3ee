/**
 * The RingGroup provider's methods against the emulator over real HTTP: the wire format of every
 * vendor call (checked against seed 000), caching, duplicates, adoption, lost answers and faults.
 */
import { ConflictError, InvalidInputError, NotFoundError } from "../../../provider/http/errors";
import { ringGroupProvider } from "../../../provider/nextbilling/ringGroup/provider";
import type { RingGroupInputs } from "../../../provider/nextbilling/ringGroup/schema";

type RingGroupOutputs = RingGroupInputs & { recordId: number };
import { DEMO_CREDENTIALS } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpTimeoutMs": "2000",
}));

const vendorRequests = async () => (await emulator.admin.requests()).requests;
/** Customer 9's groups: the seed has none; other customers' seeded groups are not these tests' business. */
const ringGroupsInEmulator = async () => (await emulator.admin.state()).nextbilling.ringGroups.filter((group) => group.id_cliente === 9);

const reception: RingGroupInputs = {
    customerId: 9,
    description: "Ramais Recepção",
    strategy: "linear",
    devices: [1, 4, 19, 23],
    enabled: true,
};
const LIST_9 = "/api/manageRingGroups/{token}/{key}/9";
const ZERO = "/api/manageRingGroups/{token}/{key}/0";

describe("wire format of manageRingGroups, as in seed 000", () => {
    it("create: lists the customer's groups, then PUT .../0 with the seed's JSON body", async () => {
        const created = await ringGroupProvider.create(reception);
        const requests = await vendorRequests();
        expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${LIST_9}`, `PUT ${ZERO}`]);
        expect(requests[1].query).toEqual({});
        // The seed's own example: {"id_cliente": 9, "descricao": "Ramais Recepção", "strategy": "linear", "devices": [1,4,19,23], "status": 1}
        expect(requests[1].body).toEqual({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "linear",
            devices: [1, 4, 19, 23],
            status: 1,
        });
        expect(created.outs).toEqual({ ...reception, recordId: Number(created.id) });
    });

    it("read: GET .../{customerId}, values parsed from the strings NextBilling lists", async () => {
        const { id } = await ringGroupProvider.create(reception);
        await emulator.configure(); // a new process: empty cache
        const read = await ringGroupProvider.read!(id, { ...reception, recordId: Number(id) });
        const requests = await vendorRequests();
        expect(requests.at(-1)).toMatchObject({ method: "GET", path: LIST_9, query: {}, body: null });
        expect(read).toEqual({ id, props: { ...reception, recordId: Number(id) }, inputs: reception });
    });

    it("update: POST .../0 with id_record and every field", async () => {
        const { id, outs } = await ringGroupProvider.create(reception);
        const news = { ...reception, strategy: "ringall" as const, devices: [1, 4], enabled: false };
        const updated = await ringGroupProvider.update!(id, outs, news);
        const post = (await vendorRequests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: ZERO, query: {} });
        expect(post.body).toEqual({
            id_record: Number(id),
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "ringall",
            devices: [1, 4],
            status: 0,
        });
        expect(updated.outs).toEqual({ ...news, recordId: Number(id) });
        expect(await ringGroupsInEmulator()).toEqual([expect.objectContaining({ strategy: "ringall", devices: [1, 4], status: 0 })]);
    });

    it("delete: DELETE .../0?id_record=N without a body", async () => {
        const { id, outs } = await ringGroupProvider.create(reception);
        await ringGroupProvider.delete!(id, outs);
        expect((await vendorRequests()).at(-1)).toMatchObject({
            method: "DELETE",
            path: ZERO,
            query: { id_record: id },
            body: null,
            status: 200,
        });
        expect(await ringGroupsInEmulator()).toEqual([]);
    });
});

describe("RingGroup provider", () => {
    it("refreshes many groups with one list call per customer", async () => {
        const groups: { id: string; outs: RingGroupOutputs }[] = [];
        for (const [customerId, description, devices] of [
            [9, "A", [1]],
            [9, "B", [4]],
            [9, "C", [19]],
            [13, "D", [30]],
            [13, "E", [31]],
        ] as const) {
            const created = await ringGroupProvider.create({
                customerId,
                description,
                strategy: "ringall",
                devices: [...devices],
                enabled: true,
            });
            groups.push(created as never);
        }
        await emulator.configure();
        await emulator.admin.clearRequests();
        await Promise.all(groups.map((g) => ringGroupProvider.read!(g.id, g.outs)));
        const counts = (await emulator.admin.requests()).counts;
        expect(counts).toEqual({ [`GET ${LIST_9}`]: 1, "GET /api/manageRingGroups/{token}/{key}/13": 1 });
    });

    it("keeps a customer's cached list true after a write to it, without listing again", async () => {
        const { id, outs } = await ringGroupProvider.create(reception);
        await ringGroupProvider.read!(id, outs);
        await ringGroupProvider.update!(id, outs, { ...reception, enabled: false });
        const read = await ringGroupProvider.read!(id, outs);
        expect(read.props).toMatchObject({ enabled: false });
        expect((await emulator.admin.requests()).counts[`GET ${LIST_9}`]).toBe(1);
    });

    it("drops a group deleted out of band from state, and deleting it again succeeds", async () => {
        const { id, outs } = await ringGroupProvider.create(reception);
        await emulator.admin.ringGroups.remove(Number(id));
        await emulator.configure();
        expect(await ringGroupProvider.read!(id, outs)).toEqual({ id: "", props: {} });
        await expect(ringGroupProvider.delete!(id, outs)).resolves.toBeUndefined();
    });

    it("refuses to create a twin of an existing group, naming its record id and importId", async () => {
        const existing = await emulator.admin.ringGroups.create({
            id_cliente: 9,
            descricao: "ramais recepção",
            strategy: "ringall",
            devices: [1],
            status: 1,
        });
        const error = await ringGroupProvider.create(reception).catch((e) => e);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error.message).toContain(`(record ${existing.id})`);
        expect(error.message).toContain(`importId: ${existing.id}`);
        expect((await vendorRequests()).filter((r) => r.method === "PUT")).toHaveLength(0);
    });

    it("adopts an existing group with importId: no create, one update to the declared inputs", async () => {
        const existing = await emulator.admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "ringall",
            devices: [1, 4],
            status: 1,
        });
        const adopted = await ringGroupProvider.create({ ...reception, importId: existing.id });
        expect(adopted).toEqual({ id: String(existing.id), outs: { ...reception, importId: existing.id, recordId: existing.id } });
        expect((await vendorRequests()).map((r) => r.method)).toEqual(["GET", "POST"]);
        expect(await ringGroupsInEmulator()).toEqual([
            expect.objectContaining({ id: existing.id, strategy: "linear", devices: [1, 4, 19, 23] }),
        ]);
    });

    it("adopting a group already as declared makes no write", async () => {
        const existing = await emulator.admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "linear",
            devices: [1, 4, 19, 23],
            status: 1,
        });
        await ringGroupProvider.create({ ...reception, importId: existing.id });
        expect((await vendorRequests()).map((r) => r.method)).toEqual(["GET"]);
    });

    it("reports an importId that does not exist against importId", async () => {
        const error = await ringGroupProvider.create({ ...reception, importId: 999 }).catch((e) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.property).toBe("importId");
        expect(error.message).toContain("there is no ring group 999 of customer 9; check importId and customerId");
    });

    it("does not create a second group when the create's answer is lost after the vendor applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageRingGroups", count: 1 }] });
        const created = await ringGroupProvider.create(reception);
        const groups = await ringGroupsInEmulator();
        expect(groups).toHaveLength(1);
        expect(created.id).toBe(String(groups[0].id));
        expect((await vendorRequests()).filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("keeps the vendor's text and names the call when NextBilling refuses", async () => {
        const error = await ringGroupProvider.create({ ...reception, devices: [1, 99] }).catch((e) => e);
        expect(error).toBeInstanceOf(InvalidInputError);
        expect(error.message).toMatch(/^NextBilling createRingGroup \(PUT \/api\/manageRingGroups\/\*\*\*\/\*\*\*\/0\), HTTP 200 failed: /);
        expect(error.vendorReason).toContain("99");
    });

    it("recovers from 429 with Retry-After, 503 and a hung request on reads", async () => {
        await emulator.configure({ "telephony:httpTimeoutMs": "300" });
        await emulator.admin.setFaults({
            failNext: [
                { status: 429, retryAfter: 0, method: "GET", pathIncludes: "manageRingGroups", count: 1 },
                { status: 503, method: "GET", pathIncludes: "manageRingGroups", count: 1 },
            ],
            hangNext: [{ method: "GET", pathIncludes: "manageRingGroups", count: 1 }],
        });
        const created = await ringGroupProvider.create(reception);
        expect(Number(created.id)).toBeGreaterThan(0);
        const gets = (await vendorRequests()).filter((r) => r.method === "GET");
        expect(gets.length).toBeGreaterThanOrEqual(4);
    });

    it("rejects bad credentials as an authentication error without printing them", async () => {
        await emulator.configure({ "telephony:nextbillingKey": "wrong-key-0000" });
        const error = await ringGroupProvider.read!("1", { ...reception, recordId: 1 }).catch((e) => e);
        expect(error.name).toBe("AuthenticationError");
        expect(error.message).not.toContain("wrong-key-0000");
        expect(error.message).not.toContain(DEMO_CREDENTIALS.token);
    });
});
