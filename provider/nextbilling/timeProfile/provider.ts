/**
 * `nextbilling.TimeProfile`'s definition for the kit: its schema and fields, its natural key
 * (customer + description, as ring groups: NextBilling itself allows twins, this resource does
 * not), and its vendor calls. The engine reaches the provider through
 * provider/dynamic/nextbilling-timeprofile.ts.
 */
import { errorFromAnswer, type TelephonyError } from "../../http/errors";
import { indexed } from "../../kit/listCache";
import { dynamicProvider, type ResourceDefinition } from "../../kit/resource";
import { UnexpectedShape } from "../../kit/undocumented";
import { nextBillingClient, warn, warnOnce } from "../../runtime";
import type { NextBillingClient } from "../client";
import { integer, text, type VendorRecord } from "../records";
import { explainWeekKey, timeProfileFields, timeProfileSchema, WEEKDAYS, type TimeProfileInputs } from "./schema";
import {
    createTimeProfile,
    deleteTimeProfile,
    fromVendor,
    lacksCall,
    listTimeProfiles,
    liveTimeProfile,
    toVendor,
    updateTimeProfile,
} from "./vendor";

/** Descriptions compare as a person reads them: case and surrounding spaces aside. */
function comparable(description: unknown): string {
    return text(description).trim().toLocaleLowerCase("pt-BR");
}

const listedId = (record: VendorRecord) => String(integer(record.id));

/**
 * The customer's profiles, or `undefined` when the list answer is of no shape we can read (it is
 * undocumented): then the duplicate check and refresh give up, once, with a warning.
 */
async function readableProfiles(client: NextBillingClient, customerId: number, fresh: boolean): Promise<VendorRecord[] | undefined> {
    try {
        return await listTimeProfiles(client, customerId, fresh);
    } catch (error) {
        if (!(error instanceof UnexpectedShape)) throw error;
        warnOnce(
            "listTimeProfiles:shape",
            `${error.message}: the duplicate check of time profiles is left out and refresh keeps their stored state (the list answer is undocumented; docs/vendors/nextbilling.md).`,
        );
        return undefined;
    }
}

/** `Horário inválido em wday1_hora2_end: 25:00:00` → `week.mon[1][1]`: the interval the vendor's text names. */
function attribute(error: TelephonyError): string | undefined {
    if (lacksCall(error)) return undefined;
    const reason = error.vendorReason ?? "";
    const time = /\bwday([0-6])_hora([12])(?:_(ini|end))?\b/i.exec(reason);
    if (time)
        return `week.${WEEKDAYS[Number(time[1])]}[${Number(time[2]) - 1}]${time[3] ? `[${time[3].toLowerCase() === "ini" ? 0 : 1}]` : ""}`;
    if (/^Cliente\b|\bid_cliente\b/i.test(reason)) return "customerId";
    if (/\bdescricao\b/i.test(reason)) return "description";
    return undefined;
}

/** The assumed create is missing on this server: say so, and how to manage a profile made in the panel. The error keeps the call, the status and the vendor's text. */
function createUnavailable(error: TelephonyError, inputs: TimeProfileInputs): TelephonyError {
    const unavailable = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        vendorCode: error.vendorCode,
        cause: error.cause,
    });
    unavailable.message +=
        `. Time profiles are created with manageTimeProfiles' PUT, a call NextBilling does not document (assumed, docs/vendors/nextbilling.md) and this server does not have: ` +
        `create ${JSON.stringify(inputs.description)} for customer ${inputs.customerId} in the NextBilling panel, then adopt it with \`importId: <its id>\``;
    unavailable.stack = `${unavailable.name}: ${unavailable.message}`;
    return unavailable;
}

export const timeProfileDefinition: ResourceDefinition<TimeProfileInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "TimeProfile",
    noun: "time profile",
    schema: timeProfileSchema,
    fields: timeProfileFields,
    validation: { explainUnknownKey: explainWeekKey },
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    adoptionScope: (inputs) => ({ text: `of customer ${inputs.customerId}`, inputs: ["customerId"] }),
    naturalKey: {
        property: "description",
        key: (inputs) => `${inputs.customerId}/${comparable(inputs.description)}`,
        describe: (inputs) => `customer ${inputs.customerId} and description ${JSON.stringify(inputs.description)}`,
        alternative: "give it a different description",
        async find(client, inputs, fresh) {
            const profiles = await readableProfiles(client, inputs.customerId, fresh);
            if (profiles === undefined) return undefined;
            const wanted = comparable(inputs.description);
            const twin = profiles.find((record) => comparable(record.descricao) === wanted);
            return twin ? fromVendor(twin) : null;
        },
    },
    attribute,
    vendor: {
        async read(client, id, stored) {
            const profiles = await readableProfiles(client, stored.customerId, false);
            if (profiles === undefined) return undefined;
            const record = indexed(profiles, listedId).get(id);
            return record ? liveTimeProfile(record, stored) : null;
        },
        async create(client, inputs) {
            try {
                return String(await createTimeProfile(client, toVendor(inputs)));
            } catch (error) {
                throw lacksCall(error) ? createUnavailable(error as TelephonyError, inputs) : error;
            }
        },
        update: (client, id, news) => updateTimeProfile(client, Number(id), toVendor(news)),
        async delete(client, id, stored) {
            if (await deleteTimeProfile(client, Number(id), stored.customerId)) return;
            warn(
                `time profile ${id} (${JSON.stringify(stored.description)}) of customer ${stored.customerId} was left at NextBilling: this server has no manageTimeProfiles delete as assumed; remove it in the NextBilling panel.`,
            );
        },
    },
};

export const timeProfileProvider = dynamicProvider(timeProfileDefinition);
