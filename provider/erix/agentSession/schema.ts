/**
 * `erix.AgentSession`'s inputs: the zod schema check validates against, and one declaration per
 * field. One agent cannot be logged in twice, so moving it replaces delete-first.
 */
import { z } from "zod";
import type { Fields } from "../../kit/fields";
import { flag, LIMITS, singleLine } from "../../kit/schemaParts";

export const agentSessionSchema = z.strictObject({
    agent: singleLine("the agent's login (not its display name), a non-empty text", 100),
    extension: z
        .string({ error: 'must be the extension\'s digits, as text, e.g. "2001"' })
        .regex(/^[0-9]{1,20}$/, { error: 'must be the extension\'s digits (1 to 20), as text, e.g. "2001"' }),
    queue: singleLine("the Call Center queue's name, a non-empty text", 100),
    paused: flag.default(false),
    pauseReason: singleLine("a text", LIMITS.reason).optional(),
});

export type AgentSessionInputs = z.infer<typeof agentSessionSchema>;

export const agentSessionFields: Fields = {
    agent: { description: "The agent's login.", vendorField: "agent", onChange: "replace" },
    extension: { description: "The Call Center extension the agent logs in at.", vendorField: "exten", onChange: "replace" },
    queue: { description: "The Call Center queue the agent logs into.", vendorField: "queue", onChange: "replace" },
    paused: {
        description: "Paused (pause) or available (unpause).",
        vendorField: "command pause / unpause",
        onChange: "update",
        default: false,
    },
    pauseReason: {
        description: "The reason sent with pause; it matters only while paused.",
        vendorField: "reason",
        onChange: "update",
        // The reason only matters while paused: it is sent only when pausing.
        same: (before, after, news) => !news.paused || before === after,
    },
};
