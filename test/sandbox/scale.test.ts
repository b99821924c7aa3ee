/**
 * What the benchmark needs of the emulator: large accounts of ring groups and callbacks made in
 * one step (`/bulk`), a server that refuses load (`tooManyAtOnce`), the bytes it sent and the most
 * requests it held at once, and a store that does not copy ten thousand records per write.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { Store } from "../../sandbox/store";
import { exampleGroup, request, ringGroupsUrl } from "../support/http";

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const adminCall = (path: string, body: unknown) => request(`${sandbox.url}/_admin${path}`, { method: "POST", json: body });

async function directcallToken(): Promise<string> {
    const answer = await request(`${sandbox.url}/request_token`, {
        method: "POST",
        body: new URLSearchParams({ ...DIRECTCALL_DEMO_CREDENTIALS, format: "JSON" }),
    });
    return answer.json.access_token;
}

describe("POST /_admin/nextbilling/ring-groups/bulk", () => {
    it("makes `count` groups of one customer with numbered descriptions, listed by the vendor API, neither logged nor writes", async () => {
        const result = await admin.ringGroups.bulk({
            customerId: 9,
            count: 2000,
            description: "Painel",
            strategy: "linear",
            devices: [1, 4],
        });
        expect(result).toEqual({ created: 2000, first: 5, last: 2004 });
        const listed = (await request(ringGroupsUrl(sandbox.url, 9))).json.data;
        expect(listed).toHaveLength(2000);
        expect(listed[0]).toEqual({
            id: "5",
            id_cliente: "9",
            descricao: "Painel 1",
            strategy: "linear",
            devices: ["1", "4"],
            status: "1",
        });
        expect(listed[1999]).toMatchObject({ id: "2004", descricao: "Painel 2000" });
        const log = await admin.requests();
        expect(log.writes).toBe(0);
        expect(log.requests.map((logged) => logged.method)).toEqual(["GET"]);
        // Ids carry on: the next vendor create is an ordinary one.
        expect((await request(ringGroupsUrl(sandbox.url), { method: "PUT", json: exampleGroup() })).json.new_record).toBe(2005);
    });

    it('defaults to ringall, enabled, described "Grupo N"', async () => {
        await admin.ringGroups.bulk({ customerId: 13, count: 2, devices: [30] });
        expect(sandbox.store.state.nextbilling.ringGroups.filter((group) => group.id_cliente === 13)).toEqual([
            { id: 5, id_cliente: 13, descricao: "Grupo 1", strategy: "ringall", devices: [30], status: 1 },
            { id: 6, id_cliente: 13, descricao: "Grupo 2", strategy: "ringall", devices: [30], status: 1 },
        ]);
    });

    it.each([
        ["a customer that does not exist", { customerId: 99, count: 1, devices: [1] }, "Cliente não encontrado: 99"],
        ["a line of another customer", { customerId: 9, count: 1, devices: [30] }, "Linha 30 não pertence ao cliente 9"],
        ["no count", { customerId: 9, devices: [1] }, "count must be a number from 1 to 100000"],
        ["an unknown field", { customerId: 9, count: 1, devices: [1], descricao: "x" }, "unknown bulk ring group field(s): descricao"],
    ])("refuses %s with the vendor's rules, making nothing", async (_case, body, reason) => {
        const answer = await adminCall("/nextbilling/ring-groups/bulk", body);
        expect(answer.status).toBe(400);
        expect(answer.json.error).toContain(reason);
        expect(sandbox.store.state.nextbilling.ringGroups).toHaveLength(4);
    });
});

describe("POST /_admin/directcall/callbacks/bulk", () => {
    it("registers `count` numbered URLs for the demo account, listed by list-callback", async () => {
        const result = await admin.directcall.callbacks.bulk({ count: 500, url: "https://painel.example.com.br/hooks/", pin: "42" });
        expect(result).toMatchObject({ created: 500 });
        const callbacks = await admin.directcall.callbacks.list();
        expect(callbacks).toHaveLength(503);
        expect(callbacks[3]).toEqual({
            code: result.first,
            clientId: DIRECTCALL_DEMO_CREDENTIALS.client_id,
            url: "https://painel.example.com.br/hooks/1",
            pin: "42",
        });
        expect(callbacks[502]).toMatchObject({ code: result.last, url: "https://painel.example.com.br/hooks/500" });
        const token = await directcallToken();
        const listed = await request(`${sandbox.url}/voz/list-callback`, {
            method: "POST",
            body: new URLSearchParams({ access_token: token, format: "JSON" }),
        });
        expect(listed.json.total).toBe(503);
    });

    it.each([
        ["a URL that is not one", { count: 2, url: "not a url/" }, "url"],
        ["a PIN that is not digits", { count: 2, url: "https://x.example/", pin: "12a" }, "pin"],
    ])("refuses %s, naming the parameter, registering nothing", async (_case, body, parameter) => {
        const answer = await adminCall("/directcall/callbacks/bulk", body);
        expect(answer.status).toBe(400);
        expect(answer.json.error).toContain(parameter);
        expect(await admin.directcall.callbacks.list()).toHaveLength(3);
    });
});

describe("the tooManyAtOnce fault", () => {
    it("answers 429, vendor-shaped, with Retry-After, to what arrives while `above` requests are in flight; applies nothing", async () => {
        await admin.setFaults({ latencyMs: 60, tooManyAtOnce: { above: 2, retryAfter: 3 } });
        const answers = await Promise.all(
            Array.from({ length: 5 }, () => request(ringGroupsUrl(sandbox.url), { method: "PUT", json: exampleGroup() })),
        );
        const statuses = answers.map((answer) => answer.status).sort();
        expect(statuses).toEqual([200, 200, 429, 429, 429]);
        const refused = answers.find((answer) => answer.status === 429)!;
        expect(refused.headers.get("retry-after")).toBe("3");
        expect(refused.json).toEqual({ error: 1, reason: "Muitas requisições, tente novamente mais tarde" });
        expect(sandbox.store.state.nextbilling.ringGroups).toHaveLength(6);
        const log = await admin.requests();
        expect(log.writes).toBe(2);
        expect(log.requests.filter((logged) => logged.fault === "tooManyAtOnce")).toHaveLength(3);
        // One at a time, nothing is refused.
        for (let i = 0; i < 3; i++) expect((await request(ringGroupsUrl(sandbox.url, 9))).status).toBe(200);
    });

    it.each([
        [{ above: 0 }, "tooManyAtOnce.above must be a number from 1 to 1000000"],
        [{ above: 2, wait: 1 }, "tooManyAtOnce: unknown field(s) wait"],
        [[2], "tooManyAtOnce must be an object or null"],
    ])("refuses %j", async (tooManyAtOnce, reason) => {
        const answer = await request(`${sandbox.url}/_admin/faults`, { method: "PUT", json: { tooManyAtOnce } });
        expect(answer.status).toBe(400);
        expect(answer.json.error).toContain(reason);
    });

    it("holds any number of requests in the latency fault without a listener-leak warning", () => {
        // Node prints the warning on the real process's stderr, which a test's own `process` does not see: a child's is read instead.
        const script = `
            const { startSandbox, SandboxAdmin } = require(${JSON.stringify(join(__dirname, "..", "..", "dist", "sandbox", "index.js"))});
            (async () => {
                const sandbox = await startSandbox();
                await new SandboxAdmin(sandbox.url).setFaults({ latencyMs: 30 });
                await Promise.all(Array.from({ length: 24 }, () => fetch(sandbox.url + "/api/manageRingGroups/t/k/9").then((answer) => answer.text())));
                await sandbox.close();
            })();
        `;
        const child = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
        expect(child.status).toBe(0);
        expect(child.stderr).not.toContain("MaxListenersExceededWarning");
    });

    it("is off by default and after a reset", async () => {
        expect(await (await fetch(`${sandbox.url}/_admin/faults`)).json()).toMatchObject({ tooManyAtOnce: null });
    });
});

describe("the request log's totals", () => {
    it("counts the bytes of the vendor answers and the most requests in flight at once", async () => {
        await admin.setFaults({ latencyMs: 40 });
        const answers = await Promise.all(Array.from({ length: 3 }, (_, i) => request(ringGroupsUrl(sandbox.url, [9, 13, 31][i]))));
        const log = await admin.requests();
        expect(log.bytesSent).toBe(answers.reduce((sum, answer) => sum + Buffer.byteLength(answer.text), 0));
        expect(log.peakInFlight).toBe(3);
        await admin.clearRequests();
        expect(await admin.requests()).toMatchObject({ bytesSent: 0, peakInFlight: 0 });
    });
});

describe("Store", () => {
    it("does not copy records on a write: the records not written to are the same objects", () => {
        const store = Store.open();
        store.update((draft) =>
            draft.nextbilling.customers.push({ id: 1, nome_fantasia: "A", status: 1 }, { id: 2, nome_fantasia: "B", status: 1 }),
        );
        const before = store.state.nextbilling.customers;
        store.update((draft) => (draft.nextbilling.customers[1] = { ...draft.nextbilling.customers[1]!, status: 0 }));
        const after = store.state.nextbilling.customers;
        expect(after).not.toBe(before);
        expect(after[0]).toBe(before[0]);
        expect(after[1]).toEqual({ id: 2, nome_fantasia: "B", status: 0 });
        expect(before[1]).toEqual({ id: 2, nome_fantasia: "B", status: 1 });
    });

    it("refuses a change that edits a live record in place, leaving the state as it was", () => {
        const store = Store.open();
        store.update((draft) => draft.nextbilling.customers.push({ id: 1, nome_fantasia: "A", status: 1 }));
        expect(() =>
            store.update((draft) => {
                draft.nextbilling.nextId.ringGroup = 50;
                draft.nextbilling.customers[0]!.status = 0;
            }),
        ).toThrow(TypeError);
        expect(store.state.nextbilling.customers[0]!.status).toBe(1);
        expect(store.state.nextbilling.nextId.ringGroup).toBe(1);
    });

    it("keeps the live state frozen, so nothing changes it behind the store's back", () => {
        const store = Store.open();
        expect(() =>
            store.state.nextbilling.ringGroups.push({ id: 1, id_cliente: 9, descricao: "x", strategy: "ringall", devices: [1], status: 1 }),
        ).toThrow(TypeError);
        expect(store.state.nextbilling.ringGroups).toEqual([]);
    });
});

describe("writes that replace a record rather than edit it", () => {
    it("statusCustomer and expire-tokens still change what they change", async () => {
        const url = `${sandbox.url}/api/statusCustomer/${"7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990"}/${"b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629"}`;
        expect((await request(url, { method: "POST", json: { id: 13, status: 0 } })).json).toMatchObject({ old_status: 1, new_status: 0 });
        expect(sandbox.store.state.nextbilling.customers.find((customer) => customer.id === 13)!.status).toBe(0);
        await directcallToken();
        expect(await admin.directcall.expireTokens()).toBe(1);
        expect(await admin.directcall.expireTokens()).toBe(0);
    });
});
