/**
 * `nextbilling.RingGroup` as programs use it: the class, its args and its output types. Kept free
 * of zod (schema.ts) so that the package's public type declarations never reach zod's, which
 * TypeScript can only check with esModuleInterop.
 */
import * as pulumi from "@pulumi/pulumi";

/** How a ring group rings its lines (vendor `strategy`). */
export const RingStrategy = {
    /** Every line at once. */
    RingAll: "ringall",
    /** One line at a time, at random. */
    Random: "random",
    /** One line at a time, in the order of `devices`. */
    Linear: "linear",
} as const;
export type RingStrategy = (typeof RingStrategy)[keyof typeof RingStrategy];

export interface RingGroupArgs {
    /** NextBilling customer (`id_cliente`) that owns the group. Changing it replaces the group. */
    customerId: pulumi.Input<number>;
    /** The group's name (`descricao`), unique per customer: it is how duplicates are recognised. One line, at most 200 characters. */
    description: pulumi.Input<string>;
    /** `ringall`, `random` or `linear` (see RingStrategy). */
    strategy: pulumi.Input<RingStrategy>;
    /** The customer's NextBilling line ids (`devices`), 1 to 500, no repeats; the order matters only for `linear`. */
    devices: pulumi.Input<pulumi.Input<number>[]>;
    /** Vendor `status`: 1 (true, the default) or 0. */
    enabled?: pulumi.Input<boolean>;
    /** Adopt the existing group with this record id instead of creating one (`pulumi import` does not work for dynamic resources). */
    importId?: pulumi.Input<number>;
}

// `import x = require()` keeps the module object itself (no interop copy), which is what the
// closure serializer must see to store a one-line `require` instead of serializing code.
import hostedProvider = require("../../dynamic/nextbilling-ringgroup");

/**
 * A NextBilling ring group (Grupo de Chamadas), vendor method `manageRingGroups`.
 *
 * ```ts
 * import * as telephony from "pulumi-telephony";
 *
 * const reception = new telephony.nextbilling.RingGroup("reception", {
 *     customerId: 9,
 *     description: "Ramais Recepção",
 *     strategy: telephony.nextbilling.RingStrategy.Linear,
 *     devices: [1, 4, 19, 23],
 * });
 * export const ringGroupId = reception.recordId;
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/nextbilling.RingGroup.md.
 */
export class RingGroup extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/nextbilling:RingGroup";

    /** Whether `obj` is a RingGroup, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is RingGroup {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === RingGroup.__pulumiType;
    }

    /** The group's NextBilling record id (`id_record`), also its Pulumi id. */
    declare public readonly recordId: pulumi.Output<number>;
    declare public readonly customerId: pulumi.Output<number>;
    declare public readonly description: pulumi.Output<string>;
    declare public readonly strategy: pulumi.Output<RingStrategy>;
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
