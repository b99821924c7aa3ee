/** `telephony agent …`: output, --json, exit codes (0 done, 1 refused, 2 usage) and --help, in process and as a real command. */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { main, type CliContext } from "../../cli/telephony";
import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";

let sandbox: Sandbox;
let admin: SandboxAdmin;

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
        expect(await agent("pause", "--agent", "maria", "--reason", "Almoço", ...url)).toEqual({
            code: 0,
            out: ["Agent alredy paused: maria was already paused, so there was nothing to do"],
            err: [],
        });
        const pauses = (await admin.requests()).requests.filter((r) => (r.body as Record<string, string> | null)?.command === "pause");
        expect(pauses.map((r) => r.fault ?? "answered")).toEqual(["dropAnswerNext", "answered"]);
        expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);

        await admin.setFaults({ dropAnswerNext: [{ pathIncludes: "/api/agent.php", count: 1 }] });
        const json = await agent("logoff", "--agent", "maria", "--json", ...url);
        expect(json.code).toBe(0);
        expect(JSON.parse(json.out[0]!)).toEqual({ ok: true, command: "logoff", agent: "maria", answer: "Agent not logged", alreadyInState: true });
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
        expect(done).toEqual({ code: 0, out: [JSON.stringify({ ok: true, command: "login", agent: "ana", answer: "Login OK", alreadyInState: false })], err: [] });
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
