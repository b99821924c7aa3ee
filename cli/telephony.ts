#!/usr/bin/env node
import { resolve } from "node:path";
import { startSandbox } from "../sandbox/server";
import {
    addVariantArgument,
    VARIANT_KEYS,
    VARIANT_PROFILE_NAMES,
    VARIANT_VALUES,
    VariantError,
    type VariantSelection,
} from "../sandbox/variants";
import { agentCommand } from "./agent";
import { driftCommand } from "./drift";
import { parseOptions, UsageError, type CliContext, type Subcommand } from "./common";
import { exportCommand } from "./export";

const sandbox: Subcommand = {
    name: "sandbox",
    summary: "run the vendor emulator (NextBilling, Directcall, Erix) on loopback",
    usage: [
        "Usage: telephony sandbox [--port N] [--host HOST] [--state FILE] [--variant PROFILE|KEY=VALUE]...",
        "",
        "Runs the vendor emulator (NextBilling, Directcall, PBX Erix agent API) until Ctrl-C (SIGINT) or SIGTERM.",
        "Prints its base URL as the first line of stdout, then the environment to export.",
        "",
        "Options:",
        "  --port N       port to listen on; 0 (default) picks a free one",
        "  --host HOST    address to listen on (default 127.0.0.1)",
        "  --state FILE   keep state in this JSON file across restarts (default: in memory)",
        "  --variant V    how undocumented answers are shaped: a profile, or KEY=VALUE; repeatable, keys",
        "                 override the profile, at most one profile (see docs/emulator.md)",
        "  -h, --help     show this help",
        "",
        `Variant profiles: ${VARIANT_PROFILE_NAMES.join(", ")}`,
        "Variant keys (first value is the default):",
        ...VARIANT_KEYS.map((key) => `  ${key.padEnd(18)} ${VARIANT_VALUES[key].join(" | ")}`),
        "",
        "Admin API (no credentials): <url>/_admin/state, /_admin/reset, /_admin/faults, /_admin/requests, /_admin/variants",
    ].join("\n"),
    async run(args, context) {
        const values = parseOptions(args, {
            port: { type: "string" },
            host: { type: "string" },
            state: { type: "string" },
            variant: { type: "string", multiple: true },
            help: { type: "boolean", short: "h" },
        });
        if (values.help) {
            context.out(this.usage);
            return 0;
        }
        const port = parsePort(values.port);
        const host = values.host ?? "127.0.0.1";
        if (host.trim() === "") throw new UsageError("--host must not be empty");
        if (values.state?.trim() === "") throw new UsageError("--state must not be empty");
        const stateFile = values.state === undefined ? undefined : resolve(values.state);
        const variants = parseVariants(values.variant);

        const running = await startSandbox({ port, host, stateFile, variants });
        context.out(running.url);
        context.out(exportLine(running.url));
        context.err(
            `telephony sandbox: admin API at ${running.url}/_admin/; state ${stateFile ? `in ${stateFile}` : "in memory"}; Ctrl-C to stop`,
        );
        await context.untilStopped();
        await running.close();
        return 0;
    },
};

/** Add new subcommands here; dispatch, help and usage errors come for free. */
const SUBCOMMANDS: Subcommand[] = [sandbox, agentCommand, driftCommand, exportCommand];

function overview(): string {
    const width = Math.max(...SUBCOMMANDS.map((command) => command.name.length));
    return [
        "Usage: telephony <command> [options]",
        "",
        "Commands:",
        ...SUBCOMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
        "",
        "Run `telephony <command> --help` for a command's options.",
    ].join("\n");
}

/**
 * The demo credentials are public (they are the vendor's documentation example) but the sandbox
 * never prints a token or key, so the line fetches them from the package instead of showing them.
 */
function exportLine(url: string): string {
    const demo = (field: string) => `"$(node -p "require('pulumi-telephony/sandbox').DEMO_CREDENTIALS.${field}")"`;
    return `export NEXTBILLING_URL=${url} NEXTBILLING_TOKEN=${demo("token")} NEXTBILLING_KEY=${demo("key")}`;
}

/** `--variant` values, in order: parseArgs gives a list for a `multiple` option, which ParsedOptions types as a string. */
function parseVariants(given: unknown): VariantSelection {
    const argumentsGiven = given === undefined ? [] : Array.isArray(given) ? (given as string[]) : [String(given)];
    try {
        return argumentsGiven.reduce<VariantSelection>((selection, argument) => addVariantArgument(selection, argument), {});
    } catch (error) {
        if (error instanceof VariantError) throw new UsageError(`--variant: ${error.message}`);
        throw error;
    }
}

function parsePort(text: string | undefined): number {
    if (text === undefined) return 0;
    const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be an integer from 0 to 65535, got ${String(text)}`);
    return port;
}

export type { CliContext } from "./common";

export async function main(argv: string[], context: CliContext = processContext()): Promise<number> {
    const [name, ...args] = argv;
    if (name === "--help" || name === "-h" || name === "help") {
        context.out(overview());
        return 0;
    }
    const command = SUBCOMMANDS.find((candidate) => candidate.name === name);
    try {
        if (name === undefined) throw new UsageError("missing command");
        if (!command) throw new UsageError(`unknown command '${name}'`);
        return await command.run(args, context);
    } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        const prefix = command ? `telephony ${command.name}` : "telephony";
        context.err(`${prefix}: ${error.message} (see ${prefix} --help)`);
        return 2;
    }
}

function processContext(): CliContext {
    return {
        out: (line) => process.stdout.write(line + "\n"),
        err: (line) => process.stderr.write(line + "\n"),
        untilStopped: () =>
            new Promise<void>((resolveStopped) => {
                const stop = () => {
                    process.off("SIGINT", stop);
                    process.off("SIGTERM", stop);
                    resolveStopped();
                };
                process.on("SIGINT", stop);
                process.on("SIGTERM", stop);
            }),
    };
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`telephony: ${error instanceof Error ? error.message : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
