/**
 * Every resource's whole life on the real engine, against every plausible shape of what the
 * vendors do not document (the emulator's variant profiles, sandbox/variants.ts): preview, up, a
 * no-op preview with no vendor write, edits made in the panel, refresh showing them, up reverting
 * them, replacements in their order (CallbackUrl create-before-delete, AgentSession
 * delete-before-replace), destroy; then telephony export and telephony drift reading the same
 * server. Where a server lacks an undocumented call, the same scenario proves that create,
 * update and delete still work and that what is given up is exactly what the warning says.
 * The documented profile runs twice: at the engine's default parallelism and with --parallel 1.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main as telephony } from "../../cli/telephony";
import {
    DEMO_CREDENTIALS,
    SandboxAdmin,
    startSandbox,
    VARIANT_PROFILES,
    type Sandbox,
    type Variants,
    type VariantProfile,
} from "../../sandbox";
import { requireEngine } from "../support/engine";
import { expectNothingSecretAtRest, lastOps, lifecycleStack, programOf, said, succeeded, type Declared } from "../support/lifecycle";

requireEngine();

const REPO = path.resolve(__dirname, "..", "..");

const TRUNK_PASSWORD = "trunk-secret-5e1a";
const HOOK_PASSWORD = "hook-secret-9c4b";

const reception: Declared = {
    kind: "RingGroup",
    name: "reception",
    args: { customerId: 9, description: "Recepção Variantes", strategy: "linear", devices: [1, 4] },
};
const sales: Declared = {
    kind: "Did",
    name: "sales",
    args: {
        customerId: 13,
        number: "+55 (11) 3000-5000",
        description: "Vendas Variantes",
        routing: { type: "queue", queueId: 12 },
        supplier: { host: "192.168.0.2", username: "trunk01", password: TRUNK_PASSWORD },
        maxCalls: 10,
    },
};
const crm: Declared = {
    kind: "CallbackUrl",
    name: "crm",
    args: { url: "https://crm.example.com.br/hooks/variantes", basicAuth: { username: "dc", password: HOOK_PASSWORD } },
};
const maria: Declared = {
    kind: "AgentSession",
    name: "maria",
    args: { agent: "maria", extension: "2001", queue: "vendas", paused: true, pauseReason: "Almoço" },
};

const withArgs = (declared: Declared, change: Record<string, unknown>): Declared => ({
    ...declared,
    args: { ...declared.args, ...change },
});

/** What this server lets the provider see, from the variants in force. */
function capabilities(variants: Variants) {
    return {
        didsReadable: variants.didLookup === "supported" || variants.didLookup === "notFound",
        didsListed: variants.didLookup === "supported",
        didsDeleted: variants.didDelete === "supported",
        callbacksListed: variants.callbackList === "array" || variants.callbackList === "string",
    };
}

let sandbox: Sandbox;
let admin: SandboxAdmin;
beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());

const writes = async () => (await admin.requests()).writes;

const RUNS: [VariantProfile, number | undefined][] = [
    ...(Object.keys(VARIANT_PROFILES) as VariantProfile[]).map((profile): [VariantProfile, number | undefined] => [profile, undefined]),
    ["documented", 1],
];

describe.each(RUNS)("under the %s variant (parallel %s)", (profile, parallel) => {
    it("every resource through its life; export and drift read the same server", async () => {
        await admin.reset();
        const variants = await admin.setVariants({ profile });
        const can = capabilities(variants);
        const stack = await lifecycleStack(sandbox, [reception, sales, crm, maria], { parallel });
        try {
            // Plan, then create.
            expect(succeeded(await stack.preview()).ops).toEqual({
                reception: ["create"],
                sales: ["create"],
                crm: ["create"],
                maria: ["create"],
            });
            expect(await writes()).toBe(0);
            const up = succeeded(await stack.up());
            expect(lastOps(up)).toEqual({ reception: "create", sales: "create", crm: "create", maria: "create" });
            const state = await admin.state();
            const group = state.nextbilling.ringGroups.find((g) => g.descricao === "Recepção Variantes")!;
            expect(group).toMatchObject({ id_cliente: 9, strategy: "linear", devices: [1, 4], status: 1 });
            const did = state.nextbilling.dids.find((d) => d.did_number === "1130005000")!;
            expect(did).toMatchObject({
                customer_id: 13,
                did_type: 5,
                did_type_id: 12,
                host: "192.168.0.2",
                username: "trunk01",
                password: TRUNK_PASSWORD,
                max_calls: 10,
            });
            const hook = state.directcall.callbacks.find((c) => c.url.includes("/hooks/variantes"))!;
            expect(hook.url).toBe(`https://dc:${HOOK_PASSWORD}@crm.example.com.br/hooks/variantes`);
            expect(await admin.erix.sessions()).toEqual([
                expect.objectContaining({ agent: "maria", exten: "2001", queue: "vendas", paused: true, reason: "Almoço" }),
            ]);
            expect(up.outputs?.ids.value).toEqual({ reception: String(group.id), sales: String(did.id), crm: hook.code, maria: "maria" });

            // Nothing declared changed: no step, and no write reaches a vendor.
            const before = await writes();
            succeeded(await stack.preview({ expectNoChanges: true }));
            succeeded(await stack.up({ expectNoChanges: true }));
            expect(await writes()).toBe(before);

            // Someone edits the panel: the group's strategy, the number's max calls, and removes the registration.
            await admin.ringGroups.patch(group.id, { strategy: "ringall" });
            await admin.dids.patch(did.id, { max_calls: 99 });
            await admin.directcall.callbacks.remove(hook.code);
            const refreshed = succeeded(await stack.refresh());
            expect(lastOps(refreshed)).toEqual({
                reception: "update",
                sales: can.didsReadable ? "update" : "same",
                crm: can.callbacksListed ? "delete" : "same",
                maria: "same", // Erix has no status query: sessions are kept as stored
            });
            if (!can.didsReadable) expect(said(refreshed)).toContain("refresh keeps the stored state of DIDs");
            const reverted = succeeded(await stack.up());
            expect(lastOps(reverted)).toMatchObject({
                reception: "update",
                sales: can.didsReadable ? "update" : "same",
                crm: can.callbacksListed ? "create" : "same",
            });
            const after = await admin.state();
            expect(after.nextbilling.ringGroups.find((g) => g.id === group.id)).toMatchObject({ strategy: "linear" });
            // A server that cannot read DIDs cannot show drift: the panel's value stays until the declaration changes.
            expect(after.nextbilling.dids.find((d) => d.id === did.id)).toMatchObject({ max_calls: can.didsReadable ? 10 : 99 });
            expect(after.directcall.callbacks.filter((c) => c.url.includes("/hooks/variantes"))).toHaveLength(can.callbacksListed ? 1 : 0);

            // up with refresh reverts an edit in one go.
            await admin.ringGroups.patch(group.id, { devices: [1, 4, 5] });
            expect(lastOps(succeeded(await stack.up({ refresh: true })))).toMatchObject({ reception: "update" });
            expect((await admin.state()).nextbilling.ringGroups.find((g) => g.id === group.id)).toMatchObject({ devices: [1, 4] });

            // Replacements: a new URL is registered before the old one goes; an agent moves queue by logging off first.
            stack.setProgram(
                programOf([
                    withArgs(reception, { description: "Recepção Variantes 2" }),
                    withArgs(sales, { description: "Vendas Variantes 2", maxCalls: 12 }),
                    withArgs(crm, { url: "https://crm.example.com.br/hooks/variantes-2" }),
                    withArgs(maria, { queue: "suporte", paused: false }),
                ]),
            );
            await admin.clearRequests();
            const replaced = succeeded(await stack.up());
            expect(replaced.ops.crm).toEqual(["create-replacement", "replace", "delete-replaced"]);
            expect(replaced.ops.maria).toEqual(["delete-replaced", "replace", "create-replacement"]);
            expect(lastOps(replaced)).toMatchObject({ reception: "update", sales: "update" });
            const log = (await admin.requests()).requests;
            const order = (match: (r: (typeof log)[number]) => boolean) => log.findIndex(match);
            const erix = (command: string) =>
                order((r) => r.path === "/api/agent.php" && (r.body as Record<string, string> | null)?.command === command);
            expect(order((r) => r.path === "/voz/add-callback")).toBeGreaterThanOrEqual(0);
            if (can.callbacksListed)
                expect(order((r) => r.path === "/voz/add-callback")).toBeLessThan(order((r) => r.path === "/voz/remove-callback"));
            expect(erix("logoff")).toBeLessThan(erix("login"));
            const moved = await admin.state();
            expect(moved.nextbilling.ringGroups.filter((g) => g.descricao.startsWith("Recepção Variantes"))).toEqual([
                expect.objectContaining({ id: group.id, descricao: "Recepção Variantes 2" }),
            ]);
            expect(moved.directcall.callbacks.filter((c) => c.url.includes("/hooks/variantes-2"))).toHaveLength(1);
            expect(await admin.erix.sessions()).toEqual([expect.objectContaining({ agent: "maria", queue: "suporte", paused: false })]);

            // telephony drift reads the same server and finds the declaration in sync where it can look; the seeded
            // lines, queues and IVRs no program here declares are unmanaged, so it exits 2.
            const drift = await driftOf([
                withArgs(reception, { description: "Recepção Variantes 2" }),
                withArgs(sales, { description: "Vendas Variantes 2", maxCalls: 12 }),
            ]);
            expect(drift.code).toBe(2);
            expect(drift.out).toMatch(/^unmanaged +nextbilling\.Line /m);
            expect(drift.out).not.toMatch(/^(changed|missing) /m);
            expect(drift.out).toContain(`in sync        nextbilling.RingGroup reception (id ${group.id})`);
            if (can.didsListed) expect(drift.out).toContain(`in sync        nextbilling.Did sales (id ${did.id})`);
            else expect(drift.out).toMatch(/not read {7}dids: .*no DID list/);

            // telephony export reads every shape of the lists, or says which kind it cannot read.
            const exported = await exportOf(13);
            expect(exported.code).toBe(0);
            if (can.didsListed) expect(exported.program).toContain(`importId: ${did.id},`);
            else expect(exported.out).toContain("DIDs: this NextBilling server has no DID list as assumed");

            // Destroy: everything goes (a number the server cannot delete is released to the pool instead).
            const destroyed = succeeded(await stack.destroy());
            expect(lastOps(destroyed)).toEqual({ reception: "delete", sales: "delete", crm: "delete", maria: "delete" });
            const gone = await admin.state();
            expect(gone.nextbilling.ringGroups.filter((g) => g.descricao.startsWith("Recepção Variantes"))).toEqual([]);
            const number = gone.nextbilling.dids.filter((d) => d.did_number === "1130005000");
            expect(number).toEqual(can.didsDeleted ? [] : [expect.objectContaining({ customer_id: 0, status: 0 })]);
            if (!can.didsDeleted) expect(said(destroyed)).toContain("so it was released instead");
            const hooks = gone.directcall.callbacks.filter((c) => c.url.includes("/hooks/variantes"));
            expect(hooks).toEqual([]);
            expect(await admin.erix.sessions()).toEqual([]);

            expectNothingSecretAtRest(stack, [TRUNK_PASSWORD, HOOK_PASSWORD]);
        } finally {
            await stack.dispose();
        }
    });
});

/** `telephony drift` over a program declaring `resources`, configured by environment variables as a pipeline would be. */
async function driftOf(resources: Declared[]): Promise<{ code: number; out: string }> {
    // Inside the repository, so that the program resolves @pulumi/pulumi (and the SDK its mocks run on) from here.
    fs.mkdirSync(path.join(REPO, ".engine", "work"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(REPO, ".engine", "work", "drift-variants-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: drift-variants\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        `const telephony = require(${JSON.stringify(path.join(REPO, "dist", "provider"))});\n` +
            resources
                .map(
                    ({ kind, name, args }) =>
                        `new telephony.${kind === "RingGroup" || kind === "Did" ? "nextbilling" : kind === "CallbackUrl" ? "directcall" : "erix"}.${kind}(${JSON.stringify(name)}, ${JSON.stringify(args)});`,
                )
                .join("\n"),
    );
    try {
        return await withVendorEnv(async () => {
            const lines: string[] = [];
            const code = await telephony(["drift", "--program", dir, "--customers", "9,13"], {
                out: (l) => lines.push(l),
                err: (l) => lines.push(l),
                untilStopped: async () => undefined,
            });
            return { code, out: lines.join("\n") };
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function exportOf(customer: number): Promise<{ code: number; out: string; program: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "export-variants-"));
    try {
        return await withVendorEnv(async () => {
            const lines: string[] = [];
            const out = path.join(dir, "out");
            const code = await telephony(["export", "--out", out, "--customer", String(customer)], {
                out: (l) => lines.push(l),
                err: (l) => lines.push(l),
                untilStopped: async () => undefined,
            });
            const file = path.join(out, "index.ts");
            return { code, out: lines.join("\n"), program: fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "" };
        });
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The commands read vendor settings from the environment when no stack config holds them. */
async function withVendorEnv<T>(run: () => Promise<T>): Promise<T> {
    const env = { NEXTBILLING_URL: sandbox.url, NEXTBILLING_TOKEN: DEMO_CREDENTIALS.token, NEXTBILLING_KEY: DEMO_CREDENTIALS.key };
    const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
    Object.assign(process.env, env);
    try {
        return await run();
    } finally {
        for (const [key, value] of Object.entries(saved)) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    }
}
