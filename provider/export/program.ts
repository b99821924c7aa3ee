/**
 * The generator behind `telephony export`: an inventory of live records in, the files of a Pulumi
 * TypeScript project out, declaring every record with `importId` so that the first `pulumi up`
 * adopts everything and changes nothing. Pure (no I/O, no clock), so exporting twice gives
 * identical files and tests need no server.
 */
import type { Inventory, InventoryKind, LiveRecord, Skipped } from "../inventory";
import { validateInputs } from "../kit/check";
import { Code, type ExportContext, type Property, type Reference, type ResourceEntry } from "../kit/entry";
import { referenceKindOf } from "../nextbilling/references";
import { RESOURCES } from "../resources";
import { camelCase, RESERVED_IDENTIFIERS, slug } from "./names";

export { camelCase, slug } from "./names";

export interface ProjectOptions {
    /** The Pulumi project name (`Pulumi.yaml`), also the namespace of the program's own config keys. */
    projectName: string;
    /** Version of this package, for the generated package.json (`^version`). */
    packageVersion: string;
    /** The `@pulumi/pulumi` range this package depends on, reused so both resolve to one SDK. */
    pulumiVersion: string;
    /** The `typescript` range for the generated devDependencies. */
    typescriptVersion: string;
    /** The `@types/node` range for the generated devDependencies. */
    nodeTypesVersion: string;
}

export interface ExportedResource {
    kind: InventoryKind;
    /** The Pulumi resource name in the program. */
    name: string;
    recordId: string;
    customerId?: number;
    label: string;
}

/** A secret the program reads from its stack config: the user sets it once, the export never writes it. */
export interface SecretSetting {
    /** The program's config key (project namespace), e.g. `legadoExampleComBrHooksPassword`. */
    key: string;
    resourceName: string;
    /** What the secret is, for the line printed beside the `pulumi config set` command. */
    description: string;
}

export interface GeneratedProject {
    /** File name → content, in the order they are best read. */
    files: Record<string, string>;
    resources: ExportedResource[];
    /** The inventory's own skips, then records this generator could not declare as they are. */
    skipped: Skipped[];
    secrets: SecretSetting[];
}

/** The registry's entry of a record's resource; export order is the registry's order. */
function entryOf(record: LiveRecord): ResourceEntry<any, any> {
    const entry = RESOURCES.find((candidate) => candidate.definition.name === record.resource);
    if (!entry?.inventory) throw new Error(`no listable resource ${record.resource}`);
    return entry;
}
const kindOf = (record: LiveRecord): InventoryKind => entryOf(record).inventory!.kind;
const KIND_ORDER: InventoryKind[] = RESOURCES.flatMap((entry) => (entry.inventory ? [entry.inventory.kind] : []));

export function generateProject(inventory: Inventory, options: ProjectOptions): GeneratedProject {
    const skipped = [...inventory.skipped];
    const declarable = inventory.records.filter((record) => {
        const reason = whyNotDeclarable(record);
        if (reason) skipped.push({ kind: kindOf(record), id: record.id, label: record.label, reason });
        return !reason;
    });
    const names = resourceNames(declarable);
    const links = referenceLinks(declarable, names);
    const ordered = dependencyOrder([...declarable].sort(compareForOutput), links);

    const secrets: SecretSetting[] = [];
    const sections: string[] = [];
    const declared = new Set<LiveRecord>();
    let currentGroup: string | undefined;
    for (const record of ordered) {
        const group = groupHeader(record);
        if (group !== currentGroup) {
            sections.push(`// ${group}`);
            currentGroup = group;
        }
        const name = names.get(record)!;
        sections.push(declaration(record, name, inventory, secrets, links, declared));
        declared.add(record);
    }

    const usesConfig = secrets.length > 0;
    const header = [
        "// Written by `telephony export`. Every resource adopts its live record (importId), so the first",
        "// `pulumi up` changes nothing at the vendors; from then on, this file is the configuration.",
        ...(usesConfig ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
        'import * as telephony from "pulumi-telephony";',
        ...(usesConfig ? ["", "const config = new pulumi.Config();"] : []),
    ].join("\n");
    const body =
        sections.length > 0
            ? sections.join("\n\n")
            : skipped.length > 0
              ? `// Nothing to declare: the export found ${skipped.length === 1 ? "one record" : `${skipped.length} records`} and could declare none of them (see what it skipped, and why).`
              : "// Nothing to declare: the export found no records.";

    const resources = ordered.map((record) => ({
        kind: kindOf(record),
        name: names.get(record)!,
        recordId: record.id,
        customerId: record.customerId,
        label: record.label,
    }));
    return {
        files: {
            "Pulumi.yaml": pulumiYaml(options),
            "package.json": packageJson(options),
            "tsconfig.json": TSCONFIG,
            ".gitignore": "/bin/\n/node_modules/\n",
            "index.ts": `${header}\n\n${body}\n`,
        },
        resources,
        skipped,
        secrets,
    };
}

// ---------------------------------------------------------------------------------------------
// What can be declared

/**
 * NextBilling accepts records this package's resources refuse (a ring group without lines, say);
 * declaring one would only fail the first preview, so it is reported instead, with the resource's own words.
 */
function whyNotDeclarable(record: LiveRecord): string | undefined {
    const entry = entryOf(record);
    const { schema, validation, idOutput, rules } = entry.definition;
    const importId = idOutput?.integer === false ? record.id : Number(record.id);
    const inputs = { ...record.inputs, ...entry.export?.declarable?.(record), importId };
    const validated = validateInputs(schema, inputs, validation);
    const failures = [...validated.failures, ...(rules?.(validated.inputs) ?? [])];
    if (failures.length === 0) return undefined;
    return `this resource cannot declare it as it is (${failures.map((failure) => failure.reason).join("; ")}); fix it in the panel, or declare it by hand`;
}

// ---------------------------------------------------------------------------------------------
// Names and order

function baseName(record: LiveRecord): string {
    const entry = entryOf(record);
    return entry.export?.baseName?.(record) ?? (slug(record.label) || `${slug(entry.definition.noun)}-${record.id}`);
}

/**
 * One name per record, unique per resource class (the URN holds the type). Names a description
 * gives by itself are reserved first; the others of a group get `-2`, `-3`, … in record-id order,
 * so adding a record never renames one exported before with a different description.
 */
function resourceNames(records: LiveRecord[]): Map<LiveRecord, string> {
    const names = new Map<LiveRecord, string>();
    for (const resource of RESOURCES.map((entry) => entry.definition.name)) {
        const ofClass = records.filter((record) => record.resource === resource).sort((a, b) => compareIds(a.id, b.id));
        const taken = new Set(ofClass.map(baseName));
        const claimed = new Set<string>();
        for (const record of ofClass) {
            const base = baseName(record);
            if (!claimed.has(base)) {
                claimed.add(base);
                names.set(record, base);
                continue;
            }
            let suffix = 2;
            while (taken.has(`${base}-${suffix}`)) suffix++;
            taken.add(`${base}-${suffix}`);
            names.set(record, `${base}-${suffix}`);
        }
    }
    return names;
}

/** Numeric ids by value, codes (Directcall's are text) by their digit runs as numbers, then as text. */
export function compareIds(a: string, b: string): number {
    const chunks = (text: string) => text.match(/\d+|\D+/g) ?? [];
    const [left, right] = [chunks(a), chunks(b)];
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const [x, y] = [left[i]!, right[i]!];
        const numeric = /^\d/.test(x) && /^\d/.test(y);
        const order = numeric ? Number(x) - Number(y) || x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
        if (order !== 0) return order;
    }
    return left.length - right.length;
}

/** By customer (account-wide Directcall registrations last), then kind, then record id. */
function compareForOutput(a: LiveRecord, b: LiveRecord): number {
    const customer = (record: LiveRecord) => record.customerId ?? Number.MAX_SAFE_INTEGER;
    return customer(a) - customer(b) || KIND_ORDER.indexOf(kindOf(a)) - KIND_ORDER.indexOf(kindOf(b)) || compareIds(a.id, b.id);
}

function groupHeader(record: LiveRecord): string {
    if (record.customerId === undefined) return "Directcall account (registrations belong to no NextBilling customer)";
    return record.customerId === 0 ? "Customer 0 (numbers available for sale)" : `Customer ${record.customerId}`;
}

// ---------------------------------------------------------------------------------------------
// Declarations

// ---------------------------------------------------------------------------------------------
// References: a record another exported record points at is a variable, and is declared first

interface Links {
    /** Exported records by `Resource/id`, the key a Reference names. */
    byKey: Map<string, LiveRecord>;
    /** The variable of each record some other record refers to. */
    variables: Map<LiveRecord, string>;
    /** What each record refers to, among exported records. */
    targets: Map<LiveRecord, LiveRecord[]>;
}

const referenceKey = (resource: string, id: string | number) => `${resource}/${id}`;

function referenceLinks(records: LiveRecord[], names: Map<LiveRecord, string>): Links {
    const byKey = new Map(records.map((record) => [referenceKey(record.resource, record.id), record]));
    const targets = new Map<LiveRecord, LiveRecord[]>();
    for (const record of records) {
        const references = entryOf(record).inventory?.references?.(record) ?? [];
        const found = references
            .map((reference) => byKey.get(referenceKey(reference.resource, reference.id)))
            .filter((target) => target !== undefined);
        targets.set(record, [...new Set(found)]);
    }
    const referred = new Set([...targets.values()].flat());
    const variables = new Map<LiveRecord, string>();
    // The program's own names and the language's are taken like a duplicate: `default` becomes `default2`.
    const taken = new Set<string>(["config", "pulumi", "telephony", ...RESERVED_IDENTIFIERS]);
    for (const record of records.filter((candidate) => referred.has(candidate)).sort(compareForOutput)) {
        const base = identifier(names.get(record)!);
        let variable = base;
        for (let suffix = 2; taken.has(variable); suffix++) variable = `${base}${suffix}`;
        taken.add(variable);
        variables.set(record, variable);
    }
    return { byKey, variables, targets };
}

/** A resource name as a variable: `ramal-2001` → `ramal2001`, `2001` → `r2001`. */
function identifier(name: string): string {
    const camel = camelCase(name).replace(/[^A-Za-z0-9_$]/g, "");
    return /^[A-Za-z_$]/.test(camel) ? camel : `r${camel}`;
}

/**
 * The output order, with every record after the records it refers to. A cycle (queue A overflowing
 * to B, B back to A) is entered at its first record in output order, which is then written after the
 * rest of the cycle: B before A, B's reference to A staying a number (see `ref`), A's to B its output.
 */
function dependencyOrder(records: LiveRecord[], links: Links): LiveRecord[] {
    const ordered: LiveRecord[] = [];
    const state = new Map<LiveRecord, "visiting" | "done">();
    const visit = (record: LiveRecord) => {
        if (state.has(record)) return;
        state.set(record, "visiting");
        for (const target of links.targets.get(record) ?? []) visit(target);
        state.set(record, "done");
        ordered.push(record);
    };
    for (const record of records) visit(record);
    return ordered;
}

function declaration(
    record: LiveRecord,
    name: string,
    inventory: Inventory,
    secrets: SecretSetting[],
    links: Links,
    declared: Set<LiveRecord>,
): string {
    const entry = entryOf(record);
    const { definition } = entry;
    const detail = entry.export?.detail?.(record);
    const comment = `${entry.vendor} ${definition.noun} ${record.id} ${quoted(record.label)}${detail ? ` ${detail}` : ""}`;
    const context: ExportContext = {
        nameOf: (reference) => {
            const kind = referenceKindOf(reference.resource);
            const named = kind && inventory.names(kind, reference.customerId, reference.id);
            return named === undefined ? undefined : oneLine(named);
        },
        ref(reference: Reference) {
            const target = links.byKey.get(referenceKey(reference.resource, reference.id));
            const variable = target && links.variables.get(target);
            // Only a record declared above can be named: a reference that closes a cycle stays a number.
            return variable && declared.has(target)
                ? new Code(`${variable}.${entryOf(target).definition.idOutput?.name ?? "id"}`)
                : reference.id;
        },
        secret(wanted, description) {
            // Keys come from resource names, which stay unique but may camelCase alike (`hook-2`, `hook2`):
            // a later one gets `2`, `3`, …, so no two resources read, and no two commands set, one secret.
            let key = wanted;
            for (let suffix = 2; secrets.some((secret) => secret.key === key); suffix++) key = `${wanted}${suffix}`;
            secrets.push({ key, resourceName: name, description });
            return `config.requireSecret(${JSON.stringify(key)})`;
        },
        plain: (inputs, order) => plain(inputs, order ?? Object.keys(definition.fields)),
    };
    const properties = entry.export?.properties?.(record, name, context) ?? context.plain(record.inputs);
    const importId = definition.idOutput?.integer === false ? record.id : Number(record.id);
    const variable = links.variables.get(record);
    return [
        `// ${comment}`,
        `${variable ? `const ${variable} = ` : ""}new telephony.${entry.name}(${JSON.stringify(name)}, {`,
        ...objectLines([...properties, { key: "importId", value: importId }], 1),
        "});",
    ].join("\n");
}

/** Every property in the given order, unknown ones (a newer inventory) after them, alphabetically. */
function plain(inputs: Record<string, unknown>, order: readonly string[]): Property[] {
    const keys = [
        ...order.filter((key) => key in inputs),
        ...Object.keys(inputs)
            .filter((key) => !order.includes(key))
            .sort(),
    ];
    return keys.filter((key) => inputs[key] !== undefined).map((key) => ({ key, value: inputs[key] }));
}

// ---------------------------------------------------------------------------------------------
// Printing

const INDENT = "    ";
const MAX_LINE = 140;

function objectLines(properties: Property[], depth: number): string[] {
    const pad = INDENT.repeat(depth);
    const lines: string[] = [];
    for (const property of properties) {
        for (const text of property.leading ?? []) lines.push(`${pad}// ${oneLine(text)}`);
        const trailing = property.trailing === undefined ? "" : ` // ${property.trailing}`;
        if (property.nested) {
            lines.push(`${pad}${key(property.key)}: {`, ...objectLines(property.nested, depth + 1), `${pad}},${trailing}`);
            continue;
        }
        const value = property.code ?? literal(property.value);
        const line = `${pad}${key(property.key)}: ${value},${trailing}`;
        if (line.length <= MAX_LINE || !Array.isArray(property.value)) {
            lines.push(line);
        } else {
            // A long list (a ring group of many lines), one item per line, as prettier would.
            lines.push(
                `${pad}${key(property.key)}: [`,
                ...property.value.map((item) => `${pad}${INDENT}${literal(item)},`),
                `${pad}],${trailing}`,
            );
        }
    }
    return lines;
}

function literal(value: unknown): string {
    if (value instanceof Code) return value.text;
    if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
    if (value && typeof value === "object") {
        const entries = Object.entries(value).map(([name, item]) => `${key(name)}: ${literal(item)}`);
        return entries.length ? `{ ${entries.join(", ")} }` : "{}";
    }
    return escapeLineSeparators(JSON.stringify(value));
}

const key = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name));

/** A vendor text inside a `//` comment: quoted and escaped, so it cannot end the comment's line. */
const quoted = (text: string) => escapeLineSeparators(JSON.stringify(text));

function oneLine(text: string): string {
    return text.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

/** JSON leaves U+2028/U+2029 raw; in a `//` comment they would start a new line of code. */
function escapeLineSeparators(text: string): string {
    return text.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

// ---------------------------------------------------------------------------------------------
// Project files

function pulumiYaml(options: ProjectOptions): string {
    return [
        `name: ${options.projectName}`,
        "description: NextBilling and Directcall configuration, exported by telephony export",
        "runtime:",
        "  name: nodejs",
        "  options:",
        "    typescript: true",
        "",
    ].join("\n");
}

function packageJson(options: ProjectOptions): string {
    const manifest = {
        name: options.projectName,
        private: true,
        main: "index.ts",
        dependencies: {
            "@pulumi/pulumi": options.pulumiVersion,
            "pulumi-telephony": `^${options.packageVersion}`,
        },
        devDependencies: {
            "@types/node": options.nodeTypesVersion,
            typescript: options.typescriptVersion,
        },
    };
    return `${JSON.stringify(manifest, null, 4)}\n`;
}

/**
 * Pulumi's own TypeScript template, which `pulumi up` (ts-node, type-checking) and `tsc` both accept,
 * plus esModuleInterop: this package's declarations reach zod's, which need it.
 */
const TSCONFIG = `${JSON.stringify(
    {
        compilerOptions: {
            strict: true,
            outDir: "bin",
            target: "es2020",
            module: "commonjs",
            moduleResolution: "node",
            esModuleInterop: true,
            sourceMap: true,
            experimentalDecorators: true,
            pretty: true,
            noFallthroughCasesInSwitch: true,
            noImplicitReturns: true,
            forceConsistentCasingInFileNames: true,
        },
        files: ["index.ts"],
    },
    null,
    4,
)}\n`;
