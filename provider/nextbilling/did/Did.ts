/**
 * `nextbilling.Did` as programs use it: the class, its args and its output types. Kept free of
 * zod (schema.ts) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/** Each routing type: its vendor `did_type` and the companion fields it takes ("Criando-Alterando um DID"). */
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

/** Where an inbound number sends its calls (vendor `did_type`). */
export const RoutingType = {
    /** 0: inbound over IP, to a PBX at `primary` (and `backup`); `deviceId` is the line that pays. */
    Ip: "ip",
    /** 1: call one IP line. */
    Line: "line",
    /** 4: an extension menu; `deviceId` is the line that pays. */
    ExtensionMenu: "extensionMenu",
    /** 5: a call-center queue. */
    Queue: "queue",
    /** 6: an IVR menu (URA). */
    Ivr: "ivr",
    /** 8: reverse callback. */
    ReverseCallback: "reverseCallback",
    /** 9: a reverse IVR; `deviceId` is the line that pays. */
    ReverseIvr: "reverseIvr",
    /** 10: the DID audio test. */
    AudioTest: "audioTest",
} as const;
export type RoutingType = (typeof RoutingType)[keyof typeof RoutingType];

/** What happens to the number on destroy. */
export const DeletionPolicy = {
    /** Delete the DID (the default). */
    Delete: "delete",
    /** Keep the number: back to the pool (customer 0), disabled, routed to the audio test. */
    Release: "release",
} as const;
export type DeletionPolicy = (typeof DeletionPolicy)[keyof typeof DeletionPolicy];

/**
 * Brazilian numbers as people write them: `+55 (11) 3000-1000`, `11 3000-1000`, `11.3000.1000`.
 * Separators go, a written country code +55 goes; what is left must be 3 to 15 digits.
 */
export function normaliseNumber(written: string): string | undefined {
    let text = written.trim().replace(/[\s().-]/g, "");
    if (text.startsWith("+55")) text = text.slice(3);
    return /^[0-9]{3,15}$/.test(text) ? text : undefined;
}

// ---------------------------------------------------------------------------------------------
// Inputs

export interface DidEndpointArgs {
    /** `ip_address1` / `ip_address2`: an IP address. */
    ipAddress: pulumi.Input<string>;
    /** `port1` / `port2`; default 5060. */
    port?: pulumi.Input<number>;
    /** `techprefix1` / `techprefix2`: digits, # or *. */
    techPrefix?: pulumi.Input<string>;
}

/**
 * `did_type` and its companion fields: one shape per routing type. The `type` itself is a plain
 * literal (it decides the shape); every companion takes an Input, such as another resource's id.
 */
export type DidRoutingArgs =
    | { type: "ip"; deviceId: pulumi.Input<number>; primary: pulumi.Input<DidEndpointArgs>; backup?: pulumi.Input<DidEndpointArgs> }
    | { type: "line" | "extensionMenu" | "reverseIvr"; deviceId: pulumi.Input<number> }
    | { type: "queue"; queueId: pulumi.Input<number> }
    | { type: "ivr"; ivrId: pulumi.Input<number> }
    | { type: "reverseCallback" | "audioTest" };

export interface DidSupplierArgs {
    /** `host`: the supplier's IP address or host name. */
    host: pulumi.Input<string>;
    /** `port`: the supplier's SIP port. */
    port?: pulumi.Input<number>;
    /** `username`: authentication user at the supplier, if any. */
    username?: pulumi.Input<string>;
    /** `password`: always stored as a secret, even when given as plain text. */
    password?: pulumi.Input<string>;
    /** `host_additional`: more supplier addresses, no repeats. */
    additionalHosts?: pulumi.Input<pulumi.Input<string>[]>;
    /** `register`: register the DID at the supplier. */
    register?: pulumi.Input<boolean>;
}

export interface DidArgs {
    /** `customer_id`; 0 = available for sale. Moving a DID between customers is an in-place update. */
    customerId: pulumi.Input<number>;
    /** `did_number`, written as people write it (`+55 (11) 3000-1000`); stored as digits. Changing it replaces the DID. */
    number: pulumi.Input<string>;
    /** `description`: one line, at most 200 characters. */
    description: pulumi.Input<string>;
    /** `did_type` and its companion fields, one shape per routing type. */
    routing: pulumi.Input<DidRoutingArgs>;
    /** The trunk the number arrives on. Only the fields given are managed. */
    supplier?: pulumi.Input<DidSupplierArgs>;
    /** `rate_id`: sale rate plan. */
    ratePlanId?: pulumi.Input<number>;
    /** `rate_cost_id`: cost rate plan. */
    costPlanId?: pulumi.Input<number>;
    /** `callerid_add`: digits added to the original caller id. */
    callerIdPrefix?: pulumi.Input<string>;
    /** `max_calls`: simultaneous calls. */
    maxCalls?: pulumi.Input<number>;
    /** `play_audio`: play busy / no answer / not found messages. */
    playAudio?: pulumi.Input<boolean>;
    /** `hide_from_reseller`: hide the supplier from the reseller. */
    hideSupplierFromReseller?: pulumi.Input<boolean>;
    /** `enable_fixed`: accept calls from national fixed lines. */
    enableFixed?: pulumi.Input<boolean>;
    /** `enable_mobile`: accept calls from national mobiles. */
    enableMobile?: pulumi.Input<boolean>;
    /** `enable_ddi`: accept international calls. */
    enableInternational?: pulumi.Input<boolean>;
    /** `status` 1 (true, the default) or 0. */
    enabled?: pulumi.Input<boolean>;
    /** `annotations`: notes, at most 4,000 characters. */
    annotations?: pulumi.Input<string>;
    /** On destroy: `delete` the DID (default), or `release` it to the pool (customer 0, disabled). */
    deletionPolicy?: pulumi.Input<DeletionPolicy>;
    /** Adopt the existing DID with this record id instead of creating one. */
    importId?: pulumi.Input<number>;
}

// ---------------------------------------------------------------------------------------------
// Outputs

export interface DidEndpoint {
    ipAddress: string;
    port: number;
    techPrefix?: string;
}

export type DidRouting =
    | { type: "ip"; deviceId: number; primary: DidEndpoint; backup?: DidEndpoint }
    | { type: "line" | "extensionMenu" | "reverseIvr"; deviceId: number }
    | { type: "queue"; queueId: number }
    | { type: "ivr"; ivrId: number }
    | { type: "reverseCallback" | "audioTest" };

/** The supplier as stored: everything but the password, which is `supplierPassword`. */
export interface DidSupplier {
    host: string;
    port?: number;
    username?: string;
    additionalHosts?: string[];
    register?: boolean;
}

import hostedProvider = require("../../dynamic/nextbilling-did");

const OPTIONAL_OUTPUTS = [
    "ratePlanId",
    "costPlanId",
    "callerIdPrefix",
    "maxCalls",
    "playAudio",
    "hideSupplierFromReseller",
    "enableFixed",
    "enableMobile",
    "enableInternational",
    "annotations",
    "importId",
] as const;

/**
 * An inbound number (DID, Número Entrante), vendor method `manageDID`.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as telephony from "pulumi-telephony";
 *
 * const config = new pulumi.Config();
 * new telephony.nextbilling.Did("sales-line", {
 *     customerId: 13,
 *     number: "+55 (11) 3000-1000",
 *     description: "Número Entrante Vendas",
 *     routing: { type: "queue", queueId: 12 },
 *     supplier: { host: "192.168.0.2", username: "trunk01", password: config.requireSecret("trunkPassword") },
 * }, { protect: true });
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/nextbilling.Did.md.
 */
export class Did extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/nextbilling:Did";

    /** Whether `obj` is a Did, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is Did {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === Did.__pulumiType;
    }

    /** The DID's NextBilling record id, also its Pulumi id. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    /** Digits only, as stored. */
    declare public readonly number: pulumi.Output<string>;
    declare public readonly description: pulumi.Output<string>;
    declare public readonly routing: pulumi.Output<DidRouting>;
    /** The supplier without its password (see `supplierPassword`). */
    declare public readonly supplier: pulumi.Output<DidSupplier | undefined>;
    /** The supplier password, always secret. */
    declare public readonly supplierPassword: pulumi.Output<string | undefined>;
    declare public readonly ratePlanId: pulumi.Output<number | undefined>;
    declare public readonly costPlanId: pulumi.Output<number | undefined>;
    declare public readonly callerIdPrefix: pulumi.Output<string | undefined>;
    declare public readonly maxCalls: pulumi.Output<number | undefined>;
    declare public readonly playAudio: pulumi.Output<boolean | undefined>;
    declare public readonly hideSupplierFromReseller: pulumi.Output<boolean | undefined>;
    declare public readonly enableFixed: pulumi.Output<boolean | undefined>;
    declare public readonly enableMobile: pulumi.Output<boolean | undefined>;
    declare public readonly enableInternational: pulumi.Output<boolean | undefined>;
    declare public readonly enabled: pulumi.Output<boolean>;
    declare public readonly annotations: pulumi.Output<string | undefined>;
    declare public readonly deletionPolicy: pulumi.Output<DeletionPolicy>;
    declare public readonly importId: pulumi.Output<number | undefined>;

    constructor(name: string, args: DidArgs, opts?: pulumi.CustomResourceOptions) {
        const { supplier, ...rest } = args;
        // Only the password is secret: split it out before the engine sees the supplier object,
        // or the secret would make the whole supplier (hosts, port) secret in every diff.
        const supplierOutput = supplier === undefined ? undefined : pulumi.output(supplier);
        const props = {
            // Every output is a property of the instance, given or not.
            ...Object.fromEntries(OPTIONAL_OUTPUTS.map((name) => [name, undefined])),
            recordId: undefined,
            enabled: true,
            deletionPolicy: DeletionPolicy.Delete,
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
