/**
 * directcall.CallbackUrl on the real Pulumi engine against the emulator, for what the variants
 * suite (variants.test.ts) does not already prove: from `up` to a call-status event received by the
 * example receiver (examples/directcall-receiver.ts), with the Basic-auth password secret all the
 * way (state, engine events and output) yet delivered; the registrations made by someone else
 * (seeded `cb-legacy-*`) never touched by up, refresh or destroy; and the resource options the
 * engine honours: ignoreChanges (Directcall has no edit, in the panel or the API, so it is shown on
 * a changed URL that would otherwise replace), protect, retainOnDelete, and adoption by importId
 * with no write.
 */
// How the engine marks a secret value in events and state: `{ [specialSigKey]: specialSecretSig, ciphertext }`.
import { specialSigKey as SECRET_SIG } from "@pulumi/pulumi/runtime/rpc";
import { startReceiver, type Receiver } from "../../examples/directcall-receiver";
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

const HOOK_USER = "directcall";
const HOOK_PASSWORD = "callback-hook-secret-6e2d90";
const FOREIGN = ["cb-legacy-1", "cb-legacy-2", "cb-legacy-3"];

const hook = (name: string, args: Record<string, unknown>, options?: Declared["options"]): Declared => ({
    kind: "CallbackUrl",
    name,
    args,
    ...(options ? { options } : {}),
});
const withArgs = (declared: Declared, change: Record<string, unknown>): Declared => ({
    ...declared,
    args: { ...declared.args, ...change },
});
const withOptions = (declared: Declared, options: Declared["options"]): Declared => ({ ...declared, options });

let sandbox: Sandbox;
let admin: SandboxAdmin;
let receiver: Receiver;
beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
    receiver = await startReceiver({ port: 0, basicAuth: { username: HOOK_USER, password: HOOK_PASSWORD } });
});
afterAll(async () => {
    await receiver.close();
    await sandbox.close();
});
beforeEach(async () => {
    await admin.reset();
    receiver.events.length = 0;
});

const registrations = () => admin.directcall.callbacks.list();
const ours = async () => (await registrations()).filter((cb) => !FOREIGN.includes(cb.code));
const log = async () => (await admin.requests()).requests;
const body = (r: LoggedRequest) => (r.body ?? {}) as Record<string, string>;
/** Directcall writes: add-callback and remove-callback (request_token and list-callback are reads). */
const writes = (requests: LoggedRequest[]) => requests.filter((r) => r.path === "/voz/add-callback" || r.path === "/voz/remove-callback");

describe("CallbackUrl on the real engine", () => {
    it("from up to an event at the example receiver, the password secret all the way; foreign registrations never touched", async () => {
        const foreign = (await registrations()).filter((cb) => FOREIGN.includes(cb.code));
        expect(foreign.map((cb) => cb.code)).toEqual(FOREIGN);
        const crm = hook("crm", {
            url: receiver.url,
            allowInsecureHttp: true,
            basicAuth: { username: HOOK_USER, password: HOOK_PASSWORD },
        });
        const stack = await lifecycleStack(sandbox, [crm]);
        try {
            const created = succeeded(await stack.up());
            expect(lastOps(created)).toEqual({ crm: "create" });
            const [registered] = await ours();
            // Directcall has the password (Basic auth travels inside the registered URL); its request log does not.
            expect(registered.url).toBe(receiver.url.replace("http://", `http://${HOOK_USER}:${HOOK_PASSWORD}@`));
            expect(created.outputs?.ids.value).toEqual({ crm: registered.code });
            const added = (await log()).find((r) => r.path === "/voz/add-callback")!;
            expect(body(added).url).not.toContain(HOOK_PASSWORD);

            const call = await admin.directcall.simulateCall({
                origem: "11999990000",
                destino: "1130001000",
                statuses: ["atendida", "desligou"],
            });
            expect(call.deliveries.filter((d) => d.code === registered.code).map((d) => d.httpStatus)).toEqual([200, 200]);
            expect(receiver.events.map((e) => [e.callId, e.status, e.from, e.to])).toEqual([
                [call.callerid, "answered", "11999990000", "1130001000"],
                [call.callerid, "hungUp", "11999990000", "1130001000"],
            ]);

            // The state holds the password encrypted; the engine's events and console output show it as [secret] only.
            const stored = storedResources(stack).find((r) => r.name === "crm")!;
            expect(Object.keys(stored.outputs.basicAuthPassword)).toEqual([SECRET_SIG, "ciphertext"]);
            expect(stored.outputs.basicAuth).toEqual({ username: HOOK_USER });
            const step = created.steps.find((s) => s.name === "crm" && s.op === "create")!;
            expect(step.new?.outputs.basicAuthPassword).toEqual({
                [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270",
                ciphertext: "[secret]",
            });

            // Refresh lists every registration of the account: it keeps ours and leaves the others be.
            const refreshed = succeeded(await stack.refresh());
            expect(lastOps(refreshed)).toEqual({ crm: "same" });
            expect(succeeded(await stack.preview({ expectNoChanges: true })).ops).toEqual({ crm: ["same"] });

            const destroyed = succeeded(await stack.destroy());
            expect(lastOps(destroyed)).toEqual({ crm: "delete" });
            expect(await ours()).toEqual([]);
            expect(await registrations()).toEqual(foreign);
            const requests = await log();
            expect(writes(requests).map((r) => `${r.path} ${body(r).code ?? ""}`.trim())).toEqual([
                "/voz/add-callback",
                `/voz/remove-callback ${registered.code}`,
            ]);
            for (const run of [created, refreshed, destroyed]) {
                for (const text of [said(run), run.stdout, JSON.stringify(run.steps)]) expect(text).not.toContain(HOOK_PASSWORD);
            }
            expectNothingSecretAtRest(stack, [HOOK_PASSWORD]);

            // With the registration gone, a call reaches the receiver no more.
            await admin.directcall.simulateCall({ statuses: ["atendida"] });
            expect(receiver.events).toHaveLength(2);
        } finally {
            await stack.dispose();
        }
    });

    it("honours ignoreChanges, protect and retainOnDelete, and adopts cb-legacy-1 by importId with no write", async () => {
        const [legacy1] = (await registrations()).filter((cb) => cb.code === "cb-legacy-1");
        const vault = hook(
            "vault",
            { url: "https://crm.example.com.br/hooks/cofre", basicAuth: { username: HOOK_USER, password: HOOK_PASSWORD } },
            { protect: true },
        );
        const legacy = hook(
            "legacy",
            { url: "https://legacy.example.com.br/hooks/directcall", importId: "cb-legacy-1" },
            { dependsOn: ["vault"] },
        );
        const steady = hook(
            "steady",
            { url: "https://crm.example.com.br/hooks/estavel", pin: "1234" },
            { ignoreChanges: ["url"], dependsOn: ["vault"] },
        );
        const kept = hook("kept", { url: "https://crm.example.com.br/hooks/arquivo" }, { retainOnDelete: true, dependsOn: ["vault"] });
        const stack = await lifecycleStack(sandbox, [vault, legacy, steady, kept]);
        try {
            const up = succeeded(await stack.up());
            expect(lastOps(up)).toEqual({ vault: "create", legacy: "create", steady: "create", kept: "create" });
            const ids = up.outputs?.ids.value as Record<string, string>;
            expect(ids.legacy).toBe("cb-legacy-1");
            // Three registrations added; nothing sent about the adopted one.
            expect(
                writes(await log())
                    .map((r) => body(r).url)
                    .sort(),
            ).toEqual([
                "https://crm.example.com.br/hooks/arquivo",
                "https://crm.example.com.br/hooks/estavel",
                `https://${HOOK_USER}:***@crm.example.com.br/hooks/cofre`,
            ]);
            expect((await registrations()).find((cb) => cb.code === "cb-legacy-1")).toEqual(legacy1);
            succeeded(await stack.preview({ expectNoChanges: true }));

            // ignoreChanges on url: before Check the engine resets it to the old inputs, so a new URL in the program, which
            // would replace the registration, makes no diff and no call; the state keeps the registered URL.
            stack.setProgram(programOf([vault, legacy, withArgs(steady, { url: "https://crm.example.com.br/hooks/estavel-v2" }), kept]));
            await admin.clearRequests();
            const ignored = succeeded(await stack.up());
            expect(lastOps(ignored)).toEqual({ vault: "same", legacy: "same", steady: "same", kept: "same" });
            expect(writes(await log())).toEqual([]);
            expect((await registrations()).find((cb) => cb.code === ids.steady)).toMatchObject({
                url: "https://crm.example.com.br/hooks/estavel",
                pin: "1234",
            });
            const steadyState = storedResources(stack).find((r) => r.name === "steady")!;
            expect([steadyState.inputs.url, steadyState.outputs.url]).toEqual([
                "https://crm.example.com.br/hooks/estavel",
                "https://crm.example.com.br/hooks/estavel",
            ]);
            // The pin is not ignored: changing it still replaces.
            stack.setProgram(
                programOf([vault, legacy, withArgs(steady, { url: "https://crm.example.com.br/hooks/estavel-v2", pin: "4321" }), kept]),
            );
            expect(succeeded(await stack.preview()).ops.steady).toEqual(["create-replacement", "replace", "delete-replaced"]);
            stack.setProgram(programOf([vault, legacy, steady, kept]));

            // One destroy: the protected registration is refused with the engine's text and stays; the retained one stays
            // registered, out of the state; the others (deleted first: they depend on the protected one) are removed.
            await admin.clearRequests();
            const destroy = await stack.destroy();
            expect(destroy.ok).toBe(false);
            expect(destroy.ops).toEqual({ vault: ["delete"], legacy: ["delete"], steady: ["delete"], kept: ["delete"] });
            const refusal = destroy.diagnostics.find((d) => d.severity === "error" && d.urn === urnOf(stack, vault));
            expect(refusal?.message).toBe(protectedRefusal(urnOf(stack, vault)));
            expect(
                writes(await log())
                    .map((r) => body(r).code)
                    .sort(),
            ).toEqual(["cb-legacy-1", ids.steady].sort());
            const left = (await registrations()).map((cb) => cb.code).sort();
            expect(left).toEqual(["cb-legacy-2", "cb-legacy-3", ids.kept, ids.vault].sort());
            expect(storedResources(stack).map((r) => [r.name, r.protect])).toEqual([["vault", true]]);

            stack.setProgram(programOf([withOptions(vault, { protect: false })]));
            succeeded(await stack.up());
            expect(lastOps(succeeded(await stack.destroy()))).toEqual({ vault: "delete" });
            expect((await registrations()).map((cb) => cb.code).sort()).toEqual(["cb-legacy-2", "cb-legacy-3", ids.kept].sort());
            expect(storedResources(stack)).toEqual([]);
            expectNothingSecretAtRest(stack, [HOOK_PASSWORD]);
        } finally {
            await stack.dispose();
        }
    });
});
