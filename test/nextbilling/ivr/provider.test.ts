/**
 * The Ivr provider against the emulator over real HTTP (docs/vendors/nextbilling.md): the wire format of every
 * manageIvr call and the stored record it makes, the list read under every list variant, a menu
 * pointing at a queue made in the same run, adoption, duplicates, a lost create answer, drift made
 * in the panel (admin routes), a delete refused while the IVR is in use, and `ivrWrites: "404"`.
 */
import { ivrProvider } from "../../../provider/nextbilling/ivr/provider";
import type { IvrInputs } from "../../../provider/nextbilling/ivr/schema";
import { queueProvider } from "../../../provider/nextbilling/queue/provider";
import type { QueueInputs } from "../../../provider/nextbilling/queue/schema";
import { DEMO_CREDENTIALS } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";
import { minimal as queueMinimal } from "../queue/fixtures";
import { everything, EVERYTHING_ON_THE_WIRE, IVRS_0, minimal, type IvrOutputs } from "./fixtures";
import { capturedStderr } from "../../support/stderr";
import { refusedTwin } from "../../support/twins";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpTimeoutMs": "2000",
}));

const requests = async () => (await emulator.admin.requests()).requests;
const storedIvr = async (id: string | number) => (await emulator.admin.state()).nextbilling.ivrs.find((ivr) => ivr.id === Number(id));

/** The issue's example, on customer 13's seeded queue, with every other input set: `everything` but when closed and the options. */
const vendas: IvrInputs = {
    ...everything,
    whenClosed: { action: "hangup" },
    options: {
        "0": { action: "hangup" },
        "1": { action: "queue", queueId: 12 },
        "2": { action: "ivr", ivrId: 7 },
        "4": { action: "external", number: "1130001000" },
        "*": { action: "voicemail", lineId: 32 },
        "#": { action: "line", lineId: 31 },
    },
};

/** `vendas` as manageIvr's create sends it. */
const ON_THE_WIRE = {
    ...EVERYTHING_ON_THE_WIRE,
    closed_action: { action: "hangup", action_data: "" },
    options: {
        "0": { action: "hangup", action_data: "" },
        "1": { action: "queue", action_data: "12" },
        "2": { action: "ivr", action_data: "7" },
        "4": { action: "external", action_data: "1130001000" },
        "*": { action: "voicemail", action_data: "32" },
        "#": { action: "device", action_data: "31" },
    },
};

/** Seed IVR 7 (sandbox/nextbillingTenant.ts), as this resource declares it. */
const principal: IvrInputs = {
    ...minimal,
    description: "URA Principal",
    timeProfileId: 3,
    options: { "1": { action: "queue", queueId: 12 }, "2": { action: "queue", queueId: 14 } },
};

/** Runs check as the engine does first, then create. */
async function create(
    inputs: Partial<IvrInputs> & Pick<IvrInputs, "customerId" | "description">,
): Promise<{ id: string; outs: IvrOutputs }> {
    const checked = await ivrProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    return (await ivrProvider.create(checked.inputs as IvrInputs)) as { id: string; outs: IvrOutputs };
}

describe("wire format of manageIvr", () => {
    it("create: the check's lists, then PUT .../0 with the full record; the emulator stores what was sent", async () => {
        const { id, outs } = await create(vendas);
        const log = await requests();
        expect(
            log
                .slice(0, -1)
                .map((r) => `${r.method} ${r.path}`)
                .sort(),
        ).toEqual([
            "GET /api/listDevices/{token}/{key}/13",
            `GET ${IVRS_0}`,
            "GET /api/manageQueue/{token}/{key}/13",
            "GET /api/manageTimeProfiles/{token}/{key}/13",
        ]);
        expect(log.at(-1)).toMatchObject({ method: "PUT", path: IVRS_0, query: {}, body: ON_THE_WIRE, status: 200 });
        expect(await storedIvr(id)).toEqual({ id: Number(id), ...ON_THE_WIRE });
        expect(outs).toEqual({ ...vendas, recordId: Number(id) });
    });

    const LISTS = ["flat", "nested", "keyed"] as const;
    const VALUES = ["strings", "numbers"] as const;
    it.each(LISTS.flatMap((lists) => VALUES.map((values) => [lists, values] as const)))(
        "read: GET .../0, filtered to the customer, under nextbillingLists %s, nextbillingValues %s",
        async (nextbillingLists, nextbillingValues) => {
            const { id, outs } = await create(vendas);
            await emulator.admin.setVariants({ nextbillingLists, nextbillingValues });
            emulator.configure(); // a new process: empty caches
            await emulator.admin.clearRequests();
            const read = await ivrProvider.read!(id, outs);
            expect(await requests()).toEqual([expect.objectContaining({ method: "GET", path: IVRS_0, query: {}, body: null })]);
            expect(read).toEqual({ id, props: outs, inputs: vendas });
            expect((await ivrProvider.read!("7", { ...principal, recordId: 7 })).inputs).toEqual(principal);
            // Seed IVR 8 is in the same answer, as customer 9's: not one of customer 13's.
            expect(await ivrProvider.read!("8", { ...minimal, description: "URA Clínica", recordId: 8 })).toEqual({ id: "", props: {} });
            expect(await requests()).toHaveLength(1);
        },
    );

    it("update: POST .../0 with id_record and every field", async () => {
        const { id, outs } = await create(vendas);
        const news: IvrInputs = { ...principal, description: "URA Vendas", whenClosed: { action: "voicemail", lineId: 30 } };
        const updated = await ivrProvider.update!(id, outs, news);
        const post = (await requests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: IVRS_0, query: {}, status: 200 });
        expect(post.body).toEqual({
            id_record: Number(id),
            id_cliente: 13,
            descricao: "URA Vendas",
            alow_dial_extension: 0,
            timeout_response: 5,
            timeout_digit: 3,
            perfil_horario: { id: 3 },
            audio_invalido: null,
            audio_timeout: null,
            audio_question: null,
            closed_audio: null,
            have_question: 0,
            closed_action: { action: "voicemail", action_data: "30" },
            action1: null,
            options: { "1": { action: "queue", action_data: "12" }, "2": { action: "queue", action_data: "14" } },
        });
        expect(await storedIvr(id)).toMatchObject({
            action1: null,
            audio_question: null,
            options: { "1": { action: "queue", action_data: "12" } },
        });
        expect(updated.outs).toEqual({ ...news, recordId: Number(id) });
    });

    it("delete: DELETE .../0?id_record=N without a body; deleting it again succeeds", async () => {
        const { id, outs } = await create(vendas);
        await ivrProvider.delete!(id, outs);
        expect((await requests()).at(-1)).toMatchObject({
            method: "DELETE",
            path: IVRS_0,
            query: { id_record: id },
            body: null,
            status: 200,
        });
        expect(await storedIvr(id)).toBeUndefined();
        await expect(ivrProvider.delete!(id, outs)).resolves.toBeUndefined();
    });
});

describe("Ivr provider", () => {
    it("checks each target against customer 13's lists, naming the property and the choices", async () => {
        const checked = await ivrProvider.check!({}, { ...vendas, options: { "1": { action: "queue", queueId: 99 } } });
        expect(checked.failures).toEqual([
            {
                property: "options.1.queueId",
                reason: "options.1.queueId: customer 13 has no queue 99; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
            },
        ]);
        const profile = await ivrProvider.check!({}, { ...vendas, timeProfileId: 2 });
        expect(profile.failures).toEqual([
            {
                property: "timeProfileId",
                reason: "timeProfileId: customer 13 has no time profile 2; its time profiles: 3 (Horário Comercial)",
            },
        ]);
    });

    it("points at a queue created moments before in the same run: checked and created without listing again, created, and the queue cannot be deleted under it", async () => {
        const queue: QueueInputs = { ...queueMinimal, devices: [30] };
        // Queues are listed first (as another IVR's check would), then the queue is made.
        await ivrProvider.check!({}, principal);
        const made = await queueProvider.create(queue);
        await emulator.admin.clearRequests();
        const { id } = await create({
            ...principal,
            description: "URA Cobrança",
            options: { "1": { action: "queue", queueId: Number(made.id) } },
        });
        // No list was fetched again: the queue's create went through to the queues' list, and the IVRs' own list
        // (the natural key's) was read by the first check, as the queues were.
        expect((await requests()).map((r) => `${r.method} ${r.path}`)).toEqual([`PUT ${IVRS_0}`]);
        const error = await queueProvider.delete!(made.id, made.outs).catch((e) => e);
        expect(error.message).toContain(`Fila ${made.id} em uso: URA ${id}`);
    });

    it("refuses to create a twin of an IVR (case and spaces aside), naming its record and importId at preview, and again at create", async () => {
        const refusal = await refusedTwin(ivrProvider, { ...vendas, description: "URA PRINCIPAL" });
        expect(refusal.message).toContain('IVR with customer 13 and description "URA PRINCIPAL" already exists (record 7)');
        expect(refusal.message).toContain("importId: 7");
        expect((await requests()).filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopts the seeded IVR with importId: no write when it is as declared, the full record when not", async () => {
        await create({ ...principal, importId: 7 });
        expect((await requests()).filter((r) => r.method !== "GET")).toEqual([]);
        emulator.configure();
        await create({ ...principal, options: { ...principal.options, "9": { action: "voicemail", lineId: 30 } }, importId: 7 });
        expect((await requests()).filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${IVRS_0}`]);
        expect((await storedIvr(7))!.options).toEqual({
            "1": { action: "queue", action_data: "12" },
            "2": { action: "queue", action_data: "14" },
            "9": { action: "voicemail", action_data: "30" },
        });
    });

    it("does not create a second IVR when the create's answer is lost after the vendor applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageIvr", count: 1 }] });
        const { id } = await create(vendas);
        const named = (await emulator.admin.state()).nextbilling.ivrs.filter((ivr) => ivr.descricao === "URA Vendas");
        expect(named.map((ivr) => ivr.id)).toEqual([Number(id)]);
        expect((await requests()).filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("shows changes made in the panel on refresh, so that up reverts them", async () => {
        const { id, outs } = await create(vendas);
        await emulator.admin.ivrs.patch(Number(id), {
            options: { "1": { action: "queue", action_data: "14" } },
            closed_action: { action: "voicemail", action_data: "30" },
            perfil_horario: null,
        });
        emulator.configure();
        const read = await ivrProvider.read!(id, outs);
        expect(read.inputs).toEqual({
            ...vendas,
            timeProfileId: undefined,
            whenClosed: { action: "voicemail", lineId: 30 },
            options: { "1": { action: "queue", queueId: 14 } },
        });
        expect(await ivrProvider.diff!(id, read.props!, vendas)).toMatchObject({ changes: true, replaces: [] });
    });

    it("drops an IVR deleted in the panel from state", async () => {
        const { id, outs } = await create(vendas);
        await emulator.admin.ivrs.remove(Number(id));
        emulator.configure();
        expect(await ivrProvider.read!(id, outs)).toEqual({ id: "", props: {} });
    });

    it("keeps the vendor's text when a delete is refused because another IVR sends calls to it", async () => {
        const first = await create({ ...vendas, options: {} });
        const second = await create({
            ...vendas,
            description: "URA Vendas 2",
            options: { "3": { action: "ivr", ivrId: Number(first.id) } },
        });
        const error = await ivrProvider.delete!(first.id, first.outs).catch((e) => e);
        expect(error.message).toBe(
            `NextBilling deleteIvr (DELETE /api/manageIvr/***/***/0), HTTP 200 failed: URA ${first.id} em uso: URA ${second.id}`,
        );
        expect(await storedIvr(first.id)).toBeDefined();
    });

    it.each([
        [
            { options: { "1": { action: "queue", queueId: 15 } } },
            "options.1.queueId",
            "Destino inválido em options.1: fila 15 não pertence ao cliente 13",
        ],
        [
            { whenClosed: { action: "voicemail", lineId: 1 } },
            "whenClosed.lineId",
            "Destino inválido em closed_action: linha 1 não pertence ao cliente 13",
        ],
        [{ timeProfileId: 2 }, "timeProfileId", "Perfil de horário 2 não pertence ao cliente 13"],
    ])("reports the vendor's refusal of %j against %s, with its text", async (change, property, reason) => {
        const error = await ivrProvider.create({ ...vendas, ...(change as Partial<IvrInputs>) }).catch((e) => e);
        expect(error.message).toBe(`${property}: NextBilling createIvr (PUT /api/manageIvr/***/***/0), HTTP 200 failed: ${reason}`);
        expect(error.property).toBe(property);
    });

    describe("on a server without the assumed writes (ivrWrites: 404)", () => {
        const warnings = capturedStderr();
        beforeEach(async () => {
            await emulator.admin.setVariants({ ivrWrites: "404" });
        });

        it("a create fails naming the assumed call and what to do instead", async () => {
            const error = await create(vendas).catch((e) => e);
            expect(error.message).toBe(
                "NextBilling createIvr (PUT /api/manageIvr/***/***/0), HTTP 404 failed: Método não encontrado: manageIvr. " +
                    "This NextBilling server does not have the IVR create (PUT /api/manageIvr/T/K/0), which NextBilling does not document and this resource assumes " +
                    '(docs/vendors/nextbilling.md): create IVR "URA Vendas" of customer 13 in NextBilling\'s panel, then adopt it with `importId: <its id>`',
            );
        });

        it("an update fails naming the assumed call", async () => {
            const error = await ivrProvider.update!("7", { ...principal, recordId: 7 }, { ...principal, allowDialExtension: true }).catch(
                (e) => e,
            );
            expect(error.message).toContain(
                "HTTP 404 failed: Método não encontrado: manageIvr. This NextBilling server does not have the IVR update",
            );
        });

        it("a delete warns that the IVR was left at NextBilling, and succeeds", async () => {
            await expect(ivrProvider.delete!("7", { ...principal, recordId: 7 })).resolves.toBeUndefined();
            expect(warnings.join("")).toContain('IVR 7 ("URA Principal", customer 13) was left at NextBilling');
            expect(await storedIvr(7)).toBeDefined();
        });

        it("the list keeps working: refresh and adopting an IVR as declared", async () => {
            expect((await ivrProvider.read!("7", { ...principal, recordId: 7 })).inputs).toEqual(principal);
            expect((await create({ ...principal, importId: 7 })).id).toBe("7");
        });
    });
});
