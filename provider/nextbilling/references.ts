/**
 * The NextBilling records other resources point at (lines, queues, IVRs, ring groups, time
 * profiles), checked at preview against the very lists their own resources read and write through
 * (customerRecords.ts): one list per kind per customer per run, so checking N DIDs costs a few
 * list calls, not N, and a record made in this run is known to what is checked after it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { leftToCreate } from "../kit/check";
import { warnedOnce, warnOnce } from "../runtime";
import type { NextBillingClient } from "./client";
import type { CustomerRecords } from "./customerRecords";
import { IVRS } from "./ivr/vendor";
import { LINES } from "./line/vendor";
import { QUEUES } from "./queue/vendor";
import { RING_GROUPS } from "./ringGroup/vendor";
import { TIME_PROFILES } from "./timeProfile/vendor";

export interface Reference {
    id: number;
    name: string;
}

export type ReferenceKind = "line" | "queue" | "ivr" | "ringGroup" | "timeProfile";

/** Each kind: its records, and what one and many are called in messages. */
const KINDS: Record<ReferenceKind, { records: CustomerRecords; nouns: [string, string]; resource: string }> = {
    line: { records: LINES, nouns: ["line", "lines"], resource: "Line" },
    queue: { records: QUEUES, nouns: ["queue", "queues"], resource: "Queue" },
    ivr: { records: IVRS, nouns: ["IVR", "IVRs"], resource: "Ivr" },
    ringGroup: { records: RING_GROUPS, nouns: ["ring group", "ring groups"], resource: "RingGroup" },
    timeProfile: { records: TIME_PROFILES, nouns: ["time profile", "time profiles"], resource: "TimeProfile" },
};

/** The kind a referenced resource's records are (`Line` → `line`), when it is one of them. */
export function referenceKindOf(resource: string): ReferenceKind | undefined {
    return (Object.keys(KINDS) as ReferenceKind[]).find((kind) => KINDS[kind].resource === resource);
}

/** The customer's records of a kind as ids and names: GET /api/listDevices/T/K/{customerId}, /api/manageQueue/…, … */
export function listReferences(client: NextBillingClient, kind: ReferenceKind, customerId: number): Promise<Reference[]> {
    return KINDS[kind].records.references(client, customerId);
}

/** One id an input points at: where the program wrote it (`options.1.queueId`) and what it must be. */
export interface Wanted {
    kind: ReferenceKind;
    id: unknown;
    property: string;
}

/** At most this many of the customer's records are named in a failure: a tenant of 300 lines would bury the message. */
const MAX_CHOICES = 20;

/** A known id: a positive integer (an unknown value, or one the schema will refuse, is not checked here). */
export const isKnownId = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value > 0;

/**
 * Failures for the ids that are not the customer's, each naming the property and the customer's
 * records of that kind. Ids not known yet (another resource's output, in a preview) are left to
 * NextBilling at create, as is every reference of a kind whose list cannot be read here (with one
 * warning); only bad credentials and throttling fail the check itself.
 */
export async function referenceFailures(
    client: NextBillingClient,
    customerId: unknown,
    wanted: readonly Wanted[],
): Promise<dynamic.CheckFailure[]> {
    if (!isKnownId(customerId)) return [];
    const failures: dynamic.CheckFailure[] = [];
    const lists = new Map<ReferenceKind, Reference[] | undefined>();
    for (const { kind, id, property } of wanted) {
        if (!isKnownId(id)) continue;
        if (!lists.has(kind)) lists.set(kind, await readableReferences(client, kind, customerId));
        const known = lists.get(kind);
        if (known === undefined || known.some((reference) => reference.id === id)) continue;
        const [noun, plural] = KINDS[kind].nouns;
        const shown = known.slice(0, MAX_CHOICES).map((reference) => `${reference.id} (${reference.name})`);
        if (known.length > MAX_CHOICES) shown.push(`… ${known.length - MAX_CHOICES} more`);
        failures.push({
            property,
            reason: `${property}: customer ${customerId} has no ${noun} ${id}; its ${plural}: ${shown.length ? shown.join(", ") : "none"}`,
        });
    }
    return failures;
}

async function readableReferences(client: NextBillingClient, kind: ReferenceKind, customerId: number): Promise<Reference[] | undefined> {
    const list = KINDS[kind].records.spec.names.list;
    // Not tried again once it failed: every Check, one at a time, would wait for its retries and timeouts.
    if (warnedOnce(`${list}:check`)) return undefined;
    try {
        return await listReferences(client, kind, customerId);
    } catch (error) {
        if (!leftToCreate(error)) throw error;
        warnOnce(
            `${list}:check`,
            `NextBilling ${list} could not be read (${error.message}): ${KINDS[kind].nouns[0]} references are left to NextBilling's own check at create.`,
        );
        return undefined;
    }
}
