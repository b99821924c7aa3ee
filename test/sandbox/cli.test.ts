import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { main, type CliContext } from "../../cli/telephony";
import { KEY, request, ringGroupsUrl, TOKEN } from "../support/http";

const root = join(__dirname, "..", "..");

/** Captures output; `stop()` ends a long-running command as a signal would. */
function fakeContext() {
    const out: string[] = [];
    const err: string[] = [];
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const context: CliContext = { out: (line) => out.push(line), err: (line) => err.push(line), untilStopped: () => stopped };
    return { context, out, err, stop };
}

describe("telephony (in process)", () => {
    it.each([
        [[], "telephony: missing command (see telephony --help)"],
        [["nope"], "telephony: unknown command 'nope' (see telephony --help)"],
        [
            ["sandbox", "--port", "70000"],
            "telephony sandbox: --port must be an integer from 0 to 65535, got 70000 (see telephony sandbox --help)",
        ],
        [
            ["sandbox", "--port", "x1"],
            "telephony sandbox: --port must be an integer from 0 to 65535, got x1 (see telephony sandbox --help)",
        ],
        [
            ["sandbox", "--verbose"],
            expect.stringMatching(/^telephony sandbox: Unknown option '--verbose'.* \(see telephony sandbox --help\)$/),
        ],
        [["sandbox", "extra"], expect.stringMatching(/^telephony sandbox: Unexpected argument 'extra'/)],
    ])("exits 2 with one line for %j", async (argv, message) => {
        const { context, out, err } = fakeContext();
        expect(await main(argv as string[], context)).toBe(2);
        expect(out).toEqual([]);
        expect(err).toEqual([message]);
    });

    it.each([[["--help"]], [["sandbox", "--help"]], [["sandbox", "-h"]]])("prints help for %j", async (argv) => {
        const { context, out } = fakeContext();
        expect(await main(argv, context)).toBe(0);
        expect(out.join("\n")).toMatch(/^Usage: telephony/);
    });

    it("runs the sandbox until stopped, URL first, then the variables to export", async () => {
        const { context, out, stop } = fakeContext();
        const exited = main(["sandbox", "--port", "0"], context);
        while (out.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
        expect(out[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(out[1]).toMatch(new RegExp(`^export NEXTBILLING_URL=${out[0]} NEXTBILLING_TOKEN=.+ NEXTBILLING_KEY=.+`));
        expect((await request(ringGroupsUrl(out[0]!))).status).toBe(200);
        stop();
        expect(await exited).toBe(0);
    });
});

describe("telephony sandbox (spawned)", () => {
    it("prints its URL on the first line, serves the demo tenant, never prints credentials, and exits cleanly on SIGTERM", async () => {
        // ts-node rather than dist/ so the test does not depend on a prior build; type checking is npm run typecheck's job.
        const child = spawn(process.execPath, ["-r", "ts-node/register", "cli/telephony.ts", "sandbox", "--port", "0"], {
            cwd: root,
            env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let printed = "";
        child.stdout.on("data", (chunk: Buffer) => (printed += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (printed += chunk.toString()));
        try {
            const [firstLine] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
            expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
            const listed = await request(ringGroupsUrl(firstLine, 9));
            expect(listed.json).toEqual({ error: 0, reason: "OK", records: 0, data: [] });

            const exited = once(child, "exit");
            child.kill("SIGTERM");
            expect(await exited).toEqual([0, null]);
            expect(printed).toContain("NEXTBILLING_URL=");
            expect(printed).toContain("NEXTBILLING_TOKEN=");
            expect(printed).toContain("NEXTBILLING_KEY=");
            expect(printed).not.toContain(TOKEN);
            expect(printed).not.toContain(KEY);
        } finally {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        }
    }, 20_000);
});
