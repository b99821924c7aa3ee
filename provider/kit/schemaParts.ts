/**
 * The building blocks of every resource schema, with the limits that keep a request under what the
 * vendors accept. NextBilling refuses bodies over 128 KB (HTTP 413) and nobody documents field
 * lengths, so the limits are generous for any real record and small enough that no valid
 * declaration can reach the vendor's ceiling; check refuses the rest at preview, naming the
 * property, instead of a 413 at `up`.
 */
import * as net from "node:net";
import { z } from "zod";

export const LIMITS = {
    /** A name or description: far above any panel's field, far below a request limit. */
    text: 200,
    /** Free-form notes (a DID's annotations). */
    notes: 4_000,
    /** Ids in one list (a ring group's lines). */
    list: 500,
    /** A URL, as most servers and browsers accept them. */
    url: 2_048,
    /** A pause reason, short by the Erix docs' own advice (standard, repeated names). */
    reason: 100,
} as const;

/**
 * Never part of a one-line value: C0 and C1 controls, DEL, and the Unicode line and paragraph
 * separators (a newline in a URL was silently dropped before; U+0085 and U+2028 end a line in
 * editors, logs and the vendors' panels as surely as a newline does).
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Half of a surrogate pair: text cut inside a character (an emoji, say). UTF-8 cannot carry it, so
 * the vendor would store U+FFFD instead, and every refresh would differ from the program.
 */
export const UNPAIRED_SURROGATE = /[\ud800-\udfff]/u;
export const WHOLE_CHARACTERS = { error: "must be valid Unicode: it holds half of a character (a surrogate pair cut in two)" } as const;

/**
 * The largest id or count any vendor stores: nobody documents the columns, and a signed 32-bit one
 * (MySQL's INT) is the likely kind, so a bigger number (a typo, milliseconds for seconds) could
 * only fail there, or be cut short.
 */
export const MAX_INTEGER = 2_147_483_647;

/** An integer from 1 to `max`. The bound comes first, so a huge number is told the range, not that it is no integer. */
export const positiveInteger = (what: string, max: number = MAX_INTEGER) => {
    const error = `must be ${what}: a positive integer`;
    return z
        .number({ error })
        .max(max, { error: `must be ${what}: an integer from 1 to ${max}` })
        .int({ error })
        .positive({ error });
};

/** An integer from 0 to `max`. */
export const nonNegativeInteger = (what: string, max: number = MAX_INTEGER) => {
    const error = `must be ${what}: an integer of 0 or more`;
    return z
        .number({ error })
        .max(max, { error: `must be ${what}: an integer from 0 to ${max}` })
        .int({ error })
        .min(0, { error });
};

/**
 * A password: not empty, one line without control characters, at most `LIMITS.text` characters.
 * Its messages never quote it; a resource names the property in `secretProperties`, so that its
 * failures show `[secret]` for the value.
 */
export const password = () =>
    z
        .string({ error: "must be a text" })
        .refine((value) => value !== "", { error: "must not be empty" })
        .refine((value) => !CONTROL_CHARACTERS.test(value), { error: "must be one line, without control characters" })
        .refine((value) => !UNPAIRED_SURROGATE.test(value), WHOLE_CHARACTERS)
        .refine((value) => value.length <= LIMITS.text, { error: `must be at most ${LIMITS.text} characters` });

/** One line of text: not empty (unless `optional`), no control characters, at most `max` characters. */
export const singleLine = (what: string, max: number = LIMITS.text) =>
    z
        .string({ error: `must be ${what}` })
        .refine((value) => value.trim() !== "", { error: `must be ${what}, not empty` })
        .refine((value) => !CONTROL_CHARACTERS.test(value), { error: "must be one line, without control characters (newlines, tabs)" })
        .refine((value) => !UNPAIRED_SURROGATE.test(value), WHOLE_CHARACTERS)
        .refine((value) => value.length <= max, { error: `must be at most ${max} characters` });

/** Free text that may span lines. */
export const multiLine = (what: string, max: number = LIMITS.notes) =>
    z
        .string({ error: `must be ${what}` })
        .refine((value) => value.length <= max, { error: `must be at most ${max} characters` })
        .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(value), {
            error: "must not contain control characters other than newlines and tabs",
        })
        .refine((value) => !UNPAIRED_SURROGATE.test(value), WHOLE_CHARACTERS);

/** A non-empty list of distinct record ids, at most `max` of them. */
export const idList = (what: string, max: number = LIMITS.list) =>
    z
        .array(positiveInteger(what), { error: `must be a non-empty list of ${what}s` })
        .min(1, { error: `must be a non-empty list of ${what}s` })
        .max(max, { error: `must hold at most ${max} ${what}s` })
        .refine((ids) => new Set(ids).size === ids.length, { error: `must not repeat a ${what}` });

export const flag = z.boolean({ error: "must be true or false" });

export const port = z
    .number({ error: "must be a port number from 1 to 65535" })
    .int({ error: "must be a port number from 1 to 65535" })
    .min(1, { error: "must be a port number from 1 to 65535" })
    .max(65535, { error: "must be a port number from 1 to 65535" });

/** No queue wait, retry or menu timeout is longer than a day: a bigger number is a typo (milliseconds, say). */
export const MAX_SECONDS = 86_400;

/** A number of seconds from `min` (0 or 1) to a day. */
export const seconds = (what: string, min: 0 | 1 = 0) => {
    const error = `must be ${what}: a whole number of seconds from ${min} to ${MAX_SECONDS}`;
    return z.number({ error }).int({ error }).min(min, { error }).max(MAX_SECONDS, { error });
};

/** An IPv4 or IPv6 address, as written (it is sent as written). */
export const ipAddress = z
    .string({ error: "must be an IP address" })
    .refine((text) => net.isIP(text) !== 0, { error: "must be an IP address" });

/**
 * What makes two spellings of one address the same, for "must not repeat": an IPv6 address in its
 * canonical form (lowercase, zeros compressed), an IPv4-mapped one (`::ffff:10.0.0.1`) as the IPv4
 * address it carries, a host name in lowercase. A zone (`fe80::1%eth0`) keeps its address apart.
 */
export function addressKey(text: string): string {
    if (net.isIP(text) !== 6 || text.includes("%")) return text.toLowerCase();
    const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
    if (!mapped) return canonical;
    const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** No two items of `list` are one address, however written (addressKey). */
export const distinctAddresses = (list: string[]) => new Set(list.map(addressKey)).size === list.length;
