/**
 * `directcall.CallbackUrl` as programs use it. Kept apart from callbackUrl.ts (schema, mapping,
 * calls, provider) so that the package's public type declarations never reach zod's.
 */
import * as pulumi from "@pulumi/pulumi";

export interface CallbackUrlArgs {
    /** Where Directcall POSTs call-status events: an absolute https URL, without credentials. */
    url: pulumi.Input<string>;
    /** Only calls of this PIN (digits); every call when absent. */
    pin?: pulumi.Input<string>;
    /** Basic auth Directcall sends with each event; the password is always stored as a secret. */
    basicAuth?: pulumi.Input<{ username: pulumi.Input<string>; password: pulumi.Input<string> }>;
    /** Allow a plain http URL (local receivers only). */
    allowInsecureHttp?: pulumi.Input<boolean>;
    /** Adopt the existing registration with this code instead of registering the URL again. */
    importId?: pulumi.Input<string>;
}

import hostedProvider = require("../dynamic/directcall-callbackurl");

export class CallbackUrl extends pulumi.dynamic.Resource {
    /** Directcall's unique id of this registration. */
    declare public readonly code: pulumi.Output<string>;
    declare public readonly url: pulumi.Output<string>;
    declare public readonly pin: pulumi.Output<string | undefined>;
    /** The Basic auth user (the password is `basicAuthPassword`, always secret). */
    declare public readonly basicAuth: pulumi.Output<{ username: string } | undefined>;
    declare public readonly basicAuthPassword: pulumi.Output<string | undefined>;

    constructor(name: string, args: CallbackUrlArgs, opts?: pulumi.CustomResourceOptions) {
        const { basicAuth, ...rest } = args;
        // Only the password is secret: split it out, or the whole basicAuth object would be.
        const auth = basicAuth === undefined ? undefined : pulumi.output(basicAuth);
        const props = {
            code: undefined,
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
