/**
 * `telephony drift` end to end: a small program (fixtures/program.js) in a project of its own, run
 * under mocks, compared with the emulator after out-of-band edits; every format, masking, exit codes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { main, type CliContext } from "../../cli/telephony";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";

const REPO = path.resolve(__dirname, "..", "..");
const TRUNK_PASSWORD = "trunk-secret-7f3a";
const HOOK_PASSWORD = "hook-secret-91c2";

let sandbox: Sandbox;
let admin: SandboxAdmin;
const projects: string[] = [];

interface Spec {
    kind: "RingGroup" | "Did" | "CallbackUrl" | "AgentSession";
    name: string;
    args: Record<string, unknown>;
    secret?: string[];
}

/**
 * A Pulumi project outside the repository, as a user's would be: `pulumi-telephony` and
 * `@pulumi/pulumi` installed (linked to this checkout), a stack file holding the settings.
 */
function project(specs: Spec[], options: { config?: Record<string, string>; program?: string } = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "telephony-drift-"));
    projects.push(dir);
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(path.join(REPO, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
    fs.symlinkSync(REPO, path.join(dir, "node_modules", "pulumi-telephony"), "dir");
    fs.copyFileSync(path.join(__dirname, "fixtures", options.program ?? "program.js"), path.join(dir, "index.js"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: drift-test\nruntime: nodejs\n");
    const config = {
        "telephony:nextbillingUrl": sandbox.url,
        "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
        "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
        "telephony:directcallUrl": sandbox.url,
        "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
        "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
        "telephony:httpMaxRetries": "0",
        "test:resources": JSON.stringify(specs),
        ...options.config,
    };
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), yaml.dump({ config }));
    return dir;
}

/** A CLI context that keeps nothing: for commands a test runs only for their files. */
const quiet: CliContext = { out: () => undefined, err: () => undefined, untilStopped: async () => undefined };

async function drift(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const context: CliContext = { out: (line) => out.push(line), err: (line) => err.push(line), untilStopped: async () => undefined };
    const code = await main(["drift", ...args], context);
    return { code, out, err, text: out.join("\n") };
}

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(async () => {
    await sandbox.close();
    for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
});
/** The kinds these programs declare: the customer's lines, queues, IVRs and time profiles are another test's subject. */
const ONLY = ["--only", "ringgroups,dids,callbacks"];

/** The one Directcall registration made outside any program, fresh for each test. */
let outsider: { code: string; url: string };

beforeEach(async () => {
    await admin.reset();
    // Seeded registrations (other tenants' among them) are other tests' subject: each test here
    // starts from exactly one registration nobody declared.
    for (const registration of await admin.directcall.callbacks.list()) await admin.directcall.callbacks.remove(registration.code);
    outsider = await admin.directcall.callbacks.create({ url: "https://crm-antigo.example.com.br/hooks/directcall" });
});

/** What the seed holds for customer 9, declared as the platform has it (in other words as people write it). */
const inSyncSpecs: Spec[] = [
    {
        kind: "RingGroup",
        name: "reception",
        // Not linear, so the order of devices is no drift.
        args: { customerId: 9, description: "Ramais Recepção", strategy: "ringall", devices: [4, 1] },
    },
    {
        kind: "Did",
        name: "clinic",
        // Written as people write it; deletionPolicy is ours alone.
        args: {
            customerId: 9,
            number: "+55 (11) 3200-1000",
            description: "Recepção Clínica",
            routing: { type: "line", deviceId: 1 },
            deletionPolicy: "release",
        },
    },
    // The seeded registration, adopted by its code; the host's case differs only in writing.
    { kind: "CallbackUrl", name: "legacy", args: { url: "https://CRM-ANTIGO.example.com.br/hooks/directcall", importId: "<outsider>" } },
    { kind: "AgentSession", name: "maria-vendas", args: { agent: "maria", extension: "2001", queue: "vendas" } },
];

describe("telephony drift", () => {
    it("exits 0 and says so in every format when the platform holds what the program declares", async () => {
        const group = await admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "ringall",
            devices: [1, 4],
            status: 1,
        });
        // The registration made outside, adopted by its code.
        const dir = project(
            inSyncSpecs.map((spec) => (spec.kind === "CallbackUrl" ? { ...spec, args: { ...spec.args, importId: outsider.code } } : spec)),
        );

        const json = await drift("--program", dir, "--customers", "9", ...ONLY, "--format", "json");
        expect(json.err).toEqual([]);
        expect(json.code).toBe(0);
        const report = JSON.parse(json.text);
        expect(report.inSync).toEqual([
            { resource: "nextbilling.RingGroup", name: "reception", id: String(group.id) },
            { resource: "nextbilling.Did", name: "clinic", id: "12" },
            { resource: "directcall.CallbackUrl", name: "legacy", id: outsider.code },
        ]);
        expect(report.notCheckable).toEqual([
            { resource: "erix.AgentSession", name: "maria-vendas", reason: "not checkable (Erix has no status query)" },
        ]);
        expect(report.summary).toEqual({ inSync: 3, changed: 0, missing: 0, unmanaged: 0, notCheckable: 1, drift: false });

        const text = await drift("--program", dir, "--customers", "9", ...ONLY);
        expect(text.code).toBe(0);
        expect(text.out).toContain("in sync        nextbilling.Did clinic (id 12)");
        expect(text.out).toContain("not checkable  erix.AgentSession maria-vendas: not checkable (Erix has no status query)");
        expect(text.out.at(-1)).toBe("0 changed, 0 missing, 0 unmanaged, 3 in sync, 1 not checkable: in sync");

        const markdown = await drift("--program", dir, "--customers", "9", ...ONLY, "--format", "markdown");
        expect(markdown.code).toBe(0);
        expect(markdown.out[0]).toBe("## Telephony drift: in sync");
        expect(markdown.text).toContain("**0** changed · **0** missing · **0** unmanaged · **3** in sync · **1** not checkable");
        expect(markdown.text).toContain(`| \`directcall.CallbackUrl\` | legacy | ${outsider.code} |`);
        expect(markdown.text).not.toContain("### Changed");
    });

    describe("with drift", () => {
        let dir: string;
        let reception: number;
        let oldGroup: number;
        const driftSpecs: Spec[] = [
            {
                kind: "RingGroup",
                name: "reception",
                args: { customerId: 9, description: "Ramais Recepção", strategy: "linear", devices: [1, 4] },
            },
            { kind: "RingGroup", name: "support", args: { customerId: 9, description: "Suporte", strategy: "ringall", devices: [19] } },
            {
                kind: "Did",
                name: "clinic",
                args: {
                    customerId: 9,
                    number: "1132001000",
                    description: "Recepção Clínica",
                    routing: { type: "line", deviceId: 1 },
                    supplier: { host: "192.168.0.2", username: "trunk01", password: TRUNK_PASSWORD },
                },
            },
            {
                kind: "Did",
                name: "sales",
                args: { customerId: 9, number: "1130001000", description: "Vendas", routing: { type: "queue", queueId: 15 }, importId: 77 },
            },
            {
                kind: "CallbackUrl",
                name: "crm",
                args: { url: "https://crm.example.com.br/hooks", basicAuth: { username: "dc", password: HOOK_PASSWORD } },
            },
            { kind: "AgentSession", name: "maria-vendas", args: { agent: "maria", extension: "2001", queue: "vendas" } },
        ];

        beforeEach(async () => {
            // Edits "made in the panel": another strategy, a renamed number with another trunk password,
            // a registration with another password, and a group nobody declared.
            reception = (
                await admin.ringGroups.create({
                    id_cliente: 9,
                    descricao: "Ramais Recepção",
                    strategy: "ringall",
                    devices: [1, 4],
                    status: 1,
                })
            ).id;
            oldGroup = (
                await admin.ringGroups.create({ id_cliente: 9, descricao: "Grupo Antigo", strategy: "random", devices: [5, 6], status: 1 })
            ).id;
            await admin.dids.patch(12, {
                description: "Recepção (editado)",
                host: "192.168.0.2",
                username: "trunk01",
                password: "panel-password",
            });
            await admin.directcall.callbacks.create({ url: "https://dc:panel-hook-pass@crm.example.com.br/hooks" });
            dir = dir ?? project(driftSpecs);
        });

        it("reports changed fields, missing and unmanaged records as JSON, exit 2", async () => {
            const result = await drift("--program", dir, "--customers", "9", ...ONLY, "--format", "json");
            expect(result.err).toEqual([]);
            expect(result.code).toBe(2);
            const report = JSON.parse(result.text);
            expect(report.changed).toEqual([
                {
                    resource: "nextbilling.RingGroup",
                    name: "reception",
                    id: String(reception),
                    fields: [{ field: "strategy", declared: "linear", live: "ringall" }],
                },
                // The trunk password cannot be read back, so it is never "changed".
                {
                    resource: "nextbilling.Did",
                    name: "clinic",
                    id: "12",
                    fields: [{ field: "description", declared: "Recepção Clínica", live: "Recepção (editado)" }],
                },
                {
                    resource: "directcall.CallbackUrl",
                    name: "crm",
                    id: expect.any(String),
                    fields: [{ field: "basicAuthPassword", declared: "[secret]", live: "[secret]" }],
                },
            ]);
            expect(report.missing).toEqual([
                { resource: "nextbilling.RingGroup", name: "support", lookedUpBy: 'customer 9 and description "Suporte"' },
                { resource: "nextbilling.Did", name: "sales", lookedUpBy: "importId 77" },
            ]);
            expect(report.unmanaged).toEqual([
                { resource: "nextbilling.RingGroup", id: String(oldGroup), label: "Grupo Antigo", customerId: 9 },
                { resource: "directcall.CallbackUrl", id: outsider.code, label: "https://crm-antigo.example.com.br/hooks/directcall" },
            ]);
            expect(report.notCheckable).toEqual([
                { resource: "erix.AgentSession", name: "maria-vendas", reason: "not checkable (Erix has no status query)" },
            ]);
            expect(report.summary).toEqual({ inSync: 0, changed: 3, missing: 2, unmanaged: 2, notCheckable: 1, drift: true });
            expect(result.text).not.toMatch(new RegExp(`${TRUNK_PASSWORD}|${HOOK_PASSWORD}|panel-password|panel-hook-pass`));
        });

        it("renders the same report as text and as a pull-request comment, secrets masked", async () => {
            const text = await drift("--program", dir, "--customers", "9", ...ONLY);
            expect(text.code).toBe(2);
            expect(text.out).toEqual(
                expect.arrayContaining([
                    `changed        nextbilling.RingGroup reception (id ${reception})`,
                    '                 strategy: "linear" → "ringall" (declared → live)',
                    "                 basicAuthPassword: [secret] → [secret] (declared → live)",
                    'missing        nextbilling.RingGroup support: nothing on the platform with customer 9 and description "Suporte"',
                    "missing        nextbilling.Did sales: nothing on the platform with importId 77",
                    `unmanaged      nextbilling.RingGroup ${oldGroup} "Grupo Antigo" (customer 9)`,
                    `unmanaged      directcall.CallbackUrl ${outsider.code} "https://crm-antigo.example.com.br/hooks/directcall"`,
                    "3 changed, 2 missing, 2 unmanaged, 0 in sync, 1 not checkable: drift found",
                ]),
            );

            const markdown = await drift("--program", dir, "--customers", "9", ...ONLY, "--format", "markdown");
            expect(markdown.code).toBe(2);
            expect(markdown.out[0]).toBe("## Telephony drift: drift found");
            expect(markdown.text).toContain("**3** changed · **2** missing · **2** unmanaged · **0** in sync · **1** not checkable");
            expect(markdown.text).toContain(
                `| \`nextbilling.RingGroup\` | reception | ${reception} | \`strategy\` | \`"linear"\` | \`"ringall"\` |`,
            );
            expect(markdown.text).toContain("| `basicAuthPassword` | `[secret]` | `[secret]` |");
            expect(markdown.text).toContain("### Missing on the platform");
            expect(markdown.text).toContain("| `nextbilling.Did` | sales | importId 77 |");
            expect(markdown.text).toContain(`| \`nextbilling.RingGroup\` | ${oldGroup} | Grupo Antigo | 9 |`);
            expect(markdown.text).toContain("| `erix.AgentSession` | maria-vendas | not checkable (Erix has no status query) |");
            for (const output of [text.text, markdown.text]) {
                expect(output).not.toMatch(new RegExp(`${TRUNK_PASSWORD}|${HOOK_PASSWORD}|panel-password|panel-hook-pass`));
            }
        });
    });

    it("lists another customer's declarations as left out by --customers, not missing, and still exits 0", async () => {
        await admin.ringGroups.create({ id_cliente: 9, descricao: "Ramais Recepção", strategy: "ringall", devices: [1, 4], status: 1 });
        const dir = project([
            ...inSyncSpecs.map((spec) =>
                spec.kind === "CallbackUrl" ? { ...spec, args: { ...spec.args, importId: outsider.code } } : spec,
            ),
            { kind: "RingGroup", name: "shop", args: { customerId: 13, description: "Loja Centro", strategy: "ringall", devices: [30] } },
        ]);
        const text = await drift("--program", dir, "--customers", "9", ...ONLY);
        expect(text.err).toEqual([]);
        expect(text.code).toBe(0);
        expect(text.out).toContain("not checkable  nextbilling.RingGroup shop: customer 13 left out by --customers");
        // The registration belongs to no customer: compared whatever --customers says.
        expect(text.out).toContain(`in sync        directcall.CallbackUrl legacy (id ${outsider.code})`);
        expect(text.out.at(-1)).toBe("0 changed, 0 missing, 0 unmanaged, 3 in sync, 2 not checkable: in sync");
    });

    it("masks inputs the program itself made secret", async () => {
        const vip = await admin.ringGroups.create({ id_cliente: 9, descricao: "VIP", strategy: "ringall", devices: [23], status: 1 });
        const dir = project([
            {
                kind: "RingGroup",
                name: "vip",
                args: { customerId: 9, description: "VIP", strategy: "ringall", devices: [19] },
                secret: ["devices"],
            },
        ]);
        const result = await drift("--program", dir, "--customers", "9", "--format", "json");
        expect(result.code).toBe(2);
        expect(JSON.parse(result.text).changed).toEqual([
            {
                resource: "nextbilling.RingGroup",
                name: "vip",
                id: String(vip.id),
                fields: [{ field: "devices", declared: "[secret]", live: "[secret]" }],
            },
        ]);
    });

    it("reads the stack file --stack names, and environment variables for settings it lacks", async () => {
        const dir = project(inSyncSpecs.slice(0, 2), {
            // No Directcall settings at all: a vendor the program does not use is then left out, not an error.
            config: {
                "telephony:nextbillingToken": "",
                "telephony:nextbillingKey": "",
                "telephony:nextbillingUrl": "",
                "telephony:directcallClientId": "",
                "telephony:directcallClientSecret": "",
            },
        });
        // Another stack whose settings would fail: --stack must pick prod, not the only… or the first file.
        fs.renameSync(path.join(dir, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.prod.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), yaml.dump({ config: { "telephony:nextbillingUrl": "http://127.0.0.1:9" } }));
        await admin.ringGroups.create({ id_cliente: 9, descricao: "Ramais Recepção", strategy: "ringall", devices: [1, 4], status: 1 });
        const saved = { ...process.env };
        Object.assign(process.env, {
            NEXTBILLING_URL: sandbox.url,
            NEXTBILLING_TOKEN: DEMO_CREDENTIALS.token,
            NEXTBILLING_KEY: DEMO_CREDENTIALS.key,
        });
        try {
            const result = await drift("--program", dir, "--stack", "prod", "--customers", "9", ...ONLY);
            expect(result.err).toEqual([]);
            expect(result.out[0]).toBe(`telephony drift: program ${dir}, stack prod, config from Pulumi.prod.yaml`);
            expect(result.out).toContain("not read       callbacks: no Directcall configuration");
            expect(result.code).toBe(0);
            expect((await drift("--program", dir, "--stack", "staging")).err[0]).toMatch(
                /^telephony drift: no stack config file .*Pulumi\.staging\.yaml$/,
            );
        } finally {
            for (const key of ["NEXTBILLING_URL", "NEXTBILLING_TOKEN", "NEXTBILLING_KEY"]) {
                if (saved[key] === undefined) delete process.env[key];
                else process.env[key] = saved[key];
            }
        }
    });

    it("exits 1 when a vendor cannot be reached", async () => {
        const dir = project(inSyncSpecs.slice(0, 1), { config: { "telephony:nextbillingUrl": "http://127.0.0.1:9" } });
        const result = await drift("--program", dir);
        expect(result.code).toBe(1);
        expect(result.out).toEqual([]);
        expect(result.err.join("\n")).toMatch(/^telephony drift: .*NextBilling listDevices .*failed/);
    });

    it("exits 1 when the program throws, and does not report its resources as missing", async () => {
        const dir = project([], { program: "throws.js" });
        const result = await drift("--program", dir, "--format", "json");
        expect(result.code).toBe(1);
        expect(result.out).toEqual([]);
        expect(result.err[0]).toMatch(/^telephony drift: the program failed: .*the program cannot read its inventory file/);
    });

    it("exits 1 when a declaration fails its resource's check, as a preview would", async () => {
        const dir = project([
            { kind: "RingGroup", name: "bad", args: { customerId: 9, description: "X", strategy: "roundrobin", devices: [1] } },
        ]);
        const result = await drift("--program", dir);
        expect(result.code).toBe(1);
        expect(result.err.join("\n")).toContain('nextbilling.RingGroup "bad": strategy must be one of "ringall", "random", "linear"');
    });

    it.each([
        [[], "--program is required"],
        [["--program", "/nonexistent/drift"], "--program: no such file or directory: /nonexistent/drift"],
        [["--program", ".", "--format", "html"], '--format must be text, markdown or json, got "html"'],
        [
            ["--program", ".", "--customers", "9,x"],
            '--customers must be NextBilling customer ids separated by commas, e.g. 9,13; got "9,x"',
        ],
        [
            ["--program", ".", "--only", "ringgroups,trunks"],
            '--only takes lines, timeprofiles, queues, ivrs, ringgroups, dids, callbacks (comma-separated), got "trunks"',
        ],
    ])("exits 1, not 2, on a usage error %j (2 would read as drift)", async (args, message) => {
        const result = await drift(...args);
        expect(result).toMatchObject({ code: 1, out: [], err: [`telephony drift: ${message} (see telephony drift --help)`] });
    });

    it("covers a whole tenant: export customer 13, drift is in sync; edits made in the panel show on every kind", async () => {
        // The program `telephony export` writes (TypeScript, references as outputs), set up as a user would.
        const settings = project([]);
        const exported = fs.mkdtempSync(path.join(os.tmpdir(), "telephony-drift-tenant-"));
        projects.push(exported);
        const written = await main(["export", "--out", exported, "--customer", "13", "--program", settings, "--stack", "dev"], quiet);
        expect(written).toBe(0);
        fs.copyFileSync(path.join(settings, "Pulumi.dev.yaml"), path.join(exported, "Pulumi.dev.yaml"));
        fs.symlinkSync(path.join(settings, "node_modules"), path.join(exported, "node_modules"), "dir");

        const tenantKinds = ["--only", "lines,timeprofiles,queues,ivrs"];
        const clean = await drift("--program", exported, "--customers", "13", ...tenantKinds, "--format", "json");
        expect(clean.err).toEqual([]);
        expect(clean.code).toBe(0);
        // In registry order (what a record points at first), by name within a kind; the references resolved, so compared.
        expect(JSON.parse(clean.text).inSync).toEqual([
            { resource: "nextbilling.Line", name: "caixa", id: "30" },
            { resource: "nextbilling.Line", name: "estoque", id: "32" },
            { resource: "nextbilling.Line", name: "vendas", id: "31" },
            { resource: "nextbilling.TimeProfile", name: "horario-comercial", id: "3" },
            { resource: "nextbilling.Queue", name: "fila-suporte", id: "14" },
            { resource: "nextbilling.Queue", name: "fila-vendas", id: "12" },
            { resource: "nextbilling.Ivr", name: "ura-principal", id: "7" },
        ]);

        // In the panel: a queue's timeout changed, the IVR deleted, a line added.
        await admin.queues.patch(12, { timeout: 45 });
        await admin.queues.patch(14, { devices: [32, 30] });
        await admin.ivrs.remove(7);
        const added = await admin.lines.create({ id_cliente: 13, username: "2099", callerid: "1133009999" });
        const edited = await drift("--program", exported, "--customers", "13", ...tenantKinds, "--format", "json");
        expect(edited.code).toBe(2);
        const report = JSON.parse(edited.text);
        expect(report.changed).toEqual([
            // A reference compared as the id it resolves to: the queue's lines were `[estoque.recordId]`.
            {
                resource: "nextbilling.Queue",
                name: "fila-suporte",
                id: "14",
                fields: [{ field: "devices", declared: [32], live: [32, 30] }],
            },
            {
                resource: "nextbilling.Queue",
                name: "fila-vendas",
                id: "12",
                fields: [{ field: "timeoutSeconds", declared: expect.any(Number), live: 45 }],
            },
        ]);
        expect(report.missing).toEqual([{ resource: "nextbilling.Ivr", name: "ura-principal", lookedUpBy: "importId 7" }]);
        expect(report.unmanaged).toEqual([
            { resource: "nextbilling.Line", id: String(added.id), label: expect.any(String), customerId: 13 },
        ]);
    });

    it("is listed in the overview and has --help", async () => {
        const help = await drift("--help");
        expect(help.code).toBe(0);
        expect(help.out[0]).toMatch(/^Usage: telephony drift --program DIR/);
    });
});
