/**
 * `erix.AgentSession` as programs use it. Kept apart from agentSession.ts (schema, calls,
 * provider) so that the package's public type declarations never reach zod's.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AgentSessionArgs {
    /** The agent's login (not its display name). */
    agent: pulumi.Input<string>;
    /** A Call Center extension, digits only. */
    extension: pulumi.Input<string>;
    /** A Call Center queue's name. */
    queue: pulumi.Input<string>;
    /** Paused (true) or available (false, default). */
    paused?: pulumi.Input<boolean>;
    /** Sent when pausing; changing it while paused is unpause then pause. */
    pauseReason?: pulumi.Input<string>;
}

import hostedProvider = require("../dynamic/erix-agentsession");

export class AgentSession extends pulumi.dynamic.Resource {
    declare public readonly agent: pulumi.Output<string>;
    declare public readonly extension: pulumi.Output<string>;
    declare public readonly queue: pulumi.Output<string>;
    declare public readonly paused: pulumi.Output<boolean>;
    declare public readonly pauseReason: pulumi.Output<string | undefined>;

    constructor(name: string, args: AgentSessionArgs, opts?: pulumi.CustomResourceOptions) {
        super(hostedProvider, name, { paused: false, ...args }, opts, "telephony/erix", "AgentSession");
    }
}
