/**
 * manageQueue without the emulator: the mapping both ways, the list read in every shape the
 * emulator's variants give it, and every call's wire format (method, path, query, body) and answer
 * against a stub server (tenantStub.ts); duplicates, adoption, a lost create answer, write-through,
 * a refused delete and a server without the assumed writes.
 */
import { NotFoundError } from "../../../provider/http/errors";
import { setLostAnswerLookupDelays } from "../../../provider/kit/resource";
import { queueProvider } from "../../../provider/nextbilling/queue/provider";
import type { QueueInputs } from "../../../provider/nextbilling/queue/schema";
import { idOfObject } from "../../../provider/nextbilling/records";
import { fromVendor, toVendor } from "../../../provider/nextbilling/queue/vendor";
import { listRecords } from "../../../provider/nextbilling/records";
import { resetRuntime } from "../../../provider/runtime";
import { everything, EVERYTHING_ON_THE_WIRE, minimal, QUEUES_0, QUEUES_13, type QueueOutputs } from "./fixtures";
import { demoTenant, EVERY_VARIANT, listAnswer, queueRow, startTenantStub, type TenantStub } from "./tenantStub";
import { KEY, TOKEN, useNextBillingStub } from "../../support/nextbillingStub";
import { capturedStderr } from "../../support/stderr";
import { refusedTwin } from "../../support/twins";

let tenant: TenantStub;
beforeAll(async () => {
    tenant = await startTenantStub();
    setLostAnswerLookupDelays([0, 0]);
});
afterAll(async () => {
    setLostAnswerLookupDelays([250, 1_000, 2_500]);
    resetRuntime();
    await tenant.close();
});
beforeEach(() => {
    tenant.tenant = demoTenant();
    tenant.onWrite = undefined;
    tenant.variants = { lists: "flat", values: "strings", devices: "array" };
    tenant.writes.clear();
    tenant.configure();
    tenant.clear();
});

/** Runs check as the engine does first, then create. */
async function create(
    inputs: Partial<QueueInputs> & Pick<QueueInputs, "customerId" | "description">,
): Promise<{ id: string; outs: QueueOutputs }> {
    const checked = await queueProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    return (await queueProvider.create(checked.inputs as QueueInputs)) as { id: string; outs: QueueOutputs };
}

describe("Queue vendor mapping", () => {
    it("sends every input under its vendor name, the full record", () => {
        expect(toVendor(everything)).toEqual(EVERYTHING_ON_THE_WIRE);
        expect(toVendor(minimal)).toEqual({
            id_cliente: 13,
            descricao: "Fila Cobrança",
            strategy: "ringall",
            musiconhold: "default",
            announce: null, // the full record is sent: "no announcement" must be said
            announce_frequency: 0,
            announce_holdtime: 0,
            announce_position: 0,
            retry: 5,
            timeout: 30,
            wrapuptime: 0,
            reportholdtime: 0,
            ringinuse: 0,
            queue_type: 0,
            play_agent_audio: 0,
            id_backup1: 0,
            devices: [],
        });
        expect(toVendor({ ...minimal, type: "power" }).queue_type).toBe(1);
    });

    it.each(EVERY_VARIANT)("reads a listed queue back as declared under %j", (variants) => {
        for (const declared of [everything, minimal]) {
            const [record] = listRecords(JSON.parse(listAnswer([{ id: 40, ...toVendor(declared) }], variants)))!;
            expect(fromVendor(record!)).toEqual({ id: "40", inputs: declared });
        }
    });

    it.each([
        [{ id: 23 }, 23],
        [{ id: "23" }, 23],
        ["23", 23],
        [23, 23],
        ['{"id":23}', 23],
        [null, undefined],
        [undefined, undefined],
        [{}, undefined],
        [[], undefined],
        [{ id: 0 }, undefined],
        ["", undefined],
        [0, undefined],
    ])("reads the object field %j as id %j", (written, id) => {
        expect(idOfObject(written)).toBe(id);
    });

    it("reads absent fields as the vendor's defaults, and keeps values this package does not know", () => {
        expect(fromVendor({ id: "41", id_cliente: "13", descricao: "Fila Antiga" })).toEqual({
            id: "41",
            inputs: { ...minimal, description: "Fila Antiga" },
        });
        const odd = fromVendor({ ...queueRow({ id: 42, descricao: "X", queue_type: 3, strategy: "leastrecent", play_agent_audio: 1 }) });
        expect(odd.inputs).toMatchObject({ type: "3", strategy: "leastrecent", playAgentAudio: false });
    });

    it("reads play_agent_audio as false outside a full queue, where it means nothing", () => {
        expect(fromVendor(queueRow({ id: 43, descricao: "X", queue_type: 1, play_agent_audio: 1 })).inputs.playAgentAudio).toBe(false);
        expect(fromVendor(queueRow({ id: 43, descricao: "X", queue_type: "2", play_agent_audio: "1" })).inputs.playAgentAudio).toBe(true);
    });
});

describe("wire format of manageQueue (stub server)", () => {
    it("create: lists the customer's queues, then PUT .../0 with the full record; the answer's new_record is the id", async () => {
        const { id, outs } = await create(everything);
        expect(tenant.requests()).toEqual([
            { method: "GET", path: "/api/listDevices/{token}/{key}/13", query: {}, body: undefined },
            { method: "GET", path: QUEUES_13, query: {}, body: undefined },
            { method: "PUT", path: QUEUES_0, query: {}, body: EVERYTHING_ON_THE_WIRE },
        ]);
        expect(id).toBe("40");
        expect(outs).toEqual({ ...everything, recordId: 40 });
    });

    it.each(EVERY_VARIANT)("read: GET .../{customerId}, the record parsed under %j", async (variants) => {
        tenant.variants = variants;
        tenant.tenant.queues.push({ id: 44, ...toVendor(everything) });
        const read = await queueProvider.read!("44", { ...everything, recordId: 44 });
        expect(tenant.requests()).toEqual([{ method: "GET", path: QUEUES_13, query: {}, body: undefined }]);
        expect(read).toEqual({ id: "44", props: { ...everything, recordId: 44 }, inputs: everything });
    });

    it("update: POST .../0 with id_record and every field", async () => {
        tenant.tenant.queues.push({ id: 44, ...toVendor(minimal) });
        const updated = await queueProvider.update!("44", { ...minimal, recordId: 44 }, everything);
        expect(tenant.requests()).toEqual([
            { method: "POST", path: QUEUES_0, query: {}, body: { id_record: 44, ...EVERYTHING_ON_THE_WIRE } },
        ]);
        expect(updated.outs).toEqual({ ...everything, recordId: 44 });
    });

    it("delete: DELETE .../0?id_record=N without a body", async () => {
        await queueProvider.delete!("44", { ...minimal, recordId: 44 });
        expect(tenant.requests()).toEqual([{ method: "DELETE", path: QUEUES_0, query: { id_record: "44" }, body: undefined }]);
    });

    it("a create's write goes through to the cached lists: the queue is a known reference at once, and reads without a list call", async () => {
        const { id, outs } = await create(minimal);
        tenant.clear();
        expect((await queueProvider.check!({}, { ...minimal, description: "Outra", overflowQueueId: Number(id) })).failures).toEqual([]);
        expect(await queueProvider.read!(id, outs)).toMatchObject({ id, inputs: minimal });
        expect(tenant.requests()).toEqual([]);
    });
});

describe("Queue provider (stub server)", () => {
    it("refuses a twin of an existing queue (case and spaces aside), naming its record and importId at preview, and again at create", async () => {
        const refusal = await refusedTwin(queueProvider, { ...minimal, description: "  fila vendas " });
        expect(refusal.message).toContain('a queue with customer 13 and description "  fila vendas " already exists (record 12)');
        expect(refusal.message).toContain("importId: 12");
        expect(tenant.requests().filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopts by importId: a queue already as declared takes no write; one that differs gets the full record", async () => {
        const asListed = { ...minimal, description: "Fila Vendas", devices: [30, 31] };
        await create({ ...asListed, importId: 12 });
        expect(tenant.requests().map((r) => r.method)).toEqual(["GET", "GET"]);
        tenant.configure();
        tenant.clear();
        await create({ ...asListed, timeoutSeconds: 90, importId: 12 });
        expect(tenant.requests().at(-1)).toEqual({
            method: "POST",
            path: QUEUES_0,
            query: {},
            body: { id_record: 12, ...toVendor({ ...asListed, timeoutSeconds: 90 }) },
        });
    });

    it("reports an importId that is no queue of the customer against importId", async () => {
        const error = await create({ ...minimal, importId: 99 }).catch((e) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.message).toBe("importId: there is no queue 99 of customer 13; check importId and customerId");
    });

    it("resolves a create whose answer was lost by finding the queue by its description, without a second PUT", async () => {
        tenant.onWrite = (method, apiMethod, body) => {
            if (method !== "PUT" || apiMethod !== "manageQueue") return undefined;
            // Applied at the vendor, but the answer never made it back whole: the lookup that follows finds it.
            tenant.tenant.queues.push({ id: 45, ...(body as object) });
            return { status: 502, text: "Bad Gateway" };
        };
        const created = create(minimal);
        expect((await created).id).toBe("45");
        expect(tenant.requests().filter((r) => r.method === "PUT")).toHaveLength(1);
        expect(tenant.requests().at(-1)).toMatchObject({ method: "GET", path: QUEUES_13 });
    });

    it("reports a vendor refusal against the input it concerns, with the vendor's text", async () => {
        tenant.writes.set("PUT manageQueue", { text: '{"error":1,"reason":"Fila de transbordo 15 não pertence ao cliente 13"}' });
        tenant.tenant.queues.push(queueRow({ id: 15, id_cliente: 13, descricao: "Fila Recepção" })); // so check lets it through
        const error = await create({ ...minimal, overflowQueueId: 15 }).catch((e) => e);
        expect(error.message).toBe(
            "overflowQueueId: NextBilling createQueue (PUT /api/manageQueue/***/***/0), HTTP 200 failed: Fila de transbordo 15 não pertence ao cliente 13",
        );
        expect(error.property).toBe("overflowQueueId");
    });

    it("keeps the vendor's text when a delete is refused because the queue is in use, and the queue stays", async () => {
        tenant.writes.set("DELETE manageQueue", { text: '{"error":1,"reason":"Fila 12 em uso: DID 5"}' });
        const error = await queueProvider.delete!("12", { ...minimal, description: "Fila Vendas", recordId: 12 }).catch((e) => e);
        expect(error.message).toBe("NextBilling deleteQueue (DELETE /api/manageQueue/***/***/0), HTTP 200 failed: Fila 12 em uso: DID 5");
    });

    describe("on a server without the assumed writes (HTTP 404)", () => {
        const missing = { status: 404, text: '{"error":1,"reason":"Método não encontrado: manageQueue"}' };
        const warnings = capturedStderr();
        beforeEach(() => {
            for (const method of ["PUT", "POST", "DELETE"]) tenant.writes.set(`${method} manageQueue`, missing);
        });

        it("a create fails naming the assumed call and what to do instead, and is not retried", async () => {
            const error = await create(minimal).catch((e) => e);
            expect(error).toBeInstanceOf(NotFoundError);
            expect(error.message).toBe(
                "NextBilling createQueue (PUT /api/manageQueue/***/***/0), HTTP 404 failed: Método não encontrado: manageQueue. " +
                    "This NextBilling server does not have the queue create (PUT /api/manageQueue/T/K/0), which NextBilling does not document and this resource assumes " +
                    '(docs/vendors/nextbilling.md): create queue "Fila Cobrança" of customer 13 in NextBilling\'s panel, then adopt it with `importId: <its id>`',
            );
            expect(error.vendorReason).toBe("Método não encontrado: manageQueue");
            expect(tenant.requests().filter((r) => r.method === "PUT")).toHaveLength(1);
        });

        it("an update, a documented call, fails with the vendor's text and is not explained away as a missing assumed call", async () => {
            tenant.tenant.queues.push({ id: 44, ...toVendor(minimal) });
            const error = await queueProvider.update!("44", { ...minimal, recordId: 44 }, everything).catch((e) => e);
            expect(error).toBeInstanceOf(NotFoundError);
            expect(error.message).toBe(
                "NextBilling updateQueue (POST /api/manageQueue/***/***/0), HTTP 404 failed: Método não encontrado: manageQueue",
            );
        });

        it("a delete warns that the queue was left at NextBilling, and succeeds; the next one does not try again", async () => {
            await expect(queueProvider.delete!("12", { ...minimal, description: "Fila Vendas", recordId: 12 })).resolves.toBeUndefined();
            await expect(queueProvider.delete!("14", { ...minimal, description: "Fila Suporte", recordId: 14 })).resolves.toBeUndefined();
            const text = warnings.join("");
            expect(text).toContain(
                "warning: [telephony] NextBilling deleteQueue is not documented by the vendor, and this server did not answer it as assumed",
            );
            expect(text).toContain(
                'warning: [telephony] queue 12 ("Fila Vendas", customer 13) was left at NextBilling: this server has no queue delete as assumed (DELETE /api/manageQueue/T/K/0?id_record=N, undocumented); delete it in NextBilling\'s panel.',
            );
            expect(text).toContain('queue 14 ("Fila Suporte", customer 13) was left at NextBilling');
            expect(tenant.requests().filter((r) => r.method === "DELETE")).toHaveLength(1);
        });

        it("the list keeps working: refresh and adoption of a queue as declared need no write", async () => {
            const asListed = { ...minimal, description: "Fila Vendas", devices: [30, 31] };
            expect((await create({ ...asListed, importId: 12 })).id).toBe("12");
            expect(await queueProvider.read!("12", { ...asListed, recordId: 12 })).toMatchObject({ id: "12", inputs: asListed });
        });
    });
});

describe("a customer's own list whose records do not say whose they are", () => {
    const nb = useNextBillingStub();

    it("reads them as that customer's: refresh keeps customerId, and the next diff is no change (not a replace)", async () => {
        const row: Record<string, unknown> = { ...queueRow({ id: "12", descricao: "Fila Vendas" }) };
        delete row.id_cliente;
        const provider = await nb.provider(queueProvider, (request) =>
            request.method === "GET" && request.path.startsWith("/api/manageQueue/")
                ? { text: JSON.stringify({ error: 0, reason: "OK", records: 1, data: [row] }) }
                : { status: 404, text: "{}" },
        );
        const checked = await provider.check!({}, { customerId: 13, description: "Fila Vendas", importId: 12 });
        const read = await provider.read!("12", { ...checked.inputs, recordId: 12 });
        expect(nb.requests().map((request) => `${request.method} ${request.path}`)).toEqual([`GET /api/manageQueue/${TOKEN}/${KEY}/13`]);
        expect(read.inputs?.customerId).toBe(13);
        const diff = await provider.diff!("12", read.props as QueueOutputs, checked.inputs as QueueInputs);
        expect(diff.replaces ?? []).toEqual([]);
    });
});
