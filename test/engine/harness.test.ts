/**
 * The engine harness (test/support/engine.ts) under this repository's Jest setup: a local dynamic
 * resource whose provider does no I/O, through preview, up, a no-op preview, an update, refresh,
 * a check failure and destroy, on the real Pulumi engine. One stack per test.
 */
// How the engine marks a secret value in events and state: `{ [specialSigKey]: specialSecretSig, ciphertext }`.
import { specialSigKey as SECRET_SIG } from "@pulumi/pulumi/runtime/rpc";
import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { EngineStack, requireEngine, type EngineRun } from "../support/engine";

const SECRET = "harness-secret-5b7e0c19";

// Serialized by value into every resource's `__provider` and run by the provider host: it captures
// nothing (no imports, no test state), so ts-jest's compiled output serializes cleanly.
const memoProvider: pulumi.dynamic.ResourceProvider = {
    async check(_olds, news) {
        const failures = news.label === "" ? [{ property: "label", reason: "must not be empty" }] : [];
        return { inputs: news, failures };
    },
    async diff(_id, olds, news) {
        const changed = ["label", "token"].filter((key) => olds[key] !== news[key]);
        return { changes: changed.length > 0 };
    },
    async create(inputs) {
        return { id: `memo-${inputs.label}`, outs: { label: inputs.label, token: inputs.token, size: inputs.label.length } };
    },
    async read(id, props) {
        return { id, props };
    },
    async update(_id, _olds, news) {
        return { outs: { label: news.label, token: news.token, size: news.label.length } };
    },
    async delete() {
        // nothing to remove: the record only lives in state
    },
};

class Memo extends pulumi.dynamic.Resource {
    declare readonly size: pulumi.Output<number>;
    constructor(name: string, args: { label: pulumi.Input<string>; token: pulumi.Input<string> }) {
        super(memoProvider, name, { ...args, size: undefined }, {}, "harness", "Memo");
    }
}

const programWith = (label: string) => async () => {
    const memo = new Memo("memo", { label, token: new pulumi.Config("harness").requireSecret("token") });
    return { id: memo.id, size: memo.size };
};

function succeeded(run: EngineRun): EngineRun {
    if (!run.ok) throw new Error(`engine run failed: ${run.error?.message}\n${JSON.stringify(run.diagnostics, null, 2)}`);
    return run;
}

requireEngine();

async function lifecycle(parallel?: number): Promise<void> {
    const stack = await EngineStack.create({
        project: "harness",
        program: programWith("first"),
        config: { "harness:mode": "plain" },
        secretConfig: { "harness:token": SECRET },
        parallel,
    });
    try {
        const preview = succeeded(await stack.preview());
        expect(preview.ops).toEqual({ memo: ["create"] });
        expect(preview.steps.find((s) => s.name === "memo")?.planning).toBe(true);
        expect(stack.stateAtRest().json.checkpoint.latest?.resources ?? []).toEqual([]); // the stack exists, empty

        const created = succeeded(await stack.up());
        expect(created.ops).toEqual({ memo: ["create"] });
        expect(created.summary).toMatchObject({ create: 2 }); // the memo and the pulumi:pulumi:Stack
        expect(created.outputs?.id.value).toBe("memo-first");
        expect(created.outputs?.size.value).toBe(5);
        const createStep = created.steps.find((s) => s.name === "memo" && s.op === "create");
        expect(createStep).toMatchObject({ status: "done", type: "pulumi-nodejs:dynamic/harness:Memo", planning: false });
        expect(createStep?.urn).toBe("urn:pulumi:dev::harness::pulumi-nodejs:dynamic/harness:Memo::memo");

        const noChanges = succeeded(await stack.preview({ expectNoChanges: true }));
        expect(noChanges.ops).toEqual({ memo: ["same"] });

        stack.setProgram(programWith("second"));
        const updated = succeeded(await stack.up());
        expect(updated.ops).toEqual({ memo: ["update"] });
        const updateStep = updated.steps.find((s) => s.name === "memo" && s.op === "update");
        expect(updateStep?.changedInputs).toEqual(["label"]);
        expect(updateStep?.new?.outputs.label).toBe("second");
        expect(updated.outputs?.id.value).toBe("memo-first"); // an update keeps the id

        // The provider reads back what state holds: a refresh that finds nothing to change.
        const refreshed = succeeded(await stack.refresh());
        expect(refreshed.ops.memo).toEqual(["refresh", "same"]);
        expect(refreshed.summary).toMatchObject({ same: 2 });

        // The secret went into config and state encrypted only.
        const atRest = stack.stateAtRest();
        expect(atRest.text).not.toContain(SECRET);
        expect(atRest.text).toContain(SECRET_SIG);
        const memoState = atRest.json.checkpoint.latest.resources.find((r: { urn: string }) => r.urn.endsWith("::memo"));
        expect(memoState.outputs.token).toMatchObject({ [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270" });
        const stackConfig = fs.readFileSync(stack.stackConfigFile(), "utf8");
        expect(stackConfig).not.toContain(SECRET);
        expect(stackConfig).toMatch(/harness:token:\s+secure: /);
        expect(stackConfig).toContain("harness:mode: plain");

        // A check failure: ok false, the reason attached to the property, the error carrying the text.
        stack.setProgram(programWith(""));
        const refused = await stack.preview();
        expect(refused.ok).toBe(false);
        expect(refused.error?.message).toContain("must not be empty");
        const problem = refused.diagnostics.find((d) => d.severity === "error" && d.message.includes("must not be empty"));
        expect(problem?.message).toMatch(/property label .*has a problem: must not be empty/);
        expect(problem?.urn).toContain("::memo");

        stack.setProgram(programWith("second"));
        const destroyed = succeeded(await stack.destroy());
        expect(destroyed.ops).toEqual({ memo: ["delete"] });
        expect(stack.stateAtRest().json.checkpoint.latest.resources ?? []).toEqual([]);
    } finally {
        await stack.dispose();
    }
    expect(fs.existsSync(stack.root)).toBe(false);
}

describe("the engine harness", () => {
    test("preview, up, no-op preview, update, refresh, a check failure and destroy on the real engine", async () => {
        await lifecycle();
    }, 120_000);

    test("the same with --parallel 1", async () => {
        await lifecycle(1);
    }, 120_000);
});
