/**
 * nextbilling.Did on the real Pulumi engine against the emulator, for what the variants suite
 * (variants.test.ts) does not already prove: queue, IVR and IP-trunk numbers, a number written
 * another way being no change, the supplier password rotated and secret at rest, in the output
 * and in every message; a routing change and a customer move made in place, a new number
 * replacing create-before-delete, and deletionPolicy release on destroy; routing drift seen by
 * refresh and reverted by up; a routing without its companion (and a reference the customer does
 * not have) stopping at preview; and the resource options the engine honours (ignoreChanges,
 * protect, retainOnDelete) with adoption by importId, the number being refused without it.
 */
// How the engine marks a secret value in events and state: `{ [specialSigKey]: specialSecretSig, ciphertext }`.
import { specialSigKey as SECRET_SIG } from "@pulumi/pulumi/runtime/rpc";
import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import type { LoggedRequest } from "../../sandbox/server";
import { requireEngine } from "../support/engine";
import {
    expectNothingSecretAtRest,
    lastOps,
    lifecycleStack,
    programOf,
    protectedRefusal,
    said,
    storedResources,
    succeeded,
    urnOf,
    type Declared,
} from "../support/lifecycle";

requireEngine();

const PASSWORD = "did-trunk-secret-81c2e7";
const ROTATED = "did-trunk-rotated-4b09fa";
/** Too long to be a password (over 200 characters): refused at preview, and never echoed. */
const OVERLONG = `did-overlong-secret-${"q".repeat(200)}`;

const did = (name: string, args: Record<string, unknown>, options?: Declared["options"]): Declared => ({
    kind: "Did",
    name,
    args,
    ...(options ? { options } : {}),
});
const withArgs = (declared: Declared, change: Record<string, unknown>): Declared => ({
    ...declared,
    args: { ...declared.args, ...change },
});
const withOptions = (declared: Declared, options: Declared["options"]): Declared => ({ ...declared, options });

const supplier = {
    host: "192.168.0.2",
    port: 5060,
    username: "trunk01",
    password: PASSWORD,
    additionalHosts: ["192.168.0.1", "192.168.0.3"],
    register: true,
};
const sales = did("sales", {
    customerId: 13,
    number: "+55 (11) 3000-1000",
    description: "Número Entrante Vendas",
    routing: { type: "queue", queueId: 12 },
    supplier,
    maxCalls: 30,
});
const menu = did("menu", { customerId: 13, number: "11 3000-2000", description: "URA", routing: { type: "ivr", ivrId: 7 } });
const trunk = did("trunk", {
    customerId: 13,
    number: "1130003000",
    description: "Tronco IP",
    routing: { type: "ip", deviceId: 30, primary: { ipAddress: "10.0.0.1" }, backup: { ipAddress: "10.0.0.2", port: 5080 } },
    deletionPolicy: "release",
});

let sandbox: Sandbox;
let admin: SandboxAdmin;
beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const dids = async () => (await admin.state()).nextbilling.dids;
const byNumber = async (number: string) => (await dids()).find((d) => d.did_number === number);
const log = async () => (await admin.requests()).requests;
const isWrite = (r: LoggedRequest) => r.method !== "GET";
/** Writes naming record `id`: an update's path segment, a delete's `id_record` query. */
const writesTo = (requests: LoggedRequest[], id: number) =>
    requests.filter((r) => isWrite(r) && (r.path.endsWith(`/${id}`) || r.query.id_record === String(id)));

describe("Did on the real engine", () => {
    it("queue, IVR and IP-trunk numbers; password rotated and secret; changes in place; a new number replaces; release on destroy", async () => {
        const stack = await lifecycleStack(sandbox, [sales, menu, trunk]);
        try {
            const created = succeeded(await stack.up());
            expect(lastOps(created)).toEqual({ sales: "create", menu: "create", trunk: "create" });
            const queue = (await byNumber("1130001000"))!;
            expect(queue).toMatchObject({
                customer_id: 13,
                did_type: 5,
                did_type_id: 12,
                host: "192.168.0.2",
                username: "trunk01",
                host_additional: ["192.168.0.1", "192.168.0.3"],
                register: 1,
                password: PASSWORD,
                max_calls: 30,
            });
            expect(await byNumber("1130002000")).toMatchObject({ customer_id: 13, did_type: 6, did_type_id: 7 });
            expect(await byNumber("1130003000")).toMatchObject({
                did_type: 0,
                device_id: 30,
                ip_address1: "10.0.0.1",
                port1: 5060,
                ip_address2: "10.0.0.2",
                port2: 5080,
            });
            // Numbers written as people write them compare equal to the digits stored; and with nothing to change
            // nothing is checked at the vendor: not a call (the references were checked when they were set).
            await admin.clearRequests();
            succeeded(await stack.preview({ expectNoChanges: true }));
            expect((await admin.requests()).requests).toEqual([]);

            // The password alone changes: an update, the new password at the vendor, secret in the state.
            const rotated = withArgs(sales, { supplier: { ...supplier, password: ROTATED } });
            stack.setProgram(programOf([rotated, menu, trunk]));
            const changed = succeeded(await stack.up());
            expect(lastOps(changed)).toEqual({ sales: "update", menu: "same", trunk: "same" });
            // The engine's own events carry the password only as "[secret]": to an observer, no input differs.
            const update = changed.steps.find((s) => s.name === "sales" && s.op === "update")!;
            expect(update.changedInputs).toEqual([]);
            expect(update.new?.inputs.supplierPassword).toEqual({
                [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270",
                ciphertext: "[secret]",
            });
            expect((await byNumber("1130001000"))!.password).toBe(ROTATED);
            const stored = storedResources(stack).find((r) => r.name === "sales")!;
            expect(stored.outputs.supplier).toEqual({
                host: "192.168.0.2",
                port: 5060,
                username: "trunk01",
                additionalHosts: ["192.168.0.1", "192.168.0.3"],
                register: true,
            });
            expect(Object.keys(stored.outputs.supplierPassword)).toEqual([SECRET_SIG, "ciphertext"]);
            for (const run of [created, changed]) {
                for (const text of [said(run), run.stdout, JSON.stringify(run.steps)]) {
                    expect(text).not.toContain(PASSWORD);
                    expect(text).not.toContain(ROTATED);
                }
            }

            // Routing to the IVR, then a move to customer 9's queue: updates of the same record.
            stack.setProgram(programOf([withArgs(rotated, { routing: { type: "ivr", ivrId: 7 } }), menu, trunk]));
            expect(lastOps(succeeded(await stack.up()))).toEqual({ sales: "update", menu: "same", trunk: "same" });
            expect(await byNumber("1130001000")).toMatchObject({ id: queue.id, did_type: 6, did_type_id: 7 });
            const moved = withArgs(rotated, { customerId: 9, routing: { type: "queue", queueId: 15 } });
            stack.setProgram(programOf([moved, menu, trunk]));
            expect(lastOps(succeeded(await stack.up()))).toEqual({ sales: "update", menu: "same", trunk: "same" });
            expect(await byNumber("1130001000")).toMatchObject({
                id: queue.id,
                customer_id: 9,
                did_type: 5,
                did_type_id: 15,
                password: ROTATED,
            });

            // A new number is a new DID: created before the old one is deleted.
            stack.setProgram(programOf([withArgs(moved, { number: "1130001999" }), menu, trunk]));
            await admin.clearRequests();
            const renumbered = succeeded(await stack.up());
            expect(renumbered.ops.sales).toEqual(["create-replacement", "replace", "delete-replaced"]);
            const writes = (await log())
                .filter(isWrite)
                .map((r) => `${r.method} ${r.path}${r.query.id_record ? ` ${r.query.id_record}` : ""}`);
            expect(writes).toEqual(["PUT /api/manageDID/{token}/{key}", `DELETE /api/manageDID/{token}/{key} ${queue.id}`]);
            expect(await byNumber("1130001000")).toBeUndefined();
            expect(await byNumber("1130001999")).toMatchObject({ customer_id: 9, did_type_id: 15, password: ROTATED });

            // Destroy deletes by default; deletionPolicy release gives the number back to the pool.
            const destroyed = succeeded(await stack.destroy());
            expect(lastOps(destroyed)).toEqual({ sales: "delete", menu: "delete", trunk: "delete" });
            expect(await byNumber("1130001999")).toBeUndefined();
            expect(await byNumber("1130002000")).toBeUndefined();
            expect(await byNumber("1130003000")).toMatchObject({ customer_id: 0, status: 0, did_type: 10 });
            expectNothingSecretAtRest(stack, [PASSWORD, ROTATED]);
        } finally {
            await stack.dispose();
        }
    });

    it("refresh sees routing drift and up reverts it, the password kept", async () => {
        const stack = await lifecycleStack(sandbox, [sales]);
        try {
            succeeded(await stack.up());
            const { id } = (await byNumber("1130001000"))!;
            await admin.dids.patch(id, { did_type_id: 14, max_calls: 10 });

            const refreshed = succeeded(await stack.refresh());
            expect(refreshed.ops.sales).toEqual(["refresh", "update"]);
            const found = refreshed.steps.find((s) => s.name === "sales" && s.op === "update")!;
            expect(found.changedInputs).toEqual(["maxCalls", "routing"]);
            expect(found.new?.inputs).toMatchObject({ routing: { type: "queue", queueId: 14 }, maxCalls: 10 });
            const reverted = succeeded(await stack.up());
            expect(lastOps(reverted)).toEqual({ sales: "update" });
            expect(reverted.steps.find((s) => s.name === "sales" && s.op === "update")?.changedInputs).toEqual(["maxCalls", "routing"]);
            expect(await byNumber("1130001000")).toMatchObject({ did_type: 5, did_type_id: 12, max_calls: 30, password: PASSWORD });
            succeeded(await stack.destroy());
            expectNothingSecretAtRest(stack, [PASSWORD]);
        } finally {
            await stack.dispose();
        }
    });

    it("stops a routing without its companion and a reference the customer lacks at preview, with no write", async () => {
        // The engine stops a preview at the first resource whose check fails: one program per refusal.
        const refusals: [Declared, string[]][] = [
            [
                withArgs(menu, { routing: { type: "queue", deviceId: 30 } }),
                [
                    "property routing.queueId value {<nil>} has a problem: routing.queueId must be a NextBilling queue id: a positive integer; it is missing",
                    'property routing.deviceId value {<nil>} has a problem: routing.deviceId is not used by routing type "queue": it takes queueId',
                ],
            ],
            [
                withArgs(trunk, { routing: { type: "line", deviceId: 40 } }),
                [
                    "property routing.deviceId value {<nil>} has a problem: routing.deviceId: customer 13 has no line 40; its lines: 30 (Caixa), 31 (Vendas), 32 (Estoque)",
                ],
            ],
        ];
        const stack = await lifecycleStack(sandbox, [refusals[0][0]]);
        try {
            for (const [declared, problems] of refusals) {
                stack.setProgram(programOf([declared]));
                const refused = await stack.preview();
                expect(refused.ok).toBe(false);
                const found = refused.diagnostics.filter((d) => d.severity === "error" && d.message.includes("has a problem:"));
                const prefix = `pulumi-nodejs:dynamic/telephony/nextbilling:Did resource '${declared.name}': `;
                expect(found.map((d) => d.message)).toEqual(problems.map((problem) => prefix + problem));
                expect(found.every((d) => d.urn?.endsWith(`::${declared.name}`))).toBe(true);
            }
            expect((await admin.requests()).writes).toBe(0);
            expect(storedResources(stack)).toEqual([]);
            expectNothingSecretAtRest(stack, [PASSWORD]);
        } finally {
            await stack.dispose();
        }
    });

    it("refuses an overlong supplier password at preview without showing it", async () => {
        const stack = await lifecycleStack(sandbox, [withArgs(sales, { supplier: { ...supplier, password: OVERLONG } })]);
        try {
            const refused = await stack.preview();
            expect(refused.ok).toBe(false);
            const problem = refused.diagnostics.find((d) => d.severity === "error" && d.message.includes("has a problem:"));
            expect(problem?.message).toContain("has a problem: supplier.password must be at most 200 characters; got [secret]");
            expect((await admin.requests()).writes).toBe(0);
            // What the engine shows (its diagnostics, its console output, the error the Automation API raises) must not hold it.
            for (const text of [said(refused), refused.stdout, refused.error?.message ?? ""]) expect(text).not.toContain(OVERLONG);
            expectNothingSecretAtRest(stack, [OVERLONG]);
        } finally {
            await stack.dispose();
        }
    });

    it("honours ignoreChanges, protect and retainOnDelete; adopts by importId with no write (the number is refused without it)", async () => {
        // Seeded: DID 12, number 1132001000 of customer 9, ringing line 1.
        const clinic = did("clinic", {
            customerId: 9,
            number: "11 3200-1000",
            description: "Recepção Clínica",
            routing: { type: "line", deviceId: 1 },
        });
        const vault = did(
            "vault",
            { customerId: 13, number: "1130007000", description: "Cofre", routing: { type: "queue", queueId: 14 } },
            { protect: true },
        );
        const front = did(
            "front",
            { customerId: 13, number: "1130007001", description: "Balcão", routing: { type: "queue", queueId: 12 }, maxCalls: 5 },
            { ignoreChanges: ["maxCalls"], dependsOn: ["vault"] },
        );
        const kept = did(
            "kept",
            { customerId: 13, number: "1130007002", description: "Arquivo", routing: { type: "ivr", ivrId: 7 } },
            { retainOnDelete: true, dependsOn: ["vault"] },
        );
        const seeded = (await byNumber("1132001000"))!;

        const stack = await lifecycleStack(sandbox, [vault, front, withArgs(clinic, { description: "Clínica" })]);
        try {
            // A number taken by a record that differs from the declaration is told at preview, against the number,
            // before anything of the update is written (the duplicate check runs in Check), so that a `pulumi up`
            // does not stop half-way with vault and front made.
            const previewed = await stack.preview();
            expect(previewed.ok).toBe(false);
            const problem = previewed.diagnostics.find((d) => d.severity === "error" && d.message.includes("has a problem:"));
            expect(problem?.urn).toMatch(/::clinic$/);
            expect(problem?.message).toContain("has a problem: number: a DID with number 1132001000 already exists (record 12)");
            expect(problem?.message).toContain("importId: 12");
            expect(problem?.message).toContain("It differs from this declaration in description");
            // One identical to the declaration is left to the create (it could be the resource's own, replaced in place).
            stack.setProgram(programOf([clinic]));
            const refused = await stack.up();
            expect(refused.ok).toBe(false);
            expect(said(refused)).toContain("a DID with number 1132001000 already exists (record 12)");
            expect((await admin.requests()).writes).toBe(0);

            const adopting = withOptions(withArgs(clinic, { importId: 12 }), { dependsOn: ["vault"] });
            stack.setProgram(programOf([vault, adopting, front, kept]));
            await admin.clearRequests();
            const up = succeeded(await stack.up());
            expect(lastOps(up)).toEqual({ vault: "create", clinic: "create", front: "create", kept: "create" });
            const ids = up.outputs?.ids.value as Record<string, string>;
            expect(ids.clinic).toBe("12");
            expect(
                (await log())
                    .filter(isWrite)
                    .map((r) => `${r.method} ${(r.body as { did_number: string }).did_number}`)
                    .sort(),
            ).toEqual(["PUT 1130007000", "PUT 1130007001", "PUT 1130007002"]);
            expect(await byNumber("1132001000")).toEqual(seeded);
            succeeded(await stack.preview({ expectNoChanges: true }));

            // ignoreChanges on maxCalls: before Check the engine resets it to the old inputs, which after refresh hold the
            // panel's value (read returns inputs): up sends nothing and the state keeps 50; a new value in the program too.
            await admin.dids.patch(Number(ids.front), { max_calls: 50 });
            expect(lastOps(succeeded(await stack.refresh()))).toEqual({ vault: "same", clinic: "same", front: "update", kept: "same" });
            await admin.clearRequests();
            expect(lastOps(succeeded(await stack.up()))).toEqual({ vault: "same", clinic: "same", front: "same", kept: "same" });
            expect((await admin.requests()).writes).toBe(0);
            expect(await byNumber("1130007001")).toMatchObject({ max_calls: 50 });
            const frontState = storedResources(stack).find((r) => r.name === "front")!;
            expect([frontState.inputs.maxCalls, frontState.outputs.maxCalls]).toEqual([50, 50]);
            stack.setProgram(programOf([vault, adopting, withArgs(front, { maxCalls: 8 }), kept]));
            succeeded(await stack.preview({ expectNoChanges: true }));
            stack.setProgram(programOf([vault, adopting, front, kept]));

            // One destroy: the protected number is refused with the engine's text and stays (in state too); the retained
            // one stays at the vendor as it was, out of the state; the others, deleted first as they depend on it, go.
            await admin.clearRequests();
            const destroy = await stack.destroy();
            expect(destroy.ok).toBe(false);
            expect(destroy.ops).toEqual({ vault: ["delete"], clinic: ["delete"], front: ["delete"], kept: ["delete"] });
            const refusal = destroy.diagnostics.find((d) => d.severity === "error" && d.urn === urnOf(stack, vault));
            expect(refusal?.message).toBe(protectedRefusal(urnOf(stack, vault)));
            expect(writesTo(await log(), Number(ids.vault))).toEqual([]);
            expect(writesTo(await log(), Number(ids.kept))).toEqual([]);
            expect(await byNumber("1130007000")).toMatchObject({ customer_id: 13, status: 1, did_type_id: 14 });
            expect(await byNumber("1130007002")).toMatchObject({ customer_id: 13, status: 1, did_type: 6, did_type_id: 7 });
            expect(await byNumber("1130007001")).toBeUndefined();
            expect(await byNumber("1132001000")).toBeUndefined(); // adopted, so it was this stack's to delete
            expect(storedResources(stack).map((r) => [r.name, r.protect])).toEqual([["vault", true]]);

            stack.setProgram(programOf([withOptions(vault, { protect: false })]));
            succeeded(await stack.up());
            expect(lastOps(succeeded(await stack.destroy()))).toEqual({ vault: "delete" });
            expect(await byNumber("1130007000")).toBeUndefined();
            expect(await byNumber("1130007002")).toMatchObject({ customer_id: 13, description: "Arquivo" });
            expect(storedResources(stack)).toEqual([]);
            expectNothingSecretAtRest(stack, [PASSWORD]);
        } finally {
            await stack.dispose();
        }
    });
});
