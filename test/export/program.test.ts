/** The export's generator on its own: names, order, comments, secrets and skips, from a hand-made inventory. */
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
        // A newline is refused by the resource itself (a one-line field); U+2028 is not, and would end a `//` comment.
        const text = indexOf([ringGroup(1, 9, 'Sala "A"\u2028new Evil();*/')]);
        expect(text).toContain('// NextBilling ring group 1 "Sala \\"A\\"\\u2028new Evil();*/"');
        expect(text).toContain('description: "Sala \\"A\\"\\u2028new Evil();*/",');
        expect(text.split("\n").filter((line) => line.includes("Evil"))).toHaveLength(2);
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
