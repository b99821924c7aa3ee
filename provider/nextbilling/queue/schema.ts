/**
 * `nextbilling.Queue`'s inputs: the zod schema that check validates against, and one declaration
 * per field (vendor field, what a change does, how values compare) from which the diff, refresh,
 * drift and the docs follow. The one rule between two inputs (`playAgentAudio` only in a full
 * queue) is in provider.ts: a zod object refinement would break the kit's check of unknown inputs.
 */
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { flag, LIMITS, nonNegativeInteger, positiveInteger, seconds, singleLine } from "../../kit/schemaParts";
import { MusicOnHold, QueueStrategy, QueueType } from "./Queue";

const STRATEGIES = Object.values(QueueStrategy);
const MUSIC = Object.values(MusicOnHold);
const TYPES = Object.values(QueueType);
const oneOf = (values: readonly string[]) => `must be one of ${values.map((value) => `"${value}"`).join(", ")}`;

/** The customer's line ids: unlike a ring group's, a queue's may be empty (agents come and go). */
const devices = z
    .array(positiveInteger("NextBilling line id"), { error: "must be a list of NextBilling line ids" })
    .max(LIMITS.list, { error: `must hold at most ${LIMITS.list} NextBilling line ids` })
    .refine((ids) => new Set(ids).size === ids.length, { error: "must not repeat a NextBilling line id" });

export const queueSchema = z.strictObject({
    customerId: positiveInteger("a NextBilling customer id"),
    description: singleLine("the queue's name in NextBilling, a text"),
    strategy: z.enum(STRATEGIES, { error: oneOf(STRATEGIES) }).default("ringall"),
    devices: devices.default([]),
    musicOnHold: z.enum(MUSIC, { error: oneOf(MUSIC) }).default("default"),
    announceAudioId: positiveInteger("a NextBilling audio id").optional(),
    announceFrequencySeconds: seconds("the seconds between announcements (0 = never)").default(0),
    announceHoldTime: flag.default(false),
    announcePosition: flag.default(false),
    retrySeconds: seconds("the seconds before a line is called again").default(5),
    timeoutSeconds: seconds("the longest wait in the queue", 1).default(30),
    wrapUpSeconds: seconds("the seconds a line rests after a call").default(0),
    reportHoldTime: flag.default(false),
    ringInUse: flag.default(false),
    type: z.enum(TYPES, { error: oneOf(TYPES) }).default("basic"),
    playAgentAudio: flag.default(false),
    overflowQueueId: nonNegativeInteger("a NextBilling queue id (0 = none)")
        // 0 is the vendor's "none": the same as leaving it out, so the two never differ in a diff.
        .transform((id) => (id === 0 ? undefined : id))
        .optional(),
    importId: positiveInteger("a queue record id").optional(),
});

export type QueueInputs = z.infer<typeof queueSchema>;

/** Only a linear queue rings its lines in order; for the others the order carries no meaning (as for ring groups). */
function sameDevices(before: unknown, after: unknown, news: Record<string, unknown>): boolean {
    if (!Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return false;
    if (news.strategy === QueueStrategy.Linear) return before.every((id, i) => id === after[i]);
    const sorted = (list: unknown[]) => list.map(Number).sort((a, b) => a - b);
    const [a, b] = [sorted(before), sorted(after)];
    return a.every((id, i) => id === b[i]);
}

export const queueFields: Fields = {
    customerId: { description: "The NextBilling customer that owns the queue.", vendorField: "id_cliente", onChange: "replace" },
    description: {
        description: "The queue's name, unique per customer (ignoring case and surrounding spaces): it is how duplicates are recognised.",
        vendorField: "descricao",
        onChange: "update",
    },
    strategy: {
        description: "How calls are handed to the lines: ringall, rrmemory, random, fewestcalls or linear.",
        vendorField: "strategy",
        onChange: "update",
        default: "ringall",
    },
    devices: {
        description: "The customer's line ids that answer the queue; their order matters only for a linear queue.",
        vendorField: "devices",
        onChange: "update",
        default: [],
        same: sameDevices,
    },
    musicOnHold: {
        description: "What callers hear while they wait: the platform's audio (default) or the customer's own (custom).",
        vendorField: "musiconhold",
        onChange: "update",
        default: "default",
    },
    announceAudioId: {
        description: "The audio announced to waiting callers; none when left out.",
        vendorField: "announce",
        onChange: "update",
    },
    announceFrequencySeconds: {
        description: "Seconds between announcements; 0 never announces.",
        vendorField: "announce_frequency",
        onChange: "update",
        default: 0,
    },
    announceHoldTime: {
        description: "Tell callers how long they will wait.",
        vendorField: "announce_holdtime",
        onChange: "update",
        default: false,
    },
    announcePosition: {
        description: "Tell callers their position in the queue.",
        vendorField: "announce_position",
        onChange: "update",
        default: false,
    },
    retrySeconds: { description: "Seconds before a line is called again.", vendorField: "retry", onChange: "update", default: 5 },
    timeoutSeconds: { description: "The longest a caller may wait, in seconds.", vendorField: "timeout", onChange: "update", default: 30 },
    wrapUpSeconds: {
        description: "Seconds a line rests after a call before it gets the next one.",
        vendorField: "wrapuptime",
        onChange: "update",
        default: 0,
    },
    reportHoldTime: {
        description: "Tell the agent how long the caller waited.",
        vendorField: "reportholdtime",
        onChange: "update",
        default: false,
    },
    ringInUse: { description: "Ring lines that are already on a call.", vendorField: "ringinuse", onChange: "update", default: false },
    type: {
        description: "The queue's kind: basic (0), power (1) or full (2).",
        vendorField: "queue_type",
        onChange: "update",
        default: "basic",
    },
    playAgentAudio: {
        description: "Play hold music to agents; only a full queue can.",
        vendorField: "play_agent_audio",
        onChange: "update",
        default: false,
    },
    overflowQueueId: {
        description: "The customer's queue that takes the calls this one does not answer; none when left out.",
        vendorField: "id_backup1",
        onChange: "update",
    },
};
