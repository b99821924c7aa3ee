/**
 * `nextbilling.Ivr` as programs use it: the class, its args and its output types. Kept free of
 * zod (schema.ts) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Each action: its vendor `action` and the field whose value becomes `action_data`. Only `hangup`
 * (`action_data` "") and `voicemail` (a line id) are documented: the page is cut there
 * (docs/vendors/nextbilling.md, "[ API ] Gerenciar Menu de URA - IVR"). The other names are
 * ASSUMED (docs/vendors/nextbilling.md), as is every action's use under a digit.
 */
export const IVR_ACTIONS = {
    hangup: { vendor: "hangup", field: undefined },
    voicemail: { vendor: "voicemail", field: "lineId" },
    line: { vendor: "device", field: "lineId" },
    queue: { vendor: "queue", field: "queueId" },
    ivr: { vendor: "ivr", field: "ivrId" },
    ringGroup: { vendor: "ringgroup", field: "ringGroupId" },
    external: { vendor: "external", field: "number" },
} as const;

/** What an IVR does with a call: on entry, when closed, or under a digit (vendor `action`). */
export const IvrActionType = {
    /** `hangup`: end the call (documented). */
    Hangup: "hangup",
    /** `voicemail`: the voice mailbox of a line (documented; `lineId`). */
    Voicemail: "voicemail",
    /** `device` (assumed): ring one of the customer's lines (`lineId`). */
    Line: "line",
    /** `queue` (assumed): a call-center queue (`queueId`). */
    Queue: "queue",
    /** `ivr` (assumed): another IVR menu, or this one again (`ivrId`). */
    Ivr: "ivr",
    /** `ringgroup` (assumed): a ring group (`ringGroupId`). */
    RingGroup: "ringGroup",
    /** `external` (assumed): dial a phone number (`number`, digits). */
    External: "external",
} as const;
export type IvrActionType = (typeof IvrActionType)[keyof typeof IvrActionType];

/** The keys a caller can press, each a key of `options` (ASSUMED: the page is cut before any digit option). */
export const IVR_MENU_KEYS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#"] as const;
export type IvrMenuKey = (typeof IVR_MENU_KEYS)[number];

// ---------------------------------------------------------------------------------------------
// Inputs

/**
 * An action, one shape per kind: `{ action: "queue", queueId: sales.recordId }`. The `action` itself
 * is a plain literal (it decides the shape); every id takes an Input, such as another resource's
 * `recordId`, so Pulumi creates the target first and deletes it last.
 */
export type IvrActionArgs =
    | { action: "hangup" }
    | { action: "voicemail" | "line"; lineId: pulumi.Input<number> }
    | { action: "queue"; queueId: pulumi.Input<number> }
    | { action: "ivr"; ivrId: pulumi.Input<number> }
    | { action: "ringGroup"; ringGroupId: pulumi.Input<number> }
    | { action: "external"; number: pulumi.Input<string> };

/** The menu: what each key pressed does (`options`); keys left out do nothing but play `invalidAudioId`. */
export type IvrOptionsArgs = { [key in IvrMenuKey]?: pulumi.Input<IvrActionArgs> };

export interface IvrArgs {
    /** NextBilling customer (`id_cliente`) that owns the IVR. Changing it replaces the IVR. */
    customerId: pulumi.Input<number>;
    /** The IVR's name (`descricao`), unique per customer (case and surrounding spaces aside): it is how duplicates are recognised. */
    description: pulumi.Input<string>;
    /** `alow_dial_extension` (the vendor's spelling): callers may also dial an extension directly. Default false. */
    allowDialExtension?: pulumi.Input<boolean>;
    /** `timeout_response`: seconds to wait for the caller's first key; default 5. */
    responseTimeoutSeconds?: pulumi.Input<number>;
    /** `timeout_digit`: seconds to wait between keys; default 3. */
    digitTimeoutSeconds?: pulumi.Input<number>;
    /** `perfil_horario: {"id": N}`: the customer's time profile of opening hours (a TimeProfile's `recordId`); always open when left out. */
    timeProfileId?: pulumi.Input<number>;
    /** `audio_invalido: {"id": N}`: the audio played for a key with no option. */
    invalidAudioId?: pulumi.Input<number>;
    /** `audio_timeout: {"id": N}`: the audio played when the caller presses nothing. */
    timeoutAudioId?: pulumi.Input<number>;
    /** `closed_audio: {"id": N}`: the audio played outside opening hours. */
    closedAudioId?: pulumi.Input<number>;
    /** `have_question`: run the satisfaction survey, whose audio is `surveyAudioId` (then required). Default false. */
    satisfactionSurvey?: pulumi.Input<boolean>;
    /** `audio_question: {"id": N}`: the satisfaction survey's audio. */
    surveyAudioId?: pulumi.Input<number>;
    /** `action1`: what happens as soon as a call enters the IVR; nothing when left out. */
    onEntry?: pulumi.Input<IvrActionArgs>;
    /** `closed_action`: what happens outside opening hours; default `{ action: "hangup" }`. */
    whenClosed?: pulumi.Input<IvrActionArgs>;
    /** `options` (assumed): what each key pressed does, keys "0" to "9", "*" and "#". Default none. */
    options?: pulumi.Input<IvrOptionsArgs>;
    /** Adopt the existing IVR with this record id instead of creating one (`pulumi import` does not work for dynamic resources). */
    importId?: pulumi.Input<number>;
}

// ---------------------------------------------------------------------------------------------
// Outputs

export type IvrAction =
    | { action: "hangup" }
    | { action: "voicemail" | "line"; lineId: number }
    | { action: "queue"; queueId: number }
    | { action: "ivr"; ivrId: number }
    | { action: "ringGroup"; ringGroupId: number }
    | { action: "external"; number: string };

export type IvrOptions = { [key in IvrMenuKey]?: IvrAction };

import hostedProvider = require("../../dynamic/nextbilling-ivr");

/**
 * A NextBilling IVR menu (Menu de URA), vendor method `manageIvr`. Its list is documented; its
 * create, update, delete and digit options are assumed (docs/vendors/nextbilling.md).
 *
 * ```ts
 * import * as telephony from "pulumi-telephony";
 *
 * const sales = new telephony.nextbilling.Queue("sales", { customerId: 13, description: "Fila Vendas", devices: [30, 31] });
 * const menu = new telephony.nextbilling.Ivr("main-menu", {
 *     customerId: 13,
 *     description: "URA Principal",
 *     timeProfileId: 3, // Horário Comercial
 *     options: {
 *         "1": { action: "queue", queueId: sales.recordId },
 *         "2": { action: "line", lineId: 32 },
 *         "9": { action: "voicemail", lineId: 30 },
 *     },
 *     whenClosed: { action: "hangup" },
 * });
 * export const menuId = menu.recordId;
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/nextbilling.Ivr.md.
 */
export class Ivr extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/nextbilling:Ivr";

    /** Whether `obj` is an Ivr, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is Ivr {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === Ivr.__pulumiType;
    }

    /** The IVR's NextBilling record id (`id_record`), also its Pulumi id: what DIDs and other IVRs point at. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    declare public readonly description: pulumi.Output<string>;
    declare public readonly allowDialExtension: pulumi.Output<boolean>;
    declare public readonly responseTimeoutSeconds: pulumi.Output<number>;
    declare public readonly digitTimeoutSeconds: pulumi.Output<number>;
    declare public readonly timeProfileId: pulumi.Output<number | undefined>;
    declare public readonly invalidAudioId: pulumi.Output<number | undefined>;
    declare public readonly timeoutAudioId: pulumi.Output<number | undefined>;
    declare public readonly closedAudioId: pulumi.Output<number | undefined>;
    declare public readonly satisfactionSurvey: pulumi.Output<boolean>;
    declare public readonly surveyAudioId: pulumi.Output<number | undefined>;
    declare public readonly onEntry: pulumi.Output<IvrAction | undefined>;
    declare public readonly whenClosed: pulumi.Output<IvrAction>;
    declare public readonly options: pulumi.Output<IvrOptions>;
    declare public readonly importId: pulumi.Output<number | undefined>;

    constructor(name: string, args: IvrArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            hostedProvider,
            name,
            {
                // Every output is a property of the instance, given or not; the defaults are the vendor's.
                recordId: undefined,
                allowDialExtension: false,
                responseTimeoutSeconds: 5,
                digitTimeoutSeconds: 3,
                timeProfileId: undefined,
                invalidAudioId: undefined,
                timeoutAudioId: undefined,
                closedAudioId: undefined,
                satisfactionSurvey: false,
                surveyAudioId: undefined,
                onEntry: undefined,
                whenClosed: { action: IvrActionType.Hangup },
                options: {},
                importId: undefined,
                ...args,
            },
            opts,
            "telephony/nextbilling",
            "Ivr",
        );
    }
}
