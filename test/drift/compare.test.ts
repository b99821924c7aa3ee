/** compareWithInventory, pure: matching (importId, natural keys), what is and is not drift, masking. */
import { UNKNOWN } from "../../provider/kit/check";
import { compareWithInventory, driftExitCode, driftResourceOf, type Declaration } from "../../provider/drift";
import type { LiveRecord, Skipped } from "../../provider/inventory";

const ringGroup = (id: string, customerId: number, description: string, extra: Record<string, unknown> = {}): LiveRecord => ({
    resource: "RingGroup",
    id,
    customerId,
    label: description,
    inputs: { customerId, description, strategy: "ringall", devices: [1, 4], enabled: true, ...extra },
});

const did = (id: string, number: string, extra: Record<string, unknown> = {}): LiveRecord => ({
    resource: "Did",
    id,
    customerId: 9,
    label: "Recepção",
    inputs: { customerId: 9, number, description: "Recepção", routing: { type: "line", deviceId: 1 }, enabled: true, ...extra },
});

const callback = (id: string, url: string, extra: Record<string, unknown> = {}): LiveRecord => ({
    resource: "CallbackUrl",
    id,
    label: url,
    inputs: { url, ...extra },
});

function compare(declarations: Declaration[], records: LiveRecord[], skipped: Skipped[] = []) {
    return compareWithInventory(declarations, { records, skipped });
}

describe("compareWithInventory", () => {
    it("matches a ring group by customer and description, ignoring case, spaces and device order of non-linear groups", () => {
        const declared = (name: string, description: string): Declaration => ({
            resource: "nextbilling.RingGroup",
            name,
            inputs: { customerId: 9, description, strategy: "ringall", devices: [4, 1], enabled: true },
        });
        const report = compare(
            [declared("reception", "Ramais Recepção"), declared("office", "  ESCRITÓRIO ")],
            [ringGroup("3", 13, "Ramais Recepção"), ringGroup("5", 9, "Ramais Recepção"), ringGroup("6", 9, "Escritório")],
        );
        expect(report.inSync).toEqual([{ resource: "nextbilling.RingGroup", name: "reception", id: "5" }]);
        // Found by its key, but an `up` would still rewrite the name as declared: that is a change.
        expect(report.changed).toEqual([
            {
                resource: "nextbilling.RingGroup",
                name: "office",
                id: "6",
                fields: [{ field: "description", declared: "  ESCRITÓRIO ", live: "Escritório" }],
            },
        ]);
        // Same name, another customer: not this declaration's record, so unmanaged.
        expect(report.unmanaged).toEqual([{ resource: "nextbilling.RingGroup", id: "3", label: "Ramais Recepção", customerId: 13 }]);
        expect(driftExitCode(report)).toBe(2);
    });

    it("reports device order as a change for linear groups only", () => {
        const declared: Declaration = {
            resource: "nextbilling.RingGroup",
            name: "reception",
            inputs: { customerId: 9, description: "Ramais", strategy: "linear", devices: [4, 1], enabled: true },
        };
        const report = compare([declared], [ringGroup("5", 9, "Ramais", { strategy: "linear" })]);
        expect(report.changed).toEqual([
            {
                resource: "nextbilling.RingGroup",
                name: "reception",
                id: "5",
                fields: [{ field: "devices", declared: [4, 1], live: [1, 4] }],
            },
        ]);
    });

    it("matches by importId before natural keys, so an adoption wins the record", () => {
        const report = compare(
            [
                {
                    resource: "nextbilling.RingGroup",
                    name: "by-name",
                    inputs: { customerId: 9, description: "Ramais", strategy: "ringall", devices: [1, 4] },
                },
                {
                    resource: "nextbilling.RingGroup",
                    name: "adopted",
                    inputs: { customerId: 9, description: "Novo nome", strategy: "ringall", devices: [1, 4], enabled: true, importId: 5 },
                },
            ],
            [ringGroup("5", 9, "Ramais")],
        );
        expect(report.changed).toEqual([
            expect.objectContaining({
                name: "adopted",
                id: "5",
                fields: [{ field: "description", declared: "Novo nome", live: "Ramais" }],
            }),
        ]);
        expect(report.missing).toEqual([
            { resource: "nextbilling.RingGroup", name: "by-name", lookedUpBy: 'customer 9 and description "Ramais"' },
        ]);
        expect(report.inSync).toEqual([]);
    });

    it("reports an importId that matches nothing as missing, without falling back to the natural key", () => {
        const report = compare(
            [
                {
                    resource: "nextbilling.Did",
                    name: "sales",
                    inputs: { number: "1132001000", importId: 99, routing: { type: "line", deviceId: 1 } },
                },
            ],
            [did("12", "1132001000")],
        );
        expect(report.missing).toEqual([{ resource: "nextbilling.Did", name: "sales", lookedUpBy: "importId 99" }]);
        expect(report.unmanaged.map((entry) => entry.id)).toEqual(["12"]);
    });

    it("ignores a DID's local inputs, unreadable password and undeclared optional or supplier fields", () => {
        const report = compare(
            [
                {
                    resource: "nextbilling.Did",
                    name: "clinic",
                    inputs: {
                        customerId: 9,
                        number: "1132001000",
                        description: "Recepção",
                        routing: { type: "line", deviceId: 1 },
                        supplier: { host: "192.168.0.2" },
                        supplierPassword: "trunk-secret",
                        enabled: true,
                        deletionPolicy: "release",
                    },
                },
            ],
            [
                did("12", "1132001000", {
                    maxCalls: 30,
                    playAudio: true,
                    supplier: { host: "192.168.0.2", username: "trunk01", port: 5060 },
                }),
            ],
        );
        expect(report.inSync).toEqual([{ resource: "nextbilling.Did", name: "clinic", id: "12" }]);
        expect(report.summary).toEqual({ inSync: 1, changed: 0, missing: 0, unmanaged: 0, notCheckable: 0, drift: false });
        expect(driftExitCode(report)).toBe(0);
    });

    it("masks callback passwords and inputs the program made secret, on both sides", () => {
        const report = compare(
            [
                {
                    resource: "directcall.CallbackUrl",
                    name: "crm",
                    inputs: {
                        url: "https://crm.example.com.br/hooks",
                        basicAuth: { username: "dc" },
                        basicAuthPassword: "new-pass",
                        allowInsecureHttp: false,
                    },
                },
                {
                    resource: "nextbilling.RingGroup",
                    name: "vip",
                    inputs: { customerId: 9, description: "VIP", strategy: "ringall", devices: [1], enabled: true },
                    secretInputs: ["devices"],
                },
            ],
            [
                callback("cb-1", "https://crm.example.com.br/hooks", { basicAuth: { username: "dc" }, basicAuthPassword: "old-pass" }),
                ringGroup("7", 9, "VIP", { devices: [1, 4] }),
            ],
        );
        expect(report.changed).toEqual([
            {
                resource: "nextbilling.RingGroup",
                name: "vip",
                id: "7",
                fields: [{ field: "devices", declared: "[secret]", live: "[secret]" }],
            },
            {
                resource: "directcall.CallbackUrl",
                name: "crm",
                id: "cb-1",
                fields: [{ field: "basicAuthPassword", declared: "[secret]", live: "[secret]" }],
            },
        ]);
        expect(JSON.stringify(report)).not.toMatch(/new-pass|old-pass/);
    });

    it("matches a callback by URL and PIN: another PIN is another registration", () => {
        const report = compare(
            [
                {
                    resource: "directcall.CallbackUrl",
                    name: "crm",
                    inputs: { url: "https://crm.example.com.br/", pin: "1234", allowInsecureHttp: false },
                },
            ],
            [callback("cb-1", "https://crm.example.com.br/"), callback("cb-2", "https://crm.example.com.br/", { pin: "1234" })],
        );
        expect(report.inSync).toEqual([{ resource: "directcall.CallbackUrl", name: "crm", id: "cb-2" }]);
        expect(report.unmanaged).toEqual([{ resource: "directcall.CallbackUrl", id: "cb-1", label: "https://crm.example.com.br/" }]);
    });

    it("does not compare values unknown before apply, and lists Erix sessions as not checkable", () => {
        const report = compare(
            [
                {
                    resource: "nextbilling.RingGroup",
                    name: "r",
                    inputs: { customerId: 9, description: "R", strategy: "ringall", devices: UNKNOWN },
                },
                { resource: "erix.AgentSession", name: "maria", inputs: { agent: "maria", extension: "2001", queue: "vendas" } },
            ],
            [ringGroup("1", 9, "R")],
        );
        expect(report.inSync).toEqual([{ resource: "nextbilling.RingGroup", name: "r", id: "1", unknownFields: ["devices"] }]);
        expect(report.notCheckable).toEqual([
            { resource: "erix.AgentSession", name: "maria", reason: "not checkable (Erix has no status query)" },
        ]);
        expect(report.summary.drift).toBe(false);
    });

    it("lists declarations of a kind that could not be read as not checkable, and a DID without routing as changed", () => {
        const report = compare(
            [
                { resource: "directcall.CallbackUrl", name: "crm", inputs: { url: "https://crm.example.com.br/" } },
                { resource: "nextbilling.Did", name: "pool", inputs: { number: "11 3000-9999", routing: { type: "audioTest" } } },
            ],
            [],
            [
                { kind: "callbacks", reason: "no Directcall configuration" },
                { kind: "dids", id: "11", label: "1130009999 Número disponível", reason: "it has no routing" },
                { kind: "dids", id: "14", label: "1130008888 Outro", reason: "it has no routing" },
            ],
        );
        expect(report.notCheckable).toEqual([{ resource: "directcall.CallbackUrl", name: "crm", reason: "no Directcall configuration" }]);
        expect(report.changed).toEqual([
            {
                resource: "nextbilling.Did",
                name: "pool",
                id: "11",
                fields: [{ field: "routing", declared: { type: "audioTest" }, live: null }],
            },
        ]);
        expect(report.unmanaged).toEqual([{ resource: "nextbilling.Did", id: "14", label: "1130008888 Outro" }]);
    });

    it("lists a declared record of any kind the inventory read but could not map once, as not checkable with its reason", () => {
        const report = compare(
            [
                {
                    resource: "nextbilling.Line",
                    name: "pabx",
                    inputs: { customerId: 21, username: "3041", auth: { type: "ip", addresses: ["10.21.0.5"] }, importId: 12 },
                },
            ],
            [],
            [
                { kind: "lines", id: "12", label: "Atendimento", reason: "it cannot be declared as NextBilling has it (username …)" },
                { kind: "lines", id: "40", label: "Contador", reason: "it cannot be declared as NextBilling has it (username …)" },
            ],
        );
        expect(report.missing).toEqual([]);
        expect(report.notCheckable).toEqual([
            { resource: "nextbilling.Line", name: "pabx", reason: "record 12: it cannot be declared as NextBilling has it (username …)" },
        ]);
        // The one nobody declared is still unmanaged.
        expect(report.unmanaged).toEqual([{ resource: "nextbilling.Line", id: "40", label: "Contador" }]);
        expect(report.summary).toEqual({ inSync: 0, changed: 0, missing: 0, unmanaged: 1, notCheckable: 1, drift: true });
    });

    it("lists declarations of customers left out of the scope as not checkable; records without a customer are compared as ever", () => {
        const declarations: Declaration[] = [
            {
                resource: "nextbilling.RingGroup",
                name: "reception",
                inputs: { customerId: 9, description: "Ramais", strategy: "ringall", devices: [1, 4], enabled: true },
            },
            {
                resource: "nextbilling.RingGroup",
                name: "shop",
                inputs: { customerId: 13, description: "Loja", strategy: "ringall", devices: [30], enabled: true },
            },
            // Another customer's, but adopted by an id the scope read: compared (the customer is what changed).
            { resource: "nextbilling.Did", name: "moved", inputs: { customerId: 13, number: "1132001000", importId: 12 } },
            { resource: "directcall.CallbackUrl", name: "crm", inputs: { url: "https://crm.example.com.br/" } },
        ];
        const records = [ringGroup("5", 9, "Ramais"), did("12", "1132001000"), callback("cb-1", "https://crm.example.com.br/")];
        const report = compareWithInventory(declarations, { records, skipped: [] }, { customers: [9] });
        expect(report.notCheckable).toEqual([
            { resource: "nextbilling.RingGroup", name: "shop", reason: "customer 13 left out by --customers" },
        ]);
        expect(report.missing).toEqual([]);
        expect(report.inSync.map((entry) => entry.name)).toEqual(["reception", "crm"]);
        expect(report.changed).toEqual([
            expect.objectContaining({ name: "moved", fields: expect.arrayContaining([{ field: "customerId", declared: 13, live: 9 }]) }),
        ]);
        expect(report.summary.unmanaged).toBe(0);
    });

    it("knows the resources by their Pulumi type tokens", () => {
        expect(driftResourceOf("pulumi-nodejs:dynamic/telephony/nextbilling:Did")).toBe("nextbilling.Did");
        expect(driftResourceOf("pulumi-nodejs:dynamic/telephony/erix:AgentSession")).toBe("erix.AgentSession");
        expect(driftResourceOf("aws:s3/bucket:Bucket")).toBeUndefined();
    });
});
