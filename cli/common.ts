/** What every `telephony` subcommand shares: its shape, its context, usage errors and option parsing. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { INVENTORY_KINDS, type InventoryKind } from "../provider/inventory";

/** Where a command writes, and what ends a long-running one; tests substitute their own. */
export interface CliContext {
    out(line: string): void;
    err(line: string): void;
    /** Resolves when a long-running command should stop (by default on SIGINT or SIGTERM). */
    untilStopped(): Promise<void>;
}

/** A mistake in how the command was called: one line on stderr, exit code 2. */
export class UsageError extends Error {}

export interface Subcommand {
    name: string;
    summary: string;
    /** Full `--help` text. */
    usage: string;
    /** Resolves to the exit code. Throws UsageError for bad arguments. */
    run(args: string[], context: CliContext): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

export type ParsedOptions<T extends Options> = { [K in keyof T]?: T[K]["type"] extends "boolean" ? boolean : string };

/** parseArgs in strict mode, its errors turned into one-line usage errors. */
export function parseOptions<T extends Options>(args: string[], options: T): ParsedOptions<T> {
    try {
        return parseArgs({ args, options, strict: true, allowPositionals: false }).values as ParsedOptions<T>;
    } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) throw new UsageError((error as Error).message.split("\n")[0]!);
        throw error;
    }
}

/** `--only lines,queues`: kinds of the registry's inventory (provider/resources.ts), in registry order; a kind it lacks is a usage error. */
export function parseKinds(text: string | undefined): InventoryKind[] | undefined {
    if (text === undefined) return undefined;
    const named = text.split(",").map((part) => {
        const kind = part.trim().toLowerCase();
        if (!(INVENTORY_KINDS as readonly string[]).includes(kind)) {
            throw new UsageError(`--only takes ${INVENTORY_KINDS.join(", ")} (comma-separated), got "${part}"`);
        }
        return kind as InventoryKind;
    });
    return INVENTORY_KINDS.filter((kind) => named.includes(kind));
}
