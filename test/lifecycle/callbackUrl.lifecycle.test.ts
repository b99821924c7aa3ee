/**
 * CallbackUrl through the real dynamic-provider host (driven by the engine stand-in) against the
 * emulator, ending where it matters: an event received by the example receiver.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startReceiver, type Receiver } from "../../examples/directcall-receiver";
import { DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { programStack } from "./fixtures/stack";
import { renderOperation, type OperationResult } from "../../sandbox/engine";

const HOOK_PASSWORD = "hook-password-5d1c";

let sandbox: Sandbox;
let admin: SandboxAdmin;
let receiver: Receiver;
let dir: string;

interface Spec {
    name: string;
    args: Record<string, unknown>;
}

function stack(specs: Spec[]) {
    return programStack({
        stack: "callbacks",
        stateFile: path.join(dir, "state.json"),
        resources: specs.map((spec) => ({ kind: "CallbackUrl", ...spec })),
        config: { "telephony:directcallUrl": sandbox.url, "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id },
        secretConfig: { "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret },
    });
}

const ops = (result: OperationResult) => Object.fromEntries(result.steps.map((step) => [step.name, step.op]));
/** Registrations made by the stack, not the ones seeded for other owners. */
let seededCodes: string[] = [];
const ours = async () => (await admin.directcall.callbacks.list()).filter((cb) => !seededCodes.includes(cb.code));

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
    receiver = await startReceiver({ port: 0, basicAuth: { username: "directcall", password: HOOK_PASSWORD } });
});
afterAll(async () => {
    await receiver.close();
    await sandbox.close();
});
beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "callback-lifecycle-"));
    await admin.reset();
    seededCodes = (await admin.directcall.callbacks.list()).map((cb) => cb.code);
    receiver.events.length = 0;
});

describe("CallbackUrl lifecycle through the dynamic-provider host", () => {
    it("from pulumi up to an event received by the example receiver, password secret all the way", async () => {
        const crm: Spec = {
            name: "crm",
            args: { url: receiver.url, allowInsecureHttp: true, basicAuth: { username: "directcall", password: HOOK_PASSWORD } },
        };
        const created = await stack([crm]).up();
        expect(ops(created)).toEqual({ crm: "create" });

        const call = await admin.directcall.simulateCall({
            origem: "11999990000",
            destino: "1130001000",
            statuses: ["atendida", "desligou"],
        });
        const delivered = call.deliveries.filter((d) => !seededCodes.includes(d.code));
        expect(delivered.map((d) => d.httpStatus)).toEqual([200, 200]);
        expect(receiver.events.map((e) => [e.callId, e.status, e.from, e.to])).toEqual([
            [call.callerid, "answered", "11999990000", "1130001000"],
            [call.callerid, "hungUp", "11999990000", "1130001000"],
        ]);

        const stateText = fs.readFileSync(path.join(dir, "state.json"), "utf8");
        expect(JSON.parse(stateText).resources[0].secretKeys).toContain("basicAuthPassword");
        for (const text of [stateText, created.logs.provider, created.logs.program, renderOperation(created)]) {
            expect(text).not.toContain(HOOK_PASSWORD);
            expect(text).not.toContain(DIRECTCALL_DEMO_CREDENTIALS.client_secret);
        }
    });

    it("replaces on change create-before-delete, so no event is lost in between", async () => {
        const hook: Spec = { name: "crm", args: { url: "https://crm.example.com.br/hooks/v1" } };
        await stack([hook]).up();
        const [old] = await ours();
        await admin.clearRequests();

        const changed = await stack([{ ...hook, args: { url: "https://crm.example.com.br/hooks/v2", pin: "1234" } }]).up();
        expect(changed.steps[0]).toMatchObject({ op: "replace", replaceKeys: expect.arrayContaining(["url", "pin"]) });
        const writes = (await admin.requests()).requests.filter((r) => r.path !== "/voz/list-callback" && r.path !== "/request_token");
        expect(writes.map((r) => [r.path, (r.body as Record<string, string>).code ?? (r.body as Record<string, string>).url])).toEqual([
            ["/voz/add-callback", "https://crm.example.com.br/hooks/v2"],
            ["/voz/remove-callback", old.code],
        ]);
        expect((await ours()).map((cb) => [cb.url, cb.pin])).toEqual([["https://crm.example.com.br/hooks/v2", "1234"]]);
    });

    it("re-registers a URL removed out of band, never touches foreign ones, adopts by importId", async () => {
        const hook: Spec = { name: "crm", args: { url: "https://crm.example.com.br/hooks/v1" } };
        await stack([hook]).up();
        const [registered] = await ours();
        await admin.directcall.callbacks.remove(registered.code);

        expect(ops(await stack([hook]).refresh())).toEqual({ crm: "read-gone" });
        expect(ops(await stack([hook]).up())).toEqual({ crm: "create" });
        expect(await ours()).toHaveLength(1);

        await stack([]).destroy();
        expect((await admin.directcall.callbacks.list()).map((cb) => cb.code)).toEqual(seededCodes);

        const legacy: Spec = { name: "legacy", args: { url: "https://legacy.example.com.br/hooks/directcall", importId: "cb-legacy-1" } };
        const adopted = await stack([legacy]).up();
        expect(adopted.outputs).toEqual({ recordIds: { legacy: "cb-legacy-1" } });
        expect(ops(await stack([legacy]).preview())).toEqual({ legacy: "same" });
    });
});
