/**
 * `directcall.CallbackUrl` in the registry: its definition, how export and drift read the
 * account's registrations (the list path is undocumented), and how the export declares one (the
 * Basic auth password read from the stack's secrets, never written).
 */
import { camelCase, slug } from "../../export/names";
import type { InventoryRecord, Property, ResourceEntry } from "../../kit/entry";
import type { DirectcallClient } from "../client";
import { callbackUrlDefinition, callbackUrlProvider } from "./provider";
import type { CallbackUrlInputs } from "./schema";
import { listCallbacks } from "./vendor";

const isPlainHttp = (record: InventoryRecord) => String(record.inputs.url ?? "").startsWith("http:");

export const callbackUrlEntry: ResourceEntry<CallbackUrlInputs, DirectcallClient> = {
    name: "directcall.CallbackUrl",
    definition: callbackUrlDefinition,
    provider: callbackUrlProvider,
    vendor: "Directcall",
    summary: "A URL registered with Directcall to receive call-status events, optionally for one PIN, with Basic auth.",
    vendorCalls: "voz/add-callback (documented); remove and list (documented calls, paths assumed)",
    inventory: {
        kind: "callbacks",
        nouns: ["callback registration", "callback registrations"],
        accountWide: true,
        async list(client) {
            const registrations = await listCallbacks(client);
            if (registrations === undefined) {
                return {
                    records: [],
                    skipped: [
                        {
                            kind: "callbacks",
                            reason: "this Directcall server has no callback list as assumed (the list path is undocumented)",
                        },
                    ],
                };
            }
            return {
                records: registrations.map(({ id, inputs }) => ({ resource: "CallbackUrl", id, inputs, label: String(inputs.url) })),
                skipped: [],
            };
        },
    },
    export: {
        declarable: (record) => ({ allowInsecureHttp: isPlainHttp(record) }),
        baseName(record) {
            const url = new URL(String(record.inputs.url));
            return slug(`${url.hostname} ${url.pathname}`) || `callback-${slug(record.id)}`;
        },
        properties(record, name, context) {
            const { url, pin, basicAuth } = record.inputs as { url: string; pin?: string; basicAuth?: { username: string } };
            const properties: Property[] = [{ key: "url", value: url }];
            if (pin !== undefined) properties.push({ key: "pin", value: pin });
            if (basicAuth) {
                // The password lives inside the registered URL; the program reads it from the stack's secrets.
                const password = context.secret(
                    `${camelCase(name)}Password`,
                    `the Basic auth password of Directcall registration ${record.id} (${url}, user ${basicAuth.username}): the one in that registration's URL`,
                );
                properties.push({
                    key: "basicAuth",
                    nested: [
                        { key: "username", value: basicAuth.username },
                        { key: "password", code: password },
                    ],
                });
            }
            if (isPlainHttp(record)) {
                properties.push({
                    key: "allowInsecureHttp",
                    value: true,
                    leading: ["Registered with plain http: Directcall sends call data in clear text. Move it to https when you can."],
                });
            }
            return properties;
        },
    },
};
