/**
 * Drift: what a program declares against what the platforms hold, as a report. Pure: it takes the
 * declarations (already normalised by each resource's `check`) and the inventory (`readInventory`),
 * and makes no call. `telephony drift` (cli/drift.ts) gathers both and renders the report.
 *
 * Each declaration is matched to one live record by `importId` when given, else by the natural key
 * the provider itself uses to refuse duplicates, then compared with the resource's own
 * `changedFields`, so whatever a `pulumi up` would not change is not drift either.
 */
import type { Inventory, InventoryKind, LiveRecord, Skipped } from "./inventory";
import { containsUnknown } from "./kit/check";
import { changedFields, secretFields, type Fields } from "./kit/fields";
import { typeToken } from "./kit/resource";
import { normaliseNumber } from "./nextbilling/did/Did";
import { RESOURCES, resourceOfType } from "./resources";

/** The fields whose live value differs from the declared one, the live side narrowed to what is declared. */
const fieldDiff = (fields: Fields) => (live: Record<string, unknown>, declared: Record<string, unknown>) => {
    const narrowed = { ...live };
    for (const [name, field] of Object.entries(fields)) {
        if (field.narrow && narrowed[name] !== undefined) narrowed[name] = field.narrow(narrowed[name], declared[name]);
    }
    return changedFields(fields, narrowed, declared);
};

/** Resources as programs name them: `nextbilling.RingGroup` (the registry's names). */
export type DriftResource = string;

/** How secrets appear in every report format. */
export const SECRET_MASK = "[secret]";
/** How a value not known before apply (another resource's output) appears. */
export const UNKNOWN_MASK = "[unknown]";

interface ResourceRules {
    /** The Pulumi type token a registration of this resource carries. */
    typeToken: string;
    /** The inventory's name for its records; none for resources that cannot be read. */
    live?: { resource: LiveRecord["resource"]; kind: InventoryKind };
    /** Why it cannot be compared, when it cannot. */
    notCheckable?: string;
    changedFields?: (live: Record<string, unknown>, declared: Record<string, unknown>) => string[];
    /**
     * Inputs that say nothing about the live record: ours alone (deletionPolicy, allowInsecureHttp,
     * importId), or never read back (a DID's supplier password). Never drift.
     */
    notCompared: ReadonlySet<string>;
    /** Inputs that are secret whatever the program wrote (the resource classes make them so). */
    alwaysSecret: ReadonlySet<string>;
    /** The natural key, as the provider's own duplicate check compares it. */
    sameRecord?: (declared: Record<string, unknown>, live: Pick<LiveRecord, "inputs">) => boolean;
    /** How a declaration was looked up, for "missing" lines. */
    describeKey?: (declared: Record<string, unknown>) => string;
}

/** A resource's rules, all from its definition: its fields and its natural key. */
function rulesOf(entry: (typeof RESOURCES)[number]): ResourceRules {
    const { definition } = entry;
    const { fields, naturalKey } = definition;
    const unread = Object.keys(fields).filter((name) => fields[name].onChange === "state" || fields[name].writeOnly);
    return {
        typeToken: typeToken(definition),
        live: entry.inventory && { resource: definition.name, kind: entry.inventory.kind },
        notCheckable: entry.notCheckable,
        changedFields: entry.inventory && fieldDiff(fields),
        notCompared: new Set(["importId", ...unread]),
        alwaysSecret: new Set(secretFields(fields)),
        sameRecord: naturalKey && ((declared, live) => naturalKey.key(declared) === naturalKey.key(live.inputs)),
        describeKey: naturalKey && ((declared) => naturalKey.describe(declared)),
    };
}

export const DRIFT_RULES: Record<DriftResource, ResourceRules> = Object.fromEntries(RESOURCES.map((entry) => [entry.name, rulesOf(entry)]));

const digitsOf = (number: unknown) => normaliseNumber(String(number ?? "")) ?? String(number ?? "");

/** The resource a registration's type token names; undefined for anything that is not ours. */
export function driftResourceOf(token: string): DriftResource | undefined {
    return resourceOfType(token)?.name;
}

// ---------------------------------------------------------------------------------------------
// Report

/** One resource the program declares, its inputs as its `check` normalised them (secrets in clear). */
export interface Declaration {
    resource: DriftResource;
    name: string;
    inputs: Record<string, unknown>;
    /** Top-level inputs the program made secret (besides those always secret): masked in the report. */
    secretInputs?: string[];
}

export interface FieldDrift {
    field: string;
    /** The declared value; SECRET_MASK for secrets; null when not declared. */
    declared: unknown;
    /** The live value; SECRET_MASK for secrets; null when the platform has none. */
    live: unknown;
}

export interface InSyncEntry {
    resource: DriftResource;
    name: string;
    id: string;
    /** Declared inputs whose values are not known before apply, so they could not be compared. */
    unknownFields?: string[];
}

export interface ChangedEntry extends InSyncEntry {
    fields: FieldDrift[];
}

export interface MissingEntry {
    resource: DriftResource;
    name: string;
    /** How the live record was looked for: `importId 13`, `number 1130001000`, … */
    lookedUpBy: string;
}

export interface UnmanagedEntry {
    resource: DriftResource;
    id: string;
    label: string;
    customerId?: number;
}

export interface NotCheckableEntry {
    resource: DriftResource;
    name: string;
    reason: string;
}

export interface DriftSummary {
    inSync: number;
    changed: number;
    missing: number;
    unmanaged: number;
    notCheckable: number;
    /** True when anything changed, is missing or is unmanaged: what a pipeline gates on. */
    drift: boolean;
}

export interface DriftReport {
    inSync: InSyncEntry[];
    changed: ChangedEntry[];
    missing: MissingEntry[];
    unmanaged: UnmanagedEntry[];
    notCheckable: NotCheckableEntry[];
    /** What the inventory could not read or map, and why (kept so a reader knows what was not looked at). */
    skipped: Skipped[];
    summary: DriftSummary;
}

const RESOURCE_ORDER: DriftResource[] = RESOURCES.map((entry) => entry.name);
const RESOURCE_OF_LIVE: Record<LiveRecord["resource"], DriftResource> = Object.fromEntries(
    RESOURCES.map((entry) => [entry.definition.name, entry.name]),
);
const RESOURCE_OF_KIND: Record<InventoryKind, DriftResource> = Object.fromEntries(
    RESOURCES.flatMap((entry) => (entry.inventory ? [[entry.inventory.kind, entry.name]] : [])),
);

/** What the inventory was narrowed to: declarations outside it are not looked for (drift --customers). */
export interface DriftScope {
    /** Only these NextBilling customers' records were read. */
    customers?: number[];
}

/** Compares declarations with the live records; each live record matches at most one declaration. */
export function compareWithInventory(
    declarations: Declaration[],
    inventory: Pick<Inventory, "records" | "skipped">,
    scope: DriftScope = {},
): DriftReport {
    const report: Omit<DriftReport, "summary"> = {
        inSync: [],
        changed: [],
        missing: [],
        unmanaged: [],
        notCheckable: [],
        skipped: inventory.skipped,
    };
    const claimed = new Set<LiveRecord>();
    // Records the inventory read but could not map (a DID without routing, a line or time profile no
    // declaration can say as it is), of every kind: still there, so neither "missing" when declared nor "unmanaged".
    const unmapped = inventory.skipped.filter((skip) => skip.id !== undefined);
    const claimedUnmapped = new Set<Skipped>();

    // importId first: an explicit adoption must win over another declaration's natural key.
    const ordered = [...declarations].sort((a, b) => Number(b.inputs.importId !== undefined) - Number(a.inputs.importId !== undefined));
    const outcomes = new Map<Declaration, () => void>();
    for (const declaration of ordered) {
        const rules = DRIFT_RULES[declaration.resource];
        const live = rules.live;
        if (!live || !rules.changedFields || !rules.sameRecord) {
            const reason = rules.notCheckable ?? "not checkable (its vendor cannot list it)";
            outcomes.set(declaration, () => report.notCheckable.push({ resource: declaration.resource, name: declaration.name, reason }));
            continue;
        }
        const kindSkipped = inventory.skipped.find((skip) => skip.kind === live.kind && skip.id === undefined);
        if (kindSkipped) {
            outcomes.set(declaration, () =>
                report.notCheckable.push({ resource: declaration.resource, name: declaration.name, reason: kindSkipped.reason }),
            );
            continue;
        }
        const importId = declaration.inputs.importId;
        const candidates = inventory.records.filter((record) => record.resource === live.resource && !claimed.has(record));
        const match =
            importId !== undefined
                ? candidates.find((record) => record.id === String(importId))
                : candidates.find((record) => rules.sameRecord!(declaration.inputs, record));
        if (match) {
            claimed.add(match);
            outcomes.set(declaration, () => compareOne(report, declaration, rules, match));
            continue;
        }
        // By importId whatever the kind; else by natural key, from the record as read (or a DID's number, from its label).
        const unmappedMatch = unmapped.find(
            (skip) =>
                skip.kind === live.kind &&
                !claimedUnmapped.has(skip) &&
                (importId !== undefined
                    ? skip.id === String(importId)
                    : skip.inputs
                      ? rules.sameRecord!(declaration.inputs, { inputs: skip.inputs })
                      : unmappedDidNumber(skip) === digitsOf(declaration.inputs.number)),
        );
        if (unmappedMatch) {
            claimedUnmapped.add(unmappedMatch);
            outcomes.set(declaration, () => reportUnmapped(report, declaration, rules, unmappedMatch));
            continue;
        }
        // Not found, but not looked for either: its customer's records were not read.
        const customerId = declaration.inputs.customerId;
        if (scope.customers && typeof customerId === "number" && !scope.customers.includes(customerId)) {
            const reason = `customer ${customerId} left out by --customers`;
            outcomes.set(declaration, () => report.notCheckable.push({ resource: declaration.resource, name: declaration.name, reason }));
            continue;
        }
        const lookedUpBy = importId !== undefined ? `importId ${String(importId)}` : rules.describeKey!(declaration.inputs);
        outcomes.set(declaration, () => report.missing.push({ resource: declaration.resource, name: declaration.name, lookedUpBy }));
    }
    // A stable order (the program's registrations arrive in no fixed order), so that reports of
    // the same drift are the same text: a pull-request comment updated in place shows no noise.
    const byResourceThenName = (a: Declaration, b: Declaration) =>
        RESOURCE_ORDER.indexOf(a.resource) - RESOURCE_ORDER.indexOf(b.resource) || a.name.localeCompare(b.name);
    for (const declaration of [...declarations].sort(byResourceThenName)) outcomes.get(declaration)!();

    for (const record of inventory.records) {
        if (claimed.has(record)) continue;
        report.unmanaged.push({
            resource: RESOURCE_OF_LIVE[record.resource],
            id: record.id,
            label: record.label,
            customerId: record.customerId,
        });
    }
    for (const skip of unmapped) {
        if (claimedUnmapped.has(skip)) continue;
        report.unmanaged.push({ resource: RESOURCE_OF_KIND[skip.kind], id: skip.id!, label: skip.label ?? "" });
    }
    report.unmanaged.sort(
        (a, b) =>
            RESOURCE_ORDER.indexOf(a.resource) - RESOURCE_ORDER.indexOf(b.resource) ||
            (a.customerId ?? -1) - (b.customerId ?? -1) ||
            a.id.localeCompare(b.id, undefined, { numeric: true }),
    );
    const summary: DriftSummary = {
        inSync: report.inSync.length,
        changed: report.changed.length,
        missing: report.missing.length,
        unmanaged: report.unmanaged.length,
        notCheckable: report.notCheckable.length,
        drift: report.changed.length + report.missing.length + report.unmanaged.length > 0,
    };
    return { ...report, summary };
}

/** The inventory labels an unmapped DID as `<digits> <description>`. */
function unmappedDidNumber(skip: Skipped): string | undefined {
    return skip.kind === "dids" ? skip.label?.split(" ")[0] : undefined;
}

/**
 * A declaration whose record the inventory read but could not map. A DID is skipped only for having
 * no routing, so what an `up` would change is known: its routing. Any other record cannot be put in
 * input shape, so it cannot be compared: the inventory's reason says what is wrong with it.
 */
function reportUnmapped(report: Omit<DriftReport, "summary">, declaration: Declaration, rules: ResourceRules, skip: Skipped): void {
    const { resource, name } = declaration;
    if (skip.kind === "dids") {
        const routing = shown(declaration, rules, "routing", declaration.inputs.routing);
        report.changed.push({ resource, name, id: skip.id!, fields: [{ field: "routing", declared: routing, live: null }] });
    } else {
        report.notCheckable.push({ resource, name, reason: `record ${skip.id!}: ${skip.reason}` });
    }
}

function compareOne(report: Omit<DriftReport, "summary">, declaration: Declaration, rules: ResourceRules, live: LiveRecord): void {
    const declared = declaration.inputs;
    const unknownFields = Object.keys(declared).filter((field) => !rules.notCompared.has(field) && containsUnknown(declared[field]));
    const fields = rules.changedFields!(live.inputs, declared)
        .filter((field) => !rules.notCompared.has(field) && !unknownFields.includes(field))
        .map((field) => ({
            field,
            declared: shown(declaration, rules, field, declared[field]),
            live: shown(declaration, rules, field, live.inputs[field]),
        }));
    const entry: InSyncEntry = { resource: declaration.resource, name: declaration.name, id: live.id };
    if (unknownFields.length > 0) entry.unknownFields = unknownFields;
    if (fields.length > 0) report.changed.push({ ...entry, fields });
    else report.inSync.push(entry);
}

/** A value as the report shows it: secrets masked, absent values as null (JSON has no undefined). */
function shown(declaration: Declaration, rules: ResourceRules, field: string, value: unknown): unknown {
    if (value === undefined || value === null) return null;
    if (rules.alwaysSecret.has(field) || declaration.secretInputs?.includes(field)) return SECRET_MASK;
    return value;
}

/** The process exit code for a report: 0 in sync, 2 drift (errors, 1, are the caller's). */
export function driftExitCode(report: DriftReport): 0 | 2 {
    return report.summary.drift ? 2 : 0;
}
