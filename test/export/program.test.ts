/** The export's generator on its own: names, order, comments, secrets and skips, from a hand-made inventory. */
import * as ts from "typescript";
import type { Inventory, LiveRecord } from "../../provider/inventory";
import { camelCase, compareIds, generateProject, slug, type ProjectOptions } from "../../provider/export/program";

const OPTIONS: ProjectOptions = {
    projectName: "telephony-export",
    packageVersion: "0.1.0",
    pulumiVersion: "^3.216.0",
    typescriptVersion: "~5.9.3",
    nodeTypesVersion: "^20.19.43",
};

const HOOK_PASSWORD = "hook-pw-never-written";

function ringGroup(id: number, customerId: number, description: string, extra: Record<string, unknown> = {}): LiveRecord {
    return {
        resource: "RingGroup",
        id: String(id),
        customerId,
        label: description,
        inputs: { customerId, description, strategy: "ringall", devices: [1], enabled: true, ...extra },
    };
}

function did(id: number, customerId: number, number: string, description: string, routing: Record<string, unknown>): LiveRecord {
    return {
        resource: "Did",
        id: String(id),
        customerId,
        label: description,
        inputs: { customerId, number, description, routing, enabled: true },
    };
}

function queue(id: number, customerId: number, description: string, extra: Record<string, unknown> = {}): LiveRecord {
    return { resource: "Queue", id: String(id), customerId, label: description, inputs: { customerId, description, ...extra } };
}

function callback(id: string, url: string, extra: Record<string, unknown> = {}): LiveRecord {
    return { resource: "CallbackUrl", id, label: url, inputs: { url, ...extra } };
}

/**
 * The program type-checked with its own tsconfig (pulumi-telephony as an untyped module: cli.test.ts
 * checks against the real, built one), then run on stubs: what each `new` got, outputs as `<name>`.
 * Running catches what tsc lets through, such as a top-level `const require` in the way of the import.
 */
const libFiles = new Map<string, ts.SourceFile | undefined>();

function checkProgram(files: Record<string, string>): { diagnostics: string[]; declared: Record<string, Record<string, unknown>> } {
    const stubs = 'declare module "pulumi-telephony";\ndeclare module "@pulumi/pulumi";\n';
    const sources: Record<string, string> = { "/project/index.ts": files["index.ts"]!, "/project/stubs.d.ts": stubs };
    const { options } = ts.convertCompilerOptionsFromJson(JSON.parse(files["tsconfig.json"]!).compilerOptions, "/project");
    const host = ts.createCompilerHost({ ...options, types: [] });
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (file) => sources[file] ?? readFile(file);
    host.fileExists = (file) => file in sources || ts.sys.fileExists(file);
    // TypeScript's own lib files, parsed once for every program here.
    host.getSourceFile = (file, language, ...rest) => {
        if (file in sources) return ts.createSourceFile(file, sources[file]!, language);
        if (!libFiles.has(file)) libFiles.set(file, getSourceFile(file, language, ...rest));
        return libFiles.get(file);
    };
    let js = "";
    host.writeFile = (file, text) => {
        if (file.endsWith("index.js")) js = text;
    };
    const program = ts.createProgram(Object.keys(sources), { ...options, types: [], sourceMap: false }, host);
    const emitted = program.emit();
    const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics].map((diagnostic) =>
        ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
    );
    const declared: Record<string, Record<string, unknown>> = {};
    const resource = (type: string) =>
        class {
            recordId: string;
            constructor(name: string, args: Record<string, unknown>) {
                declared[`${type} ${name}`] = args;
                this.recordId = `<${name}>`;
            }
        };
    const telephony = new Proxy(
        {},
        { get: (_, vendor) => new Proxy({}, { get: (_, type) => resource(`${String(vendor)}.${String(type)}`) }) },
    );
    const pulumi = {
        Config: class {
            requireSecret = (key: string) => `<secret ${key}>`;
        },
    };
    const modules: Record<string, unknown> = { "pulumi-telephony": telephony, "@pulumi/pulumi": pulumi };
    if (diagnostics.length === 0) new Function("require", "exports", "module", js)((id: string) => modules[id], {}, {});
    return { diagnostics, declared };
}

function inventory(records: LiveRecord[], names: Record<string, string> = {}): Inventory {
    return { records, skipped: [], names: (kind, customerId, id) => names[`${kind}/${customerId}/${id}`] };
}

const indexOf = (records: LiveRecord[], names?: Record<string, string>) =>
    generateProject(inventory(records, names), OPTIONS).files["index.ts"]!;

describe("names", () => {
    it.each([
        ["Comercial - Todos", "comercial-todos"],
        ["Recepção Clínica", "recepcao-clinica"],
        ["  URA / Atendimento 24h!! ", "ura-atendimento-24h"],
        ["Ñandú Çedilha ÀÉÎÕÜ", "nandu-cedilha-aeiou"],
        ["★★★", ""],
    ])("slug(%j) is %j", (text, expected) => expect(slug(text)).toBe(expected));

    it("cuts long descriptions at a word boundary", () => {
        const name = slug("Grupo de chamadas do atendimento comercial da filial de Campinas e região metropolitana");
        expect(name.length).toBeLessThanOrEqual(60);
        expect(name).toBe("grupo-de-chamadas-do-atendimento-comercial-da-filial-de");
    });

    it("camelCases config keys", () => expect(camelCase("crm-legado-example-com-br")).toBe("crmLegadoExampleComBr"));

    it("orders ids by number, codes by their digit runs", () => {
        expect(["10", "9", "100"].sort(compareIds)).toEqual(["9", "10", "100"]);
        expect(["cb-10", "cb-2", "cb-legacy-1", "a"].sort(compareIds)).toEqual(["a", "cb-2", "cb-10", "cb-legacy-1"]);
    });

    it("deduplicates with -2, -3 in record-id order, whatever order the inventory lists them in", () => {
        const text = indexOf([
            ringGroup(40, 31, "comercial - todos"),
            ringGroup(7, 31, "Comercial - Todos"),
            ringGroup(41, 31, "COMERCIAL TODOS"),
        ]);
        expect(text).toMatch(/ring group 7 "Comercial - Todos"\nnew telephony.nextbilling.RingGroup\("comercial-todos", \{/);
        expect(text).toMatch(/ring group 40 "comercial - todos"\nnew telephony.nextbilling.RingGroup\("comercial-todos-2", \{/);
        expect(text).toMatch(/ring group 41 "COMERCIAL TODOS"\nnew telephony.nextbilling.RingGroup\("comercial-todos-3", \{/);
    });

    it("keeps a name a description gives by itself, numbering the duplicates around it", () => {
        const project = generateProject(
            inventory([ringGroup(1, 9, "Vendas"), ringGroup(2, 9, "Vendas"), ringGroup(3, 9, "Vendas 2")]),
            OPTIONS,
        );
        expect(project.resources.map((resource) => [resource.recordId, resource.name])).toEqual([
            ["1", "vendas"],
            ["2", "vendas-3"],
            ["3", "vendas-2"],
        ]);
    });

    it("names are unique per resource class; a description without letters falls back to the record", () => {
        const project = generateProject(
            inventory([ringGroup(1, 9, "Vendas"), did(5, 9, "1130001000", "Vendas", { type: "audioTest" }), ringGroup(2, 9, "***")]),
            OPTIONS,
        );
        expect(project.resources.map((resource) => resource.name)).toEqual(["vendas", "ring-group-2", "vendas"]);
    });
});

describe("index.ts", () => {
    it("groups by customer and sorts by customer, kind and record id, with a comment per record", () => {
        const text = indexOf([
            did(30, 31, "1140002000", "Comercial Legado", { type: "queue", queueId: 20 }),
            ringGroup(4, 31, "Suporte 24h"),
            ringGroup(9, 9, "Recepção"),
            did(12, 9, "1132001000", "Recepção Clínica", { type: "line", deviceId: 1 }),
            ringGroup(2, 31, "Comercial - Todos"),
        ]);
        const order = [...text.matchAll(/^\/\/ (Customer \d+|NextBilling .*)$/gm)].map((match) => match[1]);
        expect(order).toEqual([
            "Customer 9",
            'NextBilling ring group 9 "Recepção"',
            'NextBilling DID 12 "Recepção Clínica" (1132001000)',
            "Customer 31",
            'NextBilling ring group 2 "Comercial - Todos"',
            'NextBilling ring group 4 "Suporte 24h"',
            'NextBilling DID 30 "Comercial Legado" (1140002000)',
        ]);
    });

    it("declares every input and importId, and names what a DID routes to in a trailing comment", () => {
        const text = indexOf(
            [
                did(13, 31, "1140001000", "Central", { type: "ivr", ivrId: 9 }),
                did(14, 31, "1140002000", "Comercial", { type: "queue", queueId: 20 }),
                did(15, 31, "1140003000", "Suporte", { type: "line", deviceId: 53 }),
                did(16, 31, "1140005000", "Sem nome", { type: "line", deviceId: 99 }),
            ],
            { "ivr/31/9": "URA Legado", "queue/31/20": "Fila Comercial", "line/31/53": "Suporte\nnoturno" },
        );
        expect(text).toContain(
            [
                'new telephony.nextbilling.Did("comercial", {',
                "    customerId: 31,",
                '    number: "1140002000",',
                '    description: "Comercial",',
                "    routing: {",
                '        type: "queue",',
                "        queueId: 20, // Fila Comercial",
                "    },",
                "    enabled: true,",
                "    importId: 14,",
                "});",
            ].join("\n"),
        );
        expect(text).toContain("ivrId: 9, // URA Legado");
        expect(text).toContain("deviceId: 53, // Suporte noturno");
        expect(text).toMatch(/deviceId: 99,\n/);
    });

    it("leaves a supplier's password undeclared, saying why", () => {
        const record = did(14, 31, "1140002000", "Comercial", { type: "queue", queueId: 20 });
        record.inputs.supplier = { host: "10.20.0.1", port: 5060, username: "legado", additionalHosts: ["10.20.0.2"], register: true };
        const text = indexOf([record]);
        expect(text).toContain("// password: NextBilling never returns it, so it is left undeclared and NextBilling keeps its own.");
        expect(text).toContain('additionalHosts: ["10.20.0.2"],');
        expect(text).not.toMatch(/^\s*password:/m);
    });

    it("reads a callback's Basic auth password from the stack's secrets and never writes it", () => {
        const project = generateProject(
            inventory([
                {
                    resource: "CallbackUrl",
                    id: "cb-legacy-2",
                    label: "https://crm.legado.example.com.br/directcall",
                    inputs: {
                        url: "https://crm.legado.example.com.br/directcall",
                        basicAuth: { username: "legado" },
                        basicAuthPassword: HOOK_PASSWORD,
                    },
                },
                {
                    resource: "CallbackUrl",
                    id: "cb-1",
                    label: "http://10.0.0.5:8080/hook",
                    inputs: { url: "http://10.0.0.5:8080/hook", pin: "4321" },
                },
            ]),
            OPTIONS,
        );
        const text = project.files["index.ts"]!;
        expect(text).toContain(
            'import * as pulumi from "@pulumi/pulumi";\nimport * as telephony from "pulumi-telephony";\n\nconst config = new pulumi.Config();',
        );
        expect(text).toContain("// Directcall account (registrations belong to no NextBilling customer)");
        expect(text).toContain(
            [
                'new telephony.directcall.CallbackUrl("crm-legado-example-com-br-directcall", {',
                '    url: "https://crm.legado.example.com.br/directcall",',
                "    basicAuth: {",
                '        username: "legado",',
                '        password: config.requireSecret("crmLegadoExampleComBrDirectcallPassword"),',
                "    },",
                '    importId: "cb-legacy-2",',
                "});",
            ].join("\n"),
        );
        expect(text).toMatch(/pin: "4321",\n\s+\/\/ Registered with plain http.*\n\s+allowInsecureHttp: true,\n\s+importId: "cb-1",/);
        expect(project.secrets).toEqual([
            expect.objectContaining({
                key: "crmLegadoExampleComBrDirectcallPassword",
                resourceName: "crm-legado-example-com-br-directcall",
            }),
        ]);
        for (const content of Object.values(project.files)) expect(content).not.toContain(HOOK_PASSWORD);
        expect(JSON.stringify(project.secrets)).not.toContain(HOOK_PASSWORD);
    });

    it("imports no pulumi and makes no config when no secret is needed", () => {
        const text = indexOf([ringGroup(1, 9, "Recepção")]);
        expect(text).not.toContain("@pulumi/pulumi");
        expect(text).not.toContain("new pulumi.Config()");
    });

    it("keeps vendor text from breaking out of comments and strings", () => {
        const text = indexOf([ringGroup(1, 9, 'Sala "A" */ new Evil(); /* \\')]);
        expect(text).toContain('// NextBilling ring group 1 "Sala \\"A\\" */ new Evil(); /* \\\\"');
        expect(text).toContain('description: "Sala \\"A\\" */ new Evil(); /* \\\\",');
        expect(text.split("\n").filter((line) => line.includes("Evil"))).toHaveLength(2);
    });

    it("skips a description that would end a line (U+2028, U+0085), as the resource refuses it, saying why", () => {
        for (const separator of ["\u2028", "\u0085"]) {
            const project = generateProject(inventory([ringGroup(1, 9, `Sala A${separator}new Evil();`)]), OPTIONS);
            expect(project.files["index.ts"]).not.toContain("Evil");
            expect(project.files["index.ts"]).toContain(
                "// Nothing to declare: the export found one record and could declare none of them",
            );
            expect(project.skipped).toEqual([
                expect.objectContaining({
                    id: "1",
                    reason: expect.stringContaining("description must be one line, without control characters"),
                }),
            ]);
        }
    });

    it("wraps a long device list one line per item", () => {
        const devices = Array.from({ length: 40 }, (_, index) => 1000 + index);
        const text = indexOf([ringGroup(1, 9, "Todos", { devices })]);
        expect(text).toContain("    devices: [\n        1000,\n        1001,");
        expect(Math.max(...text.split("\n").map((line) => line.length))).toBeLessThanOrEqual(140);
    });

    it("is the same for the same inventory, in any order", () => {
        const records = [ringGroup(2, 31, "B"), ringGroup(1, 31, "A"), did(3, 9, "1130001000", "C", { type: "audioTest" })];
        expect(generateProject(inventory(records), OPTIONS).files).toEqual(
            generateProject(inventory([...records].reverse()), OPTIONS).files,
        );
    });
});

describe("variables and secret keys", () => {
    it("never takes a reserved word as a variable, suffixing it as a duplicate, and stays unique", () => {
        const project = generateProject(
            inventory([
                queue(19, 31, "Default 2"),
                queue(20, 31, "Default"),
                queue(21, 31, "New", { overflowQueueId: 20 }),
                queue(22, 31, "Require", { overflowQueueId: 19 }),
                did(30, 31, "1140001000", "Entrada", { type: "queue", queueId: 20 }),
                did(31, 31, "1140002000", "Fila nova", { type: "queue", queueId: 21 }),
                did(32, 31, "1140003000", "Fila require", { type: "queue", queueId: 22 }),
            ]),
            OPTIONS,
        );
        const text = project.files["index.ts"]!;
        expect(text).toContain('const default2 = new telephony.nextbilling.Queue("default-2", {');
        expect(text).toContain('const default3 = new telephony.nextbilling.Queue("default", {');
        expect(text).toContain('const new2 = new telephony.nextbilling.Queue("new", {');
        expect(text).toContain('const require2 = new telephony.nextbilling.Queue("require", {');
        expect(text).toContain("overflowQueueId: default3.recordId,");
        expect(text).toContain("overflowQueueId: default2.recordId,");
        expect(text).toContain("queueId: default3.recordId,");
        expect(text).toContain("queueId: new2.recordId,");
        expect(text).toContain("queueId: require2.recordId,");
        expect(text).not.toMatch(/\b(const (default|new|require) |(default|new|require)\.recordId)/);
        const { diagnostics, declared } = checkProgram(project.files);
        expect(diagnostics).toEqual([]);
        expect(declared["nextbilling.Queue new"]).toMatchObject({ overflowQueueId: "<default>" });
        expect(declared["nextbilling.Queue require"]).toMatchObject({ overflowQueueId: "<default-2>" });
        expect(declared["nextbilling.Did entrada"]).toMatchObject({ routing: { type: "queue", queueId: "<default>" } });
        expect(declared["nextbilling.Did fila-require"]).toMatchObject({ routing: { type: "queue", queueId: "<require>" } });
    });

    it("gives each callback's password its own key, though two resource names camelCase alike", () => {
        const basicAuth = { username: "crm" };
        const basicAuthPassword = HOOK_PASSWORD;
        const project = generateProject(
            inventory([
                callback("cb-1", "https://crm.example.com/hook", { pin: "1", basicAuth, basicAuthPassword }),
                callback("cb-2", "https://crm.example.com/hook", { pin: "2", basicAuth, basicAuthPassword }),
                callback("cb-3", "https://crm.example.com/hook2", { basicAuth, basicAuthPassword }),
            ]),
            OPTIONS,
        );
        expect(project.secrets.map((secret) => [secret.resourceName, secret.key])).toEqual([
            ["crm-example-com-hook", "crmExampleComHookPassword"],
            ["crm-example-com-hook-2", "crmExampleComHook2Password"],
            ["crm-example-com-hook2", "crmExampleComHook2Password2"],
        ]);
        const text = project.files["index.ts"]!;
        const read = [...text.matchAll(/config\.requireSecret\("(\w+)"\)/g)].map((match) => match[1]);
        expect(read).toEqual(["crmExampleComHookPassword", "crmExampleComHook2Password", "crmExampleComHook2Password2"]);
        expect(text).not.toContain(HOOK_PASSWORD);
        const { diagnostics, declared } = checkProgram(project.files);
        expect(diagnostics).toEqual([]);
        expect(declared["directcall.CallbackUrl crm-example-com-hook2"]).toMatchObject({
            basicAuth: { username: "crm", password: "<secret crmExampleComHook2Password2>" },
        });
    });

    it("breaks a cycle where the output order enters it, the closing reference staying a number", () => {
        const project = generateProject(
            inventory([queue(20, 31, "A", { overflowQueueId: 21 }), queue(21, 31, "B", { overflowQueueId: 20 })]),
            OPTIONS,
        );
        expect(project.resources.map((resource) => resource.name)).toEqual(["b", "a"]);
        const text = project.files["index.ts"]!;
        expect(text).toMatch(/const b = new telephony\.nextbilling\.Queue\("b", \{[^}]*overflowQueueId: 20,/);
        expect(text).toMatch(/const a = new telephony\.nextbilling\.Queue\("a", \{[^}]*overflowQueueId: b\.recordId,/);
        expect(checkProgram(project.files).diagnostics).toEqual([]);
    });
});

describe("records the resources cannot declare", () => {
    it("are skipped with the resource's own reason, and the rest is exported", () => {
        const project = generateProject(
            inventory([
                ringGroup(1, 9, "Vazio", { devices: [] }),
                ringGroup(2, 9, "Bom"),
                did(3, 9, "1130001000", "   ", { type: "audioTest" }),
            ]),
            OPTIONS,
        );
        expect(project.resources.map((resource) => resource.recordId)).toEqual(["2"]);
        expect(project.skipped).toEqual([
            expect.objectContaining({ kind: "ringgroups", id: "1", reason: expect.stringContaining("devices must be a non-empty list") }),
            expect.objectContaining({ kind: "dids", id: "3", reason: expect.stringContaining("description must be a text, not empty") }),
        ]);
    });

    it("keep the inventory's own skips first", () => {
        const skipped = { kind: "dids" as const, id: "11", label: "1130009999 Número disponível", reason: "it has no routing" };
        const project = generateProject({ ...inventory([]), skipped: [skipped] }, OPTIONS);
        expect(project.skipped).toEqual([skipped]);
        expect(project.files["index.ts"]).toContain("// Nothing to declare");
    });
});

describe("project files", () => {
    it("depends on this package and the same Pulumi SDK, with Pulumi's TypeScript settings", () => {
        const project = generateProject(inventory([]), OPTIONS);
        expect(Object.keys(project.files)).toEqual(["Pulumi.yaml", "package.json", "tsconfig.json", ".gitignore", "index.ts"]);
        expect(JSON.parse(project.files["package.json"]!)).toEqual({
            name: "telephony-export",
            private: true,
            main: "index.ts",
            dependencies: { "@pulumi/pulumi": "^3.216.0", "pulumi-telephony": "^0.1.0" },
            devDependencies: { "@types/node": "^20.19.43", typescript: "~5.9.3" },
        });
        expect(project.files["Pulumi.yaml"]).toMatch(/^name: telephony-export\n[\s\S]*runtime:\n {2}name: nodejs\n/);
        expect(JSON.parse(project.files["tsconfig.json"]!).compilerOptions).toMatchObject({
            module: "commonjs",
            strict: true,
            esModuleInterop: true,
        });
    });
});
