/**
 * `telephony drift --program DIR`: what a Pulumi program declares against what the platforms hold.
 * Runs the program under the SDK's mocks (programResources.ts) to learn its resources, normalises
 * each through its provider's own `check`, reads the live records (`readInventory`) and reports
 * in sync, changed, missing and unmanaged records. Exit codes: 0 in sync, 2 drift, 1 error, so
 * a pipeline can gate on it (usage errors are 1 here too: a typo must not read as drift).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as yaml from "js-yaml";
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigurationError, type ConfigSource } from "../provider/config";
import {
    compareWithInventory,
    driftExitCode,
    driftResourceOf,
    SECRET_MASK,
    type Declaration,
    type DriftReport,
    type FieldDrift,
} from "../provider/drift";
import { INVENTORY_KINDS, readInventory, type InventoryKind } from "../provider/inventory";
import { resourceNamed, RESOURCES } from "../provider/resources";
import { directcallClient, nextBillingClient } from "../provider/runtime";
import { parseKinds, parseOptions, UsageError, type Subcommand } from "./common";
import { programResources, type ProgramResource } from "./programResources";
import { readStackConfig } from "./stackConfig";

export const DRIFT_FORMATS = ["text", "markdown", "json"] as const;
export type DriftFormat = (typeof DRIFT_FORMATS)[number];

const USAGE = [
    "Usage: telephony drift --program DIR [--stack NAME] [--format text|markdown|json] [--customers 9,13] [--only KINDS]",
    "",
    "Compares what a Pulumi program declares with what NextBilling and Directcall hold, and reports",
    "per resource: in sync, changed (field, declared, live), missing on the platform, and unmanaged records",
    "(on the platform, not declared). Erix agent sessions are listed as not checkable (Erix has no status query).",
    "",
    "The program runs under mocks (nothing is created); it is never deployed. Configuration is read as the",
    "provider reads it: the program's Pulumi.<stack>.yaml, then environment variables (NEXTBILLING_URL, …).",
    "Encrypted (secure:) values need the engine to decrypt: give them as environment variables, or for the",
    'program\'s own keys in PULUMI_CONFIG (JSON, e.g. {"myproject:trunkPassword":"…"}).',
    "",
    "Options:",
    "  --program DIR      the Pulumi program: its directory (Pulumi.yaml, index.js/index.ts) or its main file",
    "  --stack NAME       which Pulumi.<NAME>.yaml to read (default: $PULUMI_STACK, else the only one)",
    "  --format FORMAT    text (default), markdown (a pull-request comment) or json",
    "  --customers LIST   only these NextBilling customers' records, comma-separated (default: every one the token sees);",
    "                     declarations of other customers are not checkable, not missing; Directcall is not narrowed",
    `  --only KINDS       only these kinds, comma-separated: ${INVENTORY_KINDS.join(", ")} (default: every kind;`,
    "                     a program that manages only some kinds shows the others' records as unmanaged without it)",
    "  -h, --help         show this help",
    "",
    "Exit codes: 0 in sync, 2 drift found (changed, missing or unmanaged), 1 error (bad usage, configuration,",
    "a vendor unreachable, the program failing).",
].join("\n");

export const driftCommand: Subcommand = {
    name: "drift",
    summary: "compare a Pulumi program with the live platforms; exit 2 on drift",
    usage: USAGE,
    async run(args, context) {
        try {
            const values = parseOptions(args, {
                program: { type: "string" },
                stack: { type: "string" },
                format: { type: "string" },
                customers: { type: "string" },
                only: { type: "string" },
                help: { type: "boolean", short: "h" },
            });
            if (values.help) {
                context.out(USAGE);
                return 0;
            }
            if (values.program === undefined || values.program.trim() === "") throw new UsageError("--program is required");
            const format = (values.format ?? "text") as DriftFormat;
            if (!DRIFT_FORMATS.includes(format)) throw new UsageError(`--format must be text, markdown or json, got "${values.format}"`);
            if (values.stack?.trim() === "") throw new UsageError("--stack must not be empty");
            const customers = parseCustomers(values.customers);

            const only = parseKinds(values.only);
            const { report, program } = await detectDrift({ program: values.program, stack: values.stack, customers, only });
            for (const line of renderReport(report, format, program).split("\n")) context.out(line);
            return driftExitCode(report);
        } catch (error) {
            if (error instanceof UsageError) {
                context.err(`telephony drift: ${error.message} (see telephony drift --help)`);
            } else {
                context.err(`telephony drift: ${error instanceof Error ? error.message : String(error)}`);
            }
            return 1;
        }
    },
};

function parseCustomers(text: string | undefined): number[] | undefined {
    if (text === undefined) return undefined;
    const ids = text.split(",").map((part) => part.trim());
    if (ids.some((id) => !/^\d+$/.test(id))) {
        throw new UsageError(`--customers must be NextBilling customer ids separated by commas, e.g. 9,13; got "${text}"`);
    }
    return ids.map(Number);
}

// ---------------------------------------------------------------------------------------------
// The program, its configuration and its declarations

export interface ProgramLocation {
    projectDir: string;
    /** The main file, relative to projectDir. */
    main: string;
    project: string;
    stack: string;
    /** Where the configuration came from: the stack file, or "environment variables". */
    configOrigin: string;
}

export interface DriftOptions {
    program: string;
    stack?: string;
    /** Only these NextBilling customers' records are read; declarations of the others are listed as not checked. */
    customers?: number[];
    /** Only these kinds are read and compared; declarations of the others are listed as not checked. */
    only?: InventoryKind[];
    /** The program's environment and where PULUMI_CONFIG is read from (default process.env); the settings' own variables are read from process.env, as the provider reads them. */
    env?: NodeJS.ProcessEnv;
}

/** Runs the whole comparison: the program under mocks, each provider's check, the inventory. */
export async function detectDrift(options: DriftOptions): Promise<{ report: DriftReport; program: ProgramLocation }> {
    const env = options.env ?? process.env;
    const { projectDir, main } = locateProgram(options.program);
    const project = projectName(projectDir);
    const stackFile = readStackConfig(projectDir, options.stack);
    const stack = options.stack ?? env.PULUMI_STACK ?? /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(stackFile.origin))?.[1] ?? "drift";
    const config = programConfig(stackFile.origin, project, env);
    const program: ProgramLocation = { projectDir, main, project, stack, configOrigin: stackFile.origin };

    const registrations = await declaredResources(program, config, env);
    const source: ConfigSource = { get: (key) => config.values[key] };
    const declarations = await checkedDeclarations(registrations, source);

    // A vendor the program declares must be configured (its check said so already); one it does not
    // declare is read when configured, so its unmanaged records show, and left out otherwise.
    const nextbilling = optionalClient(nextBillingClient);
    const directcall = optionalClient(directcallClient);
    const inventory = await readInventory({
        clients: { NextBilling: nextbilling, Directcall: directcall },
        customers: options.customers,
        only: options.only,
    });
    for (const kind of INVENTORY_KINDS)
        if (options.only && !options.only.includes(kind)) inventory.skipped.push({ kind, reason: "left out by --only" });
    // Declarations of customers left out were not looked for: not missing (account-wide kinds have no customer, so are compared).
    return { report: compareWithInventory(declarations, inventory, { customers: options.customers }), program };
}

function optionalClient<T>(make: () => T): T | undefined {
    try {
        return make();
    } catch (error) {
        if (error instanceof ConfigurationError) return undefined;
        throw error;
    }
}

/** A directory (Pulumi.yaml `main`, package.json `main`, index.ts or index.js), or the main file itself. */
export function locateProgram(given: string): { projectDir: string; main: string } {
    const resolved = path.resolve(given);
    if (!fs.existsSync(resolved)) throw new UsageError(`--program: no such file or directory: ${given}`);
    if (fs.statSync(resolved).isFile()) return { projectDir: path.dirname(resolved), main: path.basename(resolved) };
    const declaredMain = readYaml<{ main?: unknown }>(path.join(resolved, "Pulumi.yaml"))?.main ?? readPackageMain(resolved);
    const start = typeof declaredMain === "string" ? path.resolve(resolved, declaredMain) : resolved;
    const candidates =
        fs.existsSync(start) && fs.statSync(start).isFile() ? [start] : ["index.ts", "index.js"].map((f) => path.join(start, f));
    const found = candidates.find((file) => fs.existsSync(file));
    if (!found) throw new UsageError(`--program: no program in ${given} (expected index.ts or index.js, or main in Pulumi.yaml)`);
    return { projectDir: resolved, main: path.relative(resolved, found) };
}

function readPackageMain(dir: string): unknown {
    const file = path.join(dir, "package.json");
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as { main?: unknown }).main : undefined;
}

function readYaml<T>(file: string): T | undefined {
    return fs.existsSync(file) ? ((yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as T) : undefined;
}

/** As cli/stackConfig.ts names unqualified keys: the project's name, "project" without a Pulumi.yaml. */
function projectName(projectDir: string): string {
    const name = readYaml<{ name?: unknown }>(path.join(projectDir, "Pulumi.yaml"))?.name;
    return typeof name === "string" ? name : "project";
}

interface ProgramConfig {
    /** Every key, fully qualified, as the engine would pass it in PULUMI_CONFIG. */
    values: Record<string, string>;
    secretKeys: string[];
}

/**
 * The whole stack config, which the program needs (its own keys too, not only telephony's), from the
 * file readStackConfig chose, then PULUMI_CONFIG on top: the one way to give the program an encrypted value.
 */
function programConfig(origin: string, project: string, env: NodeJS.ProcessEnv): ProgramConfig {
    const values: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const fromFile = fs.existsSync(origin) ? (readYaml<{ config?: Record<string, unknown> }>(origin)?.config ?? {}) : {};
    for (const [key, value] of Object.entries(fromFile)) {
        const qualified = key.includes(":") ? key : `${project}:${key}`;
        if (value && typeof value === "object" && "secure" in value) secretKeys.add(qualified);
        else if (value !== undefined && value !== null)
            values[qualified] = typeof value === "object" ? JSON.stringify(value) : String(value);
    }
    const given = parseJsonObject(env.PULUMI_CONFIG, "PULUMI_CONFIG");
    for (const [key, value] of Object.entries(given)) values[key] = typeof value === "string" ? value : JSON.stringify(value);
    for (const key of parseJsonArray(env.PULUMI_CONFIG_SECRET_KEYS)) secretKeys.add(key);
    return { values, secretKeys: [...secretKeys] };
}

function parseJsonObject(text: string | undefined, what: string): Record<string, unknown> {
    if (!text) return {};
    try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
        // reported below
    }
    throw new ConfigurationError(`${what} must be a JSON object of config keys and values (the value is not shown: it may hold secrets).`);
}

function parseJsonArray(text: string | undefined): string[] {
    if (!text) return [];
    try {
        const parsed: unknown = JSON.parse(text);
        return Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
        return [];
    }
}

/** Every custom resource the program registers, learnt by running it under mocks as a preview. */
async function declaredResources(program: ProgramLocation, config: ProgramConfig, env: NodeJS.ProcessEnv): Promise<ProgramResource[]> {
    const run = await programResources({
        projectDir: program.projectDir,
        main: program.main,
        project: program.project,
        stack: program.stack,
        env: { ...env, PULUMI_CONFIG: JSON.stringify(config.values), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys) },
    });
    if (run.error) {
        const secrets = config.secretKeys.map((key) => config.values[key]).filter((value): value is string => !!value && value.length >= 3);
        // The error's first line and where in the program it was thrown; the runner's own frames say nothing to the reader.
        const [first, ...frames] = run.error.trim().split("\n");
        const inProgram = frames.find((frame) => frame.includes(program.projectDir) && !frame.includes("node_modules"));
        let message = inProgram ? `${first}\n  ${inProgram.trim()}` : first!;
        for (const secret of secrets) message = message.split(secret).join(SECRET_MASK);
        throw new Error(`the program failed: ${message}`);
    }
    return run.resources;
}

/**
 * Each registration of ours through its provider's `check`, in this process, configured as the
 * engine would configure the provider host. Inputs the program made secret are checked in clear and
 * remembered so the report masks them. Check failures stop the command, as they stop a preview.
 */
async function checkedDeclarations(registrations: ProgramResource[], source: ConfigSource): Promise<Declaration[]> {
    for (const { provider } of RESOURCES) await provider.configure({ config: source } as dynamic.ConfigureRequest);
    const declarations: Declaration[] = [];
    const failures: string[] = [];
    for (const registration of registrations) {
        const resource = driftResourceOf(registration.type);
        if (!resource) continue; // not a telephony resource: nothing of ours to compare
        const { inputs: given, secretInputs } = registration;
        const entry = resourceNamed(resource)!;
        if (entry.notCheckable) {
            // Nothing will be compared, so nothing needs its vendor's configuration.
            declarations.push({ resource, name: registration.name, inputs: given, secretInputs });
            continue;
        }
        // Checked as a resource that exists already and does not change (olds given): drift compares declarations
        // with the records they may already have and writes nothing, so the schema and the rules judge them and
        // nothing is looked up at the vendor (no duplicate check, no reference lists); a reference the vendor's
        // record does not have shows in the report as a change.
        const checked = await entry.provider.check(given, given);
        for (const failure of checked.failures ?? []) failures.push(`${resource} "${registration.name}": ${failure.reason}`);
        declarations.push({ resource, name: registration.name, inputs: checked.inputs, secretInputs });
    }
    if (failures.length > 0) throw new Error(`the program's resources fail their checks:\n  ${failures.join("\n  ")}`);
    return declarations;
}

// ---------------------------------------------------------------------------------------------
// Rendering

export function renderReport(report: DriftReport, format: DriftFormat, program?: ProgramLocation): string {
    if (format === "json") {
        const { inSync, changed, missing, unmanaged, notCheckable, summary } = report;
        // A skipped record's inputs are for matching only: the report says what and why, not every field read.
        const skipped = report.skipped.map(({ inputs: _inputs, ...skip }) => skip);
        return JSON.stringify({ inSync, changed, missing, unmanaged, notCheckable, skipped, summary }, null, 2);
    }
    return format === "markdown" ? renderMarkdown(report, program) : renderText(report, program);
}

/** A value for people: strings quoted (as in Pulumi's diffs), secrets and absences as words. */
function display(value: unknown): string {
    if (value === SECRET_MASK) return SECRET_MASK;
    if (value === null || value === undefined) return "(not set)";
    return JSON.stringify(value);
}

function summaryLine(report: DriftReport): string {
    const s = report.summary;
    return `${s.changed} changed, ${s.missing} missing, ${s.unmanaged} unmanaged, ${s.inSync} in sync, ${s.notCheckable} not checkable`;
}

function programLine(program: ProgramLocation | undefined): string | undefined {
    if (!program) return undefined;
    const origin = program.configOrigin === "environment variables" ? program.configOrigin : path.basename(program.configOrigin);
    return `program ${program.projectDir}, stack ${program.stack}, config from ${origin}`;
}

function customerNote(customerId: number | undefined): string {
    return customerId === undefined ? "" : ` (customer ${customerId})`;
}

export function renderText(report: DriftReport, program?: ProgramLocation): string {
    const lines: string[] = [];
    const where = programLine(program);
    if (where) lines.push(`telephony drift: ${where}`);
    for (const entry of report.changed) {
        lines.push(`changed        ${entry.resource} ${entry.name} (id ${entry.id})`);
        for (const field of entry.fields)
            lines.push(`                 ${field.field}: ${display(field.declared)} → ${display(field.live)} (declared → live)`);
    }
    for (const entry of report.missing)
        lines.push(`missing        ${entry.resource} ${entry.name}: nothing on the platform with ${entry.lookedUpBy}`);
    for (const entry of report.unmanaged) {
        lines.push(`unmanaged      ${entry.resource} ${entry.id} ${JSON.stringify(entry.label)}${customerNote(entry.customerId)}`);
    }
    for (const entry of report.inSync) {
        const unknown = entry.unknownFields ? ` (not known before apply: ${entry.unknownFields.join(", ")})` : "";
        lines.push(`in sync        ${entry.resource} ${entry.name} (id ${entry.id})${unknown}`);
    }
    for (const entry of report.notCheckable) lines.push(`not checkable  ${entry.resource} ${entry.name}: ${entry.reason}`);
    for (const skip of report.skipped.filter((s) => s.id === undefined)) lines.push(`not read       ${skip.kind}: ${skip.reason}`);
    lines.push(`${summaryLine(report)}: ${report.summary.drift ? "drift found" : "in sync"}`);
    return lines.join("\n");
}

/** A table cell: pipes escaped, lines joined, so a value cannot break the table. */
function cell(text: string): string {
    return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/** A code span that survives backticks inside the value. */
function code(text: string): string {
    const fence = text.includes("`") ? "``" : "`";
    const pad = fence.length > 1 ? " " : "";
    return `${fence}${pad}${text}${pad}${fence}`;
}

function valueCell(value: unknown): string {
    return value === null || value === undefined ? "*(not set)*" : cell(code(display(value)));
}

export function renderMarkdown(report: DriftReport, program?: ProgramLocation): string {
    const s = report.summary;
    const lines: string[] = [`## Telephony drift: ${s.drift ? "drift found" : "in sync"}`, ""];
    lines.push(
        `**${s.changed}** changed · **${s.missing}** missing · **${s.unmanaged}** unmanaged · **${s.inSync}** in sync · **${s.notCheckable}** not checkable`,
    );
    if (program) lines.push("", `Program ${code(path.basename(program.projectDir))}, stack ${code(program.stack)}.`);
    const table = (title: string, header: string[], rows: string[][]) => {
        if (rows.length === 0) return;
        lines.push("", `### ${title}`, "", `| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`);
        for (const row of rows) lines.push(`| ${row.join(" | ")} |`);
    };
    table(
        "Changed",
        ["Resource", "Name", "Id", "Field", "Declared", "Live"],
        report.changed.flatMap((entry) =>
            entry.fields.map((field: FieldDrift) => [
                code(entry.resource),
                cell(entry.name),
                cell(entry.id),
                code(field.field),
                valueCell(field.declared),
                valueCell(field.live),
            ]),
        ),
    );
    table(
        "Missing on the platform",
        ["Resource", "Name", "Looked up by"],
        report.missing.map((entry) => [code(entry.resource), cell(entry.name), cell(entry.lookedUpBy)]),
    );
    table(
        "Unmanaged (on the platform, not declared)",
        ["Resource", "Id", "Label", "Customer"],
        report.unmanaged.map((entry) => [
            code(entry.resource),
            cell(entry.id),
            cell(entry.label),
            entry.customerId === undefined ? "" : String(entry.customerId),
        ]),
    );
    table(
        "In sync",
        ["Resource", "Name", "Id"],
        report.inSync.map((entry) => [code(entry.resource), cell(entry.name), cell(entry.id)]),
    );
    table(
        "Not checkable",
        ["Resource", "Name", "Why"],
        report.notCheckable.map((entry) => [code(entry.resource), cell(entry.name), cell(entry.reason)]),
    );
    const notRead = report.skipped.filter((skip) => skip.id === undefined);
    if (notRead.length > 0) lines.push("", ...notRead.map((skip) => `> Not read: ${skip.kind}: ${skip.reason}`));
    return lines.join("\n");
}
