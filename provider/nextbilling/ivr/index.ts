/**
 * `nextbilling.Ivr` in the registry: its definition, how export and drift read IVRs, what each
 * points at (its actions' lines, queues, IVRs and ring groups, and its time profile), and how the
 * export declares one: every target the export declares too written as that resource's output.
 */
import type { ExportContext, InventoryRecord, Property, Reference, ResourceEntry } from "../../kit/entry";
import { withoutDefaults } from "../../kit/fields";
import type { NextBillingClient } from "../client";
import { IVR_ACTIONS, type IvrActionType } from "./Ivr";
import { ivrDefinition, ivrProvider } from "./provider";
import { actionsOf, type IvrInputs } from "./schema";
import { fromVendor, IVRS } from "./vendor";

/** The class each action's id points at. */
const RESOURCE_OF: Partial<Record<IvrActionType, Reference["resource"]>> = {
    voicemail: "Line",
    line: "Line",
    queue: "Queue",
    ivr: "Ivr",
    ringGroup: "RingGroup",
};

/** The record an action points at, if any. */
function targetOf(action: unknown, customerId: number): { field: string; reference: Reference } | undefined {
    const name = (action as { action?: unknown } | undefined)?.action as IvrActionType;
    const resource = RESOURCE_OF[name];
    const field = IVR_ACTIONS[name]?.field;
    if (!resource || !field) return undefined;
    return { field, reference: { resource, customerId, id: Number((action as Record<string, unknown>)[field]) } };
}

function ivrReferences(record: InventoryRecord): Reference[] {
    const customerId = record.customerId ?? 0;
    const references: Reference[] = [];
    if (record.inputs.timeProfileId !== undefined)
        references.push({ resource: "TimeProfile", customerId, id: Number(record.inputs.timeProfileId) });
    for (const [, action] of actionsOf(record.inputs)) {
        const target = targetOf(action, customerId);
        if (target) references.push(target.reference);
    }
    return references;
}

/** An action as the program writes it: its target as the other resource's output when declared too, else the id with its name as a comment. */
function actionProperty(key: string, action: unknown, customerId: number, context: ExportContext): Property {
    const target = targetOf(action, customerId);
    if (!target) return { key, value: action };
    const id = context.ref(target.reference);
    const named = typeof id === "number" ? context.nameOf(target.reference) : undefined;
    return { key, value: { ...(action as Record<string, unknown>), [target.field]: id }, ...(named ? { trailing: named } : {}) };
}

export const ivrEntry: ResourceEntry<IvrInputs, NextBillingClient> = {
    name: "nextbilling.Ivr",
    definition: ivrDefinition,
    provider: ivrProvider,
    vendor: "NextBilling",
    summary: "An IVR menu (Menu de URA): what a call does on entry, under each key pressed and outside opening hours.",
    vendorCalls: "manageIvr (list documented; create, update, delete and digit options assumed)",
    inventory: {
        kind: "ivrs",
        nouns: ["IVR", "IVRs"],
        // `/0` lists every customer's IVRs in one call, the only list NextBilling documents: named customers are taken from it.
        list: IVRS.inventory({ kind: "ivrs", resource: "Ivr", read: fromVendor }),
        references: ivrReferences,
        namesReferences: true,
    },
    export: {
        // Inputs at the vendor's defaults are left out (withoutDefaults, kit/fields.ts); targets declared too are their outputs, the others named in a comment.
        properties(record, _name, context) {
            const customerId = record.customerId ?? 0;
            return context.plain(withoutDefaults(record.inputs, ivrDefinition.fields)).map((property): Property => {
                if (property.key === "timeProfileId")
                    return { ...property, value: context.ref({ resource: "TimeProfile", customerId, id: Number(property.value) }) };
                if (property.key === "onEntry" || property.key === "whenClosed")
                    return actionProperty(property.key, property.value, customerId, context);
                if (property.key === "options") {
                    const options = Object.entries(property.value as Record<string, unknown>).map(([key, action]) =>
                        actionProperty(key, action, customerId, context),
                    );
                    return { key: "options", nested: options };
                }
                return property;
            });
        },
    },
};
