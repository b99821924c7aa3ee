import { startSandbox, type Sandbox } from "../../sandbox";
import { exampleGroup, KEY, request, ringGroupsUrl, TOKEN } from "../support/http";

let sandbox: Sandbox;

beforeAll(async () => {
    sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => request(`${sandbox.url}/_admin/reset`, { method: "POST" }));

const list = async (scope: string | number = 0) => (await request(ringGroupsUrl(sandbox.url, scope))).json;
const create = (body: unknown) => request(ringGroupsUrl(sandbox.url), { method: "PUT", json: body });
/** The default seed's legacy tenant (customer 31) holds ring groups 1-4, so the API's first group is 5. */
const SEEDED_GROUPS = 4;
/** Groups the test created, leaving out the seeded ones. */
const created = () => sandbox.store.state.nextbilling.ringGroups.filter((group) => group.id > SEEDED_GROUPS);
const ringGroupCount = () => created().length;

describe("PUT manageRingGroups (create)", () => {
    it("creates and answers exactly like the vendor's example, trailing comma included", async () => {
        const answer = await create(exampleGroup());
        expect(answer.status).toBe(200);
        expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
        expect(answer.text).toBe('{"error":0,"reason":"OK","new_record":5,}');
        expect(created()).toEqual([
            { id: 5, id_cliente: 9, descricao: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23], status: 1 },
        ]);
    });

    it("accepts numbers given as numeric strings", async () => {
        const answer = await create({ id_cliente: "13", descricao: "Loja", strategy: "ringall", devices: ["30", "31"], status: "0" });
        expect(answer.json).toEqual({ error: 0, reason: "OK", new_record: 5 });
        expect(created()[0]).toEqual({
            id: 5,
            id_cliente: 13,
            descricao: "Loja",
            strategy: "ringall",
            devices: [30, 31],
            status: 0,
        });
    });

    it("allows duplicate descriptions, as the vendor does", async () => {
        await create(exampleGroup());
        const second = await create(exampleGroup());
        expect(second.json).toEqual({ error: 0, reason: "OK", new_record: 6 });
        expect(ringGroupCount()).toBe(2);
    });

    it("never reuses the id of a deleted record", async () => {
        await create(exampleGroup());
        await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" });
        expect((await create(exampleGroup())).json.new_record).toBe(6);
    });
});

describe("GET manageRingGroups (list)", () => {
    it("answers an empty list for a customer without groups (the demo tenant's 9)", async () => {
        const answer = await request(ringGroupsUrl(sandbox.url, 9));
        expect(answer.status).toBe(200);
        expect(answer.text).toBe('{"error":0,"reason":"OK","records":0,"data":[]}');
    });

    it("lists every value as a string, devices as an array of strings", async () => {
        await create(exampleGroup());
        const answer = await request(ringGroupsUrl(sandbox.url, 9));
        expect(answer.text).toBe(
            '{"error":0,"reason":"OK","records":1,"data":[{"id":"5","id_cliente":"9","descricao":"Ramais Recepção","strategy":"linear","devices":["1","4","19","23"],"status":"1"}]}',
        );
    });

    it("lists everything for 0 and one customer's groups for its id", async () => {
        await create(exampleGroup());
        await create({ id_cliente: 13, descricao: "Caixas", strategy: "ringall", devices: [30, 31], status: 1 });
        await create({ id_cliente: 21, descricao: "Contábil", strategy: "random", devices: [40], status: 0 });
        expect((await list(0)).data.map((g: { id: string }) => g.id)).toEqual(["1", "2", "3", "4", "5", "6", "7"]);
        expect(await list(13)).toEqual({
            error: 0,
            reason: "OK",
            records: 1,
            data: [{ id: "6", id_cliente: "13", descricao: "Caixas", strategy: "ringall", devices: ["30", "31"], status: "1" }],
        });
        expect((await list(9)).records).toBe(1);
    });

    it("treats a missing id segment as 0", async () => {
        await create(exampleGroup());
        const answer = await request(`${sandbox.url}/api/manageRingGroups/${TOKEN}/${KEY}`);
        expect(answer.json.records).toBe(SEEDED_GROUPS + 1);
    });

    it("refuses an unknown customer with HTTP 200 and error 1", async () => {
        const answer = await request(ringGroupsUrl(sandbox.url, 77));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason: "Cliente não encontrado: 77" });
    });
});

describe("POST manageRingGroups (update)", () => {
    const update = (body: unknown) => request(ringGroupsUrl(sandbox.url), { method: "POST", json: body });

    it("replaces every field of the record", async () => {
        await create(exampleGroup());
        const answer = await update({
            id_record: 5,
            id_cliente: 9,
            descricao: "Recepção e Adm",
            strategy: "ringall",
            devices: [5, 6],
            status: 0,
        });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe('{"error":0,"reason":"OK"}');
        expect((await list(9)).data).toEqual([
            { id: "5", id_cliente: "9", descricao: "Recepção e Adm", strategy: "ringall", devices: ["5", "6"], status: "0" },
        ]);
    });

    it("accepts id_record as a numeric string", async () => {
        await create(exampleGroup());
        expect((await update(exampleGroup({ id_record: "5", descricao: "Outro" }))).json).toEqual({ error: 0, reason: "OK" });
    });

    it("answers 422 naming id_record when it is missing", async () => {
        const answer = await update(exampleGroup());
        expect(answer.status).toBe(422);
        expect(answer.json).toEqual({ error: 1, reason: "Parâmetro obrigatório ausente: id_record" });
    });

    it("requires every field, as create does", async () => {
        await create(exampleGroup());
        const answer = await update({ id_record: 5, descricao: "Só a descrição" });
        expect(answer.status).toBe(422);
        expect(answer.json.reason).toBe("Parâmetro obrigatório ausente: id_cliente");
    });

    it("refuses an unknown id_record with HTTP 200 and error 1", async () => {
        const answer = await update(exampleGroup({ id_record: 13 }));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason: "Registro não encontrado: 13" });
    });

    it("checks devices against the customer being set", async () => {
        await create(exampleGroup());
        const answer = await update(exampleGroup({ id_record: 5, id_cliente: 13 }));
        expect(answer.json).toEqual({ error: 1, reason: "Linha 1 não pertence ao cliente 13" });
        expect(created()[0]!.id_cliente).toBe(9);
    });
});

describe("DELETE manageRingGroups", () => {
    it("deletes the record named by ?id_record", async () => {
        await create(exampleGroup());
        await create(exampleGroup({ descricao: "Segundo" }));
        const answer = await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe('{"error":0,"reason":"OK"}');
        expect((await list()).data.map((g: { id: string }) => g.id)).toEqual(["1", "2", "3", "4", "6"]);
    });

    it("refuses an unknown record with HTTP 200 and error 1", async () => {
        const answer = await request(ringGroupsUrl(sandbox.url, 0, "?id_record=99"), { method: "DELETE" });
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason: "Registro não encontrado: 99" });
    });

    it("answers 422 when id_record is missing", async () => {
        const answer = await request(ringGroupsUrl(sandbox.url), { method: "DELETE" });
        expect(answer.status).toBe(422);
        expect(answer.json.reason).toBe("Parâmetro obrigatório ausente: id_record");
    });
});

describe("business rules: HTTP 200 with error 1, nothing stored", () => {
    it.each([
        ["an unknown customer", { id_cliente: 99 }, "Cliente não encontrado: 99"],
        ["a non-numeric customer", { id_cliente: "nove" }, "Valor inválido para id_cliente: nove"],
        [
            "a strategy not in ringall|random|linear",
            { strategy: "roundrobin" },
            "Estratégia inválida: roundrobin (use ringall, random ou linear)",
        ],
        ["a status other than 0 or 1", { status: 2 }, "Status inválido: 2 (use 0 ou 1)"],
        ["empty devices", { devices: [] }, "devices deve ser uma lista com ao menos uma linha"],
        ["devices that are not an array", { devices: "1,4" }, "devices deve ser uma lista com ao menos uma linha"],
        ["a device that is not a line id", { devices: [1, "x"] }, "Valor inválido para devices: x"],
        ["a line that does not exist", { devices: [1, 99] }, "Linha 99 não pertence ao cliente 9"],
        ["a line of another customer", { devices: [1, 30] }, "Linha 30 não pertence ao cliente 9"],
        ["a description that is not text", { descricao: 12 }, "Valor inválido para descricao: 12"],
    ])("refuses %s", async (_rule, change, reason) => {
        const answer = await create(exampleGroup(change));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({ error: 1, reason });
        expect(ringGroupCount()).toBe(0);
    });
});

describe("protocol errors", () => {
    it.each(["id_cliente", "descricao", "strategy", "devices", "status"])("answers 422 naming %s when it is missing", async (field) => {
        const body = exampleGroup();
        delete body[field];
        const answer = await create(body);
        expect(answer.status).toBe(422);
        expect(answer.json).toEqual({ error: 1, reason: `Parâmetro obrigatório ausente: ${field}` });
    });

    it("treats a blank description as missing", async () => {
        expect((await create(exampleGroup({ descricao: "  " }))).status).toBe(422);
    });

    it("answers 403 for a wrong token and for a wrong key", async () => {
        for (const credentials of [
            { token: "00000000-0000-0000-0000-000000000000-0000", key: KEY },
            { token: TOKEN, key: "00000000-0000-0000-0000-000000000000-0000" },
            { token: KEY, key: TOKEN },
        ]) {
            const answer = await request(ringGroupsUrl(sandbox.url, 0, "", credentials));
            expect(answer.status).toBe(403);
            expect(answer.json).toEqual({ error: 1, reason: "Token ou chave de API inválidos" });
        }
        expect((await request(`${sandbox.url}/api/manageRingGroups/${TOKEN}`)).status).toBe(403);
    });

    it("answers 404 naming an unknown method", async () => {
        const answer = await request(`${sandbox.url}/api/manageRingGroup/${TOKEN}/${KEY}/0`);
        expect(answer.status).toBe(404);
        expect(answer.json).toEqual({ error: 1, reason: "Método não encontrado: manageRingGroup" });
        expect((await request(`${sandbox.url}/api/constructor/${TOKEN}/${KEY}/0`)).status).toBe(404);
    });

    it("answers 404 outside /api/ and /_admin/", async () => {
        expect((await request(`${sandbox.url}/`)).status).toBe(404);
    });

    it("answers 405 for an HTTP method the vendor method does not take", async () => {
        const answer = await request(ringGroupsUrl(sandbox.url), { method: "PATCH", json: exampleGroup() });
        expect(answer.status).toBe(405);
        expect(answer.json.error).toBe(1);
    });

    it("answers 413 for a body over 128 KB and accepts one of exactly 128 KB", async () => {
        const exact = JSON.stringify(exampleGroup());
        const padded = exact.slice(0, -1) + " ".repeat(131_072 - Buffer.byteLength(exact)) + "}";
        expect(Buffer.byteLength(padded)).toBe(131_072);
        const atLimit = await request(ringGroupsUrl(sandbox.url), { method: "PUT", body: padded });
        expect(atLimit.json).toEqual({ error: 0, reason: "OK", new_record: 5 });

        const over = await request(ringGroupsUrl(sandbox.url), { method: "PUT", body: padded + " " });
        expect(over.status).toBe(413);
        expect(over.json.error).toBe(1);
        expect(ringGroupCount()).toBe(1);
    });

    it.each([
        ["invalid JSON", '{"id_cliente": 9,'],
        ["a JSON array", "[1,2]"],
        ["no body at all", ""],
    ])("answers 400 (incomplete request) for %s", async (_case, body) => {
        const answer = await request(ringGroupsUrl(sandbox.url), { method: "PUT", body });
        expect(answer.status).toBe(400);
        expect(answer.json.error).toBe(1);
        expect(answer.json.reason).toMatch(/^Requisição incompleta/);
    });
});

describe("POST statusCustomer (documented)", () => {
    const statusUrl = () => `${sandbox.url}/api/statusCustomer/${TOKEN}/${KEY}`;
    const setStatus = (body: unknown) => request(statusUrl(), { method: "POST", json: body });
    const customer = (id: number) => sandbox.store.state.nextbilling.customers.find((c) => c.id === id)!;

    it("answers exactly like the vendor's example and keeps the status; every seeded customer starts active", async () => {
        expect(sandbox.store.state.nextbilling.customers.map((c) => c.status)).toEqual([1, 1, 1, 1, 1]);
        const answer = await setStatus({ id: 13, status: 0 });
        expect(answer.status).toBe(200);
        expect(answer.text).toBe('{"error":0,"reason":"OK","customer_id":13,"customer_name":"Loja Centro","old_status":1,"new_status":0}');
        expect(customer(13).status).toBe(0);
        expect((await setStatus({ id: "13", status: "1" })).json).toMatchObject({ old_status: 0, new_status: 1 });
        expect((await setStatus({ id: 13, status: 1 })).json).toMatchObject({ old_status: 1, new_status: 1 }); // already active: accepted
        expect((await request(`${sandbox.url}/_admin/requests`)).json.writes).toBe(3);
    });

    it("refuses what the vendor would: missing fields 422, an unknown customer or a bad status error 1, other methods 405", async () => {
        expect(await setStatus({ status: 0 })).toMatchObject({
            status: 422,
            json: { error: 1, reason: "Parâmetro obrigatório ausente: id" },
        });
        expect(await setStatus({ id: 9 })).toMatchObject({ status: 422, json: { reason: "Parâmetro obrigatório ausente: status" } });
        expect(await setStatus({ id: 77, status: 0 })).toMatchObject({
            status: 200,
            json: { error: 1, reason: "Cliente não encontrado: 77" },
        });
        expect(await setStatus({ id: 9, status: 2 })).toMatchObject({
            status: 200,
            json: { error: 1, reason: "Status inválido: 2 (use 0 ou 1)" },
        });
        expect((await request(statusUrl(), { method: "POST" })).status).toBe(400);
        expect((await request(statusUrl())).status).toBe(405);
        expect(
            (await request(`${sandbox.url}/api/statusCustomer/${TOKEN}/wrong`, { method: "POST", json: { id: 9, status: 0 } })).status,
        ).toBe(403);
        expect(customer(9).status).toBe(1);
    });

    it("goes back to active on reset", async () => {
        await setStatus({ id: 21, status: 0 });
        await request(`${sandbox.url}/_admin/reset`, { method: "POST" });
        expect(customer(21).status).toBe(1);
    });
});
