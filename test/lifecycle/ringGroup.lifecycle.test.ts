/**
 * nextbilling.RingGroup on the real Pulumi engine against the emulator, for what the variants suite
 * (variants.test.ts) does not already prove: the program decides (a group removed from it is deleted
 * and the others are left alone, the order of a ringall group's lines is no change, a new customer
 * replaces create-before-delete, a vendor refusal reaches the user verbatim and without a credential);
 * drift field by field, and a group deleted by hand recreated after refresh; a create whose answer is
 * lost leaves exactly one group; bad input and a missing credential stop at preview with no vendor call;
 * and the resource options the engine honours (ignoreChanges, protect, retainOnDelete) with adoption by
 * importId, a twin without it being refused. The NextBilling token and key are this file's own.
 */
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
    vendorConfig,
    type Declared,
} from "../support/lifecycle";

requireEngine();

/** This file's NextBilling credentials: the emulator accepts these and no other. */
const TOKEN = "ringgroup-lifecycle-token-3f9d1c";
const KEY = "ringgroup-lifecycle-key-a70e42";
const CREDENTIALS = { "telephony:nextbillingToken": TOKEN, "telephony:nextbillingKey": KEY };

const group = (name: string, args: Record<string, unknown>, options?: Declared["options"]): Declared => ({
    kind: "RingGroup",
    name,
    args,
    ...(options ? { options } : {}),
});
const withArgs = (declared: Declared, change: Record<string, unknown>): Declared => ({
    ...declared,
    args: { ...declared.args, ...change },
});
const withOptions = (declared: Declared, options: Declared["options"]): Declared => ({ ...declared, options });

const reception = group("reception", { customerId: 9, description: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23] });
const sales = group("sales", { customerId: 13, description: "Vendas", strategy: "ringall", devices: [30, 31] });
const backoffice = group("backoffice", { customerId: 9, description: "Backoffice", strategy: "random", devices: [5, 6] });

let sandbox: Sandbox;
let admin: SandboxAdmin;
beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, credentials: { token: TOKEN, key: KEY } });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const stackOf = (declared: Declared[], env?: Record<string, string>) =>
    lifecycleStack(sandbox, declared, { secretConfig: CREDENTIALS, ...(env ? { env } : {}) });
/** Customers 9 and 13 (the legacy tenant's seeded groups are not these tests' business). */
const groups = async () => (await admin.state()).nextbilling.ringGroups.filter((g) => [9, 13].includes(g.id_cliente));
const log = async () => (await admin.requests()).requests;
const isWrite = (r: LoggedRequest) => r.method !== "GET";
/** The writes that name record `id`: an update's `id_record` body field, a delete's `id_record` query. */
const writesTo = (requests: LoggedRequest[], id: number) =>
    requests.filter(
        (r) =>
            isWrite(r) &&
            (String(r.query.id_record) === String(id) || String((r.body as { id_record?: unknown } | null)?.id_record) === String(id)),
    );

describe("RingGroup on the real engine", () => {
    it("the program decides: ringall order is no change, a new customer replaces create-before-delete, a removed group goes alone", async () => {
        const stack = await stackOf([reception, sales, backoffice]);
        try {
            const created = succeeded(await stack.up());
            expect(lastOps(created)).toEqual({ reception: "create", sales: "create", backoffice: "create" });
            const before = await groups();
            const byName = (description: string) => before.find((g) => g.descricao === description)!;
            expect(byName("Vendas")).toMatchObject({ id_cliente: 13, strategy: "ringall", devices: [30, 31], status: 1 });

            // A ringall group rings every line at once: the same lines in another order change nothing.
            stack.setProgram(programOf([reception, withArgs(sales, { devices: [31, 30] }), backoffice]));
            succeeded(await stack.preview({ expectNoChanges: true }));

            // reception moves to customer 13 (a replacement), backoffice leaves the program, sales stays.
            const moved = withArgs(reception, { customerId: 13, devices: [30] });
            stack.setProgram(programOf([moved, sales]));
            await admin.clearRequests();
            const changed = succeeded(await stack.up());
            expect(changed.ops.reception).toEqual(["create-replacement", "replace", "delete-replaced"]);
            expect(lastOps(changed)).toMatchObject({ sales: "same", backoffice: "delete" });
            const requests = await log();
            const createdNew = requests.findIndex((r) => r.method === "PUT" && (r.body as { id_cliente?: number }).id_cliente === 13);
            const deletedOld = requests.findIndex(
                (r) => r.method === "DELETE" && r.query.id_record === String(byName("Ramais Recepção").id),
            );
            expect(createdNew).toBeGreaterThanOrEqual(0);
            expect(createdNew).toBeLessThan(deletedOld); // the new group exists before the old one goes
            expect(writesTo(requests, byName("Vendas").id)).toEqual([]);
            const after = await groups();
            expect(after.map((g) => g.descricao).sort()).toEqual(["Ramais Recepção", "Vendas"]);
            expect(after.find((g) => g.descricao === "Vendas")).toEqual(byName("Vendas"));
            const newReception = after.find((g) => g.descricao === "Ramais Recepção")!;
            expect(newReception).toMatchObject({ id_cliente: 13, devices: [30] });
            expect(newReception.id).not.toBe(byName("Ramais Recepção").id);
            expect(changed.outputs?.ids.value).toEqual({ reception: String(newReception.id), sales: String(byName("Vendas").id) });

            // NextBilling refuses a line of another customer: its own text reaches the user, never a credential.
            stack.setProgram(programOf([withArgs(moved, { devices: [30, 99] }), sales]));
            const refused = await stack.up();
            expect(refused.ok).toBe(false);
            expect(refused.ops.reception).toEqual(["update"]);
            expect(refused.diagnostics.find((d) => d.severity === "error" && d.urn === urnOf(stack, reception))?.message).toBe(
                "NextBilling updateRingGroup (POST /api/manageRingGroups/***/***/0), HTTP 200 failed: Linha 99 não pertence ao cliente 13",
            );
            for (const text of [said(refused), refused.stdout, refused.error?.message ?? ""]) {
                expect(text).not.toContain(TOKEN);
                expect(text).not.toContain(KEY);
            }
            expect((await groups()).find((g) => g.id === newReception.id)).toMatchObject({ devices: [30] });

            stack.setProgram(programOf([moved, sales]));
            expect(lastOps(succeeded(await stack.destroy()))).toEqual({ reception: "delete", sales: "delete" });
            expect(await groups()).toEqual([]);
            expectNothingSecretAtRest(stack, [TOKEN, KEY]);
        } finally {
            await stack.dispose();
        }
    });

    it("refresh sees drift field by field and up reverts it; a group deleted by hand is recreated after refresh", async () => {
        const stack = await stackOf([reception]);
        try {
            succeeded(await stack.up());
            const [original] = await groups();
            await admin.ringGroups.patch(original.id, { strategy: "ringall", devices: [1, 4], status: 0 });

            const refreshed = succeeded(await stack.refresh());
            expect(refreshed.ops.reception).toEqual(["refresh", "update"]);
            const found = refreshed.steps.find((s) => s.name === "reception" && s.op === "update")!;
            expect(found.changedInputs).toEqual(["devices", "enabled", "strategy"]);
            expect(found.new?.inputs).toMatchObject({ strategy: "ringall", devices: [1, 4], enabled: false });
            expect(lastOps(succeeded(await stack.up()))).toEqual({ reception: "update" });
            expect(await groups()).toEqual([original]);

            await admin.ringGroups.remove(original.id);
            expect(succeeded(await stack.refresh()).ops.reception).toEqual(["refresh", "delete"]);
            expect(storedResources(stack)).toEqual([]);
            const recreated = succeeded(await stack.up());
            expect(lastOps(recreated)).toEqual({ reception: "create" });
            const now = await groups();
            expect(now).toEqual([{ ...original, id: now[0].id }]);
            expect(now[0].id).not.toBe(original.id);
            expect(recreated.outputs?.ids.value).toEqual({ reception: String(now[0].id) });
            succeeded(await stack.destroy());
            expectNothingSecretAtRest(stack, [TOKEN, KEY]);
        } finally {
            await stack.dispose();
        }
    });

    it("creates exactly one group when NextBilling applies a create but its answer is lost", async () => {
        const stack = await stackOf([reception]);
        try {
            await admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageRingGroups", count: 1 }] });
            const up = succeeded(await stack.up());
            expect(lastOps(up)).toEqual({ reception: "create" });
            const all = await groups();
            expect(all).toEqual([expect.objectContaining({ descricao: "Ramais Recepção", id_cliente: 9 })]);
            expect((await admin.requests()).counts["PUT /api/manageRingGroups/{token}/{key}/0"]).toBe(1); // found, not sent again
            expect(up.outputs?.ids.value).toEqual({ reception: String(all[0].id) });
            succeeded(await stack.preview({ expectNoChanges: true }));
            succeeded(await stack.destroy());
            expect(await groups()).toEqual([]);
            expectNothingSecretAtRest(stack, [TOKEN, KEY]);
        } finally {
            await stack.dispose();
        }
    });

    it("replaces a group in place (--replace) with deleteBeforeReplace; without it the new record would be a twin, and is refused", async () => {
        const desk = group(
            "desk",
            { customerId: 9, description: "Balcão", strategy: "ringall", devices: [1, 4] },
            { deleteBeforeReplace: true },
        );
        const lobby = group("lobby", { customerId: 9, description: "Saguão", strategy: "ringall", devices: [4] });
        const stack = await stackOf([desk, lobby]);
        try {
            const first = succeeded(await stack.up());
            const before = first.outputs?.ids.value as Record<string, string>;
            // The engine checks a resource it replaces in place without its olds, while its record is still there.
            const replaced = succeeded(await stack.up({ replace: [urnOf(stack, desk)] }));
            expect(replaced.ops.desk).toEqual(["delete-replaced", "replace", "create-replacement"]);
            const after = replaced.outputs?.ids.value as Record<string, string>;
            expect(after.desk).not.toBe(before.desk);
            expect((await groups()).filter((g) => g.descricao === "Balcão")).toEqual([expect.objectContaining({ id: Number(after.desk) })]);

            // Create before delete, the engine's default: the new record would have the old one's customer and description.
            const refused = await stack.up({ replace: [urnOf(stack, lobby)] });
            expect(refused.ok).toBe(false);
            expect(said(refused)).toContain(
                `a ring group with customer 9 and description "Saguão" already exists (record ${before.lobby})`,
            );
            expect((await groups()).filter((g) => g.descricao === "Saguão")).toEqual([
                expect.objectContaining({ id: Number(before.lobby) }),
            ]);
        } finally {
            await stack.dispose();
        }
    });

    it("stops bad input at preview with one failure per property, and a missing credential naming its config key and variable", async () => {
        const stack = await stackOf([withArgs(reception, { strategy: "roundrobin", devices: [], customerID: 9 })], { NEXTBILLING_KEY: "" });
        try {
            await admin.clearRequests();
            const bad = await stack.preview();
            expect(bad.ok).toBe(false);
            const problems = bad.diagnostics.filter((d) => d.severity === "error" && d.message.includes("has a problem:"));
            const reasons = Object.fromEntries(
                problems.map((d) => [/property (\S+)/.exec(d.message)![1], d.message.split("has a problem: ")[1]]),
            );
            expect(problems).toHaveLength(3);
            expect(Object.keys(reasons).sort()).toEqual(["customerID", "devices", "strategy"]);
            expect(reasons.strategy).toBe('strategy must be one of "ringall", "random", "linear"; got "roundrobin"');
            expect(reasons.devices).toContain("non-empty list");
            expect(reasons.customerID).toContain('did you mean "customerId"?');
            for (const problem of problems) expect(problem.urn).toMatch(/::reception$/);
            expect(said(bad)).not.toMatch(/\n\s+at /); // no stack trace
            expect(await log()).toEqual([]);

            // Valid input, but the key is neither in the stack config nor in the environment.
            stack.setProgram(programOf([reception]));
            const vendors = vendorConfig(sandbox);
            await stack.setConfig(vendors.config!, { "telephony:nextbillingToken": TOKEN });
            const incomplete = await stack.preview();
            expect(incomplete.ok).toBe(false);
            const missing = incomplete.diagnostics.find((d) => d.severity === "error" && d.urn?.endsWith("::reception"));
            expect(missing?.message).toBe(
                "Missing telephony:nextbillingKey (environment variable NEXTBILLING_KEY): run `pulumi config set --secret telephony:nextbillingKey <value>` or set NEXTBILLING_KEY.",
            );
            expect(said(incomplete)).not.toMatch(/\n\s+at /);
            expect(said(incomplete)).not.toContain(TOKEN);
            expect(await log()).toEqual([]);
            expect(storedResources(stack)).toEqual([]);
        } finally {
            await stack.dispose();
        }
    });

    it("honours ignoreChanges, protect and retainOnDelete, and adopts by importId with no write (a twin without it is refused)", async () => {
        const twin = await admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Plantão",
            strategy: "ringall",
            devices: [1, 5],
            status: 1,
        });
        const vault = group("vault", { customerId: 13, description: "Cofre", strategy: "ringall", devices: [32] }, { protect: true });
        const front = group("front", { customerId: 9, description: "Plantão", strategy: "ringall", devices: [5, 1] });
        const lobby = group(
            "lobby",
            { customerId: 9, description: "Saguão", strategy: "linear", devices: [4, 6] },
            { ignoreChanges: ["strategy"], dependsOn: ["vault"] },
        );
        const kept = group(
            "kept",
            { customerId: 13, description: "Arquivo", strategy: "random", devices: [30, 32] },
            { retainOnDelete: true, dependsOn: ["vault"] },
        );

        const stack = await stackOf([front]);
        try {
            // Without importId a group of the same customer and description is refused, naming the record and the way
            // out. It is identical to the declaration (ringall: the order of devices is no change), so the preview leaves
            // it to the create: it could be the resource's own, replaced in place.
            await admin.clearRequests();
            const refused = await stack.up();
            expect(refused.ok).toBe(false);
            expect(refused.ops.front).toEqual(["create"]);
            expect(said(refused)).toContain(`(record ${twin.id})`);
            expect(said(refused)).toContain(`importId: ${twin.id}`);
            expect((await admin.requests()).writes).toBe(0);

            // With importId it is adopted as it is: no write to it (the other three are created).
            const adopting = withOptions(withArgs(front, { importId: twin.id }), { dependsOn: ["vault"] });
            stack.setProgram(programOf([vault, adopting, lobby, kept]));
            await admin.clearRequests();
            const up = succeeded(await stack.up());
            expect(lastOps(up)).toEqual({ front: "create", lobby: "create", vault: "create", kept: "create" });
            expect(up.outputs?.ids.value).toMatchObject({ front: String(twin.id) });
            const requests = await log();
            expect(
                requests
                    .filter(isWrite)
                    .map((r) => `${r.method} ${(r.body as { descricao: string }).descricao}`)
                    .sort(),
            ).toEqual(["PUT Arquivo", "PUT Cofre", "PUT Saguão"]);
            expect(writesTo(requests, twin.id)).toEqual([]);
            expect((await groups()).find((g) => g.id === twin.id)).toEqual(twin);
            succeeded(await stack.preview({ expectNoChanges: true }));

            // ignoreChanges: before Check the engine resets an ignored input to the old inputs. refresh stores what the
            // provider read back as the inputs, so after it the old inputs hold the panel's strategy: up finds nothing to
            // change, sends nothing, and the state keeps the panel's value.
            const ids = up.outputs?.ids.value as Record<string, string>;
            await admin.ringGroups.patch(Number(ids.lobby), { strategy: "random" });
            const refreshed = succeeded(await stack.refresh());
            expect(lastOps(refreshed)).toEqual({ front: "same", lobby: "update", vault: "same", kept: "same" });
            await admin.clearRequests();
            const kept1 = succeeded(await stack.up());
            expect(lastOps(kept1)).toEqual({ front: "same", lobby: "same", vault: "same", kept: "same" });
            expect((await admin.requests()).writes).toBe(0);
            expect((await groups()).find((g) => g.id === Number(ids.lobby))).toMatchObject({ strategy: "random" });
            const lobbyState = storedResources(stack).find((r) => r.name === "lobby")!;
            expect([lobbyState.inputs.strategy, lobbyState.outputs.strategy]).toEqual(["random", "random"]);
            // A new strategy in the program is reset the same way; a field not ignored still makes an update.
            stack.setProgram(programOf([vault, adopting, withArgs(lobby, { strategy: "ringall" }), kept]));
            succeeded(await stack.preview({ expectNoChanges: true }));
            stack.setProgram(programOf([vault, adopting, withArgs(lobby, { strategy: "ringall", devices: [4, 5, 6] }), kept]));
            expect(lastOps(succeeded(await stack.preview()))).toMatchObject({ lobby: "update" });
            stack.setProgram(programOf([vault, adopting, lobby, kept]));

            // One destroy: retainOnDelete leaves its group at the vendor (and out of the state), protect refuses with the
            // engine's text and keeps the group in both; the unprotected groups are deleted all the same (they depend on
            // the protected one, so the engine deletes them first: the run's outcome does not hang on scheduling).
            await admin.clearRequests();
            const refusedDestroy = await stack.destroy();
            expect(refusedDestroy.ok).toBe(false);
            expect(refusedDestroy.ops).toEqual({ front: ["delete"], lobby: ["delete"], kept: ["delete"], vault: ["delete"] });
            const vaultUrn = urnOf(stack, vault);
            const refusal = refusedDestroy.diagnostics.find((d) => d.severity === "error" && d.urn === vaultUrn);
            expect(refusal?.message).toBe(protectedRefusal(vaultUrn));
            expect(storedResources(stack).map((r) => [r.name, r.protect])).toEqual([["vault", true]]);
            expect(writesTo(await log(), Number(ids.vault))).toEqual([]);
            expect(writesTo(await log(), Number(ids.kept))).toEqual([]);
            expect((await groups()).map((g) => g.descricao).sort()).toEqual(["Arquivo", "Cofre"]);
            expect((await groups()).find((g) => g.id === Number(ids.kept))).toMatchObject({
                descricao: "Arquivo",
                strategy: "random",
                devices: [30, 32],
            });

            // Unprotected by an up, the group goes with the next destroy; the retained one stays, and the state is empty.
            stack.setProgram(programOf([withOptions(vault, { protect: false })]));
            expect(lastOps(succeeded(await stack.up()))).toEqual({ vault: "same" });
            expect(lastOps(succeeded(await stack.destroy()))).toEqual({ vault: "delete" });
            expect(await groups()).toEqual([expect.objectContaining({ id: Number(ids.kept), descricao: "Arquivo" })]);
            expect(storedResources(stack)).toEqual([]);
            expectNothingSecretAtRest(stack, [TOKEN, KEY]);
        } finally {
            await stack.dispose();
        }
    });
});
