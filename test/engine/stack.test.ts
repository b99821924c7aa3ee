import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    Stack,
    StackOperationError,
    renderOperation,
    reverseDependencyOrder,
    type OperationResult,
    type ResourceState,
    type StackOptions,
} from "../../sandbox/engine";

const FIXTURES = path.join(__dirname, "fixtures");
const TYPE = "pulumi-nodejs:dynamic/fixture:Thing";
const urnOf = (name: string) => `urn:pulumi:dev::fixture::${TYPE}::${name}`;

interface Spec {
    name: string;
    label?: string;
    size?: number;
    kind?: string;
    zone?: string;
    ref?: string;
    password?: string;
    failOn?: string;
}

interface Store {
    records: Record<string, Record<string, unknown>>;
    log: string[];
    configured: { storeFile: string; apiToken?: string }[];
}

let dir: string;
let storeFile: string;
let stateFile: string;

function stackFor(specs: Spec[], overrides: Partial<StackOptions> = {}): Stack {
    return new Stack({
        projectDir: FIXTURES,
        program: "program.js",
        project: "fixture",
        stack: "dev",
        stateFile,
        config: { "fixture:storeFile": storeFile, "fixture:resources": JSON.stringify(specs) },
        secretConfig: { "fixture:apiToken": "tok-very-secret" },
        passphrase: "test passphrase",
        ...overrides,
    });
}

function store(): Store {
    return JSON.parse(fs.readFileSync(storeFile, "utf8")) as Store;
}

/** Vendor operations (not reads) logged since `before`. */
function writesSince(before: number): string[] {
    return store()
        .log.slice(before)
        .filter((entry) => !entry.startsWith("read "));
}

function stepOf(result: OperationResult, name: string) {
    const step = result.steps.find((s) => s.name === name);
    if (!step) throw new Error(`no step for ${name}`);
    return step;
}

async function failureOf(operation: Promise<OperationResult>): Promise<OperationResult> {
    try {
        await operation;
    } catch (error) {
        if (error instanceof StackOperationError) return error.result;
        throw error;
    }
    throw new Error("the operation was expected to fail");
}

beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-test-"));
    storeFile = path.join(dir, "store.json");
    stateFile = path.join(dir, "state.json");
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const initial: Spec[] = [{ name: "a" }, { name: "b", password: "hunter2" }, { name: "c", ref: "a" }];

describe("Stack against the real dynamic-provider host", () => {
    test("preview plans the creates, calls Configure with secret config, and writes nothing", async () => {
        const result = await stackFor(initial).preview();
        expect(result.counts).toEqual({ create: 3 });
        expect(store().configured[0]).toEqual({ storeFile, apiToken: "tok-very-secret" });
        expect(store().log).toEqual([]);
        expect(new Stack({ ...stackOptions() }).state().resources).toEqual([]);
        expect(result.outputs?.greeting).toBe("[secret]");
        expect(result.logs.provider).not.toContain("tok-very-secret");
    });

    test("up creates in registration order and keeps secrets out of the state file", async () => {
        const result = await stackFor(initial).up();
        expect(result.counts).toEqual({ create: 3 });
        expect(writesSince(0)).toEqual(["create a r1", "create b r2", "create c r3"]);

        const text = fs.readFileSync(stateFile, "utf8");
        for (const clear of ["hunter2", "tok-very-secret", "quiet hello"]) expect(text).not.toContain(clear);
        const state = stackFor(initial).state();
        const b = state.resources.find((r) => r.name === "b");
        expect(b?.secretKeys).toEqual(["password"]);
        expect(b?.inputs.password).toEqual({
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            ciphertext: expect.any(String),
        });
        expect(state.resources.find((r) => r.name === "c")?.dependencies).toContain(urnOf("a"));
        expect(state.resources[0].urn).toBe(urnOf("a"));

        expect(result.outputs).toEqual({
            ids: { a: "r1", b: "r2", c: "r3" },
            serials: { a: "S-r1", b: "S-r2", c: "S-r3" },
            greeting: "[secret]",
        });
        expect(stackFor(initial).outputs().greeting).toBe("quiet hello");
    });

    test("an unchanged program is a no-op: no Create, Update or Delete", async () => {
        const before = store().log.length;
        const result = await stackFor(initial).up();
        expect(result.counts).toEqual({ same: 3 });
        expect(writesSince(before)).toEqual([]);
    });

    test("a changed field updates in place, with secret values masked in the diff", async () => {
        const before = store().log.length;
        const specs = [{ name: "a" }, { name: "b", password: "hunter3", size: 2 }, { name: "c", ref: "a" }];
        const result = await stackFor(specs).up();
        expect(writesSince(before)).toEqual(["update b r2"]);
        expect(stepOf(result, "b")).toMatchObject({
            op: "update",
            diffs: [
                { field: "password", old: "[secret]", new: "[secret]" },
                { field: "size", old: 1, new: 2 },
            ],
        });
        const rendered = renderOperation(result);
        expect(rendered).toContain(`~ update ${TYPE} b [password: [secret] → [secret], size: 1 → 2]`);
        expect(rendered).not.toContain("hunter");
    });

    test("a replacement creates the new resource first and deletes the old one after the program", async () => {
        const before = store().log.length;
        const specs = [
            { name: "a", kind: "premium" },
            { name: "b", password: "hunter3", size: 2 },
            { name: "c", ref: "a" },
        ];
        const result = await stackFor(specs).up();
        expect(writesSince(before)).toEqual(["create a r4", "update c r3", "delete a r1"]);
        expect(stepOf(result, "a")).toMatchObject({
            op: "replace",
            replaceKeys: ["kind"],
            diffs: [{ field: "kind", old: "basic", new: "premium" }],
        });
        expect(result.steps.map((s) => `${s.op} ${s.name}`)).toEqual(["replace a", "same b", "update c", "delete-replaced a"]);
        expect(renderOperation(result)).toContain(`+- replace ${TYPE} a [kind: "basic" → "premium"]`);
        expect(
            stackFor(specs)
                .state()
                .resources.map((r) => [r.name, r.id]),
        ).toEqual([
            ["a", "r4"],
            ["b", "r2"],
            ["c", "r3"],
        ]);
    });

    test("deleteBeforeReplace deletes the old resource before creating the new one", async () => {
        const before = store().log.length;
        const specs = [
            { name: "a", kind: "premium" },
            { name: "b", password: "hunter3", size: 2, zone: "sp" },
            { name: "c", ref: "a" },
        ];
        const result = await stackFor(specs).up();
        expect(writesSince(before)).toEqual(["delete b r2", "create b r5"]);
        expect(stepOf(result, "b")).toMatchObject({ op: "replace", deleteBeforeReplace: true, replaceKeys: ["zone"] });
    });

    test("resources dropped from the program are deleted, dependents first", async () => {
        const before = store().log.length;
        const result = await stackFor([{ name: "b", password: "hunter3", size: 2, zone: "sp" }]).up();
        expect(writesSince(before)).toEqual(["delete c r3", "delete a r4"]);
        expect(result.counts).toEqual({ same: 1, delete: 2 });
        expect(
            stackFor([])
                .state()
                .resources.map((r) => r.name),
        ).toEqual(["b"]);
        expect(Object.keys(store().records)).toEqual(["r5"]);
    });

    test("refresh records drift, drops vanished resources, and lets the next plan revert the drift", async () => {
        const specs = [{ name: "b", password: "hunter3", size: 2, zone: "sp" }, { name: "d" }];
        await stackFor(specs).up();
        const vendor = store();
        vendor.records.r5.size = 7;
        delete vendor.records.r6;
        fs.writeFileSync(storeFile, JSON.stringify(vendor));

        const refreshed = await stackFor(specs).refresh();
        expect(stepOf(refreshed, "b")).toMatchObject({ op: "refresh", diffs: [{ field: "size", old: 2, new: 7 }] });
        expect(stepOf(refreshed, "d").op).toBe("read-gone");
        const b = stackFor(specs).state().resources;
        expect(b.map((r) => r.name)).toEqual(["b"]);
        expect(b[0].outputs.size).toBe(7);
        expect(b[0].inputs.size).toBe(7);
        expect(b[0].inputs.password).toHaveProperty("ciphertext");

        const before = store().log.length;
        const plan = await stackFor(specs).preview();
        expect(stepOf(plan, "b")).toMatchObject({ op: "update", diffs: [{ field: "size", old: 7, new: 2 }] });
        expect(stepOf(plan, "d").op).toBe("create");
        expect(writesSince(before)).toEqual([]);
    });

    test("up with refresh reverts drift in one operation", async () => {
        const specs = [{ name: "b", password: "hunter3", size: 2, zone: "sp" }];
        const vendor = store();
        vendor.records.r5.size = 9;
        fs.writeFileSync(storeFile, JSON.stringify(vendor));
        const before = store().log.length;
        const result = await stackFor(specs).up({ refresh: true });
        expect(result.steps.map((s) => `${s.op} ${s.name}`)).toEqual(["refresh b", "update b"]);
        expect(writesSince(before)).toEqual(["update b r5"]);
        expect(store().records.r5.size).toBe(2);
    });

    test("check failures name the resource and the property, and stop the operation", async () => {
        const before = store().log.length;
        const result = await failureOf(stackFor([{ name: "b", password: "hunter3", size: -1, zone: "sp" }]).up());
        expect(result.failures).toEqual([{ urn: urnOf("b"), property: "size", reason: "must not be negative" }]);
        expect(result.error).toBe(`${urnOf("b")}: check failed: size: must not be negative`);
        expect(writesSince(before)).toEqual([]);
        expect(renderOperation(result)).toContain(`check failure: ${urnOf("b")}: size: must not be negative`);
    });

    test("provider errors keep the provider's message and leave the state as it was", async () => {
        const before = store().log.length;
        const specs = [
            { name: "b", password: "hunter3", size: 2, zone: "sp" },
            { name: "e", failOn: "create" },
        ];
        const result = await failureOf(stackFor(specs).up());
        expect(stepOf(result, "e").error).toBe("vendor said: quota exceeded for e");
        expect(result.error).toBe(`${urnOf("e")}: create failed: vendor said: quota exceeded for e`);
        expect(writesSince(before)).toEqual([]);
        expect(
            stackFor(specs)
                .state()
                .resources.map((r) => r.name),
        ).toEqual(["b"]);
    });

    test("destroy deletes everything", async () => {
        const before = store().log.length;
        const result = await stackFor([]).destroy();
        expect(result.counts).toEqual({ delete: 1 });
        expect(writesSince(before)).toEqual(["delete b r5"]);
        expect(stackFor([]).state()).toMatchObject({ resources: [], outputs: {} });
        expect(store().records).toEqual({});
    });
});

describe("a TypeScript program", () => {
    test("runs through ts-node and previews its resources", async () => {
        const tsState = path.join(dir, "ts-state.json");
        const result = await new Stack({
            projectDir: FIXTURES,
            program: "program-ts.ts",
            project: "fixture",
            stack: "dev",
            stateFile: tsState,
            config: { "fixture:storeFile": path.join(dir, "ts-store.json"), "fixture:label": "from-config" },
        }).preview();
        expect(result.steps.map((s) => `${s.op} ${s.name}`)).toEqual(["create typed"]);
        expect(stepOf(result, "typed").diffs).toContainEqual({ field: "label", new: "from-config" });
        expect(result.outputs).toEqual({ thingId: "[unknown]" });
    });
});

describe("reverseDependencyOrder", () => {
    const resource = (name: string, dependencies: string[] = [], parent?: string): ResourceState => ({
        urn: name,
        type: TYPE,
        name,
        id: name,
        inputs: {},
        outputs: {},
        dependencies,
        parent,
    });

    test("puts dependents before their dependencies even against state order", () => {
        const order = reverseDependencyOrder([resource("x", ["z"]), resource("y"), resource("z"), resource("w", [], "x")]);
        expect(order.map((r) => r.name)).toEqual(["w", "y", "x", "z"]);
    });
});

function stackOptions(): StackOptions {
    return { projectDir: FIXTURES, program: "program.js", project: "fixture", stack: "dev", stateFile };
}
