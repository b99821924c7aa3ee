/**
 * `nextbilling.RingGroup`'s definition for the kit: its schema and fields, its natural key
 * (customer + description: NextBilling itself allows twins, this resource does not), and its
 * vendor calls. The engine reaches the provider through provider/dynamic/nextbilling-ringgroup.ts.
 */
import { indexed } from "../../kit/listCache";
import { dynamicProvider, type ResourceDefinition } from "../../kit/resource";
import { UnexpectedShape } from "../../kit/undocumented";
import { nextBillingClient, warnOnce } from "../../runtime";
import type { NextBillingClient } from "../client";
import { integer, text, type VendorRecord } from "../records";
import { ringGroupFields, ringGroupSchema, type RingGroupInputs } from "./schema";
import { createRingGroup, deleteRingGroup, fromVendor, listRingGroups, toVendor, updateRingGroup } from "./vendor";

/** Descriptions compare as a person reads them: case and surrounding spaces aside. */
export function sameDescription(a: unknown, b: unknown): boolean {
    return comparable(a) === comparable(b);
}

function comparable(description: unknown): string {
    return text(description).trim().toLocaleLowerCase("pt-BR");
}

/** A listed group's description as compared, once per record: a create scans the customer's whole list. */
const comparableOf = new WeakMap<VendorRecord, string>();
function listedDescription(record: VendorRecord): string {
    let description = comparableOf.get(record);
    if (description === undefined) {
        description = comparable(record.descricao);
        comparableOf.set(record, description);
    }
    return description;
}

const listedId = (record: VendorRecord) => String(integer(record.id));

/**
 * The customer's groups, or `undefined` when the list answer is of no shape we can read (it is
 * undocumented): then the duplicate check and refresh give up, once, with a warning.
 */
async function readableGroups(client: NextBillingClient, customerId: number, fresh: boolean): Promise<VendorRecord[] | undefined> {
    try {
        return await listRingGroups(client, customerId, fresh);
    } catch (error) {
        if (!(error instanceof UnexpectedShape)) throw error;
        warnOnce(
            "listRingGroups:shape",
            `${error.message}: the duplicate check of ring groups is left out and refresh keeps their stored state (the list answer is undocumented; docs/vendors/nextbilling.md).`,
        );
        return undefined;
    }
}

export const ringGroupDefinition: ResourceDefinition<RingGroupInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "RingGroup",
    noun: "ring group",
    schema: ringGroupSchema,
    fields: ringGroupFields,
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    adoptionScope: (inputs) => ({ text: `of customer ${inputs.customerId}`, inputs: ["customerId"] }),
    naturalKey: {
        property: "description",
        key: (inputs) => `${inputs.customerId}/${inputs.description.trim().toLocaleLowerCase("pt-BR")}`,
        describe: (inputs) => `customer ${inputs.customerId} and description ${JSON.stringify(inputs.description)}`,
        alternative: "give it a different description",
        async find(client, inputs, fresh) {
            const groups = await readableGroups(client, inputs.customerId, fresh);
            if (groups === undefined) return undefined;
            const wanted = comparable(inputs.description);
            const twin = groups.find((record) => listedDescription(record) === wanted);
            return twin ? fromVendor(twin) : null;
        },
    },
    vendor: {
        async read(client, id, stored) {
            const groups = await readableGroups(client, stored.customerId, false);
            if (groups === undefined) return undefined;
            const record = indexed(groups, listedId).get(id);
            return record ? fromVendor(record) : null;
        },
        create: async (client, inputs) => String(await createRingGroup(client, toVendor(inputs))),
        update: (client, id, news) => updateRingGroup(client, Number(id), toVendor(news)),
        delete: (client, id, stored) => deleteRingGroup(client, Number(id), stored.customerId),
    },
};

export const ringGroupProvider = dynamicProvider(ringGroupDefinition);
