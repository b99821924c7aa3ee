/**
 * The walkthrough's driver of the real Pulumi engine: the CLI that engine/resolve.js finds (or builds
 * from Go modules), one file-backend stack per program, operated through `@pulumi/pulumi/automation`
 * with an inline program. Inline because the Node.js language host is not available here (see
 * engine/README.md): the SDK serves the program from this process and hands its address to the CLI.
 * Everything the CLI prints is passed on line by line, so the user reads Pulumi's own output.
 *
 * Inline programs share this process's Pulumi runtime: run one operation at a time.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type ConfigMap, type EngineEvent, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

/** Used when PULUMI_CONFIG_PASSPHRASE is not set: the demo's secrets are demo values, encrypted with it at rest. */
export const DEMO_PASSPHRASE = "pulumi-telephony-demo";

/** From dist/examples/ (where this runs) and from examples/ alike, two levels up is the repository. */
const repoRoot = path.resolve(__dirname, "..", "..");

export interface Engine {
    /** As the CLI reports it, without "v". */
    version: string;
    /** Where the CLI came from: PULUMI_CLI, PATH (a recent enough `pulumi`) or built (.engine/bin/pulumi). */
    source: string;
    /** The CLI binary. */
    pulumi: string;
    command: PulumiCommand;
    /** Folders to put first on PATH: they hold the CLI and the dynamic-provider host script the engine starts. */
    path: string[];
}

/**
 * Resolves the CLI, building it when missing (minutes, the first time: resolve.js prints a progress
 * line with the time to expect, then a heartbeat).
 */
export async function findEngine(log: (line: string) => void): Promise<Engine> {
    // Plain CommonJS outside the compiled tree (it runs before any build), so it is required by its
    // place in the repository, not imported: from dist/examples/ an import would point into dist/.
    const { resolveEngine } = require(path.join(repoRoot, "engine", "resolve.js")) as typeof import("../engine/resolve");
    const found = await resolveEngine({ build: true, log });
    // A PULUMI_CLI older than the SDK's minimum is the user's choice (resolve.js warned about it).
    const command = await PulumiCommand.get({ root: found.root, skipVersionCheck: found.source === "PULUMI_CLI" });
    return { version: found.version, source: found.source, pulumi: found.pulumi, command, path: found.path };
}

/**
 * An inline program that runs a compiled program module. The module is loaded afresh on every
 * run: its resources are declared when its body runs, and `require` would otherwise hand back
 * the cached module, declaring nothing. Its exports become the stack outputs.
 */
export function moduleProgram(file: string): PulumiFn {
    return async () => {
        delete require.cache[require.resolve(file)];
        return { ...require(file) };
    };
}

export interface EngineStackOptions {
    engine: Engine;
    project: string;
    stack: string;
    /**
     * The project folder, where the Automation API keeps Pulumi.<stack>.yaml (and Pulumi.yaml when
     * there is none). The engine starts the provider host there, which `require`s what the stored
     * providers need: the repository's node_modules must be reachable from it by walking up.
     */
    workDir: string;
    /** The file backend (state, history, locks). */
    backendDir: string;
    /** PULUMI_HOME: kept with the stack rather than in ~/.pulumi, which the demo has no business writing to. */
    homeDir: string;
    program: PulumiFn;
    config?: Record<string, string>;
    /** Stored encrypted in Pulumi.<stack>.yaml and in state. */
    secretConfig?: Record<string, string>;
    passphrase: string;
    /** Every line the CLI prints on stdout, without its line end. */
    onLine: (line: string) => void;
    /** Every line it prints on stderr. */
    onErrorLine: (line: string) => void;
}

export interface OperationResult {
    /**
     * How many of the program's resources had a step of each op: create, same, update, delete,
     * refresh... Pulumi's own summary counts the pulumi:pulumi:Stack resource too.
     */
    resources: Record<string, number>;
}

/** A failed operation: the CLI's own account of it has gone through `onLine` / `onErrorLine` already. */
export class EngineOperationError extends Error {
    override readonly name = "EngineOperationError";
}

/** A failed `pulumi config set-all`: one line naming the stack, the keys and the CLI's own error line, secret values masked. */
export class EngineConfigError extends Error {
    override readonly name = "EngineConfigError";
}

/** Every occurrence of each secret value as `***`, the longest first (one value may hold another). */
export function maskSecrets(text: string, secrets: string[]): string {
    const values = [...new Set(secrets.filter((value) => value !== ""))].sort((a, b) => b.length - a.length);
    return values.reduce((masked, value) => masked.split(value).join("***"), text);
}

/**
 * The message of a failed `pulumi config set-all`, from what is safe in the SDK's error: the CLI's
 * exit code and its stderr (its last "error:" line, else its last line), or why it did not start
 * (`spawn ... ENOENT`). Never the command line, which the SDK's error and its message carry.
 */
function configFailure(stack: string, keys: string[], secrets: string[], error: unknown): string {
    interface ProcessError {
        exitCode?: number;
        stderr?: string;
        originalMessage?: string;
    }
    const result = (error as { commandResult?: { stderr?: string; code?: number; err?: ProcessError } }).commandResult;
    const processError = result?.err;
    let status = "failed";
    let reason: string | undefined;
    if (result !== undefined) {
        // With a process error (how the SDK reports every failed run), the result's stderr is that error's
        // message, the command line; the CLI's own stderr is on the process error.
        const stderr = processError !== undefined ? (processError.stderr ?? "") : (result.stderr ?? "");
        const lines = stderr
            .replace(/\u001b\[[0-9;]*[A-Za-z]/g, "")
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== "");
        reason = lines.filter((line) => /^error:/i.test(line)).pop() ?? lines.pop();
        const code = processError !== undefined ? processError.exitCode : result.code;
        if (code !== undefined) status = `failed (exit code ${code})`;
        else if (processError?.originalMessage !== undefined) {
            status = "could not run";
            reason ??= processError.originalMessage; // `spawn /path/to/pulumi ENOENT`
        }
    } else if (error instanceof Error) {
        reason = error.message.split("\n")[0];
    }
    const oneLine = (reason ?? "no error output").replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");
    return maskSecrets(`pulumi config set-all (stack ${stack}, ${keys.join(", ")}) ${status}: ${oneLine}`, secrets);
}

/** The CLI's output comes in chunks that do not respect lines: this cuts it into lines. */
function lineSplitter(onLine: (line: string) => void): { write: (chunk: string) => void; end: () => void } {
    let pending = "";
    return {
        write(chunk) {
            const lines = (pending + chunk).split(/\r?\n/);
            pending = lines.pop() ?? "";
            // trimEnd: the CLI pads its progress lines with spaces, for a terminal's sake.
            for (const line of lines) onLine(line.trimEnd());
        },
        end() {
            if (pending !== "") onLine(pending.trimEnd());
            pending = "";
        },
    };
}

interface Hooks {
    onOutput: (text: string) => void;
    onError: (text: string) => void;
    onEvent: (event: EngineEvent) => void;
    color: "always" | "never";
    suppressProgress: true;
}

export class EngineStack {
    /** Extra CLI arguments for the next command only (see `refresh`). */
    private nextArgs: string[] = [];

    private constructor(
        private readonly stack: Stack,
        private readonly options: EngineStackOptions,
    ) {}

    static async create(options: EngineStackOptions): Promise<EngineStack> {
        for (const dir of [options.workDir, options.backendDir, options.homeDir]) fs.mkdirSync(dir, { recursive: true });
        const hasProject = fs.existsSync(path.join(options.workDir, "Pulumi.yaml"));
        const stack = await LocalWorkspace.createOrSelectStack(
            { projectName: options.project, stackName: options.stack, program: options.program },
            {
                pulumiCommand: options.engine.command,
                workDir: options.workDir,
                pulumiHome: options.homeDir,
                // A project folder of its own (the exported one) keeps its Pulumi.yaml.
                projectSettings: hasProject ? undefined : { name: options.project, runtime: "nodejs" },
                envVars: {
                    PULUMI_BACKEND_URL: `file://${options.backendDir}`,
                    PULUMI_CONFIG_PASSPHRASE: options.passphrase,
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    // Every plugin the demo needs is on PATH (the dynamic-provider host): nothing to download.
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    PATH: [...options.engine.path, process.env.PATH ?? ""].join(path.delimiter),
                },
            },
        );
        const engineStack = new EngineStack(stack, options);
        // The Automation API's hook for arguments of every command: how `refresh` gets its --diff.
        stack.workspace.serializeArgsForOp = async () => engineStack.nextArgs.splice(0);
        await engineStack.setConfig(options.config ?? {}, options.secretConfig ?? {});
        return engineStack;
    }

    /**
     * `pulumi config set` for each value, `--secret` for the second set: what a change of the program's
     * settings is. Fails with an EngineConfigError, whose message holds no secret value.
     */
    async setConfig(plain: Record<string, string>, secret: Record<string, string> = {}): Promise<void> {
        const all: ConfigMap = {};
        for (const [key, value] of Object.entries(plain)) all[key] = { value, secret: false };
        for (const [key, value] of Object.entries(secret)) all[key] = { value, secret: true };
        if (Object.keys(all).length === 0) return;
        try {
            await this.stack.setAllConfig(all);
        } catch (error) {
            // Not rethrown, nor kept as a cause: the SDK's CommandError holds the whole command line, every
            // `--secret key=value` in it, in its message and on its process error.
            throw new EngineConfigError(configFailure(this.options.stack, Object.keys(all), Object.values(secret), error));
        }
    }

    /** `pulumi preview --diff`: what an up would do, property by property. */
    preview(): Promise<OperationResult> {
        return this.run("preview", (hooks) => this.stack.preview({ ...hooks, diff: true }));
    }

    /** `pulumi up --skip-preview`, with `--diff` when asked: every property of what changes, instead of one line per step. */
    up(options: { diff?: boolean } = {}): Promise<OperationResult> {
        return this.run("up", (hooks) => this.stack.up({ ...hooks, diff: options.diff ?? false }));
    }

    /** `pulumi refresh --diff --skip-preview`: what the vendors hold now, against state. */
    async refresh(): Promise<OperationResult> {
        // RefreshOptions has no `diff` (up, preview and destroy have it): the flag goes in through the
        // workspace's argument hook, for this one command; refresh() then runs `stack history` without it.
        this.nextArgs = ["--diff"];
        try {
            return await this.run("refresh", (hooks) => this.stack.refresh(hooks));
        } finally {
            this.nextArgs = [];
        }
    }

    /** `pulumi destroy --skip-preview`. */
    destroy(): Promise<OperationResult> {
        return this.run("destroy", (hooks) => this.stack.destroy(hooks));
    }

    private async run(name: string, operation: (hooks: Hooks) => Promise<unknown>): Promise<OperationResult> {
        const out = lineSplitter(this.options.onLine);
        const err = lineSplitter(this.options.onErrorLine);
        const result: OperationResult = { resources: {} };
        const onEvent = (event: EngineEvent) => {
            const step = event.resourcePreEvent?.metadata;
            if (step && step.type !== "pulumi:pulumi:Stack" && !step.type.startsWith("pulumi:providers:")) {
                result.resources[step.op] = (result.resources[step.op] ?? 0) + 1;
            }
        };
        const color = process.stdout.isTTY === true ? "always" : "never";
        try {
            // suppressProgress: without a terminal, the CLI prints a line of dots ("@ updating....") as it waits.
            await operation({ onOutput: out.write, onError: err.write, onEvent, color, suppressProgress: true });
            return result;
        } catch (error) {
            // The CLI's own account of the failure was streamed already; repeating it (the CommandError's message) adds nothing.
            // (The SDK reports every failed run with code -2; the CLI's exit code is on the process error, `err`.)
            const code = (error as { commandResult?: { err?: { exitCode?: number } } }).commandResult?.err?.exitCode;
            if (code === undefined) throw error; // the CLI did not run: nothing was streamed, the error says why
            throw new EngineOperationError(`pulumi ${name} failed (exit code ${code}): see its output above`);
        } finally {
            out.end();
            err.end();
        }
    }
}
