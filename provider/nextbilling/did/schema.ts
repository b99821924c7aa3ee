/**
 * `nextbilling.Did`'s inputs: the zod schema check validates against, and one declaration per
 * field from which the diff, refresh, drift and the docs follow.
 */
import * as net from "node:net";
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import {
    distinctAddresses,
    flag,
    ipAddress,
    multiLine,
    nonNegativeInteger,
    password,
    port,
    positiveInteger,
    singleLine,
} from "../../kit/schemaParts";
import { DeletionPolicy, normaliseNumber, ROUTING_TYPES, type RoutingType } from "./Did";

const ROUTING_NAMES = Object.keys(ROUTING_TYPES) as RoutingType[];
const DELETION_POLICIES = Object.values(DeletionPolicy);

/** Supplier addresses in one DID: far more than any trunk has. */
const MAX_ADDITIONAL_HOSTS = 32;

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const host = z
    .string({ error: "must be an IP address or a host name" })
    .refine((text) => net.isIP(text) !== 0 || HOSTNAME.test(text), { error: "must be an IP address or a host name" });

const endpoint = z.strictObject({
    ipAddress,
    port: port.default(5060),
    techPrefix: z
        .string({ error: "must be a tech prefix: digits, # or *" })
        .regex(/^[0-9#*]{1,20}$/, { error: "must be a tech prefix: 1 to 20 digits, # or *" })
        .optional(),
});

const routingSchema = z.discriminatedUnion(
    "type",
    [
        z.strictObject({
            type: z.literal("ip"),
            deviceId: positiveInteger("the id of the line that pays the call"),
            primary: endpoint,
            backup: endpoint.optional(),
        }),
        z.strictObject({ type: z.literal("line"), deviceId: positiveInteger("a NextBilling line id") }),
        z.strictObject({ type: z.literal("extensionMenu"), deviceId: positiveInteger("the id of the line that pays the call") }),
        z.strictObject({ type: z.literal("queue"), queueId: positiveInteger("a NextBilling queue id") }),
        z.strictObject({ type: z.literal("ivr"), ivrId: positiveInteger("a NextBilling IVR id") }),
        z.strictObject({ type: z.literal("reverseCallback") }),
        z.strictObject({ type: z.literal("reverseIvr"), deviceId: positiveInteger("the id of the line that pays the call") }),
        z.strictObject({ type: z.literal("audioTest") }),
    ],
    { error: `must have a type, one of ${ROUTING_NAMES.map((name) => `"${name}"`).join(", ")}` },
);

const supplierSchema = z.strictObject({
    host,
    port: port.optional(),
    username: singleLine("the supplier's user name, a text", 100).optional(),
    additionalHosts: z
        .array(host, { error: "must be a list of IP addresses or host names" })
        .max(MAX_ADDITIONAL_HOSTS, { error: `must hold at most ${MAX_ADDITIONAL_HOSTS} addresses` })
        .refine(distinctAddresses, { error: "must not repeat a host (however written: SIP.example.com and sip.example.com are one)" })
        .optional(),
    register: flag.optional(),
});

export const didSchema = z.strictObject({
    customerId: nonNegativeInteger("a NextBilling customer id (0 = available for sale)"),
    number: z.string({ error: 'must be a phone number, e.g. "1130001000" or "+55 (11) 3000-1000"' }).transform((written, context) => {
        const normalised = written.length <= 40 ? normaliseNumber(written) : undefined;
        if (normalised === undefined) {
            context.addIssue({ code: "custom", message: 'must be a phone number, e.g. "1130001000" or "+55 (11) 3000-1000"' });
            return z.NEVER;
        }
        return normalised;
    }),
    description: singleLine("a text"),
    routing: routingSchema,
    supplier: supplierSchema.optional(),
    /** Set by the resource class from `supplier.password`, so that only the password is secret. */
    // A supplier declared without a password still arrives (as a secret null): that means "not managed".
    // Its failures name `supplier.password` and show `[secret]` (the provider's `secretProperties`).
    supplierPassword: z.preprocess((given) => given ?? undefined, password().optional()),
    ratePlanId: positiveInteger("a rate plan id").optional(),
    costPlanId: positiveInteger("a cost plan id").optional(),
    callerIdPrefix: z
        .string({ error: "must be digits only" })
        .regex(/^[0-9]{0,15}$/, { error: "must be digits only, at most 15" })
        .optional(),
    maxCalls: nonNegativeInteger("a number of simultaneous calls").optional(),
    playAudio: flag.optional(),
    hideSupplierFromReseller: flag.optional(),
    enableFixed: flag.optional(),
    enableMobile: flag.optional(),
    enableInternational: flag.optional(),
    enabled: flag.default(true),
    annotations: multiLine("a text").optional(),
    deletionPolicy: z.enum(DELETION_POLICIES, { error: 'must be "delete" or "release"' }).default("delete"),
    importId: positiveInteger("a DID record id").optional(),
});

export type DidInputs = z.infer<typeof didSchema>;

/** A nested key that the routing type does not take, explained with the keys it does take. */
export function explainRoutingKey(path: ReadonlyArray<PropertyKey>, key: string, given: Record<string, unknown>): string | undefined {
    if (path.length !== 1 || path[0] !== "routing") return undefined;
    const type = (given.routing as { type?: string } | undefined)?.type as RoutingType;
    const takes = ROUTING_TYPES[type]?.fields ?? [];
    const accepted = takes.length ? `it takes ${takes.join(", ")}` : "it takes no other field";
    return `routing.${key} is not used by routing type "${type}": ${accepted}`;
}

/** Only the supplier fields a program declares are managed: a username set in the panel under a supplier declared without one is not drift. */
function declaredSupplierPart(live: unknown, declared: unknown): unknown {
    if (!isRecord(live) || !isRecord(declared)) return live;
    return Object.fromEntries(Object.entries(live).filter(([key]) => key in declared));
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

export const didFields: Fields = {
    customerId: { description: "The owning customer; 0 puts the number up for sale.", vendorField: "customer_id", onChange: "update" },
    number: { description: "The number, digits only; NextBilling keeps numbers unique.", vendorField: "did_number", onChange: "replace" },
    description: { description: "The number's name in the panel.", vendorField: "description", onChange: "update" },
    routing: {
        description: "Where calls go: the routing type and its companion fields.",
        vendorField: "did_type, device_id, did_type_id, ip_address1/2, port1/2, techprefix1/2",
        onChange: "update",
    },
    supplier: {
        description: "The trunk the number arrives on (password apart); only the fields given are managed.",
        vendorField: "host, port, username, host_additional, register",
        onChange: "update",
        managed: "whenDeclared",
        narrow: declaredSupplierPart,
    },
    supplierPassword: {
        description: "The trunk's password, given as `supplier.password`.",
        vendorField: "password",
        onChange: "update",
        managed: "whenDeclared",
        secret: true,
        writeOnly: true,
    },
    ratePlanId: optional("Sale rate plan.", "rate_id"),
    costPlanId: optional("Cost rate plan.", "rate_cost_id"),
    callerIdPrefix: optional("Digits added to the caller id.", "callerid_add"),
    maxCalls: optional("Simultaneous calls.", "max_calls"),
    playAudio: optional("Play busy, no-answer and not-found messages.", "play_audio"),
    hideSupplierFromReseller: optional("Hide the supplier from the reseller.", "hide_from_reseller"),
    enableFixed: optional("Accept calls from national fixed lines.", "enable_fixed"),
    enableMobile: optional("Accept calls from national mobiles.", "enable_mobile"),
    enableInternational: optional("Accept international calls.", "enable_ddi"),
    enabled: { description: "Active (vendor status 1) or not (0).", vendorField: "status", onChange: "update", default: true },
    annotations: optional("Notes about the number.", "annotations"),
    deletionPolicy: {
        description: "On destroy: delete the number, or release it to the pool (customer 0, disabled).",
        onChange: "state",
        default: "delete",
    },
};
