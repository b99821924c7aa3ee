/**
 * `npm start` is the main job: its walkthrough must keep telling the whole story, on the real
 * Pulumi engine. It runs dist/examples/walkthrough.js (build first: `npm test` does) and reads
 * what Pulumi itself printed. About 25 s with the CLI built; when .engine/bin/pulumi is missing
 * the walkthrough builds it first (about 3.5 minutes on 2 cores), hence the timeout.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { promisify } from "node:util";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { EngineStack, type Engine, type EngineStackOptions } from "../../examples/engine";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS } from "../../sandbox";

const REPO = path.resolve(__dirname, "..", "..");
const DEMO_DIR = path.join(REPO, ".telephony", "demo");
const SECRETS = [
    DEMO_CREDENTIALS.token,
    DEMO_CREDENTIALS.key,
    DIRECTCALL_DEMO_CREDENTIALS.client_secret,
    "demo-trunk-password",
    "demo-receiver-password",
    "demo-line-4501-pw",
    "demo-line-4502-pw",
    "demo-line-4503-pw",
];

/**
 * One resource's part of Pulumi's --diff display: from its header ("+ <type>: (create)",
 * "~ <type>: (update)") to the next header or the summary. A resource is named only by the
 * `[urn=...::<name>]` line under its header, and parallel steps come in any order.
 */
function diffBlock(section: string, name: string): string {
    const lines = section.split("\n");
    const isHeader = (line: string) => /^\s*[-+~]? ?[\w-]+:[\w/:.-]+: \(\w[\w-]*\)$/.test(line);
    for (let i = 0; i < lines.length; i++) {
        if (!isHeader(lines[i])) continue;
        const urnLine = lines.slice(i + 1, i + 3).find((line) => /^\s*\[urn=/.test(line));
        if (!urnLine?.trimEnd().endsWith(`::${name}]`)) continue;
        let end = i + 1;
        while (end < lines.length && !isHeader(lines[end]) && !/^\s*(Resources:|--outputs:--)$/.test(lines[end])) end++;
        return lines.slice(i, end).join("\n");
    }
    throw new Error(`no diff block for ${name} in:\n${section}`);
}

function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name));
}

it(
    "takes the demo stack through its life on the real engine, then adopts the legacy tenant",
    async () => {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(REPO, "dist", "examples", "walkthrough.js")], {
            cwd: REPO,
            env: process.env,
            maxBuffer: 16 * 1024 * 1024,
        });
        const sections = stdout.split(/^== /m);
        expect(sections[0]).toMatch(/^engine: pulumi v\d+\.\d+\.\d+ \((built|PATH|PULUMI_CLI), /m);

        // 1. Pulumi's preview --diff: every input of every resource, secrets masked; references unknown until their targets exist.
        expect(sections[1]).toMatch(/^1\. preview[\s\S]*Previewing update \(demo\):/);
        const plannedLine = diffBlock(sections[1], "ramal-4501");
        expect(plannedLine).toMatch(/^\s*\+ pulumi-nodejs:dynamic\/telephony\/nextbilling:Line: \(create\)/);
        expect(plannedLine).toMatch(/password\s*: \[secret\]\n\s*username\s*: "4501"/);
        const plannedQueue = diffBlock(sections[1], "sales-queue");
        expect(plannedQueue).toMatch(/devices\s*: \[\n\s*\[0\]: \[unknown\]\n\s*\]/);
        const plannedMenu = diffBlock(sections[1], "main-menu");
        expect(plannedMenu).toMatch(/timeProfileId\s*: \[unknown\]/);
        const plannedMainNumber = diffBlock(sections[1], "main-number");
        expect(plannedMainNumber).toMatch(/number\s*: "1145001000"/);
        expect(plannedMainNumber).toMatch(/routing\s*: \{\n\s*ivrId: \[unknown\]\n\s*type\s*: "ivr"/);
        expect(plannedMainNumber).toMatch(/supplierPassword: \[secret\]/);
        const plannedHook = diffBlock(sections[1], "crm-hook");
        expect(plannedHook).toMatch(
            /allowInsecureHttp: true\n\s*basicAuth\s*: \{\n\s*username: "directcall"\n\s*\}\n\s*basicAuthPassword: \[secret\]/,
        );
        // Twelve resources and the stack itself.
        expect(sections[1]).toMatch(/Resources:\n\s+\+ 13 to create/);

        // 2. up: one line per step, what is pointed at before what points at it, then the outputs.
        const order = (section: string, step: string) => section.indexOf(step);
        for (const [before, after] of [
            ["Line ramal-4502 created", "Queue sales-queue creating"],
            ["Queue sales-queue created", "Ivr main-menu creating"],
            ["TimeProfile store-hours created", "Ivr main-menu creating"],
            ["Ivr main-menu created", "Did main-number creating"],
            ["Queue sales-queue created", "Did sales-number creating"],
        ]) {
            expect(order(sections[2], before)).toBeGreaterThan(0);
            expect(order(sections[2], before)).toBeLessThan(order(sections[2], after));
        }
        expect(sections[2]).toMatch(/\+ {2}pulumi-nodejs:dynamic\/telephony\/erix:AgentSession joao-vendas created/);
        expect(sections[2]).toMatch(/Outputs:\n\s+callbackRegistration: "[0-9a-f]+"/);
        expect(sections[2]).toMatch(/Resources:\n\s+\+ 13 created[\s\S]*Erix: .*maria at 2001 in vendas, available/);
        expect(sections[3]).toMatch(/receiver got: answered call [0-9a-f-]{36} 11999990000 → 1145001000[\s\S]*receiver got: hung up call/);
        expect(sections[4]).toMatch(
            /Previewing update \(demo\):[\s\S]*Resources:\n\s+13 unchanged[\s\S]*emulator: 0 writes during this preview/,
        );
        expect(sections[4]).not.toMatch(/to create|to update|to delete/);

        // 6. refresh --diff: the panel's edits, field by field, as Pulumi shows them.
        expect(sections[6]).toMatch(/Refreshing \(demo\):/);
        const refreshedReception = diffBlock(sections[6], "reception");
        expect(refreshedReception).toMatch(/^\s*~ pulumi-nodejs:dynamic\/telephony\/nextbilling:RingGroup: \(update\)/);
        expect(refreshedReception).toMatch(/~ strategy\s*: "linear" => "ringall"/);
        expect(refreshedReception).toMatch(/~ enabled\s*: true => false/);
        expect(refreshedReception).toMatch(/~ devices\s*: \[\n\s*\[0\]: \d+\n\s*- \[1\]: \d+\n\s*\]/);
        const refreshedSalesNumber = diffBlock(sections[6], "sales-number");
        expect(refreshedSalesNumber).toMatch(/~ maxCalls\s*: 20 => 10/);
        expect(refreshedSalesNumber).toMatch(/~ description\s*: "Vendas" => "Vendas \(editado\)"/);
        expect(sections[6]).toMatch(/Resources:\n\s+~ 2 updated\n\s+11 unchanged/);

        // 7. up --diff: back to the code, and the vendor holds it again.
        const revertedReception = diffBlock(sections[7], "reception");
        expect(revertedReception).toMatch(/^\s*~ pulumi-nodejs:dynamic\/telephony\/nextbilling:RingGroup: \(update\)/);
        expect(revertedReception).toMatch(/~ strategy\s*: "ringall" => "linear"/);
        expect(revertedReception).toMatch(/\+ \[1\]: \d+/);
        expect(diffBlock(sections[7], "sales-number")).toMatch(/~ maxCalls\s*: 10 => 20/);
        expect(sections[7]).toMatch(/Resources:\n\s+~ 2 updated\n\s+11 unchanged/);
        expect(sections[7]).toMatch(/emulator: ring group \d+: strategy linear, devices \[(\d+), (\d+)\], status 1/);
        expect(sections[7]).toMatch(/emulator: DID 1145002000: description "Vendas", max_calls 20/);

        // 8. A new line in the code: created, then the queue and the ring group that reference it are updated to its id.
        expect(diffBlock(sections[8], "ramal-4503")).toMatch(/^\s*\+ pulumi-nodejs:dynamic\/telephony\/nextbilling:Line: \(create\)/);
        const newLine = /Line::ramal-4503\][\s\S]*?recordId\s*: (\d+)/.exec(sections[8])?.[1];
        expect(newLine).toBeDefined();
        expect(diffBlock(sections[8], "sales-queue")).toMatch(
            new RegExp(`~ devices\\s*: \\[\\n\\s*\\[0\\]: \\d+\\n\\s*\\+ \\[1\\]: ${newLine}`),
        );
        expect(diffBlock(sections[8], "reception")).toMatch(new RegExp(`\\+ \\[2\\]: ${newLine}`));
        expect(sections[8]).toMatch(/Resources:\n\s+\+ 1 created\n\s+~ 2 updated/);
        expect(sections[8]).toMatch(new RegExp(`emulator: queue \\d+ "Fila Vendas Varejo": lines \\[\\d+, ${newLine}\\]`));

        // 9. destroy: what points at a record is deleted before it (the emulator refuses deleting a record in use).
        expect(sections[9]).toMatch(/Resources:\n\s+- 14 deleted/);
        // Each delete is "<call> <record id>"; the ids of the queue, the ring group and their lines are step 8's.
        const deletes = /deletes in the order they arrived: (.*)/.exec(sections[9])![1]!.split(", ");
        const [, queueId, queueLines] = /emulator: queue (\d+) "Fila Vendas Varejo": lines \[(.*)\]/.exec(sections[8])!;
        const [, ringGroupId, ringGroupLines] = /emulator: ring group (\d+) "Ramais Loja": lines \[(.*)\]/.exec(sections[8])!;
        /** Where the first delete of `call` ("manageIvr", or "manageDevices 54" for one record) is: it must be there. */
        const at = (call: string) => {
            const index = deletes.findIndex((done) => done === call || done.startsWith(`${call} `));
            expect({ call, deleted: index >= 0, deletes }).toEqual({ call, deleted: true, deletes });
            return index;
        };
        expect(at("manageDID")).toBe(0);
        expect(at("manageIvr")).toBeLessThan(at(`manageQueue ${queueId}`));
        expect(at("manageIvr")).toBeLessThan(at("manageTimeProfiles"));
        const lines = ringGroupLines!.split(", ");
        const salesLines = queueLines!.split(", ");
        expect({ lines: lines.length, salesLines: salesLines.length }).toEqual({ lines: 3, salesLines: 2 });
        // The ring group before all three lines; the queue before the two it holds.
        for (const line of lines) expect(at(`manageRingGroups ${ringGroupId}`)).toBeLessThan(at(`manageDevices ${line}`));
        for (const line of salesLines) expect(at(`manageQueue ${queueId}`)).toBeLessThan(at(`manageDevices ${line}`));
        // The cashier's line, the one not in the queue, is the IVR's option 2 and its voicemail.
        const cashierLines = lines.filter((line) => !salesLines.includes(line));
        expect(cashierLines).toHaveLength(1);
        expect(at("manageIvr")).toBeLessThan(at(`manageDevices ${cashierLines[0]}`));
        expect(deletes.filter((done) => done.startsWith("manageDevices "))).toHaveLength(3);
        expect(sections[9]).toMatch(/numbers in the pool \(customer 0\): .*1145003000[\s\S]*Erix: no agent logged in/);

        // 10–12. The legacy tenant as a program with its references in code, adopted with no write, then drift.
        expect(sections[10]).toMatch(
            /Exported 4 lines, 1 time profile, 2 queues, 1 IVR, 4 ring groups, 4 DIDs[\s\S]*pulumi config set --secret telephony:nextbillingToken <value>/,
        );
        expect(sections[10]).toMatch(/\| const recepcao = new telephony.nextbilling.Line\("recepcao", \{/);
        expect(sections[11]).toMatch(/Updating \(legacy\):[\s\S]*RingGroup comercial-todos-2 created[\s\S]*Resources:\n\s+\+ 17 created/);
        expect(sections[11]).toMatch(/Previewing update \(legacy\):[\s\S]*Resources:\n\s+17 unchanged/);
        expect(sections[11]).toMatch(/up: 16 resources adopted by importId .*emulator writes: 0\n\s+preview afterwards: 16 same/);
        expect(sections[12]).toMatch(/unmanaged\s+nextbilling.RingGroup \d+ "Plantão Fim de Semana" \(customer 31\)/);
        expect(sections[12]).toMatch(/in sync\s+nextbilling.Queue fila-comercial \(id 20\)[\s\S]*exit code: 2/);
        expect(stdout).toMatch(/Timings[\s\S]*ms {2}total/);

        for (const text of [stdout, stderr]) for (const secret of SECRETS) expect(text).not.toContain(secret);
        // The exported program stays to be read, without its links to this checkout (one would loop the repository into itself).
        const exportDir = path.join(DEMO_DIR, "legacy-export");
        expect(fs.existsSync(path.join(exportDir, "index.ts"))).toBe(true);
        expect(fs.existsSync(path.join(exportDir, "node_modules"))).toBe(false);
        for (const link of ["pulumi-telephony", "@pulumi"])
            expect(() => fs.lstatSync(path.join(exportDir, "node_modules", link))).toThrow(/ENOENT/);
        // At rest too: the file backend (state and every checkpoint of its history) and the stack config files.
        const atRest = [
            ...filesUnder(path.join(DEMO_DIR, "backend")),
            path.join(DEMO_DIR, "project", "Pulumi.demo.yaml"),
            path.join(DEMO_DIR, "legacy-export", "Pulumi.legacy.yaml"),
        ];
        expect(atRest.length).toBeGreaterThan(2);
        for (const file of atRest) {
            const text = fs.readFileSync(file, "utf8");
            for (const secret of SECRETS) expect({ file, leaks: text.includes(secret) }).toEqual({ file, leaks: false });
        }
    },
    10 * 60_000,
);

/**
 * A failing `pulumi config set-all` (the walkthrough's setConfig, at stack creation and in step 8):
 * the SDK's CommandError holds the whole command line, `--secret key=value` pairs included. The
 * stand-in CLI answers `version` and `stack select`, and fails set-all the way a CLI quoting the value
 * it could not store would, with a warning before its error line.
 */
describe("a failing config set-all", () => {
    let dir: string;
    let engine: Engine;
    const secret: Record<string, string> = Object.fromEntries(SECRETS.map((value, i) => [`telephony-demo:secret${i}`, value]));
    secret["telephony-demo:receiverPassword"] = "demo-receiver-password";
    const plain = { "telephony:nextbillingUrl": "http://127.0.0.1:1/", "telephony-demo:thirdLine": "true" };
    const options = (): EngineStackOptions => ({
        engine,
        project: "telephony-demo",
        stack: "demo",
        workDir: path.join(dir, "project"),
        backendDir: path.join(dir, "backend"),
        homeDir: path.join(dir, "home"),
        program: async () => ({}),
        passphrase: "test",
        onLine: () => undefined,
        onErrorLine: () => undefined,
    });

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "telephony-fake-cli-"));
        const cli = path.join(dir, "bin", "pulumi");
        fs.mkdirSync(path.dirname(cli));
        fs.writeFileSync(
            cli,
            [
                "#!/bin/sh",
                'case "$1 $2" in',
                '  "version "*) echo v3.248.0 ;;',
                '  "stack select") ;;',
                '  "config set-all")',
                '    for arg in "$@"; do case "$arg" in *receiverPassword=*) value="${arg#*=}" ;; esac; done',
                '    echo "warning: a line before the error" >&2',
                '    echo "error: could not store telephony-demo:receiverPassword (\\"$value\\"): permission denied" >&2',
                "    exit 1 ;;",
                '  *) echo "error: unexpected $1 $2" >&2; exit 3 ;;',
                "esac",
                "",
            ].join("\n"),
            { mode: 0o755 },
        );
        const command = await PulumiCommand.get({ root: dir, skipVersionCheck: true });
        engine = { version: "3.248.0", source: "PULUMI_CLI", pulumi: cli, command, path: [path.dirname(cli)] };
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    const expectSafe = (error: unknown) => {
        expect(error).toBeInstanceOf(Error);
        const { name, message, stack } = error as Error;
        expect(name).toBe("EngineConfigError");
        expect(message).toMatch(
            /^pulumi config set-all \(stack demo, telephony:nextbillingUrl, .*telephony-demo:receiverPassword\) failed \(exit code 1\): error: could not store telephony-demo:receiverPassword \("\*\*\*"\): permission denied$/,
        );
        // The CLI's line, never its command line: no binary, no flags, no key=value.
        expect(message).not.toMatch(/--secret|--plaintext|--non-interactive|set-all --stack|=|bin\/pulumi/);
        for (const text of [message, String(stack), JSON.stringify(error)]) for (const value of SECRETS) expect(text).not.toContain(value);
    };

    it("at stack creation: one line, the CLI's error line, every secret masked", async () => {
        const error = await EngineStack.create({ ...options(), config: plain, secretConfig: secret }).catch((e: unknown) => e);
        expectSafe(error);
    });

    it("on a later change of config (the walkthrough's step 8)", async () => {
        const stack = await EngineStack.create(options());
        expectSafe(await stack.setConfig(plain, secret).catch((e: unknown) => e));
    });
});
