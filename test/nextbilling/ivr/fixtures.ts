/**
 * The IVRs the Ivr tests declare and the records they send and store, shared by the provider's tests
 * against the emulator (provider.test.ts) and against the stub server (vendor.test.ts,
 * ../queue/tenantStub.ts), the check's (check.test.ts) and the emulator's own (test/sandbox/tenant.test.ts).
 */
import type { IvrInputs } from "../../../provider/nextbilling/ivr/schema";

/** An IVR's outputs: its inputs and the record id NextBilling gave it. */
export type IvrOutputs = IvrInputs & { recordId: number };

/**
 * manageIvr's list of every customer's IVRs (the only list documented: a customer's IVRs are read
 * from it, filtered) and its write path, token and key as `{token}` / `{key}`.
 */
export const IVRS_0 = "/api/manageIvr/{token}/{key}/0";

/** Every input but the required ones, as check normalises a declaration of only those: the vendor's defaults. */
export const IVR_DEFAULTS = {
    allowDialExtension: false,
    responseTimeoutSeconds: 5,
    digitTimeoutSeconds: 3,
    satisfactionSurvey: false,
    whenClosed: { action: "hangup" },
    options: {},
} satisfies Partial<IvrInputs>;

/** A new IVR of customer 13 with only the required inputs, the rest at their defaults. */
export const minimal: IvrInputs = { customerId: 13, description: "URA Vendas", ...IVR_DEFAULTS };

/** A new IVR of customer 13 with every input set and every action used, on customer 13's records. */
export const everything: IvrInputs = {
    ...minimal,
    allowDialExtension: true,
    responseTimeoutSeconds: 8,
    digitTimeoutSeconds: 2,
    timeProfileId: 3,
    invalidAudioId: 21,
    timeoutAudioId: 22,
    closedAudioId: 23,
    satisfactionSurvey: true,
    surveyAudioId: 24,
    onEntry: { action: "voicemail", lineId: 30 },
    whenClosed: { action: "line", lineId: 31 },
    options: {
        "0": { action: "hangup" },
        "1": { action: "queue", queueId: 12 },
        "2": { action: "ivr", ivrId: 7 },
        "3": { action: "ringGroup", ringGroupId: 5 },
        "4": { action: "external", number: "1130001000" },
        "*": { action: "voicemail", lineId: 32 },
        "#": { action: "line", lineId: 30 },
    },
};

/** `everything` as manageIvr's create sends it: the full record. */
export const EVERYTHING_ON_THE_WIRE = {
    id_cliente: 13,
    descricao: "URA Vendas",
    alow_dial_extension: 1,
    timeout_response: 8,
    timeout_digit: 2,
    perfil_horario: { id: 3 },
    audio_invalido: { id: 21 },
    audio_timeout: { id: 22 },
    audio_question: { id: 24 },
    closed_audio: { id: 23 },
    have_question: 1,
    closed_action: { action: "device", action_data: "31" },
    action1: { action: "voicemail", action_data: "30" },
    options: {
        "0": { action: "hangup", action_data: "" },
        "1": { action: "queue", action_data: "12" },
        "2": { action: "ivr", action_data: "7" },
        "3": { action: "ringgroup", action_data: "5" },
        "4": { action: "external", action_data: "1130001000" },
        "*": { action: "voicemail", action_data: "32" },
        "#": { action: "device", action_data: "30" },
    },
};

/** An IVR with only the required fields, as stored: the contract's defaults. */
export const IVR_STORED_DEFAULTS = {
    alow_dial_extension: 0,
    timeout_response: 5,
    timeout_digit: 3,
    perfil_horario: null,
    audio_invalido: null,
    audio_timeout: null,
    audio_question: null,
    closed_audio: null,
    have_question: 0,
    closed_action: { action: "hangup", action_data: "" },
    action1: null,
    options: {},
};
