/**
 * erix.AgentSession on the real Pulumi engine against the emulator, for what the variants suite
 * (variants.test.ts) does not already prove: the exact Erix commands of pause, a new pause reason
 * (unpause then pause: Erix has no "change reason") and unpause; a paused session created in one up;
 * a destroy of a session already logged off at the PBX; bad input stopped at preview, and Erix's
 * refusals reported against the input; and the resource options the engine honours: ignoreChanges on
 * pauseReason (Erix sessions cannot be read, so there is no refresh to see: a changed reason in the
 * program makes no call), protect and retainOnDelete. Sessions have no importId (nothing to adopt:
 * login is the create); a preview says so.
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
    type Declared,
} from "../support/lifecycle";

requireEngine();

const session = (name: string, args: Record<string, unknown>, options?: Declared["options"]): Declared => ({
    kind: "AgentSession",
    name,
    args,
    ...(options ? { options } : {}),
});
const withArgs = (declared: Declared, change: Record<string, unknown>): Declared => ({
    ...declared,
    args: { ...declared.args, ...change },
});
const withOptions = (declared: Declared, options: Declared["options"]): Declared => ({ ...declared, options });

const maria = session("maria-vendas", { agent: "maria", extension: "2001", queue: "vendas" });

let sandbox: Sandbox;
let admin: SandboxAdmin;
beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

/** Erix's parameters of a request, by GET (query) or POST (form; body fields win). */
const fieldsOf = (r: LoggedRequest) => ({ ...r.query, ...((r.body ?? {}) as Record<string, string>) });
/** Every agent.php command sent, as `agent command exten queue reason`. */
const commands = async () =>
    (await admin.requests()).requests
        .filter((r) => r.path === "/api/agent.php")
        .map((r) => {
            const f = fieldsOf(r);
            return [f.agent, f.command, f.exten, f.queue, f.reason].filter(Boolean).join(" ");
        });
const sessions = () => admin.erix.sessions();

describe("AgentSession on the real engine", () => {
    it("pauses, changes the reason by unpause then pause, unpauses, and logs off", async () => {
        const stack = await lifecycleStack(sandbox, [maria]);
        try {
            expect(lastOps(succeeded(await stack.up()))).toEqual({ "maria-vendas": "create" });
            stack.setProgram(programOf([withArgs(maria, { paused: true, pauseReason: "Almoço" })]));
            expect(lastOps(succeeded(await stack.up()))).toEqual({ "maria-vendas": "update" });
            expect(await sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);

            stack.setProgram(programOf([withArgs(maria, { paused: true, pauseReason: "Reunião" })]));
            const reason = succeeded(await stack.up());
            expect(lastOps(reason)).toEqual({ "maria-vendas": "update" });
            expect(reason.steps.find((s) => s.op === "update")?.changedInputs).toEqual(["pauseReason"]);
            expect(await sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Reunião" })]);

            // Unpaused, the reason no longer matters: dropping it with the pause is one unpause.
            stack.setProgram(programOf([maria]));
            expect(lastOps(succeeded(await stack.up()))).toEqual({ "maria-vendas": "update" });
            expect(await sessions()).toEqual([expect.objectContaining({ agent: "maria", exten: "2001", queue: "vendas", paused: false })]);

            expect(lastOps(succeeded(await stack.destroy()))).toEqual({ "maria-vendas": "delete" });
            expect(await sessions()).toEqual([]);
            expect(await commands()).toEqual([
                "maria login 2001 vendas",
                "maria pause Almoço",
                "maria unpause",
                "maria pause Reunião",
                "maria unpause",
                "maria logoff",
            ]);
            expectNothingSecretAtRest(stack, []);
        } finally {
            await stack.dispose();
        }
    });

    it("creates a paused session in one up, and destroys one a supervisor already logged off at the PBX", async () => {
        const joao = session("joao-suporte", {
            agent: "joao",
            extension: "2002",
            queue: "suporte",
            paused: true,
            pauseReason: "Treinamento",
        });
        const stack = await lifecycleStack(sandbox, [joao]);
        try {
            expect(lastOps(succeeded(await stack.up()))).toEqual({ "joao-suporte": "create" });
            expect(await sessions()).toEqual([
                expect.objectContaining({ agent: "joao", exten: "2002", queue: "suporte", paused: true, reason: "Treinamento" }),
            ]);
            expect(await commands()).toEqual(["joao login 2002 suporte", "joao pause Treinamento"]);

            await admin.erix.logoff("joao");
            // Erix has no status query: refresh keeps the stored session, so it sees nothing to change.
            const refreshed = succeeded(await stack.refresh());
            expect(refreshed.ops["joao-suporte"]).toEqual(["refresh", "same"]);
            await admin.clearRequests();
            const destroyed = succeeded(await stack.destroy());
            expect(lastOps(destroyed)).toEqual({ "joao-suporte": "delete" });
            // The logoff is sent and Erix's "not logged in" counts as done: nothing for the user to act on.
            expect(await commands()).toEqual(["joao logoff"]);
            expect(destroyed.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning")).toEqual([]);
            expect(storedResources(stack)).toEqual([]);
        } finally {
            await stack.dispose();
        }
    });

    it("stops bad input at preview against the property, and reports Erix's refusals against the input", async () => {
        const stack = await lifecycleStack(sandbox, [withArgs(maria, { extension: "ramal 1" })]);
        try {
            const prefix = "pulumi-nodejs:dynamic/telephony/erix:AgentSession resource 'maria-vendas': ";
            const bad = await stack.preview();
            expect(bad.ok).toBe(false);
            expect(
                bad.diagnostics.filter((d) => d.severity === "error" && d.message.includes("has a problem:")).map((d) => d.message),
            ).toEqual([
                `${prefix}property extension value {ramal 1} has a problem: extension must be the extension's digits (1 to 20), as text, e.g. "2001"; got "ramal 1"`,
            ]);
            // Nothing to adopt: a session is a login, so there is no importId.
            stack.setProgram(programOf([withArgs(maria, { importId: "maria" })]));
            const adopting = await stack.preview();
            expect(adopting.ok).toBe(false);
            expect(said(adopting)).toContain(
                `${prefix}property importId value {maria} has a problem: unknown property "importId": Allowed properties: agent, extension, queue, paused, pauseReason`,
            );
            expect(await commands()).toEqual([]);

            // Valid input that Erix refuses: its own text, reported against the input it concerns, and nothing left logged in.
            stack.setProgram(programOf([withArgs(maria, { extension: "3001" })]));
            const refused = await stack.up();
            expect(refused.ok).toBe(false);
            expect(refused.ops["maria-vendas"]).toEqual(["create"]);
            const error = refused.diagnostics.find((d) => d.severity === "error" && d.urn?.endsWith("::maria-vendas"));
            expect(error?.message).toBe(
                "extension: Erix login (POST /api/agent.php), HTTP 200 failed: Exten Call Center false (the extension must be set as Call Center in Erix)",
            );
            stack.setProgram(programOf([withArgs(maria, { queue: "recepcao" })]));
            const queue = await stack.up();
            expect(queue.ok).toBe(false);
            expect(queue.diagnostics.find((d) => d.severity === "error" && d.urn?.endsWith("::maria-vendas"))?.message).toBe(
                "queue: Erix login (POST /api/agent.php), HTTP 200 failed: Queue Call Center false (the queue must be set as Call Center in Erix)",
            );
            expect(await sessions()).toEqual([]);
            expect(storedResources(stack)).toEqual([]);
        } finally {
            await stack.dispose();
        }
    });

    it("honours ignoreChanges on pauseReason (no call), protect and retainOnDelete", async () => {
        const guard = session("maria-vendas", { agent: "maria", extension: "2001", queue: "vendas" }, { protect: true });
        const lunch = session(
            "joao-vendas",
            { agent: "joao", extension: "2002", queue: "vendas", paused: true, pauseReason: "Almoço" },
            { ignoreChanges: ["pauseReason"], dependsOn: ["maria-vendas"] },
        );
        const kept = session(
            "ana-suporte",
            { agent: "ana", extension: "2003", queue: "suporte" },
            { retainOnDelete: true, dependsOn: ["maria-vendas"] },
        );
        const stack = await lifecycleStack(sandbox, [guard, lunch, kept]);
        try {
            succeeded(await stack.up());
            const byAgent = async () => Object.fromEntries((await sessions()).map((s) => [s.agent, s]));
            expect(await byAgent()).toEqual({
                maria: expect.objectContaining({ exten: "2001", queue: "vendas", paused: false }),
                joao: expect.objectContaining({ exten: "2002", queue: "vendas", paused: true, reason: "Almoço" }),
                ana: expect.objectContaining({ exten: "2003", queue: "suporte", paused: false }),
            });

            // A new reason in the program is ignored: the engine puts the old one back before Check, so there is no diff and no call.
            stack.setProgram(programOf([guard, withArgs(lunch, { pauseReason: "Reunião" }), kept]));
            await admin.clearRequests();
            expect(lastOps(succeeded(await stack.up()))).toEqual({ "maria-vendas": "same", "joao-vendas": "same", "ana-suporte": "same" });
            expect(await commands()).toEqual([]);
            expect((await byAgent()).joao).toMatchObject({ paused: true, reason: "Almoço" });
            const stored = storedResources(stack).find((r) => r.name === "joao-vendas")!;
            expect([stored.inputs.pauseReason, stored.outputs.pauseReason]).toEqual(["Almoço", "Almoço"]);
            // paused is not ignored: unpausing is still planned.
            stack.setProgram(programOf([guard, withArgs(lunch, { pauseReason: "Reunião", paused: false }), kept]));
            expect(lastOps(succeeded(await stack.preview()))).toMatchObject({ "joao-vendas": "update" });
            stack.setProgram(programOf([guard, lunch, kept]));

            // One destroy: the protected session is refused with the engine's text and stays logged in; the retained one
            // stays logged in, out of the state; the other (deleted first: it depends on the protected one) logs off.
            await admin.clearRequests();
            const destroy = await stack.destroy();
            expect(destroy.ok).toBe(false);
            expect(destroy.ops).toEqual({ "maria-vendas": ["delete"], "joao-vendas": ["delete"], "ana-suporte": ["delete"] });
            const refusal = destroy.diagnostics.find((d) => d.severity === "error" && d.urn === urnOf(stack, guard));
            expect(refusal?.message).toBe(protectedRefusal(urnOf(stack, guard)));
            expect(await commands()).toEqual(["joao logoff"]);
            expect((await sessions()).map((s) => s.agent).sort()).toEqual(["ana", "maria"]);
            expect(storedResources(stack).map((r) => [r.name, r.protect])).toEqual([["maria-vendas", true]]);

            stack.setProgram(programOf([withOptions(guard, { protect: false })]));
            succeeded(await stack.up());
            expect(lastOps(succeeded(await stack.destroy()))).toEqual({ "maria-vendas": "delete" });
            expect((await sessions()).map((s) => s.agent)).toEqual(["ana"]);
            expect(storedResources(stack)).toEqual([]);
            expectNothingSecretAtRest(stack, []);
        } finally {
            await stack.dispose();
        }
    });
});
