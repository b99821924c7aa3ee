/**
 * `nextbilling.Line` as programs use it: the class, its args and its output types. Kept free of
 * zod (schema.ts) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/** How a line proves who it is (vendor `auth`). */
export const LineAuthType = {
    /** 0: the SIP user name and password (the default). */
    Password: "password",
    /** 1: the address calls come from (`addresses`), with an optional port and tech prefix. */
    Ip: "ip",
} as const;
export type LineAuthType = (typeof LineAuthType)[keyof typeof LineAuthType];

/** What the line is (vendor `funcionalidade`). */
export const LineFunctionType = {
    /** 0: an IP line / extension (the default). */
    Line: "line",
    /** 1: a voice portal. */
    VoicePortal: "voicePortal",
    /** 2: a calling-card centre. */
    CallingCard: "callingCard",
    /** 3: an IVR menu (URA): `ivrId`. */
    Ivr: "ivr",
    /** 4: a call-centre queue: `queueId`. */
    Queue: "queue",
    /** 5: a phone booth. */
    PhoneBooth: "phoneBooth",
} as const;
export type LineFunctionType = (typeof LineFunctionType)[keyof typeof LineFunctionType];

/** How NextBilling handles the line's audio (vendor `proxy_media`). */
export const LineMedia = {
    /** 0: audio flows directly between the ends. */
    Direct: "direct",
    /** 1: audio through NextBilling's RTP proxy. */
    RtpProxy: "rtpProxy",
    /** 2: audio through a transcoder. */
    Transcoder: "transcoder",
} as const;
export type LineMedia = (typeof LineMedia)[keyof typeof LineMedia];

// ---------------------------------------------------------------------------------------------
// Inputs

/**
 * `auth` and its companion fields: by user name and password (`auth` 0), or by IP address (`auth`
 * 1: `domain`, `port`, `techprefix`). The `type` is a plain literal (it decides the shape).
 */
export type LineAuthArgs =
    | { type: "password" }
    | {
          type: "ip";
          /** `domain`: the addresses calls come from, 1 to 32 IP addresses, no repeats; their order carries no meaning. */
          addresses: pulumi.Input<pulumi.Input<string>[]>;
          /** `port`: managed only when given. */
          port?: pulumi.Input<number>;
          /** `techprefix`: digits, # or *; managed only when given. */
          techPrefix?: pulumi.Input<string>;
      };

/** `funcionalidade` and, for an IVR or a queue, `funcionalidade_id`. */
export type LineFunctionArgs =
    | { type: "line" | "voicePortal" | "callingCard" | "phoneBooth" }
    | { type: "ivr"; ivrId: pulumi.Input<number> }
    | { type: "queue"; queueId: pulumi.Input<number> };

export interface LineFollowMeTargetArgs {
    /** `sigame_*_dst`: the number to call, digits only (an extension or a phone number). */
    destination: pulumi.Input<string>;
}

/** Follow-me (Siga-ME), `sigame_*_st` / `sigame_*_dst`: each condition given is on, each left out is off. */
export interface LineFollowMeArgs {
    /** `sigame_always_*`: every call. */
    always?: pulumi.Input<LineFollowMeTargetArgs>;
    /** `sigame_busy_*`: when the line is busy. */
    busy?: pulumi.Input<LineFollowMeTargetArgs>;
    /** `sigame_noanswer_*`: when nobody answers. */
    noAnswer?: pulumi.Input<LineFollowMeTargetArgs>;
    /** `sigame_offline_*`: when the line is not registered. */
    offline?: pulumi.Input<LineFollowMeTargetArgs>;
}

export interface LineArgs {
    /** `customer_id`: the NextBilling customer that owns the line. Changing it replaces the line. */
    customerId: pulumi.Input<number>;
    /**
     * `username`: the line's SIP login, unique across the whole NextBilling platform; with the
     * customer, how duplicates are recognised. 1 to 64 letters, digits, `.`, `_`, `-` or `+`.
     */
    username: pulumi.Input<string>;
    /**
     * `password`: the SIP password, always stored as a secret. NextBilling never returns it, so it
     * is never compared; required for `auth` type `password`, unless the line is adopted with importId.
     */
    password?: pulumi.Input<string>;
    /** `auth` and its companions; default `{ type: "password" }`. */
    auth?: pulumi.Input<LineAuthArgs>;
    /** `callerid`: the number shown on outbound calls, digits only. */
    callerId?: pulumi.Input<string>;
    /** `simultaneas`: simultaneous calls, 1 or more. */
    maxSimultaneousCalls?: pulumi.Input<number>;
    /** `max_cps`: calls per second, 0 or more. */
    maxCallsPerSecond?: pulumi.Input<number>;
    /** `max_ringtime`: seconds a call rings before it counts as not answered. */
    maxRingSeconds?: pulumi.Input<number>;
    /** `max_calltime`: the longest call, in seconds. */
    maxCallSeconds?: pulumi.Input<number>;
    /** `fixo`: calls to national fixed lines. */
    allowFixed?: pulumi.Input<boolean>;
    /** `movel`: calls to national mobiles. */
    allowMobile?: pulumi.Input<boolean>;
    /** `fixo_ddi`: calls to international fixed lines. */
    allowFixedInternational?: pulumi.Input<boolean>;
    /** `movel_ddi`: calls to international mobiles. */
    allowMobileInternational?: pulumi.Input<boolean>;
    /** `status` 1 (true, the default) or 0. */
    enabled?: pulumi.Input<boolean>;
    /** `rate_id`: a custom rate plan; 0 is the customer's own plan. */
    ratePlanId?: pulumi.Input<number>;
    /** `codecs`: the codecs allowed, in order of preference (`["g729", "alaw", "ulaw"]`); sent as "g729;alaw;ulaw". */
    codecs?: pulumi.Input<pulumi.Input<string>[]>;
    /** `rtp_symmetric`: symmetric RTP. */
    rtpSymmetric?: pulumi.Input<boolean>;
    /** `volume_rx`: receive volume, −10 to 10. */
    volumeRx?: pulumi.Input<number>;
    /** `volume_tx`: transmit volume, −10 to 10. */
    volumeTx?: pulumi.Input<number>;
    /** `funcionalidade` (and `funcionalidade_id`); default `{ type: "line" }`. */
    function?: pulumi.Input<LineFunctionArgs>;
    /** `id_audio`: the audio played before each call; 0 for none. */
    audioId?: pulumi.Input<number>;
    /** Follow-me (`sigame_*`): managed whole when given. */
    followMe?: pulumi.Input<LineFollowMeArgs>;
    /** `allow_transfer`: call transfer. */
    allowTransfer?: pulumi.Input<boolean>;
    /** `check_spoofing`: caller-id spoofing check. */
    checkSpoofing?: pulumi.Input<boolean>;
    /** `proxy_media`: `direct`, `rtpProxy` or `transcoder` (see LineMedia). */
    media?: pulumi.Input<LineMedia>;
    /** Adopt the existing line with this record id instead of creating one. */
    importId?: pulumi.Input<number>;
}

// ---------------------------------------------------------------------------------------------
// Outputs

export type LineAuth = { type: "password" } | { type: "ip"; addresses: string[]; port?: number; techPrefix?: string };

export type LineFunction =
    { type: "line" | "voicePortal" | "callingCard" | "phoneBooth" } | { type: "ivr"; ivrId: number } | { type: "queue"; queueId: number };

export interface LineFollowMeTarget {
    destination: string;
}

export interface LineFollowMe {
    always?: LineFollowMeTarget;
    busy?: LineFollowMeTarget;
    noAnswer?: LineFollowMeTarget;
    offline?: LineFollowMeTarget;
}

// `import x = require()` keeps the module object itself (no interop copy), which is what the
// closure serializer must see to store a one-line `require` instead of serializing code.
import hostedProvider = require("../../dynamic/nextbilling-line");

const OPTIONAL_OUTPUTS = [
    "password",
    "callerId",
    "maxSimultaneousCalls",
    "maxCallsPerSecond",
    "maxRingSeconds",
    "maxCallSeconds",
    "allowFixed",
    "allowMobile",
    "allowFixedInternational",
    "allowMobileInternational",
    "ratePlanId",
    "codecs",
    "rtpSymmetric",
    "volumeRx",
    "volumeTx",
    "audioId",
    "followMe",
    "allowTransfer",
    "checkSpoofing",
    "media",
    "importId",
] as const;

/**
 * A NextBilling IP line / extension (Linha IP / ramal): vendor methods `manageDevices` (create;
 * its update and delete are assumed) and `listDevices` (read).
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as telephony from "pulumi-telephony";
 *
 * const config = new pulumi.Config();
 * const cashier = new telephony.nextbilling.Line("caixa", {
 *     customerId: 13,
 *     username: "2030",
 *     password: config.requireSecret("line2030Password"),
 *     callerId: "1130001000",
 *     maxSimultaneousCalls: 2,
 *     codecs: ["g729", "alaw", "ulaw"],
 *     followMe: { noAnswer: { destination: "2031" } },
 * });
 * export const cashierLineId = cashier.recordId;
 * ```
 *
 * Fields left out (all but customerId, username, auth, function and enabled) are not managed:
 * NextBilling keeps what it has. Inputs, outputs and behaviour: docs/resources/nextbilling.Line.md.
 */
export class Line extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/nextbilling:Line";

    /** Whether `obj` is a Line, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is Line {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === Line.__pulumiType;
    }

    /** The line's NextBilling record id, also its Pulumi id: what DIDs, ring groups and queues point at. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    declare public readonly username: pulumi.Output<string>;
    /** The SIP password as declared, always secret (NextBilling never returns it). */
    declare public readonly password: pulumi.Output<string | undefined>;
    declare public readonly auth: pulumi.Output<LineAuth>;
    declare public readonly callerId: pulumi.Output<string | undefined>;
    declare public readonly maxSimultaneousCalls: pulumi.Output<number | undefined>;
    declare public readonly maxCallsPerSecond: pulumi.Output<number | undefined>;
    declare public readonly maxRingSeconds: pulumi.Output<number | undefined>;
    declare public readonly maxCallSeconds: pulumi.Output<number | undefined>;
    declare public readonly allowFixed: pulumi.Output<boolean | undefined>;
    declare public readonly allowMobile: pulumi.Output<boolean | undefined>;
    declare public readonly allowFixedInternational: pulumi.Output<boolean | undefined>;
    declare public readonly allowMobileInternational: pulumi.Output<boolean | undefined>;
    declare public readonly enabled: pulumi.Output<boolean>;
    declare public readonly ratePlanId: pulumi.Output<number | undefined>;
    /** Lower case, in order of preference. */
    declare public readonly codecs: pulumi.Output<string[] | undefined>;
    declare public readonly rtpSymmetric: pulumi.Output<boolean | undefined>;
    declare public readonly volumeRx: pulumi.Output<number | undefined>;
    declare public readonly volumeTx: pulumi.Output<number | undefined>;
    declare public readonly function: pulumi.Output<LineFunction>;
    declare public readonly audioId: pulumi.Output<number | undefined>;
    declare public readonly followMe: pulumi.Output<LineFollowMe | undefined>;
    declare public readonly allowTransfer: pulumi.Output<boolean | undefined>;
    declare public readonly checkSpoofing: pulumi.Output<boolean | undefined>;
    declare public readonly media: pulumi.Output<LineMedia | undefined>;
    declare public readonly importId: pulumi.Output<number | undefined>;

    constructor(name: string, args: LineArgs, opts?: pulumi.CustomResourceOptions) {
        const { password, ...rest } = args;
        const props = {
            // Every output is a property of the instance, given or not.
            ...Object.fromEntries(OPTIONAL_OUTPUTS.map((output) => [output, undefined])),
            recordId: undefined,
            auth: { type: LineAuthType.Password },
            function: { type: LineFunctionType.Line },
            enabled: true,
            ...rest,
            // Secret however it was given: a plain-text password in a program must not reach state or diffs in clear.
            password: password === undefined ? undefined : pulumi.secret(password),
        };
        super(
            hostedProvider,
            name,
            props,
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "password"] },
            "telephony/nextbilling",
            "Line",
        );
    }
}
