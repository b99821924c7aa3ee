/**
 * The NextBilling records other resources point at: lines (listDevices, documented, its answer
 * nested per customer), queues (manageQueue) and IVRs (manageIvr), whose GET answers are
 * undocumented. Listed once per customer per provider process and shared by every resource, so
 * checking N DIDs' references costs a few list calls, not N.
 */
import { TelephonyError } from "../http/errors";
import { UnexpectedShape } from "../kit/undocumented";
import { warnOnce } from "../runtime";
import type { NextBillingClient } from "./client";
import type { CustomerRecords } from "./customerRecords";
import { IVRS } from "./ivr/vendor";
import { LINES } from "./line/vendor";
import { QUEUES } from "./queue/vendor";

export interface Reference {
    id: number;
    name: string;
}

export type ReferenceKind = "line" | "queue" | "ivr";

/** The kind listed for names of a referenced resource's records (`Line` → `line`), when there is one. */
export function referenceKindOf(resource: string): ReferenceKind | undefined {
    return ({ Line: "line", Queue: "queue", Ivr: "ivr" } as const)[resource as "Line" | "Queue" | "Ivr"];
}

/** Where each kind is listed: the same lists, cache and write-through the resources use (customerRecords.ts). */
const LISTS: Record<ReferenceKind, CustomerRecords> = { line: LINES, queue: QUEUES, ivr: IVRS };

/** GET /api/listDevices/T/K/{customerId}, /api/manageQueue/T/K/{customerId}, /api/manageIvr/T/K/{customerId}. */
export function listReferences(client: NextBillingClient, kind: ReferenceKind, customerId: number): Promise<Reference[]> {
    return LISTS[kind].references(client, customerId);
}

/**
 * Whether `id` is a `kind` of the customer: true, false, or undefined when the list cannot be read
 * here (the server answers it otherwise than assumed), in which case the vendor's own check
 * decides at create. Only bad credentials and throttling fail the check itself.
 */
export async function referenceExists(
    client: NextBillingClient,
    kind: ReferenceKind,
    customerId: number,
    id: number,
): Promise<{ exists?: boolean; known: Reference[] }> {
    try {
        const known = await listReferences(client, kind, customerId);
        return { exists: known.some((reference) => reference.id === id), known };
    } catch (error) {
        if (error instanceof TelephonyError && (error.cause === "authentication" || error.cause === "rate_limit")) throw error;
        if (!(error instanceof TelephonyError || error instanceof UnexpectedShape)) throw error;
        warnOnce(
            `${LISTS[kind].spec.names.list}:check`,
            `NextBilling ${LISTS[kind].spec.names.list} could not be read (${error.message}): ${kind} references are left to NextBilling's own check at create.`,
        );
        return { known: [] };
    }
}
