/**
 * The Did provider's methods against the emulator over real HTTP: the wire format of every call
 * (against seed 001 and the assumptions of vendors.md), references, duplicates, adoption, release,
 * lost answers and servers that lack the assumed read and delete.
 */
import { UNKNOWN } from "../../../provider/kit/check";
import { didProvider } from "../../../provider/nextbilling/did/provider";
import type { DidInputs } from "../../../provider/nextbilling/did/schema";

type DidOutputs = DidInputs & { recordId: number };
import { DEMO_CREDENTIALS } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";
import { capturedStderr } from "../../support/stderr";
import { refusedTwin } from "../../support/twins";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpTimeoutMs": "2000",
}));

const DIDS = "/api/manageDID/{token}/{key}";

const requests = async () => (await emulator.admin.requests()).requests;
const storedDid = async (id: string | number) => (await emulator.admin.state()).nextbilling.dids.find((did) => did.id === Number(id));

/** The issue's own example: a queue DID with a supplier trunk. */
const salesLine: DidInputs = {
    customerId: 13,
    number: "1130001000",
    description: "Número Entrante Vendas",
    routing: { type: "queue", queueId: 12 },
    supplier: { host: "192.168.0.2", port: 5060, username: "trunk01", additionalHosts: ["192.168.0.1", "192.168.0.3"], register: true },
    supplierPassword: "trunk-secret-1",
    maxCalls: 30,
    enabled: true,
    deletionPolicy: "delete",
};

/** Runs check as the engine does first, then create. */
async function create(inputs: DidInputs): Promise<{ id: string; outs: DidOutputs }> {
    const checked = await didProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    return (await didProvider.create(checked.inputs as DidInputs)) as { id: string; outs: DidOutputs };
}

describe("wire format of manageDID", () => {
    it("create: finds the number free with GET .../0, then PUT /api/manageDID/T/K with every declared field", async () => {
        const { id, outs } = await create(salesLine);
        const log = await requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/manageQueue/{token}/{key}/13", `GET ${DIDS}/0`, `PUT ${DIDS}`]);
        expect(log[2].query).toEqual({});
        expect(log[2].body).toEqual({
            customer_id: 13,
            description: "Número Entrante Vendas",
            did_number: "1130001000",
            did_type: 5,
            did_type_id: 12,
            host: "192.168.0.2",
            port: 5060,
            username: "trunk01",
            host_additional: ["192.168.0.1", "192.168.0.3"],
            register: 1,
            password: "***", // masked by the emulator's log; the stored record has it
            max_calls: 30,
            status: 1,
        });
        expect((await storedDid(id))!.password).toBe("trunk-secret-1");
        expect(outs).toEqual({ ...salesLine, recordId: Number(id) });
    });

    it.each([
        [
            "ip",
            {
                type: "ip",
                deviceId: 30,
                primary: { ipAddress: "10.0.0.1", port: 5060, techPrefix: "55" },
                backup: { ipAddress: "10.0.0.2", port: 5080 },
            },
            { did_type: 0, device_id: 30, ip_address1: "10.0.0.1", port1: 5060, techprefix1: "55", ip_address2: "10.0.0.2", port2: 5080 },
        ],
        ["line", { type: "line", deviceId: 31 }, { did_type: 1, device_id: 31 }],
        ["extensionMenu", { type: "extensionMenu", deviceId: 31 }, { did_type: 4, device_id: 31 }],
        ["queue", { type: "queue", queueId: 14 }, { did_type: 5, did_type_id: 14 }],
        ["ivr", { type: "ivr", ivrId: 7 }, { did_type: 6, did_type_id: 7 }],
        ["reverseCallback", { type: "reverseCallback" }, { did_type: 8 }],
        ["reverseIvr", { type: "reverseIvr", deviceId: 32 }, { did_type: 9, device_id: 32 }],
        ["audioTest", { type: "audioTest" }, { did_type: 10 }],
    ])("routing %s reaches NextBilling as its did_type and companions, and reads back the same", async (_name, routing, vendor) => {
        const inputs = {
            ...salesLine,
            supplier: undefined,
            supplierPassword: undefined,
            maxCalls: undefined,
            routing,
        } as unknown as DidInputs;
        const { id, outs } = await create(inputs);
        expect(await storedDid(id)).toMatchObject(vendor);
        emulator.configure();
        const read = await didProvider.read!(id, outs);
        expect(read.props).toEqual(outs);
    });

    it("sends every field of the seed under its vendor name, and reads every one back", async () => {
        const everything: DidInputs = {
            ...salesLine,
            routing: {
                type: "ip",
                deviceId: 30,
                primary: { ipAddress: "10.0.0.1", port: 5060, techPrefix: "0#" },
                backup: { ipAddress: "10.0.0.2", port: 5070, techPrefix: "1*" },
            },
            ratePlanId: 3,
            costPlanId: 4,
            callerIdPrefix: "55",
            maxCalls: 12,
            playAudio: false,
            hideSupplierFromReseller: true,
            enableFixed: true,
            enableMobile: false,
            enableInternational: true,
            enabled: false,
            annotations: "Contrato 2026/01",
        };
        const { id, outs } = await create(everything);
        expect((await requests()).at(-1)!.body).toEqual({
            customer_id: 13,
            description: "Número Entrante Vendas",
            did_number: "1130001000",
            did_type: 0,
            device_id: 30,
            techprefix1: "0#",
            ip_address1: "10.0.0.1",
            port1: 5060,
            techprefix2: "1*",
            ip_address2: "10.0.0.2",
            port2: 5070,
            host: "192.168.0.2",
            port: 5060,
            username: "trunk01",
            host_additional: ["192.168.0.1", "192.168.0.3"],
            register: 1,
            password: "***",
            rate_id: 3,
            rate_cost_id: 4,
            callerid_add: "55",
            max_calls: 12,
            play_audio: 0,
            hide_from_reseller: 1,
            enable_fixed: 1,
            enable_mobile: 0,
            enable_ddi: 1,
            status: 0,
            annotations: "Contrato 2026/01",
        });
        emulator.configure();
        expect((await didProvider.read!(id, outs)).props).toEqual(outs);
    });

    it("read: from the one DID list (GET .../0) when the server has it; values parsed from strings; the password kept from state", async () => {
        const { id, outs } = await create(salesLine);
        emulator.configure();
        await emulator.admin.clearRequests();
        const read = await didProvider.read!(id, outs);
        expect(await requests()).toEqual([expect.objectContaining({ method: "GET", path: `${DIDS}/0`, query: {}, body: null })]);
        expect(read).toEqual({ id, props: outs, inputs: { ...salesLine } });
    });

    it("read: GET .../{id} of the record itself when it is not in the list, so a partial list never makes a DID look gone", async () => {
        const { id, outs } = await create(salesLine);
        emulator.configure();
        await emulator.admin.setVariants({ didLookup: "notFound" });
        await emulator.admin.clearRequests();
        const read = await didProvider.read!(id, outs);
        expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${DIDS}/0`, `GET ${DIDS}/${id}`]);
        expect(read).toEqual({ id, props: outs, inputs: { ...salesLine } });
    });

    it("update: POST .../{id} with every managed field; a policy change alone makes no call", async () => {
        const { id, outs } = await create(salesLine);
        const moved = { ...salesLine, customerId: 9, routing: { type: "ivr" as const, ivrId: 8 } };
        await didProvider.update!(id, outs, moved);
        const post = (await requests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: `${DIDS}/${id}`, query: {} });
        expect(post.body).toMatchObject({ customer_id: 9, did_type: 6, did_type_id: 8, did_number: "1130001000", password: "***" });
        expect(await storedDid(id)).toMatchObject({ customer_id: 9, did_type: 6, did_type_id: 8 });

        const before = (await requests()).length;
        await didProvider.update!(id, { ...moved, recordId: Number(id) }, { ...moved, deletionPolicy: "release" });
        expect((await requests()).length).toBe(before);
    });

    it("moves a number to the pool (customer 0) and back as updates", async () => {
        const { id, outs } = await create(salesLine);
        const forSale = { ...salesLine, customerId: 0, routing: { type: "audioTest" as const }, enabled: false };
        await didProvider.update!(id, outs, forSale);
        expect(await storedDid(id)).toMatchObject({ customer_id: 0, did_type: 10, status: 0 });
        await didProvider.update!(id, { ...forSale, recordId: Number(id) }, salesLine);
        expect(await storedDid(id)).toMatchObject({ customer_id: 13, did_type: 5, did_type_id: 12, status: 1 });
    });

    it("delete: DELETE /api/manageDID/T/K?id_record=N; deleting it again succeeds", async () => {
        const { id, outs } = await create(salesLine);
        await didProvider.delete!(id, outs);
        expect((await requests()).at(-1)).toMatchObject({
            method: "DELETE",
            path: DIDS,
            query: { id_record: id },
            body: null,
            status: 200,
        });
        expect(await storedDid(id)).toBeUndefined();
        await expect(didProvider.delete!(id, outs)).resolves.toBeUndefined();
    });

    it("release: POST .../{id} back to the pool, disabled, on a routing that needs nothing", async () => {
        const { id, outs } = await create({ ...salesLine, deletionPolicy: "release" });
        await didProvider.delete!(id, outs);
        const post = (await requests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: `${DIDS}/${id}` });
        expect(post.body).toEqual({
            customer_id: 0,
            status: 0,
            did_type: 10,
            did_number: "1130001000",
            description: "Número Entrante Vendas",
        });
        expect(await storedDid(id)).toMatchObject({ customer_id: 0, status: 0, did_number: "1130001000" });
    });
});

describe("Did provider", () => {
    it("skips a reference not known at preview (another resource's output), and still checks the known ones", async () => {
        await emulator.admin.clearRequests();
        const pending = await didProvider.check!({}, { ...salesLine, routing: { type: "queue", queueId: UNKNOWN } });
        expect(pending.failures).toEqual([]);
        expect((await requests()).filter((r) => r.path.includes("manageQueue"))).toEqual([]);
        const known = await didProvider.check!({}, { ...salesLine, routing: { type: "line", deviceId: 1 } });
        expect(known.failures![0]).toMatchObject({ property: "routing.deviceId" });
    });

    it("checks references against lists fetched once per customer, naming the property and the choices", async () => {
        await emulator.admin.clearRequests();
        const bad = await didProvider.check!({}, { ...salesLine, routing: { type: "queue", queueId: 99 } });
        expect(bad.failures).toEqual([
            {
                property: "routing.queueId",
                reason: "routing.queueId: customer 13 has no queue 99; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
            },
        ]);
        const line = await didProvider.check!({}, { ...salesLine, routing: { type: "line", deviceId: 1 } });
        expect(line.failures![0]).toMatchObject({
            property: "routing.deviceId",
            reason: expect.stringContaining("customer 13 has no line 1; its lines: 30 (Caixa)"),
        });
        const ivr = await didProvider.check!({}, { ...salesLine, routing: { type: "ivr", ivrId: 8 } });
        expect(ivr.failures![0].property).toBe("routing.ivrId");
        await didProvider.check!({}, { ...salesLine, number: "1130001001" });
        await didProvider.check!({}, { ...salesLine, number: "1130001002", routing: { type: "line", deviceId: 30 } });
        const { counts } = await emulator.admin.requests();
        expect(counts).toEqual({
            "GET /api/manageQueue/{token}/{key}/13": 1,
            "GET /api/listDevices/{token}/{key}/13": 1,
            "GET /api/manageIvr/{token}/{key}/0": 1,
            // The duplicate check's list of numbers, beside the first reference list, and once for all.
            "GET /api/manageDID/{token}/{key}/0": 1,
        });
    });

    it("checks nothing at the vendor for a DID of which nothing changes; a changed reference is checked", async () => {
        const stored = { ...salesLine };
        const same = await didProvider.check!(stored, stored);
        expect(same.failures).toEqual([]);
        expect((await emulator.admin.requests()).requests).toEqual([]);
        const moved = await didProvider.check!(stored, { ...stored, routing: { type: "queue", queueId: 99 } });
        expect(moved.failures).toEqual([expect.objectContaining({ property: "routing.queueId" })]);
        expect(Object.keys((await emulator.admin.requests()).counts)).toEqual(["GET /api/manageQueue/{token}/{key}/13"]);
    });

    it("reports a vendor refusal against the input it concerns, with the vendor's text", async () => {
        const error = await didProvider.create({ ...salesLine, routing: { type: "line", deviceId: 1 } }).catch((e) => e);
        expect(error.message).toBe(
            "routing.deviceId: NextBilling createDid (PUT /api/manageDID/***/***), HTTP 200 failed: Linha 1 não pertence ao cliente 13",
        );
        expect(error.property).toBe("routing.deviceId");
    });

    it("refuses to create a number that exists, naming its record and importId at preview, and again at create", async () => {
        const refusal = await refusedTwin(didProvider, { ...salesLine, number: "+55 (11) 3200-1000" });
        expect(refusal.message).toContain("a DID with number 1132001000 already exists (record 12)");
        expect(refusal.message).toContain("importId: 12");
        expect((await requests()).filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopts an existing DID with importId, updating it to the declared inputs", async () => {
        const adopted = await create({
            ...salesLine,
            customerId: 9,
            number: "11 3200-1000",
            routing: { type: "queue", queueId: 15 },
            importId: 12,
        });
        expect(adopted.id).toBe("12");
        expect(await storedDid(12)).toMatchObject({ customer_id: 9, did_type: 5, did_type_id: 15, description: "Número Entrante Vendas" });
        expect((await requests()).filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopting a DID already as declared makes no write", async () => {
        await create({
            customerId: 9,
            number: "1132001000",
            description: "Recepção Clínica",
            routing: { type: "line", deviceId: 1 },
            enabled: true,
            deletionPolicy: "delete",
            importId: 12,
        });
        expect((await requests()).map((r) => r.method)).toEqual(["GET", "GET"]); // listDevices for the check, then the read
    });

    it("refuses an importId whose record holds another number", async () => {
        const error = await create({ ...salesLine, importId: 12 }).catch((e) => e);
        expect(error.message).toContain("importId: ");
        expect(error.message).toContain("DID 12 is number 1132001000, not 1130001000");
    });

    it("does not create a second DID when the create's answer is lost after NextBilling applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageDID", count: 1 }] });
        const { id } = await create(salesLine);
        const withNumber = (await emulator.admin.state()).nextbilling.dids.filter((did) => did.did_number === "1130001000");
        expect(withNumber.map((did) => did.id)).toEqual([Number(id)]);
    });

    it("shows a supplier cleared in the panel as removed, so up restores it", async () => {
        const { id, outs } = await create(salesLine);
        await emulator.admin.dids.patch(Number(id), { host: "", port: null, username: "", host_additional: [] });
        emulator.configure();
        const read = await didProvider.read!(id, outs);
        expect(read.inputs!.supplier).toBeUndefined();
        expect(await didProvider.diff!(id, read.props!, salesLine)).toMatchObject({ changes: true, replaces: [] });
    });

    it("refreshes N DIDs with one list call, whatever their customers", async () => {
        const made: { id: string; outs: DidOutputs }[] = [];
        for (const [index, customerId, routing] of [
            [0, 13, { type: "queue", queueId: 12 }],
            [1, 13, { type: "ivr", ivrId: 7 }],
            [2, 9, { type: "line", deviceId: 1 }],
            [3, 9, { type: "queue", queueId: 15 }],
            [4, 0, { type: "audioTest" }],
            [5, 13, { type: "line", deviceId: 30 }],
        ] as const) {
            made.push(
                await create({
                    ...salesLine,
                    customerId,
                    number: String(1130008000 + index),
                    routing,
                    supplier: undefined,
                    supplierPassword: undefined,
                }),
            );
        }
        emulator.configure(); // a new process: the refresh's own
        await emulator.admin.clearRequests();
        const reads = await Promise.all(made.map(({ id, outs }) => didProvider.read!(id, outs)));
        expect(reads.map((read) => read.id)).toEqual(made.map(({ id }) => id));
        expect((await emulator.admin.requests()).counts).toEqual({ [`GET ${DIDS}/0`]: 1 });
    });

    it("drops a DID deleted out of band from state", async () => {
        const { id, outs } = await create(salesLine);
        await emulator.admin.dids.remove(Number(id));
        emulator.configure();
        expect(await didProvider.read!(id, outs)).toEqual({ id: "", props: {} });
    });

    describe("on a server without the assumed read and delete (404/405)", () => {
        const warnings = capturedStderr();

        it("refresh keeps the last known state, with a warning", async () => {
            const { id, outs } = await create(salesLine);
            await emulator.admin.setFaults({ failNext: [{ status: 405, method: "GET", pathIncludes: "manageDID", count: 100 }] });
            emulator.configure();
            const read = await didProvider.read!(id, outs);
            expect(read).toEqual({ id, props: outs, inputs: salesLine });
            expect(warnings.join("")).toContain(
                "warning: [telephony] NextBilling readDid is not documented by the vendor, and this server did not answer it as assumed",
            );
            expect(warnings.join("")).toContain("refresh keeps the stored state of DIDs");
        });

        it("destroy releases the number instead, with a warning", async () => {
            const { id, outs } = await create(salesLine);
            await emulator.admin.setFaults({ failNext: [{ status: 404, method: "DELETE", pathIncludes: "manageDID", count: 100 }] });
            await didProvider.delete!(id, outs);
            expect(await storedDid(id)).toMatchObject({ customer_id: 0, status: 0 });
            expect(warnings.join("")).toContain("this NextBilling server cannot delete DIDs, so it was released instead");
        });
    });
});
