/**
 * The Queue and Ivr registry entries: what inventory lists (every customer with `/0`, or the ones
 * named), the records each points at, and how the export declares one: inputs at their defaults
 * left out, and every referenced record the export declares too written as its output.
 */
import { Code, type ExportContext, type InventoryRecord, type Property, type Reference } from "../../../provider/kit/entry";
import { ivrEntry } from "../../../provider/nextbilling/ivr";
import { queueEntry } from "../../../provider/nextbilling/queue";
import { configureFromEngine, nextBillingClient, resetRuntime } from "../../../provider/runtime";
import { startStub } from "../../support/stubServer";
import { ivrRow, queueRow, startTenantStub, type TenantStub } from "./tenantStub";

let tenant: TenantStub;
beforeAll(async () => {
    tenant = await startTenantStub();
});
afterAll(async () => {
    resetRuntime();
    await tenant.close();
});
beforeEach(() => {
    tenant.configure();
    tenant.clear();
});

/** The export's context as provider/export/program.ts builds it: records in `declared` are variables, the others numbers with names. */
function exportContext(fields: readonly string[], declared: Record<string, string>, names: Record<string, string> = {}): ExportContext {
    const key = (reference: Reference) => `${reference.resource}/${reference.id}`;
    return {
        nameOf: (reference) => names[key(reference)],
        ref: (reference) => (declared[key(reference)] ? new Code(`${declared[key(reference)]}.recordId`) : reference.id),
        secret: () => "",
        plain: (inputs, order = fields) =>
            [
                ...order.filter((name) => name in inputs),
                ...Object.keys(inputs)
                    .filter((name) => !order.includes(name))
                    .sort(),
            ]
                .filter((name) => inputs[name] !== undefined)
                .map((name) => ({ key: name, value: inputs[name] })),
    };
}

const record = (resource: string, id: string, inputs: Record<string, unknown>): InventoryRecord => ({
    resource,
    id,
    customerId: 13,
    inputs,
    label: String(inputs.description),
});

describe("nextbilling.Queue in the registry", () => {
    it("lists every customer's queues with one call, or the customers named", async () => {
        tenant.tenant.queues.push(queueRow({ id: 15, id_cliente: 9, descricao: "Fila Recepção" }));
        const client = nextBillingClient();
        const all = await queueEntry.inventory!.list(client, {});
        expect(all.records.map((r) => [r.id, r.customerId, r.label])).toEqual([
            ["12", 13, "Fila Vendas"],
            ["14", 13, "Fila Suporte"],
            ["15", 9, "Fila Recepção"],
        ]);
        expect(all.skipped).toEqual([]);
        const nine = await queueEntry.inventory!.list(client, { customers: [9] });
        expect(nine.records.map((r) => r.id)).toEqual(["15"]);
        expect(tenant.requests().map((r) => r.path)).toEqual(["/api/manageQueue/{token}/{key}/0", "/api/manageQueue/{token}/{key}/9"]);
    });

    it.each([
        ["queues", () => queueEntry.inventory!.list(nextBillingClient(), {})],
        ["ivrs", () => ivrEntry.inventory!.list(nextBillingClient(), {})],
    ])("reports %s it cannot read as skipped, not as a failure of the whole export", async (kind, list) => {
        // A valid envelope whose data is no list (the emulator's `unexpected` shape for DIDs).
        const odd = await startStub(() => ({ text: '{"error":0,"reason":"OK","data":"ok"}' }));
        try {
            configureFromEngine({
                get: (key: string) =>
                    ({ "telephony:nextbillingUrl": odd.url, "telephony:nextbillingToken": "t", "telephony:nextbillingKey": "k" })[key],
            });
            const listing = await list();
            expect(listing.records).toEqual([]);
            expect(listing.skipped).toEqual([
                {
                    kind,
                    reason: expect.stringMatching(/answered without a list: .* \(the manage(Queue|Ivr) list answer is undocumented\)$/),
                },
            ]);
        } finally {
            await odd.close();
        }
    });

    it("points at its lines and its overflow queue", () => {
        const queue = record("Queue", "40", { customerId: 13, description: "Fila", devices: [30, 31], overflowQueueId: 14 });
        expect(queueEntry.inventory!.references!(queue)).toEqual([
            { resource: "Line", customerId: 13, id: 30 },
            { resource: "Line", customerId: 13, id: 31 },
            { resource: "Queue", customerId: 13, id: 14 },
        ]);
    });

    it("is declared with what differs from the defaults, its lines and overflow queue as outputs when exported too", () => {
        const queue = record("Queue", "40", {
            customerId: 13,
            description: "Fila Cobrança",
            strategy: "ringall",
            devices: [30, 31],
            musicOnHold: "default",
            announceFrequencySeconds: 0,
            announceHoldTime: false,
            announcePosition: true,
            retrySeconds: 5,
            timeoutSeconds: 60,
            wrapUpSeconds: 0,
            reportHoldTime: false,
            ringInUse: false,
            type: "basic",
            playAgentAudio: false,
            overflowQueueId: 14,
        });
        const context = exportContext(Object.keys(queueEntry.definition.fields), { "Line/30": "caixa", "Queue/14": "filaSuporte" });
        expect(queueEntry.export!.properties!(queue, "fila-cobranca", context)).toEqual([
            { key: "customerId", value: 13 },
            { key: "description", value: "Fila Cobrança" },
            { key: "devices", value: [new Code("caixa.recordId"), 31] },
            { key: "announcePosition", value: true },
            { key: "timeoutSeconds", value: 60 },
            { key: "overflowQueueId", value: new Code("filaSuporte.recordId") },
        ]);
    });
});

describe("nextbilling.Ivr in the registry", () => {
    it("lists every customer's IVRs with one call, or the customers named", async () => {
        tenant.tenant.ivrs.push(ivrRow({ id: 8, id_cliente: 9, descricao: "URA Clínica" }));
        const client = nextBillingClient();
        expect((await ivrEntry.inventory!.list(client, {})).records.map((r) => [r.id, r.customerId])).toEqual([
            ["7", 13],
            ["8", 9],
        ]);
        expect((await ivrEntry.inventory!.list(client, { customers: [13] })).records.map((r) => r.id)).toEqual(["7"]);
    });

    const ivr = record("Ivr", "7", {
        customerId: 13,
        description: "URA Principal",
        allowDialExtension: false,
        responseTimeoutSeconds: 5,
        digitTimeoutSeconds: 3,
        timeProfileId: 3,
        satisfactionSurvey: false,
        onEntry: { action: "voicemail", lineId: 30 },
        whenClosed: { action: "hangup" },
        options: {
            "1": { action: "queue", queueId: 12 },
            "2": { action: "queue", queueId: 14 },
            "3": { action: "ringGroup", ringGroupId: 5 },
            "4": { action: "external", number: "1130001000" },
            "#": { action: "ivr", ivrId: 8 },
        },
    });

    it("points at every action's target and its time profile", () => {
        expect(ivrEntry.inventory!.references!(ivr)).toEqual([
            { resource: "TimeProfile", customerId: 13, id: 3 },
            { resource: "Line", customerId: 13, id: 30 },
            { resource: "Queue", customerId: 13, id: 12 },
            { resource: "Queue", customerId: 13, id: 14 },
            { resource: "RingGroup", customerId: 13, id: 5 },
            { resource: "Ivr", customerId: 13, id: 8 },
        ]);
        expect(ivrEntry.inventory!.namesReferences).toBe(true);
    });

    it("is declared with what differs from the defaults, targets exported too as their outputs, the others named in a comment", () => {
        const context = exportContext(
            Object.keys(ivrEntry.definition.fields),
            { "Queue/12": "filaVendas", "TimeProfile/3": "horarioComercial", "RingGroup/5": "grupoLoja" },
            { "Queue/14": "Fila Suporte", "Line/30": "Caixa" },
        );
        const properties: Property[] = ivrEntry.export!.properties!(ivr, "ura-principal", context);
        expect(properties).toEqual([
            { key: "customerId", value: 13 },
            { key: "description", value: "URA Principal" },
            { key: "timeProfileId", value: new Code("horarioComercial.recordId") },
            { key: "onEntry", value: { action: "voicemail", lineId: 30 }, trailing: "Caixa" },
            {
                key: "options",
                nested: [
                    { key: "1", value: { action: "queue", queueId: new Code("filaVendas.recordId") } },
                    { key: "2", value: { action: "queue", queueId: 14 }, trailing: "Fila Suporte" },
                    { key: "3", value: { action: "ringGroup", ringGroupId: new Code("grupoLoja.recordId") } },
                    { key: "4", value: { action: "external", number: "1130001000" } },
                    { key: "#", value: { action: "ivr", ivrId: 8 } },
                ],
            },
        ]);
    });
});
