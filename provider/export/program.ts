/**
 * The generator behind `telephony export`: an inventory of live records in, the files of a Pulumi
 * TypeScript project out, declaring every record with `importId` so that the first `pulumi up`
 * adopts everything and changes nothing. Pure (no I/O, no clock), so exporting twice gives
 * identical files and tests need no server.
 */
import { callbackUrlSchema } from "../directcall/callbackUrl/schema";
import type { Inventory, InventoryKind, LiveRecord, Skipped } from "../inventory";
import { validateInputs } from "../kit/check";
import { didSchema } from "../nextbilling/did/schema";
import { ringGroupSchema } from "../nextbilling/ringGroup/schema";
import type { ReferenceKind } from "../nextbilling/references";

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

const KIND_OF: Record<LiveRecord["resource"], InventoryKind> = { RingGroup: "ringgroups", Did: "dids", CallbackUrl: "callbacks" };
const KIND_ORDER: InventoryKind[] = ["ringgroups", "dids", "callbacks"];

/** The class each record becomes, as the program spells it. */
const CLASS_OF: Record<LiveRecord["resource"], string> = {
    RingGroup: "telephony.nextbilling.RingGroup",
    Did: "telephony.nextbilling.Did",
    CallbackUrl: "telephony.directcall.CallbackUrl",
};

export function generateProject(inventory: Inventory, options: ProjectOptions): GeneratedProject {
    const skipped = [...inventory.skipped];
    const declarable = inventory.records.filter((record) => {
        const reason = whyNotDeclarable(record);
        if (reason) skipped.push({ kind: KIND_OF[record.resource], id: record.id, label: record.label, reason });
        return !reason;
    });
    const names = resourceNames(declarable);
    const ordered = [...declarable].sort(compareForOutput);

    const secrets: SecretSetting[] = [];
    const sections: string[] = [];
    let currentGroup: string | undefined;
    for (const record of ordered) {
        const group = groupHeader(record);
        if (group !== currentGroup) {
            sections.push(`// ${group}`);
            currentGroup = group;
        }
        const name = names.get(record)!;
        sections.push(declaration(record, name, inventory, secrets));
    }

    const usesConfig = secrets.length > 0;
    const header = [
        "// Written by `telephony export`. Every resource adopts its live record (importId), so the first",
        "// `pulumi up` changes nothing at the vendors; from then on, this file is the configuration.",
        ...(usesConfig ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
        'import * as telephony from "pulumi-telephony";',
        ...(usesConfig ? ["", "const config = new pulumi.Config();"] : []),
    ].join("\n");
    const body = sections.length > 0 ? sections.join("\n\n") : "// Nothing to declare: the export found no records.";

    const resources = ordered.map((record) => ({
        kind: KIND_OF[record.resource],
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
    const inputs = { ...record.inputs, importId: record.resource === "CallbackUrl" ? record.id : Number(record.id) };
    const validated =
        record.resource === "RingGroup"
            ? validateInputs(ringGroupSchema, inputs)
            : record.resource === "Did"
              ? validateInputs(didSchema, inputs)
              : validateInputs(
                    callbackUrlSchema,
                    { ...inputs, allowInsecureHttp: isPlainHttp(record) },
                    { secretProperties: ["basicAuthPassword"] },
                );
    if (validated.failures.length === 0) return undefined;
    return `this resource cannot declare it as it is (${validated.failures.map((failure) => failure.reason).join("; ")}); fix it in the panel, or declare it by hand`;
}

const isPlainHttp = (record: LiveRecord) => String(record.inputs.url ?? "").startsWith("http:");

// ---------------------------------------------------------------------------------------------
// Names and order

/** Lowercase ASCII words joined by `-`: "Recepção Clínica" → "recepcao-clinica". */
export function slug(text: string): string {
    const words = text
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    // Long descriptions make unreadable URNs; cut at a word boundary.
    return words.length <= 60 ? words : words.slice(0, 60).replace(/-[^-]*$/, "");
}

/** "legacy-example-com-br" → "legacyExampleComBr": the program's config keys. */
export function camelCase(slugged: string): string {
    return slugged
        .split("-")
        .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
        .join("");
}

function baseName(record: LiveRecord): string {
    if (record.resource === "CallbackUrl") {
        const url = new URL(String(record.inputs.url));
        return slug(`${url.hostname} ${url.pathname}`) || `callback-${slug(record.id)}`;
    }
    const fallback = record.resource === "RingGroup" ? `ring-group-${record.id}` : `did-${String(record.inputs.number)}`;
    return slug(record.label) || fallback;
}

/**
 * One name per record, unique per resource class (the URN holds the type). Names a description
 * gives by itself are reserved first; the others of a group get `-2`, `-3`, … in record-id order,
 * so adding a record never renames one exported before with a different description.
 */
function resourceNames(records: LiveRecord[]): Map<LiveRecord, string> {
    const names = new Map<LiveRecord, string>();
    for (const resource of ["RingGroup", "Did", "CallbackUrl"] as const) {
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
    return (
        customer(a) - customer(b) ||
        KIND_ORDER.indexOf(KIND_OF[a.resource]) - KIND_ORDER.indexOf(KIND_OF[b.resource]) ||
        compareIds(a.id, b.id)
    );
}

function groupHeader(record: LiveRecord): string {
    if (record.customerId === undefined) return "Directcall account (registrations belong to no NextBilling customer)";
    return record.customerId === 0 ? "Customer 0 (numbers available for sale)" : `Customer ${record.customerId}`;
}

// ---------------------------------------------------------------------------------------------
// Declarations

/** A property of a generated object literal: a value, code, or a nested object. */
interface Property {
    key: string;
    value?: unknown;
    /** Written as is: an expression such as `config.requireSecret("x")`. */
    code?: string;
    nested?: Property[];
    /** After the value, on the same line. */
    trailing?: string;
    /** Own lines before the property. */
    leading?: string[];
}

const RING_GROUP_ORDER = ["customerId", "description", "strategy", "devices", "enabled"];
const DID_ORDER = [
    "customerId",
    "number",
    "description",
    "routing",
    "supplier",
    "ratePlanId",
    "costPlanId",
    "callerIdPrefix",
    "maxCalls",
    "playAudio",
    "hideSupplierFromReseller",
    "enableFixed",
    "enableMobile",
    "enableInternational",
    "enabled",
    "annotations",
];
const ROUTING_ORDER = ["type", "deviceId", "queueId", "ivrId", "primary", "backup"];
const SUPPLIER_ORDER = ["host", "port", "username", "additionalHosts", "register"];
const ENDPOINT_ORDER = ["ipAddress", "port", "techPrefix"];

function declaration(record: LiveRecord, name: string, inventory: Inventory, secrets: SecretSetting[]): string {
    let comment: string;
    let properties: Property[];
    if (record.resource === "RingGroup") {
        comment = `NextBilling ring group ${record.id} ${quoted(record.label)}`;
        properties = [...plain(record.inputs, RING_GROUP_ORDER), { key: "importId", value: Number(record.id) }];
    } else if (record.resource === "Did") {
        comment = `NextBilling DID ${record.id} ${quoted(record.label)} (${String(record.inputs.number)})`;
        properties = [...didProperties(record, inventory), { key: "importId", value: Number(record.id) }];
    } else {
        comment = `Directcall callback registration ${record.id} ${quoted(record.label)}`;
        properties = [...callbackProperties(record, name, secrets), { key: "importId", value: record.id }];
    }
    return [`// ${comment}`, `new ${CLASS_OF[record.resource]}(${JSON.stringify(name)}, {`, ...objectLines(properties, 1), "});"].join(
        "\n",
    );
}

/** Every property in the given order, unknown ones (a newer inventory) after them, alphabetically. */
function plain(inputs: Record<string, unknown>, order: string[]): Property[] {
    const keys = [
        ...order.filter((key) => key in inputs),
        ...Object.keys(inputs)
            .filter((key) => !order.includes(key))
            .sort(),
    ];
    return keys.filter((key) => inputs[key] !== undefined).map((key) => ({ key, value: inputs[key] }));
}

function didProperties(record: LiveRecord, inventory: Inventory): Property[] {
    const customerId = record.customerId ?? 0;
    return plain(record.inputs, DID_ORDER).map((property) => {
        if (property.key === "routing") {
            const routing = property.value as Record<string, unknown>;
            const nested = plain(routing, ROUTING_ORDER).map((field) => {
                const kind: ReferenceKind | undefined =
                    field.key === "deviceId" ? "line" : field.key === "queueId" ? "queue" : field.key === "ivrId" ? "ivr" : undefined;
                if (kind) {
                    const named = inventory.names(kind, customerId, Number(field.value));
                    return named ? { ...field, trailing: oneLine(named) } : field;
                }
                if (field.key === "primary" || field.key === "backup") {
                    return { key: field.key, nested: plain(field.value as Record<string, unknown>, ENDPOINT_ORDER) };
                }
                return field;
            });
            return { key: "routing", nested };
        }
        if (property.key === "supplier") {
            const supplier = plain(property.value as Record<string, unknown>, SUPPLIER_ORDER);
            supplier[0] = {
                ...supplier[0]!,
                leading: [
                    "password: NextBilling never returns it, so it is left undeclared and NextBilling keeps its own.",
                    "To manage it here, add password: config.requireSecret(...); the next `up` then sends it.",
                ],
            };
            return { key: "supplier", nested: supplier };
        }
        return property;
    });
}

function callbackProperties(record: LiveRecord, name: string, secrets: SecretSetting[]): Property[] {
    const { url, pin, basicAuth } = record.inputs as { url: string; pin?: string; basicAuth?: { username: string } };
    const properties: Property[] = [{ key: "url", value: url }];
    if (pin !== undefined) properties.push({ key: "pin", value: pin });
    if (basicAuth) {
        // The password lives inside the registered URL; the program reads it from the stack's secrets.
        const key = `${camelCase(name)}Password`;
        secrets.push({
            key,
            resourceName: name,
            description: `the Basic auth password of Directcall registration ${record.id} (${url}, user ${basicAuth.username}): the one in that registration's URL`,
        });
        properties.push({
            key: "basicAuth",
            nested: [
                { key: "username", value: basicAuth.username },
                { key: "password", code: `config.requireSecret(${JSON.stringify(key)})` },
            ],
        });
    }
    if (isPlainHttp(record)) {
        properties.push({
            key: "allowInsecureHttp",
            value: true,
            leading: ["Registered with plain http: Directcall sends call data in clear text. Move it to https when you can."],
        });
    }
    return properties;
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
