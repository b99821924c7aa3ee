/** Types of engine/resolve.js: where the Pulumi CLI for the engine tests comes from. */

export type EngineSource = "PULUMI_CLI" | "PATH" | "built";

export interface ResolvedEngine {
    /** Absolute path of the CLI binary. */
    pulumi: string;
    /**
     * For `PulumiCommand.get({ root })`: `<root>/bin/pulumi` is `pulumi` (.engine when built;
     * .engine/external, holding a hard link and the provider script, for PULUMI_CLI and PATH).
     */
    root: string;
    /** .engine/bin: holds pulumi-resource-pulumi-nodejs (and, when built, pulumi). */
    binDir: string;
    /** Folders to put first on PATH, in order: `<root>/bin`, then binDir when different. */
    path: string[];
    /** The version the CLI reports, without "v" (the pin, unless PULUMI_CLI/PATH says otherwise). */
    version: string;
    /** The version pinned in engine/go.mod. */
    pin: string;
    source: EngineSource;
}

export interface ResolveEngineOptions {
    /** Build .engine/bin/pulumi when missing or stale (default true); false fails instead. */
    build?: boolean;
    /** Progress lines (default console.error). */
    log?: (line: string) => void;
}

/**
 * Thrown when no CLI can be used or built (code "ENGINE_UNAVAILABLE": the message says what to
 * install or set) or when `go build` fails (code "ENGINE_BUILD_FAILED": the message ends with go's last output).
 */
export declare class EngineUnavailableError extends Error {
    readonly code: "ENGINE_UNAVAILABLE" | "ENGINE_BUILD_FAILED";
}

export declare function resolveEngine(options?: ResolveEngineOptions): Promise<ResolvedEngine>;

/** The Pulumi version pinned in engine/go.mod, without "v" (e.g. "3.248.0"). */
export declare function enginePin(): string;

export declare const paths: {
    readonly repo: string;
    readonly engineDir: string;
    readonly binDir: string;
    readonly builtCli: string;
    readonly stamp: string;
    readonly providerScript: string;
};
