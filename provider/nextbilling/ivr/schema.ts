/**
 * `nextbilling.Ivr`'s inputs: the zod schema that check validates against, and one declaration per
 * field from which the diff, refresh, drift and the docs follow. The one rule between two inputs
 * (`surveyAudioId` required by `satisfactionSurvey`) is in provider.ts: a zod object refinement
 * would break the kit's check of unknown inputs.
 */
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { flag, positiveInteger, seconds, singleLine } from "../../kit/schemaParts";
import { IVR_ACTIONS, IVR_MENU_KEYS, type IvrActionType } from "./Ivr";

const ACTION_NAMES = Object.keys(IVR_ACTIONS) as IvrActionType[];

/** A number to dial: digits as NextBilling dials them, no separators (an external action's `action_data`). */
const phoneNumber = z
    .string({ error: 'must be a phone number to dial, digits only, e.g. "1130001000"' })
    .regex(/^[0-9]{3,20}$/, { error: 'must be a phone number to dial: 3 to 20 digits, no spaces or signs, e.g. "1130001000"' });

const action = z.discriminatedUnion(
    "action",
    [
        z.strictObject({ action: z.literal("hangup") }),
        z.strictObject({
            action: z.literal("voicemail"),
            lineId: positiveInteger("the id of the line whose voice mailbox takes the call"),
        }),
        z.strictObject({ action: z.literal("line"), lineId: positiveInteger("a NextBilling line id") }),
        z.strictObject({ action: z.literal("queue"), queueId: positiveInteger("a NextBilling queue id") }),
        z.strictObject({ action: z.literal("ivr"), ivrId: positiveInteger("a NextBilling IVR id") }),
        z.strictObject({ action: z.literal("ringGroup"), ringGroupId: positiveInteger("a NextBilling ring group id") }),
        z.strictObject({ action: z.literal("external"), number: phoneNumber }),
    ],
    {
        // The union fails at `action` when the object's action is missing or unknown, at the object itself when it is none.
        error: (issue) =>
            issue.code === "invalid_union"
                ? `must be one of ${ACTION_NAMES.map((name) => `"${name}"`).join(", ")}`
                : 'must be an action, an object such as { action: "hangup" } or { action: "queue", queueId: 12 }',
    },
);

/** One optional action per key a caller can press; any other key is refused with the keys allowed (explainUnknownKey). */
const options = z.strictObject(
    Object.fromEntries(IVR_MENU_KEYS.map((key) => [key, action.optional()])) as Record<
        (typeof IVR_MENU_KEYS)[number],
        z.ZodOptional<typeof action>
    >,
    {
        error: 'must be an object of actions by key pressed: "0" to "9", "*" or "#"',
    },
);

const audio = (what: string) => positiveInteger(`the NextBilling audio id of the ${what}`).optional();

export const ivrSchema = z.strictObject({
    customerId: positiveInteger("a NextBilling customer id"),
    description: singleLine("the IVR's name in NextBilling, a text"),
    allowDialExtension: flag.default(false),
    responseTimeoutSeconds: seconds("the seconds to wait for the caller's first key", 1).default(5),
    digitTimeoutSeconds: seconds("the seconds to wait between keys", 1).default(3),
    timeProfileId: positiveInteger("a NextBilling time profile id").optional(),
    invalidAudioId: audio("invalid option message"),
    timeoutAudioId: audio("no key pressed message"),
    closedAudioId: audio("closed message"),
    satisfactionSurvey: flag.default(false),
    surveyAudioId: audio("satisfaction survey"),
    onEntry: action.optional(),
    whenClosed: action.default({ action: "hangup" }),
    options: options.default({}),
    importId: positiveInteger("an IVR record id").optional(),
});

export type IvrInputs = z.infer<typeof ivrSchema>;
export type IvrActionInputs = z.infer<typeof action>;

/** The inputs that hold an action, with the path a failure names: `onEntry`, `whenClosed`, `options.1`. */
export function actionsOf(inputs: { onEntry?: unknown; whenClosed?: unknown; options?: unknown }): [string, unknown][] {
    const found: [string, unknown][] = [];
    if (inputs.onEntry !== undefined) found.push(["onEntry", inputs.onEntry]);
    if (inputs.whenClosed !== undefined) found.push(["whenClosed", inputs.whenClosed]);
    if (inputs.options && typeof inputs.options === "object")
        for (const [key, value] of Object.entries(inputs.options)) found.push([`options.${key}`, value]);
    return found;
}

/** A nested key the action or the menu does not take, explained with what it does take (as the DID's routing does). */
export function explainActionKey(path: ReadonlyArray<PropertyKey>, key: string, given: Record<string, unknown>): string | undefined {
    if (path.length === 1 && path[0] === "options") {
        return `options.${key} is not a key a caller can press: options take "0" to "9", "*" and "#"`;
    }
    const where = path.map(String).join(".");
    const isAction =
        (path.length === 1 && (path[0] === "onEntry" || path[0] === "whenClosed")) || (path.length === 2 && path[0] === "options");
    if (!isAction) return undefined;
    let value: unknown = given;
    for (const part of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[part];
    const name = (value as { action?: string } | undefined)?.action as IvrActionType;
    const field = IVR_ACTIONS[name]?.field;
    return `${where}.${key} is not used by action "${name}": ${field ? `it takes ${field}` : "it takes no other field"}`;
}

export const ivrFields: Fields = {
    customerId: { description: "The NextBilling customer that owns the IVR.", vendorField: "id_cliente", onChange: "replace" },
    description: {
        description: "The IVR's name, unique per customer (ignoring case and surrounding spaces): it is how duplicates are recognised.",
        vendorField: "descricao",
        onChange: "update",
    },
    allowDialExtension: {
        description: "Callers may also dial an extension directly, besides the menu's keys.",
        vendorField: "alow_dial_extension",
        onChange: "update",
        default: false,
    },
    responseTimeoutSeconds: {
        description: "Seconds to wait for the caller's first key.",
        vendorField: "timeout_response",
        onChange: "update",
        default: 5,
    },
    digitTimeoutSeconds: { description: "Seconds to wait between keys.", vendorField: "timeout_digit", onChange: "update", default: 3 },
    timeProfileId: {
        description: "The customer's time profile of opening hours; always open when left out.",
        vendorField: "perfil_horario",
        onChange: "update",
    },
    invalidAudioId: { description: "The audio played for a key with no option.", vendorField: "audio_invalido", onChange: "update" },
    timeoutAudioId: { description: "The audio played when the caller presses nothing.", vendorField: "audio_timeout", onChange: "update" },
    closedAudioId: { description: "The audio played outside opening hours.", vendorField: "closed_audio", onChange: "update" },
    satisfactionSurvey: {
        description: "Run the satisfaction survey (its audio, surveyAudioId, is then required).",
        vendorField: "have_question",
        onChange: "update",
        default: false,
    },
    surveyAudioId: { description: "The satisfaction survey's audio.", vendorField: "audio_question", onChange: "update" },
    onEntry: {
        description: "What happens as soon as a call enters the IVR; nothing when left out.",
        vendorField: "action1",
        onChange: "update",
    },
    whenClosed: {
        description: "What happens outside opening hours.",
        vendorField: "closed_action",
        onChange: "update",
        default: { action: "hangup" },
    },
    options: {
        description: 'What each key pressed does, keys "0" to "9", "*" and "#" (assumed: the vendor page is cut before digit options).',
        vendorField: "options",
        onChange: "update",
        default: {},
    },
};
