import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SandboxAdmin, startSandbox, type BulkDidRequest, type Sandbox } from "../../sandbox";
import { checkCallback } from "../../sandbox/directcall";
import { checkDid, checkRingGroup } from "../../sandbox/nextbilling";
import { IVRS, LINES, QUEUES, TIME_PROFILES, type TenantKind } from "../../sandbox/nextbillingTenant";
import { seedState } from "../../sandbox/seed";
import { apiUrl, request, ringGroupsUrl } from "../support/http";

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** Every DID the vendor lists for customer 31 (manageDID lists by DID id, so `/0` and a filter). */
const legacyDids = async () =>
    (await request(apiUrl(sandbox.url, "manageDID", 0))).json.data.filter((did: { customer_id: string }) => did.customer_id === "31");

describe("the legacy tenant (customer 31), made by hand over years", () => {
    it("lists its ring groups through the vendor API, messy descriptions, near-duplicates and a disabled one included", async () => {
        const answer = await request(ringGroupsUrl(sandbox.url, 31));
        expect(answer.status).toBe(200);
        expect(answer.json).toEqual({
            error: 0,
            reason: "OK",
            records: 4,
            data: [
                { id: "1", id_cliente: "31", descricao: "Recepção", strategy: "linear", devices: ["50"], status: "1" },
                { id: "2", id_cliente: "31", descricao: "Comercial - Todos", strategy: "ringall", devices: ["51", "52"], status: "1" },
                { id: "3", id_cliente: "31", descricao: "comercial - todos", strategy: "random", devices: ["52", "51"], status: "1" },
                { id: "4", id_cliente: "31", descricao: "Suporte 24h", strategy: "linear", devices: ["53", "50"], status: "0" },
            ],
        });
    });

    it("lists its DIDs through the vendor API, every value a string, the supplier's password never", async () => {
        const dids = await legacyDids();
        expect(dids.map((did: Record<string, unknown>) => [did.id, did.did_number, did.description, did.did_type, did.status])).toEqual([
            ["13", "1140001000", "Central Legado", "6", "1"],
            ["14", "1140002000", "Comercial Legado", "5", "1"],
            ["15", "1140003000", "Suporte Legado", "1", "1"],
            ["16", "1140004000", "Teste de Áudio", "10", "0"],
        ]);
        expect(dids[0]).toMatchObject({ did_type_id: "9", device_id: null });
        expect(dids[1]).toMatchObject({
            did_type_id: "20",
            max_calls: "10",
            host: "10.20.0.1",
            port: "5060",
            username: "legado",
            host_additional: ["10.20.0.2"],
            register: "1",
        });
        expect(dids[1]).not.toHaveProperty("password");
        expect(dids[2]).toMatchObject({ device_id: "53", did_type_id: null });
        expect(JSON.stringify(dids)).not.toContain("legado-supplier-pw");
        expect(sandbox.store.state.nextbilling.dids.find((did) => did.id === 14)!.password).toBe("legado-supplier-pw");
    });

    it("lists its lines, queues and IVR through the vendor API", async () => {
        const lines = (await request(apiUrl(sandbox.url, "listDevices", 31))).json;
        expect(lines.data[0]).toMatchObject({ id_cliente: 31, nome_fantasia: "Legado Telecom Ltda", records: 4 });
        expect(lines.data[0].data.map((line: { id: string; nome: string; ramal: string }) => [line.id, line.nome, line.ramal])).toEqual([
            ["50", "Recepção", "5001"],
            ["51", "Comercial 1", "5002"],
            ["52", "Comercial 2", "5003"],
            ["53", "Suporte", "5004"],
        ]);
        // Every field of them is pinned in test/sandbox/tenant.test.ts.
        const named = (records: Record<string, string>[]) =>
            records.map(({ id, id_cliente, descricao }) => ({ id, id_cliente, descricao }));
        expect(named((await request(apiUrl(sandbox.url, "manageQueue", 31))).json.data)).toEqual([
            { id: "20", id_cliente: "31", descricao: "Fila Comercial" },
            { id: "21", id_cliente: "31", descricao: "Fila Suporte Legado" },
        ]);
        expect(named((await request(apiUrl(sandbox.url, "manageIvr", 31))).json.data)).toEqual([
            { id: "9", id_cliente: "31", descricao: "URA Legado" },
        ]);
        expect(named((await request(apiUrl(sandbox.url, "manageTimeProfiles", 31))).json.data)).toEqual([
            { id: "4", id_cliente: "31", descricao: "Expediente Legado" },
        ]);
    });

    it("has two Directcall registrations of the demo account besides cb-legacy-1, one with credentials in its URL, one with a PIN", async () => {
        expect((await admin.directcall.callbacks.list()).map(({ code, url, pin }) => ({ code, url, pin }))).toEqual([
            { code: "cb-legacy-1", url: "https://legacy.example.com.br/hooks/directcall", pin: "" },
            { code: "cb-legacy-2", url: "https://legado:legado-hook-pw@crm.legado.example.com.br/directcall", pin: "" },
            { code: "cb-legacy-3", url: "https://crm.legado.example.com.br/directcall/vendas", pin: "4321" },
        ]);
        const pinned = await admin.directcall.simulateCall({ pin: "4321", statuses: ["ocupado"] });
        expect(pinned.deliveries.map((delivery) => delivery.code)).toEqual(["cb-legacy-1", "cb-legacy-2", "cb-legacy-3"]);
    });

    it("passes the vendor's own rules, record by record, so the panel could have made it", () => {
        const state = seedState();
        const nb = state.nextbilling;
        for (const { id, ...group } of nb.ringGroups) expect(checkRingGroup(group, nb)).toEqual({ ok: true, value: group });
        for (const { id, ...did } of nb.dids) expect(checkDid(did, nb, id)).toEqual({ ok: true, value: did });
        // Lines, queues, IVRs and time profiles (the whole seed, not only the legacy tenant's): each read back unchanged.
        const readsBack = <T extends { id: number; id_cliente: number }, F extends { id_cliente: number }>(kind: TenantKind<T, F>) => {
            for (const record of kind.records(nb)) {
                const verdict = kind.check(kind.writeForm(record), nb, { self: record.id });
                expect(verdict).toMatchObject({ ok: true });
                if (verdict.ok) expect(kind.build(record.id, verdict.value, record)).toEqual(record);
            }
        };
        readsBack(LINES);
        readsBack(QUEUES);
        readsBack(IVRS);
        readsBack(TIME_PROFILES);
        for (const { url, pin } of state.directcall.callbacks) expect(checkCallback(url, pin)).toEqual({ url, pin });
        const ids = (records: { id: number }[]) => records.map((record) => record.id);
        expect(new Set(ids(nb.dids)).size).toBe(nb.dids.length);
        expect(nb.nextId.ringGroup).toBeGreaterThan(Math.max(...ids(nb.ringGroups)));
        expect(nb.nextId.did).toBeGreaterThan(Math.max(...ids(nb.dids)));
        for (const [counter, records] of [
            ["line", nb.lines],
            ["queue", nb.queues],
            ["ivr", nb.ivrs],
            ["timeProfile", nb.timeProfiles],
        ] as const) {
            expect(nb.nextId[counter]).toBeGreaterThan(Math.max(...ids(records)));
        }
        expect(nb.nextId).toEqual({ ringGroup: 5, did: 17, line: 54, queue: 22, ivr: 10, timeProfile: 5 });
    });
});

describe("POST /_admin/nextbilling/dids/bulk", () => {
    const bulk = (body: unknown) => request(`${sandbox.url}/_admin/nextbilling/dids/bulk`, { method: "POST", json: body });
    const largeAccount: BulkDidRequest = {
        customerId: 31,
        count: 1000,
        firstNumber: "1150000000",
        routing: { did_type: 5, did_type_id: 20 },
    };

    it("creates 1,000 DIDs with consecutive numbers in well under a second, not logged and not counted as writes", async () => {
        const started = performance.now();
        const answer = await bulk(largeAccount);
        const elapsed = performance.now() - started;
        expect(answer.status).toBe(201);
        expect(answer.json).toEqual({ created: 1000, firstId: 17, lastId: 1016 });
        expect(elapsed).toBeLessThan(500);

        const created = sandbox.store.state.nextbilling.dids.filter((did) => did.id >= 17);
        expect(created).toHaveLength(1000);
        created.forEach((did, index) => {
            const number = String(1150000000 + index);
            expect(did).toMatchObject({ id: 17 + index, customer_id: 31, did_number: number, description: `DID ${number}` });
            expect(did).toMatchObject({ did_type: 5, did_type_id: 20, device_id: null, status: 1 });
        });
        expect(created[999]!.did_number).toBe("1150000999");
        expect(sandbox.store.state.nextbilling.nextId.did).toBe(1017);

        const listed = await legacyDids();
        expect(listed).toHaveLength(1004);
        expect(listed[4]).toMatchObject({
            id: "17",
            did_number: "1150000000",
            description: "DID 1150000000",
            did_type: "5",
            did_type_id: "20",
        });
        expect(await admin.requests()).toMatchObject({ writes: 0 });
        expect((await admin.requests()).requests.map((logged) => logged.path)).toEqual([
            expect.stringMatching(/^\/api\/manageDID\//), // the listing above; the bulk call itself is not there
        ]);
        // The ids carry on, and a vendor create after the bulk is an ordinary one.
        const next = await request(apiUrl(sandbox.url, "manageDID"), {
            method: "PUT",
            json: { customer_id: 31, did_number: "1150001000" },
        });
        expect(next.json.new_record).toBe(1017);
    });

    it("saves the state once, so 1,000 DIDs with a state file are just as fast, and survive a restart", async () => {
        const dir = mkdtempSync(join(tmpdir(), "telephony-bulk-"));
        try {
            const file = join(dir, "state.json");
            const first = await startSandbox({ stateFile: file });
            const started = performance.now();
            expect(await new SandboxAdmin(first.url).dids.bulk(largeAccount)).toEqual({ created: 1000, firstId: 17, lastId: 1016 });
            expect(performance.now() - started).toBeLessThan(500);
            await first.close();
            expect(JSON.parse(readFileSync(file, "utf8")).nextbilling.dids).toHaveLength(1006);
            const second = await startSandbox({ stateFile: file });
            try {
                expect((await request(apiUrl(second.url, "manageDID", 1016))).json.data[0]).toMatchObject({ did_number: "1150000999" });
            } finally {
                await second.close();
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it("keeps the length of the first number, leading zeros included, and takes any routing the vendor takes", async () => {
        const client = new SandboxAdmin(sandbox.url);
        expect(
            await client.dids.bulk({ customerId: 31, count: 3, firstNumber: "0800000998", routing: { did_type: 1, device_id: 53 } }),
        ).toEqual({
            created: 3,
            firstId: 17,
            lastId: 19,
        });
        expect(await client.dids.bulk({ customerId: 0, count: 2, firstNumber: "1150000000" })).toEqual({
            created: 2,
            firstId: 20,
            lastId: 21,
        });
        const dids = (await client.state()).nextbilling.dids.filter((did) => did.id >= 17);
        expect(dids.map((did) => [did.did_number, did.description, did.customer_id, did.did_type, did.device_id])).toEqual([
            ["0800000998", "DID 0800000998", 31, 1, 53],
            ["0800000999", "DID 0800000999", 31, 1, 53],
            ["0800001000", "DID 0800001000", 31, 1, 53],
            ["1150000000", "DID 1150000000", 0, null, null],
            ["1150000001", "DID 1150000001", 0, null, null],
        ]);
    });

    it.each<[string, Record<string, unknown>, string | RegExp]>([
        ["an unknown customer", { customerId: 99 }, "Cliente não encontrado: 99"],
        ["a queue of another customer", { routing: { did_type: 5, did_type_id: 12 } }, "Fila 12 não pertence ao cliente 31"],
        ["a queue that does not exist", { routing: { did_type: 5, did_type_id: 99 } }, "Fila 99 não pertence ao cliente 31"],
        ["an IVR of another customer", { routing: { did_type: 6, did_type_id: 7 } }, "URA 7 não pertence ao cliente 31"],
        ["a line of another customer", { routing: { did_type: 1, device_id: 1 } }, "Linha 1 não pertence ao cliente 31"],
        ["a queue routing without its queue", { routing: { did_type: 5 } }, /did_type_id/],
        [
            "a did_type the vendor does not know",
            { routing: { did_type: 7, did_type_id: 20 } },
            "Tipo de DID inválido: 7 (use 0, 1, 4, 5, 6, 8, 9 ou 10)",
        ],
        ["a taken number inside the range", { firstNumber: "1140001990", count: 20 }, "DID já cadastrado: 1140002000"],
        ["a range that needs another digit", { firstNumber: "9999999999", count: 2 }, "2 numbers from 9999999999 do not fit in 10 digits"],
        ["a first number with other than digits", { firstNumber: "11-5000" }, /^firstNumber must be/],
        ["a first number given as a number", { firstNumber: 1150000000 }, "firstNumber must be a string"],
        ["a count of 0", { count: 0 }, /^count must be a number from 1 to/],
        ["a fractional count", { count: 1.5 }, "count must be an integer"],
        ["a count beyond the limit", { count: 100_001 }, /^count must be a number from 1 to 100000/],
        ["a customerId given as text", { customerId: "31" }, /^customerId must be a number/],
        ["an unknown field", { description: "x" }, /^unknown bulk DID field\(s\): description;/],
        [
            "a routing field that is not routing",
            { routing: { did_type: 5, did_type_id: 20, password: "x" } },
            /^unknown bulk DID routing field\(s\): password;/,
        ],
        ["a routing that is not an object", { routing: [5, 20] }, "routing must be an object"],
    ])("refuses %s with 400, naming it, and creates nothing", async (_case, change, reason) => {
        const answer = await bulk({ ...largeAccount, ...change });
        expect(answer.status).toBe(400);
        expect(answer.json.error).toEqual(typeof reason === "string" ? reason : expect.stringMatching(reason));
        expect(sandbox.store.state.nextbilling.dids).toHaveLength(6);
        expect(sandbox.store.state.nextbilling.nextId.did).toBe(17);
    });

    it("refuses a missing field, other HTTP methods, and leaves the DID record routes alone", async () => {
        const { firstNumber: _firstNumber, ...withoutNumber } = largeAccount;
        expect((await bulk(withoutNumber)).json.error).toBe("firstNumber must be a string");
        const patch = await request(`${sandbox.url}/_admin/nextbilling/dids/bulk`, { method: "PATCH", json: {} });
        expect(patch.status).toBe(405);
        await expect(admin.dids.bulk({ ...largeAccount, customerId: 99 })).rejects.toThrow(
            "emulator admin POST /_admin/nextbilling/dids/bulk: HTTP 400: Cliente não encontrado: 99",
        );
        expect(await admin.dids.patch(14, { max_calls: 20 })).toMatchObject({ id: 14, max_calls: 20 });
        expect(await admin.dids.remove(16)).toMatchObject({ id: 16, did_number: "1140004000" });
    });
});
