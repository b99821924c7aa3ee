/**
 * `directcall.CallbackUrl`: a URL registered with Directcall to receive call-status events
 * (seed 002: add-callback, remove-callback, list-callback). This file holds the schema, the
 * mapping to vendor fields, the vendor calls and the provider; the class programs use is in callbackUrlResource.ts.
 *
 * Directcall has no update call: every change is a replacement, and it is create-before-delete
 * (the new registration exists before the old one is removed), so no call event is lost.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { z } from "zod";
import { containsUnknown, validateInputs } from "../check";
import { ConflictError, ConnectionError, NotFoundError, ServerError, TelephonyError, errorFromAnswer } from "../http/errors";
import { configureFromEngine, directcallClient } from "../runtime";
import { DirectcallClient, isDirectcallError } from "./client";

// ---------------------------------------------------------------------------------------------
// Schema

export const callbackUrlSchema = z
    .strictObject({
        url: z
            .string({ error: "must be an absolute https URL" })
            .superRefine((text, context) => {
                let parsed: URL;
                try {
                    parsed = new URL(text);
                } catch {
                    context.addIssue({
                        code: "custom",
                        message: "must be an absolute https URL, e.g. https://crm.example.com.br/hooks/directcall",
                    });
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
                    return new URL(text).toString();
                } catch {
                    return text;
                }
            }),
        pin: z
            .string({ error: "must be the PIN's digits, as text" })
            .regex(/^[0-9]+$/, { error: "must be the PIN's digits, as text" })
            .optional(),
        basicAuth: z
            .strictObject({
                username: z
                    .string({ error: "must be a non-empty text without ':'" })
                    .regex(/^[^:]+$/, { error: "must be a non-empty text without ':'" }),
            })
            .optional(),
        /** Set by the resource class from `basicAuth.password`, so that only the password is secret. */
        basicAuthPassword: z.preprocess((password) => password ?? undefined, z.string({ error: "must be a text" }).optional()),
        allowInsecureHttp: z.boolean({ error: "must be true or false" }).default(false),
        importId: z
            .string({ error: "must be the code of a Directcall callback registration" })
            .min(1, { error: "must be the code of a Directcall callback registration" })
            .optional(),
    })
    .superRefine((inputs, context) => {
        if (typeof inputs.url === "string" && inputs.url.startsWith("http:") && !inputs.allowInsecureHttp) {
            context.addIssue({
                code: "custom",
                path: ["url"],
                message: "must use https: Directcall would send call data in clear text (set allowInsecureHttp: true for a local receiver)",
            });
        }
        if (inputs.basicAuth && inputs.basicAuthPassword === undefined) {
            context.addIssue({ code: "custom", path: ["basicAuth", "password"], message: "is required with basicAuth" });
        }
    });

export type CallbackUrlInputs = z.infer<typeof callbackUrlSchema>;
export type CallbackUrlOutputs = CallbackUrlInputs & { code: string };

// ---------------------------------------------------------------------------------------------
// Mapping to vendor fields

/** The URL Directcall stores: Basic auth travels inside it, as `https://user:pass@host/path`. */
export function registeredUrl(inputs: Pick<CallbackUrlInputs, "url" | "basicAuth" | "basicAuthPassword">): string {
    if (!inputs.basicAuth) return inputs.url;
    const url = new URL(inputs.url);
    url.username = encodeURIComponent(inputs.basicAuth.username);
    url.password = encodeURIComponent(inputs.basicAuthPassword ?? "");
    return url.toString();
}

/** A listed registration back to our shape; the credentials come out of the URL. */
export function fromVendor(record: Record<string, unknown>): Omit<CallbackUrlOutputs, "allowInsecureHttp" | "importId"> {
    const url = new URL(String(record.url ?? ""));
    const outputs: Omit<CallbackUrlOutputs, "allowInsecureHttp" | "importId"> = { code: String(record.code), url: "" };
    if (url.username) {
        outputs.basicAuth = { username: decodeURIComponent(url.username) };
        outputs.basicAuthPassword = decodeURIComponent(url.password);
    }
    url.username = "";
    url.password = "";
    outputs.url = url.toString();
    if (record.pin !== undefined && record.pin !== null && String(record.pin) !== "") outputs.pin = String(record.pin);
    return outputs;
}

// ---------------------------------------------------------------------------------------------
// Vendor calls. Seed 002 names no paths for remove and list: these are vendors.md's assumption,
// kept here and nowhere else.

export const CALLBACK_PATHS = { add: "voz/add-callback", remove: "voz/remove-callback", list: "voz/list-callback" } as const;
const LIST_KEY = "list-callback";

/** POST /voz/list-callback: every registration of the account, once per process. */
export function listCallbacks(client: DirectcallClient, fresh = false): Promise<Record<string, unknown>[]> {
    if (fresh) client.lists.invalidate(LIST_KEY);
    return client.lists.get(LIST_KEY, async () => {
        const answer = await client.call("listCallbacks", CALLBACK_PATHS.list, {}, true);
        return Array.isArray(answer.data) ? (answer.data as Record<string, unknown>[]) : [];
    });
}

/** POST /voz/add-callback with url and optional pin; answers the registration's `code`. Not safe to repeat. */
export async function addCallback(client: DirectcallClient, url: string, pin: string | undefined): Promise<string> {
    try {
        const answer = await client.call("addCallback", CALLBACK_PATHS.add, pin === undefined ? { url } : { url, pin }, false);
        if (typeof answer.code !== "string" && typeof answer.code !== "number") {
            throw new ServerError({ call: `Directcall addCallback (POST /${CALLBACK_PATHS.add})` }, "answer carries no code");
        }
        return String(answer.code);
    } finally {
        client.lists.invalidate(LIST_KEY);
    }
}

/** POST /voz/remove-callback with code. Removing twice is harmless. */
export async function removeCallback(client: DirectcallClient, code: string): Promise<void> {
    try {
        await client.call("removeCallback", CALLBACK_PATHS.remove, { code }, true);
    } finally {
        client.lists.invalidate(LIST_KEY);
    }
}

// ---------------------------------------------------------------------------------------------
// Provider

/** Inputs that are ours alone: changing only these needs no new registration. */
const LOCAL_INPUTS = new Set(["allowInsecureHttp", "importId", "code", "__provider"]);

export function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
    const keys = new Set(
        [...Object.keys(news), ...Object.keys(olds)].filter((key) => key !== "code" && key !== "__provider" && key !== "importId"),
    );
    return [...keys].filter((key) => containsUnknown(news[key]) || JSON.stringify(olds[key] ?? null) !== JSON.stringify(news[key] ?? null));
}

function outputs(inputs: CallbackUrlInputs, code: string): CallbackUrlOutputs {
    const outs: CallbackUrlOutputs = { ...inputs, code };
    for (const key of Object.keys(outs) as (keyof CallbackUrlOutputs)[]) if (outs[key] === undefined) delete outs[key];
    return outs;
}

/** The vendor's 001 names the parameter in its text: report it against the input it concerns. */
function attribute(error: unknown): unknown {
    if (!(error instanceof TelephonyError) || error.vendorCode !== "001" || !error.vendorReason) return error;
    const property = /\bpin\b/i.test(error.vendorReason) ? "pin" : /\burl\b/i.test(error.vendorReason) ? "url" : undefined;
    if (!property) return error;
    return errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        vendorCode: error.vendorCode,
        cause: error.cause,
        property,
    });
}

const sameRegistration = (record: Record<string, unknown>, url: string, pin: string | undefined) =>
    String(record.url) === url && String(record.pin ?? "") === (pin ?? "");

async function adopt(client: DirectcallClient, inputs: CallbackUrlInputs, code: string): Promise<CallbackUrlOutputs> {
    const record = (await listCallbacks(client, true)).find((candidate) => String(candidate.code) === code);
    if (!record) {
        throw new NotFoundError(
            { call: "Directcall listCallbacks", property: "importId" },
            `importId "${code}": Directcall lists no callback with this code`,
        );
    }
    const live = fromVendor(record);
    const differs = (["url", "pin", "basicAuth", "basicAuthPassword"] as const).filter(
        (key) => JSON.stringify(live[key] ?? null) !== JSON.stringify(inputs[key] ?? null),
    );
    if (differs.length > 0) {
        throw new ConflictError(
            { call: "Directcall listCallbacks", property: "importId" },
            `importId "${code}": the registration differs in ${differs.join(", ")} (Directcall cannot update a registration); ` +
                `declare it as registered (url ${live.url}${live.pin ? `, pin ${live.pin}` : ""}) to adopt it, then change it in a later update`,
        );
    }
    return outputs(inputs, code);
}

async function register(client: DirectcallClient, inputs: CallbackUrlInputs): Promise<CallbackUrlOutputs> {
    const url = registeredUrl(inputs);
    const before = new Set((await listCallbacks(client)).map((record) => String(record.code)));
    try {
        return outputs(inputs, await addCallback(client, url, inputs.pin));
    } catch (error) {
        // The answer may have been lost after Directcall registered the URL: a registration of
        // this URL and PIN that was not there before is ours, so take it instead of adding a twin.
        if (!(error instanceof ConnectionError || error instanceof ServerError)) throw attribute(error);
        const after = await listCallbacks(client, true).catch(() => []);
        const ours = after.find((record) => !before.has(String(record.code)) && sameRegistration(record, url, inputs.pin));
        if (!ours) throw error;
        return outputs(inputs, String(ours.code));
    }
}

export const callbackUrlProvider: dynamic.ResourceProvider = {
    async configure(request: dynamic.ConfigureRequest) {
        configureFromEngine(request.config);
    },

    async check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.CheckResult> {
        const result = validateInputs(callbackUrlSchema, news, { secretProperties: ["basicAuthPassword"] });
        if (result.failures.length === 0) directcallClient(); // configuration problems surface at preview, too
        return { inputs: result.inputs, failures: result.failures };
    },

    async diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<dynamic.DiffResult> {
        const changed = changedFields(olds, news);
        // No update call exists: anything Directcall stores means a new registration, made before the old one goes.
        return { changes: changed.length > 0, replaces: changed.filter((key) => !LOCAL_INPUTS.has(key)), deleteBeforeReplace: false };
    },

    async create(inputs: CallbackUrlInputs): Promise<dynamic.CreateResult> {
        const client = directcallClient();
        const outs = inputs.importId !== undefined ? await adopt(client, inputs, inputs.importId) : await register(client, inputs);
        return { id: outs.code, outs };
    },

    async read(id: string, props: CallbackUrlOutputs): Promise<dynamic.ReadResult> {
        const record = (await listCallbacks(directcallClient())).find((candidate) => String(candidate.code) === id);
        // Removed out of band: an empty id drops it from state, so the next `up` registers it again.
        if (!record) return { id: "", props: {} };
        const live = fromVendor(record);
        const inputs: Record<string, unknown> = { url: live.url, allowInsecureHttp: props.allowInsecureHttp ?? false };
        for (const key of ["pin", "basicAuth", "basicAuthPassword", "importId"] as const) {
            const value = key === "importId" ? props.importId : live[key];
            if (value !== undefined) inputs[key] = value;
        }
        return { id, props: { ...inputs, code: id }, inputs };
    },

    async update(_id: string, _olds: CallbackUrlOutputs, news: CallbackUrlInputs): Promise<dynamic.UpdateResult> {
        // Reached only when nothing Directcall stores changed (see diff).
        return { outs: outputs(news, _id) };
    },

    async delete(id: string): Promise<void> {
        try {
            await removeCallback(directcallClient(), id);
        } catch (error) {
            // Already removed (by hand, or by an earlier attempt whose answer was lost) is success.
            if (isDirectcallError(error, "009", "010")) return;
            throw error;
        }
    },
};
