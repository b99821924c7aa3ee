/**
 * `nextbilling.Queue`'s definition for the kit: its schema and fields, its natural key (customer +
 * description, as ring groups'), the references checked at preview (its lines and overflow queue),
 * and its vendor calls, of which create and delete are assumed. The engine reaches the provider
 * through provider/dynamic/nextbilling-queue.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TelephonyError } from "../../http/errors";
import type { Inputs, ResourceDefinition } from "../../kit/resource";
import { dynamicProvider } from "../../kit/resource";
import { nextBillingClient, warn } from "../../runtime";
import type { NextBillingClient } from "../client";
import { describedByCustomer } from "../customerRecords";
import { QueueType } from "./Queue";
import { queueFields, queueSchema, type QueueInputs } from "./schema";
import { isKnownId, referenceFailures, type Wanted } from "../references";
import { createQueue, deleteQueue, fromVendor, QUEUES, toVendor, updateQueue } from "./vendor";

/** The lines and the overflow queue must be the customer's: checked at preview, those already known, against one list per customer. */
export async function checkQueueReferences(client: NextBillingClient, inputs: QueueInputs): Promise<dynamic.CheckFailure[]> {
    if (!isKnownId(inputs.customerId)) return [];
    const wanted: Wanted[] = [];
    const devices: unknown[] = Array.isArray(inputs.devices) ? inputs.devices : [];
    devices.forEach((id, index) => isKnownId(id) && wanted.push({ kind: "line", id, property: `devices[${index}]` }));
    if (isKnownId(inputs.overflowQueueId)) wanted.push({ kind: "queue", id: inputs.overflowQueueId, property: "overflowQueueId" });
    return referenceFailures(client, inputs.customerId, wanted);
}

/** Rules between inputs, over the values known: the kit's schema cannot hold them (ResourceDefinition.rules). */
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

const described = describedByCustomer<QueueInputs>(QUEUES, fromVendor);

export const queueDefinition: ResourceDefinition<QueueInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "Queue",
    noun: "queue",
    schema: queueSchema,
    fields: queueFields,
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    rules: queueRules,
    checkAtVendor: checkQueueReferences,
    adoptionScope: described.adoptionScope,
    naturalKey: described.naturalKey,
    attribute: (error: TelephonyError) => VENDOR_TEXT_PROPERTY.find(([pattern]) => pattern.test(error.vendorReason ?? ""))?.[1],
    vendor: {
        read: described.read,
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

export const queueProvider = dynamicProvider(queueDefinition);
