/**
 * Drift over the real inventory (the emulator, `readInventory` as `telephony drift` calls it): records
 * the inventory reads but cannot put in input shape, and a scope narrowed to some customers.
 */
import { compareWithInventory, driftExitCode, type Declaration } from "../../provider/drift";
import { readInventory } from "../../provider/inventory";
import { nextBillingClient } from "../../provider/runtime";
import { DEMO_CREDENTIALS } from "../../sandbox";
import { useEmulator } from "../support/emulator";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpMaxRetries": "0",
}));

/** The seeded IP line 41 of customer 21 (a PABX), adopted by its id. */
const pabx: Declaration = {
    resource: "nextbilling.Line",
    name: "pabx",
    inputs: {
        customerId: 21,
        username: "3041",
        auth: { type: "ip", addresses: ["10.21.0.5", "10.21.0.6"], port: 5060, techPrefix: "2141" },
        enabled: true,
        function: { type: "line" },
        importId: 41,
    },
};

describe("drift of records the inventory cannot declare", () => {
    it("reports a declared line the panel left without a username as not checkable, neither missing nor unmanaged", async () => {
        await emulator.admin.lines.patch(41, { username: "" });
        const inventory = await readInventory({ clients: { NextBilling: nextBillingClient() }, customers: [21], only: ["lines"] });
        expect(inventory.skipped).toEqual([expect.objectContaining({ kind: "lines", id: "41" })]);

        const report = compareWithInventory([pabx], inventory, { customers: [21] });
        expect(report.missing).toEqual([]);
        expect(report.notCheckable).toEqual([
            {
                resource: "nextbilling.Line",
                name: "pabx",
                reason: 'record 41: it cannot be declared as NextBilling has it (username must be a SIP user name: 1 to 64 letters, digits, ".", "_", "+" or "-"); fix it in the panel, or declare it by hand',
            },
        ]);
        // Customer 21's other line, declared by nobody, is still unmanaged; line 41 is not.
        expect(report.unmanaged).toEqual([{ resource: "nextbilling.Line", id: "40", label: "Contador", customerId: 21 }]);
        expect(report.summary).toMatchObject({ missing: 0, unmanaged: 1, notCheckable: 1 });
    });

    it("does the same for a time profile whose hours the panel put out of order, and keeps an undeclared one unmanaged", async () => {
        await emulator.admin.timeProfiles.patch(3, { wday1_hora1_ini: "18:00:00", wday1_hora1_end: "08:00:00" });
        await emulator.admin.timeProfiles.patch(2, { wday2_hora1_ini: "19:00:00", wday2_hora1_end: "07:00:00" });
        const inventory = await readInventory({
            clients: { NextBilling: nextBillingClient() },
            customers: [9, 13],
            only: ["timeprofiles"],
        });
        const declared: Declaration = {
            resource: "nextbilling.TimeProfile",
            name: "shop-hours",
            inputs: { customerId: 13, description: "Horário Comercial", importId: 3 },
        };
        const report = compareWithInventory([declared], inventory, { customers: [9, 13] });
        expect(report.missing).toEqual([]);
        expect(report.notCheckable).toEqual([
            {
                resource: "nextbilling.TimeProfile",
                name: "shop-hours",
                reason: expect.stringMatching(/^record 3: its hours cannot be declared/),
            },
        ]);
        expect(report.unmanaged).toEqual([{ resource: "nextbilling.TimeProfile", id: "2", label: "Horário da Clínica" }]);

        // Declared by its natural key instead (no importId): matched from the record as read, the same one entry.
        const byKey = compareWithInventory([{ ...declared, inputs: { customerId: 13, description: " horário comercial" } }], inventory);
        expect(byKey.missing).toEqual([]);
        expect(byKey.notCheckable).toEqual([expect.objectContaining({ name: "shop-hours", reason: expect.stringMatching(/^record 3: /) })]);
        expect(byKey.unmanaged.map((entry) => entry.id)).toEqual(["2"]);
    });
});

describe("drift narrowed to some customers", () => {
    it("lists declarations of customers left out as not checkable, not missing, and compares the named customers' own", async () => {
        const queue = (name: string, customerId: number, description: string, importId?: number): Declaration => ({
            resource: "nextbilling.Queue",
            name,
            inputs: { customerId, description, ...(importId === undefined ? {} : { importId }) },
        });
        const declarations = [
            queue("reception", 9, "Fila Recepção"),
            queue("sales", 13, "Fila Vendas"),
            queue("support", 13, "Fila Suporte", 14),
            { resource: "erix.AgentSession", name: "maria", inputs: { agent: "maria", extension: "2001", queue: "vendas" } },
        ];
        const inventory = await readInventory({ clients: { NextBilling: nextBillingClient() }, customers: [9], only: ["queues"] });
        const report = compareWithInventory(declarations, inventory, { customers: [9] });
        expect(report.missing).toEqual([]);
        expect(report.unmanaged).toEqual([]);
        expect(report.notCheckable).toEqual([
            { resource: "nextbilling.Queue", name: "sales", reason: "customer 13 left out by --customers" },
            { resource: "nextbilling.Queue", name: "support", reason: "customer 13 left out by --customers" },
            { resource: "erix.AgentSession", name: "maria", reason: "not checkable (Erix has no status query)" },
        ]);
        expect([...report.inSync, ...report.changed].map((entry) => entry.name)).toEqual(["reception"]);

        // Without the scope, the same inventory's silence about customer 13 would read as missing.
        const unscoped = compareWithInventory(declarations, inventory);
        expect(unscoped.missing.map((entry) => entry.name)).toEqual(["sales", "support"]);
        expect(driftExitCode(unscoped)).toBe(2);
    });
});
