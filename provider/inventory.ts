/**
 * What exists on the platforms, in each resource's own input shape: the ground truth behind
 * `telephony export` (write a program that adopts it) and `telephony drift` (compare it with a
 * program). Each resource of the registry lists its own records (provider/resources.ts); one list
 * call per kind (and per customer for names of records pointed at but not read, when only some
 * kinds are), never one per record.
 */
import type { InventoryRecord, Reference, ResourceEntry, Skipped, VendorName } from "./kit/entry";
import { TelephonyError } from "./http/errors";
import { UnexpectedShape } from "./kit/undocumented";
import { NextBillingClient } from "./nextbilling/client";
import { listReferences, referenceKindOf, type Reference as Named, type ReferenceKind } from "./nextbilling/references";
import { RESOURCES, inventoryKinds } from "./resources";

export type { InventoryRecord, InventoryRecord as LiveRecord, Skipped } from "./kit/entry";

/** The word of a listable kind: `ringgroups`, `dids`, `callbacks`. */
export type InventoryKind = string;
export const INVENTORY_KINDS: readonly InventoryKind[] = inventoryKinds();

export interface Inventory {
    records: InventoryRecord[];
    /** What could not be read or declared, and why (a server without the assumed DID list, say). */
    skipped: Skipped[];
    /** Names of the records others point at and the inventory did not read (with `withNames`), for export's comments. */
    names(kind: ReferenceKind, customerId: number, id: number): string | undefined;
}

export interface InventoryOptions {
    /** The vendors' clients; a vendor without one is reported as not configured. */
    clients: Partial<Record<VendorName, unknown>>;
    /** Only these NextBilling customers (default: every customer the token sees). */
    customers?: number[];
    only?: InventoryKind[];
    /** List the names of records pointed at but not read (export's comments); drift has no use for them. */
    withNames?: boolean;
    /** Called as each step finishes: for progress bars. */
    onProgress?: (step: string, done: number, total: number) => void;
}

export async function readInventory(options: InventoryOptions): Promise<Inventory> {
    const wanted = (entry: ResourceEntry<any, any>) => entry.inventory && (!options.only || options.only.includes(entry.inventory.kind));
    const entries = RESOURCES.filter(wanted);
    const records: InventoryRecord[] = [];
    const skipped: Skipped[] = [];
    const steps = entries.length + (options.withNames ? 1 : 0);
    let done = 0;
    const progress = (step: string) => options.onProgress?.(step, ++done, steps);

    for (const entry of entries) {
        const { kind, nouns, list } = entry.inventory!;
        const client = options.clients[entry.vendor];
        if (client === undefined) {
            skipped.push({ kind, reason: `no ${entry.vendor} configuration` });
        } else {
            const listing = await list(client, { customers: options.customers });
            records.push(...listing.records);
            skipped.push(...listing.skipped);
        }
        progress(nouns[1]);
    }

    // Names of what records point at, one list per customer and kind; they are comments only, so a failure is no error.
    const referenceNames = new Map<string, Named[]>();
    const nextbilling = options.clients.NextBilling as NextBillingClient | undefined;
    if (nextbilling && options.withNames) {
        const needed = new Map<string, Reference & { kind: ReferenceKind }>();
        // A target read above is declared in the same program (a reference in code, not a name in a comment).
        const read = new Set(records.map((record) => `${record.resource}/${record.id}`));
        for (const record of records) {
            const entry = RESOURCES.find((candidate) => candidate.definition.name === record.resource);
            if (!entry?.inventory?.namesReferences) continue;
            for (const reference of entry.inventory.references?.(record) ?? []) {
                const kind = referenceKindOf(reference.resource);
                if (kind && !read.has(`${reference.resource}/${reference.id}`))
                    needed.set(`${kind}/${reference.customerId}`, { ...reference, kind });
            }
        }
        for (const [key, reference] of needed) {
            try {
                referenceNames.set(key, await listReferences(nextbilling, reference.kind, reference.customerId));
            } catch (error) {
                if (!(error instanceof TelephonyError || error instanceof UnexpectedShape)) throw error;
                referenceNames.set(key, []);
            }
        }
    }
    if (options.withNames) progress("names of what records point at");

    return {
        records,
        skipped,
        names: (kind, customerId, id) => referenceNames.get(`${kind}/${customerId}`)?.find((reference) => reference.id === id)?.name,
    };
}
