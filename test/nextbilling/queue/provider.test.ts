/**
 * The Queue provider against the emulator over real HTTP (docs/vendors/nextbilling.md): the wire format of
 * every manageQueue call and the stored record it makes, the list read under every list variant,
 * adoption, duplicates, a lost create answer, drift made in the panel (admin routes), a delete
 * refused while the queue is in use, and `queueWrites: "404"`.
 */
import { queueProvider } from "../../../provider/nextbilling/queue/provider";
import type { QueueInputs } from "../../../provider/nextbilling/queue/schema";
import { DEMO_CREDENTIALS } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";
import { everything as cobranca, minimal, EVERYTHING_ON_THE_WIRE as ON_THE_WIRE, QUEUES_0, QUEUES_13, type QueueOutputs } from "./fixtures";
import { capturedStderr } from "../../support/stderr";
import { refusedTwin } from "../../support/twins";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpTimeoutMs": "2000",
}));

const requests = async () => (await emulator.admin.requests()).requests;
const storedQueue = async (id: string | number) =>
    (await emulator.admin.state()).nextbilling.queues.find((queue) => queue.id === Number(id));

/** Seed queue 12, as this resource declares it. */
const filaVendas: QueueInputs = { ...minimal, description: "Fila Vendas", devices: [30, 31] };

/** Runs check as the engine does first, then create. */
async function create(
    inputs: Partial<QueueInputs> & Pick<QueueInputs, "customerId" | "description">,
): Promise<{ id: string; outs: QueueOutputs }> {
    const checked = await queueProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    return (await queueProvider.create(checked.inputs as QueueInputs)) as { id: string; outs: QueueOutputs };
}

describe("wire format of manageQueue", () => {
    it("create: the check's lists, then PUT .../0 with the full record; the emulator stores what was sent", async () => {
        const { id, outs } = await create(cobranca);
        const log = await requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
            "GET /api/listDevices/{token}/{key}/13",
            `GET ${QUEUES_13}`,
            `PUT ${QUEUES_0}`,
        ]);
        expect(log[2]).toMatchObject({ query: {}, body: ON_THE_WIRE, status: 200 });
        expect(await storedQueue(id)).toEqual({ id: Number(id), ...ON_THE_WIRE });
        expect(outs).toEqual({ ...cobranca, recordId: Number(id) });
    });

    const LISTS = ["flat", "nested", "keyed"] as const;
    const VALUES = ["strings", "numbers"] as const;
    const DEVICES = ["array", "csv", "brackets"] as const;
    it.each(LISTS.flatMap((lists) => VALUES.flatMap((values) => DEVICES.map((devices) => [lists, values, devices] as const))))(
        "read: GET .../{customerId} under nextbillingLists %s, nextbillingValues %s, ringGroupDevices %s",
        async (nextbillingLists, nextbillingValues, ringGroupDevices) => {
            const { id, outs } = await create(cobranca);
            await emulator.admin.setVariants({ nextbillingLists, nextbillingValues, ringGroupDevices });
            emulator.configure(); // a new process: empty caches
            await emulator.admin.clearRequests();
            const read = await queueProvider.read!(id, outs);
            expect(await requests()).toEqual([expect.objectContaining({ method: "GET", path: QUEUES_13, query: {}, body: null })]);
            expect(read).toEqual({ id, props: outs, inputs: cobranca });
            // And the seed's own queue, as the emulator lists it.
            expect((await queueProvider.read!("12", { ...filaVendas, recordId: 12 })).inputs).toEqual(filaVendas);
        },
    );

    it("update: POST .../0 with id_record and every field", async () => {
        const { id, outs } = await create({ ...cobranca, overflowQueueId: undefined });
        const news: QueueInputs = { ...filaVendas, description: "Fila Cobrança", overflowQueueId: 12, timeoutSeconds: 45 };
        const updated = await queueProvider.update!(id, outs, news);
        const post = (await requests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: QUEUES_0, query: {}, status: 200 });
        expect(post.body).toEqual({
            id_record: Number(id),
            id_cliente: 13,
            descricao: "Fila Cobrança",
            strategy: "ringall",
            musiconhold: "default",
            announce: null,
            announce_frequency: 0,
            announce_holdtime: 0,
            announce_position: 0,
            retry: 5,
            timeout: 45,
            wrapuptime: 0,
            reportholdtime: 0,
            ringinuse: 0,
            queue_type: 0,
            play_agent_audio: 0,
            id_backup1: 12,
            devices: [30, 31],
        });
        expect(await storedQueue(id)).toMatchObject({ announce: null, timeout: 45, id_backup1: 12, queue_type: 0, play_agent_audio: 0 });
        expect(updated.outs).toEqual({ ...news, recordId: Number(id) });
    });

    it("delete: DELETE .../0?id_record=N without a body; deleting it again succeeds", async () => {
        const { id, outs } = await create(cobranca);
        await queueProvider.delete!(id, outs);
        expect((await requests()).at(-1)).toMatchObject({
            method: "DELETE",
            path: QUEUES_0,
            query: { id_record: id },
            body: null,
            status: 200,
        });
        expect(await storedQueue(id)).toBeUndefined();
        await expect(queueProvider.delete!(id, outs)).resolves.toBeUndefined();
    });
});

describe("Queue provider", () => {
    it("checks lines and the overflow queue against customer 13's lists", async () => {
        const checked = await queueProvider.check!({}, { ...cobranca, devices: [30, 1], overflowQueueId: 15 });
        expect(checked.failures).toEqual([
            {
                property: "devices[1]",
                reason: expect.stringMatching(
                    /^devices\[1\]: customer 13 has no line 1; its lines: 30 \(Caixa\), 31 \(Vendas\), 32 \(Estoque\)/,
                ),
            },
            {
                property: "overflowQueueId",
                reason: "overflowQueueId: customer 13 has no queue 15; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
            },
        ]);
    });

    it("refuses to create a twin of a queue (case and spaces aside), naming its record and importId at preview, and again at create", async () => {
        const refusal = await refusedTwin(queueProvider, { ...cobranca, description: " fila vendas" });
        expect(refusal.message).toContain('a queue with customer 13 and description " fila vendas" already exists (record 12)');
        expect(refusal.message).toContain("importId: 12");
        expect((await requests()).filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopts a seeded queue with importId: no write when it is as declared, the full record when not", async () => {
        await create({ ...filaVendas, importId: 12 });
        expect((await requests()).filter((r) => r.method !== "GET")).toEqual([]);
        emulator.configure();
        await create({ ...filaVendas, announcePosition: true, importId: 12 });
        expect((await requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${QUEUES_0}`]);
        expect(await storedQueue(12)).toMatchObject({ announce_position: 1, devices: [30, 31] });
    });

    it("does not create a second queue when the create's answer is lost after the vendor applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageQueue", count: 1 }] });
        const { id } = await create(cobranca);
        const named = (await emulator.admin.state()).nextbilling.queues.filter((queue) => queue.descricao === "Fila Cobrança");
        expect(named.map((queue) => queue.id)).toEqual([Number(id)]);
        expect((await requests()).filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("shows changes made in the panel on refresh, so that up reverts them", async () => {
        const { id, outs } = await create(cobranca);
        await emulator.admin.queues.patch(Number(id), { timeout: 90, devices: [30], announce: null, queue_type: 1 });
        emulator.configure();
        const read = await queueProvider.read!(id, outs);
        expect(read.inputs).toEqual({
            ...cobranca,
            timeoutSeconds: 90,
            devices: [30],
            announceAudioId: undefined,
            type: "power",
            playAgentAudio: false,
        });
        expect(await queueProvider.diff!(id, read.props!, cobranca)).toMatchObject({ changes: true, replaces: [] });
    });

    it("drops a queue deleted in the panel from state", async () => {
        const { id, outs } = await create(cobranca);
        await emulator.admin.queues.remove(Number(id));
        emulator.configure();
        expect(await queueProvider.read!(id, outs)).toEqual({ id: "", props: {} });
    });

    it("keeps the vendor's text when a delete is refused because another queue overflows into it", async () => {
        const first = await create({ ...cobranca, overflowQueueId: undefined });
        const second = await create({ ...cobranca, description: "Fila Cobrança 2", overflowQueueId: Number(first.id) });
        const error = await queueProvider.delete!(first.id, first.outs).catch((e) => e);
        expect(error.message).toBe(
            `NextBilling deleteQueue (DELETE /api/manageQueue/***/***/0), HTTP 200 failed: Fila ${first.id} em uso: fila ${second.id}`,
        );
        expect(await storedQueue(first.id)).toBeDefined();
    });

    it("reports NextBilling's refusal of a queue overflowing into itself against overflowQueueId", async () => {
        const { id, outs } = await create({ ...cobranca, overflowQueueId: undefined });
        const error = await queueProvider.update!(id, outs, { ...cobranca, overflowQueueId: Number(id) }).catch((e) => e);
        expect(error.message).toBe(
            `overflowQueueId: NextBilling updateQueue (POST /api/manageQueue/***/***/0), HTTP 200 failed: Fila de transbordo ${id} não pode ser a própria fila`,
        );
    });

    it("reports a vendor refusal against the input it concerns, with the vendor's text", async () => {
        const error = await queueProvider.create({ ...cobranca, devices: [30, 1] }).catch((e) => e);
        expect(error.message).toBe(
            "devices: NextBilling createQueue (PUT /api/manageQueue/***/***/0), HTTP 200 failed: Linha 1 não pertence ao cliente 13",
        );
        expect(error.property).toBe("devices");
    });

    describe("on a server without the assumed writes (queueWrites: 404)", () => {
        const warnings = capturedStderr();
        beforeEach(async () => {
            await emulator.admin.setVariants({ queueWrites: "404" });
        });

        it("a create fails naming the assumed call and what to do instead", async () => {
            const error = await create(cobranca).catch((e) => e);
            expect(error.message).toBe(
                "NextBilling createQueue (PUT /api/manageQueue/***/***/0), HTTP 404 failed: Método não encontrado: manageQueue. " +
                    "This NextBilling server does not have the queue create (PUT /api/manageQueue/T/K/0), which NextBilling does not document and this resource assumes " +
                    '(docs/vendors/nextbilling.md): create queue "Fila Cobrança" of customer 13 in NextBilling\'s panel, then adopt it with `importId: <its id>`',
            );
        });

        it("the documented update keeps working", async () => {
            await queueProvider.update!("12", { ...filaVendas, recordId: 12 }, { ...filaVendas, timeoutSeconds: 60 });
            expect(await storedQueue(12)).toMatchObject({ timeout: 60 });
        });

        it("a delete warns that the queue was left at NextBilling, and succeeds", async () => {
            await expect(queueProvider.delete!("12", { ...filaVendas, recordId: 12 })).resolves.toBeUndefined();
            expect(warnings.join("")).toContain('queue 12 ("Fila Vendas", customer 13) was left at NextBilling');
            expect(await storedQueue(12)).toBeDefined();
        });

        it("the list keeps working: refresh and adopting a queue as declared", async () => {
            expect((await queueProvider.read!("12", { ...filaVendas, recordId: 12 })).inputs).toEqual(filaVendas);
            expect((await create({ ...filaVendas, importId: 12 })).id).toBe("12");
        });
    });
});
