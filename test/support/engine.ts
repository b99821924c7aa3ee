/**
 * The real Pulumi engine under tests: one file-backend stack per EngineStack, driven through
 * `@pulumi/pulumi/automation` with an inline program (the Node language host is not available
 * here, so the SDK serves the program from this process). The CLI comes from engine/resolve.js:
 * PULUMI_CLI, a recent `pulumi` on PATH, or .engine/bin/pulumi built by `npm run engine:build`.
 *
 * Operations never throw on a failed engine run: they return `ok: false` with the error, the
 * diagnostics and the steps seen, so tests can assert on failure text.
 *
 * Inline programs run one at a time per process (the SDK's runtime is global): never run two
 * operations at once, in one test file or across `test.concurrent`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    LocalWorkspace,
    PulumiCommand,
    type ConfigMap,
    type EngineEvent,
    type OutputMap,
    type PulumiFn,
    type Stack,
    type StepEventMetadata,
    type StepEventStateMetadata,
} from "@pulumi/pulumi/automation";
import { paths, resolveEngine, type ResolvedEngine } from "../../engine/resolve";

/**
 * Where stacks live: <repo>/.engine/work/<pid>-<random>/{project,backend,home}. The engine starts
 * the provider host (pulumi-resource-pulumi-nodejs) with the project folder as its cwd, and the
 * host `require`s what serialized providers need (@pulumi/pulumi, provider packages) from there:
 * node_modules of the repo must be reachable from it (from a bare os.tmpdir() folder a provider's
 * `require("semver")` fails: "Cannot find module 'semver'"). Under .engine/work/ it is, by Node's
 * usual walk up the parents. Tried both: this and an os.tmpdir() folder holding a `node_modules`
 * symlink to the repo's pass; this one needs no symlink (nor the privilege to make one), resolves
 * every module at its real path, and is ignored by git with the rest of /.engine/.
 */
const WORK_ROOT = path.join(paths.engineDir, "work");
const DEFAULT_PASSPHRASE = "engine harness passphrase";

export interface EngineStackOptions {
    /** Project name (default "engine-test"): config keys without a namespace land in it. */
    project?: string;
    /** Stack name (default "dev"). */
    stack?: string;
    program: PulumiFn;
    /** Plain config; keys "ns:key" or "key" (then in the project's namespace). */
    config?: Record<string, string>;
    /** Config stored encrypted (secure: in Pulumi.<stack>.yaml). */
    secretConfig?: Record<string, string>;
    /** `--parallel` for every operation of this stack (unless an operation says otherwise). */
    parallel?: number;
    /** Extra environment of the CLI (and so of the provider host it starts). */
    env?: Record<string, string>;
    /** PULUMI_CONFIG_PASSPHRASE (default: a fixed test passphrase). */
    passphrase?: string;
    /**
     * The engine's working directory, where the provider host starts and resolves what stored
     * `__provider`s require (e.g. a project with a packed copy installed under node_modules); the
     * Automation API writes Pulumi.yaml and Pulumi.<stack>.yaml into it. Kept by dispose(). Default:
     * a new folder under the stack's root, removed by dispose().
     */
    workDir?: string;
}

/** A resource's state in a step event. */
export interface EngineStepState {
    id?: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

export interface EngineStep {
    /** The resource name (the last part of the URN). */
    name: string;
    type: string;
    urn: string;
    /**
     * As the engine reports it: create, same, update, delete; a replacement is create-replacement,
     * replace, delete-replaced (delete-replaced first with deleteBeforeReplace); a refresh is
     * "refresh" followed by a step of what it found (same, update, delete); read, import, ...
     */
    op: string;
    /** "started" (resourcePreEvent only: the run stopped first), "done" (resOutputsEvent) or "failed" (resOpFailedEvent). */
    status: "started" | "done" | "failed";
    /** True in a preview. */
    planning: boolean;
    /** As the engine sends them: never for dynamic providers (the host reports only "changed or not"). */
    diffs?: string[];
    detailedDiff?: Record<string, unknown>;
    /** Top-level input keys that differ between old and new (computed here, `__provider` left out). */
    changedInputs?: string[];
    /** Inputs and outputs before and after, without `__provider`. */
    old?: EngineStepState;
    new?: EngineStepState;
}

export interface EngineDiagnostic {
    severity: string;
    /** Without the engine's color markup. */
    message: string;
    urn?: string;
}

export interface EngineRun {
    ok: boolean;
    /** Every step event, in order, the stack and the default provider included. */
    steps: EngineStep[];
    /** name -> ops in order, for resources only (not the pulumi:pulumi:Stack, not providers). */
    ops: Record<string, string[]>;
    diagnostics: EngineDiagnostic[];
    stdout: string;
    stderr: string;
    error?: Error;
    /** The engine's summary event: op -> count (e.g. { create: 1, same: 1 }). */
    summary?: Record<string, number>;
    /** Stack outputs after a successful `up`. */
    outputs?: OutputMap;
}

export interface EnginePreviewOptions {
    refresh?: boolean;
    expectNoChanges?: boolean;
    target?: string[];
    parallel?: number;
}

export interface EngineUpOptions {
    refresh?: boolean;
    target?: string[];
    /** URNs to replace in place (`pulumi up --replace`). */
    replace?: string[];
    parallel?: number;
    expectNoChanges?: boolean;
    continueOnError?: boolean;
}

export interface EngineRefreshOptions {
    runProgram?: boolean;
    clearPendingCreates?: boolean;
    expectNoChanges?: boolean;
    parallel?: number;
}

export interface EngineDestroyOptions {
    runProgram?: boolean;
    parallel?: number;
}

let resolved: Promise<ResolvedEngine> | undefined;
let command: Promise<PulumiCommand> | undefined;
let swept = false;

/**
 * The resolved engine, once per test file (building .engine/bin/pulumi when missing: minutes the
 * first time).
 */
export function engine(): Promise<ResolvedEngine> {
    // `npm test` resolves (and builds) the engine before Jest starts and prints its version once;
    // Jest loads this module afresh for every test file, so announcing it here would repeat it per file.
    resolved ??= resolveEngine({ build: true, log: (line) => process.stderr.write(`${line}\n`) });
    resolved.catch(() => (resolved = undefined)); // a later call may try again
    return resolved;
}

/** Whether a CLI can be used without building one. */
export async function engineAvailable(): Promise<boolean> {
    try {
        await resolveEngine({ build: false, log: () => undefined });
        return true;
    } catch {
        return false;
    }
}

/** Registers a `beforeAll` that resolves the engine, building it when missing (hence the long timeout). */
export function requireEngine(timeoutMs = 15 * 60_000): void {
    beforeAll(async () => {
        await engine();
    }, timeoutMs);
}

async function pulumiCommand(): Promise<PulumiCommand> {
    command ??= engine().then((found) =>
        // A PULUMI_CLI older than the SDK's minimum is the user's choice (resolve.js warned).
        PulumiCommand.get({ root: found.root, skipVersionCheck: found.source === "PULUMI_CLI" }),
    );
    command.catch(() => (command = undefined));
    return command;
}

function processAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return (error as NodeJS.ErrnoException).code === "EPERM";
    }
}

/** Removes work folders left by processes that died before dispose(). */
function sweepStaleWork(): void {
    if (swept) return;
    swept = true;
    let entries: string[];
    try {
        entries = fs.readdirSync(WORK_ROOT);
    } catch {
        return;
    }
    for (const entry of entries) {
        const pid = Number(entry.split("-")[0]);
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid)) {
            fs.rmSync(path.join(WORK_ROOT, entry), { recursive: true, force: true });
        }
    }
}

const COLOR_MARKUP = /<\{%[^%]*%\}>/g;
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const plain = (text: string) => text.replace(COLOR_MARKUP, "").replace(ANSI, "");

function nameOf(urn: string): string {
    const parts = urn.split("::");
    return parts.slice(3).join("::") || urn;
}

/** A step's state without `__provider` (the serialized provider, kilobytes of code in every event). */
function stateOf(meta: StepEventStateMetadata | undefined): EngineStepState | undefined {
    if (!meta) return undefined;
    const { __provider: _in, ...inputs } = meta.inputs ?? {};
    const { __provider: _out, ...outputs } = meta.outputs ?? {};
    return { id: meta.id || undefined, inputs, outputs };
}

/** Top-level input keys whose values differ between two states. */
function changedInputs(old: EngineStepState | undefined, next: EngineStepState | undefined): string[] | undefined {
    if (!old || !next) return undefined;
    const keys = new Set([...Object.keys(old.inputs), ...Object.keys(next.inputs)]);
    return [...keys].filter((key) => JSON.stringify(old.inputs[key]) !== JSON.stringify(next.inputs[key])).sort();
}

function stepOf(metadata: StepEventMetadata, status: EngineStep["status"], planning: boolean): EngineStep {
    const old = stateOf(metadata.old);
    const next = stateOf(metadata.new);
    return {
        name: nameOf(metadata.urn),
        type: metadata.type,
        urn: metadata.urn,
        op: metadata.op,
        status,
        planning,
        ...(metadata.diffs ? { diffs: metadata.diffs } : {}),
        ...(metadata.detailedDiff ? { detailedDiff: metadata.detailedDiff } : {}),
        changedInputs: changedInputs(old, next),
        old,
        new: next,
    };
}

const isResource = (type: string) => type !== "pulumi:pulumi:Stack" && !type.startsWith("pulumi:providers:");

/** Folds engine events into steps and diagnostics. */
class EventLog {
    readonly steps: EngineStep[] = [];
    readonly diagnostics: EngineDiagnostic[] = [];
    summary?: Record<string, number>;

    readonly onEvent = (event: EngineEvent): void => {
        if (event.resourcePreEvent) {
            const { metadata, planning } = event.resourcePreEvent;
            this.steps.push(stepOf(metadata, "started", !!planning));
        } else if (event.resOutputsEvent) {
            const { metadata, planning } = event.resOutputsEvent;
            const step = this.open(metadata.urn, metadata.op);
            if (step) {
                Object.assign(step, stepOf(metadata, "done", step.planning));
                return;
            }
            // A refresh announces op "refresh" and reports what it found as same, update or delete.
            const refresh = this.open(metadata.urn, "refresh");
            if (refresh) refresh.status = "done";
            this.steps.push(stepOf(metadata, "done", !!planning));
        } else if (event.resOpFailedEvent) {
            const { metadata } = event.resOpFailedEvent;
            const step = this.open(metadata.urn, metadata.op);
            if (step) step.status = "failed";
            else this.steps.push(stepOf(metadata, "failed", false));
        } else if (event.diagnosticEvent) {
            const { severity, message, urn } = event.diagnosticEvent;
            // "debug" is the SDK's own chatter about every RegisterResource call of the program.
            if ((severity as string) === "debug") return;
            this.diagnostics.push({ severity, message: plain(message).trim(), ...(urn ? { urn } : {}) });
        } else if (event.summaryEvent) {
            this.summary = { ...event.summaryEvent.resourceChanges } as Record<string, number>;
        }
    };

    private open(urn: string, op: string): EngineStep | undefined {
        for (let i = this.steps.length - 1; i >= 0; i--) {
            const step = this.steps[i];
            if (step.urn === urn && step.op === op && step.status === "started") return step;
        }
        return undefined;
    }

    ops(): Record<string, string[]> {
        const ops: Record<string, string[]> = {};
        for (const step of this.steps) if (isResource(step.type)) (ops[step.name] ??= []).push(step.op);
        return ops;
    }
}

interface Hooks {
    onEvent: (event: EngineEvent) => void;
    onOutput: (text: string) => void;
    onError: (text: string) => void;
    signal: AbortSignal;
    color: "never";
}

export class EngineStack {
    private running?: { abort: AbortController; done: Promise<unknown> };
    private disposed = false;

    private constructor(
        /** The Automation API stack, for what this harness does not wrap. */
        readonly stack: Stack,
        readonly project: string,
        readonly stackName: string,
        /** Holds project/ (the workDir, unless one was given), backend/ and home/ (PULUMI_HOME); removed by dispose(). */
        readonly root: string,
        readonly workDir: string,
        readonly backendDir: string,
        private readonly parallel: number | undefined,
        private configKeys: string[],
    ) {}

    static async create(options: EngineStackOptions): Promise<EngineStack> {
        const found = await engine();
        const pulumi = await pulumiCommand();
        sweepStaleWork();
        fs.mkdirSync(WORK_ROOT, { recursive: true });
        const root = fs.mkdtempSync(path.join(WORK_ROOT, `${process.pid}-`));
        const workDir = options.workDir ?? path.join(root, "project");
        const backendDir = path.join(root, "backend");
        const pulumiHome = path.join(root, "home");
        for (const dir of [workDir, backendDir, pulumiHome]) fs.mkdirSync(dir, { recursive: true });
        const project = options.project ?? "engine-test";
        const stackName = options.stack ?? "dev";
        try {
            const stack = await LocalWorkspace.createOrSelectStack(
                { projectName: project, stackName, program: options.program },
                {
                    pulumiCommand: pulumi,
                    workDir,
                    pulumiHome,
                    projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${backendDir}` } },
                    envVars: {
                        ...options.env,
                        PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? DEFAULT_PASSPHRASE,
                        PULUMI_SKIP_UPDATE_CHECK: "true",
                        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                        PATH: [...found.path, options.env?.PATH ?? process.env.PATH ?? ""].join(path.delimiter),
                    },
                },
            );
            const engineStack = new EngineStack(stack, project, stackName, root, workDir, backendDir, options.parallel, []);
            await engineStack.setConfig(options.config ?? {}, options.secretConfig ?? {});
            return engineStack;
        } catch (error) {
            fs.rmSync(root, { recursive: true, force: true });
            throw error;
        }
    }

    /** The program of the next operations. */
    setProgram(program: PulumiFn): void {
        this.stack.workspace.program = program;
    }

    /** Replaces the whole stack config (keys not given are removed). */
    async setConfig(config: Record<string, string>, secretConfig: Record<string, string> = {}): Promise<void> {
        const all: ConfigMap = {};
        for (const [key, value] of Object.entries(config)) all[key] = { value, secret: false };
        for (const [key, value] of Object.entries(secretConfig)) all[key] = { value, secret: true };
        const qualify = (key: string) => (key.includes(":") ? key : `${this.project}:${key}`);
        const keep = new Set(Object.keys(all).map(qualify));
        const gone = this.configKeys.filter((key) => !keep.has(key));
        if (gone.length > 0) await this.stack.removeAllConfig(gone);
        if (Object.keys(all).length > 0) await this.stack.setAllConfig(all);
        this.configKeys = [...keep];
    }

    preview(opts: EnginePreviewOptions = {}): Promise<EngineRun> {
        return this.run(async (hooks) => {
            const result = await this.stack.preview({ ...hooks, ...opts, parallel: opts.parallel ?? this.parallel });
            return { stdout: result.stdout, stderr: result.stderr };
        });
    }

    up(opts: EngineUpOptions = {}): Promise<EngineRun> {
        return this.run(async (hooks) => {
            const result = await this.stack.up({ ...hooks, ...opts, parallel: opts.parallel ?? this.parallel });
            return { stdout: result.stdout, stderr: result.stderr, outputs: result.outputs };
        });
    }

    refresh(opts: EngineRefreshOptions = {}): Promise<EngineRun> {
        return this.run(async (hooks) => {
            const result = await this.stack.refresh({ ...hooks, ...opts, parallel: opts.parallel ?? this.parallel });
            return { stdout: result.stdout, stderr: result.stderr };
        });
    }

    destroy(opts: EngineDestroyOptions = {}): Promise<EngineRun> {
        return this.run(async (hooks) => {
            const result = await this.stack.destroy({ ...hooks, ...opts, parallel: opts.parallel ?? this.parallel });
            return { stdout: result.stdout, stderr: result.stderr };
        });
    }

    /** The file backend's own state file: .pulumi/stacks/<project>/<stack>.json. */
    stateFile(): string {
        return path.join(this.backendDir, ".pulumi", "stacks", this.project, `${this.stackName}.json`);
    }

    /**
     * The first recovery step after a killed `up` on a file backend (docs/operations.md): the backend rewrites the
     * state's metadata sidecar (`<stack>.json.attrs`, gocloud's fileblob) by truncating it first,
     * so a SIGKILL at that moment leaves it empty and every later command fails with "failed to
     * load checkpoint: EOF". Removes such an empty sidecar (it holds only a content type and a
     * checksum); answers whether there was one.
     */
    removeEmptyStateSidecar(): boolean {
        const sidecar = `${this.stateFile()}.attrs`;
        if (!fs.existsSync(sidecar) || fs.statSync(sidecar).size > 0) return false;
        fs.rmSync(sidecar);
        return true;
    }

    /**
     * The state as stored (secrets encrypted). Use this, never `stack.exportStack()`, for secret
     * assertions: exportStack runs `stack export --show-secrets` and decrypts.
     */
    stateAtRest(): { text: string; json: any } {
        const text = fs.readFileSync(this.stateFile(), "utf8");
        return { text, json: JSON.parse(text) };
    }

    /** The Pulumi.<stack>.yaml the Automation API keeps in the workDir. */
    stackConfigFile(): string {
        return path.join(this.workDir, `Pulumi.${this.stackName}.yaml`);
    }

    /**
     * Interrupts the running operation as Ctrl-C does (SIGINT to the CLI: steps in flight finish
     * and are recorded, the run then returns `ok: false`), then clears any backend lock left
     * (`pulumi cancel`).
     */
    async cancel(): Promise<void> {
        const running = this.running;
        if (running) {
            running.abort.abort();
            await running.done.catch(() => undefined);
        }
        try {
            await this.stack.cancel();
        } catch {
            // nothing to cancel
        }
    }

    /** Stops whatever runs and removes the backend (state), PULUMI_HOME and the workDir (unless it was given). */
    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        const running = this.running;
        if (running) {
            running.abort.abort();
            await running.done.catch(() => undefined);
        }
        fs.rmSync(this.root, { recursive: true, force: true });
    }

    private async run(operation: (hooks: Hooks) => Promise<{ stdout: string; stderr: string; outputs?: OutputMap }>): Promise<EngineRun> {
        if (this.disposed) throw new Error("EngineStack: used after dispose()");
        if (this.running) throw new Error("EngineStack: one operation at a time (inline programs share the process's Pulumi runtime)");
        const log = new EventLog();
        let stdout = "";
        let stderr = "";
        const abort = new AbortController();
        const hooks: Hooks = {
            onEvent: log.onEvent,
            onOutput: (text) => (stdout += text),
            onError: (text) => (stderr += text),
            signal: abort.signal,
            color: "never",
        };
        const done = operation(hooks);
        this.running = { abort, done };
        try {
            const result = await done;
            return {
                ok: true,
                steps: log.steps,
                ops: log.ops(),
                diagnostics: log.diagnostics,
                stdout: result.stdout || stdout,
                stderr: result.stderr || stderr,
                summary: log.summary,
                outputs: result.outputs,
            };
        } catch (error) {
            return {
                ok: false,
                steps: log.steps,
                ops: log.ops(),
                diagnostics: log.diagnostics,
                stdout,
                stderr,
                error: error instanceof Error ? error : new Error(String(error)),
                summary: log.summary,
            };
        } finally {
            this.running = undefined;
        }
    }
}
