/**
 * `npm start`: the demo stack (examples/demo) through its whole life against the embedded vendor
 * emulator: plan, up, a simulated call reaching the webhook receiver, a no-op preview, an edit
 * made by hand in the "panel", the refresh that sees it, the up that reverts it, and destroy.
 *
 * With a `pulumi` binary on PATH it drives the real CLI (local file backend in .telephony/, a demo
 * passphrase unless PULUMI_CONFIG_PASSPHRASE is set); otherwise the engine stand-in, which runs
 * the program under mocks and the real dynamic-provider host over gRPC.
 * TELEPHONY_DEMO_ENGINE=standin|cli forces one.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../sandbox";
import { describeEvent, startReceiver, type Receiver } from "./directcall-receiver";
import { DEMO_PASSPHRASE, renderOperation, Stack, StackOperationError, type OperationResult } from "../sandbox/engine";
import { main as telephony } from "../cli/telephony";

const repoRoot = path.resolve(__dirname, "..", "..");
const workDir = path.join(repoRoot, ".telephony", "demo");
const color = process.stdout.isTTY === true;
const bold = (text: string) => (color ? `\u001b[1m${text}\u001b[0m` : text);

interface Engine {
    name: string;
    preview(refresh?: boolean): Promise<string>;
    up(): Promise<string>;
    refresh(): Promise<string>;
    destroy(): Promise<string>;
}

/** The receiver's Basic auth password: registered with Directcall through the stack, as a secret. */
const RECEIVER_PASSWORD = "demo-receiver-password";

function config(sandbox: Sandbox, receiver: Receiver) {
    return {
        plain: {
            "telephony:nextbillingUrl": sandbox.url,
            "telephony:directcallUrl": sandbox.url,
            "telephony:erixUrl": sandbox.url,
            "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
            "telephony-demo:receiverUrl": receiver.url,
        },
        secret: {
            "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
            "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
            "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
            "telephony-demo:trunkPassword": "demo-trunk-password",
            "telephony-demo:receiverPassword": RECEIVER_PASSWORD,
        },
    };
}

function standIn(sandbox: Sandbox, receiver: Receiver): Engine {
    const { plain, secret } = config(sandbox, receiver);
    const stack = new Stack({
        projectDir: repoRoot,
        program: path.join(repoRoot, "dist", "examples", "demo", "index.js"),
        project: "telephony-demo",
        stack: "demo",
        stateFile: path.join(workDir, "state.json"),
        config: plain,
        secretConfig: secret,
    });
    const show = async (run: () => Promise<OperationResult>) => {
        try {
            return renderOperation(await run(), { color });
        } catch (error) {
            if (error instanceof StackOperationError) throw new Error(renderOperation(error.result, { color }));
            throw error;
        }
    };
    return {
        name: "engine stand-in (real dynamic-provider host over gRPC; no pulumi CLI on PATH)",
        preview: (refresh) => show(() => stack.preview({ refresh })),
        up: () => show(() => stack.up()),
        refresh: () => show(() => stack.refresh()),
        destroy: () => show(() => stack.destroy()),
    };
}

function cli(sandbox: Sandbox, receiver: Receiver): Engine {
    const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${path.join(workDir, "backend")}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? DEMO_PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const pulumi = (...args: string[]) => {
        const run = spawnSync("pulumi", [...args, "--stack", "demo", "--non-interactive"], { cwd: repoRoot, env, encoding: "utf8" });
        if (run.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
        return run.stdout;
    };
    fs.mkdirSync(path.join(workDir, "backend"), { recursive: true });
    // A stack config left by an earlier run holds the salt of a backend that no longer exists.
    fs.rmSync(path.join(repoRoot, "Pulumi.demo.yaml"), { force: true });
    spawnSync("pulumi", ["stack", "init", "demo", "--non-interactive"], { cwd: repoRoot, env, encoding: "utf8" });
    const { plain, secret } = config(sandbox, receiver);
    for (const [key, value] of Object.entries(plain)) pulumi("config", "set", key, value);
    for (const [key, value] of Object.entries(secret)) pulumi("config", "set", "--secret", key, value);
    return {
        name: "pulumi CLI (local file backend in .telephony/demo/backend)",
        preview: async (refresh) => pulumi("preview", "--diff", ...(refresh ? ["--refresh"] : [])),
        up: async () => pulumi("up", "--yes", "--skip-preview", "--diff"),
        refresh: async () => pulumi("refresh", "--yes", "--diff", "--skip-preview"),
        destroy: async () => pulumi("destroy", "--yes", "--skip-preview"),
    };
}

function chooseEngine(sandbox: Sandbox, receiver: Receiver): Engine {
    const forced = process.env.TELEPHONY_DEMO_ENGINE;
    const onPath = spawnSync("pulumi", ["version"], { encoding: "utf8" }).status === 0;
    if (forced === "cli" || (forced !== "standin" && onPath)) return cli(sandbox, receiver);
    return standIn(sandbox, receiver);
}

/** Runs a `telephony` subcommand in process, collecting what it prints. */
async function runTelephony(...argv: string[]): Promise<{ code: number; lines: string[] }> {
    const lines: string[] = [];
    const code = await telephony(argv, {
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
        untilStopped: async () => undefined,
    });
    return { code, lines };
}

/** The exported project depends on pulumi-telephony: here, this checkout (its dist/). */
function linkPackage(projectDir: string): void {
    const modules = path.join(projectDir, "node_modules");
    fs.mkdirSync(modules, { recursive: true });
    fs.symlinkSync(repoRoot, path.join(modules, "pulumi-telephony"), "dir");
    fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(modules, "@pulumi"), "dir");
}

async function main() {
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    const sandbox = await startSandbox({ port: 0 });
    const admin = new SandboxAdmin(sandbox.url);
    const receiver = await startReceiver({ port: 0, basicAuth: { username: "directcall", password: RECEIVER_PASSWORD } });
    const started = Date.now();
    const timings: [string, number][] = [];
    try {
        const engine = chooseEngine(sandbox, receiver);
        console.log(
            bold(
                `Vendor emulator (NextBilling, Directcall, Erix) at ${sandbox.url}; CRM receiver at ${receiver.url}; engine: ${engine.name}\n`,
            ),
        );
        const stage = async (title: string, run: () => Promise<string | void>) => {
            console.log(bold(`== ${title}`));
            const t0 = Date.now();
            const output = await run();
            const ms = Date.now() - t0;
            timings.push([title, ms]);
            if (output) console.log(output.trimEnd());
            console.log(`   (${ms} ms)\n`);
        };

        await stage("1. preview: the plan", () => engine.preview());
        const agents = async () => {
            const sessions = await admin.erix.sessions();
            if (sessions.length === 0) return "   Erix: no agent logged in";
            const describe = (s: (typeof sessions)[number]) =>
                `${s.agent} at ${s.exten} in ${s.queue}, ${s.paused ? `paused (${s.reason || "no reason"})` : "available"}`;
            return `   Erix: ${sessions.map(describe).join("; ")}`;
        };
        await stage("2. up", async () => `${(await engine.up()).trimEnd()}\n${await agents()}`);
        await stage("3. a call comes in: Directcall posts its status events to the registered receiver", async () => {
            const call = await admin.directcall.simulateCall({
                origem: "11999990000",
                destino: "1130001000",
                statuses: ["atendida", "desligou"],
            });
            const ours = call.deliveries.filter((delivery) => delivery.url.startsWith(receiver.url));
            return [
                ...ours.map((delivery) => `   delivered ${delivery.status} to ${delivery.url}: HTTP ${delivery.httpStatus}`),
                ...receiver.events.map((event) => `   receiver got: ${describeEvent(event)}`),
            ].join("\n");
        });
        await stage("4. preview again: nothing to do, and no write reaches any vendor", async () => {
            const before = (await admin.requests()).writes;
            const output = await engine.preview();
            const writes = (await admin.requests()).writes - before;
            if (writes !== 0) throw new Error(`a no-op preview made ${writes} write(s) to the vendors`);
            return `${output.trimEnd()}\n   emulator: ${writes} writes during this preview`;
        });
        await stage("5. someone edits the reception group and the sales number by hand in the NextBilling panel", async () => {
            const { ringGroups, dids } = (await admin.state()).nextbilling;
            const reception = ringGroups.find((group) => group.descricao === "Ramais Recepção");
            const salesLine = dids.find((did) => did.did_number === "1130001000");
            if (!reception || !salesLine) throw new Error("the demo records are missing from the emulator");
            await admin.ringGroups.patch(reception.id, { strategy: "ringall", devices: [1, 4], status: 0 });
            await admin.dids.patch(salesLine.id, { did_type_id: 14, max_calls: 10 });
            return [
                `   ring group ${reception.id}: strategy → ringall, devices → [1, 4], status → 0`,
                `   DID ${salesLine.did_number}: queue → 14 (Fila Suporte), max_calls → 10`,
            ].join("\n");
        });
        await stage("6. refresh: the drift, field by field", () => engine.refresh());
        await stage("7. up: back to what the code declares", () => engine.up());
        await stage("8. destroy (the PBX trunk number is released to the pool, not deleted; agents log off)", async () => {
            const output = await engine.destroy();
            const pool = (await admin.state()).nextbilling.dids.filter((did) => did.customer_id === 0).map((did) => did.did_number);
            return `${output.trimEnd()}\n   emulator: numbers in the pool (customer 0): ${pool.join(", ")}\n${await agents()}`;
        });

        // Adopting what was configured by hand: the emulator's legacy tenant (customer 31).
        const exportDir = path.join(workDir, "legacy-export");
        process.env.NEXTBILLING_URL = sandbox.url;
        process.env.NEXTBILLING_TOKEN = DEMO_CREDENTIALS.token;
        process.env.NEXTBILLING_KEY = DEMO_CREDENTIALS.key;
        await stage(
            "9. telephony export: the legacy tenant (customer 31), configured by hand over years, as a Pulumi program",
            async () => {
                const run = await runTelephony("export", "--out", exportDir, "--customer", "31");
                if (run.code !== 0) throw new Error(`telephony export failed:\n${run.lines.join("\n")}`);
                const program = fs.readFileSync(path.join(exportDir, "index.ts"), "utf8").split("\n");
                return [
                    ...run.lines,
                    "",
                    `   ${exportDir}/index.ts (first 40 of ${program.length} lines):`,
                    ...program.slice(0, 40).map((line) => `   | ${line}`),
                ].join("\n");
            },
        );
        await stage("10. the exported program's first up adopts everything: no vendor write; then nothing to do", async () => {
            linkPackage(exportDir);
            const adoption = new Stack({
                projectDir: exportDir,
                program: "index.ts",
                project: "telephony-export",
                stack: "legacy",
                stateFile: path.join(workDir, "legacy-state.json"),
                config: { "telephony:nextbillingUrl": sandbox.url },
                secretConfig: { "telephony:nextbillingToken": DEMO_CREDENTIALS.token, "telephony:nextbillingKey": DEMO_CREDENTIALS.key },
            });
            const before = (await admin.requests()).writes;
            const up = await adoption.up();
            const writes = (await admin.requests()).writes - before;
            if (writes !== 0) throw new Error(`adopting the exported program made ${writes} vendor write(s)`);
            const preview = await adoption.preview();
            return [
                `   up: ${up.counts.create ?? 0} resources adopted by importId (Pulumi "create" steps), emulator writes: ${writes}`,
                `   preview afterwards: ${Object.entries(preview.counts)
                    .map(([op, n]) => `${n} ${op}`)
                    .join(", ")}`,
            ].join("\n");
        });
        await stage("11. someone adds a ring group in the panel; telephony drift reports it (exit 2)", async () => {
            const added = await admin.ringGroups.create({
                id_cliente: 31,
                descricao: "Plantão Fim de Semana",
                strategy: "ringall",
                devices: [50, 53],
                status: 1,
            });
            const run = await runTelephony("drift", "--program", exportDir, "--customers", "31", "--format", "text");
            if (run.code !== 2) throw new Error(`telephony drift exited ${run.code}, expected 2:\n${run.lines.join("\n")}`);
            return [
                `   added ring group ${added.id} "${added.descricao}" outside Pulumi`,
                ...run.lines.map((line) => `   ${line}`),
                `   exit code: ${run.code}`,
            ].join("\n");
        });

        console.log(bold("Timings"));
        for (const [title, ms] of timings) console.log(`   ${String(ms).padStart(6)} ms  ${title}`);
        console.log(`   ${String(Date.now() - started).padStart(6)} ms  total`);
    } finally {
        await receiver.close();
        await sandbox.close();
    }
}

main().catch((error: Error) => {
    console.error(`\nDemo failed: ${error.message}`);
    process.exit(1);
});
