/**
 * The Erix client and the AgentSession provider against the emulator over real HTTP: each
 * command over GET and POST with exactly the seed's parameters, every error text, and the
 * provider's idempotent lifecycle.
 */
import { agentSessionProvider } from "../../../provider/erix/agentSession/provider";
import { ErixClient, ERIX_ERRORS } from "../../../provider/erix/client";
import { useEmulator } from "../../support/emulator";

const maria = { agent: "maria", extension: "2001", queue: "vendas", paused: false };
const requests = async () => (await emulator.admin.requests()).requests;
const client = (method: "GET" | "POST") => new ErixClient({ url: emulator.sandbox.url, method, debug: false });

const emulator = useEmulator(() => ({ "telephony:erixUrl": emulator.sandbox.url, "telephony:erixHttpMethod": "POST" }));

describe("wire format of api/agent.php (seed 003)", () => {
    it.each(["GET", "POST"] as const)("sends each command with exactly its parameters over %s", async (method) => {
        const erix = client(method);
        expect(await erix.command("login", { agent: "maria", exten: "2001", queue: "vendas" })).toBe("Login OK");
        expect(await erix.command("pause", { agent: "maria", reason: "Almoço" })).toBe("Pause OK");
        expect(await erix.command("unpause", { agent: "maria" })).toBe("Unpause OK");
        expect(await erix.command("logoff", { agent: "maria" })).toBe("Logoff OK");
        const sent = (await requests()).map((r) => ({ method: r.method, path: r.path, params: method === "GET" ? r.query : r.body }));
        expect(sent).toEqual([
            { method, path: "/api/agent.php", params: { agent: "maria", command: "login", exten: "2001", queue: "vendas" } },
            { method, path: "/api/agent.php", params: { agent: "maria", command: "pause", reason: "Almoço" } },
            { method, path: "/api/agent.php", params: { agent: "maria", command: "unpause" } },
            { method, path: "/api/agent.php", params: { agent: "maria", command: "logoff" } },
        ]);
        if (method === "POST") for (const r of await requests()) expect(r.query).toEqual({});
    });

    it("accepts bare-text answers as well as JSON", async () => {
        await emulator.admin.erix.setAnswerFormat("text");
        expect(await client("POST").command("login", { agent: "maria", exten: "2001", queue: "vendas" })).toBe("Login OK");
        const error = await client("POST")
            .command("login", { agent: "nobody", exten: "2001", queue: "vendas" })
            .catch((e) => e);
        expect(error.vendorReason).toBe("Agent not exists");
    });
});

describe("every Erix error text becomes a typed error naming its input", () => {
    const login = (agent: string, exten: string, queue: string) => client("POST").command("login", { agent, exten, queue });
    it.each([
        ["Agent not exists", () => login("Maria Souza", "2001", "vendas"), "NotFoundError", "agent"],
        ["Exten not exists", () => login("maria", "9999", "vendas"), "NotFoundError", "extension"],
        ["Exten Call Center false", () => login("maria", "3001", "vendas"), "InvalidInputError", "extension"],
        ["Queue not exists", () => login("maria", "2001", "nenhuma"), "NotFoundError", "queue"],
        ["Queue Call Center false", () => login("maria", "2001", "recepcao"), "InvalidInputError", "queue"],
        ["Agent not logged", () => client("POST").command("pause", { agent: "ana" }), "ConflictError", "agent"],
        [
            "Argument list invalid",
            () => client("POST").command("login", { agent: "maria", exten: "", queue: "vendas" }),
            "InvalidInputError",
            undefined,
        ],
    ])("%s", async (text, run, type, property) => {
        const error = (await run().catch((e: Error) => e)) as Error;
        expect(error).toMatchObject({ name: type, vendorReason: text, property });
        expect(error.message).toContain(`HTTP ${text === "Argument list invalid" ? 400 : 200} failed: ${text}`);
        const hint = ERIX_ERRORS[text].hint;
        if (hint) expect(error.message).toContain(`(${hint})`);
    });

    it("Agent alredy paused / Agent alredy available, with the vendor's spelling", async () => {
        const erix = client("GET");
        await erix.command("login", { agent: "maria", exten: "2001", queue: "vendas" });
        await expect(erix.command("unpause", { agent: "maria" })).rejects.toMatchObject({
            vendorReason: "Agent alredy available",
            property: "paused",
        });
        await erix.command("pause", { agent: "maria" });
        await expect(erix.command("pause", { agent: "maria" })).rejects.toMatchObject({
            vendorReason: "Agent alredy paused",
            property: "paused",
        });
    });

    it("reads 'Exten Call Center false' as: the extension must be set as Call Center in Erix", async () => {
        const error = (await login("maria", "3001", "vendas").catch((e: Error) => e)) as Error;
        expect(error.message).toBe(
            "extension: Erix login (POST /api/agent.php), HTTP 200 failed: Exten Call Center false (the extension must be set as Call Center in Erix)",
        );
    });
});

describe("AgentSession provider", () => {
    const session = async () => (await emulator.admin.erix.sessions()).find((s) => s.agent === "maria");

    it("create logs in, then pauses when declared, sending the reason only then", async () => {
        await agentSessionProvider.create({ ...maria, paused: true, pauseReason: "Almoço" });
        expect(await session()).toMatchObject({ exten: "2001", queue: "vendas", paused: true, reason: "Almoço" });
        await agentSessionProvider.create({ ...maria, agent: "joao", extension: "2002", pauseReason: "Almoço" });
        const joaoCalls = (await requests()).filter((r) => (r.body as Record<string, string>).agent === "joao");
        expect(joaoCalls.map((r) => r.body)).toEqual([{ agent: "joao", command: "login", exten: "2002", queue: "vendas" }]);
    });

    it("update pauses, changes the reason by unpause then pause, and unpauses", async () => {
        const created = await agentSessionProvider.create(maria);
        await emulator.admin.clearRequests();
        const lunch = { ...maria, paused: true, pauseReason: "Almoço" };
        await agentSessionProvider.update!("maria", created.outs, lunch);
        const meeting = { ...maria, paused: true, pauseReason: "Reunião" };
        await agentSessionProvider.update!("maria", lunch, meeting);
        expect(await session()).toMatchObject({ paused: true, reason: "Reunião" });
        await agentSessionProvider.update!("maria", meeting, maria);
        expect(
            (await requests()).map(
                (r) =>
                    (r.body as Record<string, string>).command +
                    ((r.body as Record<string, string>).reason ? `:${(r.body as Record<string, string>).reason}` : ""),
            ),
        ).toEqual(["pause:Almoço", "unpause", "pause:Reunião", "unpause"]);
        expect(await session()).toMatchObject({ paused: false });
    });

    it("is idempotent against Erix's 'already' answers, and takes the declared reason", async () => {
        await client("POST").command("login", { agent: "maria", exten: "2001", queue: "vendas" });
        await client("POST").command("pause", { agent: "maria", reason: "Banheiro" });
        await agentSessionProvider.create({ ...maria, paused: true, pauseReason: "Almoço" });
        expect(await session()).toMatchObject({ paused: true, reason: "Almoço" });
        await agentSessionProvider.update!("maria", maria, maria); // already available: nothing to undo
        await agentSessionProvider.update!("maria", { ...maria, paused: true }, maria);
        await agentSessionProvider.update!("maria", { ...maria, paused: true }, maria);
        expect(await session()).toMatchObject({ paused: false });
    });

    it("delete logs off, and succeeds when the agent was already logged off at the PBX", async () => {
        await agentSessionProvider.create(maria);
        await agentSessionProvider.delete!("maria", maria);
        expect(await session()).toBeUndefined();
        await expect(agentSessionProvider.delete!("maria", maria)).resolves.toBeUndefined();
    });

    it("read keeps the stored state: Erix has no status query", async () => {
        await agentSessionProvider.create({ ...maria, paused: true, pauseReason: "Almoço" });
        await emulator.admin.erix.logoff("maria");
        await emulator.admin.clearRequests();
        const read = await agentSessionProvider.read!("maria", { ...maria, paused: true, pauseReason: "Almoço" });
        expect(read).toEqual({
            id: "maria",
            props: { ...maria, paused: true, pauseReason: "Almoço" },
            inputs: { ...maria, paused: true, pauseReason: "Almoço" },
        });
        expect(await requests()).toEqual([]);
    });

    it("reports a refused login against the input, with Erix's text", async () => {
        const error = await agentSessionProvider.create({ ...maria, queue: "recepcao" }).catch((e) => e);
        expect(error.message).toBe(
            "queue: Erix login (POST /api/agent.php), HTTP 200 failed: Queue Call Center false (the queue must be set as Call Center in Erix)",
        );
    });
});

describe("AgentSession is all or nothing, and says why every command fails when the CRM module is on", () => {
    it("logs the agent off again when the pause after login fails, so no session is left outside state", async () => {
        // The login succeeds; the pause is refused by the server (a 500 the request core retries, then gives up on).
        await emulator.admin.setFaults({ failNext: [{ status: 500, bodyIncludes: '"command":"pause"', count: 10 }] });
        const error = await agentSessionProvider.create({ ...maria, paused: true, pauseReason: "Almoço" }).catch((e) => e);
        expect(error.name).toBe("ServerError");
        expect(error.message).toContain("the agent was logged off again, so nothing was left half-applied");
        expect(await emulator.admin.erix.sessions()).toEqual([]);
        const commands = (await requests()).map((r) => (r.body as Record<string, string>).command);
        expect(commands[0]).toBe("login");
        expect(commands.at(-1)).toBe("logoff");
    });

    it("says so, and what to run, when logging the agent off again fails too", async () => {
        await emulator.admin.setFaults({
            failNext: [
                { status: 500, bodyIncludes: '"command":"pause"', count: 10 },
                { status: 500, bodyIncludes: '"command":"logoff"', count: 10 },
            ],
        });
        const error = await agentSessionProvider.create({ ...maria, paused: true, pauseReason: "Almoço" }).catch((e) => e);
        expect(error.message).not.toContain("nothing was left half-applied");
        expect(error.message).toContain("logging the agent off again failed too (");
        expect(error.message).toContain(
            "so maria may be logged in and available, outside the stack's state: log it off with `telephony agent logoff --agent maria`",
        );
        expect(await emulator.admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: false })]);
    });

    it("a change of pause reason that fails puts the earlier pause back, so the stored state stays true", async () => {
        const paused = { ...maria, paused: true, pauseReason: "Almoço" };
        await agentSessionProvider.create(paused);
        await emulator.admin.setFaults({ failNext: [{ status: 500, bodyIncludes: "Reunião", count: 10 }] });
        const error = await agentSessionProvider.update("maria", paused, { ...paused, pauseReason: "Reunião" }).catch((e) => e);
        expect(error.message).toContain("the earlier pause (Almoço) was put back, so the agent is as the stack's state says");
        expect(await emulator.admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);
    });

    it("and says what to run when putting it back fails too", async () => {
        const paused = { ...maria, paused: true, pauseReason: "Almoço" };
        await agentSessionProvider.create(paused);
        await emulator.admin.setFaults({ failNext: [{ status: 500, bodyIncludes: '"command":"pause"', count: 20 }] });
        const error = await agentSessionProvider.update("maria", paused, { ...paused, pauseReason: "Reunião" }).catch((e) => e);
        expect(error.message).toContain("putting the earlier pause back failed too (");
        expect(error.message).toContain(
            "so maria may be available although the stack's state says paused: pause it with `telephony agent pause --agent maria`",
        );
        expect(await emulator.admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: false })]);
    });

    it("a retried pause that meets its own applied pause is success, with the declared reason", async () => {
        await agentSessionProvider.create(maria);
        await emulator.admin.setFaults({ dropAnswerNext: [{ bodyIncludes: '"command":"pause"', count: 1 }] });
        await agentSessionProvider.update("maria", maria, { ...maria, paused: true, pauseReason: "Almoço" });
        expect(await emulator.admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);
    });

    it("names the CRM module when agent.php answers something no command documents", async () => {
        await emulator.admin.setVariants({ erixCrm: "enabled" });
        const error = await agentSessionProvider.create(maria).catch((e) => e);
        expect(error.message).toContain("unexpected answer from agent.php");
        expect(error.message).toContain("work only with the PBX's CRM module disabled");
        expect(error.message).not.toMatch(/<html|<body/i);
    });
});
