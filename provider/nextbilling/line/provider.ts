/**
 * `nextbilling.Line`'s definition for the kit: schema and fields, natural key (customer + SIP
 * username; NextBilling itself keeps usernames unique across the platform), checks at preview,
 * and the vendor calls, whose assumed update and delete are never what a create or read needs.
 * The engine reaches the provider through provider/dynamic/nextbilling-line.ts.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { errorFromAnswer, type TelephonyError } from "../../http/errors";
import { containsUnknown } from "../../kit/check";
import { changedFields, vendorChanges } from "../../kit/fields";
import { indexed } from "../../kit/listCache";
import { dynamicProvider, type ResourceDefinition } from "../../kit/resource";
import { lacksCall } from "../../kit/undocumented";
import { nextBillingClient, warn } from "../../runtime";
import type { NextBillingClient } from "../client";
import { integer, text, type VendorRecord } from "../records";
import { referenceFailures, type Wanted } from "../references";
import { explainLineKey, lineFields, lineSchema, type LineInputs } from "./schema";
import { createLine, deleteLine, FOLLOW_ME, listLines, liveLine, SCALAR_FIELDS, toVendor, updateLine } from "./vendor";

const listedId = (record: VendorRecord) => String(integer(record.id));

/** Which input a vendor refusal concerns, from the vendor field its text names; the error keeps the text itself. */
const VENDOR_TEXT_PROPERTY: [RegExp, (inputs: LineInputs) => string][] = [
    [/^Usu[áa]rio\b|\busername\b/i, () => "username"],
    [/\bpassword\b|\bsenha\b/i, () => "password"],
    [/^Cliente\b|\bcustomer_id\b/i, () => "customerId"],
    [/\bdomain\b/i, () => "auth.addresses"],
    [/\btechprefix\b/i, () => "auth.techPrefix"],
    [/\bport\b/i, () => "auth.port"],
    [/\bauth\b/i, () => "auth"],
    [/^URA\b/i, () => "function.ivrId"],
    [/^Fila\b/i, () => "function.queueId"],
    [/\bfuncionalidade_id\b/i, (inputs) => (inputs.function.type === "queue" ? "function.queueId" : "function.ivrId")],
    [/\bfuncionalidade\b/i, () => "function"],
    [/\bcodecs\b/i, () => "codecs"],
    [/\bproxy_media\b/i, () => "media"],
    ...Object.entries(FOLLOW_ME).map(([condition, infix]): [RegExp, () => string] => [
        new RegExp(`\\bsigame_${infix}_(st|dst)\\b`, "i"),
        () => `followMe.${condition}`,
    ]),
    ...SCALAR_FIELDS.map(([input, field]): [RegExp, () => string] => [new RegExp(`\\b${field}\\b`, "i"), () => input]),
];

/**
 * What only all the inputs together can tell, and the IVR or queue the line is, which must be the
 * customer's: checked at preview, against one list per customer.
 */
async function checkLine(client: NextBillingClient, inputs: LineInputs): Promise<dynamic.CheckFailure[]> {
    const failures: dynamic.CheckFailure[] = [];
    // Values not known yet (another resource's output, in a preview) may be anywhere: what they decide waits for them.
    const byPassword = !containsUnknown(inputs.auth) && inputs.auth.type === "password";
    if (byPassword && inputs.password === undefined && inputs.importId === undefined) {
        failures.push({
            property: "password",
            reason: 'password is required for auth type "password": NextBilling needs it to create the line (only a line adopted with importId may leave it out, keeping its own)',
        });
    }
    if (containsUnknown(inputs.function)) return failures;
    const wanted: Wanted[] = [];
    if (inputs.function.type === "ivr") wanted.push({ kind: "ivr", id: inputs.function.ivrId, property: "function.ivrId" });
    if (inputs.function.type === "queue") wanted.push({ kind: "queue", id: inputs.function.queueId, property: "function.queueId" });
    failures.push(...(await referenceFailures(client, inputs.customerId, wanted)));
    return failures;
}

/**
 * The assumed update is missing on this server: say what could not be changed, and where it can
 * be. The error keeps the call, the status and the vendor's text.
 */
function updateUnavailable(error: TelephonyError, id: string, news: LineInputs, olds: LineInputs): TelephonyError {
    const changed = vendorChanges(lineFields, changedFields(lineFields, olds, news)).filter((name) => !lineFields[name].writeOnly);
    const what =
        changed.length > 0
            ? `change ${changed.join(", ")} of line ${id} ("${news.username}") in the NextBilling panel`
            : `set line ${id}'s ("${news.username}") password in the NextBilling panel`;
    const password =
        news.password !== undefined
            ? "; a declared password is always sent, since it cannot be read back: leave `password` out to keep NextBilling's own"
            : "";
    const unavailable = errorFromAnswer({
        call: error.call,
        status: error.status,
        vendorReason: error.vendorReason,
        vendorCode: error.vendorCode,
        cause: error.cause,
    });
    unavailable.message +=
        `. Lines are changed in place with manageDevices' POST, a call NextBilling does not document (assumed, docs/vendors/nextbilling.md) and this server does not have: ` +
        `${what}, then run \`pulumi refresh\` so that the stack records it${password}`;
    unavailable.stack = `${unavailable.name}: ${unavailable.message}`;
    return unavailable;
}

export const lineDefinition: ResourceDefinition<LineInputs, NextBillingClient> = {
    module: "telephony/nextbilling",
    name: "Line",
    noun: "line",
    schema: lineSchema,
    fields: lineFields,
    validation: { secretProperties: { password: "password" }, explainUnknownKey: explainLineKey },
    client: nextBillingClient,
    idOutput: { name: "recordId", integer: true },
    checkAtVendor: checkLine,
    adoptionScope: (inputs) => ({ text: `of customer ${inputs.customerId}`, inputs: ["customerId"] }),
    naturalKey: {
        property: "username",
        words: "customer and SIP username",
        key: (inputs) => `${inputs.customerId}/${inputs.username}`,
        describe: (inputs) => `customer ${inputs.customerId} and username ${JSON.stringify(inputs.username)}`,
        alternative: "give it a different username",
        async find(client, inputs, fresh) {
            const twin = (await listLines(client, inputs.customerId, fresh)).find((record) => text(record.username) === inputs.username);
            // Read as importId reads it: what the listing cannot show is not a difference.
            return twin ? liveLine(twin, inputs) : null;
        },
    },
    // NextBilling refuses a second line with a username ("Usuário já cadastrado"), whichever customer has it.
    vendorRefusesDuplicates: true,
    // For that reason a line moved to another customer under the same username cannot be created before the old
    // one goes: it is deleted first (a phone registered with it is down until the new one exists). With a new
    // username too, the new line comes first, as every other replacement.
    deleteBeforeReplace: (olds, news) => olds.username === news.username,
    // A SIP login is what a phone registers with: an importId typed wrong must not rename another customer's phone.
    refuseAdoption: (live, inputs) =>
        live.inputs.username !== inputs.username
            ? `line ${live.id} has username ${JSON.stringify(live.inputs.username)}, not ${JSON.stringify(inputs.username)}; check importId and username (to rename a line, adopt it with its own username first)`
            : undefined,
    // A server lacking the call answers a page, not a refusal: its text names no field of ours.
    attribute: (error: TelephonyError, inputs) =>
        lacksCall(error) ? undefined : VENDOR_TEXT_PROPERTY.find(([pattern]) => pattern.test(error.vendorReason ?? ""))?.[1](inputs),
    vendor: {
        async read(client, id, stored) {
            const record = indexed(await listLines(client, stored.customerId), listedId).get(id);
            return record ? liveLine(record, stored) : null;
        },
        create: async (client, inputs) => String(await createLine(client, toVendor(inputs))),
        async update(client, id, news, olds) {
            try {
                await updateLine(client, Number(id), toVendor(news));
            } catch (error) {
                throw lacksCall(error) ? updateUnavailable(error as TelephonyError, id, news, olds) : error;
            }
        },
        async delete(client, id, stored) {
            if (await deleteLine(client, Number(id), stored.customerId)) return;
            warn(
                `line ${id} ("${stored.username}") of customer ${stored.customerId} was left at NextBilling: this server has no manageDevices delete as assumed; remove it in the NextBilling panel.`,
            );
        },
    },
};

export const lineProvider = dynamicProvider(lineDefinition);
