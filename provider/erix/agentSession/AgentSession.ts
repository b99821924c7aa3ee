/**
 * `erix.AgentSession` as programs use it: the class and its args. Kept free of zod (schema.ts) so
 * that the package's public type declarations never reach zod's.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AgentSessionArgs {
    /** The agent's login (not its display name). Changing it logs the old agent off first. */
    agent: pulumi.Input<string>;
    /** A Call Center extension, digits only. Changing it logs off, then in again. */
    extension: pulumi.Input<string>;
    /** A Call Center queue's name. Changing it logs off, then in again. */
    queue: pulumi.Input<string>;
    /** Paused (true) or available (false, the default). */
    paused?: pulumi.Input<boolean>;
    /** Sent when pausing, at most 100 characters; changing it while paused is unpause then pause. */
    pauseReason?: pulumi.Input<string>;
}

import hostedProvider = require("../../dynamic/erix-agentsession");

/**
 * A call-center agent logged into a PBX Erix queue, paused or available (agent.php login, pause,
 * unpause, logoff). Sessions are operational state: Erix has no status query, so a logoff made at
 * the PBX is not seen by refresh.
 *
 * ```ts
 * import * as telephony from "pulumi-telephony";
 *
 * new telephony.erix.AgentSession("maria", { agent: "maria", extension: "2001", queue: "vendas" });
 * new telephony.erix.AgentSession("joao", { agent: "joao", extension: "2002", queue: "vendas", paused: true, pauseReason: "Almoço" });
 * ```
 *
 * Inputs, outputs and behaviour: docs/resources/erix.AgentSession.md.
 */
export class AgentSession extends pulumi.dynamic.Resource {
    /** @internal */
    public static readonly __pulumiType = "pulumi-nodejs:dynamic/telephony/erix:AgentSession";

    /** Whether `obj` is an AgentSession, even one made by another copy of this package. */
    public static isInstance(obj: unknown): obj is AgentSession {
        return (obj as { __pulumiType?: unknown } | undefined)?.__pulumiType === AgentSession.__pulumiType;
    }

    declare public readonly agent: pulumi.Output<string>;
    declare public readonly extension: pulumi.Output<string>;
    declare public readonly queue: pulumi.Output<string>;
    declare public readonly paused: pulumi.Output<boolean>;
    declare public readonly pauseReason: pulumi.Output<string | undefined>;

    constructor(name: string, args: AgentSessionArgs, opts?: pulumi.CustomResourceOptions) {
        super(hostedProvider, name, { paused: false, pauseReason: undefined, ...args }, opts, "telephony/erix", "AgentSession");
    }
}
