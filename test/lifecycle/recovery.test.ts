/**
 * What the real engine exposes, fixed: resources sharing one natural key in one `up` (the engine
 * runs creates in parallel) leave one record; credentials rotated since the last `up` make
 * refresh and destroy fail with the way out (they configure from the config stored at the last
 * `up`); and an `up` killed mid-run (SIGKILL, as a CI timeout does) converges without editing
 * code: `pulumi cancel`, `refresh --clear-pending-creates`, then `up` with telephony:adoptExisting.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { requireEngine } from "../support/engine";
import { lifecycleStack, programOf, said, succeeded, vendorConfig, type Declared } from "../support/lifecycle";

requireEngine();

const group = (name: string, description: string, customerId = 9): Declared => ({
    kind: "RingGroup",
    name,
    args: { customerId, description, strategy: "ringall", devices: [1, 4] },
});

describe("resources sharing one natural key in one up", () => {
    let sandbox: Sandbox;
    beforeAll(async () => (sandbox = await startSandbox({ port: 0 })));
    afterAll(() => sandbox.close());

    it("leave one record at the vendor; the others fail naming the key", async () => {
        const twins = Array.from({ length: 8 }, (_, i) => group(`twin-${i}`, "Plantão"));
        const stack = await lifecycleStack(sandbox, twins);
        try {
            const up = await stack.up();
            expect(up.ok).toBe(false);
            const groups = (await new SandboxAdmin(sandbox.url).state()).nextbilling.ringGroups.filter((g) => g.descricao === "Plantão");
            expect(groups).toHaveLength(1);
            const refusals = up.diagnostics.filter(
                (d) => d.severity === "error" && d.message.includes('customer 9 and description "Plantão"'),
            );
            expect(refusals.length).toBeGreaterThanOrEqual(1);
            expect(refusals[0]!.message).toContain("another resource of this same update created it moments ago");
            // The state holds the one that was made: with the program down to it, the next up converges.
            const stored = stack
                .stateAtRest()
                .json.checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(":RingGroup"));
            expect(stored).toHaveLength(1);
            expect(stored[0].id).toBe(String(groups[0]!.id));
            stack.setProgram(programOf([group(String(stored[0].urn).split("::").at(-1)!, "Plantão")]));
            succeeded(await stack.preview({ expectNoChanges: true }));
            expect(
                (await new SandboxAdmin(sandbox.url).state()).nextbilling.ringGroups.filter((g) => g.descricao === "Plantão"),
            ).toHaveLength(1);
            succeeded(await stack.destroy());
        } finally {
            await stack.dispose();
        }
    });
});

describe("credentials rotated since the last up", () => {
    it("make refresh and destroy fail saying they use the stored credentials, and name the way out", async () => {
        const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "rotation-")), "state.json");
        let sandbox = await startSandbox({ port: 0, stateFile });
        const port = sandbox.port;
        const stack = await lifecycleStack(sandbox, [group("reception", "Recepção Rotação")]);
        try {
            succeeded(await stack.up());
            // The old token is revoked at NextBilling; the stack config gets the new one.
            await sandbox.close();
            const rotated = { token: "7cb40d54-ffff-55a6-875a-000000000001", key: DEMO_CREDENTIALS.key };
            sandbox = await startSandbox({ port, stateFile, credentials: rotated });
            const vendors = vendorConfig(sandbox);
            await stack.setConfig(vendors.config!, { ...vendors.secretConfig, "telephony:nextbillingToken": rotated.token });

            const refresh = await stack.refresh();
            expect(refresh.ok).toBe(false);
            const text = said(refresh);
            expect(text).toContain("AuthenticationError");
            expect(text).toContain("`pulumi refresh` and `pulumi destroy` use the credentials stored at the last `pulumi up`");
            expect(text).toContain("pulumi refresh --run-program");
            expect(text).not.toContain(DEMO_CREDENTIALS.token);
            expect(text).not.toContain(rotated.token);

            const destroy = await stack.destroy();
            expect(destroy.ok).toBe(false);
            expect(said(destroy)).toContain("pulumi destroy --run-program");

            // The ways out: --run-program configures from the current config; so does an up.
            succeeded(await stack.refresh({ runProgram: true }));
            succeeded(await stack.destroy({ runProgram: true }));
            expect(
                (await new SandboxAdmin(sandbox.url).state()).nextbilling.ringGroups.filter((g) => g.descricao === "Recepção Rotação"),
            ).toEqual([]);
        } finally {
            await stack.dispose();
            await sandbox.close();
            fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
        }
    });
});

describe("an up killed mid-run", () => {
    let sandbox: Sandbox;
    let admin: SandboxAdmin;
    beforeAll(async () => {
        sandbox = await startSandbox({ port: 0 });
        admin = new SandboxAdmin(sandbox.url);
    });
    afterAll(() => sandbox.close());

    /** Whether a write has reached the emulator and waits out its latency: the emulator applies it whatever happens to the caller. */
    const createsInFlight = async () =>
        (await admin.requests()).requests.some((request) => request.method !== "GET" && request.status === null);
    const ours = async () => (await admin.state()).nextbilling.ringGroups.filter((g) => g.descricao.startsWith("Fila Noturna "));

    it("converges without code edits: cancel, refresh --clear-pending-creates, up with telephony:adoptExisting", async () => {
        const groups = Array.from({ length: 30 }, (_, i) => group(`night-${i}`, `Fila Noturna ${i}`));
        const stack = await lifecycleStack(sandbox, groups);
        try {
            // Slow enough that the kill lands while creates are in flight.
            await admin.setFaults({ latencyMs: 150 });
            const running = stack.up();
            // The kill lands while creates are at the vendor and unanswered: those are made, never recorded.
            // (Killed between two waves of creates instead, nothing would be in flight to orphan.)
            while ((await ours()).length < 6 || !(await createsInFlight())) await new Promise((resolve) => setTimeout(resolve, 10));
            killCli(stack.workDir);
            const killed = await running;
            expect(killed.ok).toBe(false);
            // The provider host outlives the CLI and finishes the creates in flight: wait for the vendor to settle.
            await settled(async () => (await ours()).length);
            await admin.setFaults({ latencyMs: 0 });
            const made = (await ours()).length;
            expect(made).toBeGreaterThan(0);
            expect(made).toBeLessThan(30);

            // docs/operations.md's recovery, step by step. A kill that lands while the file backend rewrites
            // its metadata sidecar leaves it empty (3 runs in 14 here): the first step removes it.
            stack.removeEmptyStateSidecar();
            await stack.cancel();
            succeeded(await stack.refresh({ clearPendingCreates: true }));
            const recordedNow = stack
                .stateAtRest()
                .json.checkpoint.latest.resources.filter((r: { type: string }) => r.type.endsWith(":RingGroup")).length;
            const orphans = made - recordedNow;

            // The creates in flight at the kill reached the vendor but not the state.
            expect(orphans).toBeGreaterThan(0);

            // Without the setting, each record made but not recorded is named, with both ways out.
            const refused = await stack.up();
            expect(refused.ok).toBe(false);
            const text = said(refused);
            expect(text).toContain("If it is this resource's own (an earlier `pulumi up` that was interrupted or lost an answer)");
            expect(text).toContain("set `telephony:adoptExisting` to true");

            // With it, identical records are adopted: one record per resource, no twin.
            await stack.setConfig(
                { ...vendorConfig(sandbox).config!, "telephony:adoptExisting": "true" },
                vendorConfig(sandbox).secretConfig,
            );
            const converged = succeeded(await stack.up());
            expect(said(converged)).toContain("telephony:adoptExisting is set");
            const after = await ours();
            expect(after).toHaveLength(30);
            expect(new Set(after.map((g) => g.descricao)).size).toBe(30);
            succeeded(await stack.preview({ expectNoChanges: true }));
            succeeded(await stack.destroy());
            expect(await ours()).toEqual([]);
        } finally {
            await admin.setFaults({ latencyMs: 0 });
            // The killed CLI's provider host was told nothing and would listen forever: end it too.
            killLeftInDir(stack.workDir);
            await stack.dispose();
        }
    }, 240_000);
});

/** SIGKILL to the `pulumi` process running in `workDir`, as a CI job's timeout does. */
function killCli(workDir: string): void {
    for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
        try {
            const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
            const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
            if (path.basename(cmdline[0] ?? "") === "pulumi" && cmdline.includes("up") && cwd === workDir) {
                process.kill(Number(pid), "SIGKILL");
                return;
            }
        } catch {
            // a process that ended meanwhile, or one that is not ours to read
        }
    }
    throw new Error(`no pulumi up running in ${workDir}`);
}

/** SIGKILL to every process still working in `workDir` (what a killed `pulumi up` leaves: its provider host). */
function killLeftInDir(workDir: string): void {
    for (const pid of fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
        try {
            if (Number(pid) !== process.pid && fs.readlinkSync(`/proc/${pid}/cwd`) === workDir) process.kill(Number(pid), "SIGKILL");
        } catch {
            // a process that ended meanwhile, or one that is not ours to read
        }
    }
}

/** Resolves when `count` has not changed for a second. */
async function settled(count: () => Promise<number>): Promise<void> {
    let last = await count();
    for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const now = await count();
        if (now === last) return;
        last = now;
    }
}
