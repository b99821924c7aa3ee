/**
 * The registry: every resource this package offers, in the order reports and exports list them.
 * Inventory, drift, export, the CLI and the docs iterate it; adding a resource is one folder and
 * one line here (CONTRIBUTING.md).
 */
import { callbackUrlEntry } from "./directcall/callbackUrl";
import { agentSessionEntry } from "./erix/agentSession";
import type { ResourceEntry } from "./kit/entry";
import { typeToken } from "./kit/resource";
import { didEntry } from "./nextbilling/did";
import { ivrEntry } from "./nextbilling/ivr";
import { lineEntry } from "./nextbilling/line";
import { queueEntry } from "./nextbilling/queue";
import { ringGroupEntry } from "./nextbilling/ringGroup";
import { timeProfileEntry } from "./nextbilling/timeProfile";

/**
 * In the order records are usually pointed at: lines before the queues, IVRs and ring groups that
 * hold them, those before the DIDs routed to them (drift reports them so). Not a strict order: a
 * line can be an IVR's or a queue's entry point, and an IVR can send a digit to a ring group, so
 * the export orders records by their own references (provider/export/program.ts), not by kind.
 */
export const RESOURCES: readonly ResourceEntry<any, any>[] = [
    lineEntry,
    timeProfileEntry,
    queueEntry,
    ivrEntry,
    ringGroupEntry,
    didEntry,
    callbackUrlEntry,
    agentSessionEntry,
];

/** The resource a registration's type token names; undefined for anything that is not ours. */
export function resourceOfType(token: string): ResourceEntry<any, any> | undefined {
    return RESOURCES.find((entry) => typeToken(entry.definition) === token);
}

/** The resource by name, as reports spell it: `nextbilling.Did`. */
export function resourceNamed(name: string): ResourceEntry<any, any> | undefined {
    return RESOURCES.find((entry) => entry.name === name);
}

/** Resources whose live records can be listed, with the kind word `--only` takes. */
export function inventoryKinds(): string[] {
    return RESOURCES.flatMap((entry) => (entry.inventory ? [entry.inventory.kind] : []));
}
