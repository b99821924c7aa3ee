/**
 * `npm start` is the main job: its walkthrough must keep telling the whole story, on the real
 * Pulumi engine. It runs dist/examples/walkthrough.js (build first: `npm test` does) and reads
 * what Pulumi itself printed. About 25 s with the CLI built; when .engine/bin/pulumi is missing
 * the walkthrough builds it first (about 3.5 minutes on 2 cores), hence the timeout.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS } from "../../sandbox";

const REPO = path.resolve(__dirname, "..", "..");
const DEMO_DIR = path.join(REPO, ".telephony", "demo");
const SECRETS = [
    DEMO_CREDENTIALS.token,
    DEMO_CREDENTIALS.key,
    DIRECTCALL_DEMO_CREDENTIALS.client_secret,
    "demo-trunk-password",
    "demo-receiver-password",
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

        // 1. Pulumi's preview --diff: every input of every resource, secrets masked.
        expect(sections[1]).toMatch(/^1\. preview[\s\S]*Previewing update \(demo\):/);
        const plannedReception = diffBlock(sections[1], "reception");
        expect(plannedReception).toMatch(/^\s*\+ pulumi-nodejs:dynamic\/telephony\/nextbilling:RingGroup: \(create\)/);
        expect(plannedReception).toMatch(/customerId\s*: 9\n\s*description\s*: "Ramais Recepção"/);
        expect(plannedReception).toMatch(/strategy\s*: "linear"/);
        const plannedSalesLine = diffBlock(sections[1], "sales-line");
        expect(plannedSalesLine).toMatch(/number\s*: "1130001000"/);
        expect(plannedSalesLine).toMatch(/routing\s*: \{\n\s*queueId: 12\n\s*type\s*: "queue"/);
        expect(plannedSalesLine).toMatch(/supplierPassword: \[secret\]/);
        const plannedHook = diffBlock(sections[1], "crm-hook");
        expect(plannedHook).toMatch(
            /allowInsecureHttp: true\n\s*basicAuth\s*: \{\n\s*username: "directcall"\n\s*\}\n\s*basicAuthPassword: \[secret\]/,
        );
        // Eight resources and the stack itself.
        expect(sections[1]).toMatch(/Resources:\n\s+\+ 9 to create/);

        // 2. up: one line per step, then the outputs.
        expect(sections[2]).toMatch(/\+ {2}pulumi-nodejs:dynamic\/telephony\/nextbilling:RingGroup reception created/);
        expect(sections[2]).toMatch(/\+ {2}pulumi-nodejs:dynamic\/telephony\/erix:AgentSession joao-vendas created/);
        expect(sections[2]).toMatch(/Outputs:\n\s+callbackRegistration: "[0-9a-f]+"/);
        expect(sections[2]).toMatch(
            /Resources:\n\s+\+ 9 created[\s\S]*Erix: maria at 2001 in vendas, available; joao at 2002 in vendas, paused \(Almoço\)/,
        );
        expect(sections[3]).toMatch(/receiver got: answered call [0-9a-f-]{36} 11999990000 → 1130001000[\s\S]*receiver got: hung up call/);
        expect(sections[4]).toMatch(
            /Previewing update \(demo\):[\s\S]*Resources:\n\s+9 unchanged[\s\S]*emulator: 0 writes during this preview/,
        );
        expect(sections[4]).not.toMatch(/to create|to update|to delete/);

        // 6. refresh --diff: the panel's edits, field by field, as Pulumi shows them.
        expect(sections[6]).toMatch(/Refreshing \(demo\):/);
        const refreshedReception = diffBlock(sections[6], "reception");
        expect(refreshedReception).toMatch(/^\s*~ pulumi-nodejs:dynamic\/telephony\/nextbilling:RingGroup: \(update\)/);
        expect(refreshedReception).toMatch(/~ strategy\s*: "linear" => "ringall"/);
        expect(refreshedReception).toMatch(/~ enabled\s*: true => false/);
        expect(refreshedReception).toMatch(/~ devices\s*: \[\n\s*\[0\]: 1\n\s*\[1\]: 4\n\s*- \[2\]: 19\n\s*- \[3\]: 23/);
        const refreshedSalesLine = diffBlock(sections[6], "sales-line");
        expect(refreshedSalesLine).toMatch(/~ maxCalls\s*: 30 => 10/);
        expect(refreshedSalesLine).toMatch(/~ routing\s*: \{\n\s*~ queueId: 12 => 14/);
        expect(sections[6]).toMatch(/Resources:\n\s+~ 2 updated\n\s+7 unchanged/);

        // 7. up --diff: back to the code, and the vendor holds it again.
        const revertedReception = diffBlock(sections[7], "reception");
        expect(revertedReception).toMatch(/^\s*~ pulumi-nodejs:dynamic\/telephony\/nextbilling:RingGroup: \(update\)/);
        expect(revertedReception).toMatch(/~ strategy\s*: "ringall" => "linear"/);
        expect(revertedReception).toMatch(/\+ \[2\]: 19\n\s*\+ \[3\]: 23/);
        expect(diffBlock(sections[7], "sales-line")).toMatch(/~ maxCalls\s*: 10 => 30/);
        expect(sections[7]).toMatch(/Resources:\n\s+~ 2 updated\n\s+7 unchanged/);
        expect(sections[7]).toMatch(/emulator: ring group \d+: strategy linear, devices \[1, 4, 19, 23\], status 1/);
        expect(sections[7]).toMatch(/emulator: DID 1130001000: queue 12, max_calls 30/);

        expect(sections[8]).toMatch(/- {2}pulumi-nodejs:dynamic\/telephony\/nextbilling:Did pbx-trunk deleted/);
        expect(sections[8]).toMatch(
            /Resources:\n\s+- 9 deleted[\s\S]*numbers in the pool \(customer 0\): .*1130003000[\s\S]*Erix: no agent logged in/,
        );
        expect(sections[9]).toMatch(
            /Exported 4 ring groups, 4 DIDs[\s\S]*pulumi config set --secret telephony:nextbillingToken <value>[\s\S]*\| new telephony.nextbilling.RingGroup\("comercial-todos-2"/,
        );
        expect(sections[10]).toMatch(/Updating \(legacy\):[\s\S]*RingGroup comercial-todos-2 created[\s\S]*Resources:\n\s+\+ 9 created/);
        expect(sections[10]).toMatch(/Previewing update \(legacy\):[\s\S]*Resources:\n\s+9 unchanged/);
        expect(sections[10]).toMatch(/up: 8 resources adopted by importId .*emulator writes: 0\n\s+preview afterwards: 8 same/);
        expect(sections[11]).toMatch(/unmanaged\s+nextbilling.RingGroup \d+ "Plantão Fim de Semana" \(customer 31\)[\s\S]*exit code: 2/);
        expect(stdout).toMatch(/Timings[\s\S]*ms {2}total/);

        for (const text of [stdout, stderr]) for (const secret of SECRETS) expect(text).not.toContain(secret);
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
