import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { exampleGroup, KEY, request, ringGroupsUrl, TOKEN } from "../support/http";

let sandbox: Sandbox;

beforeAll(async () => {
    sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => request(`${sandbox.url}/_admin/reset`, { method: "POST" }));

const admin = (path: string, init: Parameters<typeof request>[1] = {}) => request(`${sandbox.url}/_admin${path}`, init);
const setFaults = async (plan: unknown) => expect((await admin("/faults", { method: "PUT", json: plan })).status).toBe(200);
const create = (body: unknown = exampleGroup()) => request(ringGroupsUrl(sandbox.url), { method: "PUT", json: body });
const list = async (scope: string | number = 0) => (await request(ringGroupsUrl(sandbox.url, scope))).json;
const requestLog = async () => (await admin("/requests")).json;
/** Ring groups other than the legacy tenant's (customer 31, seeded as 1-4): the API's first group is 5. */
const ourGroups = () => sandbox.store.state.nextbilling.ringGroups.filter((group) => group.id_cliente !== 31);

describe("state and reset", () => {
    it("GET /_admin/state answers the whole versioned state with the seeded demo tenant", async () => {
        const { status, json } = await admin("/state");
        expect(status).toBe(200);
        expect(json.version).toBe(1);
        expect(json.nextbilling.customers.map((c: { id: number }) => c.id)).toEqual([9, 13, 21, 31, 45]); // 45 "Varejo Novo": no records
        const linesOf = (customer: number) =>
            json.nextbilling.lines.filter((l: { id_cliente: number }) => l.id_cliente === customer).map((l: { id: number }) => l.id);
        expect(linesOf(9)).toEqual(expect.arrayContaining([1, 4, 19, 23, 5, 6]));
        expect(linesOf(13)).toEqual([30, 31, 32]);
        expect(linesOf(21)).toEqual([40, 41]);
        expect(linesOf(31)).toEqual([50, 51, 52, 53]);
        expect(json.nextbilling.ringGroups.map((g: { id: number; id_cliente: number }) => [g.id, g.id_cliente])).toEqual([
            [1, 31],
            [2, 31],
            [3, 31],
            [4, 31],
        ]);
    });

    it("POST /_admin/reset restores the seed and clears faults and the request log", async () => {
        await create();
        await setFaults({ latencyMs: 5, failNext: [{ status: 503 }] });
        expect((await admin("/reset", { method: "POST" })).json).toEqual({ ok: true });
        expect(sandbox.store.state.nextbilling.ringGroups.map((group) => group.id)).toEqual([1, 2, 3, 4]);
        expect(sandbox.store.state.nextbilling.nextId.ringGroup).toBe(5);
        expect((await admin("/faults")).json).toMatchObject({ latencyMs: 0, failNext: [] });
        expect(await requestLog()).toEqual({ requests: [], counts: {}, writes: 0, bytesSent: 0, peakInFlight: 0 });
    });

    it("answers 404 for an unknown admin route and 405 for a wrong method", async () => {
        expect((await admin("/nothing")).status).toBe(404);
        expect((await admin("/state", { method: "DELETE" })).status).toBe(405);
    });
});

describe("out-of-band edits (the vendor's web panel)", () => {
    it("creates, changes and deletes ring groups the vendor API then sees, without counting as vendor requests", async () => {
        const created = await admin("/nextbilling/ring-groups", { method: "POST", json: exampleGroup({ devices: ["1", 4] }) });
        expect(created.status).toBe(201);
        expect(created.json).toEqual({
            id: 5,
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "linear",
            devices: [1, 4],
            status: 1,
        });

        const patched = await admin("/nextbilling/ring-groups/5", { method: "PATCH", json: { strategy: "ringall", devices: [5] } });
        expect(patched.json).toEqual({ id: 5, id_cliente: 9, descricao: "Ramais Recepção", strategy: "ringall", devices: [5], status: 1 });
        expect((await list(9)).data[0]).toMatchObject({ strategy: "ringall", devices: ["5"] });

        await request(`${sandbox.url}/_admin/requests`, { method: "DELETE" });
        expect((await admin("/nextbilling/ring-groups/5", { method: "DELETE" })).json.id).toBe(5);
        expect(ourGroups()).toEqual([]);
        expect(await requestLog()).toEqual({ requests: [], counts: {}, writes: 0, bytesSent: 0, peakInFlight: 0 });
    });

    it("applies the vendor's rules and names what is wrong", async () => {
        const foreignLine = await admin("/nextbilling/ring-groups", { method: "POST", json: exampleGroup({ devices: [30] }) });
        expect(foreignLine.status).toBe(400);
        expect(foreignLine.json.error).toBe("Linha 30 não pertence ao cliente 9");
        expect((await admin("/nextbilling/ring-groups", { method: "POST", json: exampleGroup({ id: 5 }) })).status).toBe(400);
        expect((await admin("/nextbilling/ring-groups", { method: "POST", body: "{" })).status).toBe(400);
        expect((await admin("/nextbilling/ring-groups/7", { method: "PATCH", json: { status: 0 } })).status).toBe(404);
        expect((await admin("/nextbilling/ring-groups/7", { method: "DELETE" })).status).toBe(404);
    });
});

describe("fault injection on /api/", () => {
    it("delays every answer by latencyMs, never less", async () => {
        await setFaults({ latencyMs: 150 });
        const started = performance.now();
        expect((await request(ringGroupsUrl(sandbox.url))).status).toBe(200);
        expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    });

    it("takes latencyMs as a round trip: a write is applied halfway, its answer still in flight", async () => {
        await setFaults({ latencyMs: 1_000 });
        const started = performance.now();
        let answeredAt: number | undefined;
        const answer = create().then((reply) => ((answeredAt = performance.now()), reply));
        while (ourGroups().length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const appliedAt = performance.now();
        // Applied at the vendor, and the log still shows the request unanswered.
        expect(answeredAt).toBeUndefined();
        expect((await requestLog()).requests).toMatchObject([{ method: "PUT", status: null }]);
        expect((await answer).json).toEqual({ error: 0, reason: "OK", new_record: 5 });
        expect(appliedAt - started).toBeGreaterThanOrEqual(500);
        expect(appliedAt - started).toBeLessThan(1_000);
        expect(answeredAt! - started).toBeGreaterThanOrEqual(1_000);
        expect((await requestLog()).requests).toMatchObject([{ method: "PUT", status: 200 }]);
    });

    it("failNext answers the status without applying, only for matching requests, count times", async () => {
        await setFaults({ failNext: [{ status: 503, method: "put", pathIncludes: "manageRingGroups", count: 2 }] });
        expect((await request(ringGroupsUrl(sandbox.url))).status).toBe(200);
        expect((await create()).status).toBe(503);
        expect((await create()).status).toBe(503);
        expect(ourGroups()).toEqual([]);
        expect((await create()).json).toEqual({ error: 0, reason: "OK", new_record: 5 });
        expect((await admin("/faults")).json.failNext).toEqual([]);
    });

    it("failNext 429 sends Retry-After", async () => {
        await setFaults({ failNext: [{ status: 429, retryAfter: 1 }] });
        const answer = await request(ringGroupsUrl(sandbox.url));
        expect(answer.status).toBe(429);
        expect(answer.headers.get("retry-after")).toBe("1");
        expect(answer.json.error).toBe(1);
    });

    it("failNext can match on the query", async () => {
        await create();
        await setFaults({ failNext: [{ status: 500, pathIncludes: "id_record=5" }] });
        expect((await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" })).status).toBe(500);
        expect(ourGroups()).toHaveLength(1);
    });

    it("errorRate answers that fraction with 500, the same requests for the same seed", async () => {
        const outcomes = async () => {
            await setFaults({ errorRate: 0.5, errorSeed: 42 });
            const statuses: number[] = [];
            for (let i = 0; i < 40; i++) statuses.push((await request(ringGroupsUrl(sandbox.url))).status);
            return statuses;
        };
        const first = await outcomes();
        expect(new Set(first)).toEqual(new Set([200, 500]));
        const failures = first.filter((status) => status === 500).length;
        expect(failures).toBeGreaterThan(8);
        expect(failures).toBeLessThan(32);
        expect(await outcomes()).toEqual(first);

        await setFaults({ errorRate: 1 });
        expect((await create()).status).toBe(500);
        expect(ourGroups()).toEqual([]);
    });

    it("dropAnswerNext applies the request, then resets the connection instead of answering", async () => {
        await setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageRingGroups", count: 1 }] });
        const failure = await create().then(
            () => undefined,
            (error: Error & { cause?: { code?: string } }) => error,
        );
        expect(failure?.message).toBe("fetch failed"); // instanceof fails across Jest's realms
        expect(failure?.cause?.code).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
        expect(ourGroups()).toHaveLength(1);
        expect((await list(9)).records).toBe(1);

        const log = await requestLog();
        expect(log.writes).toBe(1);
        expect(log.requests[0]).toMatchObject({ method: "PUT", status: 200, fault: "dropAnswerNext" });
        expect((await create()).status).toBe(200);
    });

    it("hangNext never answers and never applies, so client timeouts can be tested", async () => {
        await setFaults({ hangNext: [{ method: "PUT" }] });
        const failure = await request(ringGroupsUrl(sandbox.url), {
            method: "PUT",
            json: exampleGroup(),
            signal: AbortSignal.timeout(200),
        }).then(
            () => undefined,
            (error: Error) => error,
        );
        expect(failure?.name).toBe("TimeoutError");
        expect(ourGroups()).toEqual([]);
        expect((await create()).status).toBe(200);
    });

    it("DELETE /_admin/faults clears the plan; a bad plan is refused with 400", async () => {
        await setFaults({ errorRate: 1 });
        await admin("/faults", { method: "DELETE" });
        expect((await request(ringGroupsUrl(sandbox.url))).status).toBe(200);
        for (const plan of [
            { errorRate: 2 },
            { failNext: [{ status: 200 }] },
            { failNext: {} },
            { hangNext: [{ count: 0 }] },
            { slow: true },
        ]) {
            expect((await admin("/faults", { method: "PUT", json: plan })).status).toBe(400);
        }
    });

    it("never touches /_admin/", async () => {
        await setFaults({ errorRate: 1, failNext: [{ status: 503 }] });
        expect((await admin("/state")).status).toBe(200);
    });
});

describe("close()", () => {
    it("ends promptly with a hung request open", async () => {
        const own = await startSandbox();
        await request(`${own.url}/_admin/faults`, { method: "PUT", json: { hangNext: [{}] } });
        const hung = request(ringGroupsUrl(own.url)).then(
            () => "answered",
            () => "reset",
        );
        await new Promise((resolve) => setTimeout(resolve, 50));
        const started = Date.now();
        await own.close();
        expect(Date.now() - started).toBeLessThan(500);
        expect(await hung).toBe("reset");
    });
});

describe("request log", () => {
    it("records method, redacted path, query, body and status, and counts calls and accepted writes", async () => {
        await create();
        await create(exampleGroup({ id_cliente: 404 })); // refused: not a write
        await request(ringGroupsUrl(sandbox.url, 9));
        await request(ringGroupsUrl(sandbox.url, 9));
        await request(ringGroupsUrl(sandbox.url, 0, "?id_record=5"), { method: "DELETE" });
        await admin("/state"); // admin calls are not vendor requests

        const log = await requestLog();
        expect(log.requests).toHaveLength(5);
        expect(log.requests[0]).toEqual({
            method: "PUT",
            path: "/api/manageRingGroups/{token}/{key}/0",
            query: {},
            body: exampleGroup(),
            status: 200,
            at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        });
        expect(log.requests[4]).toMatchObject({ method: "DELETE", query: { id_record: "5" }, body: null, status: 200 });
        expect(log.counts).toEqual({
            "PUT /api/manageRingGroups/{token}/{key}/0": 2,
            "GET /api/manageRingGroups/{token}/{key}/9": 2,
            "DELETE /api/manageRingGroups/{token}/{key}/0": 1,
        });
        expect(log.writes).toBe(2);

        expect((await admin("/requests", { method: "DELETE" })).json).toEqual({
            requests: [],
            counts: {},
            writes: 0,
            bytesSent: 0,
            peakInFlight: 0,
        });
    });

    it("never shows the token or key, wherever a client puts them, nor a wrong one in their place", async () => {
        await request(ringGroupsUrl(sandbox.url, 0, `?t=${TOKEN}&k=${KEY}`));
        await create(exampleGroup({ descricao: `${TOKEN} ${KEY}` }));
        await request(ringGroupsUrl(sandbox.url, 0, "", { token: "wrong-token", key: "wrong-key" }));
        const text = (await admin("/requests")).text;
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(KEY);
        expect(text).not.toContain("wrong-token");
        const log = JSON.parse(text);
        expect(log.requests[0].query).toEqual({ t: "{token}", k: "{key}" });
        expect(log.requests[2]).toMatchObject({ path: "/api/manageRingGroups/{token}/{key}/0", status: 403 });
    });
});

describe("SandboxAdmin", () => {
    it("drives the admin API and reports a refused call with its status and text", async () => {
        const sandbox = await startSandbox({ port: 0 });
        try {
            const admin = new SandboxAdmin(sandbox.url);
            const group = await admin.ringGroups.create({
                id_cliente: 9,
                descricao: "Teste",
                strategy: "ringall",
                devices: [1],
                status: 1,
            });
            expect((await admin.ringGroups.patch(group.id, { status: 0 })).status).toBe(0);
            expect((await admin.state()).nextbilling.ringGroups.filter((g) => g.id_cliente === 9)).toEqual([{ ...group, status: 0 }]);
            await expect(admin.ringGroups.patch(group.id, { devices: [30] })).rejects.toThrow(
                "HTTP 400: Linha 30 não pertence ao cliente 9",
            );
            await admin.ringGroups.remove(group.id);
            await expect(admin.ringGroups.remove(group.id)).rejects.toThrow(/DELETE \/_admin\/nextbilling\/ring-groups\/\d+: HTTP 404/);
        } finally {
            await sandbox.close();
        }
    });
});
