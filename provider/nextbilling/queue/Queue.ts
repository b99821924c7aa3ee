/**
 * `nextbilling.Queue` as programs use it: the class, its args and its output types. Kept free of
 * zod (schema.ts) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/** How a queue hands calls to its lines (vendor `strategy`, "Estratégia de Distribuição"). */
export const QueueStrategy = {
    /** `ringall`: every line at once (the vendor's default). */
    RingAll: "ringall",
    /** `rrmemory`: one line at a time, round robin, remembering where it stopped. */
    RoundRobinMemory: "rrmemory",
    /** `random`: one line at a time, at random. */
    Random: "random",
    /** `fewestcalls`: the line that answered the fewest calls. */
    FewestCalls: "fewestcalls",
    /** `linear`: one line at a time, in the order of `devices`. */
    Linear: "linear",
} as const;
export type QueueStrategy = (typeof QueueStrategy)[keyof typeof QueueStrategy];

/** What callers hear while they wait (vendor `musiconhold`). */
export const MusicOnHold = {
    /** The platform's own audio (the default). */
    Default: "default",
    /** The customer's own audio. */
    Custom: "custom",
} as const;
export type MusicOnHold = (typeof MusicOnHold)[keyof typeof MusicOnHold];

/** The queue's kind (vendor `queue_type` 0, 1 or 2). */
export const QueueType = {
    /** 0: Basic (the default). */
    Basic: "basic",
    /** 1: Power. */
    Power: "power",
    /** 2: Full; the only kind that can play hold music to agents (`playAgentAudio`). */
    Full: "full",
} as const;
export type QueueType = (typeof QueueType)[keyof typeof QueueType];

/** Each queue type's vendor `queue_type`. */
export const QUEUE_TYPE_CODES: Readonly<Record<QueueType, 0 | 1 | 2>> = { basic: 0, power: 1, full: 2 };

export interface QueueArgs {
    /** NextBilling customer (`id_cliente`) that owns the queue. Changing it replaces the queue. */
    customerId: pulumi.Input<number>;
    /** The queue's name (`descricao`), unique per customer (case and surrounding spaces aside): it is how duplicates are recognised. */
    description: pulumi.Input<string>;
    /** `strategy`: how calls are handed to the lines; default `ringall` (see QueueStrategy). */
    strategy?: pulumi.Input<QueueStrategy>;
    /** The customer's line ids that answer the queue (`devices`), at most 500, no repeats; the order matters only for `linear`. Default none. */
    devices?: pulumi.Input<pulumi.Input<number>[]>;
    /** `musiconhold`: `default` (the platform's audio, the default) or `custom`. */
    musicOnHold?: pulumi.Input<MusicOnHold>;
    /** The audio announced to callers who wait (`announce: {"id": N}`); none when left out. */
    announceAudioId?: pulumi.Input<number>;
    /** `announce_frequency`: seconds between announcements; 0 (the default) never announces. */
    announceFrequencySeconds?: pulumi.Input<number>;
    /** `announce_holdtime`: tell callers how long they will wait. Default false. */
    announceHoldTime?: pulumi.Input<boolean>;
    /** `announce_position`: tell callers their position in the queue. Default false. */
    announcePosition?: pulumi.Input<boolean>;
    /** `retry`: seconds before a line is called again; default 5. */
    retrySeconds?: pulumi.Input<number>;
    /** `timeout`: the longest a caller may wait, in seconds; default 30. */
    timeoutSeconds?: pulumi.Input<number>;
    /** `wrapuptime`: seconds a line rests after a call before it gets the next one; default 0. */
    wrapUpSeconds?: pulumi.Input<number>;
    /** `reportholdtime`: tell the agent how long the caller waited. Default false. */
    reportHoldTime?: pulumi.Input<boolean>;
    /** `ringinuse`: ring lines that are already on a call. Default false. */
    ringInUse?: pulumi.Input<boolean>;
    /** `queue_type`: `basic` (0, the default), `power` (1) or `full` (2) (see QueueType). */
    type?: pulumi.Input<QueueType>;
    /** `play_agent_audio`: play hold music to agents; only a `full` queue can. Default false. */
    playAgentAudio?: pulumi.Input<boolean>;
    /** `id_backup1`: the customer's queue that takes the calls this one does not answer (another queue's `recordId`); none when left out. */
    overflowQueueId?: pulumi.Input<number>;
    /** Adopt the existing queue with this record id instead of creating one (`pulumi import` does not work for dynamic resources). */
    importId?: pulumi.Input<number>;
}

// `import x = require()` keeps the module object itself (no interop copy), which is what the
// closure serializer must see to store a one-line `require` instead of serializing code.
import hostedProvider = require("../../dynamic/nextbilling-queue");

/**
 * A NextBilling call-center queue (Fila de Atendimento), vendor method `manageQueue`. Its list and
 * update are documented; its create and delete are assumed (docs/vendors/nextbilling.md).
 *
 * ```ts
 * import * as telephony from "pulumi-telephony";
 *
 * const support = new telephony.nextbilling.Queue("support", { customerId: 13, description: "Fila Suporte", devices: [32] });
 * const sales = new telephony.nextbilling.Queue("sales", {
 *     customerId: 13,
 *     description: "Fila Vendas",
 *     strategy: telephony.nextbilling.QueueStrategy.RoundRobinMemory,
 *     devices: [30, 31],
 *     announcePosition: true,
 *     timeoutSeconds: 60,
 *     overflowQueueId: support.recordId, // unanswered calls go on to the support queue
 * });
 * export const salesQueueId = sales.recordId;
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/nextbilling.Queue.md.
 */
export class Queue extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/nextbilling:Queue";

    /** Whether `obj` is a Queue, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is Queue {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === Queue.__pulumiType;
    }

    /** The queue's NextBilling record id (`id_record`), also its Pulumi id: what DIDs, IVRs and other queues point at. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    declare public readonly description: pulumi.Output<string>;
    declare public readonly strategy: pulumi.Output<QueueStrategy>;
    declare public readonly devices: pulumi.Output<number[]>;
    declare public readonly musicOnHold: pulumi.Output<MusicOnHold>;
    declare public readonly announceAudioId: pulumi.Output<number | undefined>;
    declare public readonly announceFrequencySeconds: pulumi.Output<number>;
    declare public readonly announceHoldTime: pulumi.Output<boolean>;
    declare public readonly announcePosition: pulumi.Output<boolean>;
    declare public readonly retrySeconds: pulumi.Output<number>;
    declare public readonly timeoutSeconds: pulumi.Output<number>;
    declare public readonly wrapUpSeconds: pulumi.Output<number>;
    declare public readonly reportHoldTime: pulumi.Output<boolean>;
    declare public readonly ringInUse: pulumi.Output<boolean>;
    declare public readonly type: pulumi.Output<QueueType>;
    declare public readonly playAgentAudio: pulumi.Output<boolean>;
    declare public readonly overflowQueueId: pulumi.Output<number | undefined>;
    declare public readonly importId: pulumi.Output<number | undefined>;

    constructor(name: string, args: QueueArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            hostedProvider,
            name,
            {
                // Every output is a property of the instance, given or not; the defaults are the vendor's.
                recordId: undefined,
                strategy: QueueStrategy.RingAll,
                devices: [],
                musicOnHold: MusicOnHold.Default,
                announceAudioId: undefined,
                announceFrequencySeconds: 0,
                announceHoldTime: false,
                announcePosition: false,
                retrySeconds: 5,
                timeoutSeconds: 30,
                wrapUpSeconds: 0,
                reportHoldTime: false,
                ringInUse: false,
                type: QueueType.Basic,
                playAgentAudio: false,
                overflowQueueId: undefined,
                importId: undefined,
                ...args,
            },
            opts,
            "telephony/nextbilling",
            "Queue",
        );
    }
}
