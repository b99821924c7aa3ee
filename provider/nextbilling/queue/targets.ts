/**
 * The records a queue or an IVR points at (lines, queues, IVRs, ring groups, time profiles) checked
 * against the customer's lists at preview, each list once per customer per run and kept true by
 * this process's writes. Queues and IVRs are checked against the very lists their own resources
 * read (queue/vendor.ts, ivr/vendor.ts), so checking and creating them costs one list call per
 * customer; lines against references.ts's, which line/vendor.ts writes through to.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { TelephonyError } from "../../http/errors";
import { UnexpectedShape } from "../../kit/undocumented";
import { warnOnce } from "../../runtime";
import type { NextBillingClient } from "../client";
import { listIvrs } from "../ivr/vendor";
import { customerOf, integer, text, type VendorRecord } from "../records";
import { listReferences, type Reference, type ReferenceKind } from "../references";
import { listRingGroups } from "../ringGroup/vendor";
import { listQueues } from "./vendor";

export type TargetKind = ReferenceKind | "ringGroup" | "timeProfile";

const NOUNS: Record<TargetKind, [string, string]> = {
    line: ["line", "lines"],
    queue: ["queue", "queues"],
    ivr: ["IVR", "IVRs"],
    ringGroup: ["ring group", "ring groups"],
    timeProfile: ["time profile", "time profiles"],
};

const LIST_NAMES: Record<TargetKind, string> = {
    line: "listDevices",
    queue: "listQueues",
    ivr: "listIvrs",
    ringGroup: "listRingGroups",
    timeProfile: "listTimeProfiles",
};

/** One id an input points at: where the program wrote it (`options.1.queueId`) and what it must be. */
export interface Wanted {
    kind: TargetKind;
    id: number;
    property: string;
}

/** At most this many of the customer's records are named in a failure: a tenant of 300 lines would bury the message. */
const MAX_CHOICES = 20;

/** A known id: a positive integer (an unknown value, or one the schema will refuse, is not checked here). */
export const isKnownId = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value > 0;

/**
 * GET /api/manageTimeProfiles/T/K/{customerId} as references.ts lists the other kinds: `{id, name}`
 * under `manageTimeProfiles/{customerId}`, the key and shape timeProfile/vendor.ts writes its own
 * creates through to, so a profile made in this run is known to the IVR checked after it. (It
 * belongs in references.ts as a fourth kind; it lives here so that file stays as it is.)
 */
function listTimeProfileReferences(client: NextBillingClient, customerId: number): Promise<Reference[]> {
    return client.lists.get(`manageTimeProfiles/${customerId}`, async () => {
        const records = await client.list({ name: "listTimeProfiles", apiMethod: "manageTimeProfiles", id: customerId });
        return records
            .filter((record) => Number.isNaN(customerOf(record)) || customerOf(record) === customerId)
            .map((record) => ({ id: integer(record.id), name: text(record.descricao ?? record.nome) }));
    });
}

/** A cached list's ids and names, made once per list: a write-through replaces a cached list, never edits it (kit/listCache.ts). */
const namesOf = new WeakMap<readonly VendorRecord[], Reference[]>();
function named(records: readonly VendorRecord[]): Reference[] {
    let references = namesOf.get(records);
    if (!references) {
        references = records.map((record) => ({ id: integer(record.id), name: text(record.descricao ?? record.nome) }));
        namesOf.set(records, references);
    }
    return references;
}

/** The customer's records of a kind as ids and names, each list once per run and kept true by this process's writes. */
async function targets(client: NextBillingClient, kind: TargetKind, customerId: number): Promise<Reference[]> {
    switch (kind) {
        case "line":
            return listReferences(client, "line", customerId);
        case "queue":
            return named(await listQueues(client, customerId));
        case "ivr":
            return named(await listIvrs(client, customerId));
        case "ringGroup":
            return named(await listRingGroups(client, customerId));
        case "timeProfile":
            return listTimeProfileReferences(client, customerId);
    }
}

/**
 * Failures for the ids that are not the customer's, each naming the property and the customer's
 * records of that kind (as the DID's check words them). A list that cannot be read leaves its
 * references to NextBilling's own check at create, with one warning; only bad credentials and
 * throttling fail the check itself.
 */
export async function referenceFailures(
    client: NextBillingClient,
    customerId: number,
    wanted: readonly Wanted[],
): Promise<dynamic.CheckFailure[]> {
    const failures: dynamic.CheckFailure[] = [];
    const lists = new Map<TargetKind, Reference[] | undefined>();
    for (const { kind, id, property } of wanted) {
        if (!lists.has(kind)) {
            try {
                lists.set(kind, await targets(client, kind, customerId));
            } catch (error) {
                if (error instanceof TelephonyError && (error.cause === "authentication" || error.cause === "rate_limit")) throw error;
                if (!(error instanceof TelephonyError || error instanceof UnexpectedShape)) throw error;
                warnOnce(
                    `${LIST_NAMES[kind]}:check`,
                    `NextBilling ${LIST_NAMES[kind]} could not be read (${error.message}): ${NOUNS[kind][0]} references are left to NextBilling's own check at create.`,
                );
                lists.set(kind, undefined);
            }
        }
        const known = lists.get(kind);
        if (known === undefined || known.some((reference) => reference.id === id)) continue;
        const [noun, plural] = NOUNS[kind];
        const shown = known.slice(0, MAX_CHOICES).map((reference) => `${reference.id} (${reference.name})`);
        if (known.length > MAX_CHOICES) shown.push(`… ${known.length - MAX_CHOICES} more`);
        failures.push({
            property,
            reason: `${property}: customer ${customerId} has no ${noun} ${id}; its ${plural}: ${shown.length ? shown.join(", ") : "none"}`,
        });
    }
    return failures;
}
