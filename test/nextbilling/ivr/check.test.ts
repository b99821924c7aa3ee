/**
 * Ivr check and diff: every input's bad value refused at preview naming the property (an action's
 * own, `options.1.queueId`), a key an action does not take explained with what it does take, the
 * survey rule, references of every kind checked against the customer's lists (those already known;
 * unknown ones left to the vendor), and what a change to each field does. Lists come from a stub
 * server (../queue/tenantStub.ts).
 */
import { UNKNOWN } from "../../../provider/kit/check";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";
import { ivrProvider } from "../../../provider/nextbilling/ivr/provider";
import { ivrFields } from "../../../provider/nextbilling/ivr/schema";
import { resetRuntime } from "../../../provider/runtime";
import { demoTenant, ivrRow, startTenantStub, type TenantStub } from "../queue/tenantStub";
import { everything as everyInput, IVR_DEFAULTS as DEFAULTS } from "./fixtures";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(ivrFields, olds, news);

let tenant: TenantStub;
beforeAll(async () => {
    tenant = await startTenantStub();
});
afterAll(async () => {
    resetRuntime();
    await tenant.close();
});
beforeEach(() => {
    tenant.tenant = demoTenant();
    tenant.configure();
    tenant.clear();
});

/** The example. */
const menu = {
    customerId: 13,
    description: "URA Vendas",
    options: { "1": { action: "queue", queueId: 12 } },
    whenClosed: { action: "hangup" },
};

async function failures(news: Record<string, unknown>) {
    const result = await ivrProvider.check!({}, { __provider: "serialized", ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("Ivr check", () => {
    it("accepts an IVR of only a customer and a description, with the vendor's defaults", async () => {
        const result = await ivrProvider.check!({}, { customerId: 13, description: "URA Vendas" });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual({ customerId: 13, description: "URA Vendas", ...DEFAULTS });
    });

    it("accepts the issue's example, and every input and action at once", async () => {
        expect((await ivrProvider.check!({}, menu)).failures).toEqual([]);
        const everything = { ...everyInput, importId: 7 };
        const result = await ivrProvider.check!({}, everything);
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual(everything);
    });

    it("reports one failure per bad input, each naming the property and what is allowed", async () => {
        const found = await failures({
            customerId: 0,
            description: "URA\nVendas",
            allowDialExtension: 1,
            responseTimeoutSeconds: 0,
            digitTimeoutSeconds: 100_000,
            timeProfileId: -3,
            invalidAudioId: "21",
            timeoutAudioId: 1.5,
            closedAudioId: 0,
            satisfactionSurvey: "yes",
            surveyAudioId: -1,
            onEntry: { action: "dance" },
            whenClosed: "hangup",
            options: [],
            importId: 0,
        });
        expect(found).toEqual({
            customerId: "customerId must be a NextBilling customer id: a positive integer; got 0",
            description: expect.stringContaining("must be one line, without control characters"),
            allowDialExtension: "allowDialExtension must be true or false; got 1",
            responseTimeoutSeconds:
                "responseTimeoutSeconds must be the seconds to wait for the caller's first key: a whole number of seconds from 1 to 86400; got 0",
            digitTimeoutSeconds: expect.stringContaining(
                "the seconds to wait between keys: a whole number of seconds from 1 to 86400; got 100000",
            ),
            timeProfileId: "timeProfileId must be a NextBilling time profile id: a positive integer; got -3",
            invalidAudioId: 'invalidAudioId must be the NextBilling audio id of the invalid option message: a positive integer; got "21"',
            timeoutAudioId: "timeoutAudioId must be the NextBilling audio id of the no key pressed message: a positive integer; got 1.5",
            closedAudioId: "closedAudioId must be the NextBilling audio id of the closed message: a positive integer; got 0",
            satisfactionSurvey: 'satisfactionSurvey must be true or false; got "yes"',
            surveyAudioId: "surveyAudioId must be the NextBilling audio id of the satisfaction survey: a positive integer; got -1",
            "onEntry.action":
                'onEntry.action must be one of "hangup", "voicemail", "line", "queue", "ivr", "ringGroup", "external"; got "dance"',
            whenClosed:
                'whenClosed must be an action, an object such as { action: "hangup" } or { action: "queue", queueId: 12 }; got "hangup"',
            options: 'options must be an object of actions by key pressed: "0" to "9", "*" or "#"; got []',
            importId: "importId must be an IVR record id: a positive integer; got 0",
        });
        expect(tenant.requests()).toEqual([]);
    });

    it.each([
        ["voicemail", "lineId", "must be the id of the line whose voice mailbox takes the call: a positive integer"],
        ["line", "lineId", "must be a NextBilling line id: a positive integer"],
        ["queue", "queueId", "must be a NextBilling queue id: a positive integer"],
        ["ivr", "ivrId", "must be a NextBilling IVR id: a positive integer"],
        ["ringGroup", "ringGroupId", "must be a NextBilling ring group id: a positive integer"],
        ["external", "number", 'must be a phone number to dial, digits only, e.g. "1130001000"'],
    ])("an action %s without its %s is refused, naming where", async (action, field, reason) => {
        for (const [place, inputs] of [
            [`onEntry.${field}`, { onEntry: { action } }],
            [`whenClosed.${field}`, { whenClosed: { action } }],
            [`options.5.${field}`, { options: { "5": { action } } }],
            [`options.*.${field}`, { options: { "*": { action } } }],
        ] as const) {
            expect((await failures({ ...menu, ...inputs }))[place]).toBe(`${place} ${reason}; it is missing`);
        }
    });

    it("names the actions allowed when one is missing or misspelt", async () => {
        expect((await failures({ ...menu, options: { "1": { queueId: 12 } } }))["options.1.action"]).toBe(
            'options.1.action must be one of "hangup", "voicemail", "line", "queue", "ivr", "ringGroup", "external"; it is missing',
        );
        expect((await failures({ ...menu, whenClosed: { action: "ringgroup", ringGroupId: 5 } }))["whenClosed.action"]).toContain(
            'got "ringgroup"',
        );
    });

    it("refuses a number to dial that is not digits", async () => {
        expect((await failures({ ...menu, options: { "4": { action: "external", number: "11 3000-1000" } } }))["options.4.number"]).toBe(
            'options.4.number must be a phone number to dial: 3 to 20 digits, no spaces or signs, e.g. "1130001000"; got "11 3000-1000"',
        );
    });

    it("explains a key the action does not take with what it does take, as DID routing does", async () => {
        const found = await failures({
            ...menu,
            onEntry: { action: "voicemail", lineId: 30, queueId: 12 },
            whenClosed: { action: "hangup", lineId: 30 },
            options: { "1": { action: "queue", queueId: 12, deviceId: 30 } },
        });
        expect(found).toEqual({
            "onEntry.queueId": 'onEntry.queueId is not used by action "voicemail": it takes lineId',
            "whenClosed.lineId": 'whenClosed.lineId is not used by action "hangup": it takes no other field',
            "options.1.deviceId": 'options.1.deviceId is not used by action "queue": it takes queueId',
        });
    });

    it("refuses a key a caller cannot press, naming the keys allowed", async () => {
        const found = await failures({
            ...menu,
            options: { "1": { action: "hangup" }, "10": { action: "hangup" }, a: { action: "hangup" } },
        });
        expect(found).toEqual({
            "options.10": 'options.10 is not a key a caller can press: options take "0" to "9", "*" and "#"',
            "options.a": 'options.a is not a key a caller can press: options take "0" to "9", "*" and "#"',
        });
    });

    it("requires the survey's audio when the survey is on", async () => {
        expect(await failures({ ...menu, satisfactionSurvey: true })).toEqual({
            surveyAudioId:
                "surveyAudioId is required when satisfactionSurvey is true: the NextBilling audio id of the survey (audio_question); it is missing",
        });
        expect(await failures({ ...menu, satisfactionSurvey: true, surveyAudioId: 24 })).toEqual({});
        expect(await failures({ ...menu, satisfactionSurvey: false, surveyAudioId: 24 })).toEqual({});
        expect(await failures({ ...menu, satisfactionSurvey: true, surveyAudioId: UNKNOWN })).toEqual({});
        expect(await failures({ ...menu, satisfactionSurvey: UNKNOWN })).toEqual({});
    });

    it("checks every target against the customer's lists, naming the property and the choices", async () => {
        // IVR 99 is listed at .../0, but as customer 9's: no target of customer 13's.
        tenant.tenant.ivrs.push(ivrRow({ id: 99, id_cliente: 9, descricao: "URA Clínica" }));
        const found = await failures({
            ...menu,
            timeProfileId: 98,
            onEntry: { action: "voicemail", lineId: 99 },
            whenClosed: { action: "line", lineId: 97 },
            options: {
                "1": { action: "queue", queueId: 99 },
                "2": { action: "ivr", ivrId: 99 },
                "3": { action: "ringGroup", ringGroupId: 99 },
                "4": { action: "external", number: "1130001000" },
                "5": { action: "queue", queueId: 14 },
            },
        });
        expect(found).toEqual({
            timeProfileId: "timeProfileId: customer 13 has no time profile 98; its time profiles: 3 (Horário Comercial)",
            "onEntry.lineId": "onEntry.lineId: customer 13 has no line 99; its lines: 30 (Caixa), 31 (Vendas), 32 (Estoque)",
            "whenClosed.lineId": "whenClosed.lineId: customer 13 has no line 97; its lines: 30 (Caixa), 31 (Vendas), 32 (Estoque)",
            "options.1.queueId": "options.1.queueId: customer 13 has no queue 99; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
            "options.2.ivrId": "options.2.ivrId: customer 13 has no IVR 99; its IVRs: 7 (URA Principal)",
            "options.3.ringGroupId": "options.3.ringGroupId: customer 13 has no ring group 99; its ring groups: 5 (Grupo Loja)",
        });
        // One list per kind, each once.
        expect(
            tenant
                .requests()
                .map((r) => `${r.method} ${r.path}`)
                .sort(),
        ).toEqual([
            "GET /api/listDevices/{token}/{key}/13",
            "GET /api/manageIvr/{token}/{key}/0",
            "GET /api/manageQueue/{token}/{key}/13",
            "GET /api/manageRingGroups/{token}/{key}/13",
            "GET /api/manageTimeProfiles/{token}/{key}/13",
        ]);
    });

    it("skips targets unknown at preview, and still checks and validates the known ones beside them", async () => {
        const sales = { action: "queue", queueId: UNKNOWN };
        expect(await failures({ ...menu, options: { "1": sales, "2": { action: "queue", queueId: 14 } } })).toEqual({});
        expect(await failures({ ...menu, options: { "1": sales, "2": { action: "queue", queueId: 99 } } })).toEqual({
            "options.2.queueId": "options.2.queueId: customer 13 has no queue 99; its queues: 12 (Fila Vendas), 14 (Fila Suporte)",
        });
        expect(await failures({ ...menu, options: { "1": UNKNOWN, "2": { action: "queue" } } })).toEqual({
            "options.2.queueId": "options.2.queueId must be a NextBilling queue id: a positive integer; it is missing",
        });
        expect(await failures({ ...menu, options: { "1": sales, "10": { action: "hangup" } } })).toEqual({
            "options.10": 'options.10 is not a key a caller can press: options take "0" to "9", "*" and "#"',
        });
        expect(await failures({ ...menu, timeProfileId: UNKNOWN, onEntry: { action: "voicemail", lineId: 99 } })).toEqual({
            "onEntry.lineId": "onEntry.lineId: customer 13 has no line 99; its lines: 30 (Caixa), 31 (Vendas), 32 (Estoque)",
        });
    });

    it("checks nothing at the vendor while the customer is unknown", async () => {
        expect(await failures({ ...menu, customerId: UNKNOWN, options: { "1": { action: "queue", queueId: 99 } } })).toEqual({});
        expect(tenant.requests()).toEqual([]);
    });
});

describe("Ivr diff", () => {
    const stored = { ...DEFAULTS, ...menu, recordId: 40, __provider: "x" };

    it("sees no change when only the provider code changed, or when an absent input equals its default", async () => {
        expect(await ivrProvider.diff!("40", stored, { ...stored, __provider: "y" })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(changedFields({ customerId: 13, description: "U" }, { customerId: 13, description: "U", ...DEFAULTS })).toEqual([]);
        expect(changedFields(stored, { ...stored, importId: 40 })).toEqual([]);
    });

    it("replaces on customerId; every other input is an update in place", async () => {
        expect(await ivrProvider.diff!("40", stored, { ...stored, customerId: 9 })).toMatchObject({
            changes: true,
            replaces: ["customerId"],
        });
        const everyOther = {
            description: "URA",
            allowDialExtension: true,
            responseTimeoutSeconds: 6,
            digitTimeoutSeconds: 4,
            timeProfileId: 3,
            invalidAudioId: 1,
            timeoutAudioId: 2,
            closedAudioId: 3,
            satisfactionSurvey: true,
            surveyAudioId: 4,
            onEntry: { action: "hangup" },
            whenClosed: { action: "voicemail", lineId: 30 },
            options: { "1": { action: "queue", queueId: 14 } },
        };
        for (const [name, value] of Object.entries(everyOther)) {
            expect(changedFields(stored, { ...stored, [name]: value })).toEqual([name]);
            expect(await ivrProvider.diff!("40", stored, { ...stored, [name]: value })).toMatchObject({ changes: true, replaces: [] });
        }
    });

    it("sees no change in the order options or an action's keys are written in", () => {
        const two = { ...stored, options: { "1": { action: "queue", queueId: 12 }, "2": { action: "hangup" } } };
        expect(changedFields(two, { ...two, options: { "2": { action: "hangup" }, "1": { queueId: 12, action: "queue" } } })).toEqual([]);
    });

    it("counts unknown values as changes", () => {
        expect(changedFields(stored, { ...stored, options: { "1": { action: "queue", queueId: UNKNOWN } } })).toEqual(["options"]);
    });
});
