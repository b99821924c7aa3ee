/**
 * The Line provider's methods against the emulator over real HTTP: the wire format of every call
 * (the spec's §1 and the documented listDevices), references, duplicates, adoption, lost answers,
 * drift made in the panel, refusals, and a server without the assumed update and delete.
 */
import { didProvider } from "../../../provider/nextbilling/did/provider";
import { lineEntry } from "../../../provider/nextbilling/line";
import { lineProvider } from "../../../provider/nextbilling/line/provider";
import type { LineInputs } from "../../../provider/nextbilling/line/schema";
import { nextBillingClient } from "../../../provider/runtime";
import { DEMO_CREDENTIALS } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";
import { apiUrl, request } from "../../support/http";
import { capturedStderr } from "../../support/stderr";
import { refusedTwin } from "../../support/twins";

type LineOutputs = LineInputs & { recordId: number };

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpTimeoutMs": "2000",
}));

const WRITE = "/api/manageDevices/{token}/{key}/1";
const list = (customer: number) => `/api/listDevices/{token}/{key}/${customer}`;

const requests = async () => (await emulator.admin.requests()).requests;
const storedLine = async (id: string | number) => (await emulator.admin.state()).nextbilling.lines.find((line) => line.id === Number(id));

const SECRET = "Senha-Forte-4501";
/** A line of customer 45, which has no records at all. */
const front: LineInputs = {
    customerId: 45,
    username: "4501",
    password: SECRET,
    auth: { type: "password" },
    enabled: true,
    function: { type: "line" },
};

/** Every input, as a program would declare them. */
const everything: LineInputs = {
    ...front,
    callerId: "1145001000",
    maxSimultaneousCalls: 3,
    maxCallsPerSecond: 2,
    maxRingSeconds: 30,
    maxCallSeconds: 7200,
    allowFixed: true,
    allowMobile: false,
    allowFixedInternational: true,
    allowMobileInternational: false,
    enabled: false,
    ratePlanId: 0,
    codecs: ["alaw", "g729"],
    rtpSymmetric: true,
    volumeRx: -2,
    volumeTx: 3,
    audioId: 0,
    followMe: { busy: { destination: "4502" }, offline: { destination: "11987654321" } },
    allowTransfer: false,
    checkSpoofing: true,
    media: "transcoder",
};
const everythingAtVendor = {
    customer_id: 45,
    username: "4501",
    password: "***", // masked by the emulator's log; the stored line has it
    auth: 0,
    domain: [],
    callerid: "1145001000",
    simultaneas: 3,
    max_cps: 2,
    max_ringtime: 30,
    max_calltime: 7200,
    fixo: 1,
    movel: 0,
    fixo_ddi: 1,
    movel_ddi: 0,
    status: 0,
    rate_id: 0,
    codecs: "alaw;g729",
    rtp_symmetric: 1,
    volume_rx: -2,
    volume_tx: 3,
    funcionalidade: 0,
    id_audio: 0,
    sigame_always_st: 0,
    sigame_busy_st: 1,
    sigame_busy_dst: "4502",
    sigame_noanswer_st: 0,
    sigame_offline_st: 1,
    sigame_offline_dst: "11987654321",
    allow_transfer: 0,
    check_spoofing: 1,
    proxy_media: 2,
};

/** Runs check as the engine does first, then create. */
async function create(inputs: LineInputs): Promise<{ id: string; outs: LineOutputs }> {
    const checked = await lineProvider.check!({}, inputs);
    expect(checked.failures).toEqual([]);
    return (await lineProvider.create(checked.inputs as LineInputs)) as { id: string; outs: LineOutputs };
}

const warnings = capturedStderr();

describe("wire format of manageDevices and listDevices", () => {
    it("create: lists the customer's lines, then PUT /api/manageDevices/T/K/1 with every declared field", async () => {
        const { id, outs } = await create(everything);
        const log = await requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${list(45)}`, `PUT ${WRITE}`]);
        expect(log[1].query).toEqual({});
        expect(log[1].body).toEqual(everythingAtVendor);
        expect(outs).toEqual({ ...everything, recordId: Number(id) });
        expect(await storedLine(id)).toMatchObject({ id_cliente: 45, username: "4501", password: SECRET, codecs: "alaw;g729", status: 0 });
    });

    it("the smallest line sends only what it declares, and NextBilling's defaults stay out of its state", async () => {
        const { id, outs } = await create(front);
        expect((await requests()).at(-1)!.body).toEqual({
            customer_id: 45,
            username: "4501",
            password: "***",
            auth: 0,
            domain: [],
            status: 1,
            funcionalidade: 0,
        });
        emulator.configure();
        expect(await lineProvider.read!(id, outs)).toEqual({ id, props: outs, inputs: front });
    });

    it("read: GET listDevices/T/K/{customer}, nested per customer with every value a string and no password, read back as declared", async () => {
        const { id, outs } = await create(everything);
        const answer = await request(apiUrl(emulator.sandbox.url, "listDevices", 45));
        expect(answer.json).toMatchObject({
            error: 0,
            records: 1,
            data: [{ id_cliente: 45, records: 1, data: [expect.objectContaining({ id: id, username: "4501" })] }],
        });
        const listed = answer.json.data[0].data[0];
        expect(Object.values(listed).every((value) => typeof value === "string")).toBe(true);
        expect(listed).not.toHaveProperty("password");
        expect(answer.text).not.toContain(SECRET);

        emulator.configure(); // a new process: empty cache
        await emulator.admin.clearRequests();
        const read = await lineProvider.read!(id, outs);
        expect(await requests()).toEqual([expect.objectContaining({ method: "GET", path: list(45), query: {}, body: null })]);
        expect(read).toEqual({ id, props: outs, inputs: everything });
    });

    it.each(["nested", "keyed"] as const)(
        "read: listDevices keeps its documented shape under the emulator's %s variants",
        async (profile) => {
            const { id, outs } = await create(everything);
            await emulator.admin.setVariants({ profile });
            emulator.configure();
            const answer = await request(apiUrl(emulator.sandbox.url, "listDevices", 45));
            expect(answer.json.data[0]).toMatchObject({ id_cliente: 45, records: 1, data: [expect.objectContaining({ id: id })] });
            expect((await lineProvider.read!(id, outs)).inputs).toEqual(everything);
        },
    );

    it('IP auth: auth 1 with domain as the addresses, port and tech prefix; listed as "a,b" and read back', async () => {
        const byIp: LineInputs = {
            ...front,
            password: undefined,
            auth: { type: "ip", addresses: ["10.45.0.5", "10.45.0.6"], port: 5080, techPrefix: "4545" },
        };
        const { id, outs } = await create(byIp);
        expect((await requests()).at(-1)!.body).toEqual({
            customer_id: 45,
            username: "4501",
            auth: 1,
            domain: ["10.45.0.5", "10.45.0.6"],
            port: 5080,
            techprefix: "4545",
            status: 1,
            funcionalidade: 0,
        });
        const answer = await request(apiUrl(emulator.sandbox.url, "listDevices", 45));
        expect(answer.json.data[0].data[0]).toMatchObject({ auth: "1", domain: "10.45.0.5,10.45.0.6", port: "5080", techprefix: "4545" });
        emulator.configure();
        expect((await lineProvider.read!(id, outs)).props).toEqual(outs);
    });

    it("moved from IP auth to a password, a line's addresses are cleared (an update is a merge), and it reads back as a password line", async () => {
        const byIp: LineInputs = { ...front, password: undefined, auth: { type: "ip", addresses: ["10.45.0.5"], port: 5080 } };
        const { id, outs } = await create(byIp);
        const updated = await lineProvider.update!(id, outs, front);
        expect((await requests()).at(-1)!.body).toMatchObject({ auth: 0, domain: [] });
        expect(await storedLine(id)).toMatchObject({ auth: 0, domain: [] });
        // Read as from the documented listing, which has no `auth`: what `domain` says decides.
        const answer = await request(apiUrl(emulator.sandbox.url, "listDevices", 45));
        expect(answer.json.data[0].data.find((line: { id: string }) => line.id === id)).toMatchObject({ domain: "dynamic" });
        emulator.configure();
        expect((await lineProvider.read!(id, updated.outs)).props).toMatchObject({ auth: { type: "password" } });
    });

    it.each([
        ["voicePortal", { type: "voicePortal" }, { funcionalidade: 1 }],
        ["callingCard", { type: "callingCard" }, { funcionalidade: 2 }],
        ["ivr", { type: "ivr", ivrId: 7 }, { funcionalidade: 3, funcionalidade_id: 7 }],
        ["queue", { type: "queue", queueId: 14 }, { funcionalidade: 4, funcionalidade_id: 14 }],
        ["phoneBooth", { type: "phoneBooth" }, { funcionalidade: 5 }],
    ])("function %s reaches NextBilling as its funcionalidade and reads back the same", async (name, lineFunction, vendor) => {
        const { id, outs } = await create({ ...front, customerId: 13, username: `2090-${name}`, function: lineFunction } as LineInputs);
        expect((await requests()).at(-1)!.body).toMatchObject(vendor);
        expect(await storedLine(id)).toMatchObject(vendor);
        emulator.configure();
        expect((await lineProvider.read!(id, outs)).props).toEqual(outs);
    });

    it("update (assumed): POST …/1 with id_record and the declared fields; the password is sent, masked in the log", async () => {
        const { id, outs } = await create(front);
        const news: LineInputs = {
            ...front,
            username: "4510",
            maxSimultaneousCalls: 4,
            function: { type: "queue", queueId: 12 },
            customerId: 45,
        };
        // Queue 12 is customer 13's: NextBilling refuses it, naming the input.
        const refused = await lineProvider.update!(id, outs, news).catch((e) => e);
        expect(refused.property).toBe("function.queueId");
        expect(refused.vendorReason).toContain("12");

        const renamed = { ...front, username: "4510", maxSimultaneousCalls: 4, enabled: false };
        const updated = await lineProvider.update!(id, outs, renamed);
        const post = (await requests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: WRITE, query: {} });
        expect(post.body).toEqual({
            id_record: Number(id),
            customer_id: 45,
            username: "4510",
            password: "***",
            auth: 0,
            domain: [],
            simultaneas: 4,
            status: 0,
            funcionalidade: 0,
        });
        expect(updated.outs).toEqual({ ...renamed, recordId: Number(id) });
        expect(await storedLine(id)).toMatchObject({ username: "4510", simultaneas: 4, status: 0, password: SECRET });
    });

    it("delete (assumed): DELETE …/1?id_record=N without a body; deleting it again succeeds", async () => {
        const { id, outs } = await create(front);
        await lineProvider.delete!(id, outs);
        expect((await requests()).at(-1)).toMatchObject({
            method: "DELETE",
            path: WRITE,
            query: { id_record: id },
            body: null,
            status: 200,
        });
        expect(await storedLine(id)).toBeUndefined();
        await expect(lineProvider.delete!(id, outs)).resolves.toBeUndefined();
    });
});

describe("Line provider", () => {
    it("checks the IVR or queue a line is at preview, naming the property and the customer's choices", async () => {
        const bad = await lineProvider.check!({}, { ...front, customerId: 13, function: { type: "queue", queueId: 15 } });
        expect(bad.failures).toEqual([
            {
                property: "function.queueId",
                reason: "function.queueId: customer 13 has no queue 15; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
            },
        ]);
        const ivr = await lineProvider.check!({}, { ...front, customerId: 13, function: { type: "ivr", ivrId: 8 } });
        expect(ivr.failures![0]).toMatchObject({
            property: "function.ivrId",
            reason: expect.stringContaining("customer 13 has no IVR 8; its IVRs: 7 (URA Principal)"),
        });
    });

    it("refuses to create a twin of a line of the same customer and username, naming its record and importId at preview, and again at create", async () => {
        const refusal = await refusedTwin(lineProvider, { ...front, customerId: 13, username: "2030", callerId: "1130009999" });
        expect(refusal.property).toBe("username");
        expect(refusal.message).toContain('a line with customer 13 and username "2030" already exists (record 30)');
        expect(refusal.message).toContain("It differs from this declaration in callerId");
        expect(refusal.message).toContain("importId: 30");
        expect((await requests()).filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("a username another customer has is refused by NextBilling itself, reported against username", async () => {
        const error = await create({ ...front, username: "2030" }).catch((e) => e);
        expect(error.name).toBe("ConflictError");
        expect(error.property).toBe("username");
        expect(error.vendorReason).toBe("Usuário já cadastrado: 2030");
    });

    it("adopts an existing line with importId: no create, one update to the declared inputs (its password included)", async () => {
        const adopted = await create({ ...front, customerId: 13, username: "2030", maxRingSeconds: 25, password: SECRET, importId: 30 });
        expect(adopted.id).toBe("30");
        expect((await requests()).map((r) => r.method)).toEqual(["GET", "POST"]);
        expect(await storedLine(30)).toMatchObject({ username: "2030", max_ringtime: 25, password: SECRET });
    });

    it("adopting a line already as declared, without a password, makes no write; its follow-me and limits from the panel stay", async () => {
        const adopted = await create({ customerId: 13, username: "2030", importId: 30 } as LineInputs);
        expect(adopted.id).toBe("30");
        expect((await requests()).map((r) => r.method)).toEqual(["GET"]);
        expect(await storedLine(30)).toMatchObject({ sigame_noanswer_st: 1, max_ringtime: 20, password: "senha-2030" });
    });

    it("refuses an importId of another username, or of no line of the customer", async () => {
        const other = await create({ ...front, customerId: 13, username: "2031", importId: 30 }).catch((e) => e);
        expect(other.property).toBe("importId");
        expect(other.message).toContain('line 30 has username "2030", not "2031"; check importId and username');
        const missing = await create({ ...front, importId: 30 }).catch((e) => e);
        expect(missing.name).toBe("NotFoundError");
        expect(missing.message).toContain("there is no line 30 of customer 45; check importId and customerId");
    });

    it("does not create a second line when the create's answer is lost after NextBilling applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageDevices", count: 1 }] });
        const { id } = await create(front);
        const named = (await emulator.admin.state()).nextbilling.lines.filter((line) => line.username === "4501");
        expect(named.map((line) => line.id)).toEqual([Number(id)]);
        expect((await requests()).filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("shows what was changed in the panel on refresh, only in the fields declared, so up reverts it", async () => {
        const { id, outs } = await create({ ...front, maxSimultaneousCalls: 2, followMe: {} });
        await emulator.admin.lines.patch(Number(id), {
            simultaneas: 5,
            status: 0,
            sigame_always_st: 1,
            sigame_always_dst: "4599",
            codecs: "ulaw",
        });
        emulator.configure();
        const read = await lineProvider.read!(id, outs);
        expect(read.inputs).toEqual({ ...front, maxSimultaneousCalls: 5, enabled: false, followMe: { always: { destination: "4599" } } });
        expect(read.inputs).not.toHaveProperty("codecs"); // not declared: not managed
        expect(read.props!.password).toBe(SECRET); // never read back: kept
        const diff = await lineProvider.diff!(id, read.props!, { ...front, maxSimultaneousCalls: 2, followMe: {} });
        expect(diff).toMatchObject({ changes: true, replaces: [] });
    });

    it("drops a line deleted in the panel from state, and deleting it again succeeds", async () => {
        const { id, outs } = await create(front);
        await emulator.admin.lines.remove(Number(id));
        emulator.configure();
        expect(await lineProvider.read!(id, outs)).toEqual({ id: "", props: {} });
        await expect(lineProvider.delete!(id, outs)).resolves.toBeUndefined();
    });

    it("a delete refused while the line is in use keeps NextBilling's text", async () => {
        const stored = {
            customerId: 9,
            username: "1001",
            auth: { type: "password" },
            enabled: true,
            function: { type: "line" },
            recordId: 1,
        };
        const error = await lineProvider.delete!("1", stored).catch((e) => e);
        expect(error.message).toBe("NextBilling deleteLine (DELETE /api/manageDevices/***/***/1), HTTP 200 failed: Linha 1 em uso: DID 12");
        expect(await storedLine(1)).toBeDefined();
    });

    it("refreshes many lines with one listDevices call per customer", async () => {
        const made: { id: string; outs: LineOutputs }[] = [];
        for (const [customerId, username] of [
            [45, "4501"],
            [45, "4502"],
            [45, "4503"],
            [13, "2099"],
        ] as const)
            made.push(await create({ ...front, customerId, username }));
        emulator.configure();
        await emulator.admin.clearRequests();
        await Promise.all(made.map(({ id, outs }) => lineProvider.read!(id, outs)));
        expect((await emulator.admin.requests()).counts).toEqual({ [`GET ${list(45)}`]: 1, [`GET ${list(13)}`]: 1 });
    });

    it("a line made in this process is a line of its customer to a DID's check at once, without listing again", async () => {
        const did = { customerId: 45, number: "1145009000", description: "Varejo", routing: { type: "line", deviceId: 54 } };
        const before = await didProvider.check!({}, did);
        expect(before.failures![0]).toMatchObject({ property: "routing.deviceId" });
        const { id } = await create(front);
        expect(id).toBe("54");
        expect((await didProvider.check!({}, did)).failures).toEqual([]);
        // One list of the customer's lines serves the DID's check, the line's duplicate check and the check after the create.
        expect((await emulator.admin.requests()).counts[`GET ${list(45)}`]).toBe(1);
    });

    it("lists every customer's lines for export and drift, the seeded IP line among them, with what it references", async () => {
        const { records, skipped } = await lineEntry.inventory!.list(nextBillingClient(), {});
        expect(skipped).toEqual([]);
        const byId = Object.fromEntries(records.map((record) => [record.id, record]));
        expect(byId["41"]).toMatchObject({
            customerId: 21,
            label: "Atendimento",
            inputs: {
                auth: { type: "ip", addresses: ["10.21.0.5", "10.21.0.6"], port: 5060, techPrefix: "2141" },
                maxSimultaneousCalls: 10,
            },
        });
        expect(byId["30"].inputs).toMatchObject({ username: "2030", followMe: { noAnswer: { destination: "2031" } }, maxRingSeconds: 20 });
        expect(byId["30"].inputs).not.toHaveProperty("password");
        const { records: of13 } = await lineEntry.inventory!.list(nextBillingClient(), { customers: [13] });
        expect(of13.map((record) => record.id).sort()).toEqual(["30", "31", "32"]);
        const queueLine = await create({ ...front, function: { type: "ivr", ivrId: 7 }, customerId: 13, username: "2077" });
        expect(
            lineEntry.inventory!.references!({ resource: "Line", id: queueLine.id, customerId: 13, inputs: queueLine.outs, label: "" }),
        ).toEqual([{ resource: "Ivr", customerId: 13, id: 7 }]);
    });
});

describe('on a server without the assumed update and delete (the emulator\'s lineWrites "404")', () => {
    beforeEach(() => emulator.admin.setVariants({ lineWrites: "404" }));

    it("create and read keep working", async () => {
        const { id, outs } = await create(front);
        emulator.configure();
        expect((await lineProvider.read!(id, outs)).props).toEqual(outs);
    });

    it("an update fails, naming the assumed call and saying to change the line in the panel", async () => {
        const { id, outs } = await create(front);
        const error = await lineProvider.update!(id, outs, { ...front, maxSimultaneousCalls: 4 }).catch((e) => e);
        expect(error.status).toBe(404);
        expect(error.message).toContain(
            "NextBilling updateLine (POST /api/manageDevices/***/***/1), HTTP 404 failed: Método não encontrado: manageDevices.",
        );
        expect(error.message).toContain(
            `change maxSimultaneousCalls of line ${id} ("4501") in the NextBilling panel, then run \`pulumi refresh\``,
        );
        expect(error.message).not.toContain(SECRET);
        expect(await storedLine(id)).toMatchObject({ simultaneas: 1 });
    });

    it("a delete warns that the line was left at NextBilling and must be removed in the panel, and succeeds", async () => {
        const { id, outs } = await create(front);
        await expect(lineProvider.delete!(id, outs)).resolves.toBeUndefined();
        expect(warnings.join("")).toContain(
            `line ${id} ("4501") of customer 45 was left at NextBilling: this server has no manageDevices delete as assumed; remove it in the NextBilling panel.`,
        );
        expect(await storedLine(id)).toBeDefined();
    });
});
