/**
 * `telephony export` end to end: the seeded emulator (legacy tenant 31 included) exported in process,
 * the generated program run by the real Pulumi engine (test/support/engine.ts) and the real
 * dynamic-provider host: its first `up` adopts everything with zero vendor writes, and the next
 * preview has no changes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import * as ts from "typescript";
import { createExportCommand, type ProgressTerminal } from "../../cli/export";
import { main, type CliContext } from "../../cli/telephony";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { EngineStack, requireEngine, type EngineRun } from "../support/engine";

const REPO = path.resolve(__dirname, "..", "..");
const PROJECT = "telephony-export";
/** The legacy tenant's secrets, as the emulator's seed holds them: none may leave it through the export. */
const HOOK_PASSWORD = "legado-hook-pw";
const SUPPLIER_PASSWORD = "legado-supplier-pw";
const SECRETS = [HOOK_PASSWORD, SUPPLIER_PASSWORD, DEMO_CREDENTIALS.token, DEMO_CREDENTIALS.key, DIRECTCALL_DEMO_CREDENTIALS.client_secret];

const VARIABLES = [
    "NEXTBILLING_URL",
    "NEXTBILLING_TOKEN",
    "NEXTBILLING_KEY",
    "DIRECTCALL_URL",
    "DIRECTCALL_CLIENT_ID",
    "DIRECTCALL_CLIENT_SECRET",
];

let sandbox: Sandbox;
let admin: SandboxAdmin;
let work: string;
const saved: Record<string, string | undefined> = {};

function environment(): Record<string, string> {
    return {
        NEXTBILLING_URL: sandbox.url,
        NEXTBILLING_TOKEN: DEMO_CREDENTIALS.token,
        NEXTBILLING_KEY: DEMO_CREDENTIALS.key,
        DIRECTCALL_URL: sandbox.url,
        DIRECTCALL_CLIENT_ID: DIRECTCALL_DEMO_CREDENTIALS.client_id,
        DIRECTCALL_CLIENT_SECRET: DIRECTCALL_DEMO_CREDENTIALS.client_secret,
    };
}

interface Run {
    code: number;
    out: string[];
    err: string[];
}

function capture(): { context: CliContext; result: Omit<Run, "code"> } {
    const result = { out: [] as string[], err: [] as string[] };
    return {
        context: { out: (line) => result.out.push(line), err: (line) => result.err.push(line), untilStopped: async () => undefined },
        result,
    };
}

/** `telephony export …` through the real dispatcher, configured by process.env as from a shell. */
async function telephonyExport(...args: string[]): Promise<Run> {
    const { context, result } = capture();
    const code = await main(["export", ...args], context);
    return { code, ...result };
}

/** The command with an environment of its own (and a fake terminal), for configuration cases. */
async function exportWith(env: Record<string, string | undefined>, args: string[], terminal?: ProgressTerminal): Promise<Run> {
    const { context, result } = capture();
    const code = await createExportCommand({ env, terminal }).run(args, context);
    return { code, ...result };
}

const outDir = (name: string) => path.join(work, name);
const read = (dir: string) => Object.fromEntries(fs.readdirSync(dir).map((name) => [name, fs.readFileSync(path.join(dir, name), "utf8")]));
const importIds = (text: string) =>
    [...text.matchAll(/new telephony\.(\w+)\.(\w+)\("[^"]+", \{[\s\S]*?importId: "?([^",\n]+)"?,\n\}\);/g)].map((m) => `${m[2]} ${m[3]}`);

/** The `pulumi config set` lines the export printed, with each <value> filled in from what the test knows. */
function printedConfig(out: string[]): { config: Record<string, string>; secretConfig: Record<string, string> } {
    const known: Record<string, string> = {
        "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
        "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
        "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
        [`${PROJECT}:crmLegadoExampleComBrDirectcallPassword`]: HOOK_PASSWORD,
    };
    const config: Record<string, string> = {};
    const secretConfig: Record<string, string> = {};
    for (const line of out) {
        const match = /^\s*pulumi config set (--secret )?(\S+) (\S+)$/.exec(line);
        if (!match) continue;
        const key = match[2]!.includes(":") ? match[2]! : `${PROJECT}:${match[2]}`;
        if (match[1]) {
            expect(match[3]).toBe("<value>");
            expect(known).toHaveProperty([key]);
            secretConfig[key] = known[key]!;
        } else {
            config[key] = match[3]!;
        }
    }
    return { config, secretConfig };
}

/** Makes `pulumi-telephony` and `@pulumi/pulumi` resolvable from the generated project, as `npm install` would. */
function linkDependencies(dir: string): void {
    fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    fs.symlinkSync(REPO, path.join(dir, "node_modules", "pulumi-telephony"), "dir");
    fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
}

/**
 * The generated program compiled by the TypeScript API with its own tsconfig.json (so type errors
 * fail here, as `pulumi up` type-checks too) into the bin/ it declares as outDir; returns the
 * diagnostics and the compiled main. Not ts-node's `register()`: inside Jest, `require` is Jest's
 * own, which never consults Node's extension hooks (a required .ts goes through ts-jest and this
 * repository's tsconfig instead), and the program must be required through Jest's registry, so that
 * its `@pulumi/pulumi` is the copy the Automation API runs the inline program with. Plain JS is
 * loaded as is.
 */
function compileProgram(dir: string): { diagnostics: string[]; main: string } {
    const parsed = ts.getParsedCommandLineOfConfigFile(path.join(dir, "tsconfig.json"), undefined, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
        },
    })!;
    const program = ts.createProgram(parsed.fileNames, parsed.options);
    const emitted = program.emit();
    const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((diagnostic) =>
        ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    );
    return { diagnostics, main: path.join(parsed.options.outDir!, "index.js") };
}

/**
 * The inline program: the compiled program, required afresh at each engine run (a new copy of the
 * file each time: Jest's registry keeps a required file for good, and cannot forget it alone).
 * `pulumi-telephony` resolves through the project's node_modules link to this repository's dist/.
 */
function compiledProgram(main: string): PulumiFn {
    let runs = 0;
    return async () => {
        const copy = main.replace(/\.js$/, `.run-${++runs}.js`);
        fs.copyFileSync(main, copy);
        require(copy);
    };
}

function succeeded(run: EngineRun): EngineRun {
    if (!run.ok) throw new Error(`engine run failed: ${run.error?.message}\n${JSON.stringify(run.diagnostics, null, 2)}`);
    return run;
}

/** Every resource's steps of a run: name -> ops. */
const everyOp = (run: EngineRun, op: string) => Object.fromEntries(Object.keys(run.ops).map((name) => [name, [op]]));

requireEngine();

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "telephony-export-"));
    for (const name of VARIABLES) saved[name] = process.env[name];
});
afterAll(async () => {
    for (const name of VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
    }
    await sandbox.close();
    fs.rmSync(work, { recursive: true, force: true });
});
beforeEach(async () => {
    await admin.reset();
    Object.assign(process.env, environment());
});

describe("telephony export", () => {
    it("writes a program whose first up adopts everything with zero vendor writes, then previews all same", async () => {
        const dir = outDir("round-trip");
        const exported = await telephonyExport("--out", dir);
        expect(exported.code).toBe(0);
        expect(exported.out).toContain(
            "Exported 15 lines, 3 time profiles, 5 queues, 3 IVRs, 4 ring groups, 5 DIDs, 3 callback registrations:",
        );
        expect(exported.out).toEqual(
            expect.arrayContaining([
                "  customer 9: 6 lines, 1 time profile, 1 queue, 1 IVR, 1 DID",
                "  customer 13: 3 lines, 1 time profile, 2 queues, 1 IVR",
                "  customer 21: 2 lines",
                "  customer 31: 4 lines, 1 time profile, 2 queues, 1 IVR, 4 ring groups, 4 DIDs",
                "  Directcall account: 3 callback registrations",
                "Skipped 1:",
                "  DID 11 (1130009999 Número disponível): it has no routing (did_type) in NextBilling yet; give it one in the panel, or declare it by hand",
            ]),
        );
        const files = read(dir);
        expect(Object.keys(files).sort()).toEqual([".gitignore", "Pulumi.yaml", "index.ts", "package.json", "tsconfig.json"]);
        const index = files["index.ts"]!;
        expect(index).toContain(
            '// NextBilling ring group 2 "Comercial - Todos"\nnew telephony.nextbilling.RingGroup("comercial-todos", {',
        );
        expect(index).toContain(
            '// NextBilling ring group 3 "comercial - todos"\nnew telephony.nextbilling.RingGroup("comercial-todos-2", {',
        );
        // References are the referenced resources' outputs, declared first: the engine orders creates and deletes by them.
        expect(index).toContain('const recepcao1 = new telephony.nextbilling.Line("recepcao-1", {');
        // A line's password is never listed: the program says how to take it over, under a key of its own.
        expect(index).toContain("    // To manage it here: `pulumi config set --secret recepcao1Password <password>`, then\n");
        expect(index).toContain(
            '    // password: new pulumi.Config().requireSecret("recepcao1Password") (import * as pulumi from "@pulumi/pulumi").\n',
        );
        expect(index).toContain("    devices: [recepcao1.recordId, recepcao2.recordId],");
        expect(index).toContain("    overflowQueueId: filaSuporteLegado.recordId,");
        expect(index).toContain("    timeProfileId: expedienteLegado.recordId,");
        expect(index).toContain('        "1": { action: "queue", queueId: filaComercial.recordId },');
        expect(index).toContain("        queueId: filaComercial.recordId,");
        expect(index).toContain("        ivrId: uraLegado.recordId,");
        expect(index).toContain("        deviceId: suporte.recordId,");
        expect(index.indexOf('"fila-suporte-legado"')).toBeLessThan(index.indexOf('"fila-comercial"'));
        expect(index).toContain('password: config.requireSecret("crmLegadoExampleComBrDirectcallPassword"),');
        expect(importIds(index)).toEqual([
            ...["Line 1", "Line 4", "Line 5", "Line 6", "Line 19", "Line 23", "TimeProfile 2", "Queue 15", "Ivr 8", "Did 12"],
            ...["Line 30", "Line 31", "Line 32", "TimeProfile 3", "Queue 12", "Queue 14", "Ivr 7"],
            ...["Line 40", "Line 41"],
            ...["Line 50", "Line 51", "Line 52", "Line 53", "TimeProfile 4", "Queue 21", "Queue 20", "Ivr 9"],
            ...["RingGroup 1", "RingGroup 2", "RingGroup 3", "RingGroup 4", "Did 13", "Did 14", "Did 15", "Did 16"],
            ...["CallbackUrl cb-legacy-1", "CallbackUrl cb-legacy-2", "CallbackUrl cb-legacy-3"],
        ]);
        const packageJson = JSON.parse(files["package.json"]!);
        const ours = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
        expect(packageJson.dependencies).toEqual({
            "@pulumi/pulumi": ours.dependencies["@pulumi/pulumi"],
            "pulumi-telephony": `^${ours.version}`,
        });

        linkDependencies(dir);
        // `pulumi up` type-checks a TypeScript program: the generated one must compile with its own tsconfig.
        const compiled = compileProgram(dir);
        expect(compiled.diagnostics).toEqual([]);
        const { config, secretConfig } = printedConfig(exported.out);
        expect(config).toEqual({
            "telephony:nextbillingUrl": sandbox.url,
            "telephony:directcallUrl": sandbox.url,
            "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
        });
        expect(Object.keys(secretConfig).sort()).toEqual([
            `${PROJECT}:crmLegadoExampleComBrDirectcallPassword`,
            "telephony:directcallClientSecret",
            "telephony:nextbillingKey",
            "telephony:nextbillingToken",
        ]);
        const stack = await EngineStack.create({
            project: PROJECT,
            program: compiledProgram(compiled.main),
            config,
            secretConfig,
            passphrase: "export round trip",
        });
        try {
            const writesBefore = (await admin.requests()).writes;
            const up = succeeded(await stack.up());
            expect((await admin.requests()).writes).toBe(writesBefore);
            // 38 resources, each a create that adopts (names are unique per type, as Pulumi's: line and ring group "recepcao").
            const created = up.steps.filter((step) => step.type.includes(":dynamic/telephony/"));
            expect(created.map((step) => step.op)).toEqual(Array(38).fill("create"));
            for (const { type, new: state } of created) {
                expect(state?.id).toBe(String(state?.outputs.importId));
                if (!type.endsWith("CallbackUrl")) expect(state?.outputs.recordId).toBe(Number(state?.id));
            }

            const preview = succeeded(await stack.preview({ expectNoChanges: true }));
            expect(preview.steps.filter((step) => step.type.includes(":dynamic/telephony/")).map((step) => step.op)).toEqual(
                Array(38).fill("same"),
            );
            expect((await admin.requests()).writes).toBe(writesBefore);
        } finally {
            await stack.dispose();
        }
    }, 180_000);

    it("adopts a DID with a supplier trunk without declaring, or changing, its password", async () => {
        const dir = outDir("supplier");
        const exported = await telephonyExport("--out", dir, "--customer", "31", "--only", "dids");
        expect(exported.code).toBe(0);
        expect(fs.readFileSync(path.join(dir, "index.ts"), "utf8")).toContain("// password: NextBilling never returns it");
        linkDependencies(dir);
        const compiled = compileProgram(dir);
        expect(compiled.diagnostics).toEqual([]);
        const stack = await EngineStack.create({
            project: PROJECT,
            program: compiledProgram(compiled.main),
            ...printedConfig(exported.out),
            passphrase: "export supplier",
        });
        try {
            const writesBefore = (await admin.requests()).writes;
            const up = succeeded(await stack.up());
            expect(Object.keys(up.ops)).toHaveLength(4);
            expect(up.ops).toEqual(everyOp(up, "create"));
            expect(succeeded(await stack.preview({ expectNoChanges: true })).ops).toEqual(everyOp(up, "same"));
            expect((await admin.requests()).writes).toBe(writesBefore);
        } finally {
            await stack.dispose();
        }
        // The password was never declared, so NextBilling still has its own.
        expect((await admin.state()).nextbilling.dids.find((record) => record.id === 14)?.password).toBe(SUPPLIER_PASSWORD);
    }, 180_000);

    it("writes identical files when run twice, and never a secret in a file or on stdout/stderr", async () => {
        const [first, second] = [await telephonyExport("--out", outDir("twice-1")), await telephonyExport("--out", outDir("twice-2"))];
        expect([first.code, second.code]).toEqual([0, 0]);
        expect(read(outDir("twice-2"))).toEqual(read(outDir("twice-1")));
        // Exporting again over the same directory is how a team sees what changed: same files, same bytes.
        expect((await telephonyExport("--out", outDir("twice-1"))).code).toBe(0);
        expect(read(outDir("twice-1"))).toEqual(read(outDir("twice-2")));
        const everything = [...Object.values(read(outDir("twice-1"))), ...first.out, ...first.err].join("\n");
        for (const secret of SECRETS) expect(everything).not.toContain(secret);
        expect(first.out).toContain("  pulumi config set --secret crmLegadoExampleComBrDirectcallPassword <value>");
    });

    it("--customer narrows NextBilling and leaves the account-wide Directcall registrations out unless --only names them", async () => {
        const onlyLegacy = await telephonyExport("--out", outDir("customer-31"), "--customer", "31");
        expect(onlyLegacy.code).toBe(0);
        const index = fs.readFileSync(path.join(outDir("customer-31"), "index.ts"), "utf8");
        expect(importIds(index)).toEqual([
            ...["Line 50", "Line 51", "Line 52", "Line 53", "TimeProfile 4", "Queue 21", "Queue 20", "Ivr 9"],
            ...["RingGroup 1", "RingGroup 2", "RingGroup 3", "RingGroup 4", "Did 13", "Did 14", "Did 15", "Did 16"],
        ]);
        expect(index).not.toContain("Customer 9");
        expect(onlyLegacy.out).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^ {2}callback registrations: Directcall registrations belong to no NextBilling customer/),
            ]),
        );
        expect(onlyLegacy.out.join("\n")).not.toContain("directcallClientId");

        await admin.clearRequests();
        const two = await telephonyExport("--out", outDir("customers"), "--customer", "9", "--customer", "31", "--only", "dids,callbacks");
        expect(two.code).toBe(0);
        const dids = fs.readFileSync(path.join(outDir("customers"), "index.ts"), "utf8");
        // What the DIDs point at is not exported here: its id, named in a comment from one list per customer and kind.
        expect(dids).toContain("queueId: 20, // Fila Comercial");
        expect(dids).toContain("deviceId: 1, // Recepção 1");
        expect(
            Object.keys((await admin.requests()).counts)
                .filter((call) => !call.includes("manageDID") && !call.includes("callback") && call !== "POST /request_token")
                .sort(),
        ).toEqual([
            "GET /api/listDevices/{token}/{key}/31",
            "GET /api/listDevices/{token}/{key}/9",
            "GET /api/manageIvr/{token}/{key}/0",
            "GET /api/manageQueue/{token}/{key}/31",
        ]);
        expect(importIds(dids)).toEqual([
            "Did 12",
            "Did 13",
            "Did 14",
            "Did 15",
            "Did 16",
            "CallbackUrl cb-legacy-1",
            "CallbackUrl cb-legacy-2",
            "CallbackUrl cb-legacy-3",
        ]);
    });

    it("--only reads only the kinds named", async () => {
        await admin.clearRequests();
        const result = await telephonyExport("--out", outDir("only-ring-groups"), "--only", "ringgroups");
        expect(result.code).toBe(0);
        expect(result.out).toContain("Exported 4 ring groups:");
        expect(Object.keys((await admin.requests()).counts)).toEqual(["GET /api/manageRingGroups/{token}/{key}/0"]);
        expect(result.out.join("\n")).not.toContain("directcall");
    });

    it("a large account: every list fetched once, in reasonable time", async () => {
        await admin.dids.bulk({ customerId: 31, count: 1000, firstNumber: "1150000000", routing: { did_type: 5, did_type_id: 20 } });
        await admin.clearRequests();
        const started = Date.now();
        const result = await telephonyExport("--out", outDir("large"));
        const elapsed = Date.now() - started;
        expect(result.code).toBe(0);
        expect(result.out).toContain("  customer 31: 4 lines, 1 time profile, 2 queues, 1 IVR, 4 ring groups, 1004 DIDs");
        const counts = (await admin.requests()).counts;
        // Every kind listed once for every customer; the names of what DIDs point at come from those lists.
        expect(counts).toEqual({
            "GET /api/listDevices/{token}/{key}/0": 1,
            "GET /api/manageTimeProfiles/{token}/{key}/0": 1,
            "GET /api/manageQueue/{token}/{key}/0": 1,
            "GET /api/manageIvr/{token}/{key}/0": 1,
            "GET /api/manageRingGroups/{token}/{key}/0": 1,
            "GET /api/manageDID/{token}/{key}/0": 1,
            "POST /request_token": 1,
            "POST /voz/list-callback": 1,
        });
        expect(elapsed).toBeLessThan(10_000);
        const index = fs.readFileSync(path.join(outDir("large"), "index.ts"), "utf8");
        expect(index).toContain('new telephony.nextbilling.Did("did-1150000999", {');
        expect(index.match(/ {8}queueId: filaComercial\.recordId,/g)).toHaveLength(1001);
    });

    it("a server that lists lines only per customer, as NextBilling documents: lines skipped, the rest exported, what points at lines named", async () => {
        await admin.setFaults({ failNext: [{ method: "GET", pathIncludes: "/api/listDevices/{token}/{key}/0", status: 400, count: 1 }] });
        const result = await telephonyExport("--out", outDir("lines-per-customer"));
        expect(result.code).toBe(0);
        expect(result.out).toContain(
            "Exported 0 lines, 3 time profiles, 5 queues, 3 IVRs, 4 ring groups, 5 DIDs, 3 callback registrations:",
        );
        expect(result.out).toEqual(
            expect.arrayContaining([
                expect.stringMatching(
                    /^ {2}lines: this server does not list every customer's lines at once \(GET \/api\/listDevices\/T\/K\/0; NextBilling documents the list per customer\): .*HTTP 400.*; name the customers \(export --customer, drift --customers\)$/,
                ),
            ]),
        );
        // The customers' own lists, documented, name the lines the others point at.
        const index = fs.readFileSync(path.join(outDir("lines-per-customer"), "index.ts"), "utf8");
        expect(index).toContain("deviceId: 53, // Suporte");
        expect((await admin.requests()).counts["GET /api/listDevices/{token}/{key}/31"]).toBe(1);
    });

    it("exits 1 with the vendor's text when the vendor refuses", async () => {
        process.env.NEXTBILLING_TOKEN = "not-the-token";
        const refused = await telephonyExport("--out", outDir("refused"));
        expect(refused.code).toBe(1);
        expect(refused.err.at(-1)).toMatch(
            /^telephony export: NextBilling listDevices \(GET \/api\/listDevices\/\*\*\*\/\*\*\*\/0\), HTTP 403 failed: /,
        );
        expect(fs.existsSync(outDir("refused"))).toBe(false);
    });
});

describe("configuration", () => {
    const nextbillingOnly = () => {
        const env = environment();
        return { NEXTBILLING_URL: env.NEXTBILLING_URL, NEXTBILLING_TOKEN: env.NEXTBILLING_TOKEN, NEXTBILLING_KEY: env.NEXTBILLING_KEY };
    };

    it("skips a kind whose vendor is not configured, with the reason", async () => {
        const result = await exportWith(nextbillingOnly(), ["--out", outDir("no-directcall")]);
        expect(result.code).toBe(0);
        expect(result.out).toContain("Exported 15 lines, 3 time profiles, 5 queues, 3 IVRs, 4 ring groups, 5 DIDs:");
        expect(result.out).toContain(
            "  callback registrations: no Directcall configuration (Missing telephony:directcallClientId (environment variable DIRECTCALL_CLIENT_ID): " +
                "run `pulumi config set telephony:directcallClientId <value>` or set DIRECTCALL_CLIENT_ID.)",
        );
    });

    it("exits 1 when --only names a kind whose vendor is not configured", async () => {
        const result = await exportWith(nextbillingOnly(), ["--out", outDir("only-callbacks"), "--only", "callbacks"]);
        expect(result).toEqual({
            code: 1,
            out: [],
            err: [
                "telephony export: callbacks needs Directcall: Missing telephony:directcallClientId (environment variable DIRECTCALL_CLIENT_ID): " +
                    "run `pulumi config set telephony:directcallClientId <value>` or set DIRECTCALL_CLIENT_ID.",
            ],
        });
    });

    it("exits 1 when a vendor is configured only in part, which is a mistake rather than a choice", async () => {
        const { NEXTBILLING_KEY: _, ...partial } = environment();
        const result = await exportWith(partial, ["--out", outDir("partial")]);
        expect(result.code).toBe(1);
        expect(result.err).toEqual([expect.stringMatching(/^telephony export: lines needs NextBilling: Missing telephony:nextbillingKey/)]);
    });

    it("exits 1 when nothing is configured", async () => {
        const result = await exportWith({}, ["--out", outDir("nothing")]);
        expect(result.code).toBe(1);
        expect(result.err[0]).toMatch(
            /^telephony export: nothing to export: lines, timeprofiles, queues, ivrs, ringgroups, dids: no NextBilling configuration \(Missing telephony:nextbillingUrl .*\); callbacks: no Directcall configuration \(/,
        );
    });

    it("reads a program's stack config file, with encrypted values from the environment", async () => {
        const program = outDir("program");
        fs.mkdirSync(program, { recursive: true });
        fs.writeFileSync(path.join(program, "Pulumi.yaml"), "name: office\nruntime: nodejs\n");
        fs.writeFileSync(
            path.join(program, "Pulumi.prod.yaml"),
            [
                "config:",
                `  telephony:nextbillingUrl: ${sandbox.url}`,
                `  telephony:nextbillingToken: ${DEMO_CREDENTIALS.token}`,
                "  telephony:nextbillingKey:",
                "    secure: v1:AAAA",
                "",
            ].join("\n"),
        );
        const result = await exportWith({ NEXTBILLING_KEY: DEMO_CREDENTIALS.key }, [
            "--out",
            outDir("from-stack"),
            "--program",
            program,
            "--stack",
            "prod",
        ]);
        expect(result.code).toBe(0);
        expect(result.out).toContain(`  pulumi config set telephony:nextbillingUrl ${sandbox.url}`);
        const missing = await exportWith({}, ["--out", outDir("from-stack"), "--program", program, "--stack", "dev"]);
        expect(missing).toMatchObject({
            code: 1,
            err: [expect.stringMatching(/^telephony export: no stack config file .*Pulumi\.dev\.yaml$/)],
        });
    });

    it("draws a \\r-updated bar on a terminal, plain lines otherwise", async () => {
        const drawn: string[] = [];
        const terminal = await exportWith(nextbillingOnly(), ["--out", outDir("bar"), "--only", "ringgroups"], {
            write: (text) => drawn.push(text),
            columns: 100,
        });
        expect(terminal.err).toEqual([]);
        expect(drawn).toEqual([
            "\r\x1b[Ktelephony export [############------------] 1/2 ring groups",
            "\r\x1b[Ktelephony export [########################] 2/2 names of what records point at",
            "\n",
        ]);
        const plain = await exportWith(nextbillingOnly(), ["--out", outDir("bar"), "--only", "ringgroups"]);
        expect(plain.err).toEqual([
            "telephony export: read ring groups (1/2)",
            "telephony export: read names of what records point at (2/2)",
        ]);
    });
});

describe("usage", () => {
    it.each([
        [[], "--out DIR is required"],
        [
            ["--out", "x", "--only", "ringgroups,trunks"],
            '--only takes lines, timeprofiles, queues, ivrs, ringgroups, dids, callbacks (comma-separated), got "trunks"',
        ],
        [["--out", "x", "--customer", "abc"], '--customer must be a NextBilling customer id (an integer), got "abc"'],
        [["--out", "x", "--stack", "prod"], "--stack needs --program DIR (the program whose stack it is)"],
        [["--out", "x", "--project", "my project"], '--project must be letters, digits, "_", "." or "-" (at most 100), got "my project"'],
        [["--out", "x", "--bogus"], "Unknown option '--bogus'"],
    ])("exits 2 on %j", async (args, message) => {
        expect(await telephonyExport(...args)).toEqual({
            code: 2,
            out: [],
            err: [`telephony export: ${message} (see telephony export --help)`],
        });
    });

    it("has --help, and is listed by telephony --help", async () => {
        const help = await telephonyExport("--help");
        expect(help.code).toBe(0);
        expect(help.out[0]).toMatch(/^Usage: telephony export --out DIR \[--customer ID …\] \[--only KINDS\]/);
        expect(help.out[0]).toContain("--only KINDS       comma list of lines, timeprofiles, queues, ivrs, ringgroups, dids, callbacks");
        expect(help.out[0]).toContain("Exit codes: 0 written, 1 configuration or vendor error");
        const { context, result } = capture();
        await main(["--help"], context);
        expect(result.out[0]).toMatch(/ {2}export +write a Pulumi program that adopts what exists at NextBilling and Directcall/);
    });
});
