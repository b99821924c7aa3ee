/**
 * manageIvr without the emulator: the mapping both ways (every action, the digit options, the
 * `{"id": N}` objects), the list read in every shape the emulator's variants give it, and every
 * call's wire format (method, path, query, body) and answer against a stub server
 * (../queue/tenantStub.ts); duplicates, adoption, a lost create answer, refusals attributed to the
 * input they concern, a refused delete and a server without the assumed writes.
 */
import { NotFoundError } from "../../../provider/http/errors";
import { setLostAnswerLookupDelays } from "../../../provider/kit/resource";
import { ivrProvider } from "../../../provider/nextbilling/ivr/provider";
import type { IvrInputs } from "../../../provider/nextbilling/ivr/schema";
import { fromVendor, fromVendorAction, fromVendorOptions, toVendor, toVendorAction } from "../../../provider/nextbilling/ivr/vendor";
import { listRecords } from "../../../provider/nextbilling/records";
import { resetRuntime } from "../../../provider/runtime";
import { demoTenant, EVERY_VARIANT, ivrRow, listAnswer, startTenantStub, type TenantStub } from "../queue/tenantStub";
import { everything, EVERYTHING_ON_THE_WIRE, IVRS_0, minimal, type IvrOutputs } from "./fixtures";
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
    tenant.variants = { lists: "flat", values: "strings", devices: "array" };
    tenant.writes.clear();
    tenant.onWrite = undefined;
    tenant.configure();
    tenant.clear();
});

/** Runs check as the engine does first, then create. */
async function create(
    inputs: Partial<IvrInputs> & Pick<IvrInputs, "customerId" | "description">,
): Promise<{ id: string; outs: IvrOutputs }> {
    const checked = await ivrProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    return (await ivrProvider.create(checked.inputs as IvrInputs)) as { id: string; outs: IvrOutputs };
}

describe("Ivr vendor mapping", () => {
    it("sends every input under its vendor name, the full record", () => {
        expect(toVendor(everything)).toEqual(EVERYTHING_ON_THE_WIRE);
        expect(toVendor(minimal)).toEqual({
            id_cliente: 13,
            descricao: "URA Vendas",
            alow_dial_extension: 0,
            timeout_response: 5,
            timeout_digit: 3,
            perfil_horario: null,
            audio_invalido: null,
            audio_timeout: null,
            audio_question: null,
            closed_audio: null,
            have_question: 0,
            closed_action: { action: "hangup", action_data: "" },
            action1: null,
            options: {},
        });
    });

    it("writes the options in the keypad's order, whatever order the program gave", () => {
        const options = {
            "#": { action: "hangup" },
            "9": { action: "hangup" },
            "1": { action: "hangup" },
            "*": { action: "hangup" },
        } as IvrInputs["options"];
        expect(Object.keys(toVendor({ ...minimal, options }).options)).toEqual(["1", "9", "*", "#"]);
    });

    it.each([
        [{ action: "hangup" }, { action: "hangup", action_data: "" }],
        [
            { action: "voicemail", lineId: 23 },
            { action: "voicemail", action_data: "23" },
        ],
        [
            { action: "line", lineId: 30 },
            { action: "device", action_data: "30" },
        ],
        [
            { action: "queue", queueId: 12 },
            { action: "queue", action_data: "12" },
        ],
        [
            { action: "ivr", ivrId: 7 },
            { action: "ivr", action_data: "7" },
        ],
        [
            { action: "ringGroup", ringGroupId: 5 },
            { action: "ringgroup", action_data: "5" },
        ],
        [
            { action: "external", number: "1130001000" },
            { action: "external", action_data: "1130001000" },
        ],
    ] as const)("the action %j is %j at the vendor, and back", (ours, theirs) => {
        expect(toVendorAction(ours as never)).toEqual(theirs);
        expect(fromVendorAction(theirs)).toEqual(ours);
    });

    it("reads an action however the server writes its values: ids as numbers, names in capitals, the object as JSON text", () => {
        expect(fromVendorAction({ action: "queue", action_data: 12 })).toEqual({ action: "queue", queueId: 12 });
        expect(fromVendorAction({ action: "RingGroup", action_data: "5" })).toEqual({ action: "ringGroup", ringGroupId: 5 });
        expect(fromVendorAction('{"action":"voicemail","action_data":"23"}')).toEqual({ action: "voicemail", lineId: 23 });
        expect(fromVendorAction({ action: "hangup" })).toEqual({ action: "hangup" });
        for (const none of [null, undefined, "", {}, [], { action: "" }, { action: null, action_data: "" }])
            expect(fromVendorAction(none)).toBeUndefined();
    });

    it("keeps an action name this package does not know as the vendor wrote it, so drift shows it", () => {
        expect(fromVendorAction({ action: "announcement", action_data: "4" })).toEqual({ action: "announcement" });
    });

    it("reads the digit options keyed by key, as JSON text, as a list of entries or of bare actions, and PHP's [] as none", () => {
        const keyed = { "2": { action: "queue", action_data: "14" }, "1": { action: "queue", action_data: "12" } };
        const ours = { "1": { action: "queue", queueId: 12 }, "2": { action: "queue", queueId: 14 } };
        expect(fromVendorOptions(keyed)).toEqual(ours);
        expect(Object.keys(fromVendorOptions(keyed))).toEqual(["1", "2"]);
        expect(fromVendorOptions(JSON.stringify(keyed))).toEqual(ours);
        expect(
            fromVendorOptions([
                { key: "1", action: "queue", action_data: "12" },
                { digit: 2, action: "queue", action_data: "14" },
            ]),
        ).toEqual(ours);
        for (const none of [[], {}, null, undefined, "", "[]"]) expect(fromVendorOptions(none)).toEqual({});
        // Keyed "0", "1", … in order, PHP's json_encode writes a list: the index is the key pressed.
        const asPhpList = [
            { action: "queue", action_data: "12" },
            { action: "hangup", action_data: "" },
        ];
        expect(fromVendorOptions(asPhpList)).toEqual({ "0": { action: "queue", queueId: 12 }, "1": { action: "hangup" } });
        expect(fromVendorOptions(JSON.stringify(asPhpList))).toEqual({ "0": { action: "queue", queueId: 12 }, "1": { action: "hangup" } });
        expect(fromVendorOptions({ "1": null, "2": { action: "hangup", action_data: "" } })).toEqual({ "2": { action: "hangup" } });
    });

    it.each(EVERY_VARIANT)("reads a listed IVR back as declared under %j", (variants) => {
        for (const declared of [everything, minimal]) {
            const [record] = listRecords(JSON.parse(listAnswer([{ id: 40, ...toVendor(declared) }], variants)))!;
            expect(fromVendor(record!)).toEqual({ id: "40", inputs: declared });
        }
    });

    it("reads absent fields as the vendor's defaults (closed: hang up; no options)", () => {
        expect(fromVendor({ id: "41", id_cliente: "13", descricao: "URA Antiga" })).toEqual({
            id: "41",
            inputs: { ...minimal, description: "URA Antiga" },
        });
        expect(
            fromVendor(ivrRow({ id: 42, descricao: "X", perfil_horario: { id: "3" }, audio_invalido: '{"id": 21}', options: [] })).inputs,
        ).toEqual({
            ...minimal,
            description: "X",
            timeProfileId: 3,
            invalidAudioId: 21,
        });
    });
});

describe("wire format of manageIvr (stub server)", () => {
    it("create: lists the customer's IVRs, then PUT .../0 with the full record; the answer's new_record is the id", async () => {
        const { id, outs } = await create(everything);
        const requests = tenant.requests();
        expect(
            requests
                .slice(0, -1)
                .map((r) => `${r.method} ${r.path}`)
                .sort(),
        ).toEqual([
            "GET /api/listDevices/{token}/{key}/13",
            `GET ${IVRS_0}`,
            "GET /api/manageQueue/{token}/{key}/13",
            "GET /api/manageRingGroups/{token}/{key}/13",
            "GET /api/manageTimeProfiles/{token}/{key}/13",
        ]);
        expect(requests.at(-1)).toEqual({ method: "PUT", path: IVRS_0, query: {}, body: EVERYTHING_ON_THE_WIRE });
        expect(id).toBe("40");
        expect(outs).toEqual({ ...everything, recordId: 40 });
    });

    it.each(EVERY_VARIANT)("read: GET .../0, filtered to the customer, the record parsed under %j", async (variants) => {
        tenant.variants = variants;
        tenant.tenant.ivrs.push({ id: 44, ...toVendor(everything) });
        // Another customer's IVR in the same answer is not customer 13's.
        tenant.tenant.ivrs.push(ivrRow({ id: 45, id_cliente: 9, descricao: "URA Clínica" }));
        const read = await ivrProvider.read!("44", { ...everything, recordId: 44 });
        expect(tenant.requests()).toEqual([{ method: "GET", path: IVRS_0, query: {}, body: undefined }]);
        expect(read).toEqual({ id: "44", props: { ...everything, recordId: 44 }, inputs: everything });
        expect(await ivrProvider.read!("45", { ...minimal, description: "URA Clínica", recordId: 45 })).toEqual({ id: "", props: {} });
        expect(tenant.requests()).toHaveLength(1);
    });

    it("update: POST .../0 with id_record and every field", async () => {
        tenant.tenant.ivrs.push({ id: 44, ...toVendor(minimal) });
        const updated = await ivrProvider.update!("44", { ...minimal, recordId: 44 }, everything);
        expect(tenant.requests()).toEqual([
            { method: "POST", path: IVRS_0, query: {}, body: { id_record: 44, ...EVERYTHING_ON_THE_WIRE } },
        ]);
        expect(updated.outs).toEqual({ ...everything, recordId: 44 });
    });

    it("delete: DELETE .../0?id_record=N without a body", async () => {
        await ivrProvider.delete!("44", { ...minimal, recordId: 44 });
        expect(tenant.requests()).toEqual([{ method: "DELETE", path: IVRS_0, query: { id_record: "44" }, body: undefined }]);
    });

    it("a create's write goes through to the cached lists: the IVR is a known target at once, and reads without a list call", async () => {
        const { id, outs } = await create(minimal);
        tenant.clear();
        const next = { ...minimal, description: "URA Suporte", options: { "0": { action: "ivr", ivrId: Number(id) } } };
        expect((await ivrProvider.check!({}, next)).failures).toEqual([]);
        expect(await ivrProvider.read!(id, outs)).toMatchObject({ id, inputs: minimal });
        expect(tenant.requests()).toEqual([]);
    });
});

describe("Ivr provider (stub server)", () => {
    it("refuses a twin of an existing IVR (case and spaces aside), naming its record and importId at preview, and again at create", async () => {
        const refusal = await refusedTwin(ivrProvider, { ...minimal, description: "ura principal " });
        // (The kit writes "a ${noun}": "a IVR".)
        expect(refusal.message).toContain('IVR with customer 13 and description "ura principal " already exists (record 7)');
        expect(refusal.message).toContain("importId: 7");
        expect(tenant.requests().filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopts by importId: an IVR already as declared takes no write; one that differs gets the full record", async () => {
        const asListed: IvrInputs = {
            ...minimal,
            description: "URA Principal",
            timeProfileId: 3,
            options: { "1": { action: "queue", queueId: 12 }, "2": { action: "queue", queueId: 14 } },
        };
        await create({ ...asListed, importId: 7 });
        expect(tenant.requests().filter((r) => r.method !== "GET")).toEqual([]);
        tenant.configure();
        tenant.clear();
        const changed = { ...asListed, options: { ...asListed.options, "9": { action: "voicemail" as const, lineId: 30 } } };
        await create({ ...changed, importId: 7 });
        expect(tenant.requests().at(-1)).toEqual({ method: "POST", path: IVRS_0, query: {}, body: { id_record: 7, ...toVendor(changed) } });
    });

    it("reports an importId that is no IVR of the customer against importId", async () => {
        // IVR 99 is listed at .../0, but as customer 9's.
        tenant.tenant.ivrs.push(ivrRow({ id: 99, id_cliente: 9, descricao: "URA Clínica" }));
        const error = await create({ ...minimal, importId: 99 }).catch((e) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.message).toBe("importId: there is no IVR 99 of customer 13; check importId and customerId");
    });

    it("takes an IVR of the every-customer list that names no customer as nobody's: neither adopted nor a duplicate", async () => {
        // Listed at .../0 without id_cliente, under this resource's description: whose it is cannot be told.
        const anonymous: Record<string, unknown> = { ...ivrRow({ id: 98, id_cliente: 13, descricao: minimal.description }) };
        delete anonymous.id_cliente;
        tenant.tenant.ivrs.push(anonymous as never);
        const error = await create({ ...minimal, importId: 98 }).catch((e) => e);
        expect(error).toBeInstanceOf(NotFoundError);
        expect(error.message).toBe("importId: there is no IVR 98 of customer 13; check importId and customerId");
        const created = await create(minimal);
        expect(created.id).not.toBe("98");
        expect(tenant.requests().filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("resolves a create whose answer was lost by finding the IVR by its description, without a second PUT", async () => {
        tenant.onWrite = (method, apiMethod, body) => {
            if (method !== "PUT" || apiMethod !== "manageIvr") return undefined;
            tenant.tenant.ivrs.push({ id: 45, ...(body as object) });
            return { status: 502, text: "Bad Gateway" };
        };
        expect((await create(minimal)).id).toBe("45");
        expect(tenant.requests().filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it.each([
        ["Destino inválido em options.1: fila 99 não pertence ao cliente 13", "options.1.queueId"],
        ["Destino inválido em closed_action: linha 99 não pertence ao cliente 13", "whenClosed.lineId"],
        ["Destino inválido em action1: URA 99 não pertence ao cliente 13", "onEntry.ivrId"],
        ["Destino inválido em options.#: grupo 99 não pertence ao cliente 13", "options.#.ringGroupId"],
        ["Perfil de horário 99 não pertence ao cliente 13", "timeProfileId"],
        ["Cliente não encontrado: 13", "customerId"],
    ])("reports the refusal %j against %s, with the vendor's text", async (reason, property) => {
        tenant.writes.set("PUT manageIvr", { text: JSON.stringify({ error: 1, reason }) });
        const inputs: IvrInputs = {
            ...minimal,
            onEntry: { action: "ivr", ivrId: 7 },
            whenClosed: { action: "line", lineId: 30 },
            options: { "1": { action: "queue", queueId: 12 }, "#": { action: "ringGroup", ringGroupId: 5 } },
        };
        const error = await ivrProvider.create(inputs).catch((e) => e);
        expect(error.message).toBe(`${property}: NextBilling createIvr (PUT /api/manageIvr/***/***/0), HTTP 200 failed: ${reason}`);
        expect(error.property).toBe(property);
    });

    it("keeps the vendor's text when a delete is refused because the IVR is in use, and the IVR stays", async () => {
        tenant.writes.set("DELETE manageIvr", { text: '{"error":1,"reason":"URA 7 em uso: DID 12"}' });
        const error = await ivrProvider.delete!("7", { ...minimal, description: "URA Principal", recordId: 7 }).catch((e) => e);
        expect(error.message).toBe("NextBilling deleteIvr (DELETE /api/manageIvr/***/***/0), HTTP 200 failed: URA 7 em uso: DID 12");
    });

    describe("on a server without the assumed writes (HTTP 404)", () => {
        const missing = { status: 404, text: '{"error":1,"reason":"Método não encontrado: manageIvr"}' };
        const warnings = capturedStderr();
        beforeEach(() => {
            for (const method of ["PUT", "POST", "DELETE"]) tenant.writes.set(`${method} manageIvr`, missing);
        });

        it("a create fails naming the assumed call and what to do instead", async () => {
            const error = await create(minimal).catch((e) => e);
            expect(error).toBeInstanceOf(NotFoundError);
            expect(error.message).toBe(
                "NextBilling createIvr (PUT /api/manageIvr/***/***/0), HTTP 404 failed: Método não encontrado: manageIvr. " +
                    "This NextBilling server does not have the IVR create (PUT /api/manageIvr/T/K/0), which NextBilling does not document and this resource assumes " +
                    '(docs/vendors/nextbilling.md): create IVR "URA Vendas" of customer 13 in NextBilling\'s panel, then adopt it with `importId: <its id>`',
            );
            expect(tenant.requests().filter((r) => r.method === "PUT")).toHaveLength(1);
        });

        it("an update fails naming the assumed call", async () => {
            tenant.tenant.ivrs.push({ id: 44, ...toVendor(minimal) });
            const error = await ivrProvider.update!("44", { ...minimal, recordId: 44 }, everything).catch((e) => e);
            expect(error.message).toContain(
                "HTTP 404 failed: Método não encontrado: manageIvr. This NextBilling server does not have the IVR update (POST /api/manageIvr/T/K/0 with id_record)",
            );
        });

        it("a delete warns that the IVR was left at NextBilling, and succeeds", async () => {
            await expect(ivrProvider.delete!("7", { ...minimal, description: "URA Principal", recordId: 7 })).resolves.toBeUndefined();
            expect(warnings.join("")).toContain(
                'warning: [telephony] IVR 7 ("URA Principal", customer 13) was left at NextBilling: this server has no IVR delete as assumed (DELETE /api/manageIvr/T/K/0?id_record=N, undocumented); delete it in NextBilling\'s panel.',
            );
        });
    });
});
