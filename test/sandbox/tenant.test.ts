/**
 * Lines, queues, IVRs and time profiles (issue 13's contract, docs/emulator.md): every method and verb
 * with its exact request and answer, every check and refusal, the in-use refusals, the `…Writes`
 * variants, the admin routes, the seeds, and state files saved before these records had their fields.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxAdmin, startSandbox, VARIANT_PROFILES, type Sandbox, type TimeProfile } from "../../sandbox";
import { IVR_STORED_DEFAULTS as IVR_DEFAULTS } from "../nextbilling/ivr/fixtures";
import { EVERYTHING_ON_THE_WIRE, QUEUE_STORED_DEFAULTS as QUEUE_DEFAULTS } from "../nextbilling/queue/fixtures";
import { apiUrl, KEY, request, ringGroupsUrl, TOKEN } from "../support/http";
import { asStrings } from "../support/listValues";

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const nb = () => sandbox.store.state.nextbilling;
const devicesUrl = (query = "", segment: string | number | undefined = 1) => apiUrl(sandbox.url, "manageDevices", segment, query);
const listDevices = async (customer: number, query = "") => (await request(apiUrl(sandbox.url, "listDevices", customer, query))).json;
/** The one line listDevices answers for `?id_record=id`. */
const listedLine = async (customer: number, id: number) => (await listDevices(customer, `?id_record=${id}`)).data[0].data[0];
const putLine = (body: unknown) => request(devicesUrl(), { method: "PUT", json: body });
const postLine = (body: unknown) => request(devicesUrl(), { method: "POST", json: body });
const deleteLine = (id: number | string) => request(devicesUrl(`?id_record=${id}`), { method: "DELETE" });
const storedLine = (id: number) => nb().lines.find((line) => line.id === id);

type Method = "manageQueue" | "manageIvr" | "manageTimeProfiles";
const put = (method: Method, body: unknown) => request(apiUrl(sandbox.url, method, 0), { method: "PUT", json: body });
const post = (method: Method, body: unknown) => request(apiUrl(sandbox.url, method, 0), { method: "POST", json: body });
const del = (method: Method, id: number | string) => request(apiUrl(sandbox.url, method, 0, `?id_record=${id}`), { method: "DELETE" });
const listOf = async (method: Method, scope: number) => (await request(apiUrl(sandbox.url, method, scope))).json;
const storedQueue = (id: number) => nb().queues.find((queue) => queue.id === id);
const storedIvr = (id: number) => nb().ivrs.find((ivr) => ivr.id === id);
const storedProfile = (id: number) => nb().timeProfiles.find((profile) => profile.id === id);

const OK = '{"error":0,"reason":"OK"}';
const createdText = (id: number) => `{"error":0,"reason":"OK","new_record":${id},}`;
const refusal = (reason: string) => ({ status: 200, json: { error: 1, reason } });

/** A line of customer 45 (no records of its own) with only what the vendor requires. */
const newLine = (fields: Record<string, unknown> = {}) => ({ customer_id: 45, username: "4501", password: "s3cr3t-4501", ...fields });

/** What a line stores when a create gives only the required fields: manageDevices' defaults, listDevices' example values. */
const LINE_DEFAULTS = {
    id_plano: 0,
    id_audio: 0,
    id_perfil_horario: 0,
    tipo_tar: 1,
    ddd_local: "5511",
    tech: "SIP",
    domain: [],
    port: 0,
    rtp_symmetric: 0,
    nat: "auto_force_rport",
    techprefix: "",
    saldo: 0,
    voip: 1,
    fixo_local: 1,
    auth: 0,
    callerid: "",
    simultaneas: 1,
    max_cps: 0,
    max_ringtime: 0,
    max_calltime: 0,
    fixo: 1,
    movel: 1,
    fixo_ddi: 0,
    movel_ddi: 0,
    status: 1,
    rate_id: 0,
    codecs: "g729;alaw;ulaw",
    volume_rx: 0,
    volume_tx: 0,
    funcionalidade: 0,
    funcionalidade_id: 0,
    sigame_always_st: 0,
    sigame_always_dst: "",
    sigame_busy_st: 0,
    sigame_busy_dst: "",
    sigame_noanswer_st: 0,
    sigame_noanswer_dst: "",
    sigame_offline_st: 0,
    sigame_offline_dst: "",
    allow_transfer: 1,
    check_spoofing: 0,
    proxy_media: 0,
};

/** A line of customer 45 with every manageDevices field set to something other than its default. */
const FULL_LINE = {
    customer_id: 45,
    tech: "SIP",
    auth: 1,
    username: "4510",
    password: "pabx-45",
    domain: ["10.45.0.1", "10.45.0.2"],
    port: 5080,
    techprefix: "45#",
    callerid: "1145001000",
    simultaneas: 4,
    max_cps: 2,
    max_ringtime: 25,
    max_calltime: 3600,
    fixo: 0,
    movel: 0,
    fixo_ddi: 1,
    movel_ddi: 1,
    status: 0,
    rate_id: 7,
    codecs: "alaw;ulaw",
    rtp_symmetric: 1,
    volume_rx: -3,
    volume_tx: 4,
    funcionalidade: 0,
    funcionalidade_id: 0,
    id_audio: 12,
    sigame_always_st: 1,
    sigame_always_dst: "4511",
    sigame_busy_st: 1,
    sigame_busy_dst: "11987650000",
    sigame_noanswer_st: 0,
    sigame_noanswer_dst: "4512",
    sigame_offline_st: 1,
    sigame_offline_dst: "4513",
    allow_transfer: 0,
    check_spoofing: 1,
    proxy_media: 2,
};

/** FULL_LINE as listDevices lists it: the example's fields and order, `nome`/`ramal`, the rest; every value a string, no password. */
const FULL_LINE_LISTED = {
    id: "54",
    id_cliente: "45",
    id_plano: "0",
    id_audio: "12",
    id_perfil_horario: "0",
    tipo_tar: "1",
    ddd_local: "5511",
    tech: "SIP",
    username: "4510",
    domain: "10.45.0.1,10.45.0.2",
    port: "5080",
    rtp_symmetric: "1",
    nat: "auto_force_rport",
    techprefix: "45#",
    saldo: "0.00000",
    voip: "1",
    fixo_local: "1",
    nome: "4510",
    ramal: "4510",
    customer_id: "45",
    auth: "1",
    callerid: "1145001000",
    simultaneas: "4",
    max_cps: "2",
    max_ringtime: "25",
    max_calltime: "3600",
    fixo: "0",
    movel: "0",
    fixo_ddi: "1",
    movel_ddi: "1",
    status: "0",
    rate_id: "7",
    codecs: "alaw;ulaw",
    volume_rx: "-3",
    volume_tx: "4",
    funcionalidade: "0",
    funcionalidade_id: "0",
    sigame_always_st: "1",
    sigame_always_dst: "4511",
    sigame_busy_st: "1",
    sigame_busy_dst: "11987650000",
    sigame_noanswer_st: "0",
    sigame_noanswer_dst: "4512",
    sigame_offline_st: "1",
    sigame_offline_dst: "4513",
    allow_transfer: "0",
    check_spoofing: "1",
    proxy_media: "2",
};

const action = (name: string, data = "") => ({ action: name, action_data: data });

/** The records of a list answer in any of the `nextbillingLists` shapes. */
function recordsOf(json: { data: unknown }): Record<string, unknown>[] {
    if (!Array.isArray(json.data)) return Object.values(json.data as Record<string, Record<string, unknown>[]>).flat();
    return (json.data as Record<string, unknown>[]).flatMap((item) =>
        Array.isArray(item.data) ? (item.data as Record<string, unknown>[]) : [item],
    );
}

/** The 28 interval fields, all "" but those given. */
function hours(given: Record<string, string> = {}): Record<string, string> {
    const all: Record<string, string> = {};
    for (let day = 0; day < 7; day++) {
        for (const interval of [1, 2]) for (const edge of ["ini", "end"]) all[`wday${day}_hora${interval}_${edge}`] = "";
    }
    return { ...all, ...given };
}

/** The same intervals on each of `days`, as the seed writes them. */
function days(list: number[], ini1: string, end1: string, ini2 = "", end2 = ""): Record<string, string> {
    return Object.fromEntries(
        list.flatMap((day) => [
            [`wday${day}_hora1_ini`, ini1],
            [`wday${day}_hora1_end`, end1],
            [`wday${day}_hora2_ini`, ini2],
            [`wday${day}_hora2_end`, end2],
        ]),
    );
}

// ---- Seeds (§7) --------------------------------------------------------------------------------

describe("seeds", () => {
    it("customers 9, 13, 21, 31 and 45 Varejo Novo, which has no records of any kind", async () => {
        const state = (await admin.state()).nextbilling;
        expect(state.customers).toEqual([
            { id: 9, nome_fantasia: "Clínica Bem Estar", status: 1 },
            { id: 13, nome_fantasia: "Loja Centro", status: 1 },
            { id: 21, nome_fantasia: "Escritório Contábil", status: 1 },
            { id: 31, nome_fantasia: "Legado Telecom Ltda", status: 1 },
            { id: 45, nome_fantasia: "Varejo Novo", status: 1 },
        ]);
        const of45 = (records: { id_cliente?: number; customer_id?: number }[]) =>
            records.filter((record) => (record.id_cliente ?? record.customer_id) === 45);
        for (const records of [state.lines, state.ringGroups, state.queues, state.ivrs, state.timeProfiles, state.dids]) {
            expect(of45(records)).toEqual([]);
        }
        expect(await listDevices(45)).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
        for (const method of ["manageQueue", "manageIvr", "manageTimeProfiles"] as const) {
            expect(await listOf(method, 45)).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
        }
        expect(state.nextId).toEqual({ ringGroup: 5, did: 17, line: 54, queue: 22, ivr: 10, timeProfile: 5 });
    });

    it("keeps every line id, name and extension; each logs in with its extension, password kept, the seeded variety set", () => {
        const lines = nb().lines.map(({ id, id_cliente, nome, ramal, username, auth }) => [id, id_cliente, nome, ramal, username, auth]);
        expect(lines).toEqual([
            [1, 9, "Recepção 1", "1001", "1001", 0],
            [4, 9, "Recepção 2", "1002", "1002", 0],
            [5, 9, "Consultório 1", "1005", "1005", 0],
            [6, 9, "Consultório 2", "1006", "1006", 0],
            [19, 9, "Administração", "1019", "1019", 0],
            [23, 9, "Financeiro", "1023", "1023", 0],
            [30, 13, "Caixa", "2030", "2030", 0],
            [31, 13, "Vendas", "2031", "2031", 0],
            [32, 13, "Estoque", "2032", "2032", 0],
            [40, 21, "Contador", "3040", "3040", 0],
            [41, 21, "Atendimento", "3041", "3041", 1],
            [50, 31, "Recepção", "5001", "5001", 0],
            [51, 31, "Comercial 1", "5002", "5002", 0],
            [52, 31, "Comercial 2", "5003", "5003", 0],
            [53, 31, "Suporte", "5004", "5004", 0],
        ]);
        for (const line of nb().lines) expect(line.password).toBe(line.auth === 0 ? `senha-${line.ramal}` : "");
        const base = (id: number, customer: number, nome: string, ramal: string) => ({
            id,
            id_cliente: customer,
            ...LINE_DEFAULTS,
            username: ramal,
            password: `senha-${ramal}`,
            nome,
            ramal,
        });
        expect(storedLine(1)).toEqual({ ...base(1, 9, "Recepção 1", "1001"), callerid: "1132001000", simultaneas: 2 });
        expect(storedLine(4)).toEqual({ ...base(4, 9, "Recepção 2", "1002"), callerid: "1132001000" });
        expect(storedLine(5)).toEqual(base(5, 9, "Consultório 1", "1005"));
        expect(storedLine(19)).toEqual({ ...base(19, 9, "Administração", "1019"), fixo_ddi: 1, movel_ddi: 1 });
        expect(storedLine(23)).toEqual({ ...base(23, 9, "Financeiro", "1023"), codecs: "alaw;ulaw" });
        expect(storedLine(30)).toEqual({
            ...base(30, 13, "Caixa", "2030"),
            sigame_noanswer_st: 1,
            sigame_noanswer_dst: "2031",
            max_ringtime: 20,
        });
        expect(storedLine(31)).toEqual({ ...base(31, 13, "Vendas", "2031"), simultaneas: 2 });
        expect(storedLine(32)).toEqual({ ...base(32, 13, "Estoque", "2032"), allow_transfer: 0 });
        expect(storedLine(41)).toEqual({
            ...base(41, 21, "Atendimento", "3041"),
            auth: 1,
            password: "",
            domain: ["10.21.0.5", "10.21.0.6"],
            port: 5060,
            techprefix: "2141",
            simultaneas: 10,
        });
        expect(storedLine(50)).toEqual({ ...base(50, 31, "Recepção", "5001"), callerid: "1140001000" });
        expect(storedLine(51)).toEqual({ ...base(51, 31, "Comercial 1", "5002"), codecs: "alaw;ulaw", volume_rx: 2 });
        expect(storedLine(52)).toEqual({ ...base(52, 31, "Comercial 2", "5003"), sigame_busy_st: 1, sigame_busy_dst: "5004", status: 0 });
        expect(storedLine(53)).toEqual({
            ...base(53, 31, "Suporte", "5004"),
            sigame_offline_st: 1,
            sigame_offline_dst: "11987650000",
            proxy_media: 1,
        });
    });

    it("queues 12 and 14 of customer 13 with lines 30-31 and 32, 15 of customer 9, the legacy tenant's 20 (overflowing to 21) and 21", () => {
        expect(nb().queues).toEqual([
            { id: 12, id_cliente: 13, descricao: "Fila Vendas", ...QUEUE_DEFAULTS, devices: [30, 31] },
            { id: 14, id_cliente: 13, descricao: "Fila Suporte", ...QUEUE_DEFAULTS, strategy: "rrmemory", devices: [32] },
            { id: 15, id_cliente: 9, descricao: "Fila Recepção", ...QUEUE_DEFAULTS, strategy: "linear", devices: [1, 4] },
            {
                id: 20,
                id_cliente: 31,
                descricao: "Fila Comercial",
                ...QUEUE_DEFAULTS,
                strategy: "fewestcalls",
                musiconhold: "custom",
                announce: { id: 31 },
                announce_frequency: 30,
                announce_position: 1,
                timeout: 120,
                queue_type: 2,
                id_backup1: 21,
                devices: [51, 52],
            },
            { id: 21, id_cliente: 31, descricao: "Fila Suporte Legado", ...QUEUE_DEFAULTS, devices: [53, 50] },
        ]);
    });

    it("IVR 7 open in profile 3, 1 to queue 12 and 2 to queue 14, hanging up when closed; 8 of customer 9; the legacy tenant's 9", () => {
        expect(nb().ivrs).toEqual([
            {
                id: 7,
                id_cliente: 13,
                descricao: "URA Principal",
                ...IVR_DEFAULTS,
                perfil_horario: { id: 3 },
                options: { 1: action("queue", "12"), 2: action("queue", "14") },
            },
            {
                id: 8,
                id_cliente: 9,
                descricao: "URA Clínica",
                ...IVR_DEFAULTS,
                perfil_horario: { id: 2 },
                closed_action: action("voicemail", "1"),
                options: { 1: action("queue", "15") },
            },
            {
                id: 9,
                id_cliente: 31,
                descricao: "URA Legado",
                ...IVR_DEFAULTS,
                alow_dial_extension: 1,
                timeout_response: 8,
                perfil_horario: { id: 4 },
                audio_invalido: { id: 32 },
                closed_audio: { id: 33 },
                have_question: 1,
                audio_question: { id: 34 },
                closed_action: action("voicemail", "50"),
                options: { 0: action("device", "50"), 1: action("queue", "20"), 2: action("queue", "21") },
            },
        ]);
    });

    it("time profile 3 Horário Comercial (mon-fri 08-18, sat 08-12) of customer 13, 2 of customer 9, 4 of the legacy tenant", () => {
        expect(nb().timeProfiles).toEqual([
            {
                id: 2,
                id_cliente: 9,
                descricao: "Horário da Clínica",
                ...hours({
                    ...days([1, 2, 3, 4, 5], "07:00:00", "12:00:00", "13:00:00", "19:00:00"),
                    ...days([6], "07:00:00", "11:00:00"),
                }),
            },
            {
                id: 3,
                id_cliente: 13,
                descricao: "Horário Comercial",
                ...hours({ ...days([1, 2, 3, 4, 5], "08:00:00", "18:00:00"), ...days([6], "08:00:00", "12:00:00") }),
            },
            {
                id: 4,
                id_cliente: 31,
                descricao: "Expediente Legado",
                ...hours(days([1, 2, 3, 4, 5], "09:00:00", "12:00:00", "13:30:00", "18:00:00")),
            },
        ]);
        // Sunday (wday0) is closed everywhere.
        for (const profile of nb().timeProfiles) expect(profile.wday0_hora1_ini).toBe("");
    });

    it("lists the legacy tenant's records as `telephony export` reads them", async () => {
        expect(await listOf("manageTimeProfiles", 31)).toEqual({
            error: 0,
            reason: "OK",
            records: 1,
            data: [
                {
                    id: "4",
                    id_cliente: "31",
                    descricao: "Expediente Legado",
                    ...hours(days([1, 2, 3, 4, 5], "09:00:00", "12:00:00", "13:30:00", "18:00:00")),
                },
            ],
        });
        expect((await listOf("manageIvr", 31)).data[0]).toEqual({
            id: "9",
            id_cliente: "31",
            descricao: "URA Legado",
            alow_dial_extension: "1",
            timeout_response: "8",
            timeout_digit: "3",
            perfil_horario: { id: "4" },
            audio_invalido: { id: "32" },
            audio_timeout: null,
            audio_question: { id: "34" },
            closed_audio: { id: "33" },
            have_question: "1",
            closed_action: action("voicemail", "50"),
            action1: null,
            options: { 0: action("device", "50"), 1: action("queue", "20"), 2: action("queue", "21") },
        });
        expect((await listOf("manageQueue", 31)).data[0]).toEqual({
            id: "20",
            id_cliente: "31",
            descricao: "Fila Comercial",
            strategy: "fewestcalls",
            musiconhold: "custom",
            announce: { id: "31" },
            announce_frequency: "30",
            announce_holdtime: "0",
            announce_position: "1",
            retry: "5",
            timeout: "120",
            wrapuptime: "0",
            reportholdtime: "0",
            ringinuse: "0",
            queue_type: "2",
            play_agent_audio: "0",
            id_backup1: "21",
            devices: ["51", "52"],
        });
        expect((await listedLine(31, 53)).sigame_offline_dst).toBe("11987650000");
    });
});

// ---- Lines: manageDevices and listDevices --------------------------------------------------------

describe("PUT manageDevices/T/K/1 (create, documented)", () => {
    it("creates with the required fields and answers the documented envelope, trailing comma included; the rest takes the defaults", async () => {
        const answer = await putLine(newLine());
        expect(answer.status).toBe(200);
        expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
        expect(answer.text).toBe(createdText(54));
        // nome and ramal are the sandbox's own (manageDevices has no name): they start as the login.
        expect(storedLine(54)).toEqual({
            id: 54,
            id_cliente: 45,
            ...LINE_DEFAULTS,
            username: "4501",
            password: "s3cr3t-4501",
            nome: "4501",
            ramal: "4501",
        });
        expect((await admin.requests()).writes).toBe(1);
    });

    it("stores every field given and listDevices lists each one (never the password), `domain` joined with commas", async () => {
        expect((await putLine(FULL_LINE)).text).toBe(createdText(54));
        const { customer_id: _customer, ...fields } = FULL_LINE;
        expect(storedLine(54)).toEqual({ id: 54, id_cliente: 45, ...LINE_DEFAULTS, ...fields, nome: "4510", ramal: "4510" });
        const listed = await listDevices(45);
        expect(listed).toEqual({
            error: 0,
            reason: "OK",
            records: 1,
            data: [{ id_cliente: 45, nome_fantasia: "Varejo Novo", records: 1, data: [FULL_LINE_LISTED] }],
        });
        expect(Object.keys(listed.data[0].data[0])).toEqual(Object.keys(FULL_LINE_LISTED)); // the order too
        expect(JSON.stringify(listed)).not.toContain("pabx-45");
        expect(listed.data[0].data[0]).not.toHaveProperty("password");
    });

    it("takes numbers as numeric strings and flags as booleans; a registering line's domain is not kept and lists as dynamic", async () => {
        const answer = await putLine(
            newLine({ customer_id: "45", simultaneas: "3", fixo: false, movel_ddi: true, volume_rx: "-2", domain: ["10.0.0.9"] }),
        );
        expect(answer.text).toBe(createdText(54));
        expect(storedLine(54)).toMatchObject({ id_cliente: 45, simultaneas: 3, fixo: 0, movel_ddi: 1, volume_rx: -2, domain: [] });
        expect(await listedLine(45, 54)).toMatchObject({ domain: "dynamic", simultaneas: "3", fixo: "0", movel_ddi: "1", volume_rx: "-2" });
    });

    it("an IP line needs no login: named after its id, no extension", async () => {
        expect((await putLine({ customer_id: 45, auth: 1, domain: ["10.45.0.9"] })).text).toBe(createdText(54));
        expect(storedLine(54)).toMatchObject({ auth: 1, username: "", password: "", domain: ["10.45.0.9"], nome: "Linha 54", ramal: "" });
        expect(await listedLine(45, 54)).toMatchObject({ username: "", domain: "10.45.0.9", auth: "1" });
    });

    it("a line may be an IVR menu (funcionalidade 3) or a queue (4) of its customer", async () => {
        expect((await putLine(newLine({ customer_id: 13, username: "2040", funcionalidade: 3, funcionalidade_id: 7 }))).text).toBe(
            createdText(54),
        );
        expect((await putLine(newLine({ customer_id: 13, username: "2041", funcionalidade: 4, funcionalidade_id: "12" }))).text).toBe(
            createdText(55),
        );
        expect(storedLine(54)).toMatchObject({ funcionalidade: 3, funcionalidade_id: 7 });
        expect(storedLine(55)).toMatchObject({ funcionalidade: 4, funcionalidade_id: 12 });
        // Another funcionalidade points at nothing, whatever is sent.
        expect((await putLine(newLine({ username: "4502", funcionalidade: 1, funcionalidade_id: 7 }))).text).toBe(createdText(56));
        expect(storedLine(56)).toMatchObject({ funcionalidade: 1, funcionalidade_id: 0 });
    });

    it("never reuses an id, not even a deleted line's", async () => {
        await putLine(newLine());
        expect((await deleteLine(54)).text).toBe(OK);
        expect((await putLine(newLine())).text).toBe(createdText(55));
    });

    it.each<[string, Record<string, unknown>, string]>([
        ["an unknown customer", { customer_id: 99 }, "Cliente não encontrado: 99"],
        ["a customer that is not an id", { customer_id: "x" }, "Valor inválido para customer_id: x"],
        ["a seeded line's username", { username: "2030" }, "Usuário já cadastrado: 2030"],
        ["no username with auth 0", { username: undefined }, "username obrigatório quando auth é 0"],
        ["no password with auth 0", { password: "" }, "password obrigatório quando auth é 0"],
        ["no domain with auth 1", { auth: 1 }, "domain obrigatório quando auth é 1"],
        ["a domain that is not a list", { auth: 1, domain: "10.0.0.1" }, "Valor inválido para domain: 10.0.0.1"],
        ["a domain that is not an IP address", { auth: 1, domain: ["10.0.0.1", "999.1.1.1"] }, "Valor inválido para domain: 999.1.1.1"],
        ["a follow-me on without its destination", { sigame_busy_st: 1 }, "sigame_busy_dst obrigatório quando sigame_busy_st é 1"],
        ["a follow-me destination with other than digits", { sigame_always_dst: "abc" }, "Valor inválido para sigame_always_dst: abc"],
        ["an IVR line without its IVR", { funcionalidade: 3 }, "funcionalidade_id obrigatório quando funcionalidade é 3"],
        [
            "a queue line without its queue",
            { funcionalidade: 4, funcionalidade_id: 0 },
            "funcionalidade_id obrigatório quando funcionalidade é 4",
        ],
        ["another customer's IVR", { funcionalidade: 3, funcionalidade_id: 7 }, "URA 7 não pertence ao cliente 45"],
        ["another customer's queue", { funcionalidade: 4, funcionalidade_id: 12 }, "Fila 12 não pertence ao cliente 45"],
        ["a queue that does not exist", { funcionalidade: 4, funcionalidade_id: 99 }, "Fila 99 não pertence ao cliente 45"],
        ["a tech other than SIP", { tech: "IAX" }, "Valor inválido para tech: IAX"],
        ["an auth other than 0 or 1", { auth: 2 }, "Valor inválido para auth: 2"],
        ["a username with a space", { username: "a b" }, "Valor inválido para username: a b"],
        ["a port beyond 65535", { port: 70000 }, "Valor inválido para port: 70000"],
        ["a techprefix with letters", { techprefix: "ab" }, "Valor inválido para techprefix: ab"],
        ["a callerid with other than digits", { callerid: "11-99" }, "Valor inválido para callerid: 11-99"],
        ["simultaneas 0", { simultaneas: 0 }, "Valor inválido para simultaneas: 0"],
        ["a negative max_cps", { max_cps: -1 }, "Valor inválido para max_cps: -1"],
        ["a fractional max_ringtime", { max_ringtime: 1.5 }, "Valor inválido para max_ringtime: 1.5"],
        ["a flag other than 0 or 1", { fixo: 2 }, "Valor inválido para fixo: 2 (use 0 ou 1)"],
        ["a status other than 0 or 1", { status: 2 }, "Status inválido: 2 (use 0 ou 1)"],
        ["a rate plan that is not an id", { rate_id: "plano" }, "Valor inválido para rate_id: plano"],
        ["codecs separated by commas", { codecs: "g729,alaw" }, "Valor inválido para codecs: g729,alaw"],
        ["a volume above 10", { volume_rx: 11 }, "Valor inválido para volume_rx: 11"],
        ["a volume below -10", { volume_tx: -11 }, "Valor inválido para volume_tx: -11"],
        ["an unknown funcionalidade", { funcionalidade: 6 }, "Valor inválido para funcionalidade: 6"],
        ["an unknown proxy_media", { proxy_media: 3 }, "Valor inválido para proxy_media: 3"],
    ])("refuses %s with HTTP 200, error 1, and creates nothing", async (_case, change, reason) => {
        const answer = await putLine(newLine(change));
        expect(answer).toMatchObject(refusal(reason));
        expect(answer.text).toBe(JSON.stringify({ error: 1, reason }));
        expect(nb().lines).toHaveLength(15);
        expect(nb().nextId.line).toBe(54);
        expect((await admin.requests()).writes).toBe(0);
    });

    it("refuses a line without customer_id with 422, a missing or bad body with 400", async () => {
        expect(await putLine({ username: "4501", password: "x" })).toMatchObject({
            status: 422,
            json: { error: 1, reason: "Parâmetro obrigatório ausente: customer_id" },
        });
        expect(await request(devicesUrl(), { method: "PUT" })).toMatchObject({
            status: 400,
            json: { error: 1, reason: "Requisição incompleta: corpo JSON ausente" },
        });
        const broken = await fetch(devicesUrl(), { method: "PUT", body: '{"customer_id": 45' });
        expect(broken.status).toBe(400);
    });

    it("takes only the documented last segment 1, and no GET (lines are read with listDevices)", async () => {
        for (const url of [`${sandbox.url}/api/manageDevices/${TOKEN}/${KEY}`, devicesUrl("", 0), devicesUrl("", 45)]) {
            expect(await request(url, { method: "PUT", json: newLine() })).toMatchObject({
                status: 404,
                json: { error: 1, reason: "Endereço não encontrado" },
            });
        }
        expect(await request(devicesUrl())).toMatchObject({ status: 405, json: { error: 1, reason: "Método HTTP não permitido: GET" } });
        expect((await request(`${sandbox.url}/api/manageDevices/${TOKEN}/wrong/1`, { method: "PUT", json: newLine() })).status).toBe(403);
        expect(nb().lines).toHaveLength(15);
    });

    it("logs the password as ***, keeps it in the state (the vendor's database)", async () => {
        await putLine(newLine());
        await postLine({ id_record: 54, password: "trocada-4501" });
        const text = JSON.stringify(await admin.requests());
        expect(text).not.toContain("s3cr3t-4501");
        expect(text).not.toContain("trocada-4501");
        expect((await admin.requests()).requests[0]!.body).toEqual({ ...newLine(), password: "***" });
        expect(storedLine(54)!.password).toBe("trocada-4501");
    });
});

describe("GET listDevices (documented) with the lines' new fields", () => {
    it("lists an IP line's addresses joined with commas, a registering line's as dynamic", async () => {
        expect(await listedLine(21, 41)).toMatchObject({ auth: "1", domain: "10.21.0.5,10.21.0.6", port: "5060", techprefix: "2141" });
        expect(await listedLine(21, 40)).toMatchObject({ auth: "0", domain: "dynamic" });
    });

    it("answers the nested answer with no line for an id_record that is none of the customer's lines, and refuses an unknown customer", async () => {
        expect(await listDevices(13, "?id_record=1")).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
        expect(await listDevices(13, "?id_record=999")).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
        expect((await listDevices(0, "?id_record=1")).data[0].data.map((line: { id: string }) => line.id)).toEqual(["1"]);
        expect(await request(apiUrl(sandbox.url, "listDevices", 77))).toMatchObject(refusal("Cliente não encontrado: 77"));
    });

    it("is the same whatever the variants: it is documented", async () => {
        await putLine(FULL_LINE);
        const documented = (await request(apiUrl(sandbox.url, "listDevices", 0))).text;
        for (const profile of Object.keys(VARIANT_PROFILES) as (keyof typeof VARIANT_PROFILES)[]) {
            await admin.setVariants({ profile, lineWrites: "404" });
            expect((await request(apiUrl(sandbox.url, "listDevices", 0))).text).toBe(documented);
        }
    });
});

describe("POST manageDevices/T/K/1 (update, assumed)", () => {
    beforeEach(() => putLine(newLine()));

    it("merges the fields given over the stored line, password kept, and answers the envelope without new_record", async () => {
        const before = storedLine(54)!;
        const answer = await postLine({
            id_record: 54,
            simultaneas: 3,
            sigame_noanswer_st: 1,
            sigame_noanswer_dst: "4599",
            nome: "ignored",
        });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe(OK);
        expect(storedLine(54)).toEqual({ ...before, simultaneas: 3, sigame_noanswer_st: 1, sigame_noanswer_dst: "4599" });
        expect(await listedLine(45, 54)).toMatchObject({
            simultaneas: "3",
            sigame_noanswer_st: "1",
            sigame_noanswer_dst: "4599",
            nome: "4501",
        });
        expect((await admin.requests()).writes).toBe(2);
    });

    it("checks a new username for uniqueness, its own username being no clash; switching to IP needs the addresses", async () => {
        expect(await postLine({ id_record: 54, username: "2031" })).toMatchObject(refusal("Usuário já cadastrado: 2031"));
        expect((await postLine({ id_record: 54, username: "4501", callerid: "1145000000" })).text).toBe(OK);
        expect((await postLine({ id_record: "54", username: "4509" })).text).toBe(OK);
        expect(storedLine(54)).toMatchObject({ username: "4509", callerid: "1145000000", nome: "4501", ramal: "4501" });
        expect((await putLine(newLine())).text).toBe(createdText(55)); // 4501 is free again
        expect(await postLine({ id_record: 54, auth: 1 })).toMatchObject(refusal("domain obrigatório quando auth é 1"));
        expect((await postLine({ id_record: 54, auth: 1, domain: ["10.45.0.7"] })).text).toBe(OK);
        expect(await listedLine(45, 54)).toMatchObject({ auth: "1", domain: "10.45.0.7" });
    });

    it("an IP line turned to user and password needs a password; its addresses are dropped", async () => {
        expect(await postLine({ id_record: 41, auth: 0 })).toMatchObject(refusal("password obrigatório quando auth é 0"));
        expect((await postLine({ id_record: 41, auth: 0, password: "nova-3041" })).text).toBe(OK);
        expect(storedLine(41)).toMatchObject({ auth: 0, password: "nova-3041", domain: [], username: "3041" });
        expect(await listedLine(21, 41)).toMatchObject({ auth: "0", domain: "dynamic" });
    });

    it("re-checks the whole line with the vendor's rules", async () => {
        expect(await postLine({ id_record: 54, simultaneas: 0 })).toMatchObject(refusal("Valor inválido para simultaneas: 0"));
        expect(await postLine({ id_record: 54, funcionalidade: 4, funcionalidade_id: 15 })).toMatchObject(
            refusal("Fila 15 não pertence ao cliente 45"),
        );
        expect(await postLine({ id_record: 54, customer_id: 99 })).toMatchObject(refusal("Cliente não encontrado: 99"));
        expect(storedLine(54)!.simultaneas).toBe(1);
    });

    it("moves a free line to another customer, but not a line in use", async () => {
        expect((await postLine({ id_record: 5, customer_id: 13 })).text).toBe(OK);
        expect(storedLine(5)!.id_cliente).toBe(13);
        expect(await postLine({ id_record: 30, customer_id: 9 })).toMatchObject(refusal("Linha 30 em uso: fila 12"));
        expect(storedLine(30)!.id_cliente).toBe(13);
    });

    it("refuses an unknown record, a missing id_record (422) and a missing body (400)", async () => {
        expect(await postLine({ id_record: 99, simultaneas: 2 })).toMatchObject(refusal("Registro não encontrado: 99"));
        expect(await postLine({ simultaneas: 2 })).toMatchObject({
            status: 422,
            json: { error: 1, reason: "Parâmetro obrigatório ausente: id_record" },
        });
        expect((await request(devicesUrl(), { method: "POST" })).status).toBe(400);
    });
});

describe("DELETE manageDevices/T/K/1?id_record=N (assumed)", () => {
    it("deletes a free line; the vendor methods then refuse it as any line that is not the customer's", async () => {
        expect((await deleteLine(5)).text).toBe(OK);
        expect(storedLine(5)).toBeUndefined();
        expect(await listDevices(9, "?id_record=5")).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
        const group = await request(ringGroupsUrl(sandbox.url), {
            method: "PUT",
            json: { id_cliente: 9, descricao: "G", strategy: "ringall", devices: [5], status: 1 },
        });
        expect(group).toMatchObject(refusal("Linha 5 não pertence ao cliente 9"));
        const did = await request(apiUrl(sandbox.url, "manageDID"), {
            method: "PUT",
            json: { customer_id: 9, did_number: "1132009000", did_type: 1, device_id: 5 },
        });
        expect(did).toMatchObject(refusal("Linha 5 não pertence ao cliente 9"));
        expect(await put("manageQueue", { id_cliente: 9, descricao: "F", devices: [5] })).toMatchObject(
            refusal("Linha 5 não pertence ao cliente 9"),
        );
    });

    it("refuses while a DID, a ring group, a queue or an IVR uses the line, naming the first use", async () => {
        expect(await deleteLine(1)).toMatchObject(refusal("Linha 1 em uso: DID 12"));
        expect(await deleteLine(53)).toMatchObject(refusal("Linha 53 em uso: DID 15"));
        expect(await deleteLine(50)).toMatchObject(refusal("Linha 50 em uso: grupo de chamadas 1"));
        expect(await deleteLine(32)).toMatchObject(refusal("Linha 32 em uso: fila 14"));
        expect(await deleteLine(4)).toMatchObject(refusal("Linha 4 em uso: fila 15"));
        await putLine(newLine());
        await putLine(newLine({ username: "4502" }));
        expect((await put("manageIvr", { id_cliente: 45, descricao: "U", options: { 1: action("device", "54") } })).text).toBe(
            createdText(10),
        );
        expect(await deleteLine(54)).toMatchObject(refusal("Linha 54 em uso: URA 10"));
        expect((await put("manageIvr", { id_cliente: 45, descricao: "V", closed_action: action("voicemail", "55") })).text).toBe(
            createdText(11),
        );
        expect(await deleteLine(55)).toMatchObject(refusal("Linha 55 em uso: URA 11"));
        expect(nb().lines).toHaveLength(17);
    });

    it("refuses an unknown record and a missing id_record (422)", async () => {
        expect(await deleteLine(99)).toMatchObject(refusal("Registro não encontrado: 99"));
        expect(await request(devicesUrl(), { method: "DELETE" })).toMatchObject({
            status: 422,
            json: { error: 1, reason: "Parâmetro obrigatório ausente: id_record" },
        });
    });
});

describe("variant lineWrites", () => {
    it("404 answers the assumed update and delete HTTP 404, changing nothing; the documented create and listDevices work", async () => {
        await admin.setVariants({ lineWrites: "404" });
        const before = await admin.state();
        for (const answer of [await postLine({ id_record: 5, simultaneas: 2 }), await deleteLine(5)]) {
            expect(answer.status).toBe(404);
            expect(answer.text).toBe('{"error":1,"reason":"Método não encontrado: manageDevices"}');
        }
        expect(await admin.state()).toEqual(before);
        expect((await putLine(newLine())).text).toBe(createdText(54));
        expect((await listDevices(45)).records).toBe(1);
        expect((await admin.requests()).writes).toBe(1);
    });
});

// ---- Queues: manageQueue -------------------------------------------------------------------------

/** A queue of customer 13 with every field set to something other than its default (the Queue tests' full record, its own description and timeout). */
const FULL_QUEUE = { ...EVERYTHING_ON_THE_WIRE, descricao: "Fila Caixas", timeout: 90 };

describe("manageQueue", () => {
    it("PUT creates with the required fields and the defaults, answering the documented envelope (trailing comma)", async () => {
        const answer = await put("manageQueue", { id_cliente: 45, descricao: "Fila Loja" });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe(createdText(22));
        expect(storedQueue(22)).toEqual({ id: 22, id_cliente: 45, descricao: "Fila Loja", ...QUEUE_DEFAULTS });
        expect((await listOf("manageQueue", 45)).data).toEqual([
            {
                id: "22",
                id_cliente: "45",
                descricao: "Fila Loja",
                strategy: "ringall",
                musiconhold: "default",
                announce: null,
                announce_frequency: "0",
                announce_holdtime: "0",
                announce_position: "0",
                retry: "5",
                timeout: "30",
                wrapuptime: "0",
                reportholdtime: "0",
                ringinuse: "0",
                queue_type: "0",
                play_agent_audio: "0",
                id_backup1: "0",
                devices: [],
            },
        ]);
    });

    it("PUT stores every field; GET lists them, announce nested, values and devices per the variants", async () => {
        expect((await put("manageQueue", FULL_QUEUE)).text).toBe(createdText(22));
        expect(storedQueue(22)).toEqual({ id: 22, ...FULL_QUEUE });
        const queue22 = async () =>
            recordsOf((await request(apiUrl(sandbox.url, "manageQueue", 13))).json).find((record) => String(record.id) === "22");
        // Under the default variants every value is a string, announce's id and the devices' too.
        expect(await queue22()).toEqual(asStrings({ id: 22, ...FULL_QUEUE }));
        await admin.setVariants({ nextbillingLists: "nested", nextbillingValues: "numbers", ringGroupDevices: "csv" });
        expect(await queue22()).toEqual({ id: 22, ...FULL_QUEUE, devices: "31,30" });
        await admin.setVariants({ nextbillingValues: "numbers", ringGroupDevices: "brackets" });
        expect(await queue22()).toMatchObject({ announce: { id: 23 }, devices: "[31,30]" });
        await admin.setVariants({ nextbillingLists: "keyed" });
        expect(await queue22()).toMatchObject({ announce: { id: "23" }, devices: ["31", "30"] });
        // nextbillingObjects: the reference as a bare id (0 for none), or as JSON text.
        await admin.setVariants({ nextbillingObjects: "bareIds" });
        expect(await queue22()).toMatchObject({ announce: "23" });
        await admin.setVariants({ nextbillingObjects: "bareIds", nextbillingValues: "numbers" });
        expect(await queue22()).toMatchObject({ announce: 23 });
        await admin.setVariants({ nextbillingObjects: "jsonText" });
        expect(await queue22()).toMatchObject({ announce: '{"id":"23"}' });
        const queue12 = async () =>
            recordsOf((await request(apiUrl(sandbox.url, "manageQueue", 13))).json).find((record) => String(record.id) === "12");
        await admin.setVariants({ nextbillingObjects: "bareIds", nextbillingValues: "numbers" });
        expect(await queue12()).toMatchObject({ announce: 0 });
        await admin.setVariants({ nextbillingObjects: "jsonText" });
        expect(await queue12()).toMatchObject({ announce: null });
    });

    it("GET /0 and no segment list every customer's; an unknown customer is refused", async () => {
        expect((await listOf("manageQueue", 0)).data.map((q: { id: string }) => q.id)).toEqual(["12", "14", "15", "20", "21"]);
        expect((await request(`${sandbox.url}/api/manageQueue/${TOKEN}/${KEY}`)).json.records).toBe(5);
        expect(await request(apiUrl(sandbox.url, "manageQueue", 77))).toMatchObject(refusal("Cliente não encontrado: 77"));
    });

    it.each<[string, Record<string, unknown>, string]>([
        ["an unknown customer", { id_cliente: 99 }, "Cliente não encontrado: 99"],
        [
            "a strategy of ring groups' only",
            { strategy: "round" },
            "Estratégia inválida: round (use ringall, rrmemory, random, fewestcalls ou linear)",
        ],
        ["another customer's line", { devices: [30, 1] }, "Linha 1 não pertence ao cliente 13"],
        ["a line that does not exist", { devices: [999] }, "Linha 999 não pertence ao cliente 13"],
        ["devices that are not a list", { devices: "30,31" }, "Valor inválido para devices: 30,31"],
        ["a device that is not an id", { devices: ["x"] }, "Valor inválido para devices: x"],
        ["another customer's overflow queue", { id_backup1: 15 }, "Fila de transbordo 15 não pertence ao cliente 13"],
        ["an overflow queue that does not exist", { id_backup1: 99 }, "Fila de transbordo 99 não pertence ao cliente 13"],
        ["an unknown music on hold", { musiconhold: "rock" }, "Valor inválido para musiconhold: rock"],
        ["an announce that is not {id}", { announce: 23 }, "Valor inválido para announce: 23"],
        ["a queue_type other than 0, 1, 2", { queue_type: 3 }, "Valor inválido para queue_type: 3"],
        ["a negative timeout", { timeout: -5 }, "Valor inválido para timeout: -5"],
        ["a flag other than 0 or 1", { ringinuse: 2 }, "Valor inválido para ringinuse: 2 (use 0 ou 1)"],
    ])("PUT refuses %s with HTTP 200, error 1", async (_case, change, reason) => {
        const answer = await put("manageQueue", { ...FULL_QUEUE, ...change });
        expect(answer).toMatchObject(refusal(reason));
        expect(nb().queues).toHaveLength(5);
        expect(nb().nextId.queue).toBe(22);
    });

    it("PUT refuses a missing id_cliente or descricao with 422, a missing body with 400", async () => {
        expect(await put("manageQueue", { descricao: "F" })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: id_cliente" },
        });
        expect(await put("manageQueue", { id_cliente: 13, descricao: " " })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: descricao" },
        });
        expect((await request(apiUrl(sandbox.url, "manageQueue", 0), { method: "PUT" })).status).toBe(400);
    });

    it("accepts an empty device list and duplicate descriptions, as ring groups do", async () => {
        expect((await put("manageQueue", { id_cliente: 13, descricao: "Fila Vendas", devices: [] })).text).toBe(createdText(22));
        expect(storedQueue(22)!.devices).toEqual([]);
    });

    it("POST with id_record replaces the record with the full record sent; a field left out keeps its stored value", async () => {
        const { id_cliente, descricao } = storedQueue(12)!;
        const answer = await post("manageQueue", { id_record: 12, ...FULL_QUEUE, id_cliente, descricao, id_backup1: 14 });
        expect(answer.text).toBe(OK);
        expect(storedQueue(12)).toEqual({ id: 12, ...FULL_QUEUE, descricao: "Fila Vendas", id_backup1: 14 });
        expect((await post("manageQueue", { id_record: "12", strategy: "random" })).text).toBe(OK);
        expect(storedQueue(12)).toEqual({ id: 12, ...FULL_QUEUE, descricao: "Fila Vendas", strategy: "random" });
        expect((await post("manageQueue", { id_record: 12, announce: null, devices: [] })).text).toBe(OK);
        expect(storedQueue(12)).toMatchObject({ announce: null, devices: [] });
    });

    it("POST refuses itself as overflow, an unknown record, a missing id_record, and moving a queue in use", async () => {
        expect(await post("manageQueue", { id_record: 12, id_backup1: 12 })).toMatchObject(
            refusal("Fila de transbordo 12 não pode ser a própria fila"),
        );
        expect(await post("manageQueue", { id_record: 12, devices: [1] })).toMatchObject(refusal("Linha 1 não pertence ao cliente 13"));
        expect(await post("manageQueue", { id_record: 99, descricao: "x" })).toMatchObject(refusal("Registro não encontrado: 99"));
        expect(await post("manageQueue", { descricao: "x" })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: id_record" },
        });
        expect(await post("manageQueue", { id_record: 12, id_cliente: 9, devices: [] })).toMatchObject(refusal("Fila 12 em uso: URA 7"));
        expect(await post("manageQueue", { id_record: 12, descricao: "" })).toMatchObject({ status: 422 });
        await put("manageQueue", { id_cliente: 45, descricao: "Livre" });
        expect((await post("manageQueue", { id_record: 22, id_cliente: 9, devices: [1] })).text).toBe(OK);
        expect(storedQueue(22)).toMatchObject({ id_cliente: 9, devices: [1] });
    });

    it("DELETE deletes a free queue; DIDs then refuse it", async () => {
        await put("manageQueue", { id_cliente: 45, descricao: "Livre" });
        expect((await del("manageQueue", 22)).text).toBe(OK);
        expect(storedQueue(22)).toBeUndefined();
        const did = await request(apiUrl(sandbox.url, "manageDID"), {
            method: "PUT",
            json: { customer_id: 45, did_number: "1145000001", did_type: 5, did_type_id: 22 },
        });
        expect(did).toMatchObject(refusal("Fila 22 não pertence ao cliente 45"));
        expect((await put("manageQueue", { id_cliente: 45, descricao: "Outra" })).text).toBe(createdText(23));
    });

    it("DELETE is refused while a DID, an IVR, another queue's overflow or a line uses the queue", async () => {
        expect(await del("manageQueue", 20)).toMatchObject(refusal("Fila 20 em uso: DID 14"));
        expect(await del("manageQueue", 12)).toMatchObject(refusal("Fila 12 em uso: URA 7"));
        expect(await del("manageQueue", 21)).toMatchObject(refusal("Fila 21 em uso: URA 9"));
        await put("manageQueue", { id_cliente: 45, descricao: "A" });
        await put("manageQueue", { id_cliente: 45, descricao: "B", id_backup1: 22 });
        expect(await del("manageQueue", 22)).toMatchObject(refusal("Fila 22 em uso: fila 23"));
        await putLine(newLine({ funcionalidade: 4, funcionalidade_id: 23 }));
        expect(await del("manageQueue", 23)).toMatchObject(refusal("Fila 23 em uso: linha 54"));
        expect(await del("manageQueue", 99)).toMatchObject(refusal("Registro não encontrado: 99"));
        expect(await request(apiUrl(sandbox.url, "manageQueue", 0), { method: "DELETE" })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: id_record" },
        });
        expect(nb().queues).toHaveLength(7);
    });

    it("variant queueWrites 404: the assumed create and delete answer HTTP 404 and change nothing; the documented update and list work", async () => {
        await admin.setVariants({ queueWrites: "404" });
        const before = await admin.state();
        for (const answer of [await put("manageQueue", { id_cliente: 45, descricao: "F" }), await del("manageQueue", 14)]) {
            expect(answer.status).toBe(404);
            expect(answer.text).toBe('{"error":1,"reason":"Método não encontrado: manageQueue"}');
        }
        expect(await admin.state()).toEqual(before);
        expect((await admin.requests()).writes).toBe(0);
        expect((await post("manageQueue", { id_record: 14, strategy: "random" })).text).toBe(OK);
        expect(storedQueue(14)?.strategy).toBe("random");
        expect((await listOf("manageQueue", 13)).records).toBe(2);
    });
});

// ---- Time profiles: manageTimeProfiles ---------------------------------------------------------------

describe("manageTimeProfiles", () => {
    const business = { id_cliente: 45, descricao: "Expediente", ...days([1, 2, 3, 4, 5], "08:00:00", "12:00:00", "13:00:00", "18:00:00") };

    it('PUT creates with the intervals given, the others "", and answers the documented envelope; GET lists every field as text', async () => {
        const answer = await put("manageTimeProfiles", business);
        expect(answer.text).toBe(createdText(5));
        expect(storedProfile(5)).toEqual({ id: 5, ...hours(), ...business });
        const listed = {
            id: "5",
            id_cliente: "45",
            descricao: "Expediente",
            ...hours(days([1, 2, 3, 4, 5], "08:00:00", "12:00:00", "13:00:00", "18:00:00")),
        };
        expect(await listOf("manageTimeProfiles", 45)).toEqual({ error: 0, reason: "OK", records: 1, data: [listed] });
        expect(Object.keys((await listOf("manageTimeProfiles", 45)).data[0])).toEqual([
            "id",
            "id_cliente",
            "descricao",
            ...Object.keys(hours()),
        ]);
        await admin.setVariants({ nextbillingLists: "nested", nextbillingValues: "numbers" });
        expect((await listOf("manageTimeProfiles", 45)).data[0].data[0]).toEqual({ ...listed, id: 5, id_cliente: 45 });
        expect((await put("manageTimeProfiles", { id_cliente: 45, descricao: "Fechado" })).text).toBe(createdText(6));
        expect(storedProfile(6)).toEqual({ id: 6, id_cliente: 45, descricao: "Fechado", ...hours() });
    });

    it.each([
        ["seconds", "08:00:00", "18:00:00", ""],
        ["minutes", "08:00", "18:00", ""],
        ["null", "08:00:00", "18:00:00", null],
        ["midnight", "08:00:00", "18:00:00", "00:00:00"],
    ] as const)("timeProfileTimes %s: 08:00 as %j, 18:00 as %j, no interval as %j", async (shape, eight, six, none) => {
        await put("manageTimeProfiles", business);
        await admin.setVariants({ timeProfileTimes: shape });
        const listed = (await listOf("manageTimeProfiles", 45)).data[0];
        expect([listed.wday1_hora1_ini, listed.wday1_hora2_end]).toEqual([eight, six]);
        expect([listed.wday0_hora1_ini, listed.wday0_hora1_end, listed.wday6_hora2_ini, listed.wday6_hora2_end]).toEqual([
            none,
            none,
            none,
            none,
        ]);
        expect(storedProfile(5)).toEqual({ id: 5, ...hours(), ...business });
    });

    it.each<[string, Record<string, string | number>, string]>([
        ["an hour past 23", { wday1_hora1_end: "25:00:00" }, "Horário inválido em wday1_hora1_end: 25:00:00"],
        ["a time without seconds", { wday3_hora1_ini: "08:00" }, "Horário inválido em wday3_hora1_ini: 08:00"],
        ["a time given as a number", { wday6_hora1_ini: 8 }, "Horário inválido em wday6_hora1_ini: 8"],
        ["a start without its end", { wday0_hora1_ini: "09:00:00" }, "Horário inválido em wday0_hora1_end: (vazio)"],
        ["an end without its start", { wday0_hora1_end: "09:00:00" }, "Horário inválido em wday0_hora1_ini: (vazio)"],
        ["an interval that ends when it starts", { wday1_hora1_end: "08:00:00" }, "Horário inválido em wday1_hora1_end: 08:00:00"],
        ["an interval that ends before it starts", { wday2_hora2_end: "12:30:00" }, "Horário inválido em wday2_hora2_end: 12:30:00"],
        [
            "a second interval without the first",
            { wday1_hora1_ini: "", wday1_hora1_end: "" },
            "Horário inválido em wday1_hora2_ini: 13:00:00",
        ],
        ["a second interval before the first ends", { wday5_hora2_ini: "11:00:00" }, "Horário inválido em wday5_hora2_ini: 11:00:00"],
        ["a second interval missing its end", { wday4_hora2_end: "" }, "Horário inválido em wday4_hora2_end: (vazio)"],
        ["an unknown customer", { id_cliente: 99 }, "Cliente não encontrado: 99"],
    ])("PUT refuses %s, naming the field", async (_case, change, reason) => {
        expect(await put("manageTimeProfiles", { ...business, ...change })).toMatchObject(refusal(reason));
        expect(nb().timeProfiles).toHaveLength(3);
    });

    it("accepts a second interval starting when the first ends, and 00:00:00 to 23:59:59", async () => {
        const whole = {
            ...business,
            wday0_hora1_ini: "00:00:00",
            wday0_hora1_end: "12:00:00",
            wday0_hora2_ini: "12:00:00",
            wday0_hora2_end: "23:59:59",
        };
        expect((await put("manageTimeProfiles", whole)).text).toBe(createdText(5));
    });

    it("PUT refuses a missing id_cliente or descricao with 422", async () => {
        expect(await put("manageTimeProfiles", { descricao: "x" })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: id_cliente" },
        });
        expect(await put("manageTimeProfiles", { id_cliente: 45 })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: descricao" },
        });
    });

    it('POST (documented) with id_record + the full record replaces it; left out keeps; "" clears an interval', async () => {
        const full = { id_cliente: 13, descricao: "Horário de Verão", ...hours(days([1, 2, 3, 4, 5], "09:00:00", "19:00:00")) };
        expect((await post("manageTimeProfiles", { id_record: 3, ...full })).text).toBe(OK);
        expect(storedProfile(3)).toEqual({ id: 3, ...full });
        expect((await post("manageTimeProfiles", { id_record: 3, wday5_hora1_ini: "", wday5_hora1_end: "" })).text).toBe(OK);
        expect(storedProfile(3)).toEqual({ id: 3, ...full, wday5_hora1_ini: "", wday5_hora1_end: "" });
        expect(await post("manageTimeProfiles", { id_record: 3, wday1_hora1_end: "08:00:00" })).toMatchObject(
            refusal("Horário inválido em wday1_hora1_end: 08:00:00"),
        );
        expect(await post("manageTimeProfiles", { id_record: 99, descricao: "x" })).toMatchObject(refusal("Registro não encontrado: 99"));
        expect(await post("manageTimeProfiles", { id_record: 3, id_cliente: 45 })).toMatchObject(
            refusal("Perfil de horário 3 em uso: URA 7"),
        );
    });

    it("DELETE deletes a free profile, and is refused while an IVR uses one", async () => {
        expect(await del("manageTimeProfiles", 3)).toMatchObject(refusal("Perfil de horário 3 em uso: URA 7"));
        expect(await del("manageTimeProfiles", 2)).toMatchObject(refusal("Perfil de horário 2 em uso: URA 8"));
        expect(await del("manageTimeProfiles", 4)).toMatchObject(refusal("Perfil de horário 4 em uso: URA 9"));
        await put("manageTimeProfiles", business);
        expect((await del("manageTimeProfiles", 5)).text).toBe(OK);
        expect(storedProfile(5)).toBeUndefined();
        expect(await del("manageTimeProfiles", 5)).toMatchObject(refusal("Registro não encontrado: 5"));
        expect((await put("manageTimeProfiles", business)).text).toBe(createdText(6));
    });

    it("variant timeProfileWrites 404: the assumed create and delete answer HTTP 404; the documented update and list work", async () => {
        await admin.setVariants({ timeProfileWrites: "404" });
        const before = await admin.state();
        for (const answer of [await put("manageTimeProfiles", business), await del("manageTimeProfiles", 3)]) {
            expect(answer).toMatchObject({ status: 404, json: { error: 1, reason: "Método não encontrado: manageTimeProfiles" } });
        }
        expect(await admin.state()).toEqual(before);
        expect((await post("manageTimeProfiles", { id_record: 3, descricao: "Expediente Novo" })).text).toBe(OK);
        expect(storedProfile(3)?.descricao).toBe("Expediente Novo");
        expect((await listOf("manageTimeProfiles", 13)).records).toBe(1);
    });
});

// ---- IVRs: manageIvr -----------------------------------------------------------------------------------

describe("manageIvr", () => {
    /** An IVR of customer 13 with every field set, every action kind once. */
    const FULL_IVR = {
        id_cliente: 13,
        descricao: "URA Loja",
        alow_dial_extension: 1,
        timeout_response: 7,
        timeout_digit: 2,
        perfil_horario: { id: 3 },
        audio_invalido: { id: 41 },
        audio_timeout: { id: 42 },
        audio_question: { id: 43 },
        closed_audio: { id: 44 },
        have_question: 1,
        closed_action: action("voicemail", "30"),
        action1: action("external", "11987650000"),
        options: {
            "#": action("hangup"),
            "*": action("ivr", "7"),
            9: action("external", "08001234567"),
            0: action("device", "30"),
            1: action("queue", "12"),
            2: action("ringgroup", "5"),
        },
    };
    const withGroup = () =>
        request(ringGroupsUrl(sandbox.url), {
            method: "PUT",
            json: { id_cliente: 13, descricao: "Caixas", strategy: "ringall", devices: [30, 31], status: 1 },
        });

    it("PUT creates with the required fields and the defaults, answering the documented envelope", async () => {
        const answer = await put("manageIvr", { id_cliente: 45, descricao: "URA Varejo" });
        expect(answer.text).toBe(createdText(10));
        expect(storedIvr(10)).toEqual({ id: 10, id_cliente: 45, descricao: "URA Varejo", ...IVR_DEFAULTS });
        expect((await listOf("manageIvr", 45)).data).toEqual([
            {
                id: "10",
                id_cliente: "45",
                descricao: "URA Varejo",
                alow_dial_extension: "0",
                timeout_response: "5",
                timeout_digit: "3",
                perfil_horario: null,
                audio_invalido: null,
                audio_timeout: null,
                audio_question: null,
                closed_audio: null,
                have_question: "0",
                closed_action: { action: "hangup", action_data: "" },
                action1: null,
                options: {},
            },
        ]);
    });

    it("PUT stores every field and every action kind, the options in key order; GET lists them nested, action_data as text", async () => {
        await withGroup();
        expect((await put("manageIvr", FULL_IVR)).text).toBe(createdText(10));
        const options = {
            0: action("device", "30"),
            1: action("queue", "12"),
            2: action("ringgroup", "5"),
            9: action("external", "08001234567"),
            "*": action("ivr", "7"),
            "#": action("hangup"),
        };
        expect(storedIvr(10)).toEqual({ id: 10, ...FULL_IVR, options });
        expect(Object.keys(storedIvr(10)!.options)).toEqual(["0", "1", "2", "9", "*", "#"]);
        const listed = (await listOf("manageIvr", 13)).data.find((ivr: { id: string }) => ivr.id === "10");
        expect(listed).toEqual({
            id: "10",
            id_cliente: "13",
            descricao: "URA Loja",
            alow_dial_extension: "1",
            timeout_response: "7",
            timeout_digit: "2",
            perfil_horario: { id: "3" },
            audio_invalido: { id: "41" },
            audio_timeout: { id: "42" },
            audio_question: { id: "43" },
            closed_audio: { id: "44" },
            have_question: "1",
            closed_action: action("voicemail", "30"),
            action1: action("external", "11987650000"),
            options,
        });
        await admin.setVariants({ nextbillingValues: "numbers" });
        const numbers = (await listOf("manageIvr", 13)).data.find((ivr: { id: number }) => ivr.id === 10);
        expect(numbers).toEqual({ id: 10, ...FULL_IVR, options });
        expect(await request(apiUrl(sandbox.url, "manageIvr", 77))).toMatchObject(refusal("Cliente não encontrado: 77"));
    });

    it("writes the object fields per nextbillingObjects, and the options per ivrOptions", async () => {
        await withGroup();
        await put("manageIvr", FULL_IVR);
        await put("manageIvr", { id_cliente: 13, descricao: "URA Vazia" });
        const listed = async (id: number) =>
            (await listOf("manageIvr", 13)).data.find((ivr: { id: unknown }) => String(ivr.id) === String(id)) as Record<string, unknown>;
        const inOrder = [
            { key: "0", ...action("device", "30") },
            { key: "1", ...action("queue", "12") },
            { key: "2", ...action("ringgroup", "5") },
            { key: "9", ...action("external", "08001234567") },
            { key: "*", ...action("ivr", "7") },
            { key: "#", ...action("hangup") },
        ];

        await admin.setVariants({ nextbillingObjects: "bareIds" });
        expect(await listed(10)).toMatchObject({ perfil_horario: "3", audio_invalido: "41", closed_action: action("voicemail", "30") });
        expect(await listed(11)).toMatchObject({ perfil_horario: "0", closed_audio: "0", action1: null, options: {} });
        await admin.setVariants({ nextbillingObjects: "bareIds", nextbillingValues: "numbers" });
        expect(await listed(10)).toMatchObject({ perfil_horario: 3, closed_audio: 44 });
        expect(await listed(11)).toMatchObject({ perfil_horario: 0 });

        await admin.setVariants({ nextbillingObjects: "jsonText" });
        const json = await listed(10);
        expect(json).toMatchObject({
            perfil_horario: '{"id":"3"}',
            closed_action: '{"action":"voicemail","action_data":"30"}',
            action1: '{"action":"external","action_data":"11987650000"}',
        });
        expect(JSON.parse(json.options as string)).toEqual(Object.fromEntries(inOrder.map(({ key, ...rest }) => [key, rest])));
        expect(await listed(11)).toMatchObject({ perfil_horario: null, action1: null, options: "{}" });

        await admin.setVariants({ ivrOptions: "list" });
        expect((await listed(10)).options).toEqual(inOrder);
        expect((await listed(11)).options).toEqual([]);
        await admin.setVariants({ ivrOptions: "list", nextbillingObjects: "jsonText" });
        expect(JSON.parse((await listed(10)).options as string)).toEqual(inOrder);

        // PHP's json_encode: a list only for keys 0, 1, … in order; [] for none.
        await admin.setVariants({ ivrOptions: "php" });
        expect((await listed(10)).options).toMatchObject({ 0: action("device", "30"), "#": action("hangup") });
        expect((await listed(11)).options).toEqual([]);
        await admin.ivrs.patch(10, { options: { 0: action("device", "30"), 1: action("queue", "12") } as never });
        expect((await listed(10)).options).toEqual([action("device", "30"), action("queue", "12")]);
    });

    it('keeps action_data as text (ids normalised), and hangup\'s as "" whatever came', async () => {
        const body = {
            id_cliente: 13,
            descricao: "U",
            closed_action: { action: "hangup", action_data: "x" },
            options: { 1: { action: "queue", action_data: 12 } },
        };
        expect((await put("manageIvr", body)).text).toBe(createdText(10));
        expect(storedIvr(10)).toMatchObject({ closed_action: action("hangup"), options: { 1: action("queue", "12") } });
        expect((await put("manageIvr", { ...body, options: { 1: { action: "queue", action_data: "012" } } })).text).toBe(createdText(11));
        expect(storedIvr(11)!.options).toEqual({ 1: action("queue", "12") });
    });

    it.each<[string, Record<string, unknown>, string]>([
        [
            "another customer's queue in an option",
            { options: { 1: action("queue", "99") } },
            "Destino inválido em options.1: fila 99 não pertence ao cliente 13",
        ],
        [
            "another customer's queue",
            { options: { 2: action("queue", "15") } },
            "Destino inválido em options.2: fila 15 não pertence ao cliente 13",
        ],
        [
            "another customer's line",
            { options: { "#": action("device", "1") } },
            "Destino inválido em options.#: linha 1 não pertence ao cliente 13",
        ],
        [
            "another customer's voicemail",
            { closed_action: action("voicemail", "50") },
            "Destino inválido em closed_action: linha 50 não pertence ao cliente 13",
        ],
        ["another customer's IVR", { action1: action("ivr", "8") }, "Destino inválido em action1: URA 8 não pertence ao cliente 13"],
        [
            "another customer's ring group",
            { options: { 0: action("ringgroup", "1") } },
            "Destino inválido em options.0: grupo de chamadas 1 não pertence ao cliente 13",
        ],
        [
            "an unknown action",
            { action1: action("transfer", "30") },
            "Destino inválido em action1: ação desconhecida: transfer (use hangup, voicemail, device, queue, ivr, ringgroup ou external)",
        ],
        [
            "an action without its name",
            { options: { 3: { action_data: "30" } } },
            "Destino inválido em options.3: ação desconhecida: (vazio) (use hangup, voicemail, device, queue, ivr, ringgroup ou external)",
        ],
        ["an id that is not one", { options: { 1: action("queue", "fila") } }, "Destino inválido em options.1: action_data inválido: fila"],
        [
            "a line without its id",
            { closed_action: action("voicemail", "") },
            "Destino inválido em closed_action: action_data inválido: (vazio)",
        ],
        [
            "an external number with other than digits",
            { action1: action("external", "+55 11") },
            "Destino inválido em action1: action_data inválido: +55 11",
        ],
        ["an action that is not an object", { action1: "hangup" }, "Valor inválido para action1: hangup"],
        [
            "an option key that is not a digit, * or #",
            { options: { 10: action("hangup") } },
            "Opção inválida em options: 10 (use 0 a 9, * ou #)",
        ],
        [
            "options that are not an object",
            { options: [action("hangup")] },
            'Valor inválido para options: [{"action":"hangup","action_data":""}]',
        ],
        ["a time profile that does not exist", { perfil_horario: { id: 99 } }, "Perfil de horário 99 não pertence ao cliente 13"],
        ["another customer's time profile", { perfil_horario: { id: 2 } }, "Perfil de horário 2 não pertence ao cliente 13"],
        ["a time profile that is not {id}", { perfil_horario: 3 }, "Valor inválido para perfil_horario: 3"],
        ["an audio that is not {id}", { closed_audio: { id: "x" } }, 'Valor inválido para closed_audio: {"id":"x"}'],
        ["a flag other than 0 or 1", { have_question: 5 }, "Valor inválido para have_question: 5 (use 0 ou 1)"],
        ["a negative timeout", { timeout_digit: -1 }, "Valor inválido para timeout_digit: -1"],
        ["an unknown customer", { id_cliente: 99 }, "Cliente não encontrado: 99"],
    ])("PUT refuses %s with HTTP 200, error 1, the field path in the reason", async (_case, change, reason) => {
        expect(await put("manageIvr", { id_cliente: 13, descricao: "U", ...change })).toMatchObject(refusal(reason));
        expect(nb().ivrs).toHaveLength(3);
    });

    it("PUT refuses a missing id_cliente or descricao with 422", async () => {
        expect(await put("manageIvr", { descricao: "U" })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: id_cliente" },
        });
        expect(await put("manageIvr", { id_cliente: 13 })).toMatchObject({
            status: 422,
            json: { reason: "Parâmetro obrigatório ausente: descricao" },
        });
    });

    it("POST with id_record replaces the record; a menu may send a digit back to itself; left out keeps", async () => {
        expect(
            (await post("manageIvr", { id_record: 7, id_cliente: 13, descricao: "URA Principal", options: { 1: action("ivr", "7") } }))
                .text,
        ).toBe(OK);
        expect(storedIvr(7)).toMatchObject({ perfil_horario: { id: 3 }, options: { 1: action("ivr", "7") } });
        expect((await post("manageIvr", { id_record: 7, perfil_horario: null })).text).toBe(OK);
        expect(storedIvr(7)).toMatchObject({ perfil_horario: null, options: { 1: action("ivr", "7") } });
        expect(await post("manageIvr", { id_record: 7, action1: action("queue", "20") })).toMatchObject(
            refusal("Destino inválido em action1: fila 20 não pertence ao cliente 13"),
        );
        expect(await post("manageIvr", { id_record: 99, descricao: "U" })).toMatchObject(refusal("Registro não encontrado: 99"));
        expect(
            await post("manageIvr", { id_record: 9, id_cliente: 13, options: {}, closed_action: null, perfil_horario: null }),
        ).toMatchObject(refusal("URA 9 em uso: DID 13"));
    });

    it("DELETE deletes a free IVR, and is refused while a DID, another IVR or a line uses it", async () => {
        expect(await del("manageIvr", 9)).toMatchObject(refusal("URA 9 em uso: DID 13"));
        expect((await put("manageIvr", { id_cliente: 13, descricao: "Sub", options: { 0: action("ivr", "7") } })).text).toBe(
            createdText(10),
        );
        expect(await del("manageIvr", 7)).toMatchObject(refusal("URA 7 em uso: URA 10"));
        await putLine(newLine({ customer_id: 9, username: "1099", funcionalidade: 3, funcionalidade_id: 8 }));
        expect(await del("manageIvr", 8)).toMatchObject(refusal("URA 8 em uso: linha 54"));
        expect((await del("manageIvr", 10)).text).toBe(OK);
        expect((await del("manageIvr", 7)).text).toBe(OK); // its only user is gone; its own queues and profile stay
        expect(storedQueue(12)).toBeDefined();
        expect(await del("manageIvr", 7)).toMatchObject(refusal("Registro não encontrado: 7"));
        const did = await request(apiUrl(sandbox.url, "manageDID"), {
            method: "PUT",
            json: { customer_id: 13, did_number: "1130007000", did_type: 6, did_type_id: 7 },
        });
        expect(did).toMatchObject(refusal("URA 7 não pertence ao cliente 13"));
    });

    it("variant ivrWrites 404: creates, updates and deletes answer HTTP 404; the list works", async () => {
        await admin.setVariants({ ivrWrites: "404" });
        const before = await admin.state();
        for (const answer of [
            await put("manageIvr", { id_cliente: 13, descricao: "U" }),
            await post("manageIvr", { id_record: 7, descricao: "x" }),
            await del("manageIvr", 7),
        ]) {
            expect(answer).toMatchObject({ status: 404, json: { error: 1, reason: "Método não encontrado: manageIvr" } });
        }
        expect(await admin.state()).toEqual(before);
        expect((await listOf("manageIvr", 13)).records).toBe(1);
    });

    it("ring-group deletes are refused while an IVR rings the group", async () => {
        await withGroup();
        expect((await put("manageIvr", { id_cliente: 13, descricao: "U", options: { 1: action("ringgroup", "5") } })).text).toBe(
            createdText(10),
        );
        const refused = await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" });
        expect(refused).toMatchObject(refusal("Grupo de chamadas 5 em uso: URA 10"));
        expect(nb().ringGroups.map((group) => group.id)).toContain(5);
        await del("manageIvr", 10);
        expect((await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" })).text).toBe(OK);
    });

    it("a ring group an IVR rings cannot move to another customer; updated within its customer, it can", async () => {
        await withGroup();
        await put("manageIvr", { id_cliente: 13, descricao: "U", options: { 1: action("ringgroup", "5") } });
        const group = (fields: Record<string, unknown>) =>
            request(ringGroupsUrl(sandbox.url), {
                method: "POST",
                json: { id_record: 5, descricao: "Caixas", strategy: "ringall", status: 1, ...fields },
            });
        expect(await group({ id_cliente: 9, devices: [1, 4] })).toMatchObject(refusal("Grupo de chamadas 5 em uso: URA 10"));
        expect(nb().ringGroups.find((record) => record.id === 5)).toMatchObject({ id_cliente: 13, devices: [30, 31] });
        expect((await group({ id_cliente: 13, devices: [30] })).text).toBe(OK);
        expect(nb().ringGroups.find((record) => record.id === 5)).toMatchObject({ id_cliente: 13, devices: [30] });
    });
});

// ---- A whole tenant from scratch, as the demo stack builds customer 45 ----------------------------------------

describe("existing methods see the new records", () => {
    it("customer 45: lines, queue, time profile, IVR, DIDs and a ring group, each pointing at the others", async () => {
        expect((await putLine(newLine())).text).toBe(createdText(54));
        expect((await putLine(newLine({ username: "4502", password: "s3cr3t-4502" }))).text).toBe(createdText(55));
        expect((await put("manageQueue", { id_cliente: 45, descricao: "Atendimento", devices: [54, 55] })).text).toBe(createdText(22));
        expect(
            (await put("manageTimeProfiles", { id_cliente: 45, descricao: "Loja", ...days([1, 2, 3, 4, 5, 6], "09:00:00", "18:00:00") }))
                .text,
        ).toBe(createdText(5));
        const group = await request(ringGroupsUrl(sandbox.url), {
            method: "PUT",
            json: { id_cliente: 45, descricao: "Todos", strategy: "ringall", devices: [54, 55], status: 1 },
        });
        expect(group.text).toBe(createdText(5));
        const ivr = { id_cliente: 45, descricao: "URA Varejo", perfil_horario: { id: 5 }, closed_action: action("voicemail", "54") };
        expect((await put("manageIvr", { ...ivr, options: { 1: action("queue", "22"), 2: action("ringgroup", "5") } })).text).toBe(
            createdText(10),
        );
        const didUrl = apiUrl(sandbox.url, "manageDID");
        expect(
            (await request(didUrl, { method: "PUT", json: { customer_id: 45, did_number: "1145000000", did_type: 6, did_type_id: 10 } }))
                .text,
        ).toBe(createdText(17));
        expect(
            (await request(didUrl, { method: "PUT", json: { customer_id: 45, did_number: "1145000001", did_type: 5, did_type_id: 22 } }))
                .text,
        ).toBe(createdText(18));
        expect(
            (await request(didUrl, { method: "PUT", json: { customer_id: 45, did_number: "1145000002", did_type: 1, device_id: 55 } }))
                .text,
        ).toBe(createdText(19));
        // And refuse what is not the customer's.
        expect(
            await request(didUrl, { method: "PUT", json: { customer_id: 45, did_number: "1145000003", did_type: 5, did_type_id: 12 } }),
        ).toMatchObject(refusal("Fila 12 não pertence ao cliente 45"));
        expect(
            await request(didUrl, { method: "PUT", json: { customer_id: 45, did_number: "1145000003", did_type: 6, did_type_id: 7 } }),
        ).toMatchObject(refusal("URA 7 não pertence ao cliente 45"));
        expect(
            await request(didUrl, { method: "PUT", json: { customer_id: 45, did_number: "1145000003", did_type: 1, device_id: 30 } }),
        ).toMatchObject(refusal("Linha 30 não pertence ao cliente 45"));
        expect(
            await request(ringGroupsUrl(sandbox.url), {
                method: "POST",
                json: { id_record: 5, id_cliente: 45, descricao: "T", strategy: "ringall", devices: [30], status: 1 },
            }),
        ).toMatchObject(refusal("Linha 30 não pertence ao cliente 45"));
        // Torn down in dependency order, each delete refused while something still points at it.
        expect(await del("manageIvr", 10)).toMatchObject(refusal("URA 10 em uso: DID 17"));
        expect(await del("manageQueue", 22)).toMatchObject(refusal("Fila 22 em uso: DID 18"));
        expect(await deleteLine(55)).toMatchObject(refusal("Linha 55 em uso: DID 19"));
        for (const did of [17, 18, 19])
            expect((await request(apiUrl(sandbox.url, "manageDID", undefined, `?id_record=${did}`), { method: "DELETE" })).text).toBe(OK);
        expect(await del("manageQueue", 22)).toMatchObject(refusal("Fila 22 em uso: URA 10"));
        expect(await del("manageTimeProfiles", 5)).toMatchObject(refusal("Perfil de horário 5 em uso: URA 10"));
        expect(await deleteLine(54)).toMatchObject(refusal("Linha 54 em uso: grupo de chamadas 5"));
        expect((await del("manageIvr", 10)).text).toBe(OK);
        expect((await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" })).text).toBe(OK);
        expect(await deleteLine(54)).toMatchObject(refusal("Linha 54 em uso: fila 22"));
        expect((await del("manageQueue", 22)).text).toBe(OK);
        expect((await del("manageTimeProfiles", 5)).text).toBe(OK);
        expect((await deleteLine(54)).text).toBe(OK);
        expect((await deleteLine(55)).text).toBe(OK);
        const state = await admin.state();
        for (const records of [state.nextbilling.lines, state.nextbilling.queues, state.nextbilling.ivrs, state.nextbilling.timeProfiles]) {
            expect(records.filter((record) => record.id_cliente === 45)).toEqual([]);
        }
    });
});

// ---- Admin API: edits made in the panel ---------------------------------------------------------------

describe("admin: lines, queues, IVRs and time profiles made in the panel", () => {
    const adminCall = (path: string, init: Parameters<typeof request>[1] = {}) => request(`${sandbox.url}/_admin${path}`, init);

    it("POST creates with vendor field names and answers the stored record (password included), 201, not a vendor request", async () => {
        const line = await adminCall("/nextbilling/lines", { method: "POST", json: { id_cliente: 45, username: "4501", password: "p" } });
        expect(line.status).toBe(201);
        expect(line.json).toEqual({
            id: 54,
            id_cliente: 45,
            ...LINE_DEFAULTS,
            username: "4501",
            password: "p",
            nome: "4501",
            ramal: "4501",
        });
        const queue = await adminCall("/nextbilling/queues", {
            method: "POST",
            json: { id_cliente: 45, descricao: "Fila", devices: [54] },
        });
        expect(queue).toMatchObject({ status: 201, json: { id: 22, id_cliente: 45, descricao: "Fila", ...QUEUE_DEFAULTS, devices: [54] } });
        const profile = await adminCall("/nextbilling/time-profiles", {
            method: "POST",
            json: { id_cliente: 45, descricao: "P", wday1_hora1_ini: "08:00:00" },
        });
        expect(profile).toMatchObject({
            status: 201,
            json: { id: 5, id_cliente: 45, descricao: "P", ...hours({ wday1_hora1_ini: "08:00:00" }) },
        });
        const ivr = await adminCall("/nextbilling/ivrs", {
            method: "POST",
            json: { id_cliente: 45, descricao: "U", options: { 1: action("queue", "22") } },
        });
        expect(ivr).toMatchObject({
            status: 201,
            json: { id: 10, id_cliente: 45, descricao: "U", ...IVR_DEFAULTS, options: { 1: action("queue", "22") } },
        });
        expect(await admin.requests()).toEqual({ requests: [], counts: {}, writes: 0, bytesSent: 0, peakInFlight: 0 });
        // The vendor API sees them, and counts them as ids it handed out.
        expect((await listDevices(45)).data[0].data[0]).toMatchObject({ id: "54", username: "4501" });
        expect((await put("manageQueue", { id_cliente: 45, descricao: "Outra" })).text).toBe(createdText(23));
        const state = await admin.state();
        expect(state.nextbilling.timeProfiles.map((p) => p.id)).toEqual([2, 3, 4, 5]);
        expect(state.nextbilling.nextId).toMatchObject({ line: 55, queue: 24, ivr: 11, timeProfile: 6 });
    });

    it("checks only types and formats: references, customers, usernames, intervals and uses are the panel user's business", async () => {
        // Each of these the vendor API refuses; a person in the panel made them anyway (drift).
        expect((await admin.lines.create({ id_cliente: 45, username: "2030", funcionalidade: 4, funcionalidade_id: 12 })).id).toBe(54);
        expect((await admin.lines.create({ customer_id: 99, auth: 1 })).id_cliente).toBe(99);
        expect((await admin.queues.create({ id_cliente: 13, descricao: "Fila", devices: [1], id_backup1: 99 })).devices).toEqual([1]);
        expect(
            (
                await admin.ivrs.create({
                    id_cliente: 13,
                    descricao: "U",
                    perfil_horario: { id: 2 },
                    options: { 1: action("queue", "99") as never },
                })
            ).id,
        ).toBe(10);
        const backwards = await admin.timeProfiles.create({
            id_cliente: 13,
            descricao: "T",
            wday1_hora1_ini: "18:00:00",
            wday1_hora1_end: "08:00:00",
        });
        expect(backwards.wday1_hora1_end).toBe("08:00:00");
        // Deletes whatever uses the record, leaving the IVR pointing at nothing.
        expect(await admin.queues.remove(12)).toEqual({
            id: 12,
            id_cliente: 13,
            descricao: "Fila Vendas",
            ...QUEUE_DEFAULTS,
            devices: [30, 31],
        });
        expect(storedIvr(7)!.options).toMatchObject({ 1: action("queue", "12") });
        expect((await admin.lines.remove(1)).username).toBe("1001");
        expect((await admin.timeProfiles.remove(3)).descricao).toBe("Horário Comercial");
        expect((await admin.ivrs.remove(9)).descricao).toBe("URA Legado");
        expect((await listOf("manageIvr", 13)).records).toBe(2);
        // …which the vendor API then refuses to save as is.
        expect(await post("manageIvr", { id_record: 7, descricao: "x" })).toMatchObject(
            refusal("Perfil de horário 3 não pertence ao cliente 13"),
        );
    });

    it.each<[string, string, Record<string, unknown>, string]>([
        ["lines", "a value of the wrong type", { id_cliente: 45, simultaneas: 0 }, "Valor inválido para simultaneas: 0"],
        ["lines", "an address that is not one", { id_cliente: 45, auth: 1, domain: ["x"] }, "Valor inválido para domain: x"],
        ["lines", "no owner", { username: "4501" }, "Parâmetro obrigatório ausente: customer_id"],
        [
            "queues",
            "an unknown strategy",
            { id_cliente: 13, descricao: "F", strategy: "x" },
            "Estratégia inválida: x (use ringall, rrmemory, random, fewestcalls ou linear)",
        ],
        ["queues", "no description", { id_cliente: 13 }, "Parâmetro obrigatório ausente: descricao"],
        [
            "ivrs",
            "an unknown action",
            { id_cliente: 13, descricao: "U", action1: action("x") },
            "Destino inválido em action1: ação desconhecida: x (use hangup, voicemail, device, queue, ivr, ringgroup ou external)",
        ],
        [
            "ivrs",
            "an option that is not a key",
            { id_cliente: 13, descricao: "U", options: { a: action("hangup") } },
            "Opção inválida em options: a (use 0 a 9, * ou #)",
        ],
        [
            "time-profiles",
            "a time that is not hh:mm:ss",
            { id_cliente: 13, descricao: "T", wday1_hora1_end: "25:00:00" },
            "Horário inválido em wday1_hora1_end: 25:00:00",
        ],
        [
            "lines",
            "an unknown field",
            { id_cliente: 45, secret: "x" },
            `unknown line field(s): secret; editable: id_cliente, customer_id, tech,`,
        ],
        [
            "queues",
            "an unknown field",
            { id_cliente: 45, descricao: "F", id: 3 },
            "unknown queue field(s): id; editable: id_cliente, descricao, strategy,",
        ],
        [
            "ivrs",
            "an unknown field",
            { id_cliente: 45, descricao: "U", allow_dial_extension: 1 },
            "unknown IVR field(s): allow_dial_extension; editable:",
        ],
        [
            "time-profiles",
            "an unknown field",
            { id_cliente: 45, descricao: "T", wday7_hora1_ini: "08:00:00" },
            "unknown time profile field(s): wday7_hora1_ini;",
        ],
    ])("POST /_admin/nextbilling/%s refuses %s with 400", async (kind, _case, body, error) => {
        const answer = await adminCall(`/nextbilling/${kind}`, { method: "POST", json: body });
        expect(answer.status).toBe(400);
        expect(answer.json.error.startsWith(error)).toBe(true);
        expect(nb().nextId).toEqual({ ringGroup: 5, did: 17, line: 54, queue: 22, ivr: 10, timeProfile: 5 });
    });

    it("PATCH is partial, listDevices-only fields included for lines; DELETE answers the record removed; 404 and 405", async () => {
        const patched = await admin.lines.patch(30, { simultaneas: 5, nome: "Caixa 1", saldo: 12.5, status: 0 });
        expect(patched).toEqual({ ...storedLine(30), simultaneas: 5, nome: "Caixa 1", saldo: 12.5, status: 0 });
        expect(await listedLine(13, 30)).toMatchObject({
            simultaneas: "5",
            nome: "Caixa 1",
            saldo: "12.50000",
            status: "0",
            username: "2030",
        });
        expect((await admin.lines.patch(30, { id_cliente: 9 })).id_cliente).toBe(9);
        expect((await admin.lines.patch(30, { customer_id: 13 })).id_cliente).toBe(13);
        expect(await admin.queues.patch(14, { strategy: "random", announce: { id: 9 } })).toMatchObject({
            id: 14,
            strategy: "random",
            announce: { id: 9 },
            devices: [32],
        });
        expect(await admin.ivrs.patch(7, { have_question: 1, action1: action("queue", "14") as never })).toMatchObject({
            id: 7,
            have_question: 1,
            action1: action("queue", "14"),
            perfil_horario: { id: 3 },
        });
        expect(await admin.timeProfiles.patch(3, { wday0_hora1_ini: "10:00:00", wday0_hora1_end: "14:00:00" })).toMatchObject({
            wday0_hora1_ini: "10:00:00",
            wday1_hora1_ini: "08:00:00",
        });
        await expect(admin.queues.patch(14, { retry: -1 })).rejects.toThrow("HTTP 400: Valor inválido para retry: -1");
        await expect(admin.lines.patch(99, { simultaneas: 2 })).rejects.toThrow(
            "emulator admin PATCH /_admin/nextbilling/lines/99: HTTP 404: no line 99",
        );
        await expect(admin.ivrs.remove(99)).rejects.toThrow("HTTP 404: no IVR 99");
        await expect(admin.timeProfiles.remove(99)).rejects.toThrow("HTTP 404: no time profile 99");
        expect((await adminCall("/nextbilling/queues/x", { method: "DELETE" })).json).toEqual({ error: "no queue x" });
        expect((await adminCall("/nextbilling/queues/14", { method: "PUT", json: {} })).status).toBe(405);
        expect((await adminCall("/nextbilling/time-profiles", { method: "GET" })).status).toBe(405);
        expect((await adminCall("/nextbilling/lines/54/extra", { method: "DELETE" })).status).toBe(404);
        expect((await admin.requests()).writes).toBe(0);
    });
});

// ---- State files ---------------------------------------------------------------------------------------

describe("state file", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "telephony-tenant-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("loads a version-1 file saved before these records had their fields: defaults filled in, counters after the highest ids", async () => {
        const file = join(dir, "state.json");
        const old = {
            version: 1,
            nextbilling: {
                customers: [{ id: 13, nome: "Loja Centro" }],
                lines: [
                    { id: 30, id_cliente: 13, nome: "Caixa", ramal: "2030" },
                    { id: 31, id_cliente: 13, nome: "Vendas", ramal: "2031", username: "vendas", domain: "dynamic", saldo: 1.5 },
                    { id: 35, id_cliente: 13, nome: "PABX", ramal: "2035", username: "pabx", domain: "10.0.0.5,10.0.0.6" },
                ],
                ringGroups: [],
                queues: [{ id: 12, id_cliente: 13, descricao: "Fila Vendas" }],
                ivrs: [{ id: 7, id_cliente: 13, descricao: "URA Principal" }],
                nextId: { ringGroup: 1 },
            },
        };
        writeFileSync(file, JSON.stringify(old));
        const loaded = await startSandbox({ stateFile: file });
        try {
            const state = loaded.store.state.nextbilling;
            expect(state.nextId).toEqual({ ringGroup: 1, did: 1, line: 36, queue: 13, ivr: 8, timeProfile: 1 });
            expect(state.timeProfiles).toEqual([]);
            expect(state.lines[0]).toEqual({
                id: 30,
                id_cliente: 13,
                ...LINE_DEFAULTS,
                username: "c13r2030",
                password: "",
                nome: "Caixa",
                ramal: "2030",
            });
            expect(state.lines[1]).toMatchObject({ username: "vendas", domain: [], auth: 0, saldo: 1.5, simultaneas: 1 });
            expect(state.lines[2]).toMatchObject({ username: "pabx", domain: ["10.0.0.5", "10.0.0.6"], auth: 1 });
            expect(state.queues).toEqual([{ id: 12, id_cliente: 13, descricao: "Fila Vendas", ...QUEUE_DEFAULTS }]);
            expect(state.ivrs).toEqual([{ id: 7, id_cliente: 13, descricao: "URA Principal", ...IVR_DEFAULTS }]);
            const url = (method: string, segment?: number, query = "") => apiUrl(loaded.url, method, segment, query);
            expect((await request(url("listDevices", 13, "?id_record=35"))).json.data[0].data[0]).toMatchObject({
                domain: "10.0.0.5,10.0.0.6",
                auth: "1",
            });
            expect((await request(url("manageQueue", 13))).json.data[0]).toMatchObject({ id: "12", strategy: "ringall", devices: [] });
            expect(
                (await request(url("manageDevices", 1), { method: "PUT", json: { customer_id: 13, username: "2036", password: "x" } }))
                    .text,
            ).toBe(createdText(36));
            expect((await request(url("manageQueue", 0), { method: "PUT", json: { id_cliente: 13, descricao: "F" } })).text).toBe(
                createdText(13),
            );
            expect((await request(url("manageIvr", 0), { method: "PUT", json: { id_cliente: 13, descricao: "U" } })).text).toBe(
                createdText(8),
            );
            expect((await request(url("manageTimeProfiles", 0), { method: "PUT", json: { id_cliente: 13, descricao: "T" } })).text).toBe(
                createdText(1),
            );
            // It has no password on file, which an unrelated update does not demand; turning an IP line to user and password does.
            expect((await request(url("manageDevices", 1), { method: "POST", json: { id_record: 30, simultaneas: 2 } })).text).toBe(OK);
            expect((await request(url("manageDevices", 1), { method: "POST", json: { id_record: 35, auth: 0 } })).json).toEqual({
                error: 1,
                reason: "password obrigatório quando auth é 0",
            });
        } finally {
            await loaded.close();
        }
    });

    it("saves the records and their counters, and carries them over a restart", async () => {
        const file = join(dir, "state.json");
        const first = await startSandbox({ stateFile: file });
        const at = (method: string, segment?: number, query = "") => apiUrl(first.url, method, segment, query);
        await request(at("manageDevices", 1), { method: "PUT", json: newLine() });
        await request(at("manageTimeProfiles", 0), {
            method: "PUT",
            json: { id_cliente: 45, descricao: "T", wday1_hora1_ini: "08:00:00", wday1_hora1_end: "18:00:00" },
        });
        await request(at("manageQueue", 0), { method: "PUT", json: { id_cliente: 45, descricao: "F", devices: [54] } });
        await request(at("manageIvr", 0), {
            method: "PUT",
            json: { id_cliente: 45, descricao: "U", perfil_horario: { id: 5 }, options: { 1: action("queue", "22") } },
        });
        await request(at("manageQueue", 0, "?id_record=15"), { method: "DELETE" }); // in use by IVR 8: refused
        await first.close();

        const saved = JSON.parse(readFileSync(file, "utf8")).nextbilling;
        expect(saved.nextId).toEqual({ ringGroup: 5, did: 17, line: 55, queue: 23, ivr: 11, timeProfile: 6 });
        expect(saved.lines.find((line: { id: number }) => line.id === 54)).toMatchObject({ username: "4501", password: "s3cr3t-4501" });
        expect(saved.queues.map((queue: { id: number }) => queue.id)).toEqual([12, 14, 15, 20, 21, 22]);
        const second = await startSandbox({ stateFile: file });
        try {
            expect(second.store.state.nextbilling.ivrs.find((ivr) => ivr.id === 10)).toEqual({
                id: 10,
                id_cliente: 45,
                descricao: "U",
                ...IVR_DEFAULTS,
                perfil_horario: { id: 5 },
                options: { 1: action("queue", "22") },
            });
            const profile = second.store.state.nextbilling.timeProfiles.find((p) => p.id === 5) as TimeProfile;
            expect(profile.wday1_hora1_end).toBe("18:00:00");
            expect(
                (await request(apiUrl(second.url, "manageIvr", 0), { method: "PUT", json: { id_cliente: 45, descricao: "V" } })).text,
            ).toBe(createdText(11));
        } finally {
            await second.close();
        }
    });

    it("refuses a file whose timeProfiles is not a list", async () => {
        const file = join(dir, "state.json");
        writeFileSync(
            file,
            JSON.stringify({
                version: 1,
                nextbilling: { customers: [], lines: [], ringGroups: [], timeProfiles: {}, nextId: { ringGroup: 1 } },
            }),
        );
        await expect(startSandbox({ stateFile: file })).rejects.toThrow(/"nextbilling.timeProfiles" that is not a list/);
    });
});

// ---- The variants, as a set ------------------------------------------------------------------------------

describe("the …Writes variants", () => {
    it("are supported or 404, supported by default, in no profile", async () => {
        const keys = ["lineWrites", "queueWrites", "ivrWrites", "timeProfileWrites"] as const;
        const selection = await admin.variants();
        for (const key of keys) expect(selection[key]).toBe("supported");
        for (const profile of Object.values(VARIANT_PROFILES)) for (const key of keys) expect(profile).not.toHaveProperty(key);
        await expect(admin.setVariants({ queueWrites: "405" as "404" })).rejects.toThrow(
            "HTTP 400: queueWrites must be one of supported, 404; got '405'",
        );
    });

    it("are independent: each silences only its own method", async () => {
        await admin.setVariants({ queueWrites: "404", timeProfileWrites: "404" });
        expect((await putLine(newLine())).text).toBe(createdText(54));
        expect((await put("manageIvr", { id_cliente: 45, descricao: "U" })).text).toBe(createdText(10));
        expect((await put("manageQueue", { id_cliente: 45, descricao: "F" })).status).toBe(404);
        expect((await put("manageTimeProfiles", { id_cliente: 45, descricao: "T" })).status).toBe(404);
        expect((await deleteLine(54)).text).toBe(OK);
    });
});
