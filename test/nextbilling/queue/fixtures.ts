/**
 * The queues the Queue tests declare and the records they send and store, shared by the provider's
 * tests against the emulator (provider.test.ts) and against the stub server (vendor.test.ts,
 * tenantStub.ts), the check's (check.test.ts) and the emulator's own (test/sandbox/tenant.test.ts).
 */
import type { QueueInputs } from "../../../provider/nextbilling/queue/schema";

/** A queue's outputs: its inputs and the record id NextBilling gave it. */
export type QueueOutputs = QueueInputs & { recordId: number };

/** manageQueue's list of customer 13 and its write path, token and key as `{token}` / `{key}`. */
export const QUEUES_13 = "/api/manageQueue/{token}/{key}/13";
export const QUEUES_0 = "/api/manageQueue/{token}/{key}/0";

/** Every input, as check normalises a declaration of only the required ones. */
export const QUEUE_DEFAULTS = {
    strategy: "ringall",
    devices: [],
    musicOnHold: "default",
    announceFrequencySeconds: 0,
    announceHoldTime: false,
    announcePosition: false,
    retrySeconds: 5,
    timeoutSeconds: 30,
    wrapUpSeconds: 0,
    reportHoldTime: false,
    ringInUse: false,
    type: "basic",
    playAgentAudio: false,
} satisfies Partial<QueueInputs>;

/** A new queue of customer 13 with only the required inputs, the rest at their defaults. */
export const minimal: QueueInputs = { customerId: 13, description: "Fila Cobrança", ...QUEUE_DEFAULTS };

/** A new queue of customer 13 with every field off its default. */
export const everything: QueueInputs = {
    ...minimal,
    strategy: "linear",
    devices: [31, 30],
    musicOnHold: "custom",
    announceAudioId: 23,
    announceFrequencySeconds: 45,
    announceHoldTime: true,
    announcePosition: true,
    retrySeconds: 10,
    timeoutSeconds: 120,
    wrapUpSeconds: 15,
    reportHoldTime: true,
    ringInUse: true,
    type: "full",
    playAgentAudio: true,
    overflowQueueId: 14,
};

/** `everything` as manageQueue's create sends it: the full record. */
export const EVERYTHING_ON_THE_WIRE = {
    id_cliente: 13,
    descricao: "Fila Cobrança",
    strategy: "linear",
    musiconhold: "custom",
    announce: { id: 23 },
    announce_frequency: 45,
    announce_holdtime: 1,
    announce_position: 1,
    retry: 10,
    timeout: 120,
    wrapuptime: 15,
    reportholdtime: 1,
    ringinuse: 1,
    queue_type: 2,
    play_agent_audio: 1,
    id_backup1: 14,
    devices: [31, 30],
};

/** A queue with only the required fields, as stored: the contract's defaults. */
export const QUEUE_STORED_DEFAULTS = {
    strategy: "ringall",
    musiconhold: "default",
    announce: null,
    announce_frequency: 0,
    announce_holdtime: 0,
    announce_position: 0,
    retry: 5,
    timeout: 30,
    wrapuptime: 0,
    reportholdtime: 0,
    ringinuse: 0,
    queue_type: 0,
    play_agent_audio: 0,
    id_backup1: 0,
    devices: [],
};
