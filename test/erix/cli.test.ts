/** `telephony agent …`: output, --json, exit codes (0 done, 1 refused, 2 usage) and --help, in process and as a real command. */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import { main, type CliContext } from "../../cli/telephony";
import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";

let sandbox: Sandbox;
let admin: SandboxAdmin;

/** A stand-in for Erix that answers `answers` in turn (each a JSON body) and records every call. */
async function stubErix(answers: object[]) {
    const calls: { method: string; url: string; body: Record<string, string> }[] = [];
    const server = createServer((request, response) => {
        let body = "";
        request.on("data", (chunk) => (body += chunk));
        request.on("end", () => {
            calls.push({ method: request.method!, url: request.url!, body: Object.fromEntries(new URLSearchParams(body)) });
            response.writeHead(200, { "content-type": "application/json" });
            response.end(JSON.stringify(answers[calls.length - 1] ?? { error: "stub: no more answers" }));
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, calls, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function agent(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = { out: (line) => out.push(line), err: (line) => err.push(line), untilStopped: async () => undefined };
    const code = await main(["agent", ...args], context);
    return { code, out, err };
}

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

describe("telephony agent", () => {
    it("tells the truth when a retry meets its own applied command: the state was already reached, exit 0", async () => {
        const url = ["--url", sandbox.url];
        await agent("login", "--agent", "maria", "--extension", "2001", "--queue", "vendas", ...url);
        // Erix applies the pause, the answer is lost, the request core retries, and Erix says "alredy paused".
        await admin.setFaults({ dropAnswerNext: [{ pathIncludes: "/api/agent.php", count: 1 }] });
        // With --reason the CLI cannot tell its own pause from another reason's, so it re-applies it:
        // harmless, the agent ends paused for the same reason. Still success, exit 0.
        expect(await agent("pause", "--agent", "maria", "--reason", "Almoço", ...url)).toEqual({
            code: 0,
            out: [
                'Pause OK: maria paused (Almoço), re-applied: Erix answered "Agent alredy paused" (it does not say for which reason), so maria was unpaused and paused again',
            ],
            err: [],
        });
        expect((await admin.requests()).requests.slice(1).map((r) => [r.body, r.fault ?? "answered"])).toEqual([
            [{ agent: "maria", command: "pause", reason: "Almoço" }, "dropAnswerNext"],
            [{ agent: "maria", command: "pause", reason: "Almoço" }, "answered"],
            [{ agent: "maria", command: "unpause" }, "answered"],
            [{ agent: "maria", command: "pause", reason: "Almoço" }, "answered"],
        ]);
        expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);

        // Without --reason, "already paused" is the state asked for: nothing more is sent.
        await agent("unpause", "--agent", "maria", ...url);
        await admin.clearRequests();
        await admin.setFaults({ dropAnswerNext: [{ pathIncludes: "/api/agent.php", count: 1 }] });
        expect(await agent("pause", "--agent", "maria", ...url)).toEqual({
            code: 0,
            out: ["Agent alredy paused: maria was already paused, so there was nothing to do"],
            err: [],
        });
        expect((await admin.requests()).requests.map((r) => [r.body, r.fault ?? "answered"])).toEqual([
            [{ agent: "maria", command: "pause" }, "dropAnswerNext"],
            [{ agent: "maria", command: "pause" }, "answered"],
        ]);

        await admin.setFaults({ dropAnswerNext: [{ pathIncludes: "/api/agent.php", count: 1 }] });
        const json = await agent("logoff", "--agent", "maria", "--json", ...url);
        expect(json.code).toBe(0);
        expect(JSON.parse(json.out[0]!)).toEqual({
            ok: true,
            command: "logoff",
            agent: "maria",
            answer: "Agent not logged",
            alreadyInState: true,
        });
        expect((await agent("unpause", "--agent", "maria", "--json", ...url)).code).toBe(1); // not logged in: a real refusal
    });

    it("logs in, pauses with a reason, unpauses and logs off, one line each", async () => {
        const url = ["--url", sandbox.url];
        expect(await agent("login", "--agent", "maria", "--extension", "2001", "--queue", "vendas", ...url)).toEqual({
            code: 0,
            out: ["Login OK: maria at extension 2001 in queue vendas"],
            err: [],
        });
        expect((await agent("pause", "--agent", "maria", "--reason", "Almoço", ...url)).out).toEqual(["Pause OK: maria paused (Almoço)"]);
        expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);
        expect((await agent("unpause", "--agent", "maria", ...url)).out).toEqual(["Unpause OK: maria available"]);
        expect((await agent("logoff", "--agent", "maria", ...url, "--method", "get")).out).toEqual(["Logoff OK: maria logged off"]);
        expect((await admin.requests()).requests.at(-1)).toMatchObject({ method: "GET", query: { agent: "maria", command: "logoff" } });
    });

    it("exits 1 with Erix's text when Erix refuses, as text or JSON", async () => {
        const refused = await agent("pause", "--agent", "maria", "--url", sandbox.url);
        expect(refused.code).toBe(1);
        expect(refused.err).toEqual([
            "telephony agent pause: agent: Erix pause (POST /api/agent.php), HTTP 200 failed: Agent not logged (the agent is not logged in)",
        ]);
        const json = await agent("login", "--agent", "maria", "--extension", "3001", "--queue", "vendas", "--url", sandbox.url, "--json");
        expect(json.code).toBe(1);
        expect(JSON.parse(json.out[0])).toMatchObject({
            ok: false,
            command: "login",
            agent: "maria",
            error: "Exten Call Center false",
            property: "extension",
        });
    });

    it("prints one JSON object on success with --json", async () => {
        const done = await agent("login", "--agent", "ana", "--extension", "2003", "--queue", "suporte", "--url", sandbox.url, "--json");
        expect(done).toEqual({
            code: 0,
            out: [JSON.stringify({ ok: true, command: "login", agent: "ana", answer: "Login OK", alreadyInState: false })],
            err: [],
        });
    });

    it("exits 1 when the PBX cannot be reached", async () => {
        const unreachable = await agent("logoff", "--agent", "maria", "--url", "http://127.0.0.1:9");
        expect(unreachable.code).toBe(1);
        expect(unreachable.err[0]).toContain("Erix logoff (POST /api/agent.php) failed:");
    });

    it.each([
        [["login", "--agent", "maria", "--queue", "vendas"], "--extension is required for login"],
        [["login", "--agent", "maria", "--extension", "20a1", "--queue", "vendas"], '--extension must be digits only, got "20a1"'],
        [["pause", "--url", "http://x"], "--agent is required"],
        [["pause", "--agent", "maria", "--queue", "vendas"], "--queue is only for login"],
        [["unpause", "--agent", "maria", "--reason", "x"], "--reason is only for pause"],
        [
            ["logoff", "--agent", "maria", "--url", "pbx.example"],
            '--url must be an http(s) URL such as http://pbx.example.com.br, got "pbx.example"',
        ],
        [["logoff", "--agent", "maria", "--url", "http://x", "--method", "put"], '--method must be get or post, got "put"'],
        [["dance", "--agent", "maria"], "unknown agent command 'dance': use login, pause, unpause or logoff"],
        [[], "missing agent command: login, pause, unpause or logoff"],
    ])("exits 2 on a usage error: %j", async (args, message) => {
        const saved = process.env.ERIX_URL;
        process.env.ERIX_URL = "http://127.0.0.1:9";
        try {
            const result = await agent(...args);
            expect(result).toEqual({ code: 2, out: [], err: [`telephony agent: ${message} (see telephony agent --help)`] });
        } finally {
            if (saved === undefined) delete process.env.ERIX_URL;
            else process.env.ERIX_URL = saved;
        }
    });

    it("needs --url or ERIX_URL", async () => {
        const saved = process.env.ERIX_URL;
        delete process.env.ERIX_URL;
        try {
            expect((await agent("logoff", "--agent", "maria")).err).toEqual([
                "telephony agent: --url (or the environment variable ERIX_URL) is required (see telephony agent --help)",
            ]);
        } finally {
            if (saved !== undefined) process.env.ERIX_URL = saved;
        }
    });

    describe("pause of an agent already paused", () => {
        const pauseOf = (reason?: string) => ({ agent: "maria", command: "pause", ...(reason === undefined ? {} : { reason }) });
        const erixCalls = async () =>
            (await admin.requests()).requests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body }));
        const post = (body: Record<string, string>) => ({ method: "POST", path: "/api/agent.php", query: {}, body });

        beforeEach(async () => {
            const url = ["--url", sandbox.url];
            await agent("login", "--agent", "maria", "--extension", "2001", "--queue", "vendas", ...url);
            expect((await agent("pause", "--agent", "maria", "--reason", "Almoço", ...url)).code).toBe(0);
            await admin.clearRequests();
        });

        it("with --reason, re-applies the pause with the new reason: unpause, then pause, and says so", async () => {
            expect(await agent("pause", "--agent", "maria", "--reason", "Reunião", "--url", sandbox.url)).toEqual({
                code: 0,
                out: [
                    'Pause OK: maria paused (Reunião), re-applied: Erix answered "Agent alredy paused" (it does not say for which reason), so maria was unpaused and paused again',
                ],
                err: [],
            });
            expect(await erixCalls()).toEqual([
                post(pauseOf("Reunião")),
                post({ agent: "maria", command: "unpause" }),
                post(pauseOf("Reunião")),
            ]);
            expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Reunião" })]);

            await admin.clearRequests();
            const json = await agent(
                "pause",
                "--agent",
                "maria",
                "--reason",
                "Treinamento",
                "--url",
                sandbox.url,
                "--json",
                "--method",
                "get",
            );
            expect(json.code).toBe(0);
            expect(JSON.parse(json.out[0]!)).toEqual({
                ok: true,
                command: "pause",
                agent: "maria",
                answer: "Pause OK",
                alreadyInState: false,
                reapplied: true,
                answers: ["Agent alredy paused", "Unpause OK", "Pause OK"],
            });
            const get = (query: Record<string, string>) => ({ method: "GET", path: "/api/agent.php", query, body: null });
            expect(await erixCalls()).toEqual([
                get(pauseOf("Treinamento")),
                get({ agent: "maria", command: "unpause" }),
                get(pauseOf("Treinamento")),
            ]);
            expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Treinamento" })]);
        });

        it("without --reason, stays paused for its reason: success, alreadyInState, one call each", async () => {
            expect(await agent("pause", "--agent", "maria", "--url", sandbox.url)).toEqual({
                code: 0,
                out: ["Agent alredy paused: maria was already paused, so there was nothing to do"],
                err: [],
            });
            const json = await agent("pause", "--agent", "maria", "--url", sandbox.url, "--json");
            expect(json).toEqual({
                code: 0,
                out: [
                    JSON.stringify({
                        ok: true,
                        command: "pause",
                        agent: "maria",
                        answer: "Agent alredy paused",
                        alreadyInState: true,
                        reapplied: false,
                    }),
                ],
                err: [],
            });
            expect(await erixCalls()).toEqual([post(pauseOf()), post(pauseOf())]);
            expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);
        });

        it("says what a failed re-apply left: still paused (the unpause failed) or unpaused (the pause after it failed), exit 1", async () => {
            const what =
                'maria was already paused (Erix does not say for which reason); re-applying the pause with reason "Reunião" (unpause, then pause)';
            const refused = "agent: Erix %s (POST /api/agent.php), HTTP 200 failed: Agent not logged (the agent is not logged in)";

            const atUnpause = await stubErix([{ error: "Agent alredy paused" }, { error: "Agent not logged" }]);
            try {
                expect(await agent("pause", "--agent", "maria", "--reason", "Reunião", "--url", atUnpause.url)).toEqual({
                    code: 1,
                    out: [],
                    err: [
                        `telephony agent pause: ${what} failed at the unpause, so maria is still paused, presumably for the earlier reason: ${refused.replace("%s", "unpause")}`,
                    ],
                });
                expect(atUnpause.calls).toEqual([
                    { method: "POST", url: "/api/agent.php", body: pauseOf("Reunião") },
                    { method: "POST", url: "/api/agent.php", body: { agent: "maria", command: "unpause" } },
                ]);
            } finally {
                await atUnpause.close();
            }

            const atPause = await stubErix([{ error: "Agent alredy paused" }, { success: "Unpause OK" }, { error: "Agent not logged" }]);
            try {
                const json = await agent("pause", "--agent", "maria", "--reason", "Reunião", "--url", atPause.url, "--json");
                expect(json.code).toBe(1);
                expect(JSON.parse(json.out[0]!)).toEqual({
                    ok: false,
                    command: "pause",
                    agent: "maria",
                    error: "Agent not logged",
                    property: "agent",
                    message: `${what} failed at the pause after the unpause, so maria may no longer be paused (it was unpaused): ${refused.replace("%s", "pause")}`,
                    failedAt: "re-pause",
                });
                expect(atPause.calls).toEqual([
                    { method: "POST", url: "/api/agent.php", body: pauseOf("Reunião") },
                    { method: "POST", url: "/api/agent.php", body: { agent: "maria", command: "unpause" } },
                    { method: "POST", url: "/api/agent.php", body: pauseOf("Reunião") },
                ]);
            } finally {
                await atPause.close();
            }
        });
    });

    it("has a --help synopsis with every option it parses, as docs/cli.md shows it", async () => {
        const synopses = {
            login: "telephony agent login --agent LOGIN --extension N --queue NAME [--url URL] [--method get|post] [--json]",
            pause: "telephony agent pause --agent LOGIN [--reason TEXT] [--url URL] [--method get|post] [--json]",
            unpause: "telephony agent unpause --agent LOGIN [--url URL] [--method get|post] [--json]",
            logoff: "telephony agent logoff --agent LOGIN [--url URL] [--method get|post] [--json]",
        };
        const docs = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "cli.md"), "utf8").split("\n");
        for (const [command, synopsis] of Object.entries(synopses)) {
            expect((await agent(command, "--help")).out[0]!.split("\n")[0]).toBe(`Usage: ${synopsis}`);
            expect(docs.map((line) => line.replace(/ +/g, " "))).toContain(synopsis);
        }
    });

    it("has --help for the group and every command", async () => {
        expect((await agent("--help")).out[0]).toContain("Usage: telephony agent <login|pause|unpause|logoff>");
        for (const command of ["login", "pause", "unpause", "logoff"]) {
            const help = await agent(command, "--help");
            expect(help.code).toBe(0);
            expect(help.out[0]).toMatch(new RegExp(`^Usage: telephony agent ${command} --agent LOGIN`));
            expect(help.out[0]).toContain("Exit codes: 0 done, or already so");
            expect(help.out[0]).toContain("1 refused by Erix or unreachable");
        }
        expect((await agent("login", "--help")).out[0]).toContain("--extension N");
        expect((await agent("pause", "--help")).out[0]).toContain("--reason TEXT");
    });

    it("works as the installed command, with ERIX_URL and real exit codes", async () => {
        const run = promisify(execFile);
        const bin = path.join(__dirname, "..", "..", "dist", "cli", "telephony.js");
        const env = { ...process.env, ERIX_URL: sandbox.url };
        const ok = await run(process.execPath, [bin, "agent", "login", "--agent", "pedro", "--extension", "2003", "--queue", "vendas"], {
            env,
        });
        expect(ok.stdout).toBe("Login OK: pedro at extension 2003 in queue vendas\n");
        const refused = await run(process.execPath, [bin, "agent", "unpause", "--agent", "nobody"], { env }).catch((e) => e);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain("Agent not exists");
        const already = await run(process.execPath, [bin, "agent", "unpause", "--agent", "pedro"], { env });
        expect(already.stdout).toBe("Agent alredy available: pedro was already available, so there was nothing to do\n");
        const usage = await run(process.execPath, [bin, "agent", "pause"], { env }).catch((e) => e);
        expect(usage.code).toBe(2);
    });
});
