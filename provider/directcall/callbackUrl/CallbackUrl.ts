/**
 * `directcall.CallbackUrl` as programs use it: the class, its args and its output types. Kept
 * free of zod (schema.ts) so that the package's public type declarations never reach zod's.
 */
import * as pulumi from "@pulumi/pulumi";

export interface CallbackBasicAuthArgs {
    /** The user Directcall sends with each event (no `:`). */
    username: pulumi.Input<string>;
    /** Always stored as a secret, even when given as plain text. */
    password: pulumi.Input<string>;
}

export interface CallbackUrlArgs {
    /** Where Directcall POSTs call-status events: an absolute https URL, without credentials, one line, at most 2,048 characters. */
    url: pulumi.Input<string>;
    /** Only calls of this PIN (digits); every call when absent. */
    pin?: pulumi.Input<string>;
    /** Basic auth Directcall sends with each event; the password is always stored as a secret. */
    basicAuth?: pulumi.Input<CallbackBasicAuthArgs>;
    /** Allow a plain http URL (local receivers only). */
    allowInsecureHttp?: pulumi.Input<boolean>;
    /** Adopt the existing registration with this code instead of registering the URL again. */
    importId?: pulumi.Input<string>;
}

/** The Basic auth user as stored; the password is `basicAuthPassword`. */
export interface CallbackBasicAuth {
    username: string;
}

import hostedProvider = require("../../dynamic/directcall-callbackurl");

/**
 * A URL registered with Directcall to receive call-status events (add-callback). Directcall has
 * no update call: every change is a replacement, made create-before-delete so that no event is
 * lost.
 *
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import * as telephony from "pulumi-telephony";
 *
 * const config = new pulumi.Config();
 * new telephony.directcall.CallbackUrl("crm", {
 *     url: "https://crm.example.com.br/hooks/directcall",
 *     basicAuth: { username: "directcall", password: config.requireSecret("hookPassword") },
 * });
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/directcall.CallbackUrl.md.
 */
export class CallbackUrl extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/directcall:CallbackUrl";

    /** Whether `obj` is a CallbackUrl, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is CallbackUrl {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === CallbackUrl.__pulumiType;
    }

    /** Directcall's unique id of this registration, also its Pulumi id. */
    declare public readonly code: pulumi.Output<string>;
    /** The URL in canonical form. */
    declare public readonly url: pulumi.Output<string>;
    declare public readonly pin: pulumi.Output<string | undefined>;
    /** The Basic auth user (the password is `basicAuthPassword`, always secret). */
    declare public readonly basicAuth: pulumi.Output<CallbackBasicAuth | undefined>;
    declare public readonly basicAuthPassword: pulumi.Output<string | undefined>;
    declare public readonly allowInsecureHttp: pulumi.Output<boolean>;
    declare public readonly importId: pulumi.Output<string | undefined>;

    constructor(name: string, args: CallbackUrlArgs, opts?: pulumi.CustomResourceOptions) {
        const { basicAuth, ...rest } = args;
        // Only the password is secret: split it out, or the whole basicAuth object would be.
        const auth = basicAuth === undefined ? undefined : pulumi.output(basicAuth);
        const props = {
            code: undefined,
            pin: undefined,
            importId: undefined,
            allowInsecureHttp: false,
            ...rest,
            basicAuth: auth && pulumi.unsecret(auth.apply(({ username }) => ({ username }))),
            basicAuthPassword: auth && pulumi.secret(auth.apply(({ password }) => password)),
        };
        super(
            hostedProvider,
            name,
            props,
            { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "basicAuthPassword"] },
            "telephony/directcall",
            "CallbackUrl",
        );
    }
}
