/**
 * `nextbilling.Queue`'s definition for the kit: its schema and fields, its natural key (customer +
 * description, as ring groups'), the references checked at preview (its lines and overflow queue),
 * and its vendor calls, of which create and delete are assumed. The engine reaches the provider
 * through provider/dynamic/nextbilling-queue.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TelephonyError } from "../../http/errors";
import { indexed } from "../../kit/listCache";
import type { Inputs, ResourceDefinition } from "../../kit/resource";
import { UnexpectedShape } from "../../kit/undocumented";
import { nextBillingClient, warn, warnOnce } from "../../runtime";
import type { NextBillingClient } from "../client";
import { integer, type VendorRecord } from "../records";
import { QueueType } from "./Queue";
import { queueFields, queueSchema, type QueueInputs } from "./schema";
import { comparableDescription, providerWithChecks } from "./shared";
import { isKnownId, referenceFailures, type Wanted } from "./targets";
import { createQueue, deleteQueue, fromVendor, listQueues, toVendor, updateQueue } from "./vendor";

/** A listed queue's description as compared, once per record: a create scans the customer's whole list. */
const comparableOf = new WeakMap<VendorRecord, string>();
function listedDescription(record: VendorRecord): string {
    let description = comparableOf.get(record);
    if (description === undefined) {
        description = comparableDescription(record.descricao);
        comparableOf.set(record, description);
    }
    return description;
}

const listedId = (record: VendorRecord) => String(integer(record.id));

/**
 * The customer's queues, or `undefined` when the list answer is of no shape we can read (it is
 * undocumented): then the duplicate check and refresh give up, once, with a warning.
 */
async function readableQueues(client: NextBillingClient, customerId: number, fresh: boolean): Promise<VendorRecord[] | undefined> {
    try {
        return await listQueues(client, customerId, fresh);
    } catch (error) {
        if (!(error instanceof UnexpectedShape)) throw error;
        warnOnce(
            "listQueues:shape",
            `${error.message}: the duplicate check of queues is left out and refresh keeps their stored state (the list answer is undocumented; docs/vendors/nextbilling.md).`,
        );
        return undefined;
    }
}

/** The lines and the overflow queue must be the customer's: checked at preview, those already known, against one list per customer. */
export async function checkQueueReferences(client: NextBillingClient, inputs: QueueInputs): Promise<dynamic.CheckFailure[]> {
    if (!isKnownId(inputs.customerId)) return [];
    const wanted: Wanted[] = [];
    const devices: unknown[] = Array.isArray(inputs.devices) ? inputs.devices : [];
    devices.forEach((id, index) => isKnownId(id) && wanted.push({ kind: "line", id, property: `devices[${index}]` }));
    if (isKnownId(inputs.overflowQueueId)) wanted.push({ kind: "queue", id: inputs.overflowQueueId, property: "overflowQueueId" });
    return referenceFailures(client, inputs.customerId, wanted);
}

/** Rules between inputs, over the values known: the kit's schema cannot hold them (shared.ts). */
export function queueRules(inputs: Inputs): dynamic.CheckFailure[] {
    const failures: dynamic.CheckFailure[] = [];
    const type = inputs.type ?? QueueType.Basic;
    if (
        inputs.playAgentAudio === true &&
        typeof type === "string" &&
        type !== QueueType.Full &&
        (Object.values(QueueType) as string[]).includes(type)
    ) {
        failures.push({
            property: "playAgentAudio",
            reason: `playAgentAudio plays hold music to agents only in a "full" queue (queue_type 2), and this queue's type is "${type}": set type "full", or leave playAgentAudio out`,
        });
    }
    // Check is not told the record's own id (it runs before create, and the engine sends inputs only): an
    // adopted queue's is its importId. Any other self-overflow is NextBilling's to refuse, attributed below.
    const overflow = inputs.overflowQueueId;
    if (isKnownId(overflow) && overflow === inputs.importId) {
        failures.push({
            property: "overflowQueueId",
            reason: `overflowQueueId: queue ${overflow} is this queue itself; its overflow must be another of the customer's queues`,
        });
    }
    return failures;
}

/** Which input a vendor refusal concerns, from its text; the error keeps the text itself. */
const VENDOR_TEXT_PROPERTY: [RegExp, string][] = [
    [/^Linha\b|devices/i, "devices"],
    [/transbordo|id_backup1/i, "overflowQueueId"],
    [/Estrat[ée]gia|strategy/i, "strategy"],
    [/^Cliente\b|id_cliente/i, "customerId"],
    [/descri[cç][aã]o|descricao/i, "description"],
    [/musiconhold/i, "musicOnHold"],
    [/announce_frequency/i, "announceFrequencySeconds"],
    [/announce_holdtime/i, "announceHoldTime"],
    [/announce_position/i, "announcePosition"],
    [/announce|[áa]udio/i, "announceAudioId"],
    [/queue_type/i, "type"],
    [/play_agent_audio/i, "playAgentAudio"],
    [/wrapuptime/i, "wrapUpSeconds"],
    [/retry/i, "retrySeconds"],
    [/timeout/i, "timeoutSeconds"],
];

export const queueDefinition: ResourceDefinition<QueueInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "Queue",
    noun: "queue",
    schema: queueSchema,
    fields: queueFields,
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    checkAtVendor: checkQueueReferences,
    adoptionScope: (inputs) => ({ text: `of customer ${inputs.customerId}`, inputs: ["customerId"] }),
    naturalKey: {
        property: "description",
        key: (inputs) => `${inputs.customerId}/${comparableDescription(inputs.description)}`,
        describe: (inputs) => `customer ${inputs.customerId} and description ${JSON.stringify(inputs.description)}`,
        alternative: "give it a different description",
        async find(client, inputs, fresh) {
            const queues = await readableQueues(client, inputs.customerId, fresh);
            if (queues === undefined) return undefined;
            const wanted = comparableDescription(inputs.description);
            const twin = queues.find((record) => listedDescription(record) === wanted);
            return twin ? fromVendor(twin) : null;
        },
    },
    attribute: (error: TelephonyError) => VENDOR_TEXT_PROPERTY.find(([pattern]) => pattern.test(error.vendorReason ?? ""))?.[1],
    vendor: {
        async read(client, id, stored) {
            const queues = await readableQueues(client, stored.customerId, false);
            if (queues === undefined) return undefined;
            const record = indexed(queues, listedId).get(id);
            return record ? fromVendor(record) : null;
        },
        create: async (client, inputs) => String(await createQueue(client, toVendor(inputs))),
        update: (client, id, news) => updateQueue(client, Number(id), toVendor(news)),
        async delete(client, id, stored) {
            if (await deleteQueue(client, Number(id), stored.customerId)) return;
            warn(
                `queue ${id} (${JSON.stringify(stored.description)}, customer ${stored.customerId}) was left at NextBilling: this server has no queue delete as assumed ` +
                    "(DELETE /api/manageQueue/T/K/0?id_record=N, undocumented); delete it in NextBilling's panel.",
            );
        },
    },
};

export const queueProvider = providerWithChecks(queueDefinition, queueRules);
