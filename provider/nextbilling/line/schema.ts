/**
 * `nextbilling.Line`'s inputs: the zod schema check validates against, and one declaration per
 * field from which the diff, refresh, drift and the docs follow.
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { distinctAddresses, flag, ipAddress, nonNegativeInteger, password, port, positiveInteger } from "../../kit/schemaParts";
import { LineAuthType, LineFunctionType, LineMedia } from "./Line";

/** Addresses of one IP-authenticated line: far more than any PBX has. */
export const MAX_ADDRESSES = 32;
/** Codecs of one line: more than Asterisk knows. */
export const MAX_CODECS = 16;

const AUTH_TYPES = Object.values(LineAuthType);
const FUNCTION_TYPES = Object.values(LineFunctionType);
const MEDIA = Object.values(LineMedia);

/** Each auth type's companion fields. */
const AUTH_FIELDS: Record<LineAuthType, string[]> = { password: [], ip: ["addresses", "port", "techPrefix"] };
/** Each function type's companion field. */
const FUNCTION_FIELDS: Record<LineFunctionType, string[]> = {
    line: [],
    voicePortal: [],
    callingCard: [],
    ivr: ["ivrId"],
    queue: ["queueId"],
    phoneBooth: [],
};

const quotedList = (values: readonly string[]) => values.map((value) => `"${value}"`).join(", ");

const authSchema = z.discriminatedUnion(
    "type",
    [
        z.strictObject({ type: z.literal("password") }),
        z.strictObject({
            type: z.literal("ip"),
            addresses: z
                .array(ipAddress, { error: "must be a non-empty list of IP addresses" })
                .min(1, { error: "must be a non-empty list of IP addresses" })
                .max(MAX_ADDRESSES, { error: `must hold at most ${MAX_ADDRESSES} addresses` })
                .refine(distinctAddresses, { error: "must not repeat an address (however written: 10.0.0.1 and ::ffff:10.0.0.1 are one)" }),
            port: port.optional(),
            techPrefix: z
                .string({ error: "must be a tech prefix: digits, # or *" })
                .regex(/^[0-9#*]{1,20}$/, { error: "must be a tech prefix: 1 to 20 digits, # or *" })
                .optional(),
        }),
    ],
    { error: `must have a type, one of ${quotedList(AUTH_TYPES)}` },
);

const functionSchema = z.discriminatedUnion(
    "type",
    [
        z.strictObject({ type: z.literal("line") }),
        z.strictObject({ type: z.literal("voicePortal") }),
        z.strictObject({ type: z.literal("callingCard") }),
        z.strictObject({ type: z.literal("ivr"), ivrId: positiveInteger("a NextBilling IVR id") }),
        z.strictObject({ type: z.literal("queue"), queueId: positiveInteger("a NextBilling queue id") }),
        z.strictObject({ type: z.literal("phoneBooth") }),
    ],
    { error: `must have a type, one of ${quotedList(FUNCTION_TYPES)}` },
);

const digits = (what: string) =>
    z.string({ error: `must be ${what}: digits only` }).regex(/^[0-9]{2,20}$/, { error: `must be ${what}: 2 to 20 digits, nothing else` });

const target = z.strictObject({ destination: digits("the number to call") });

const followMeSchema = z.strictObject({
    always: target.optional(),
    busy: target.optional(),
    noAnswer: target.optional(),
    offline: target.optional(),
});

const codec = z
    .string({ error: 'must be a codec name, e.g. "g729"' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.+-]{0,19}$/, { error: 'must be a codec name, e.g. "g729": letters, digits, ".", "_", "+" or "-"' })
    // Codec names are lower case wherever they are configured (Asterisk's `allow=`): "G729" is "g729".
    .transform((name) => name.toLowerCase());

const volume = z
    .number({ error: "must be a volume: an integer from -10 to 10" })
    .int({ error: "must be a volume: an integer from -10 to 10" })
    .min(-10, { error: "must be a volume: an integer from -10 to 10" })
    .max(10, { error: "must be a volume: an integer from -10 to 10" });

export const lineSchema = z.strictObject({
    customerId: positiveInteger("a NextBilling customer id"),
    username: z
        .string({ error: "must be a SIP user name, a text" })
        .regex(/^[A-Za-z0-9._+-]{1,64}$/, { error: 'must be a SIP user name: 1 to 64 letters, digits, ".", "_", "+" or "-"' }),
    // A password given as an output that turns out empty still arrives (as a secret null): that means "not managed".
    password: z.preprocess((password) => password ?? undefined, password().optional()),
    auth: authSchema.default({ type: "password" }),
    callerId: digits("a phone number").optional(),
    maxSimultaneousCalls: positiveInteger("a number of simultaneous calls").optional(),
    maxCallsPerSecond: nonNegativeInteger("a number of calls per second").optional(),
    maxRingSeconds: nonNegativeInteger("a number of seconds").optional(),
    maxCallSeconds: nonNegativeInteger("a number of seconds").optional(),
    allowFixed: flag.optional(),
    allowMobile: flag.optional(),
    allowFixedInternational: flag.optional(),
    allowMobileInternational: flag.optional(),
    enabled: flag.default(true),
    ratePlanId: nonNegativeInteger("a rate plan id (0 = the customer's plan)").optional(),
    codecs: z
        .array(codec, { error: 'must be a non-empty list of codec names, e.g. ["g729", "alaw"]' })
        .min(1, { error: 'must be a non-empty list of codec names, e.g. ["g729", "alaw"]' })
        .max(MAX_CODECS, { error: `must hold at most ${MAX_CODECS} codecs` })
        .refine((list) => new Set(list).size === list.length, { error: "must not repeat a codec" })
        .optional(),
    rtpSymmetric: flag.optional(),
    volumeRx: volume.optional(),
    volumeTx: volume.optional(),
    function: functionSchema.default({ type: "line" }),
    audioId: nonNegativeInteger("an audio id (0 = none)").optional(),
    followMe: followMeSchema.optional(),
    allowTransfer: flag.optional(),
    checkSpoofing: flag.optional(),
    media: z.enum(MEDIA, { error: `must be one of ${quotedList(MEDIA)}` }).optional(),
    importId: positiveInteger("a line record id").optional(),
});

export type LineInputs = z.infer<typeof lineSchema>;

/** A nested key that the auth or function type does not take, explained with the keys it does take. */
export function explainLineKey(path: ReadonlyArray<PropertyKey>, key: string, given: Record<string, unknown>): string | undefined {
    if (path.length !== 1) return undefined;
    const property = String(path[0]);
    const table = property === "auth" ? AUTH_FIELDS : property === "function" ? FUNCTION_FIELDS : undefined;
    if (!table) return undefined;
    const type = String((given[property] as { type?: unknown } | undefined)?.type);
    const takes = (table as Record<string, string[]>)[type];
    if (!takes) return undefined;
    const accepted = takes.length ? `it takes ${takes.join(", ")}` : "it takes no other field";
    return `${property}.${key} is not used by ${property} type "${type}": ${accepted}`;
}

/**
 * Addresses compare as a set (their order carries no meaning); a port or tech prefix the
 * declaration leaves out is not managed, so one set in the panel is no change.
 */
function sameAuth(before: unknown, after: unknown): boolean {
    if (!isRecord(before) || !isRecord(after) || before.type !== after.type) return isDeepStrictEqual(before, after);
    if (after.type !== "ip") return true;
    const sorted = (list: unknown) => (Array.isArray(list) ? list.map(String).sort() : list);
    if (!isDeepStrictEqual(sorted(before.addresses), sorted(after.addresses))) return false;
    return ["port", "techPrefix"].every((key) => after[key] === undefined || after[key] === before[key]);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

const optional = (description: string, vendorField: string) => ({
    description,
    vendorField,
    onChange: "update" as const,
    managed: "whenDeclared" as const,
});

export const lineFields: Fields = {
    customerId: { description: "The NextBilling customer that owns the line.", vendorField: "customer_id", onChange: "replace" },
    username: {
        description: "The SIP login, unique across the NextBilling platform; with the customer, how duplicates are recognised.",
        vendorField: "username",
        onChange: "update",
    },
    password: {
        description: "The SIP password; NextBilling never returns it, so it is never compared.",
        vendorField: "password",
        onChange: "update",
        managed: "whenDeclared",
        secret: true,
        writeOnly: true,
    },
    auth: {
        description: "How the line authenticates: by password, or by IP address (with an optional port and tech prefix).",
        vendorField: "auth, domain, port, techprefix",
        onChange: "update",
        default: { type: "password" },
        same: sameAuth,
    },
    callerId: optional("The number shown on outbound calls.", "callerid"),
    maxSimultaneousCalls: optional("Simultaneous calls.", "simultaneas"),
    maxCallsPerSecond: optional("Calls per second.", "max_cps"),
    maxRingSeconds: optional("Seconds a call rings before it counts as not answered.", "max_ringtime"),
    maxCallSeconds: optional("The longest call, in seconds.", "max_calltime"),
    allowFixed: optional("Calls to national fixed lines.", "fixo"),
    allowMobile: optional("Calls to national mobiles.", "movel"),
    allowFixedInternational: optional("Calls to international fixed lines.", "fixo_ddi"),
    allowMobileInternational: optional("Calls to international mobiles.", "movel_ddi"),
    enabled: { description: "Active (vendor status 1) or not (0).", vendorField: "status", onChange: "update", default: true },
    ratePlanId: optional("A custom rate plan; 0 is the customer's own.", "rate_id"),
    codecs: optional("The codecs allowed, in order of preference.", "codecs"),
    rtpSymmetric: optional("Symmetric RTP.", "rtp_symmetric"),
    volumeRx: optional("Receive volume, -10 to 10.", "volume_rx"),
    volumeTx: optional("Transmit volume, -10 to 10.", "volume_tx"),
    function: {
        description: "What the line is: a line, a voice portal, a calling card, an IVR, a queue or a phone booth.",
        vendorField: "funcionalidade, funcionalidade_id",
        onChange: "update",
        default: { type: "line" },
    },
    audioId: optional("The audio played before each call; 0 for none.", "id_audio"),
    followMe: optional(
        "Follow-me: where calls go always, when busy, unanswered or offline; conditions left out are off.",
        "sigame_always_st/dst, sigame_busy_st/dst, sigame_noanswer_st/dst, sigame_offline_st/dst",
    ),
    allowTransfer: optional("Call transfer.", "allow_transfer"),
    checkSpoofing: optional("Caller-id spoofing check.", "check_spoofing"),
    media: optional("How the audio flows: direct, through the RTP proxy, or a transcoder.", "proxy_media"),
};
