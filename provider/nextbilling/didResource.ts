/**
 * `nextbilling.Did` as programs use it. Kept apart from did.ts (schema, mapping, calls, provider)
 * so that the package's public type declarations never reach zod's, which TypeScript can only
 * check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/** Each routing type: its vendor `did_type` and the companion fields it takes (seed 001). */
export const ROUTING_TYPES = {
    ip: { didType: 0, fields: ["deviceId", "primary", "backup"] },
    line: { didType: 1, fields: ["deviceId"] },
    extensionMenu: { didType: 4, fields: ["deviceId"] },
    queue: { didType: 5, fields: ["queueId"] },
    ivr: { didType: 6, fields: ["ivrId"] },
    reverseCallback: { didType: 8, fields: [] },
    reverseIvr: { didType: 9, fields: ["deviceId"] },
    audioTest: { didType: 10, fields: [] },
} as const;
export type RoutingType = keyof typeof ROUTING_TYPES;
export const DELETION_POLICIES = ["delete", "release"] as const;

/**
 * Brazilian numbers as people write them: `+55 (11) 3000-1000`, `11 3000-1000`, `11.3000.1000`.
 * Separators go, a written country code +55 goes; what is left must be 3 to 15 digits.
 */
export function normaliseNumber(written: string): string | undefined {
    let text = written.trim().replace(/[\s().-]/g, "");
    if (text.startsWith("+55")) text = text.slice(3);
    return /^[0-9]{3,15}$/.test(text) ? text : undefined;
}

export interface DidEndpointArgs {
    /** ip_address1 / ip_address2. */
    ipAddress: string;
    /** port1 / port2; default 5060. */
    port?: number;
    /** techprefix1 / techprefix2: digits, # or *. */
    techPrefix?: string;
}

/** did_type and its companion fields: one shape per routing type. */
export type DidRoutingArgs =
    | { type: "ip"; deviceId: number; primary: DidEndpointArgs; backup?: DidEndpointArgs }
    | { type: "line" | "extensionMenu" | "reverseIvr"; deviceId: number }
    | { type: "queue"; queueId: number }
    | { type: "ivr"; ivrId: number }
    | { type: "reverseCallback" | "audioTest" };

export interface DidSupplierArgs {
    /** host: the supplier's IP address (or host name). */
    host: pulumi.Input<string>;
    /** port: the supplier's SIP port. */
    port?: pulumi.Input<number>;
    /** username: authentication user at the supplier, if any. */
    username?: pulumi.Input<string>;
    /** password: always stored as a secret, even when given as plain text. */
    password?: pulumi.Input<string>;
    /** host_additional: more supplier IPs. */
    additionalHosts?: pulumi.Input<pulumi.Input<string>[]>;
    /** register: register the DID at the supplier. */
    register?: pulumi.Input<boolean>;
}

export interface DidArgs {
    /** customer_id; 0 = available for sale. Moving a DID between customers is an in-place update. */
    customerId: pulumi.Input<number>;
    /** did_number, written as people write it (`+55 (11) 3000-1000`); stored as digits. Changing it replaces the DID. */
    number: pulumi.Input<string>;
    /** description. */
    description: pulumi.Input<string>;
    /** did_type and its companion fields, one shape per routing type. */
    routing: pulumi.Input<DidRoutingArgs>;
    supplier?: pulumi.Input<DidSupplierArgs>;
    /** rate_id: sale rate plan. */
    ratePlanId?: pulumi.Input<number>;
    /** rate_cost_id: cost rate plan. */
    costPlanId?: pulumi.Input<number>;
    /** callerid_add: digits added to the original caller id. */
    callerIdPrefix?: pulumi.Input<string>;
    /** max_calls: simultaneous calls. */
    maxCalls?: pulumi.Input<number>;
    /** play_audio: play busy / no answer / not found messages. */
    playAudio?: pulumi.Input<boolean>;
    /** hide_from_reseller: hide the supplier from the reseller. */
    hideSupplierFromReseller?: pulumi.Input<boolean>;
    /** enable_fixed: accept calls from national fixed lines. */
    enableFixed?: pulumi.Input<boolean>;
    /** enable_mobile: accept calls from national mobiles. */
    enableMobile?: pulumi.Input<boolean>;
    /** enable_ddi: accept international calls. */
    enableInternational?: pulumi.Input<boolean>;
    /** status 1 (true, default) or 0. */
    enabled?: pulumi.Input<boolean>;
    /** annotations. */
    annotations?: pulumi.Input<string>;
    /** On destroy: "delete" the DID (default), or "release" it to the pool (customer 0, disabled). */
    deletionPolicy?: pulumi.Input<"delete" | "release">;
    /** Adopt the existing DID with this record id instead of creating one. */
    importId?: pulumi.Input<number>;
}

import hostedProvider = require("../dynamic/nextbilling-did");

export class Did extends pulumi.dynamic.Resource {
    /** The DID's NextBilling record id. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    /** Digits only, as stored. */
    declare public readonly number: pulumi.Output<string>;
    declare public readonly description: pulumi.Output<string>;
    declare public readonly routing: pulumi.Output<DidRoutingArgs>;
    /** The supplier without its password (see `supplierPassword`). */
    declare public readonly supplier: pulumi.Output<Omit<DidSupplierArgs, "password"> | undefined>;
    /** The supplier password, always secret. */
    declare public readonly supplierPassword: pulumi.Output<string | undefined>;
    declare public readonly enabled: pulumi.Output<boolean>;
    declare public readonly deletionPolicy: pulumi.Output<"delete" | "release">;

    constructor(name: string, args: DidArgs, opts?: pulumi.CustomResourceOptions) {
        const { supplier, ...rest } = args;
        // Only the password is secret: split it out before the engine sees the supplier object,
        // or the secret would make the whole supplier (hosts, port) secret in every diff.
        const supplierOutput = supplier === undefined ? undefined : pulumi.output(supplier);
        const props = {
            recordId: undefined,
            enabled: true,
            deletionPolicy: "delete",
            ...rest,
            supplier: supplierOutput && pulumi.unsecret(supplierOutput.apply(({ password: _, ...visible }) => visible)),
            supplierPassword: supplierOutput && pulumi.secret(supplierOutput.apply((given) => given.password)),
        };
        super(
            hostedProvider,
            name,
            props,
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "supplierPassword"] },
            "telephony/nextbilling",
            "Did",
        );
    }
}
