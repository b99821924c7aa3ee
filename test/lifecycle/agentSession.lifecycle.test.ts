/**
 * AgentSession through the real dynamic-provider host (driven by the engine stand-in) against the
 * emulator: login, pause, reason change, unpause, replace on queue change, logoff, idempotent repeats.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { programStack } from "./fixtures/stack";
import { type OperationResult } from "../../sandbox/engine";

let sandbox: Sandbox;
let admin: SandboxAdmin;
let dir: string;

const maria = { name: "maria-vendas", args: { agent: "maria", extension: "2001", queue: "vendas" } };
const withArgs = (args: Record<string, unknown>) => ({ ...maria, args: { ...maria.args, ...args } });

function stack(specs: { name: string; args: Record<string, unknown> }[]) {
    return programStack({
        stack: "agents",
        stateFile: path.join(dir, "state.json"),
        resources: specs.map((spec) => ({ kind: "AgentSession", ...spec })),
        config: { "telephony:erixUrl": sandbox.url },
    });
}

const ops = (result: OperationResult) => Object.fromEntries(result.steps.map((step) => [step.name, step.op]));
const commands = async () =>
    (await admin.requests()).requests.map((r) => {
        const body = r.body as Record<string, string>;
        return [body.command, body.exten, body.queue, body.reason].filter(Boolean).join(" ");
    });

beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "agent-lifecycle-"));
    await admin.reset();
});

it("logs in, pauses, changes the reason, unpauses, moves queue delete-before-replace, and logs off", async () => {
    expect(ops(await stack([maria]).up())).toEqual({ "maria-vendas": "create" });
    expect(ops(await stack([maria]).up())).toEqual({ "maria-vendas": "same" });

    expect(ops(await stack([withArgs({ paused: true, pauseReason: "Almoço" })]).up())).toEqual({ "maria-vendas": "update" });
    expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", paused: true, reason: "Almoço" })]);

    await stack([withArgs({ paused: true, pauseReason: "Reunião" })]).up();
    await stack([maria]).up();

    const moved = await stack([withArgs({ queue: "suporte" })]).up();
    expect(moved.steps[0]).toMatchObject({ op: "replace", replaceKeys: ["queue"], deleteBeforeReplace: true });
    expect(await admin.erix.sessions()).toEqual([
        expect.objectContaining({ agent: "maria", exten: "2001", queue: "suporte", paused: false }),
    ]);

    expect(ops(await stack([]).destroy())).toEqual({ "maria-vendas": "delete" });
    expect(await admin.erix.sessions()).toEqual([]);
    expect(await commands()).toEqual([
        "login 2001 vendas",
        "pause Almoço",
        "unpause",
        "pause Reunião",
        "unpause",
        "logoff", // the old session goes first: one agent cannot be logged in twice
        "login 2001 suporte",
        "logoff",
    ]);
});

it("creates a paused session in one up, and destroys one already logged off at the PBX", async () => {
    await stack([withArgs({ paused: true, pauseReason: "Treinamento" })]).up();
    expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ paused: true, reason: "Treinamento" })]);

    await admin.erix.logoff("maria");
    // Erix cannot be asked: refresh keeps the stored state, and says so by seeing no change.
    expect(ops(await stack([withArgs({ paused: true, pauseReason: "Treinamento" })]).refresh())).toEqual({ "maria-vendas": "same" });
    expect(ops(await stack([]).destroy())).toEqual({ "maria-vendas": "delete" });
});

it("stops bad input at preview and reports Erix's refusals against the input", async () => {
    const bad = await stack([withArgs({ extension: "ramal 1" })])
        .preview()
        .catch((e) => e);
    expect(bad.result.failures).toEqual([expect.objectContaining({ property: "extension" })]);

    const refused = await stack([withArgs({ extension: "3001" })])
        .up()
        .catch((e) => e);
    expect(refused.message).toContain(
        "extension: Erix login (POST /api/agent.php), HTTP 200 failed: Exten Call Center false (the extension must be set as Call Center in Erix)",
    );
});
