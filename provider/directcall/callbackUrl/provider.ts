/**
 * `directcall.CallbackUrl`'s definition for the kit: schema and fields (all replace: Directcall
 * has no update), natural key (URL + PIN, under the same Basic auth), and the vendor calls. An
 * identical registration is adopted rather than doubled (Directcall would deliver every event twice). The engine reaches the provider through
 * provider/dynamic/directcall-callbackurl.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { indexed } from "../../kit/listCache";
import { dynamicProvider, type Inputs, type LiveRecord, type ResourceDefinition } from "../../kit/resource";
import { directcallClient, warn } from "../../runtime";
import type { DirectcallClient } from "../client";
import { callbackUrlFields, callbackUrlSchema, type CallbackUrlInputs } from "./schema";
import { addCallback, listCallbacks, registeredUrl, removeCallback } from "./vendor";

/** The Basic auth a registration carries, as one comparable text (never printed). */
function credentialsOf(inputs: Pick<CallbackUrlInputs, "basicAuth" | "basicAuthPassword">): string {
    return inputs.basicAuth ? JSON.stringify([inputs.basicAuth.username, inputs.basicAuthPassword ?? ""]) : "";
}

/** What makes two registrations one (never printed): URL, PIN and Basic auth, as the natural key compares them. */
function registrationKey(record: Pick<LiveRecord, "inputs">): string {
    const inputs = record.inputs as CallbackUrlInputs;
    return JSON.stringify([inputs.url, inputs.pin ?? "", credentialsOf(inputs)]);
}

const registrationId = (record: LiveRecord) => record.id;

/**
 * Rules between inputs, over the values known (ResourceDefinition.rules): out of the schema, so
 * that they are judged at preview even while another input (a `pin`, say) is an output not known
 * yet. Each skips itself while one of its own values is unknown or not valid on its own.
 */
export function callbackUrlRules(inputs: Inputs): dynamic.CheckFailure[] {
    const failures: dynamic.CheckFailure[] = [];
    const url = callbackUrlSchema.shape.url.safeParse(inputs.url).data;
    if (url?.startsWith("http:") && (inputs.allowInsecureHttp ?? false) === false) {
        failures.push({
            property: "url",
            reason: "url must use https: Directcall would send call data in clear text (set allowInsecureHttp: true for a local receiver)",
        });
    }
    const basicAuth = inputs.basicAuth;
    const isObject = typeof basicAuth === "object" && basicAuth !== null && !Array.isArray(basicAuth);
    if (isObject && (inputs.basicAuthPassword ?? undefined) === undefined) {
        failures.push({ property: "basicAuth.password", reason: "basicAuth.password is required with basicAuth" });
    }
    return failures;
}

export const callbackUrlDefinition: ResourceDefinition<CallbackUrlInputs, DirectcallClient> = {
    module: "telephony/directcall",
    name: "CallbackUrl",
    noun: "callback registration",
    schema: callbackUrlSchema,
    fields: callbackUrlFields,
    rules: callbackUrlRules,
    validation: { secretProperties: { basicAuthPassword: "basicAuth.password" } },
    client: directcallClient,
    idOutput: { name: "code", integer: false },
    naturalKey: {
        property: "url",
        words: "URL (canonical), PIN and Basic auth",
        key: (inputs) => `${inputs.url} ${inputs.pin ?? ""}`,
        describe: (inputs) => `url ${inputs.url}${inputs.pin === undefined ? " and no pin" : ` and pin ${inputs.pin}`}`,
        alternative: "register another URL or PIN",
        // The registration is the whole URL, its Basic auth included: the same URL and PIN under other
        // credentials is another registration, which is how a password rotation is replaced (the new
        // one registered before the old one goes), not a twin to refuse.
        async find(client, inputs, fresh) {
            const registrations = await listCallbacks(client, fresh);
            if (registrations === undefined) return undefined;
            return indexed(registrations, registrationKey).get(registrationKey({ inputs })) ?? null;
        },
    },
    adoptIdenticalTwin: true,
    // The vendor's 001 names the parameter in its text: report it against the input it concerns.
    attribute: (error) =>
        error.vendorCode !== "001"
            ? undefined
            : /\bpin\b/i.test(error.vendorReason ?? "")
              ? "pin"
              : /\burl\b/i.test(error.vendorReason ?? "")
                ? "url"
                : undefined,
    vendor: {
        async read(client, id) {
            const registrations = await listCallbacks(client);
            if (registrations === undefined) return undefined;
            return indexed(registrations, registrationId).get(id) ?? null;
        },
        create: (client, inputs) => addCallback(client, registeredUrl(inputs), inputs.pin),
        async delete(client, id, stored) {
            if (await removeCallback(client, id)) return;
            warn(
                `callback registration ${id} (${stored.url}) was left at Directcall: this server has no remove-callback call as assumed; remove it in Directcall's panel.`,
            );
        },
    },
};

export const callbackUrlProvider = dynamicProvider(callbackUrlDefinition);
