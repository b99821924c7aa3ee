/**
 * The package as users get it: `npm pack`, installed as a real copy in a new project's
 * node_modules, driven by the real Pulumi engine (test/support/engine.ts) from that project, so the
 * provider host resolves stored `__provider`s there. Checks that the stored `__provider` is a
 * one-line require of the installed package (small, upgrade-safe, no secrets), and what is published.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, startSandbox, type Sandbox } from "../../sandbox";
import { EngineStack, requireEngine, type EngineRun } from "../support/engine";

const REPO = path.resolve(__dirname, "..", "..");
const PROVIDER_LIMIT_BYTES = 1024;
const SUPPLIER_PASSWORD = "installed-supplier-pass";

let project: string;
let sandbox: Sandbox;

/** Installs the packed tarball as a real directory; its dependencies are linked from this repository. */
function installPackedCopy(into: string): void {
    const packed = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", into], { cwd: REPO, encoding: "utf8" }))[0];
    const target = path.join(into, "node_modules", "pulumi-telephony");
    fs.mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", path.join(into, packed.filename), "-C", target, "--strip-components=1"]);
    const dependencies = Object.keys(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).dependencies);
    for (const dependency of dependencies) {
        const link = path.join(into, "node_modules", dependency);
        fs.mkdirSync(path.dirname(link), { recursive: true });
        fs.symlinkSync(path.join(REPO, "node_modules", dependency), link);
    }
}

/** Every file under `dir` (relative to it), recursively. */
function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((file) => fs.statSync(path.join(dir, file)).isFile());
}

function succeeded(run: EngineRun): EngineRun {
    if (!run.ok) throw new Error(`engine run failed: ${run.error?.message}\n${JSON.stringify(run.diagnostics, null, 2)}`);
    return run;
}

requireEngine();

beforeAll(async () => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "telephony-installed-"));
    installPackedCopy(project);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: installed\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(project, "index.js"),
        `const telephony = require("pulumi-telephony");
const group = new telephony.nextbilling.RingGroup("reception", { customerId: 9, description: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23] });
const did = new telephony.nextbilling.Did("sales-line", { customerId: 13, number: "1130001000", description: "Vendas", routing: { type: "queue", queueId: 12 }, supplier: { host: "192.168.0.2", password: "${SUPPLIER_PASSWORD}" } });
const hook = new telephony.directcall.CallbackUrl("crm", { url: "https://crm.example.com.br/hooks", basicAuth: { username: "dc", password: "${SUPPLIER_PASSWORD}" } });
exports.recordId = group.recordId;
`,
    );
    sandbox = await startSandbox({ port: 0 });
}, 60_000);

afterAll(async () => {
    await sandbox?.close();
    fs.rmSync(project, { recursive: true, force: true });
});

it("installs with its typings and the telephony bin", () => {
    const installed = path.join(project, "node_modules", "pulumi-telephony");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "provider", "index.d.ts"))).toBe(true);
    expect(fs.readFileSync(path.join(installed, "dist", "cli", "telephony.js"), "utf8")).toMatch(/^#!\/usr\/bin\/env node/);
    expect(fs.existsSync(path.join(installed, "test"))).toBe(false);
});

it("type-checks under Pulumi's default TypeScript template (no esModuleInterop, no skipLibCheck)", () => {
    const template = {
        compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            sourceMap: true,
            experimentalDecorators: true,
            pretty: true,
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
        },
        files: ["typed.ts"],
    };
    fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify(template));
    fs.writeFileSync(
        path.join(project, "typed.ts"),
        `import * as pulumi from "@pulumi/pulumi";
import * as telephony from "pulumi-telephony";
const config = new pulumi.Config();
new telephony.nextbilling.RingGroup("r", { customerId: 9, description: "x", strategy: "linear", devices: [1] });
new telephony.nextbilling.Did("d", {
    customerId: 13, number: "1130001000", description: "x",
    routing: { type: "ip", deviceId: 30, primary: { ipAddress: "10.0.0.1" } },
    supplier: { host: "10.0.0.2", password: config.requireSecret("trunk") },
});
new telephony.directcall.CallbackUrl("c", { url: "https://crm.example.com.br/hook", basicAuth: { username: "u", password: config.requireSecret("hook") } });
new telephony.erix.AgentSession("a", { agent: "maria", extension: "2001", queue: "vendas", paused: true, pauseReason: "Almoço" });

// Outputs of one resource into the nested args of another, with no apply: Input<T> at every level.
const group = new telephony.nextbilling.RingGroup("g", { customerId: 9, description: "Recepção", strategy: telephony.nextbilling.RingStrategy.Linear, devices: [1, 4] });
const trunkHost = pulumi.output("10.0.0.2");
const did = new telephony.nextbilling.Did("d2", {
    customerId: group.customerId, number: "1130001001", description: group.description,
    routing: { type: "line", deviceId: group.recordId },
    supplier: { host: trunkHost, additionalHosts: [trunkHost], password: config.requireSecret("trunk") },
    deletionPolicy: telephony.nextbilling.DeletionPolicy.Release,
});
new telephony.directcall.CallbackUrl("c2", { url: pulumi.interpolate\`https://\${trunkHost}/hook\`, basicAuth: { username: group.description, password: config.requireSecret("hook") } });
export const routedTo: pulumi.Output<number | undefined> = did.routing.apply((routing) => ("deviceId" in routing ? routing.deviceId : undefined));
export const isRingGroup: boolean = telephony.nextbilling.RingGroup.isInstance(group);
`,
    );
    const tsc = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
    expect(() => execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { encoding: "utf8", stdio: "pipe" })).not.toThrow();

    // And a routing field of another routing type does not compile: the test above can fail.
    fs.writeFileSync(
        path.join(project, "typed.ts"),
        `import * as telephony from "pulumi-telephony";
new telephony.nextbilling.Did("bad", { customerId: 13, number: "1130001000", description: "x", routing: { type: "queue", deviceId: 30 } });
`,
    );
    const refused = (() => {
        try {
            execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { encoding: "utf8", stdio: "pipe" });
            return "";
        } catch (error) {
            return String((error as { stdout?: string }).stdout);
        }
    })();
    expect(refused).toContain("deviceId");
});

it("works in a new project, storing a __provider under 1 KB with no credential in it", async () => {
    const stack = await EngineStack.create({
        project: "installed",
        workDir: project,
        // Required through Jest's registry, which keeps it: only `up` runs the program here, once.
        program: async () => require(path.join(project, "index.js")),
        config: {
            "telephony:nextbillingUrl": sandbox.url,
            "telephony:directcallUrl": sandbox.url,
            "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
        },
        secretConfig: {
            "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
            "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
            "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
        },
        passphrase: "installed test",
    });
    try {
        const created = succeeded(await stack.up());
        expect(created.ops).toEqual({ reception: ["create"], "sales-line": ["create"], crm: ["create"] });

        // The backend's own file: exportStack() would decrypt.
        const atRest = stack.stateAtRest();
        const resources = (atRest.json.checkpoint.latest.resources as { type: string; inputs: any; outputs: any }[]).filter((resource) =>
            resource.type.startsWith("pulumi-nodejs:dynamic/"),
        );
        expect(resources).toHaveLength(3);
        const entries = { RingGroup: "nextbilling-ringgroup", Did: "nextbilling-did", CallbackUrl: "directcall-callbackurl" };
        for (const resource of resources) {
            const serialized = resource.outputs.__provider as string;
            const entry = entries[resource.type.split(":").pop() as keyof typeof entries];
            expect(Buffer.byteLength(serialized)).toBeLessThanOrEqual(PROVIDER_LIMIT_BYTES);
            expect(serialized).toContain(`require("pulumi-telephony/dist/provider/dynamic/${entry}.js")`);
            expect(resource.inputs.__provider).toBe(serialized);
            for (const secret of [DEMO_CREDENTIALS.token, DEMO_CREDENTIALS.key, sandbox.url, SUPPLIER_PASSWORD])
                expect(serialized).not.toContain(secret);
        }
        for (const secret of [SUPPLIER_PASSWORD, DEMO_CREDENTIALS.token, DEMO_CREDENTIALS.key, DIRECTCALL_DEMO_CREDENTIALS.client_secret])
            expect(atRest.text).not.toContain(secret);

        // Refresh and destroy run the provider stored in state: it must find the installed package.
        const refreshed = succeeded(await stack.refresh());
        expect(refreshed.ops).toEqual({ reception: ["refresh", "same"], "sales-line": ["refresh", "same"], crm: ["refresh", "same"] });
        const destroyed = succeeded(await stack.destroy());
        expect(destroyed.ops).toEqual({ reception: ["delete"], "sales-line": ["delete"], crm: ["delete"] });
    } finally {
        await stack.dispose();
    }
}, 180_000);

it("publishes product code only: the build of provider/, sandbox/ and cli/ (no source maps of unpublished sources), README.md, LICENSE and package.json", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { files: string[] };
    const product = ["dist/provider", "dist/sandbox", "dist/cli", "!dist/**/*.map", "README.md", "LICENSE"];
    expect(manifest.files.filter((entry) => !product.includes(entry))).toEqual([]);

    // What the build makes of each source under the folders "files" names: a file of dist/ without a
    // source is a stale build output (tsc never deletes), which would be published all the same.
    const expected = new Set(["package.json", "README.md", ...(fs.existsSync(path.join(REPO, "LICENSE")) ? ["LICENSE"] : [])]);
    for (const entry of manifest.files.filter((file) => file.startsWith("dist/"))) {
        const sources = entry.slice("dist/".length);
        for (const file of filesUnder(path.join(REPO, sources)).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))) {
            const built = path.posix.join(entry, file.split(path.sep).join("/")).replace(/\.ts$/, "");
            for (const suffix of [".js", ".d.ts"]) expected.add(built + suffix);
        }
    }
    const report = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: REPO, encoding: "utf8" }));
    const packed = (report[0].files as { path: string }[]).map((file) => file.path);
    expect(packed.filter((file) => /^(test|engine|\.engine|dist\/examples)\//.test(file))).toEqual([]);
    expect({
        unexpected: packed.filter((file) => !expected.has(file)).sort(),
        missing: [...expected].filter((file) => !packed.includes(file)).sort(),
    }).toEqual({ unexpected: [], missing: [] });
});
