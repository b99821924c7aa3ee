import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxAdmin, startSandbox, type Did, type Sandbox } from "../../sandbox";
import { apiUrl, exampleDid, KEY, request, TOKEN } from "../support/http";

let sandbox: Sandbox;

beforeAll(async () => {
    sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => request(`${sandbox.url}/_admin/reset`, { method: "POST" }));

const didUrl = (id?: string | number, query = "") => apiUrl(sandbox.url, "manageDID", id, query);
const create = (body: unknown) => request(didUrl(), { method: "PUT", json: body });
const update = (id: string | number, body: unknown) => request(didUrl(id), { method: "POST", json: body });
const show = async (id: string | number = 0) => (await request(didUrl(id))).json;
const stored = (id: number) => sandbox.store.state.nextbilling.dids.find((did) => did.id === id);
/** DIDs 11 and 12 of the demo tenants and 13 to 16 of the legacy tenant (customer 31): the API's first DID is 17. */
const SEEDED_DIDS = 6;
const didCount = () => sandbox.store.state.nextbilling.dids.length;
const admin = (path: string, init: Parameters<typeof request>[1] = {}) => request(`${sandbox.url}/_admin${path}`, init);

/** A routed DID of customer 13 (line 30) with every field set, in vendor field names. */
function fullDid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        customer_id: 13,
        description: "Loja Centro - principal",
        rate_id: 3,
        rate_cost_id: 4,
        did_number: "1130001000",
        did_type: 0,
        did_type_id: 0,
        device_id: 30,
        host: "sip.operadora.com.br",
        port: 5060,
        username: "loja",
        password: "s3cr3t-sip",
        techprefix1: "55",
        ip_address1: "10.0.0.10",
        port1: 5080,
        techprefix2: "",
        ip_address2: "10.0.0.11",
        port2: 5081,
        callerid_add: "11",
        max_calls: 10,
        play_audio: 1,
        hide_from_reseller: 1,
        enable_fixed: 1,
        enable_mobile: 0,
        enable_ddi: 0,
        register: 1,
        status: 1,
        annotations: "Contrato 2024",
        host_additional: ["10.0.0.20", "backup.operadora.com.br"],
        ...overrides,
    };
}

describe("seed", () => {
    it("holds queues, IVRs and DIDs: one for sale, one of customer 9 ringing line 1, four of the legacy tenant", () => {
        const nb = sandbox.store.state.nextbilling;
        // Their every field is pinned in test/sandbox/tenant.test.ts; here, what the DIDs route to.
        expect(nb.queues.map(({ id, id_cliente, descricao }) => ({ id, id_cliente, descricao }))).toEqual([
            { id: 12, id_cliente: 13, descricao: "Fila Vendas" },
            { id: 14, id_cliente: 13, descricao: "Fila Suporte" },
            { id: 15, id_cliente: 9, descricao: "Fila Recepção" },
            { id: 20, id_cliente: 31, descricao: "Fila Comercial" },
            { id: 21, id_cliente: 31, descricao: "Fila Suporte Legado" },
        ]);
        expect(nb.ivrs.map(({ id, id_cliente, descricao }) => ({ id, id_cliente, descricao }))).toEqual([
            { id: 7, id_cliente: 13, descricao: "URA Principal" },
            { id: 8, id_cliente: 9, descricao: "URA Clínica" },
            { id: 9, id_cliente: 31, descricao: "URA Legado" },
        ]);
        expect(
            nb.dids.map(({ id, customer_id, did_number, did_type, device_id, status }) => ({
                id,
                customer_id,
                did_number,
                did_type,
                device_id,
                status,
            })),
        ).toEqual([
            { id: 11, customer_id: 0, did_number: "1130009999", did_type: null, device_id: null, status: 0 },
            { id: 12, customer_id: 9, did_number: "1132001000", did_type: 1, device_id: 1, status: 1 },
            { id: 13, customer_id: 31, did_number: "1140001000", did_type: 6, device_id: null, status: 1 },
            { id: 14, customer_id: 31, did_number: "1140002000", did_type: 5, device_id: null, status: 1 },
            { id: 15, customer_id: 31, did_number: "1140003000", did_type: 1, device_id: 53, status: 1 },
            { id: 16, customer_id: 31, did_number: "1140004000", did_type: 10, device_id: null, status: 0 },
        ]);
        expect(nb.nextId.did).toBe(17);
    });
});

describe("PUT manageDID (create)", () => {
    it("takes the vendor's own example and answers exactly like its documentation, trailing comma included (record 17: the seed holds 11 to 16)", async () => {
        // The seed's curl body lacks its closing brace (a typo in the vendor's page); sent here as the JSON it means.
        const body =
            '{"customer_id": 13, "description": "Número Entrante", "did_number": "1166", "host": "192.168.0.2", "port": 5060, "host_additional": ["192.168.0.1","192.168.0.3"]}';
        const answer = await request(`${sandbox.url}/api/manageDID/${TOKEN}/${KEY}`, { method: "PUT", body });
        expect(answer.status).toBe(200);
        expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
        expect(answer.text).toBe('{"error":0,"reason":"OK","new_record":17,}');
        expect(stored(17)).toEqual<Did>({
            id: 17,
            customer_id: 13,
            description: "Número Entrante",
            rate_id: null,
            rate_cost_id: null,
            did_number: "1166",
            did_type: null,
            did_type_id: null,
            device_id: null,
            host: "192.168.0.2",
            port: 5060,
            username: "",
            password: "",
            techprefix1: "",
            ip_address1: "",
            port1: null,
            techprefix2: "",
            ip_address2: "",
            port2: null,
            callerid_add: "",
            max_calls: null,
            play_audio: 1,
            hide_from_reseller: 0,
            enable_fixed: 1,
            enable_mobile: 1,
            enable_ddi: 0,
            register: 0,
            status: 1,
            annotations: "",
            host_additional: ["192.168.0.1", "192.168.0.3"],
        });
    });

    it("stores every field of a full body", async () => {
        expect((await create(fullDid())).json).toEqual({ error: 0, reason: "OK", new_record: 17 });
        const { id, ...fields } = stored(17)!;
        expect(id).toBe(17);
        expect(fields).toEqual(fullDid());
    });

    it("accepts numbers as numeric strings and flags as booleans", async () => {
        const answer = await create(
            fullDid({
                customer_id: "13",
                did_number: 1130001000,
                did_type: "5",
                did_type_id: "12",
                port1: "5080",
                max_calls: "2",
                register: true,
                enable_ddi: false,
                status: "0",
            }),
        );
        expect(answer.json.error).toBe(0);
        expect(stored(17)).toMatchObject({
            customer_id: 13,
            did_number: "1130001000",
            did_type: 5,
            did_type_id: 12,
            port1: 5080,
            max_calls: 2,
            register: 1,
            enable_ddi: 0,
            status: 0,
        });
    });

    it("creates a DID for sale with customer 0", async () => {
        expect((await create({ customer_id: 0, did_number: "1130002000" })).json.new_record).toBe(17);
        expect(stored(17)).toMatchObject({ customer_id: 0, did_type: null });
    });

    it("routes to each kind of companion the customer owns", async () => {
        const routes = [
            { did_type: 1, device_id: 31 },
            { did_type: 4, device_id: 32 },
            { did_type: 9, device_id: 30 },
            { did_type: 5, did_type_id: 14 },
            { did_type: 6, did_type_id: 7 },
            { did_type: 8 },
            { did_type: 10 },
            { did_type: 0, device_id: 30, ip_address1: "10.1.1.1", port1: 5060 },
        ];
        for (const [index, route] of routes.entries()) {
            const answer = await create({ customer_id: 13, did_number: `113000100${index}`, ...route });
            expect(answer.json).toEqual({ error: 0, reason: "OK", new_record: 17 + index });
        }
    });

    it("never reuses the id of a deleted record", async () => {
        await create(exampleDid());
        await request(didUrl(undefined, "?id_record=17"), { method: "DELETE" });
        expect((await create(exampleDid())).json.new_record).toBe(18);
    });
});

describe("POST manageDID/{id} (partial update)", () => {
    it("takes the vendor's own example: only the fields given change", async () => {
        // As in the seed, with the closing brace its curl body lacks.
        const body =
            '{"description": "Número Entrante Editado", "host": "192.168.0.2", "port": 5060, "host_additional": ["192.168.0.1","192.168.0.3"]}';
        const before = stored(12)!;
        const answer = await request(`${sandbox.url}/api/manageDID/${TOKEN}/${KEY}/12`, { method: "POST", body });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe('{"error":0,"reason":"OK"}');
        expect(stored(12)).toEqual({
            ...before,
            description: "Número Entrante Editado",
            host: "192.168.0.2",
            port: 5060,
            host_additional: ["192.168.0.1", "192.168.0.3"],
        });
    });

    it("adopts the DID for sale: customer and routing in one call", async () => {
        expect((await update(11, { customer_id: 13, did_type: 5, did_type_id: 12, status: 1 })).json).toEqual({ error: 0, reason: "OK" });
        expect(stored(11)).toMatchObject({ customer_id: 13, did_number: "1130009999", did_type: 5, did_type_id: 12, status: 1 });
    });

    it("clears an optional field given as null", async () => {
        expect((await update(12, { did_type: null, device_id: null })).json.error).toBe(0);
        expect(stored(12)).toMatchObject({ did_type: null, device_id: null });
    });

    it("keeps the password when it is not sent, replaces it when it is", async () => {
        await create(fullDid());
        await update(17, { description: "Outra" });
        expect(stored(17)!.password).toBe("s3cr3t-sip");
        await update(17, { password: "nova" });
        expect(stored(17)!.password).toBe("nova");
    });

    it("re-checks the merged record", async () => {
        expect((await update(12, { customer_id: 13 })).json).toEqual({ error: 1, reason: "Linha 1 não pertence ao cliente 13" });
        expect((await update(12, { did_type: 5 })).json).toEqual({ error: 1, reason: "did_type_id obrigatório para did_type 5" });
        expect((await update(12, { did_number: "1130009999" })).json).toEqual({ error: 1, reason: "DID já cadastrado: 1130009999" });
        expect(stored(12)).toMatchObject({ customer_id: 9, did_type: 1, did_number: "1132001000" });
        expect((await update(12, { did_number: "1132001000" })).json.error).toBe(0); // its own number is not a duplicate
    });

    it("refuses an unknown id with HTTP 200 and error 1", async () => {
        const answer = await update(99, { description: "x" });
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason: "Registro não encontrado: 99" });
        expect((await update("abc", { description: "x" })).json.reason).toBe("Registro não encontrado: abc");
    });

    it("answers 422 without an id and 400 without a body", async () => {
        const noId = await request(didUrl(), { method: "POST", json: { description: "x" } });
        expect(noId.status).toBe(422);
        expect(noId.json).toEqual({ error: 1, reason: "Parâmetro obrigatório ausente: id" });
        expect((await request(didUrl(12), { method: "POST" })).status).toBe(400);
    });

    it("answers 422 when a required field is emptied", async () => {
        const answer = await update(12, { did_number: "" });
        expect(answer.status).toBe(422);
        expect(answer.json.reason).toBe("Parâmetro obrigatório ausente: did_number");
    });
});

describe("GET manageDID/{id} (assumed)", () => {
    it("answers the list shape with one record: seed field names, every value a string, no password", async () => {
        const answer = await request(didUrl(12));
        expect(answer.status).toBe(200);
        expect(answer.text).toBe(
            '{"error":0,"reason":"OK","records":1,"data":[{"id":"12","customer_id":"9","description":"Recepção Clínica","rate_id":null,"rate_cost_id":null,' +
                '"did_number":"1132001000","did_type":"1","did_type_id":null,"device_id":"1","host":"","port":null,"username":"","techprefix1":"",' +
                '"ip_address1":"","port1":null,"techprefix2":"","ip_address2":"","port2":null,"callerid_add":"","max_calls":null,"play_audio":"1",' +
                '"hide_from_reseller":"0","enable_fixed":"1","enable_mobile":"1","enable_ddi":"0","register":"0","status":"1","annotations":"",' +
                '"host_additional":[]}]}',
        );
    });

    it("lists a full record as strings, host_additional as an array of strings, and never the password", async () => {
        await create(fullDid());
        const answer = await request(didUrl(17));
        expect(answer.text).not.toContain("s3cr3t-sip");
        const expected: Record<string, unknown> = { id: "17" };
        for (const [field, value] of Object.entries(fullDid())) {
            if (field !== "password") expected[field] = Array.isArray(value) ? value : String(value);
        }
        expect(answer.json).toEqual({ error: 0, reason: "OK", records: 1, data: [expected] });
        expect(answer.json.data[0]).not.toHaveProperty("password");
    });

    it("lists every DID for 0 and for a missing id segment, by id", async () => {
        await create(exampleDid());
        const all = await show(0);
        expect(all.records).toBe(7);
        expect(all.data.map((did: { id: string; did_number: string }) => [did.id, did.did_number])).toEqual([
            ["11", "1130009999"],
            ["12", "1132001000"],
            ["13", "1140001000"],
            ["14", "1140002000"],
            ["15", "1140003000"],
            ["16", "1140004000"],
            ["17", "1166"],
        ]);
        expect(await show(0)).toEqual((await request(`${sandbox.url}/api/manageDID/${TOKEN}/${KEY}`)).json);
    });

    it("refuses an unknown or non-numeric id with HTTP 200 and error 1", async () => {
        const answer = await request(didUrl(99));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason: "Registro não encontrado: 99" });
        expect((await show("x")).reason).toBe("Registro não encontrado: x");
    });
});

describe("DELETE manageDID?id_record=N (assumed)", () => {
    it("deletes the record", async () => {
        const answer = await request(didUrl(undefined, "?id_record=12"), { method: "DELETE" });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe('{"error":0,"reason":"OK"}');
        expect((await show(12)).reason).toBe("Registro não encontrado: 12");
        expect(sandbox.store.state.nextbilling.dids.map((did) => did.id)).toEqual([11, 13, 14, 15, 16]);
        expect((await create({ customer_id: 9, did_number: "1132001000" })).json.error).toBe(0); // its number is free again
    });

    it("refuses an unknown record and answers 422 without id_record", async () => {
        expect((await request(didUrl(undefined, "?id_record=40"), { method: "DELETE" })).json).toEqual({
            error: 1,
            reason: "Registro não encontrado: 40",
        });
        const missing = await request(didUrl(), { method: "DELETE" });
        expect(missing.status).toBe(422);
        expect(missing.json.reason).toBe("Parâmetro obrigatório ausente: id_record");
        expect(didCount()).toBe(SEEDED_DIDS);
    });
});

describe("vendor checks: HTTP 200 with error 1, nothing stored", () => {
    it.each([
        [
            "a did_number with other than digits",
            { did_number: "11 3000-1000" },
            "Número de DID inválido: 11 3000-1000 (use apenas dígitos)",
        ],
        ["a negative did_number", { did_number: -5 }, "Número de DID inválido: -5 (use apenas dígitos)"],
        ["a number already registered", { did_number: "1132001000" }, "DID já cadastrado: 1132001000"],
        ["the number for sale", { did_number: "1130009999" }, "DID já cadastrado: 1130009999"],
        ["an unknown customer", { customer_id: 99 }, "Cliente não encontrado: 99"],
        ["a non-numeric customer", { customer_id: "treze" }, "Valor inválido para customer_id: treze"],
        ["a did_type not documented", { did_type: 2 }, "Tipo de DID inválido: 2 (use 0, 1, 4, 5, 6, 8, 9 ou 10)"],
        ["a did_type not a number", { did_type: "fila" }, "Tipo de DID inválido: fila (use 0, 1, 4, 5, 6, 8, 9 ou 10)"],
        ["type 1 without device_id", { did_type: 1 }, "device_id obrigatório para did_type 1"],
        ["type 4 without device_id", { did_type: 4 }, "device_id obrigatório para did_type 4"],
        ["type 9 without device_id", { did_type: 9 }, "device_id obrigatório para did_type 9"],
        ["type 0 without device_id", { did_type: 0, ip_address1: "10.0.0.1", port1: 5060 }, "device_id obrigatório para did_type 0"],
        ["a line that does not exist", { did_type: 1, device_id: 99 }, "Linha 99 não pertence ao cliente 13"],
        ["a line of another customer", { did_type: 1, device_id: 1 }, "Linha 1 não pertence ao cliente 13"],
        ["a line for a DID for sale", { customer_id: 0, did_type: 1, device_id: 30 }, "Linha 30 não pertence ao cliente 0"],
        ["type 5 without did_type_id", { did_type: 5 }, "did_type_id obrigatório para did_type 5"],
        ["a queue that does not exist", { did_type: 5, did_type_id: 99 }, "Fila 99 não pertence ao cliente 13"],
        ["a queue of another customer", { did_type: 5, did_type_id: 15 }, "Fila 15 não pertence ao cliente 13"],
        ["an IVR id as a queue", { did_type: 5, did_type_id: 7 }, "Fila 7 não pertence ao cliente 13"],
        ["type 6 without did_type_id", { did_type: 6 }, "did_type_id obrigatório para did_type 6"],
        ["an IVR that does not exist", { did_type: 6, did_type_id: 99 }, "URA 99 não pertence ao cliente 13"],
        ["an IVR of another customer", { did_type: 6, did_type_id: 8 }, "URA 8 não pertence ao cliente 13"],
        ["type 0 without ip_address1", { did_type: 0, device_id: 30, port1: 5060 }, "ip_address1 obrigatório para did_type 0"],
        ["type 0 without port1", { did_type: 0, device_id: 30, ip_address1: "10.0.0.1" }, "port1 obrigatório para did_type 0"],
        [
            "an ip_address1 that is no address",
            { ip_address1: "10.0.0.256" },
            "Endereço inválido para ip_address1: 10.0.0.256 (use IPv4 ou nome de host)",
        ],
        [
            "an ip_address2 that is no address",
            { ip_address2: "host_com_sublinhado" },
            "Endereço inválido para ip_address2: host_com_sublinhado (use IPv4 ou nome de host)",
        ],
        [
            "a host that is no address",
            { host: "http://192.168.0.2" },
            "Endereço inválido para host: http://192.168.0.2 (use IPv4 ou nome de host)",
        ],
        [
            "a host_additional entry that is no address",
            { host_additional: ["192.168.0.1", "1.2.3"] },
            "Endereço inválido para host_additional: 1.2.3 (use IPv4 ou nome de host)",
        ],
        [
            "a host_additional entry that is no text",
            { host_additional: [19216801] },
            "Endereço inválido para host_additional: 19216801 (use IPv4 ou nome de host)",
        ],
        ["a host_additional that is no list", { host_additional: "192.168.0.1" }, "Valor inválido para host_additional: 192.168.0.1"],
        ["port 0", { port: 0 }, "Porta inválida para port: 0 (use 1 a 65535)"],
        ["port1 over 65535", { port1: 65536 }, "Porta inválida para port1: 65536 (use 1 a 65535)"],
        ["a port2 that is no number", { port2: "sip" }, "Porta inválida para port2: sip (use 1 a 65535)"],
        ["a status other than 0 or 1", { status: 2 }, "Status inválido: 2 (use 0 ou 1)"],
        ["a flag other than 0 or 1", { enable_ddi: 3 }, "Valor inválido para enable_ddi: 3 (use 0 ou 1)"],
        ["a flag given as text", { register: "sim" }, "Valor inválido para register: sim (use 0 ou 1)"],
        ["a rate_id that is no id", { rate_id: -1 }, "Valor inválido para rate_id: -1"],
        ["a description that is no text", { description: { nome: "x" } }, 'Valor inválido para description: {"nome":"x"}'],
    ])("refuses %s", async (_rule, change, reason) => {
        const answer = await create(exampleDid(change));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason });
        expect(didCount()).toBe(SEEDED_DIDS);
    });

    it("accepts host names and the boundary ports", async () => {
        const answer = await create(
            exampleDid({ host: "sip.operadora.com.br", port: 65535, port1: 1, host_additional: ["backup-1.operadora.net"] }),
        );
        expect(answer.json.error).toBe(0);
    });
});

describe("protocol errors", () => {
    it.each(["customer_id", "did_number"])("answers 422 naming %s when it is missing", async (field) => {
        const body = exampleDid();
        delete body[field];
        const answer = await create(body);
        expect(answer.status).toBe(422);
        expect(answer.json).toEqual({ error: 1, reason: `Parâmetro obrigatório ausente: ${field}` });
    });

    it("answers 400 for invalid JSON or no body, 403 for wrong credentials, 405 for PATCH", async () => {
        expect((await request(didUrl(), { method: "PUT", body: '{"customer_id": 13' })).status).toBe(400);
        expect((await request(didUrl(), { method: "PUT" })).status).toBe(400);
        expect((await request(`${sandbox.url}/api/manageDID/${TOKEN}/wrong/12`)).status).toBe(403);
        const patch = await request(didUrl(12), { method: "PATCH", json: { description: "x" } });
        expect(patch.status).toBe(405);
        expect(patch.json).toEqual({ error: 1, reason: "Método HTTP não permitido: PATCH" });
        expect((await request(`${didUrl(12)}/extra`)).status).toBe(404);
    });
});

describe("reference lists", () => {
    /**
     * A seeded line as the documented listDevices lists it: the vendor example's fields and order, the
     * sandbox's `nome` and `ramal`, then manageDevices' fields (never `password`), every value a string.
     * Seeded lines log in with their extension.
     */
    const listedLine = (id: number, customer: number, nome: string, ramal: string, fields: Record<string, string> = {}) => ({
        id: String(id),
        id_cliente: String(customer),
        id_plano: "0",
        id_audio: "0",
        id_perfil_horario: "0",
        tipo_tar: "1",
        ddd_local: "5511",
        tech: "SIP",
        username: ramal,
        domain: "dynamic",
        port: "0",
        rtp_symmetric: "0",
        nat: "auto_force_rport",
        techprefix: "",
        saldo: "0.00000",
        voip: "1",
        fixo_local: "1",
        nome,
        ramal,
        customer_id: String(customer),
        auth: "0",
        callerid: "",
        simultaneas: "1",
        max_cps: "0",
        max_ringtime: "0",
        max_calltime: "0",
        fixo: "1",
        movel: "1",
        fixo_ddi: "0",
        movel_ddi: "0",
        status: "1",
        rate_id: "0",
        codecs: "g729;alaw;ulaw",
        volume_rx: "0",
        volume_tx: "0",
        funcionalidade: "0",
        funcionalidade_id: "0",
        sigame_always_st: "0",
        sigame_always_dst: "",
        sigame_busy_st: "0",
        sigame_busy_dst: "",
        sigame_noanswer_st: "0",
        sigame_noanswer_dst: "",
        sigame_offline_st: "0",
        sigame_offline_dst: "",
        allow_transfer: "1",
        check_spoofing: "0",
        proxy_media: "0",
        ...fields,
    });

    it("listDevices nests a customer's lines exactly like the vendor's example: outer values numbers, lines' values strings", async () => {
        const answer = await request(apiUrl(sandbox.url, "listDevices", 13));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({
            error: 0,
            reason: "OK",
            records: 1,
            data: [
                {
                    id_cliente: 13,
                    nome_fantasia: "Loja Centro",
                    records: 3,
                    data: [
                        listedLine(30, 13, "Caixa", "2030", { max_ringtime: "20", sigame_noanswer_st: "1", sigame_noanswer_dst: "2031" }),
                        listedLine(31, 13, "Vendas", "2031", { simultaneas: "2" }),
                        listedLine(32, 13, "Estoque", "2032", { allow_transfer: "0" }),
                    ],
                },
            ],
        });
        expect(answer.text).toMatch(
            /^\{"error":0,"reason":"OK","records":1,"data":\[\{"id_cliente":13,"nome_fantasia":"Loja Centro","records":3,"data":\[\{"id":"30","id_cliente":"13","id_plano":"0",/,
        );
    });

    it("listDevices with 0 answers one block per customer, records at the top counting the blocks", async () => {
        const { json } = await request(apiUrl(sandbox.url, "listDevices", 0));
        expect(json.records).toBe(4);
        expect(
            json.data.map((block: { id_cliente: number; nome_fantasia: string; records: number }) => [
                block.id_cliente,
                block.nome_fantasia,
                block.records,
            ]),
        ).toEqual([
            [9, "Clínica Bem Estar", 6],
            [13, "Loja Centro", 3],
            [21, "Escritório Contábil", 2],
            [31, "Legado Telecom Ltda", 4],
        ]);
        expect(json.data[0].data[0]).toEqual(listedLine(1, 9, "Recepção 1", "1001", { callerid: "1132001000", simultaneas: "2" }));
        expect(json.data[0].data.map((line: { id: string }) => line.id)).toEqual(["1", "4", "5", "6", "19", "23"]);
    });

    it("listDevices ?id_record=N answers that one line in the same shape; another customer's line or an unknown one is no line", async () => {
        const { json } = await request(apiUrl(sandbox.url, "listDevices", 9, "?id_record=19"));
        expect(json).toEqual({
            error: 0,
            reason: "OK",
            records: 1,
            data: [
                {
                    id_cliente: 9,
                    nome_fantasia: "Clínica Bem Estar",
                    records: 1,
                    data: [listedLine(19, 9, "Administração", "1019", { fixo_ddi: "1", movel_ddi: "1" })],
                },
            ],
        });
        // The contract (issue 13): the nested answer with no line, as for a customer without lines.
        for (const record of ["30", "99", "x"]) {
            expect((await request(apiUrl(sandbox.url, "listDevices", 9, `?id_record=${record}`))).json).toEqual({
                error: 0,
                reason: "OK",
                records: 0,
                data: [],
            });
        }
    });

    it("listDevices requires the customer id (422 without it), as documented", async () => {
        const answer = await request(`${sandbox.url}/api/listDevices/${TOKEN}/${KEY}`);
        expect(answer.status).toBe(422);
        expect(answer.json).toEqual({ error: 1, reason: "Parâmetro obrigatório ausente: id_cliente" });
    });

    it("listDevices answers no block for a customer without lines, and never changes with the variants (it is documented)", async () => {
        await sandbox.store.update((draft) => (draft.nextbilling.lines = draft.nextbilling.lines.filter((line) => line.id_cliente !== 21)));
        expect((await request(apiUrl(sandbox.url, "listDevices", 21))).json).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
        const documented = (await request(apiUrl(sandbox.url, "listDevices", 13))).text;
        await new SandboxAdmin(sandbox.url).setVariants({ nextbillingLists: "keyed", nextbillingValues: "numbers" });
        expect((await request(apiUrl(sandbox.url, "listDevices", 13))).text).toBe(documented);
    });

    it.each([
        [
            "manageQueue",
            0,
            [
                ["12", "13", "Fila Vendas"],
                ["14", "13", "Fila Suporte"],
                ["15", "9", "Fila Recepção"],
                ["20", "31", "Fila Comercial"],
                ["21", "31", "Fila Suporte Legado"],
            ],
        ],
        [
            "manageQueue",
            13,
            [
                ["12", "13", "Fila Vendas"],
                ["14", "13", "Fila Suporte"],
            ],
        ],
        ["manageQueue", 21, []],
        [
            "manageIvr",
            0,
            [
                ["7", "13", "URA Principal"],
                ["8", "9", "URA Clínica"],
                ["9", "31", "URA Legado"],
            ],
        ],
        ["manageIvr", 9, [["8", "9", "URA Clínica"]]],
    ])("%s/%s lists in the standard shape, values as strings", async (method, scope, rows) => {
        // Every field of these records is pinned in test/sandbox/tenant.test.ts.
        const { status, json } = await request(apiUrl(sandbox.url, method, scope));
        expect(status).toBe(200);
        expect({
            ...json,
            data: json.data.map(({ id, id_cliente, descricao }: Record<string, string>) => ({ id, id_cliente, descricao })),
        }).toEqual({
            error: 0,
            reason: "OK",
            records: rows.length,
            data: rows.map(([id, id_cliente, descricao]) => ({ id, id_cliente, descricao })),
        });
    });

    it.each([
        ["listDevices", "PUT"],
        ["manageQueue", "PATCH"],
        ["manageIvr", "PATCH"],
        ["manageTimeProfiles", "PATCH"],
    ])("%s refuses an unknown customer and does not take %s", async (method, httpMethod) => {
        const unknown = await request(apiUrl(sandbox.url, method, 77));
        expect(unknown.status).toBe(200);
        expect(unknown.json).toEqual({ error: 1, reason: "Cliente não encontrado: 77" });
        const other = await request(apiUrl(sandbox.url, method, 0), { method: httpMethod, json: { descricao: "x" } });
        expect(other.status).toBe(405);
        expect(other.json).toEqual({ error: 1, reason: `Método HTTP não permitido: ${httpMethod}` });
        expect((await request(`${sandbox.url}/api/${method}/${TOKEN}/wrong/0`)).status).toBe(403);
    });
});

describe("request log", () => {
    it("never carries a password, while the vendor's database (the state) keeps it", async () => {
        await create(fullDid());
        await update(17, { password: "trocada" });
        await request(didUrl(undefined, "?password=na-query&id_record=99"), { method: "DELETE" });
        const text = (await admin("/requests")).text;
        expect(text).not.toContain("s3cr3t-sip");
        expect(text).not.toContain("trocada");
        expect(text).not.toContain("na-query");
        const log = JSON.parse(text);
        expect(log.requests[0]).toMatchObject({ method: "PUT", path: "/api/manageDID/{token}/{key}", status: 200 });
        expect(log.requests[0].body).toEqual({ ...fullDid(), password: "***" });
        expect(log.requests[1]).toMatchObject({ method: "POST", path: "/api/manageDID/{token}/{key}/17", body: { password: "***" } });
        expect(log.requests[2].query).toEqual({ password: "***", id_record: "99" });
        expect(log.writes).toBe(2);
        expect(stored(17)!.password).toBe("trocada");
    });
});

describe("injected failures look like the vendor", () => {
    it("failNext 404/405 on GET manageDID answers vendor JSON, leaves other calls alone, for as many calls as asked", async () => {
        await admin("/faults", {
            method: "PUT",
            json: { failNext: [{ status: 404, method: "GET", pathIncludes: "manageDID", count: 1000 }] },
        });
        for (const id of [12, 0, 12]) {
            const answer = await request(didUrl(id));
            expect(answer.status).toBe(404);
            expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
            expect(answer.json).toEqual({ error: 1, reason: "Método não encontrado: manageDID" });
        }
        expect((await create(exampleDid())).json.new_record).toBe(17);
        expect((await request(apiUrl(sandbox.url, "listDevices", 9))).status).toBe(200);

        await admin("/faults", {
            method: "PUT",
            json: { failNext: [{ status: 405, method: "GET", pathIncludes: "manageDID", count: 1000 }] },
        });
        expect((await request(didUrl(12))).json).toEqual({ error: 1, reason: "Método HTTP não permitido: GET" });
    });

    it.each([
        [400, "Requisição incompleta"],
        [403, "Token ou chave de API inválidos"],
        [413, "Requisição excede o limite de 128 KB"],
        [418, "Requisição recusada (HTTP 418)"],
        [502, "Erro no servidor (HTTP 502)"],
        [599, "Erro no servidor (HTTP 599)"],
    ])("failNext %s answers error 1 with a vendor text", async (status, reason) => {
        await admin("/faults", { method: "PUT", json: { failNext: [{ status }] } });
        const answer = await request(didUrl(12));
        expect(answer.status).toBe(status);
        expect(answer.json).toEqual({ error: 1, reason });
    });
});

describe("out-of-band edits (the vendor's web panel)", () => {
    it("creates, patches and deletes DIDs with vendor field names, not logged and not counted as writes", async () => {
        const created = await admin("/nextbilling/dids", { method: "POST", json: fullDid({ did_number: "1130004000", port: "5070" }) });
        expect(created.status).toBe(201);
        expect(created.json).toEqual({ id: 17, ...fullDid({ did_number: "1130004000", port: 5070 }) });

        const patched = await admin("/nextbilling/dids/17", {
            method: "PATCH",
            json: { did_type: 6, did_type_id: 7, description: "Mudado no painel" },
        });
        expect(patched.status).toBe(200);
        expect(patched.json).toMatchObject({ id: 17, did_type: 6, did_type_id: 7, description: "Mudado no painel", device_id: 30 });
        expect((await show(17)).data[0]).toMatchObject({ did_type: "6", did_type_id: "7", description: "Mudado no painel" });

        await admin("/requests", { method: "DELETE" });
        expect((await admin("/nextbilling/dids/12", { method: "DELETE" })).json).toMatchObject({ id: 12, did_number: "1132001000" });
        expect(sandbox.store.state.nextbilling.dids.map((did) => did.id)).toEqual([11, 13, 14, 15, 16, 17]);
        expect((await admin("/requests")).json).toEqual({ requests: [], counts: {}, writes: 0, bytesSent: 0, peakInFlight: 0 });
    });

    it("applies the vendor's rules and names what is wrong", async () => {
        const taken = await admin("/nextbilling/dids", { method: "POST", json: exampleDid({ did_number: "1130009999" }) });
        expect(taken.status).toBe(400);
        expect(taken.json.error).toBe("DID já cadastrado: 1130009999");
        const foreignQueue = await admin("/nextbilling/dids/12", { method: "PATCH", json: { did_type: 5, did_type_id: 12 } });
        expect(foreignQueue.json.error).toBe("Fila 12 não pertence ao cliente 9");
        expect((await admin("/nextbilling/dids", { method: "POST", json: { customer_id: 13 } })).json.error).toBe(
            "Parâmetro obrigatório ausente: did_number",
        );
        const unknownField = await admin("/nextbilling/dids", { method: "POST", json: exampleDid({ id: 50 }) });
        expect(unknownField.status).toBe(400);
        expect(unknownField.json.error).toMatch(/^unknown DID field\(s\): id;/);
        expect((await admin("/nextbilling/dids/99", { method: "PATCH", json: { status: 0 } })).status).toBe(404);
        expect((await admin("/nextbilling/dids/99", { method: "DELETE" })).status).toBe(404);
        expect((await admin("/nextbilling/dids/12", { method: "PUT" })).status).toBe(405);
        expect(didCount()).toBe(SEEDED_DIDS);
        expect(stored(12)!.did_type).toBe(1);
    });

    it("SandboxAdmin.dids drives the same routes", async () => {
        const client = new SandboxAdmin(sandbox.url);
        const did = await client.dids.create({ customer_id: 0, did_number: "1130005000", description: "Para vender" });
        expect(did).toMatchObject({ id: 17, customer_id: 0, did_type: null, status: 1, password: "" });
        expect(await client.dids.patch(did.id, { customer_id: 13, did_type: 1, device_id: 31 })).toMatchObject({
            customer_id: 13,
            device_id: 31,
        });
        await expect(client.dids.patch(did.id, { device_id: 1 })).rejects.toThrow("HTTP 400: Linha 1 não pertence ao cliente 13");
        expect((await client.state()).nextbilling.dids.map((d) => d.id)).toEqual([11, 12, 13, 14, 15, 16, 17]);
        await client.dids.remove(did.id);
        await expect(client.dids.remove(did.id)).rejects.toThrow(/DELETE \/_admin\/nextbilling\/dids\/17: HTTP 404/);
    });
});

describe("state file", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "telephony-did-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("saves DIDs, queues and IVRs and carries the id counter over a restart", async () => {
        const file = join(dir, "state.json");
        const first = await startSandbox({ stateFile: file });
        await request(apiUrl(first.url, "manageDID"), { method: "PUT", json: fullDid() });
        await request(apiUrl(first.url, "manageDID", 11), { method: "POST", json: { customer_id: 9, did_type: 6, did_type_id: 8 } });
        await first.close();

        const saved = JSON.parse(readFileSync(file, "utf8"));
        expect(saved.version).toBe(1);
        expect(saved.nextbilling.queues).toHaveLength(5);
        expect(saved.nextbilling.ivrs).toHaveLength(3);
        expect(saved.nextbilling.dids.map((did: Did) => did.id)).toEqual([11, 12, 13, 14, 15, 16, 17]);
        expect(saved.nextbilling.nextId).toEqual({ ringGroup: 5, did: 18, line: 54, queue: 22, ivr: 10, timeProfile: 5 });

        const second = await startSandbox({ stateFile: file });
        try {
            expect((await request(apiUrl(second.url, "manageDID", 11))).json.data[0]).toMatchObject({
                customer_id: "9",
                did_type: "6",
                did_type_id: "8",
            });
            expect(second.store.state.nextbilling.dids.find((did) => did.id === 17)).toEqual({ id: 17, ...fullDid() });
            expect((await request(apiUrl(second.url, "manageDID"), { method: "PUT", json: exampleDid() })).json.new_record).toBe(18);
        } finally {
            await second.close();
        }
    });

    it("loads a version-1 file saved before DIDs existed, as having none", async () => {
        const file = join(dir, "state.json");
        const old = {
            version: 1,
            nextbilling: {
                customers: [{ id: 13, nome: "Loja Centro" }],
                lines: [{ id: 30, id_cliente: 13, nome: "Caixa", ramal: "2030" }],
                ringGroups: [],
                nextId: { ringGroup: 1 },
            },
        };
        writeFileSync(file, JSON.stringify(old));
        const loaded = await startSandbox({ stateFile: file });
        try {
            expect(loaded.store.state.nextbilling).toMatchObject({ queues: [], ivrs: [], dids: [], nextId: { ringGroup: 1, did: 1 } });
            expect((await request(apiUrl(loaded.url, "manageDID", 0))).json).toEqual({ error: 0, reason: "OK", records: 0, data: [] });
            const answer = await request(apiUrl(loaded.url, "manageDID"), {
                method: "PUT",
                json: { customer_id: 13, did_number: "1130001000", did_type: 1, device_id: 30 },
            });
            expect(answer.json.new_record).toBe(1);
        } finally {
            await loaded.close();
        }
    });

    it("refuses a file whose dids is not a list", async () => {
        const file = join(dir, "state.json");
        writeFileSync(
            file,
            JSON.stringify({ version: 1, nextbilling: { customers: [], lines: [], ringGroups: [], dids: {}, nextId: { ringGroup: 1 } } }),
        );
        await expect(startSandbox({ stateFile: file })).rejects.toThrow(/"nextbilling.dids" that is not a list/);
    });
});
