/**
 * `npm start`: the demo stack (examples/demo: a store's lines, time profile, queue, IVR, ring
 * group and DIDs, with typed references between them; a Directcall call-status webhook and two Erix
 * agent sessions) through its whole life against the embedded vendor emulator, on the real Pulumi
 * engine: plan, up, a simulated call reaching the webhook receiver, a no-op preview, an edit made by
 * hand in the "panel", the refresh that sees it, the up that reverts it, a new line that flows
 * through the references into the queue and the ring group, and destroy in dependency order; then
 * the adoption of a tenant configured by hand (telephony export, its first up, telephony drift).
 *
 * The CLI comes from engine/resolve.js (PULUMI_CLI, a recent `pulumi` on PATH, else
 * .engine/bin/pulumi, built from Go modules when missing: minutes, the first time). Stacks live in
 * a local file backend in .telephony/demo/backend, encrypted with PULUMI_CONFIG_PASSPHRASE or a
 * demo passphrase. What Pulumi prints is shown as it prints it, indented.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../sandbox";
import { describeEvent, startReceiver, type Receiver } from "./directcall-receiver";
import { DEMO_PASSPHRASE, EngineStack, findEngine, moduleProgram, type Engine, type EngineStackOptions } from "./engine";
import { main as telephony } from "../cli/telephony";

const repoRoot = path.resolve(__dirname, "..", "..");
const workDir = path.join(repoRoot, ".telephony", "demo");
const backendDir = path.join(workDir, "backend");
const homeDir = path.join(workDir, "home");
const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE ?? DEMO_PASSPHRASE;
const color = process.stdout.isTTY === true;
const bold = (text: string) => (color ? `\u001b[1m${text}\u001b[0m` : text);

/** The receiver's Basic auth password: registered with Directcall through the stack, as a secret. */
const RECEIVER_PASSWORD = "demo-receiver-password";
/** The SIP passwords of the store's lines 4501, 4502 and (from step 8) 4503: stack secrets. */
const LINE_PASSWORDS = ["demo-line-4501-pw", "demo-line-4502-pw", "demo-line-4503-pw"];

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
            "telephony-demo:linePassword4501": LINE_PASSWORDS[0],
            "telephony-demo:linePassword4502": LINE_PASSWORDS[1],
        },
    };
}

/** Pulumi's output, indented under the step's title. Blank lines are kept: they separate Pulumi's sections. */
const engineOutput: Pick<EngineStackOptions, "onLine" | "onErrorLine"> = {
    onLine: (line) => console.log(line === "" ? "" : `   ${line}`),
    onErrorLine: (line) => console.error(line === "" ? "" : `   ${line}`),
};

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

/**
 * The exported project depends on pulumi-telephony: here, this checkout (its dist/), linked into the
 * project's node_modules for as long as the walkthrough runs the program. The returned function
 * removes the links (and that node_modules): the one to the checkout is a link to an ancestor of
 * the project, a loop for every tool that follows links. The exported program stays, to be read
 * (or installed with `npm install` and run).
 */
function linkPackage(projectDir: string): () => void {
    const modules = path.join(projectDir, "node_modules");
    const links = [
        [repoRoot, path.join(modules, "pulumi-telephony")],
        [path.join(repoRoot, "node_modules", "@pulumi"), path.join(modules, "@pulumi")],
    ];
    const unlink = () => {
        // Each link by itself (rmSync removes a link, not what it points at), then the folder if nothing else is in it.
        for (const [, link] of links) fs.rmSync(link, { force: true });
        if (fs.existsSync(modules) && fs.readdirSync(modules).length === 0) fs.rmdirSync(modules);
    };
    try {
        fs.mkdirSync(modules, { recursive: true });
        for (const [target, link] of links) fs.symlinkSync(target, link, "dir");
    } catch (error) {
        unlink();
        throw error;
    }
    return unlink;
}

/**
 * Compiles the exported index.ts to CommonJS in the project's bin/ (its tsconfig's outDir, which its
 * .gitignore already ignores), with the project's own compiler options. The compiler API rather
 * than ts-node's register hook: that hook stays installed for the rest of this process and would
 * compile every .ts file it loads from then on; a compiled file is an ordinary module, loaded and
 * re-loaded like the demo's. Transpile only, which Pulumi's ts-node mode is not by default: the
 * export type-checks in test/export, and a type check here would add seconds for nothing. From bin/,
 * `pulumi-telephony` resolves through the project's node_modules (linkPackage).
 */
function compileProgram(projectDir: string): string {
    const tsconfig = ts.readConfigFile(path.join(projectDir, "tsconfig.json"), ts.sys.readFile);
    if (tsconfig.error) throw new Error(ts.flattenDiagnosticMessageText(tsconfig.error.messageText, "\n"));
    const { options } = ts.convertCompilerOptionsFromJson(tsconfig.config.compilerOptions ?? {}, projectDir);
    const source = path.join(projectDir, "index.ts");
    const compiled = ts.transpileModule(fs.readFileSync(source, "utf8"), {
        fileName: source,
        compilerOptions: { ...options, module: ts.ModuleKind.CommonJS, sourceMap: false },
    });
    const file = path.join(projectDir, "bin", "index.js");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, compiled.outputText);
    return file;
}

function describeEngine(engine: Engine): string {
    const where = path.relative(repoRoot, engine.pulumi);
    return `pulumi v${engine.version} (${engine.source}, ${where.startsWith("..") ? engine.pulumi : where})`;
}

const byOp = (counts: Record<string, number>) =>
    Object.entries(counts)
        .map(([op, n]) => `${n} ${op}`)
        .join(", ") || "none";

/** The step under way, named when the demo fails. */
let currentStep: string | undefined;

async function main() {
    const started = Date.now();
    const timings: [string, number][] = [];
    const timed = async <T>(title: string, run: () => Promise<T>): Promise<T> => {
        const t0 = Date.now();
        currentStep = title;
        const result = await run();
        currentStep = undefined;
        timings.push([title, Date.now() - t0]);
        return result;
    };

    // First, as it may take minutes on a fresh machine (resolve.js says how long to expect).
    const engine = await timed("engine: find the Pulumi CLI (or build it)", () => findEngine((line) => console.log(line)));
    console.log(`engine: ${describeEngine(engine)}`);

    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    const sandbox = await startSandbox({ port: 0 });
    const admin = new SandboxAdmin(sandbox.url);
    const receiver = await startReceiver({ port: 0, basicAuth: { username: "directcall", password: RECEIVER_PASSWORD } });
    /** Removes the exported program's links to this checkout (linkPackage); idempotent. */
    let unlinkPackage = () => {};
    try {
        console.log(bold(`Vendor emulator (NextBilling, Directcall, Erix) at ${sandbox.url}; CRM receiver at ${receiver.url}\n`));
        const stage = async (title: string, run: () => Promise<string | void>) => {
            console.log(bold(`== ${title}`));
            const output = await timed(title, run);
            if (output) console.log(output.trimEnd());
            console.log(`   (${timings[timings.length - 1][1]} ms)\n`);
        };

        const projectDir = path.join(workDir, "project");
        const { plain, secret } = config(sandbox, receiver);
        const demo = await timed("stack demo: create it, set its config", () =>
            EngineStack.create({
                engine,
                project: "telephony-demo",
                stack: "demo",
                // Under the repository, so the provider host the engine starts here finds its node_modules.
                workDir: projectDir,
                backendDir,
                homeDir,
                // The compiled demo, which imports "pulumi-telephony": from inside this repository that is the
                // package's own name, resolved through package.json "exports" to dist/provider.
                program: moduleProgram(path.join(repoRoot, "dist", "examples", "demo", "index.js")),
                config: plain,
                secretConfig: secret,
                passphrase,
                ...engineOutput,
            }),
        );
        console.log(
            `Stack telephony-demo/demo: project folder ${path.relative(repoRoot, projectDir)}, ` +
                `file backend ${path.relative(repoRoot, backendDir)}, ${Object.keys(secret).length} config values stored as secrets\n`,
        );

        await stage("1. preview: the plan", async () => void (await demo.preview()));
        const agents = async () => {
            const sessions = await admin.erix.sessions();
            if (sessions.length === 0) return "   Erix: no agent logged in";
            const describe = (s: (typeof sessions)[number]) =>
                `${s.agent} at ${s.exten} in ${s.queue}, ${s.paused ? `paused (${s.reason || "no reason"})` : "available"}`;
            return `   Erix: ${sessions.map(describe).join("; ")}`;
        };
        await stage("2. up", async () => {
            // One line per step as it starts and ends: the plan, property by property, was step 1.
            await demo.up();
            return agents();
        });
        await stage("3. a call comes in: Directcall posts its status events to the registered receiver", async () => {
            const call = await admin.directcall.simulateCall({
                origem: "11999990000",
                destino: "1145001000",
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
            const preview = await demo.preview();
            const writes = (await admin.requests()).writes - before;
            if (writes !== 0) throw new Error(`a no-op preview made ${writes} write(s) to the vendors`);
            const changed = Object.keys(preview.resources).filter((op) => op !== "same");
            if (changed.length > 0 || !preview.resources.same)
                throw new Error(`the preview after up is not all "same": ${byOp(preview.resources)}`);
            return `   emulator: ${writes} writes during this preview`;
        });
        const store = async () => {
            const { ringGroups, dids, queues } = (await admin.state()).nextbilling;
            const reception = ringGroups.find((group) => group.id_cliente === 45 && group.descricao === "Ramais Loja");
            const salesNumber = dids.find((did) => did.did_number === "1145002000");
            const queue = queues.find((record) => record.id_cliente === 45 && record.descricao === "Fila Vendas Varejo");
            if (!reception || !salesNumber || !queue) throw new Error("the demo records are missing from the emulator");
            return { reception, salesNumber, queue };
        };
        await stage("5. someone edits the store's ring group and sales number by hand in the NextBilling panel", async () => {
            const { reception, salesNumber } = await store();
            await admin.ringGroups.patch(reception.id, { strategy: "ringall", devices: [reception.devices[0]!], status: 0 });
            await admin.dids.patch(salesNumber.id, { description: "Vendas (editado)", max_calls: 10 });
            return [
                `   ring group ${reception.id}: strategy → ringall, devices → [${reception.devices[0]}], status → 0`,
                `   DID ${salesNumber.did_number}: description → "Vendas (editado)", max_calls → 10`,
            ].join("\n");
        });
        await stage("6. refresh: the drift, field by field", async () => void (await demo.refresh()));
        await stage("7. up: back to what the code declares", async () => {
            await demo.up({ diff: true });
            // What the vendor holds now, read back from the emulator rather than taken from Pulumi's word.
            const { reception, salesNumber } = await store();
            return [
                `   emulator: ring group ${reception.id}: strategy ${reception.strategy}, devices [${reception.devices.join(", ")}], status ${reception.status}`,
                `   emulator: DID ${salesNumber.did_number}: description "${salesNumber.description}", max_calls ${salesNumber.max_calls}`,
            ].join("\n");
        });
        await stage(
            "8. the store hires: a third line in the code, which joins the queue and the ring group through their references",
            async () => {
                await demo.setConfig({ "telephony-demo:thirdLine": "true" }, { "telephony-demo:linePassword4503": LINE_PASSWORDS[2]! });
                await demo.up({ diff: true });
                const { reception, queue } = await store();
                return [
                    `   emulator: queue ${queue.id} "${queue.descricao}": lines [${queue.devices.join(", ")}]`,
                    `   emulator: ring group ${reception.id} "${reception.descricao}": lines [${reception.devices.join(", ")}]`,
                ].join("\n");
            },
        );
        await stage(
            "9. destroy, in dependency order: what points at a record goes before it (the cashier's number is released to the pool; agents log off)",
            async () => {
                await admin.clearRequests();
                await demo.destroy();
                const removed = (await admin.requests()).requests
                    .filter((request) => request.method === "DELETE" && request.path.startsWith("/api/"))
                    .map((request) => `${request.path.split("/")[2]} ${request.query.id_record}`);
                const pool = (await admin.state()).nextbilling.dids.filter((did) => did.customer_id === 0).map((did) => did.did_number);
                return [
                    `   emulator: deletes in the order they arrived: ${removed.join(", ")}`,
                    `   emulator: numbers in the pool (customer 0): ${pool.join(", ")}`,
                    await agents(),
                ].join("\n");
            },
        );

        // Adopting what was configured by hand: the emulator's legacy tenant (customer 31).
        const exportDir = path.join(workDir, "legacy-export");
        process.env.NEXTBILLING_URL = sandbox.url;
        process.env.NEXTBILLING_TOKEN = DEMO_CREDENTIALS.token;
        process.env.NEXTBILLING_KEY = DEMO_CREDENTIALS.key;
        await stage(
            "10. telephony export: the legacy tenant (customer 31), configured by hand over years, as a Pulumi program",
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
        // The exported program runs in steps 11 (on the engine) and 12 (telephony drift runs it under mocks).
        unlinkPackage = linkPackage(exportDir);
        await stage("11. the exported program's first up adopts everything: no vendor write; then nothing to do", async () => {
            // The exported folder is the project, as for `pulumi up` there: its own Pulumi.yaml, and the
            // Pulumi.legacy.yaml the engine writes, which telephony drift reads in step 12.
            const adoption = await EngineStack.create({
                engine,
                project: "telephony-export",
                stack: "legacy",
                workDir: exportDir,
                backendDir,
                homeDir,
                program: moduleProgram(compileProgram(exportDir)),
                config: { "telephony:nextbillingUrl": sandbox.url },
                secretConfig: { "telephony:nextbillingToken": DEMO_CREDENTIALS.token, "telephony:nextbillingKey": DEMO_CREDENTIALS.key },
                passphrase,
                ...engineOutput,
            });
            const before = (await admin.requests()).writes;
            const up = await adoption.up();
            const writes = (await admin.requests()).writes - before;
            if (writes !== 0) throw new Error(`adopting the exported program made ${writes} vendor write(s)`);
            console.log("");
            const preview = await adoption.preview();
            const changed = Object.keys(preview.resources).filter((op) => op !== "same");
            if (changed.length > 0 || !preview.resources.same)
                throw new Error(`the preview after adopting is not all "same": ${byOp(preview.resources)}`);
            return [
                `   up: ${up.resources.create ?? 0} resources adopted by importId (Pulumi "create" steps), emulator writes: ${writes}`,
                `   preview afterwards: ${byOp(preview.resources)} (resources; Pulumi's count includes the stack itself)`,
            ].join("\n");
        });
        await stage("12. someone adds a ring group in the panel; telephony drift reports it (exit 2)", async () => {
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
        unlinkPackage();

        console.log(bold("Timings"));
        for (const [title, ms] of timings) console.log(`   ${String(ms).padStart(6)} ms  ${title}`);
        console.log(`   ${String(Date.now() - started).padStart(6)} ms  total`);
    } finally {
        unlinkPackage();
        await receiver.close();
        await sandbox.close();
    }
}

main().catch((error: Error) => {
    // Never a command line: a failed config set-all says the CLI's error line with the secrets masked (engine.ts).
    console.error(`\nDemo failed${currentStep === undefined ? "" : ` at "${currentStep}"`}: ${error.message}`);
    process.exit(1);
});
