/**
 * Did through the real dynamic-provider host (driven by the engine stand-in) against the emulator.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { programStack } from "./fixtures/stack";
import { renderOperation, type OperationResult } from "../../sandbox/engine";

const PASSWORD = "trunk-password-7f3a";

let sandbox: Sandbox;
let admin: SandboxAdmin;
let dir: string;

interface Spec {
    name: string;
    args: Record<string, unknown>;
}

const sales: Spec = {
    name: "sales",
    args: {
        customerId: 13,
        number: "+55 (11) 3000-1000",
        description: "Número Entrante Vendas",
        routing: { type: "queue", queueId: 12 },
        supplier: {
            host: "192.168.0.2",
            port: 5060,
            username: "trunk01",
            password: PASSWORD,
            additionalHosts: ["192.168.0.1", "192.168.0.3"],
            register: true,
        },
        maxCalls: 30,
    },
};
const menu: Spec = {
    name: "menu",
    args: { customerId: 13, number: "11 3000-2000", description: "URA", routing: { type: "ivr", ivrId: 7 } },
};
const trunk: Spec = {
    name: "trunk",
    args: {
        customerId: 13,
        number: "1130003000",
        description: "Tronco IP",
        routing: { type: "ip", deviceId: 30, primary: { ipAddress: "10.0.0.1" }, backup: { ipAddress: "10.0.0.2", port: 5080 } },
    },
};

function stack(specs: Spec[]) {
    return programStack({
        stack: "dids",
        stateFile: path.join(dir, "state.json"),
        resources: specs.map((spec) => ({ kind: "Did", ...spec })),
        config: { "telephony:nextbillingUrl": sandbox.url },
        secretConfig: { "telephony:nextbillingToken": DEMO_CREDENTIALS.token, "telephony:nextbillingKey": DEMO_CREDENTIALS.key },
    });
}

const ops = (result: OperationResult) => Object.fromEntries(result.steps.map((step) => [step.name, step.op]));
const dids = async () => (await admin.state()).nextbilling.dids;
const byNumber = async (number: string) => (await dids()).find((did) => did.did_number === number);
const withArgs = (spec: Spec, args: Record<string, unknown>): Spec => ({ ...spec, args: { ...spec.args, ...args } });

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(async () => {
    await sandbox.close();
});
beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "did-lifecycle-"));
    await admin.reset();
});

describe("Did lifecycle through the dynamic-provider host", () => {
    it("creates queue, IVR and IP-trunk DIDs, keeping the supplier password secret everywhere", async () => {
        const created = await stack([sales, menu, trunk]).up();
        expect(ops(created)).toEqual({ sales: "create", menu: "create", trunk: "create" });
        expect(await byNumber("1130001000")).toMatchObject({
            customer_id: 13,
            did_type: 5,
            did_type_id: 12,
            password: PASSWORD,
            max_calls: 30,
        });
        expect(await byNumber("1130002000")).toMatchObject({ did_type: 6, did_type_id: 7 });
        expect(await byNumber("1130003000")).toMatchObject({
            did_type: 0,
            device_id: 30,
            ip_address1: "10.0.0.1",
            port1: 5060,
            ip_address2: "10.0.0.2",
            port2: 5080,
        });

        const quiet = await stack([sales, menu, trunk]).preview();
        expect(ops(quiet)).toEqual({ sales: "same", menu: "same", trunk: "same" }); // normalised numbers compare equal

        const changed = await stack([
            withArgs(sales, { supplier: { ...(sales.args.supplier as object), password: "rotated-pass-9" } }),
        ]).up();
        expect(ops(changed)).toMatchObject({ sales: "update" });
        expect(renderOperation(changed)).toContain("supplierPassword: [secret] → [secret]");
        expect((await byNumber("1130001000"))!.password).toBe("rotated-pass-9");

        const stateText = fs.readFileSync(path.join(dir, "state.json"), "utf8");
        const resource = JSON.parse(stateText).resources.find((r: { name: string }) => r.name === "sales");
        expect(resource.secretKeys).toContain("supplierPassword");
        expect(resource.outputs.supplier).toEqual({
            host: "192.168.0.2",
            port: 5060,
            username: "trunk01",
            additionalHosts: ["192.168.0.1", "192.168.0.3"],
            register: true,
        });
        for (const text of [
            stateText,
            resource.outputs.__provider,
            created.logs.provider,
            created.logs.program,
            changed.logs.provider,
            renderOperation(changed),
        ]) {
            expect(text).not.toContain(PASSWORD);
            expect(text).not.toContain("rotated-pass-9");
        }
    });

    it("changes routing and moves customers in place, replaces on a new number", async () => {
        await stack([sales]).up();
        const { id } = (await byNumber("1130001000"))!;

        expect(ops(await stack([withArgs(sales, { routing: { type: "ivr", ivrId: 7 } })]).up())).toEqual({ sales: "update" });
        const moved = await stack([withArgs(sales, { customerId: 9, routing: { type: "queue", queueId: 15 } })]).up();
        expect(moved.steps[0]).toMatchObject({ op: "update" });
        expect(await byNumber("1130001000")).toMatchObject({ id, customer_id: 9, did_type_id: 15 });

        await admin.clearRequests();
        const renumbered = await stack([
            withArgs(sales, { customerId: 9, routing: { type: "queue", queueId: 15 }, number: "1130001999" }),
        ]).up();
        expect(renumbered.steps[0]).toMatchObject({ op: "replace", replaceKeys: ["number"] });
        const writes = (await admin.requests()).requests.filter((r) => r.method !== "GET").map((r) => `${r.method} ${r.path}`);
        expect(writes).toEqual(["PUT /api/manageDID/{token}/{key}", "DELETE /api/manageDID/{token}/{key}"]);
        expect(await byNumber("1130001000")).toBeUndefined();
    });

    it("on destroy, deletes by default and releases to the pool with deletionPolicy release", async () => {
        await stack([menu, withArgs(trunk, { deletionPolicy: "release" })]).up();
        const destroyed = await stack([]).destroy();
        expect(ops(destroyed)).toEqual({ menu: "delete", trunk: "delete" });
        expect(await byNumber("1130002000")).toBeUndefined();
        expect(await byNumber("1130003000")).toMatchObject({ customer_id: 0, status: 0 });
    });

    it("adopts an existing number with importId, and refuses it without", async () => {
        const existing: Spec = {
            name: "clinic",
            args: { customerId: 9, number: "1132001000", description: "Recepção Clínica", routing: { type: "queue", queueId: 15 } },
        };
        const refused = await stack([existing])
            .up()
            .catch((e) => e);
        expect(refused.message).toContain("a DID with number 1132001000 already exists (record 12)");
        const adopted = await stack([withArgs(existing, { importId: 12 })]).up();
        expect(adopted.outputs).toEqual({ recordIds: { clinic: 12 } });
        expect(await byNumber("1132001000")).toMatchObject({ id: 12, did_type: 5, did_type_id: 15 });
        expect((await dids()).filter((did) => did.did_number === "1132001000")).toHaveLength(1);
    });

    it("sees routing drift on refresh and reverts it; a server without the read keeps state with a warning", async () => {
        await stack([sales]).up();
        const { id } = (await byNumber("1130001000"))!;
        await admin.dids.patch(id, { did_type_id: 14, max_calls: 10 });

        const refreshed = await stack([sales]).refresh();
        expect(refreshed.steps[0].diffs).toEqual(
            expect.arrayContaining([
                { field: "routing", old: { type: "queue", queueId: 12 }, new: { type: "queue", queueId: 14 } },
                { field: "maxCalls", old: 30, new: 10 },
            ]),
        );
        expect(ops(await stack([sales]).up())).toEqual({ sales: "update" });
        expect(await byNumber("1130001000")).toMatchObject({ did_type_id: 12, max_calls: 30, password: PASSWORD });

        await admin.setFaults({ failNext: [{ status: 405, method: "GET", pathIncludes: "manageDID", count: 100 }] });
        const degraded = await stack([sales]).refresh();
        expect(ops(degraded)).toEqual({ sales: "same" });
        expect(degraded.logs.provider).toContain("refresh keeps the stored state of DIDs");
    });

    it("stops a routing without its companion at preview, naming the property", async () => {
        const error = await stack([withArgs(menu, { routing: { type: "queue", deviceId: 30 } })])
            .preview()
            .catch((e) => e);
        const failures = Object.fromEntries(error.result.failures.map((f: { property: string; reason: string }) => [f.property, f.reason]));
        expect(failures["routing.queueId"]).toContain("it is missing");
        expect(failures["routing.deviceId"]).toBe('routing.deviceId is not used by routing type "queue": it takes queueId');
    });
});
