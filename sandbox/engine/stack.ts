import * as path from "node:path";
import { deepEqual, displayValue, fieldDiffs } from "./diff";
import { ProviderCallError, ProviderHost, resolvePulumiDir } from "./host";
import { runProgram, type Registration, type RegistrationReply } from "./program";
import { SecretCipher, containsSecret, unwrapSecrets, wrapSecret } from "./secrets";
import { decryptState, emptyState, encryptState, readStateFile, writeStateFile } from "./state";
import type { CheckFailure, FieldDiff, OperationResult, ResourceState, StackOptions, StackState, StepOp, StepResult } from "./types";

/** Used only when neither `passphrase` nor PULUMI_CONFIG_PASSPHRASE is given: fine for demos, not for real secrets. */
export const DEMO_PASSPHRASE = "pulumi-telephony-demo";

/** Thrown by an operation that failed; `result` holds the steps done so far, the failures and the error. */
export class StackOperationError extends Error {
    constructor(readonly result: OperationResult) {
        super(result.error);
        this.name = "StackOperationError";
    }
}

type Bag = Record<string, unknown>;

/** Outputs as the program sees them: secret keys wrapped again, since the host returns everything in clear. */
function toWireOutputs(outputs: Bag, secretKeys: string[]): Bag {
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, secretKeys.includes(k) ? wrapSecret(v) : v]));
}

/** Stack outputs for display: any output holding a secret is masked whole. */
function displayOutputs(wireOutputs: Bag): Bag {
    return Object.fromEntries(Object.entries(wireOutputs).map(([k, v]) => [k, displayValue(v, containsSecret(v))]));
}

/**
 * Deletion order: a resource goes before everything it depends on (dependencies and parent); among
 * independent resources, the later in state goes first, as the engine deletes in reverse of its snapshot order.
 */
export function reverseDependencyOrder(resources: ResourceState[]): ResourceState[] {
    const remaining = [...resources];
    const order: ResourceState[] = [];
    while (remaining.length > 0) {
        const dependsOn = (r: ResourceState, urn: string) => r.dependencies.includes(urn) || r.parent === urn;
        let pick = -1;
        for (let i = remaining.length - 1; i >= 0; i--) {
            const candidate = remaining[i];
            if (!remaining.some((other) => other !== candidate && dependsOn(other, candidate.urn))) {
                pick = i;
                break;
            }
        }
        // A cycle (only possible through guessed id references) must not stall deletion.
        if (pick < 0) pick = remaining.length - 1;
        order.push(...remaining.splice(pick, 1));
    }
    return order;
}

class CheckFailedError extends Error {}

/** What one operation accumulates: steps, failures, the first error. */
class Operation {
    readonly steps: StepResult[] = [];
    readonly failures: CheckFailure[] = [];
    error?: string;
    readonly startedAt = Date.now();

    constructor(readonly kind: OperationResult["kind"]) {}

    step(resource: { urn: string; type: string; name: string }, op: StepOp, startedAt: number, extra: Partial<StepResult> = {}) {
        const step: StepResult = {
            urn: resource.urn,
            type: resource.type,
            name: resource.name,
            op,
            diffs: [],
            ...extra,
            durationMs: Date.now() - startedAt,
        };
        this.steps.push(step);
        return step;
    }

    /** Records a failed provider call or check on a resource; the first failure becomes the operation's error. */
    fail(resource: { urn: string; type: string; name: string }, op: StepOp, startedAt: number, error: unknown): string {
        const message = describeError(resource.urn, error);
        this.step(resource, op, startedAt, { error: error instanceof ProviderCallError ? error.details : message });
        this.error ??= message;
        return message;
    }
}

function describeError(urn: string, error: unknown): string {
    if (error instanceof ProviderCallError) return `${urn}: ${error.method} failed: ${error.details}`;
    return `${urn}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Engine stand-in for one stack: runs the program under mocks in a child process and forwards every custom
 * resource to the real dynamic-provider host, with the engine's step semantics (see README.md next to this file).
 */
export class Stack {
    private readonly options: StackOptions;
    private readonly passphrase: string;

    constructor(options: StackOptions) {
        this.options = { ...options, projectDir: path.resolve(options.projectDir), stateFile: path.resolve(options.stateFile) };
        this.passphrase = options.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? DEMO_PASSPHRASE;
    }

    /** Runs the program and Check/Diff only: no Create, Update or Delete, and nothing persisted. */
    preview(opts: { refresh?: boolean } = {}): Promise<OperationResult> {
        return this.deploy("preview", opts.refresh ?? false);
    }

    /** Applies the program (like `pulumi up --skip-preview`), refreshing first when asked. */
    up(opts: { refresh?: boolean } = {}): Promise<OperationResult> {
        return this.deploy("up", opts.refresh ?? false);
    }

    /** Reads every resource from the provider and persists what it returns (outputs, and inputs when given). */
    async refresh(): Promise<OperationResult> {
        const operation = new Operation("refresh");
        const { state, cipher } = this.load();
        let host: ProviderHost | undefined;
        try {
            host = await this.startHost();
            const refreshed = await this.refreshResources(operation, host, state);
            this.save(refreshed, cipher);
        } catch (error) {
            operation.error ??= String(error instanceof Error ? error.message : error);
        } finally {
            await host?.stop();
        }
        return this.finish(operation, host, "");
    }

    /** Deletes every resource, dependents first. */
    async destroy(): Promise<OperationResult> {
        const operation = new Operation("destroy");
        const { state, cipher } = this.load();
        let host: ProviderHost | undefined;
        try {
            host = await this.startHost();
            await this.deleteResources(operation, host, state, reverseDependencyOrder(state.resources), false);
            if (!operation.error) state.outputs = {};
        } catch (error) {
            operation.error ??= String(error instanceof Error ? error.message : error);
        } finally {
            this.save(state, cipher);
            await host?.stop();
        }
        return this.finish(operation, host, "");
    }

    /** The state file as stored (secrets encrypted); an empty state if there is none yet. */
    state(): StackState {
        return readStateFile(this.options.stateFile) ?? emptyState(this.options.project, this.options.stack);
    }

    /** Stack outputs of the last `up`, secrets decrypted. */
    outputs(): Record<string, unknown> {
        const stored = readStateFile(this.options.stateFile);
        if (!stored) return {};
        const cipher = new SecretCipher(this.passphrase, stored.secretsProvider.salt);
        return unwrapSecrets(cipher.decryptToWrappers(stored.outputs)) as Record<string, unknown>;
    }

    private load(): { state: StackState; cipher: SecretCipher } {
        const { stateFile, project, stack } = this.options;
        let stored = readStateFile(stateFile);
        if (!stored) {
            stored = emptyState(project, stack);
            writeStateFile(stateFile, stored);
        }
        if (stored.project !== project || stored.stack !== stack) {
            throw new Error(`${stateFile} belongs to ${stored.project}/${stored.stack}, not ${project}/${stack}`);
        }
        const cipher = new SecretCipher(this.passphrase, stored.secretsProvider.salt);
        return { state: decryptState(stored, cipher), cipher };
    }

    private save(state: StackState, cipher: SecretCipher): void {
        writeStateFile(this.options.stateFile, encryptState(state, cipher));
    }

    private allConfig(): Record<string, string> {
        return { ...this.options.config, ...this.options.secretConfig };
    }

    private baseEnv(): NodeJS.ProcessEnv {
        const env: NodeJS.ProcessEnv = { ...process.env, ...this.options.env };
        // Whatever config the caller's own environment carries must not leak into this stack.
        delete env.PULUMI_CONFIG;
        delete env.PULUMI_CONFIG_SECRET_KEYS;
        return env;
    }

    private async startHost(): Promise<ProviderHost> {
        const host = await ProviderHost.start({
            pulumiDir: resolvePulumiDir(this.options.projectDir),
            projectDir: this.options.projectDir,
            // Like the engine, the provider gets project and stack names but no PULUMI_CONFIG: config arrives via Configure.
            env: { ...this.baseEnv(), PULUMI_NODEJS_PROJECT: this.options.project, PULUMI_NODEJS_STACK: this.options.stack },
        });
        try {
            await host.configure(this.allConfig());
        } catch (error) {
            await host.stop();
            throw new Error(`Configure failed: ${error instanceof Error ? error.message : String(error)}`);
        }
        return host;
    }

    /** Secret config values never reach printed text, whatever a provider or program chose to log. */
    private redact(text: string): string {
        let redacted = text;
        for (const value of Object.values(this.options.secretConfig ?? {})) {
            if (value.length >= 3) redacted = redacted.split(value).join("[secret]");
        }
        return redacted;
    }

    private finish(operation: Operation, host: ProviderHost | undefined, programOutput: string, outputs?: Bag): OperationResult {
        const counts: Record<string, number> = {};
        for (const step of operation.steps) {
            counts[step.op] = (counts[step.op] ?? 0) + 1;
            if (step.error) step.error = this.redact(step.error);
        }
        const result: OperationResult = {
            kind: operation.kind,
            steps: operation.steps,
            counts,
            durationMs: Date.now() - operation.startedAt,
            logs: { program: this.redact(programOutput), provider: this.redact(host?.log ?? "") },
        };
        if (outputs) result.outputs = outputs;
        if (operation.failures.length > 0) result.failures = operation.failures;
        if (operation.error) {
            result.error = this.redact(operation.error);
            throw new StackOperationError(result);
        }
        return result;
    }

    private async refreshResources(operation: Operation, host: ProviderHost, state: StackState): Promise<StackState> {
        const kept: ResourceState[] = [];
        for (const [index, resource] of state.resources.entries()) {
            const startedAt = Date.now();
            try {
                const read = await host.read(resource.urn, resource.id, resource.outputs, resource.inputs);
                if (!read.id) {
                    operation.step(resource, "read-gone", startedAt);
                    continue;
                }
                const drift = fieldDiffs(resource.outputs, read.outputs, resource.secretKeys);
                kept.push({ ...resource, id: read.id, outputs: read.outputs, inputs: read.inputs ?? resource.inputs });
                operation.step(resource, drift.length > 0 || read.id !== resource.id ? "refresh" : "same", startedAt, { diffs: drift });
            } catch (error) {
                operation.fail(resource, "refresh", startedAt, error);
                kept.push(...state.resources.slice(index));
                break;
            }
        }
        return { ...state, resources: kept };
    }

    /** Deletes in the given order, stopping at the first failure; removes what was deleted from `state`. */
    private async deleteResources(
        operation: Operation,
        host: ProviderHost,
        state: StackState,
        order: ResourceState[],
        preview: boolean,
    ): Promise<void> {
        for (const resource of order) {
            const startedAt = Date.now();
            const op: StepOp = resource.pendingDelete ? "delete-replaced" : "delete";
            if (!preview) {
                try {
                    await host.delete(resource.urn, resource.id, resource.outputs, resource.inputs);
                } catch (error) {
                    operation.fail(resource, op, startedAt, error);
                    return;
                }
                state.resources = state.resources.filter((r) => r !== resource);
            }
            operation.step(resource, op, startedAt);
        }
    }

    private async deploy(kind: "preview" | "up", refreshFirst: boolean): Promise<OperationResult> {
        const preview = kind === "preview";
        const operation = new Operation(kind);
        const { state, cipher } = this.load();
        let host: ProviderHost | undefined;
        let current = state;

        // Host start-up (and the refresh) overlap with the program's start-up; registrations wait for `ready`.
        const ready = (async () => {
            host = await this.startHost();
            if (refreshFirst) {
                current = await this.refreshResources(operation, host, current);
                if (operation.error) throw new Error(operation.error);
                if (!preview) this.save(current, cipher);
            }
            return host;
        })();
        ready.catch(() => undefined);

        const deployment = new Deployment(operation, ready, () => current, preview);
        const program = runProgram({
            projectDir: this.options.projectDir,
            program: this.options.program,
            project: this.options.project,
            stack: this.options.stack,
            preview,
            env: {
                ...this.baseEnv(),
                PULUMI_CONFIG: JSON.stringify(this.allConfig()),
                PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(Object.keys(this.options.secretConfig ?? {})),
            },
            onRegister: (registration) => deployment.register(registration),
        });

        let outputs: Bag | undefined;
        try {
            const end = await program.done;
            await deployment.settled();
            try {
                await ready;
            } catch (error) {
                operation.error ??= error instanceof Error ? error.message : String(error);
            }
            if (end.error && !operation.error) operation.error = `the program failed: ${end.error}`;
            const finalState = deployment.finalState();
            if (!operation.error && host) {
                // Replaced resources and those the program no longer declares go last, dependents first.
                const doomed = finalState.resources.filter((r) => r.pendingDelete || !deployment.registered(r.urn));
                await this.deleteResources(operation, host, finalState, reverseDependencyOrder(doomed), preview);
                finalState.outputs = end.outputs ?? {};
                outputs = displayOutputs(finalState.outputs);
            }
            if (!preview) this.save(finalState, cipher);
        } finally {
            await (host as ProviderHost | undefined)?.stop();
        }
        return this.finish(operation, host, program.output(), outputs);
    }
}

/** Turns the program's registrations into provider calls, one at a time in arrival order (like `--parallel 1`). */
class Deployment {
    private queue: Promise<unknown> = Promise.resolve();
    private readonly live: ResourceState[] = [];
    private readonly seen = new Set<string>();
    /** Old halves of create-before-delete replacements, deleted after the program completes. */
    private readonly replaced: ResourceState[] = [];
    private readonly deletedBeforeReplace = new Set<ResourceState>();

    constructor(
        private readonly operation: Operation,
        private readonly ready: Promise<ProviderHost>,
        private readonly priorState: () => StackState,
        private readonly preview: boolean,
    ) {}

    register(registration: Registration): Promise<RegistrationReply> {
        const reply = this.queue.then(() => this.process(registration));
        this.queue = reply.catch(() => undefined);
        return reply;
    }

    settled(): Promise<unknown> {
        return this.queue;
    }

    registered(urn: string): boolean {
        return this.seen.has(urn);
    }

    /** Resources in registration order, then what the program did not touch (kept, or awaiting deletion). */
    finalState(): StackState {
        const prior = this.priorState();
        const untouched = prior.resources.filter(
            (r) => !this.deletedBeforeReplace.has(r) && (r.pendingDelete || !this.seen.has(r.urn) || this.replaced.includes(r)),
        );
        const pending = untouched.map((r) => (this.replaced.includes(r) ? { ...r, pendingDelete: true } : r));
        return { ...prior, resources: [...this.live, ...pending] };
    }

    private async process(registration: Registration): Promise<RegistrationReply> {
        const host = await this.ready.catch((error: unknown) => {
            throw new Error(`the provider host is not available: ${error instanceof Error ? error.message : String(error)}`);
        });
        const { urn, type, name } = registration;
        if (this.operation.error) return { error: `${urn}: skipped because an earlier step failed` };
        if (this.seen.has(urn)) {
            this.operation.error ??= `${urn}: duplicate resource URN`;
            return { error: this.operation.error };
        }
        this.seen.add(urn);

        const startedAt = Date.now();
        const secretKeys = [
            ...new Set([
                ...Object.keys(registration.inputs).filter((k) => containsSecret(registration.inputs[k])),
                ...registration.additionalSecretOutputs,
            ]),
        ];
        const news = unwrapSecrets(registration.inputs) as Bag;
        const old = this.priorState().resources.find((r) => r.urn === urn && !r.pendingDelete);
        const base = {
            urn,
            type,
            name,
            secretKeys: secretKeys.length > 0 ? secretKeys : undefined,
            dependencies: this.dependencies(registration, news),
            parent: registration.parent,
        };
        let step: StepOp = "create";
        try {
            const checked = await host.check(urn, old?.inputs ?? {}, news);
            if (checked.failures.length > 0) {
                this.operation.failures.push(...checked.failures.map((f) => ({ urn, ...f })));
                const reasons = checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ");
                throw new CheckFailedError(`check failed: ${reasons}`);
            }
            const inputs = checked.inputs;
            const allSecretKeys = [...new Set([...secretKeys, ...(old?.secretKeys ?? [])])];
            let record: ResourceState;
            if (!old) {
                record = await this.create(host, { ...base, id: "", inputs, outputs: {} });
                this.operation.step(record, "create", startedAt, { diffs: fieldDiffs({}, inputs, secretKeys) });
            } else {
                const diff = await host.diff(urn, old.id, old.outputs, inputs, old.inputs);
                const changed = diff.changes === "some" || (diff.changes === "unknown" && !deepEqual(old.inputs, inputs));
                const diffs: FieldDiff[] = fieldDiffs(old.inputs, inputs, allSecretKeys);
                if (diff.changes !== "none" && diff.replaces.length > 0) {
                    step = "replace";
                    const deleteBeforeReplace = diff.deleteBeforeReplace || registration.deleteBeforeReplace;
                    if (deleteBeforeReplace) {
                        if (!this.preview) await host.delete(urn, old.id, old.outputs, old.inputs);
                        this.deletedBeforeReplace.add(old);
                    }
                    record = await this.create(host, { ...base, id: "", inputs, outputs: {} });
                    if (!deleteBeforeReplace) this.replaced.push(old);
                    this.operation.step(record, "replace", startedAt, { diffs, replaceKeys: diff.replaces, deleteBeforeReplace });
                } else if (changed) {
                    step = "update";
                    const outputs = this.preview ? inputs : await host.update(urn, old.id, old.outputs, inputs, old.inputs);
                    record = { ...base, id: old.id, inputs, outputs };
                    this.operation.step(record, "update", startedAt, { diffs });
                } else {
                    step = "same";
                    record = { ...base, id: old.id, inputs, outputs: old.outputs };
                    this.operation.step(record, "same", startedAt);
                }
            }
            this.live.push(record);
            const id = this.preview && step !== "update" && step !== "same" ? undefined : record.id;
            return { id, state: toWireOutputs(record.outputs, record.secretKeys ?? []) };
        } catch (error) {
            // A failed step leaves the prior resource in state, as the engine's snapshot does.
            if (old && !this.deletedBeforeReplace.has(old)) this.seen.delete(urn);
            const message = this.operation.fail(registration, step, startedAt, error);
            return { error: message };
        }
    }

    /** In preview nothing is created: the checked inputs stand in for outputs and the id stays unknown. */
    private async create(host: ProviderHost, record: ResourceState): Promise<ResourceState> {
        if (this.preview) return { ...record, outputs: record.inputs };
        const created = await host.create(record.urn, record.inputs);
        return { ...record, id: created.id, outputs: created.outputs };
    }

    /**
     * The SDK's own dependency list (from Outputs used as inputs and `dependsOn`), plus any resource registered
     * earlier whose id appears verbatim among the inputs (a plain value copied from another resource's output).
     */
    private dependencies(registration: Registration, news: Bag): string[] {
        const strings = new Set<string>();
        const collect = (value: unknown): void => {
            if (typeof value === "string") strings.add(value);
            else if (Array.isArray(value)) value.forEach(collect);
            else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
        };
        const { __provider: _provider, ...userInputs } = news;
        collect(userInputs);
        const byReference = this.live.filter((r) => r.id !== "" && strings.has(r.id)).map((r) => r.urn);
        return [...new Set([...registration.dependencies, ...byReference])].filter((u) => u !== registration.urn);
    }
}
