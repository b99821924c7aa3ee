import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ERIX_TEXTS, SandboxAdmin, seedErix, startSandbox, type Sandbox } from "../../sandbox";
import { request, type Answer } from "../support/http";

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

type Params = Record<string, string>;

/** The wiki's GET form: everything in the query string. */
const get = (params: Params, base = sandbox.url): Promise<Answer> => request(`${base}/api/agent.php?${new URLSearchParams(params)}`);

/** The wiki's POST form: everything form-encoded in the body, optionally some in the query too. */
const post = (params: Params, query: Params = {}, base = sandbox.url): Promise<Answer> => {
    const search = new URLSearchParams(query).toString();
    return request(`${base}/api/agent.php${search ? `?${search}` : ""}`, { method: "POST", body: new URLSearchParams(params) });
};

const login = (agent = "maria", exten = "2001", queue = "vendas", base = sandbox.url) =>
    get({ agent, command: "login", exten, queue }, base);

const BOTH = [
    ["GET", get],
    ["POST", (params: Params) => post(params)],
] as const;

describe.each(BOTH)("/api/agent.php over %s", (_method, send) => {
    it("answers every command with the vendor's success text", async () => {
        const answers = [
            await send({ agent: "maria", command: "login", exten: "2001", queue: "vendas" }),
            await send({ agent: "maria", command: "pause", reason: "almoco" }),
            await send({ agent: "maria", command: "unpause" }),
            await send({ agent: "maria", command: "logoff" }),
        ];
        expect(answers.map((answer) => [answer.status, answer.json])).toEqual([
            [200, { success: "Login OK" }],
            [200, { success: "Pause OK" }],
            [200, { success: "Unpause OK" }],
            [200, { success: "Logoff OK" }],
        ]);
        expect(answers[0]!.headers.get("content-type")).toMatch(/^application\/json/);
        expect(await admin.erix.sessions()).toEqual([]);
    });

    it.each([
        [{ command: "logoff" }, 400, "Agent not specified"],
        [{ agent: "", command: "logoff" }, 400, "Agent not specified"],
        [{ agent: "maria" }, 400, "Command not specified"],
        [{}, 400, "Agent not specified"],
        [{ agent: "maria", command: "login", queue: "vendas" }, 400, "Argument list invalid"],
        [{ agent: "maria", command: "login", exten: "2001" }, 400, "Argument list invalid"],
        [{ agent: "maria", command: "status" }, 200, "Argument list invalid"],
        [{ agent: "nobody", command: "login", exten: "2001", queue: "vendas" }, 200, "Agent not exists"],
        [{ agent: "nobody", command: "logoff" }, 200, "Agent not exists"],
        [{ agent: "maria", command: "login", exten: "9999", queue: "vendas" }, 200, "Exten not exists"],
        [{ agent: "maria", command: "login", exten: "3001", queue: "vendas" }, 200, "Exten Call Center false"],
        [{ agent: "maria", command: "login", exten: "2001", queue: "nenhuma" }, 200, "Queue not exists"],
        [{ agent: "maria", command: "login", exten: "2001", queue: "recepcao" }, 200, "Queue Call Center false"],
        // Login checks in the documented order: extension before queue, existence before Call Center.
        [{ agent: "maria", command: "login", exten: "9999", queue: "nenhuma" }, 200, "Exten not exists"],
        [{ agent: "maria", command: "login", exten: "3001", queue: "nenhuma" }, 200, "Exten Call Center false"],
        [{ agent: "nobody", command: "login", exten: "9999", queue: "nenhuma" }, 200, "Agent not exists"],
        [{ agent: "maria", command: "logoff" }, 200, "Agent not logged"],
        [{ agent: "maria", command: "pause" }, 200, "Agent not logged"],
        [{ agent: "maria", command: "unpause" }, 200, "Agent not logged"],
    ])("answers %j with HTTP %i and %j", async (params, status, error) => {
        const answer = await send(params);
        expect([answer.status, answer.json]).toEqual([status, { error }]);
        expect(await admin.erix.sessions()).toEqual([]);
        expect((await admin.requests()).writes).toBe(0);
    });

    it("refuses to pause a paused agent and to unpause an available one", async () => {
        await send({ agent: "joao", command: "login", exten: "2002", queue: "suporte" });
        expect((await send({ agent: "joao", command: "unpause" })).json).toEqual({ error: "Agent alredy available" });
        await send({ agent: "joao", command: "pause", reason: "cafe" });
        const again = await send({ agent: "joao", command: "pause", reason: "outro" });
        expect([again.status, again.json]).toEqual([200, { error: "Agent alredy paused" }]);
        expect((await admin.erix.sessions())[0]).toMatchObject({ paused: true, reason: "cafe" }); // the refused pause changed nothing
    });
});

describe("parameters", () => {
    it("reads a POST's query string too, the form winning where both carry a field", async () => {
        expect((await post({ command: "login", exten: "2001", queue: "vendas" }, { agent: "ana" })).json).toEqual({ success: "Login OK" });
        expect((await post({ exten: "2002" }, { agent: "pedro", command: "login", exten: "9999", queue: "suporte" })).json).toEqual({
            success: "Login OK",
        });
        expect((await admin.erix.sessions()).map(({ agent, exten }) => [agent, exten])).toEqual([
            ["ana", "2001"],
            ["pedro", "2002"],
        ]);
    });

    it("does not read a body that is not a form, and refuses methods other than GET and POST", async () => {
        const json = await request(`${sandbox.url}/api/agent.php`, {
            method: "POST",
            json: { agent: "maria", command: "login", exten: "2001", queue: "vendas" },
        });
        expect([json.status, json.json]).toEqual([400, { error: "Agent not specified" }]);
        const put = await request(`${sandbox.url}/api/agent.php?agent=maria&command=logoff`, { method: "PUT" });
        expect([put.status, put.json, put.headers.get("allow")]).toEqual([405, { error: "Method Not Allowed" }, "GET, POST"]);
    });

    it("treats commands case-sensitively: only the four documented names", async () => {
        expect((await get({ agent: "maria", command: "LOGIN", exten: "2001", queue: "vendas" })).json).toEqual({
            error: "Argument list invalid",
        });
    });
});

describe("answerFormat text", () => {
    it("answers the bare message as text/plain, statuses unchanged", async () => {
        expect(await admin.erix.setAnswerFormat("text")).toEqual({ answerFormat: "text" });
        const ok = await login();
        expect([ok.status, ok.text]).toEqual([200, "Login OK"]);
        expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
        const refused = await get({ agent: "maria", command: "unpause" });
        expect([refused.status, refused.text]).toEqual([200, "Agent alredy available"]);
        const missing = await get({ agent: "maria" });
        expect([missing.status, missing.text]).toEqual([400, "Command not specified"]);
        expect(await admin.erix.settings()).toEqual({ answerFormat: "text" });
        await admin.reset();
        expect(await admin.erix.settings()).toEqual({ answerFormat: "json" });
        expect((await get({ agent: "maria", command: "logoff" })).json).toEqual({ error: "Agent not logged" });
    });

    it("refuses an unknown format or setting", async () => {
        await expect(admin.erix.setAnswerFormat("xml" as "json")).rejects.toThrow(/HTTP 400: answerFormat must be one of json, text/);
        const other = await request(`${sandbox.url}/_admin/erix/settings`, { method: "PUT", json: { format: "text" } });
        expect(other.status).toBe(400);
    });
});

describe("sessions", () => {
    it("records login, pause with its reason, unpause and logoff", async () => {
        const before = Date.now();
        await login("maria", "2001", "vendas");
        const [session] = await admin.erix.sessions();
        expect(session).toEqual({
            agent: "maria",
            name: "Maria Souza",
            exten: "2001",
            queue: "vendas",
            paused: false,
            reason: "",
            since: expect.any(String),
        });
        expect(Date.parse(session!.since)).toBeGreaterThanOrEqual(before - 1000);

        await get({ agent: "maria", command: "pause", reason: "Almoço" });
        expect((await admin.erix.sessions())[0]).toMatchObject({ paused: true, reason: "Almoço", since: session!.since });
        await get({ agent: "maria", command: "unpause" });
        expect((await admin.erix.sessions())[0]).toMatchObject({ paused: false, reason: "" });
        await get({ agent: "maria", command: "pause" });
        expect((await admin.erix.sessions())[0]).toMatchObject({ paused: true, reason: "" }); // reason is optional
        await get({ agent: "maria", command: "logoff" });
        expect(await admin.erix.sessions()).toEqual([]);
    });

    it("moves an agent who logs in again: one session, available, at the new extension and queue", async () => {
        await login("joao", "2001", "vendas");
        await get({ agent: "joao", command: "pause", reason: "cafe" });
        expect((await login("joao", "2003", "suporte")).json).toEqual({ success: "Login OK" });
        expect(await admin.erix.sessions()).toEqual([
            expect.objectContaining({ agent: "joao", exten: "2003", queue: "suporte", paused: false, reason: "" }),
        ]);
    });

    it("keeps a failed re-login from touching the current session", async () => {
        await login("ana", "2002", "suporte");
        expect((await login("ana", "2002", "recepcao")).json).toEqual({ error: "Queue Call Center false" });
        expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "ana", exten: "2002", queue: "suporte" })]);
    });

    it("lets several agents be logged in at once, listed in login order with their names", async () => {
        await login("pedro", "2001", "vendas");
        await login("joao", "2002", "suporte");
        expect((await admin.erix.sessions()).map(({ agent, name }) => [agent, name])).toEqual([
            ["pedro", "Pedro Alves"],
            ["joao", "João Lima"],
        ]);
    });
});

describe("admin", () => {
    it("logs an agent off out of band, which the agent then sees as not logged", async () => {
        await login("maria", "2001", "vendas");
        await login("ana", "2002", "suporte");
        await admin.clearRequests();
        expect(await admin.erix.logoff("maria")).toMatchObject({ agent: "maria", name: "Maria Souza", exten: "2001" });
        expect((await admin.erix.sessions()).map((session) => session.agent)).toEqual(["ana"]);
        expect((await get({ agent: "maria", command: "pause" })).json).toEqual({ error: "Agent not logged" });
        const log = await admin.requests();
        expect([log.requests.length, log.writes]).toEqual([1, 0]); // the supervisor's logoff is not a vendor request
    });

    it("answers 404 for an agent who is not logged in", async () => {
        await expect(admin.erix.logoff("maria")).rejects.toThrow(/HTTP 404: Erix agent maria is not logged in/);
        await expect(admin.erix.logoff("nobody")).rejects.toThrow(/HTTP 404/);
        const wrongMethod = await request(`${sandbox.url}/_admin/erix/sessions/maria/logoff`, { method: "GET" });
        expect(wrongMethod.status).toBe(405);
    });

    it("reset restores the seed: the directory and nobody logged in", async () => {
        await login();
        await admin.reset();
        expect(await admin.erix.sessions()).toEqual([]);
        const { erix } = await admin.state();
        expect(erix.agents.map((agent) => agent.login)).toEqual(["maria", "joao", "ana", "pedro"]);
        expect(erix.extensions).toEqual([
            { exten: "2001", callCenter: true },
            { exten: "2002", callCenter: true },
            { exten: "2003", callCenter: true },
            { exten: "3001", callCenter: false },
        ]);
        expect(erix.queues).toEqual([
            { name: "vendas", callCenter: true },
            { name: "suporte", callCenter: true },
            { name: "recepcao", callCenter: false },
        ]);
        expect(erix).not.toHaveProperty("answerFormat"); // a variant now: how answers are written is not state
    });
});

describe("request log and faults", () => {
    it("logs GET query and POST form, and counts accepted commands as writes", async () => {
        await login();
        await post({ agent: "maria", command: "pause", reason: "cafe" }, { source: "crm" });
        await get({ agent: "maria", command: "pause" }); // refused: not a write
        await get({ agent: "maria" }); // 400: not a write
        const log = await admin.requests();
        expect(log.requests.map(({ method, path, query, body, status }) => ({ method, path, query, body, status }))).toEqual([
            {
                method: "GET",
                path: "/api/agent.php",
                query: { agent: "maria", command: "login", exten: "2001", queue: "vendas" },
                body: null,
                status: 200,
            },
            {
                method: "POST",
                path: "/api/agent.php",
                query: { source: "crm" },
                body: { agent: "maria", command: "pause", reason: "cafe" },
                status: 200,
            },
            { method: "GET", path: "/api/agent.php", query: { agent: "maria", command: "pause" }, body: null, status: 200 },
            { method: "GET", path: "/api/agent.php", query: { agent: "maria" }, body: null, status: 400 },
        ]);
        expect(log.counts).toEqual({ "GET /api/agent.php": 3, "POST /api/agent.php": 1 });
        expect(log.writes).toBe(2);
    });

    it("failNext answers in the vendor's shape (and format) without applying the command", async () => {
        await admin.setFaults({ failNext: [{ pathIncludes: "/api/agent.php", status: 503, retryAfter: 7, count: 1 }] });
        const failed = await login();
        expect([failed.status, failed.json, failed.headers.get("retry-after")]).toEqual([503, { error: "Service Unavailable" }, "7"]);
        expect(await admin.erix.sessions()).toEqual([]);
        await admin.erix.setAnswerFormat("text");
        await admin.setFaults({ failNext: [{ pathIncludes: "command=login", status: 500, count: 1 }] });
        const bare = await login();
        expect([bare.status, bare.text]).toEqual([500, "Internal Server Error"]);
        const log = await admin.requests();
        expect(log.requests.map((entry) => entry.fault)).toEqual(["failNext", "failNext"]);
        expect(log.writes).toBe(0);
    });

    it("dropAnswerNext applies the command but never answers; hangNext neither applies nor answers", async () => {
        await admin.setFaults({ dropAnswerNext: [{ method: "GET", pathIncludes: "agent.php", count: 1 }] });
        await expect(login()).rejects.toThrow();
        expect((await admin.erix.sessions()).map((session) => session.agent)).toEqual(["maria"]);
        expect((await admin.requests()).writes).toBe(1);

        await admin.setFaults({ hangNext: [{ pathIncludes: "command=logoff", count: 1 }] });
        await expect(
            request(`${sandbox.url}/api/agent.php?agent=maria&command=logoff`, { signal: AbortSignal.timeout(300) }),
        ).rejects.toThrow();
        expect((await admin.erix.sessions()).map((session) => session.agent)).toEqual(["maria"]);
    });

    it("errorRate fails agent commands too", async () => {
        await admin.setFaults({ errorRate: 1 });
        const failed = await get({ agent: "maria", command: "logoff" });
        expect([failed.status, failed.json]).toEqual([500, { error: "Internal Server Error" }]);
        expect((await admin.requests()).requests[0]!.fault).toBe("errorRate");
    });

    it("leaves NextBilling's /api/ paths to NextBilling", async () => {
        const other = await request(`${sandbox.url}/api/agent.php/extra?agent=maria&command=logoff`);
        expect(other.json).toMatchObject({ error: 1 });
    });
});

describe("state file", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "telephony-erix-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("keeps sessions across a restart; the answer format is a variant, so neither saved nor restored", async () => {
        const file = join(dir, "state.json");
        const first = await startSandbox({ stateFile: file });
        const firstAdmin = new SandboxAdmin(first.url);
        try {
            await login("maria", "2002", "suporte", first.url);
            await get({ agent: "maria", command: "pause", reason: "reuniao" }, first.url);
            await firstAdmin.erix.setAnswerFormat("text");
        } finally {
            await first.close();
        }
        const saved = JSON.parse(readFileSync(file, "utf8"));
        expect(saved.erix).not.toHaveProperty("answerFormat");
        expect(saved.erix.sessions).toEqual([
            { agent: "maria", exten: "2002", queue: "suporte", paused: true, reason: "reuniao", since: expect.any(String) },
        ]);

        const second = await startSandbox({ stateFile: file });
        try {
            expect(await new SandboxAdmin(second.url).erix.sessions()).toEqual([
                expect.objectContaining({ agent: "maria", paused: true, reason: "reuniao" }),
            ]);
            expect((await get({ agent: "maria", command: "unpause" }, second.url)).json).toEqual({ success: "Unpause OK" });
        } finally {
            await second.close();
        }
        const third = await startSandbox({ stateFile: file, variants: { erixAnswers: "text" } });
        try {
            expect((await get({ agent: "maria", command: "pause" }, third.url)).text).toBe("Pause OK");
        } finally {
            await third.close();
        }
    });

    it("loads a state file saved before Erix was emulated and gives it the demo call center", async () => {
        const file = join(dir, "old.json");
        const old = { version: 1, nextbilling: { customers: [{ id: 9, nome: "X" }], lines: [], ringGroups: [], nextId: { ringGroup: 4 } } };
        writeFileSync(file, JSON.stringify(old));
        const sandbox = await startSandbox({ stateFile: file });
        try {
            expect(sandbox.store.state.nextbilling.customers).toEqual([{ id: 9, nome_fantasia: "X", status: 1 }]);
            expect((await login("maria", "2001", "vendas", sandbox.url)).json).toEqual({ success: "Login OK" });
        } finally {
            await sandbox.close();
        }
        const bare = await startSandbox({ stateFile: join(dir, "bare.json"), seed: false });
        try {
            expect((await login("maria", "2001", "vendas", bare.url)).json).toEqual({ error: "Agent not exists" });
        } finally {
            await bare.close();
        }
    });

    it("refuses an Erix section that is not usable", async () => {
        const file = join(dir, "broken.json");
        const nextbilling = { customers: [], lines: [], ringGroups: [], nextId: { ringGroup: 1 } };
        writeFileSync(file, JSON.stringify({ version: 1, nextbilling, erix: { sessions: {} } }));
        await expect(startSandbox({ stateFile: file })).rejects.toThrow(/"erix.sessions" that is not a list/);
    });

    it("loads a file saved when the answer format was state, and drops it (it is the erixAnswers variant now)", async () => {
        const file = join(dir, "format.json");
        const nextbilling = { customers: [], lines: [], ringGroups: [], nextId: { ringGroup: 1 } };
        writeFileSync(file, JSON.stringify({ version: 1, nextbilling, erix: { ...seedErix(), answerFormat: "text" } }));
        const loaded = await startSandbox({ stateFile: file });
        try {
            expect(loaded.store.state.erix).not.toHaveProperty("answerFormat");
            expect((await login("maria", "2001", "vendas", loaded.url)).json).toEqual({ success: "Login OK" });
        } finally {
            await loaded.close();
        }
    });
});

describe("texts", () => {
    it("keeps the vendor's spelling", () => {
        expect(ERIX_TEXTS.error.agentAlreadyPaused).toBe("Agent alredy paused");
        expect(ERIX_TEXTS.error.agentAlreadyAvailable).toBe("Agent alredy available");
    });
});
