/**
 * manageQueue, as "[ API ] Gerenciar Filas de Atendimento" documents it (docs/vendors/nextbilling.md):
 * GET …/{0 or customer} lists and POST …/0 updates; the page is cut before any answer, before the
 * rest of `devices`, and before any create or delete. ASSUMED, by analogy with manageRingGroups:
 * PUT …/0 creates (answering `new_record`), the update names the queue by `id_record`, and
 * DELETE …/0?id_record=N deletes. The list is read in every plausible shape (records.ts), and is the
 * one list references.ts checks queue references against.
 */
import { NotFoundError, TelephonyError } from "../../http/errors";
import type { LiveRecord } from "../../kit/resource";
import type { NextBillingClient } from "../client";
import { customerOf, flag, integer, integerList, isSet, text, type VendorRecord } from "../records";
import { QUEUE_TYPE_CODES, type MusicOnHold, type QueueStrategy, type QueueType } from "./Queue";
import type { QueueInputs } from "./schema";
import { assumedCallError, bit, idOfObject, lacksAssumedCall, objectOf } from "./shared";

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
// Calls

/**
 * The cache keys a customer's queues are listed under: its own list and every customer's (`/0`,
 * which export and drift read), the vendor's records; and `manageQueue/{customer}`, where
 * references.ts holds them as `{id, name}` for the checks of DIDs and IVRs. A write goes through to
 * each that is cached, so a queue made in this run is a known reference for what is checked after it.
 */
const listKeys = (customerId: number) => [`${API_METHOD}/records/${customerId}`, `${API_METHOD}/records/0`];
const referenceKey = (customerId: number) => `${API_METHOD}/${customerId}`;
const listedId = (record: { id?: unknown }) => String(integer(record.id));

/**
 * GET /api/manageQueue/T/K/{customerId}: the customer's queues, once per customer per process and
 * kept true by this process's writes (kit/listCache.ts); `fresh` lists again, to resolve a create
 * whose answer was lost. `0` lists every customer's. A server that ignores the segment and lists
 * everyone's is filtered here. Throws UnexpectedShape when the answer holds no list.
 */
export function listQueues(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    const load = async () => {
        const records = await client.list({ name: "listQueues", apiMethod: API_METHOD, id: customerId });
        return records.filter((record) => customerId === 0 || Number.isNaN(customerOf(record)) || customerOf(record) === customerId);
    };
    const cacheKey = listKeys(customerId)[0];
    return fresh ? client.lists.fresh(cacheKey, load) : client.lists.get(cacheKey, load);
}

/**
 * A write this process made, into the cached lists, in the shape each holds (the vendor's fields,
 * as fromVendor reads them; references.ts's `{id, name}`); `undefined` takes the queue out.
 */
function writeThrough(
    client: NextBillingClient,
    id: number,
    fields: VendorQueue | undefined,
    customerId: number,
    createdAt?: number,
): void {
    for (const key of listKeys(customerId)) {
        if (!fields) client.lists.drop<VendorRecord>(key, String(id), listedId);
        else if (createdAt !== undefined) client.lists.add<VendorRecord>(key, String(id), listedId, { id, ...fields }, createdAt);
        else client.lists.put<VendorRecord>(key, String(id), listedId, { id, ...fields });
    }
    if (!fields) client.lists.drop(referenceKey(customerId), String(id), listedId);
    else client.lists.put(referenceKey(customerId), String(id), listedId, { id, name: fields.descricao });
}

/** A write that failed may or may not have been applied: only the vendor can say what the lists hold now. */
function forget(client: NextBillingClient, customerId: number): void {
    for (const key of [...listKeys(customerId), referenceKey(customerId)]) client.lists.invalidate(key);
}

/** PUT /api/manageQueue/T/K/0 (assumed): creates; answers `new_record`. */
export async function createQueue(client: NextBillingClient, fields: VendorQueue): Promise<number> {
    const sentAt = client.lists.mark();
    try {
        const id = await client.create({ name: "createQueue", apiMethod: API_METHOD, id: 0, json: fields });
        writeThrough(client, id, fields, fields.id_cliente, sentAt);
        return id;
    } catch (error) {
        if (lacksAssumedCall(error)) {
            // Nothing was written: the lists are still true.
            throw assumedCallError(
                error,
                "the queue create (PUT /api/manageQueue/T/K/0)",
                "create the queue in NextBilling's panel, then adopt it with importId",
            );
        }
        forget(client, fields.id_cliente);
        throw error;
    }
}

/** POST /api/manageQueue/T/K/0 with `id_record` (documented call, `id_record` assumed): the full record, so repeating it is harmless. */
export async function updateQueue(client: NextBillingClient, id: number, fields: VendorQueue): Promise<void> {
    try {
        await client.call({
            name: "updateQueue",
            method: "POST",
            apiMethod: API_METHOD,
            id: 0,
            json: { id_record: id, ...fields },
            safeToRepeat: true,
        });
        writeThrough(client, id, fields, fields.id_cliente);
    } catch (error) {
        if (lacksAssumedCall(error)) {
            throw assumedCallError(
                error,
                "the queue update (POST /api/manageQueue/T/K/0 with id_record)",
                `change queue ${id} in NextBilling's panel; \`pulumi refresh\` then records what it holds`,
            );
        }
        forget(client, fields.id_cliente);
        throw error;
    }
}

/**
 * DELETE /api/manageQueue/T/K/0?id_record=N (assumed). Resolves `false` when this server has no
 * such delete (HTTP 404 or 405): the caller warns that the queue was left at NextBilling. A refusal
 * (a queue in use: "Fila 12 em uso: DID 5") keeps the vendor's text.
 */
export async function deleteQueue(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    if (client.undocumented.lacks("NextBilling deleteQueue")) return false;
    try {
        await client.call({
            name: "deleteQueue",
            method: "DELETE",
            apiMethod: API_METHOD,
            id: 0,
            query: { id_record: id },
            safeToRepeat: true,
        });
        writeThrough(client, id, undefined, customerId);
        return true;
    } catch (error) {
        if (lacksAssumedCall(error)) {
            client.undocumented.failed("NextBilling deleteQueue", "destroy leaves queues at NextBilling", error);
            return false;
        }
        // "Registro não encontrado" is a queue already gone: the lists drop it, the kit reads to confirm.
        if (error instanceof NotFoundError) writeThrough(client, id, undefined, customerId);
        else if (!(error instanceof TelephonyError) || error.cause !== "invalid_input") forget(client, customerId);
        throw error;
    }
}
