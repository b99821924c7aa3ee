export interface StackOptions {
    /** Pulumi project directory: cwd of the program and of the provider host; `require` resolves from here. */
    projectDir: string;
    /** Program entry: a .js file, or a .ts file (run with ts-node in transpile-only mode). */
    program: string;
    project: string;
    stack: string;
    /** JSON state file, created on the first operation if missing. */
    stateFile: string;
    /** Fully-qualified keys, e.g. "telephony:nextbillingUrl". */
    config?: Record<string, string>;
    /** Same, but secret: never written to the state file, never printed. */
    secretConfig?: Record<string, string>;
    /** Extra environment for the program and provider host processes. */
    env?: Record<string, string>;
    /** Encrypts secret values in the state. Default: PULUMI_CONFIG_PASSPHRASE, else a fixed demo passphrase. */
    passphrase?: string;
}

export type StepOp = "create" | "update" | "replace" | "delete-replaced" | "delete" | "same" | "refresh" | "read-gone";

export interface FieldDiff {
    field: string;
    old?: unknown;
    new?: unknown;
}

export interface StepResult {
    urn: string;
    type: string;
    name: string;
    op: StepOp;
    /** Secret values appear as "[secret]", values unknown during preview as "[unknown]". */
    diffs: FieldDiff[];
    replaceKeys?: string[];
    /** Replacement deleted the old resource before creating the new one. */
    deleteBeforeReplace?: boolean;
    error?: string;
    durationMs: number;
}

export interface CheckFailure {
    urn: string;
    property: string;
    reason: string;
}

export interface OperationResult {
    kind: "preview" | "up" | "refresh" | "destroy";
    steps: StepResult[];
    /** Steps per op; "same" included. */
    counts: Record<string, number>;
    /** Stack outputs (preview/up); secret outputs appear as "[secret]". */
    outputs?: Record<string, unknown>;
    failures?: CheckFailure[];
    error?: string;
    durationMs: number;
    /** Output of the program and stderr of the provider host; secret config values are redacted. */
    logs: { program: string; provider: string };
}

/** A resource as the stand-in holds it in memory: values in clear, secretness by top-level key. */
export interface ResourceState {
    urn: string;
    type: string;
    name: string;
    id: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    /** Top-level keys whose input (and output) values are secret. */
    secretKeys?: string[];
    /** URNs this resource depends on; it is deleted before any of them. */
    dependencies: string[];
    parent?: string;
    /** Old half of a create-before-delete replacement whose deletion has not happened yet. */
    pendingDelete?: boolean;
}

/** The state file. Values under `secretKeys` are stored encrypted. */
export interface StackState {
    version: 1;
    project: string;
    stack: string;
    secretsProvider: { type: "passphrase"; salt: string };
    resources: ResourceState[];
    outputs: Record<string, unknown>;
}
