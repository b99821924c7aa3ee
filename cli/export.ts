/**
 * `telephony export --out DIR`: reads what exists at NextBilling and Directcall and writes a Pulumi
 * TypeScript project declaring it, every record adopted by `importId`, so the first `pulumi up`
 * changes nothing. Secrets are never written or printed: the program reads them from the stack's
 * config, and the command prints the `pulumi config set` lines to run, with placeholders.
 * Exit codes: 0 written, 1 configuration or vendor error, 2 usage error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
    ConfigurationError,
    readDirectcallSettings,
    readNextBillingSettings,
    SETTINGS,
    type ConfigSource,
    type DirectcallSettings,
    type NextBillingSettings,
} from "../provider/config";
import { DirectcallClient } from "../provider/directcall/client";
import { generateProject, type GeneratedProject } from "../provider/export/program";
import { TelephonyError } from "../provider/http/errors";
import { INVENTORY_KINDS, readInventory, type InventoryKind, type Skipped } from "../provider/inventory";
import { writeFileAtomic } from "../provider/kit/files";
import { NextBillingClient } from "../provider/nextbilling/client";
import { RESOURCES } from "../provider/resources";
import { parseKinds, parseOptions, UsageError, type CliContext, type Subcommand } from "./common";
import { readStackConfig } from "./stackConfig";

const DEFAULT_PROJECT = "telephony-export";

const USAGE = [
    "Usage: telephony export --out DIR [--customer ID …] [--only KINDS]",
    "                        [--program DIR [--stack NAME]] [--project NAME]",
    "",
    "Reads the live NextBilling lines, time profiles, queues, IVRs, ring groups and DIDs and the Directcall",
    "callback registrations, and writes a Pulumi TypeScript project (Pulumi.yaml, package.json, tsconfig.json,",
    ".gitignore, index.ts) declaring each record with importId, each reference to another as that resource's",
    "output: the first `pulumi up` adopts everything and changes nothing. Files of those names in DIR are",
    "overwritten. Secrets are never written: the command prints the `pulumi config set` lines the program",
    "needs, with <value> placeholders.",
    "",
    "Options:",
    "  --out DIR          where to write the project (created if missing)",
    "  --customer ID      only this NextBilling customer (repeat, or give a comma list; default: every",
    "                     customer the token sees). Directcall registrations belong to no customer, so with",
    "                     --customer they are exported only when --only names callbacks",
    `  --only KINDS       comma list of ${INVENTORY_KINDS.join(", ")} (default: all; kinds`,
    "                     whose vendor is not configured are skipped, but a kind named here must be configured)",
    "  --program DIR      read the configuration from this program's stack config file (Pulumi.<stack>.yaml);",
    "                     encrypted values, and anything missing, come from the environment",
    "  --stack NAME       the stack of --program (default: $PULUMI_STACK, else its only stack file)",
    `  --project NAME     the generated project's name (default: ${DEFAULT_PROJECT})`,
    "  -h, --help         show this help",
    "",
    "Configuration (as the provider reads it): NEXTBILLING_URL, NEXTBILLING_TOKEN, NEXTBILLING_KEY;",
    "DIRECTCALL_URL, DIRECTCALL_CLIENT_ID, DIRECTCALL_CLIENT_SECRET; or the telephony:* stack config keys.",
    "",
    "Exit codes: 0 written, 1 configuration or vendor error (the message keeps the vendor's text), 2 usage error.",
].join("\n");

/** Where a progress bar can be drawn: a terminal's stderr. Without one, progress is plain lines. */
export interface ProgressTerminal {
    write(text: string): void;
    columns?: number;
}

export interface ExportCommandOptions {
    /** Environment variables (default: process.env). */
    env?: Record<string, string | undefined>;
    /** Draw a `\r`-updated bar here (default: process.stderr when it is a terminal). */
    terminal?: ProgressTerminal;
}

type Vendor = "NextBilling" | "Directcall";
const LISTABLE = RESOURCES.filter((entry) => entry.inventory);
const VENDOR_OF = Object.fromEntries(LISTABLE.map((entry) => [entry.inventory!.kind, entry.vendor as Vendor])) as Record<
    InventoryKind,
    Vendor
>;
const KIND_NAMES = Object.fromEntries(LISTABLE.map((entry) => [entry.inventory!.kind, entry.inventory!.nouns])) as Record<
    InventoryKind,
    [string, string]
>;
const ACCOUNT_WIDE = new Set(LISTABLE.filter((entry) => entry.inventory!.accountWide).map((entry) => entry.inventory!.kind));

export function createExportCommand(options: ExportCommandOptions = {}): Subcommand {
    return {
        name: "export",
        summary: "write a Pulumi program that adopts what exists at NextBilling and Directcall",
        usage: USAGE,
        run: (args, context) => run(args, context, options),
    };
}

export const exportCommand = createExportCommand();

interface Request {
    out: string;
    customers?: number[];
    only?: InventoryKind[];
    programDir?: string;
    stack?: string;
    projectName: string;
}

function parseRequest(args: string[]): Request | "help" {
    const values = parseOptions(args, {
        out: { type: "string" },
        customer: { type: "string", multiple: true },
        only: { type: "string" },
        program: { type: "string" },
        stack: { type: "string" },
        project: { type: "string" },
        help: { type: "boolean", short: "h" },
    });
    if (values.help) return "help";
    if (!values.out?.trim()) throw new UsageError("--out DIR is required");
    const customerTexts = (values.customer as unknown as string[] | undefined)?.flatMap((text) => text.split(","));
    const customers = customerTexts?.map((text) => {
        if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`--customer must be a NextBilling customer id (an integer), got "${text}"`);
        return Number(text);
    });
    const only = parseKinds(values.only);
    if (values.stack !== undefined && values.program === undefined)
        throw new UsageError("--stack needs --program DIR (the program whose stack it is)");
    const projectName = values.project ?? DEFAULT_PROJECT;
    // Pulumi's own rule for project names.
    if (!/^[A-Za-z0-9_.-]{1,100}$/.test(projectName)) {
        throw new UsageError(`--project must be letters, digits, "_", "." or "-" (at most 100), got "${projectName}"`);
    }
    return {
        out: path.resolve(values.out),
        customers: customers && [...new Set(customers)].sort((a, b) => a - b),
        only,
        programDir: values.program === undefined ? undefined : path.resolve(values.program),
        stack: values.stack,
        projectName,
    };
}

async function run(args: string[], context: CliContext, options: ExportCommandOptions): Promise<number> {
    const request = parseRequest(args);
    if (request === "help") {
        context.out(USAGE);
        return 0;
    }
    const env = options.env ?? process.env;
    const fail = (message: string) => {
        context.err(`telephony export: ${message}`);
        return 1;
    };

    // Which kinds to read, and with which settings.
    let source: ConfigSource;
    try {
        source = readStackConfig(request.programDir, request.stack);
    } catch (error) {
        if (error instanceof ConfigurationError) return fail(error.message);
        throw error;
    }
    const wanted = request.only ?? [...INVENTORY_KINDS];
    const skipped: Skipped[] = [];
    // Directcall's registrations are account-wide: a program per customer must not adopt them all.
    const kinds = wanted.filter((kind) => {
        if (!ACCOUNT_WIDE.has(kind) || !request.customers || request.only) return true;
        skipped.push({
            kind,
            reason: "Directcall registrations belong to no NextBilling customer; with --customer, add --only …,callbacks to export them too",
        });
        return false;
    });
    const needs = (vendor: Vendor) => kinds.some((kind) => VENDOR_OF[kind] === vendor);
    const configured = {
        NextBilling: needs("NextBilling")
            ? vendorSettings(
                  () => readNextBillingSettings(source, env),
                  [SETTINGS.nextbillingUrl, SETTINGS.nextbillingToken, SETTINGS.nextbillingKey],
                  source,
                  env,
              )
            : undefined,
        Directcall: needs("Directcall")
            ? vendorSettings(
                  () => readDirectcallSettings(source, env),
                  [SETTINGS.directcallUrl, SETTINGS.directcallClientId, SETTINGS.directcallClientSecret],
                  source,
                  env,
              )
            : undefined,
    };
    const settings: VendorSettings = {};
    if (configured.NextBilling && "settings" in configured.NextBilling) settings.NextBilling = configured.NextBilling.settings;
    if (configured.Directcall && "settings" in configured.Directcall) settings.Directcall = configured.Directcall.settings;
    const reading: InventoryKind[] = [];
    for (const kind of kinds) {
        const vendor = VENDOR_OF[kind];
        const outcome = configured[vendor];
        if (outcome instanceof ConfigurationError) {
            // Named on purpose, or configured only in part: a mistake to report, not a kind to skip.
            if (request.only || outcome.partly) return fail(`${kind} needs ${vendor}: ${outcome.message}`);
            skipped.push({ kind, reason: `no ${vendor} configuration (${outcome.message})` });
            continue;
        }
        reading.push(kind);
    }
    if (reading.length === 0) {
        // One line per reason: six NextBilling kinds share theirs.
        const byReason = new Map<string, string[]>();
        for (const item of skipped) byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), item.kind]);
        return fail(`nothing to export: ${[...byReason].map(([reason, kinds]) => `${kinds.join(", ")}: ${reason}`).join("; ")}`);
    }

    const progress = progressReporter(context, options.terminal ?? (process.stderr.isTTY ? process.stderr : undefined));
    let project: GeneratedProject;
    try {
        const inventory = await readInventory({
            clients: {
                NextBilling: settings.NextBilling && new NextBillingClient(settings.NextBilling),
                Directcall: settings.Directcall && new DirectcallClient(settings.Directcall),
            },
            customers: request.customers,
            only: reading,
            withNames: true,
            onProgress: progress.update,
        });
        progress.done();
        project = generateProject(
            { ...inventory, skipped: [...skipped, ...inventory.skipped] },
            { projectName: request.projectName, ...versions() },
        );
    } catch (error) {
        progress.done();
        if (error instanceof TelephonyError || error instanceof ConfigurationError) return fail(error.message);
        throw error;
    }

    try {
        fs.mkdirSync(request.out, { recursive: true });
        for (const [name, content] of Object.entries(project.files)) writeFileAtomic(path.join(request.out, name), content);
    } catch (error) {
        return fail(`cannot write ${request.out}: ${(error as Error).message}`);
    }
    for (const line of summary(project, request, reading)) context.out(line);
    for (const line of nextSteps(project, request, settings)) context.out(line);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Configuration

type VendorSettings = { NextBilling?: NextBillingSettings; Directcall?: DirectcallSettings };

/**
 * A vendor's settings, or why there are none. `partly` marks a vendor configured in part (some of
 * its keys set), which is an error even when not asked for by name: it is a typo, not a choice.
 */
function vendorSettings<T>(
    read: () => T,
    keys: { key: string; env: string }[],
    source: ConfigSource,
    env: Record<string, string | undefined>,
): { settings: T } | (ConfigurationError & { partly: boolean }) {
    try {
        return { settings: read() };
    } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        const given = (setting: { key: string; env: string }) => source.get(setting.key) !== undefined || Boolean(env[setting.env]);
        return Object.assign(error, { partly: keys.some(given) });
    }
}

/** What the program needs in its stack config: values that are not secret in clear, secrets as placeholders. */
function configCommands(settings: VendorSettings): string[] {
    const lines: string[] = [];
    const set = (key: string, value: string) => lines.push(`pulumi config set ${key} ${shellWord(value)}`);
    const setSecret = (key: string) => lines.push(`pulumi config set --secret ${key} <value>`);
    if (settings.NextBilling) {
        set(SETTINGS.nextbillingUrl.key, settings.NextBilling.url);
        setSecret(SETTINGS.nextbillingToken.key);
        setSecret(SETTINGS.nextbillingKey.key);
        if (settings.NextBilling.tls.insecure) set(SETTINGS.nextbillingInsecureTls.key, "true");
        if (settings.NextBilling.tls.ca)
            lines.push(`pulumi config set ${SETTINGS.nextbillingCaCert.key} <PEM text, or the path of a PEM file>`);
    }
    if (settings.Directcall) {
        set(SETTINGS.directcallUrl.key, settings.Directcall.url);
        set(SETTINGS.directcallClientId.key, settings.Directcall.clientId);
        setSecret(SETTINGS.directcallClientSecret.key);
    }
    return lines;
}

/** Quotes a value for a POSIX shell only when it needs it. */
function shellWord(value: string): string {
    return /^[A-Za-z0-9@%+=:,./_-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

// ---------------------------------------------------------------------------------------------
// Output

function progressReporter(context: CliContext, terminal: ProgressTerminal | undefined) {
    const width = 24;
    let drawn = false;
    return {
        update(step: string, done: number, total: number) {
            if (!terminal) {
                context.err(`telephony export: read ${step} (${done}/${total})`);
                return;
            }
            const filled = Math.round((width * done) / Math.max(total, 1));
            const line = `telephony export [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${step}`;
            // \r and erase-line: redraw in place rather than scroll one line per step.
            terminal.write(`\r\x1b[K${line.slice(0, Math.max((terminal.columns ?? 80) - 1, 20))}`);
            drawn = true;
        },
        done() {
            if (terminal && drawn) terminal.write("\n");
            drawn = false;
        },
    };
}

function count(kind: InventoryKind, n: number): string {
    return `${n} ${KIND_NAMES[kind][n === 1 ? 0 : 1]}`;
}

function summary(project: GeneratedProject, request: Request, reading: InventoryKind[]): string[] {
    const lines = [`Wrote ${Object.keys(project.files).join(", ")} to ${request.out}`];
    const groups = new Map<string, Map<InventoryKind, number>>();
    for (const resource of project.resources) {
        const group = resource.customerId === undefined ? "Directcall account" : `customer ${resource.customerId}`;
        const counts = groups.get(group) ?? new Map<InventoryKind, number>();
        counts.set(resource.kind, (counts.get(resource.kind) ?? 0) + 1);
        groups.set(group, counts);
    }
    const totals = reading.map((kind) => count(kind, project.resources.filter((resource) => resource.kind === kind).length));
    lines.push(`Exported ${totals.join(", ")}${groups.size > 0 ? ":" : ""}`);
    for (const [group, counts] of groups) {
        lines.push(`  ${group}: ${[...counts].map(([kind, n]) => count(kind, n)).join(", ")}`);
    }
    if (project.skipped.length > 0) {
        lines.push(`Skipped ${project.skipped.length}:`);
        for (const item of project.skipped) {
            const what =
                item.id === undefined
                    ? KIND_NAMES[item.kind][1]
                    : `${KIND_NAMES[item.kind][0]} ${item.id}${item.label ? ` (${item.label})` : ""}`;
            lines.push(`  ${what}: ${item.reason}`);
        }
    }
    return lines;
}

function nextSteps(project: GeneratedProject, request: Request, settings: VendorSettings): string[] {
    const lines = [
        "",
        `Next, in ${request.out} (replace each <value> with the real secret; this command never prints secrets):`,
        "  npm install",
        "  pulumi stack init <stack>",
        ...configCommands(settings).map((line) => `  ${line}`),
    ];
    for (const secret of project.secrets) {
        lines.push(`  # ${secret.description}`, `  pulumi config set --secret ${secret.key} <value>`);
    }
    lines.push("  pulumi preview   # every resource a create that adopts its record (importId)", "  pulumi up");
    return lines;
}

/** This package's version and the ranges it was built with, so the generated project resolves the same SDK. */
function versions() {
    let dir = __dirname;
    for (;;) {
        const file = path.join(dir, "package.json");
        if (fs.existsSync(file)) {
            const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
            if (manifest.name === "pulumi-telephony") {
                return {
                    packageVersion: String(manifest.version),
                    pulumiVersion: String(manifest.dependencies["@pulumi/pulumi"]),
                    typescriptVersion: String(manifest.devDependencies?.typescript ?? "~5.9.3"),
                    nodeTypesVersion: String(manifest.devDependencies?.["@types/node"] ?? "^20"),
                };
            }
        }
        const parent = path.dirname(dir);
        if (parent === dir) throw new Error("cannot find the package.json of pulumi-telephony");
        dir = parent;
    }
}
