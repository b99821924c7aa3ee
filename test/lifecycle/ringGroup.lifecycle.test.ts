/**
 * RingGroup through the real dynamic-provider host, driven as the engine drives it (the engine
 * stand-in), against the emulator: the program registers, the host serializes and runs the stored
 * provider, the emulator records what NextBilling would have received.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { programStack } from "./fixtures/stack";
import { StackOperationError, type OperationResult } from "../../sandbox/engine";

const TYPE = "pulumi-nodejs:dynamic/telephony/nextbilling:RingGroup";

let sandbox: Sandbox;
let admin: SandboxAdmin;
let dir: string;

/** Customers 9 and 13: other customers' seeded groups are not these tests' business. */
const groupsInEmulator = async () => (await admin.state()).nextbilling.ringGroups.filter((group) => [9, 13].includes(group.id_cliente));
const vendorLog = () => admin.requests();

const reception = { name: "reception", customerId: 9, description: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23] };
const sales = { name: "sales", customerId: 13, description: "Vendas", strategy: "ringall", devices: [30, 31] };

function stack(groups: ({ name: string } & Record<string, unknown>)[], stateFile = path.join(dir, "state.json")) {
    return programStack({
        stack: "test",
        stateFile,
        resources: groups.map(({ name, ...args }) => ({ kind: "RingGroup", name, args })),
        config: { "telephony:nextbillingUrl": sandbox.url },
        secretConfig: { "telephony:nextbillingToken": DEMO_CREDENTIALS.token, "telephony:nextbillingKey": DEMO_CREDENTIALS.key },
    });
}

const ops = (result: OperationResult) => Object.fromEntries(result.steps.map((step) => [step.name, step.op]));

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(async () => {
    await sandbox.close();
});
beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ringgroup-lifecycle-"));
    await admin.reset();
});

describe("RingGroup lifecycle through the dynamic-provider host", () => {
    it("creates, stays quiet when nothing changed, updates in place, replaces create-before-delete, destroys", async () => {
        const created = await stack([reception]).up();
        expect(ops(created)).toEqual({ reception: "create" });
        const [group] = await groupsInEmulator();
        expect(group).toMatchObject({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "linear",
            devices: [1, 4, 19, 23],
            status: 1,
        });
        expect(created.outputs).toEqual({ recordIds: { reception: group.id } });

        const writesBefore = (await vendorLog()).writes;
        expect(ops(await stack([reception]).preview())).toEqual({ reception: "same" });
        expect(ops(await stack([reception]).up())).toEqual({ reception: "same" });
        expect((await vendorLog()).writes).toBe(writesBefore);

        // Same lines in another order: meaningless for ringall, so no change once it is ringall.
        const updated = await stack([{ ...reception, strategy: "ringall" }]).up();
        expect(updated.steps[0]).toMatchObject({ op: "update", diffs: [{ field: "strategy", old: "linear", new: "ringall" }] });
        expect(ops(await stack([{ ...reception, strategy: "ringall", devices: [23, 19, 4, 1] }]).preview())).toEqual({ reception: "same" });
        expect(await groupsInEmulator()).toEqual([{ ...group, strategy: "ringall" }]);

        await admin.clearRequests();
        const replaced = await stack([{ ...reception, customerId: 13, devices: [30] }]).up();
        expect(replaced.steps.find((s) => s.name === "reception")).toMatchObject({ op: "replace", replaceKeys: ["customerId"] });
        const writes = (await vendorLog()).requests.filter((r) => r.method !== "GET").map((r) => r.method);
        expect(writes).toEqual(["PUT", "DELETE"]); // the new group exists before the old one goes
        const [moved] = await groupsInEmulator();
        expect(moved).toMatchObject({ id_cliente: 13, devices: [30] });
        expect(moved.id).not.toBe(group.id);

        const destroyed = await stack([]).destroy();
        expect(ops(destroyed)).toEqual({ reception: "delete" });
        expect(await groupsInEmulator()).toEqual([]);
        expect(stack([]).state().resources).toEqual([]);
    });

    it("deletes a group removed from the program and leaves the others alone", async () => {
        await stack([reception, sales]).up();
        const result = await stack([sales]).up();
        expect(ops(result)).toEqual({ reception: "delete", sales: "same" });
        expect((await groupsInEmulator()).map((g) => g.descricao)).toEqual(["Vendas"]);
    });

    it("sees drift on refresh field by field, reverts it on up, and recreates a group deleted by hand", async () => {
        await stack([reception]).up();
        const [group] = await groupsInEmulator();
        await admin.ringGroups.patch(group.id, { strategy: "ringall", devices: [1, 4], status: 0 });

        const planned = await stack([reception]).preview({ refresh: true });
        expect(ops(planned)).toMatchObject({ reception: "update" });
        const refreshed = await stack([reception]).refresh();
        expect(refreshed.steps[0]).toMatchObject({ op: "refresh" });
        expect(refreshed.steps[0].diffs).toEqual(
            expect.arrayContaining([
                { field: "strategy", old: "linear", new: "ringall" },
                { field: "devices", old: [1, 4, 19, 23], new: [1, 4] },
                { field: "enabled", old: true, new: false },
            ]),
        );
        const reverted = await stack([reception]).up();
        expect(ops(reverted)).toEqual({ reception: "update" });
        expect(await groupsInEmulator()).toEqual([group]);

        await admin.ringGroups.remove(Number(group.id));
        expect(ops(await stack([reception]).refresh())).toEqual({ reception: "read-gone" });
        expect(ops(await stack([reception]).up())).toEqual({ reception: "create" });
        expect(await groupsInEmulator()).toEqual([expect.objectContaining({ descricao: "Ramais Recepção" })]);
    });

    it("adopts an existing group with importId, and refuses a twin without it", async () => {
        const existing = await admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "random",
            devices: [1],
            status: 1,
        });
        const refused = await stack([reception])
            .up()
            .catch((e) => e);
        expect(refused).toBeInstanceOf(StackOperationError);
        expect(refused.message).toContain(`(record ${existing.id})`);
        expect(refused.message).toContain(`importId: ${existing.id}`);

        const adopted = await stack([{ ...reception, importId: existing.id }]).up();
        expect(adopted.outputs).toEqual({ recordIds: { reception: existing.id } });
        expect(await groupsInEmulator()).toEqual([{ ...existing, strategy: "linear", devices: [1, 4, 19, 23] }]);
        // Dropping importId afterwards is not a change.
        expect(ops(await stack([reception]).preview())).toEqual({ reception: "same" });
    });

    it("creates exactly one group when NextBilling applies a create but its answer is lost", async () => {
        await admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageRingGroups", count: 1 }] });
        const result = await stack([reception]).up();
        const groups = await groupsInEmulator();
        expect(groups).toHaveLength(1);
        expect(result.outputs).toEqual({ recordIds: { reception: groups[0].id } });
    });

    it("stops bad input at preview with one failure per property, before any vendor call", async () => {
        await admin.clearRequests();
        const error = await stack([{ ...reception, strategy: "roundrobin", devices: [], customerID: 9 }])
            .preview()
            .catch((e) => e);
        expect(error).toBeInstanceOf(StackOperationError);
        const failures = Object.fromEntries(error.result.failures.map((f: { property: string; reason: string }) => [f.property, f.reason]));
        expect(failures.strategy).toBe('strategy must be one of "ringall", "random", "linear"; got "roundrobin"');
        expect(failures.devices).toContain("non-empty list");
        expect(failures.customerID).toContain('did you mean "customerId"');
        expect(error.result.logs.provider).not.toMatch(/\n\s+at /); // no stack trace
        expect((await vendorLog()).requests).toEqual([]);
    });

    it("fails at preview when a credential is missing, naming its config key and variable", async () => {
        const { name: _, ...args } = reception;
        const incomplete = programStack({
            stack: "test",
            stateFile: path.join(dir, "state.json"),
            resources: [{ kind: "RingGroup", name: "reception", args }],
            config: { "telephony:nextbillingUrl": sandbox.url },
            secretConfig: { "telephony:nextbillingToken": DEMO_CREDENTIALS.token },
            env: { NEXTBILLING_KEY: "" },
        });
        const error = await incomplete.preview().catch((e) => e);
        expect(error).toBeInstanceOf(StackOperationError);
        expect(error.message).toContain("Missing telephony:nextbillingKey (environment variable NEXTBILLING_KEY)");
        expect(error.message).toContain("pulumi config set --secret telephony:nextbillingKey");
    });

    it("keeps the token and key out of the state file, __provider and every log", async () => {
        const result = await stack([reception]).up();
        const refused = await stack([{ ...reception, devices: [1, 99] }])
            .up()
            .catch((e) => e);
        expect(refused.message).toContain("Linha 99 não pertence ao cliente 9"); // the vendor's text, verbatim
        const state = fs.readFileSync(path.join(dir, "state.json"), "utf8");
        const texts = [
            state,
            result.logs.program,
            result.logs.provider,
            JSON.stringify(result),
            refused.message,
            JSON.stringify(refused.result),
        ];
        for (const text of texts) {
            expect(text).not.toContain(DEMO_CREDENTIALS.token);
            expect(text).not.toContain(DEMO_CREDENTIALS.key);
        }
        const resource = JSON.parse(state).resources.find((r: { type: string }) => r.type === TYPE);
        expect(resource.outputs.__provider).toContain("nextbilling/ringGroup/provider.js");
    });
});
