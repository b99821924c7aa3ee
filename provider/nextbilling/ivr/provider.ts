/**
 * `nextbilling.Ivr`'s definition for the kit: its schema and fields, its natural key (customer +
 * description, as ring groups'), the references its actions and time profile make, checked at
 * preview, and its vendor calls, every write assumed. The engine reaches the provider through
 * provider/dynamic/nextbilling-ivr.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { TelephonyError } from "../../http/errors";
import type { Inputs, ResourceDefinition } from "../../kit/resource";
import { dynamicProvider } from "../../kit/resource";
import { nextBillingClient, warn } from "../../runtime";
import type { NextBillingClient } from "../client";
import { describedByCustomer } from "../customerRecords";
import { isKnownId, referenceFailures, type ReferenceKind, type Wanted } from "../references";
import { IVR_ACTIONS, type IvrActionType } from "./Ivr";
import { actionsOf, explainActionKey, ivrFields, ivrSchema, type IvrInputs } from "./schema";
import { createIvr, deleteIvr, fromVendor, IVRS, toVendor, updateIvr } from "./vendor";

/** What each action's id points at. */
const TARGET_OF: Partial<Record<IvrActionType, ReferenceKind>> = {
    voicemail: "line",
    line: "line",
    queue: "queue",
    ivr: "ivr",
    ringGroup: "ringGroup",
};

/**
 * Every line, queue, IVR, ring group and time profile the IVR points at must be the customer's:
 * checked at preview, those already known (an id still unknown, another resource's output, is left
 * to NextBilling at create), against one list per kind per customer.
 */
export async function checkIvrReferences(client: NextBillingClient, inputs: IvrInputs): Promise<dynamic.CheckFailure[]> {
    if (!isKnownId(inputs.customerId)) return [];
    const wanted: Wanted[] = [];
    if (isKnownId(inputs.timeProfileId)) wanted.push({ kind: "timeProfile", id: inputs.timeProfileId, property: "timeProfileId" });
    for (const [path, action] of actionsOf(inputs)) {
        const name = (action as { action?: unknown } | undefined)?.action as IvrActionType;
        const kind = TARGET_OF[name];
        const field = IVR_ACTIONS[name]?.field;
        if (!kind || !field) continue;
        const id = (action as Record<string, unknown>)[field];
        if (isKnownId(id)) wanted.push({ kind, id, property: `${path}.${field}` });
    }
    return referenceFailures(client, inputs.customerId, wanted);
}

/** Rules between inputs, over the values known: the kit's schema cannot hold them (ResourceDefinition.rules). */
export function ivrRules(inputs: Inputs): dynamic.CheckFailure[] {
    if (inputs.satisfactionSurvey !== true || inputs.surveyAudioId !== undefined) return [];
    return [
        {
            property: "surveyAudioId",
            reason: "surveyAudioId is required when satisfactionSurvey is true: the NextBilling audio id of the survey (audio_question); it is missing",
        },
    ];
}

/** Vendor field → input, for refusals that name the field (`Destino inválido em options.1: …`). */
const INPUT_OF_VENDOR_FIELD: Record<string, string> = {
    closed_action: "whenClosed",
    action1: "onEntry",
    perfil_horario: "timeProfileId",
    audio_invalido: "invalidAudioId",
    audio_timeout: "timeoutAudioId",
    audio_question: "surveyAudioId",
    closed_audio: "closedAudioId",
    alow_dial_extension: "allowDialExtension",
    timeout_response: "responseTimeoutSeconds",
    timeout_digit: "digitTimeoutSeconds",
    have_question: "satisfactionSurvey",
    descricao: "description",
    id_cliente: "customerId",
};

/**
 * Which input a vendor refusal concerns, from its text; the error keeps the text itself. A refused
 * action names its place (`closed_action`, `action1`, `options.<key>`): the property is the action's
 * target (`options.1.queueId`).
 */
export function attributeIvrRefusal(error: TelephonyError, inputs: IvrInputs): string | undefined {
    const reason = error.vendorReason ?? "";
    const place = /\b(closed_action|action1|options\.[0-9*#])/.exec(reason)?.[1];
    if (place) {
        const path = place.startsWith("options.") ? place : INPUT_OF_VENDOR_FIELD[place]!;
        const action = path.startsWith("options.")
            ? inputs.options?.[path.slice("options.".length) as "1"]
            : path === "onEntry"
              ? inputs.onEntry
              : inputs.whenClosed;
        const field = action ? IVR_ACTIONS[action.action]?.field : undefined;
        return field ? `${path}.${field}` : path;
    }
    if (/^Perfil de hor[áa]rio\b/i.test(reason)) return "timeProfileId";
    if (/^Cliente\b/i.test(reason)) return "customerId";
    const field = Object.keys(INPUT_OF_VENDOR_FIELD).find((name) => reason.includes(name));
    return field ? INPUT_OF_VENDOR_FIELD[field] : undefined;
}

const described = describedByCustomer<IvrInputs>(IVRS, fromVendor);

export const ivrDefinition: ResourceDefinition<IvrInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "Ivr",
    noun: "IVR",
    schema: ivrSchema,
    fields: ivrFields,
    validation: { explainUnknownKey: explainActionKey },
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    rules: ivrRules,
    checkAtVendor: checkIvrReferences,
    adoptionScope: described.adoptionScope,
    naturalKey: described.naturalKey,
    attribute: attributeIvrRefusal,
    vendor: {
        read: described.read,
        create: async (client, inputs) => String(await createIvr(client, toVendor(inputs))),
        update: (client, id, news) => updateIvr(client, Number(id), toVendor(news)),
        async delete(client, id, stored) {
            if (await deleteIvr(client, Number(id), stored.customerId)) return;
            warn(
                `IVR ${id} (${JSON.stringify(stored.description)}, customer ${stored.customerId}) was left at NextBilling: this server has no IVR delete as assumed ` +
                    "(DELETE /api/manageIvr/T/K/0?id_record=N, undocumented); delete it in NextBilling's panel.",
            );
        },
    },
};

export const ivrProvider = dynamicProvider(ivrDefinition);
