/**
 * What exists on the platforms, in each resource's own input shape: the ground truth behind
 * `telephony export` (write a program that adopts it) and `telephony drift` (compare it with a
 * program). One list call per kind (and per customer for names of lines, queues and IVRs),
 * never one per record.
 */
import { DirectcallClient } from "./directcall/client";
import { listCallbacks } from "./directcall/callbackUrl/vendor";
import { TelephonyError } from "./http/errors";
import { NextBillingClient } from "./nextbilling/client";
import { fromVendor as didFromVendor, listDids } from "./nextbilling/did/vendor";
import { listReferences, type Reference, type ReferenceKind } from "./nextbilling/references";
import { fromVendor as ringGroupFromVendor, listRingGroups } from "./nextbilling/ringGroup/vendor";

export const INVENTORY_KINDS = ["ringgroups", "dids", "callbacks"] as const;
export type InventoryKind = (typeof INVENTORY_KINDS)[number];

export interface LiveRecord {
    /** The resource class that manages this kind of record. */
    resource: "RingGroup" | "Did" | "CallbackUrl";
    /** The vendor's id: a record id, or a Directcall registration code. */
    id: string;
    /** NextBilling customer, when the record belongs to one. */
    customerId?: number;
    /** The record as the resource's inputs (secrets included: callers decide what to show). */
    inputs: Record<string, unknown>;
    /** A human label from the vendor (description, URL). */
    label: string;
}

/** A kind that could not be read at all, or one record that cannot be declared as it is. */
export interface Skipped {
    kind: InventoryKind;
    /** The record, when one record is skipped rather than the whole kind. */
    id?: string;
    label?: string;
    reason: string;
}

export interface Inventory {
    records: LiveRecord[];
    /** What could not be read or declared, and why (a server without the assumed DID list, say). */
    skipped: Skipped[];
    /** Names of lines, queues and IVRs, per customer, for the records that point at them. */
    names(kind: ReferenceKind, customerId: number, id: number): string | undefined;
}

export interface InventoryOptions {
    nextbilling?: NextBillingClient;
    directcall?: DirectcallClient;
    /** Only these NextBilling customers (default: every customer the token sees). */
    customers?: number[];
    only?: InventoryKind[];
    /** Called as each step finishes: for progress bars. */
    onProgress?: (step: string, done: number, total: number) => void;
}

export async function readInventory(options: InventoryOptions): Promise<Inventory> {
    const kinds = options.only ?? [...INVENTORY_KINDS];
    const wanted = (customerId: number) => !options.customers || options.customers.includes(customerId);
    const records: LiveRecord[] = [];
    const skipped: Skipped[] = [];
    const referenceNames = new Map<string, Reference[]>();
    const steps = kinds.length + 1;
    let done = 0;
    const progress = (step: string) => options.onProgress?.(step, ++done, steps);

    const nextbilling = options.nextbilling;
    if (kinds.includes("ringgroups") && nextbilling) {
        // /0 lists every customer's groups in one call; named customers are asked one by one.
        const scopes = options.customers ?? [0];
        for (const scope of scopes) {
            for (const record of (await listRingGroups(nextbilling, scope)).map(ringGroupFromVendor)) {
                const inputs = record.inputs as { customerId: number; description: string };
                if (!wanted(inputs.customerId)) continue;
                records.push({ resource: "RingGroup", id: record.id, customerId: inputs.customerId, inputs: record.inputs, label: inputs.description });
            }
        }
        progress("ring groups");
    } else if (kinds.includes("ringgroups")) {
        skipped.push({ kind: "ringgroups", reason: "no NextBilling configuration" });
    }

    if (kinds.includes("dids") && nextbilling) {
        const all = await listDids(nextbilling);
        if (all === undefined) {
            skipped.push({ kind: "dids", reason: "this NextBilling server has no DID list as assumed (GET manageDID/…/0 is undocumented)" });
        } else {
            for (const { id, inputs } of all.map(didFromVendor)) {
                const customerId = inputs.customerId as number;
                if (!wanted(customerId)) continue;
                const label = String(inputs.description);
                if (!inputs.routing) {
                    const reason = "it has no routing (did_type) in NextBilling yet; give it one in the panel, or declare it by hand";
                    skipped.push({ kind: "dids", id, label: `${String(inputs.number)} ${label}`, reason });
                    continue;
                }
                records.push({ resource: "Did", id, customerId, inputs, label });
            }
        }
        progress("DIDs");
    } else if (kinds.includes("dids")) {
        skipped.push({ kind: "dids", reason: "no NextBilling configuration" });
    }

    if (kinds.includes("callbacks") && options.directcall) {
        const registrations = await listCallbacks(options.directcall);
        if (registrations === undefined) {
            skipped.push({ kind: "callbacks", reason: "this Directcall server has no callback list as assumed (the list path is undocumented)" });
        } else {
            for (const { id, inputs } of registrations) records.push({ resource: "CallbackUrl", id, inputs, label: String(inputs.url) });
        }
        progress("callback URLs");
    } else if (kinds.includes("callbacks")) {
        skipped.push({ kind: "callbacks", reason: "no Directcall configuration" });
    }

    // Names for what DIDs point at, one list per customer and kind.
    if (nextbilling) {
        const needed = new Set<string>();
        for (const record of records) {
            if (record.resource !== "Did") continue;
            const routing = record.inputs.routing as Record<string, unknown>;
            if ("deviceId" in routing) needed.add(`line/${record.customerId}`);
            if (routing.type === "queue") needed.add(`queue/${record.customerId}`);
            if (routing.type === "ivr") needed.add(`ivr/${record.customerId}`);
        }
        for (const key of needed) {
            const [kind, customer] = key.split("/") as [ReferenceKind, string];
            try {
                referenceNames.set(key, await listReferences(nextbilling, kind, Number(customer)));
            } catch (error) {
                if (!(error instanceof TelephonyError)) throw error;
                referenceNames.set(key, []); // names are comments only: their absence is no failure
            }
        }
    }
    progress("names of lines, queues and IVRs");

    return {
        records,
        skipped,
        names: (kind, customerId, id) => referenceNames.get(`${kind}/${customerId}`)?.find((reference) => reference.id === id)?.name,
    };
}
