/**
 * `directcall.CallbackUrl`'s inputs: the zod schema check validates against, and one declaration
 * per field. Directcall has no update call, so every field it stores replaces the registration.
 */
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { CONTROL_CHARACTERS, flag, LIMITS, singleLine, UNPAIRED_SURROGATE, WHOLE_CHARACTERS } from "../../kit/schemaParts";

const EXAMPLE = "https://crm.example.com.br/hooks/directcall";

const url = z
    .string({ error: `must be an absolute https URL, e.g. ${EXAMPLE}` })
    .superRefine((text, context) => {
        // `new URL` silently drops tabs and newlines: a URL that had one is not what was meant.
        if (CONTROL_CHARACTERS.test(text) || /\s/.test(text.trim())) {
            context.addIssue({ code: "custom", message: "must be one URL without spaces or control characters (newlines, tabs)" });
            return;
        }
        if (UNPAIRED_SURROGATE.test(text)) {
            context.addIssue({ code: "custom", message: WHOLE_CHARACTERS.error });
            return;
        }
        if (text.length > LIMITS.url) {
            context.addIssue({ code: "custom", message: `must be at most ${LIMITS.url} characters` });
            return;
        }
        let parsed: URL;
        try {
            parsed = new URL(text.trim());
        } catch {
            context.addIssue({ code: "custom", message: `must be an absolute https URL, e.g. ${EXAMPLE}` });
            return;
        }
        if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
            context.addIssue({ code: "custom", message: "must be an absolute https URL" });
        } else if (parsed.username || parsed.password) {
            context.addIssue({
                code: "custom",
                message: "must not carry credentials: give them as basicAuth: { username, password }, so the password stays secret",
            });
        } else if (parsed.hash) {
            context.addIssue({ code: "custom", message: "must not have a #fragment: it is never sent to the receiver" });
        }
    })
    // The written form of a URL varies (a bare host gains "/"): compare the canonical one.
    .transform((text) => {
        try {
            return new URL(text.trim()).toString();
        } catch {
            return text;
        }
    });

export const callbackUrlSchema = z.strictObject({
    url,
    pin: z
        .string({ error: "must be the PIN's digits, as text" })
        .regex(/^[0-9]{1,20}$/, { error: "must be the PIN's digits (1 to 20), as text" })
        .optional(),
    basicAuth: z
        .strictObject({
            username: singleLine("a non-empty text without ':'", 100).refine((name) => !name.includes(":"), {
                error: "must not contain ':'",
            }),
        })
        .optional(),
    /** Set by the resource class from `basicAuth.password`, so that only the password is secret. */
    basicAuthPassword: z.preprocess(
        (password) => password ?? undefined,
        z
            .string({ error: "must be a text" })
            .max(LIMITS.text, { error: `must be at most ${LIMITS.text} characters` })
            .refine((password) => !CONTROL_CHARACTERS.test(password), { error: "must not contain control characters" })
            .refine((password) => !UNPAIRED_SURROGATE.test(password), WHOLE_CHARACTERS)
            .optional(),
    ),
    allowInsecureHttp: flag.default(false),
    importId: z
        .string({ error: "must be the code of a Directcall callback registration" })
        .regex(/^[\w-]{1,100}$/, { error: "must be the code of a Directcall callback registration" })
        .optional(),
});

export type CallbackUrlInputs = z.infer<typeof callbackUrlSchema>;

export const callbackUrlFields: Fields = {
    url: { description: "Where Directcall POSTs call-status events, in canonical form.", vendorField: "url", onChange: "replace" },
    pin: { description: "Only calls of this PIN; every call when absent.", vendorField: "pin", onChange: "replace" },
    basicAuth: {
        description: "The Basic auth user Directcall sends with each event (inside the registered URL).",
        vendorField: "url (user part)",
        onChange: "replace",
    },
    basicAuthPassword: {
        description: "The Basic auth password, given as `basicAuth.password`.",
        vendorField: "url (password part)",
        onChange: "replace",
        secret: true,
    },
    allowInsecureHttp: { description: "Allow a plain http URL (local receivers only).", onChange: "state", default: false },
};
