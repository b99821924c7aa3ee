/**
 * manageQueue, as "[ API ] Gerenciar Filas de Atendimento" documents it (docs/vendors/nextbilling.md):
 * GET …/{0 or customer} lists and POST …/0 updates; the page is cut before any answer, before the
 * rest of `devices`, and before any create or delete. ASSUMED, by analogy with manageRingGroups:
 * PUT …/0 creates (answering `new_record`), the update names the queue by `id_record`, and
 * DELETE …/0?id_record=N deletes. The list is read in every plausible shape (records.ts), and is the
 * one list references.ts checks queue references against.
 */
import type { LiveRecord } from "../../kit/resource";
import type { NextBillingClient } from "../client";
import { bit, customerOf, flag, idOfObject, integer, integerList, isSet, objectOf, text, type VendorRecord } from "../records";
import { QUEUE_TYPE_CODES, type MusicOnHold, type QueueStrategy, type QueueType } from "./Queue";
import type { QueueInputs } from "./schema";
import { CustomerRecords } from "../customerRecords";

const API_METHOD = "manageQueue";

/** The documented request fields, every one sent (the update sends the full record, as ring groups'). */
export interface VendorQueue {
    id_cliente: number;
    descricao: string;
    strategy: QueueStrategy;
    musiconhold: MusicOnHold;
    announce: { id: number } | null;
    announce_frequency: number;
    announce_holdtime: 0 | 1;
    announce_position: 0 | 1;
    retry: number;
    timeout: number;
    wrapuptime: number;
    reportholdtime: 0 | 1;
    ringinuse: 0 | 1;
    queue_type: 0 | 1 | 2;
    play_agent_audio: 0 | 1;
    id_backup1: number;
    devices: number[];
}

export function toVendor(inputs: QueueInputs): VendorQueue {
    return {
        id_cliente: inputs.customerId,
        descricao: inputs.description,
        strategy: inputs.strategy,
        musiconhold: inputs.musicOnHold,
        announce: objectOf(inputs.announceAudioId),
        announce_frequency: inputs.announceFrequencySeconds,
        announce_holdtime: bit(inputs.announceHoldTime),
        announce_position: bit(inputs.announcePosition),
        retry: inputs.retrySeconds,
        timeout: inputs.timeoutSeconds,
        wrapuptime: inputs.wrapUpSeconds,
        reportholdtime: bit(inputs.reportHoldTime),
        ringinuse: bit(inputs.ringInUse),
        queue_type: QUEUE_TYPE_CODES[inputs.type],
        play_agent_audio: bit(inputs.playAgentAudio),
        id_backup1: inputs.overflowQueueId ?? 0,
        devices: inputs.devices,
    };
}

const TYPE_OF_CODE = new Map(Object.entries(QUEUE_TYPE_CODES).map(([type, code]) => [code, type as QueueType]));

/** A number the vendor may leave out, with the vendor's default for nothing. */
const numberOr = (value: unknown, fallback: number) => (isSet(value) ? integer(value) : fallback);

/**
 * A listed queue in the resource's input shape, every field (absent ones as the vendor's defaults).
 * A `queue_type` or `strategy` this package does not know is kept as the vendor wrote it, so drift
 * shows it and an export of it is refused with the values allowed. `play_agent_audio` means
 * something only in a full queue ("caso queue_type = 2"): elsewhere it reads as false.
 */
export function fromVendor(record: VendorRecord): LiveRecord {
    const code = isSet(record.queue_type) ? integer(record.queue_type) : 0;
    const type = TYPE_OF_CODE.get(code as 0 | 1 | 2) ?? text(record.queue_type);
    const inputs: Record<string, unknown> = {
        customerId: customerOf(record),
        description: text(record.descricao),
        strategy: isSet(record.strategy) ? text(record.strategy) : "ringall",
        devices: integerList(record.devices),
        musicOnHold: isSet(record.musiconhold) ? text(record.musiconhold) : "default",
        announceAudioId: idOfObject(record.announce),
        announceFrequencySeconds: numberOr(record.announce_frequency, 0),
        announceHoldTime: flag(record.announce_holdtime),
        announcePosition: flag(record.announce_position),
        retrySeconds: numberOr(record.retry, 5),
        timeoutSeconds: numberOr(record.timeout, 30),
        wrapUpSeconds: numberOr(record.wrapuptime, 0),
        reportHoldTime: flag(record.reportholdtime),
        ringInUse: flag(record.ringinuse),
        type,
        playAgentAudio: type === "full" && flag(record.play_agent_audio),
        overflowQueueId: idOfObject(record.id_backup1),
    };
    for (const name of ["announceAudioId", "overflowQueueId"]) if (inputs[name] === undefined) delete inputs[name];
    return { id: String(integer(record.id)), inputs };
}

// ---------------------------------------------------------------------------------------------
// Calls (customerRecords.ts: list cache, write-through, the writes a server lacks)

export const QUEUES = new CustomerRecords({
    listMethod: API_METHOD,
    writeMethod: API_METHOD,
    writeSegment: 0,
    names: { list: "listQueues", create: "createQueue", update: "updateQueue", delete: "deleteQueue" },
    noun: "queue",
    // The update (POST …/0) is documented; the create and delete are not.
    assumed: { create: true, update: false, delete: true },
    label: (record) => record.descricao ?? record.nome,
});

/** GET /api/manageQueue/T/K/{customerId}: the customer's queues (`0`: every customer's); throws UnexpectedShape when the answer holds no list. */
export function listQueues(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    return QUEUES.list(client, customerId, fresh);
}

/** PUT /api/manageQueue/T/K/0 (assumed): creates; answers `new_record`. */
export function createQueue(client: NextBillingClient, fields: VendorQueue): Promise<number> {
    return QUEUES.create(client, { ...fields }, fields.id_cliente);
}

/** POST /api/manageQueue/T/K/0 with `id_record` (documented call, `id_record` assumed): the full record, so repeating it is harmless. */
export function updateQueue(client: NextBillingClient, id: number, fields: VendorQueue): Promise<void> {
    return QUEUES.update(client, id, { ...fields }, fields.id_cliente);
}

/**
 * DELETE /api/manageQueue/T/K/0?id_record=N (assumed). Resolves `false` when this server has no
 * such delete: the caller warns that the queue was left at NextBilling. A refusal (a queue in use:
 * "Fila 12 em uso: DID 5") keeps the vendor's text.
 */
export function deleteQueue(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    return QUEUES.delete(client, id, customerId);
}
