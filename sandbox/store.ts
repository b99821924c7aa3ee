import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Bumped whenever the saved shape changes incompatibly, so an old state file is refused instead of misread. */
export const STATE_VERSION = 1;

/**
 * Everything the emulator remembers. One section per vendor, so Directcall callbacks or Erix agents
 * can be added as their own sections without touching NextBilling's.
 */
export interface SandboxState {
    version: typeof STATE_VERSION;
    nextbilling: NextBillingState;
}

export interface NextBillingState {
    customers: NextBillingCustomer[];
    lines: NextBillingLine[];
    ringGroups: RingGroup[];
    /** Ids are never reused, as on the vendor, so a deleted record's id cannot come back as another record. */
    nextId: { ringGroup: number };
}

/** Records keep the vendor's field names so state dumps read like the vendor's own data. */
export interface NextBillingCustomer {
    id: number;
    nome: string;
}

export interface NextBillingLine {
    id: number;
    id_cliente: number;
    nome: string;
    ramal: string;
}

export const RING_STRATEGIES = ["ringall", "random", "linear"] as const;
export type RingStrategy = (typeof RING_STRATEGIES)[number];

export interface RingGroup {
    id: number;
    id_cliente: number;
    descricao: string;
    strategy: RingStrategy;
    devices: number[];
    status: 0 | 1;
}

export function emptyState(): SandboxState {
    return {
        version: STATE_VERSION,
        nextbilling: { customers: [], lines: [], ringGroups: [], nextId: { ringGroup: 1 } },
    };
}

export function isEmptyState(state: SandboxState): boolean {
    const nb = state.nextbilling;
    return nb.customers.length === 0 && nb.lines.length === 0 && nb.ringGroups.length === 0;
}

/**
 * Holds the state in memory and, when given a file, mirrors every change to it.
 * Changes run on a copy that replaces the live state only once it is saved, so a failed write
 * never leaves memory ahead of the disk.
 */
export class Store {
    private current: SandboxState;

    private constructor(
        initial: SandboxState,
        readonly file: string | undefined,
    ) {
        this.current = initial;
    }

    /** Loads `file` when it exists; otherwise starts empty (and creates the file on the first change). */
    static open(file?: string): Store {
        if (file === undefined) return new Store(emptyState(), undefined);
        mkdirSync(dirname(file), { recursive: true });
        const state = existsSync(file) ? parseState(readFileSync(file, "utf8"), file) : emptyState();
        return new Store(state, file);
    }

    /** The live state. Read it freely; change it only through `update` or `replace`. */
    get state(): SandboxState {
        return this.current;
    }

    update<T>(change: (draft: SandboxState) => T): T {
        const draft = structuredClone(this.current);
        const result = change(draft);
        this.commit(draft);
        return result;
    }

    replace(state: SandboxState): void {
        this.commit(structuredClone(state));
    }

    private commit(next: SandboxState): void {
        if (this.file !== undefined) writeAtomically(this.file, JSON.stringify(next, null, 2) + "\n");
        this.current = next;
    }
}

function parseState(text: string, file: string): SandboxState {
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (error) {
        throw new Error(`sandbox state file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    const candidate = parsed as Partial<SandboxState> | null;
    if (candidate?.version !== STATE_VERSION) {
        throw new Error(
            `sandbox state file ${file} has version ${String(candidate?.version)}; this sandbox reads version ${STATE_VERSION}`,
        );
    }
    const nb = candidate.nextbilling;
    if (
        !nb ||
        !Array.isArray(nb.customers) ||
        !Array.isArray(nb.lines) ||
        !Array.isArray(nb.ringGroups) ||
        typeof nb.nextId?.ringGroup !== "number"
    ) {
        throw new Error(`sandbox state file ${file} has no usable "nextbilling" section`);
    }
    return candidate as SandboxState;
}

/** A reader (or a crash mid-write) sees either the old file or the new one, never half of one: rename is atomic within a directory. */
function writeAtomically(file: string, text: string): void {
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomUUID()}.tmp`);
    try {
        writeFileSync(temp, text);
        renameSync(temp, file);
    } catch (error) {
        rmSync(temp, { force: true });
        throw error;
    }
}
