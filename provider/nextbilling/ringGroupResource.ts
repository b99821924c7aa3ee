/**
 * `nextbilling.RingGroup` as programs use it. Kept apart from ringGroup.ts (schema, mapping,
 * calls, provider) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

export const STRATEGIES = ["ringall", "random", "linear"] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface RingGroupArgs {
    /** NextBilling customer (id_cliente) that owns the group. Changing it replaces the group. */
    customerId: pulumi.Input<number>;
    /** The group's name (descricao); unique per customer, since it is how duplicates are detected. */
    description: pulumi.Input<string>;
    /** ringall: all lines at once; random; linear: in the order of `devices`. */
    strategy: pulumi.Input<Strategy>;
    /** NextBilling line ids (devices); each must belong to the customer. */
    devices: pulumi.Input<pulumi.Input<number>[]>;
    /** Vendor status 1 (true, default) or 0 (false). */
    enabled?: pulumi.Input<boolean>;
    /** Adopt the existing group with this record id instead of creating one. */
    importId?: pulumi.Input<number>;
}

// `import x = require()` keeps the module object itself (no interop copy), which is what the
// closure serializer must see to store a one-line `require` instead of serializing code.
import hostedProvider = require("../dynamic/nextbilling-ringgroup");

export class RingGroup extends pulumi.dynamic.Resource {
    /** The group's NextBilling record id (id_record). */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    declare public readonly description: pulumi.Output<string>;
    declare public readonly strategy: pulumi.Output<Strategy>;
    declare public readonly devices: pulumi.Output<number[]>;
    declare public readonly enabled: pulumi.Output<boolean>;
    declare public readonly importId: pulumi.Output<number | undefined>;

    constructor(name: string, args: RingGroupArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            hostedProvider,
            name,
            { recordId: undefined, enabled: true, importId: undefined, ...args },
            opts,
            "telephony/nextbilling",
            "RingGroup",
        );
    }
}
