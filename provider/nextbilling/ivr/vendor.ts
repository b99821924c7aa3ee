/**
 * manageIvr, as "[ API ] Gerenciar Menu de URA - IVR" documents it (docs/vendors/nextbilling.md):
 * GET …/0 lists, with the fields up to `action1`, where the page is cut: a customer's IVRs are read
 * from that list (customerRecords.ts), never from an assumed GET …/{customer}. ASSUMED, by analogy
 * with manageRingGroups: PUT …/0 creates (answering
 * `new_record`), POST …/0 with `id_record` updates, DELETE …/0?id_record=N deletes; the digit
 * options (`options`, keyed "0"…"9", "*", "#") and every action name but `hangup` and
 * `voicemail`. The list is read in every plausible shape (records.ts, and below for the objects).
 */
import type { LiveRecord } from "../../kit/resource";
import type { NextBillingClient } from "../client";
import { bit, customerOf, flag, idOfObject, integer, isSet, objectOf, text, type VendorRecord } from "../records";
import { CustomerRecords } from "../customerRecords";
import { IVR_ACTIONS, IVR_MENU_KEYS, type IvrAction, type IvrActionType } from "./Ivr";
import type { IvrActionInputs, IvrInputs } from "./schema";

const API_METHOD = "manageIvr";

/** An action as the vendor writes it: `{"action": "voicemail", "action_data": "23"}` (documented). */
export interface VendorAction {
    action: string;
    action_data: string;
}

/** The request fields, every one sent (the update sends the full record). */
export interface VendorIvr {
    id_cliente: number;
    descricao: string;
    alow_dial_extension: 0 | 1;
    timeout_response: number;
    timeout_digit: number;
    perfil_horario: { id: number } | null;
    audio_invalido: { id: number } | null;
    audio_timeout: { id: number } | null;
    audio_question: { id: number } | null;
    closed_audio: { id: number } | null;
    have_question: 0 | 1;
    closed_action: VendorAction;
    action1: VendorAction | null;
    options: Record<string, VendorAction>;
}

/** Our action to the vendor's: its name, and the id (or number) as text in `action_data`; "" for hangup. */
export function toVendorAction(action: IvrActionInputs): VendorAction {
    const { vendor, field } = IVR_ACTIONS[action.action];
    return { action: vendor, action_data: field ? String((action as Record<string, unknown>)[field]) : "" };
}

export function toVendor(inputs: IvrInputs): VendorIvr {
    const options: Record<string, VendorAction> = {};
    // In the keypad's order, so that the same menu is always the same request.
    for (const key of IVR_MENU_KEYS) {
        const option = inputs.options[key];
        if (option) options[key] = toVendorAction(option);
    }
    return {
        id_cliente: inputs.customerId,
        descricao: inputs.description,
        alow_dial_extension: bit(inputs.allowDialExtension),
        timeout_response: inputs.responseTimeoutSeconds,
        timeout_digit: inputs.digitTimeoutSeconds,
        perfil_horario: objectOf(inputs.timeProfileId),
        audio_invalido: objectOf(inputs.invalidAudioId),
        audio_timeout: objectOf(inputs.timeoutAudioId),
        audio_question: objectOf(inputs.surveyAudioId),
        closed_audio: objectOf(inputs.closedAudioId),
        have_question: bit(inputs.satisfactionSurvey),
        closed_action: toVendorAction(inputs.whenClosed),
        action1: inputs.onEntry ? toVendorAction(inputs.onEntry) : null,
        options,
    };
}

const OURS_OF_VENDOR = new Map<string, IvrActionType>(
    Object.entries(IVR_ACTIONS).map(([ours, { vendor }]) => [vendor, ours as IvrActionType]),
);

/** A value the vendor may write as JSON text (a JSON column): parsed, or as it is. */
function parsedJson(value: unknown): unknown {
    if (typeof value !== "string" || !/^\s*[[{]/.test(value)) return value;
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * A vendor action in our shape, `undefined` for none (`null`, `{}`, `[]`, no `action`). An action
 * name this package does not know is kept as the vendor wrote it (`{ action: "announcement" }`), so
 * drift shows it and an export of it is refused with the actions allowed.
 */
export function fromVendorAction(value: unknown): IvrAction | undefined {
    const written = parsedJson(value);
    if (!written || typeof written !== "object" || Array.isArray(written)) return undefined;
    const { action, action_data: data } = written as { action?: unknown; action_data?: unknown };
    if (!isSet(action)) return undefined;
    const vendorName = text(action).trim().toLowerCase();
    const ours = OURS_OF_VENDOR.get(vendorName);
    if (!ours) return { action: text(action) } as unknown as IvrAction;
    const field = IVR_ACTIONS[ours].field;
    if (!field) return { action: ours } as IvrAction;
    const target = field === "number" ? text(data).trim() : integer(text(data));
    return { action: ours, [field]: target } as unknown as IvrAction;
}

/**
 * The digit options in our shape. Documented nowhere: read as the object keyed by key pressed (the
 * assumed shape), as JSON text of it, as an array of `{key|digit|opcao, action, action_data}`, as
 * an array of bare actions (PHP's json_encode writes options keyed "0", "1", … in order as a list:
 * the index is the key), and `[]` (PHP's empty array) or nothing as no options.
 */
export function fromVendorOptions(value: unknown): Record<string, IvrAction> {
    const written = parsedJson(value);
    const options: Record<string, IvrAction> = {};
    const entries: [string, unknown][] = Array.isArray(written)
        ? written.map((item, index): [string, unknown] => {
              const fields = item && typeof item === "object" ? (item as Record<string, unknown>) : {};
              const key = fields.key ?? fields.digit ?? fields.opcao ?? fields.option;
              return [key === undefined ? String(index) : text(key).trim(), item];
          })
        : written && typeof written === "object"
          ? Object.entries(written)
          : [];
    for (const [key, entry] of entries) {
        const action = fromVendorAction(entry);
        if (key !== "" && action) options[key] = action;
    }
    // In the keypad's order, whatever order the vendor listed them in (the order means nothing).
    const ordered: Record<string, IvrAction> = {};
    for (const key of [...IVR_MENU_KEYS, ...Object.keys(options).filter((key) => !(IVR_MENU_KEYS as readonly string[]).includes(key))]) {
        if (options[key]) ordered[key] = options[key];
    }
    return ordered;
}

/** A number the vendor may leave out, with the vendor's default for nothing. */
const numberOr = (value: unknown, fallback: number) => (isSet(value) ? integer(value) : fallback);

/** A listed IVR in the resource's input shape, every field (absent ones as the vendor's defaults). */
export function fromVendor(record: VendorRecord): LiveRecord {
    const inputs: Record<string, unknown> = {
        customerId: customerOf(record),
        description: text(record.descricao),
        allowDialExtension: flag(record.alow_dial_extension),
        responseTimeoutSeconds: numberOr(record.timeout_response, 5),
        digitTimeoutSeconds: numberOr(record.timeout_digit, 3),
        timeProfileId: idOfObject(record.perfil_horario),
        invalidAudioId: idOfObject(record.audio_invalido),
        timeoutAudioId: idOfObject(record.audio_timeout),
        closedAudioId: idOfObject(record.closed_audio),
        satisfactionSurvey: flag(record.have_question),
        surveyAudioId: idOfObject(record.audio_question),
        onEntry: fromVendorAction(record.action1),
        whenClosed: fromVendorAction(record.closed_action) ?? { action: "hangup" },
        options: fromVendorOptions(record.options),
    };
    for (const [name, value] of Object.entries(inputs)) if (value === undefined) delete inputs[name];
    return { id: String(integer(record.id)), inputs };
}

// ---------------------------------------------------------------------------------------------
// Calls (customerRecords.ts: list cache, write-through, the writes a server lacks)

export const IVRS = new CustomerRecords({
    listMethod: API_METHOD,
    writeMethod: API_METHOD,
    writeSegment: 0,
    names: { list: "listIvrs", create: "createIvr", update: "updateIvr", delete: "deleteIvr" },
    noun: "IVR",
    listsEveryCustomerOnly: true,
    assumed: { create: true, update: true, delete: true },
    label: (record) => record.descricao ?? record.nome,
});

/** GET /api/manageIvr/T/K/0 (documented), filtered to the customer's IVRs; throws UnexpectedShape when the answer holds no list. */
export function listIvrs(client: NextBillingClient, customerId: number, fresh = false): Promise<VendorRecord[]> {
    return IVRS.list(client, customerId, fresh);
}

/** PUT /api/manageIvr/T/K/0 (assumed): creates; answers `new_record`. */
export function createIvr(client: NextBillingClient, fields: VendorIvr): Promise<number> {
    return IVRS.create(client, { ...fields }, fields.id_cliente);
}

/** POST /api/manageIvr/T/K/0 with `id_record` (assumed): the full record, so repeating it is harmless. */
export function updateIvr(client: NextBillingClient, id: number, fields: VendorIvr): Promise<void> {
    return IVRS.update(client, id, { ...fields }, fields.id_cliente);
}

/**
 * DELETE /api/manageIvr/T/K/0?id_record=N (assumed). Resolves `false` when this server has no such
 * delete: the caller warns that the IVR was left at NextBilling. A refusal (an IVR in use: "URA 7
 * em uso: DID 5") keeps the vendor's text.
 */
export function deleteIvr(client: NextBillingClient, id: number, customerId: number): Promise<boolean> {
    return IVRS.delete(client, id, customerId);
}
