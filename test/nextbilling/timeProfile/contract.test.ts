/**
 * Time profiles against a server that answers word for word what a test tells it: every request
 * asserted whole (method, path, query, body), the undocumented list read in every plausible shape,
 * and a server without the assumed create and delete.
 */
import { timeProfileProvider } from "../../../provider/nextbilling/timeProfile/provider";
import type { TimeProfileInputs } from "../../../provider/nextbilling/timeProfile/schema";
import {
    createTimeProfile,
    deleteTimeProfile,
    fromVendor,
    listTimeProfiles,
    toVendor,
    updateTimeProfile,
} from "../../../provider/nextbilling/timeProfile/vendor";
import { vendorFixture } from "../../support/fixtures";
import { KEY, TOKEN, useNextBillingStub, type StubAnswering } from "../../support/nextbillingStub";
import { capturedStderr } from "../../support/stderr";
import type { StubAnswer, StubRequest } from "../../support/stubServer";

const ZERO = `/api/manageTimeProfiles/${TOKEN}/${KEY}/0`;
const LIST_13 = `/api/manageTimeProfiles/${TOKEN}/${KEY}/13`;

const nextbilling = useNextBillingStub();
const { serving, requests } = nextbilling;
/** The provider of a fresh process, against the stub. */
const provider = (answer: StubAnswering) => nextbilling.provider(timeProfileProvider, answer);

const CLOSED = { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
const business: TimeProfileInputs = {
    customerId: 13,
    description: "Horário Comercial",
    week: {
        ...CLOSED,
        mon: [
            ["08:00:00", "12:00:00"],
            ["13:00:00", "18:00:00"],
        ],
        sat: [["08:00:00", "12:00:00"]],
    },
};
/** The 28 fields, "" but for Monday's two intervals and Saturday's one. */
const businessFields = {
    id_cliente: 13,
    descricao: "Horário Comercial",
    ...Object.fromEntries(
        [0, 1, 2, 3, 4, 5, 6].flatMap((day) => [1, 2].flatMap((n) => ["ini", "end"].map((end) => [`wday${day}_hora${n}_${end}`, ""]))),
    ),
    wday1_hora1_ini: "08:00:00",
    wday1_hora1_end: "12:00:00",
    wday1_hora2_ini: "13:00:00",
    wday1_hora2_end: "18:00:00",
    wday6_hora1_ini: "08:00:00",
    wday6_hora1_end: "12:00:00",
};

const created = vendorFixture("nextbilling", "create-envelope.txt");
const ok = '{"error":0,"reason":"OK"}';
const strings = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).map(([key, value]) => [key, String(value)]));
const listed = { id: 3, ...businessFields };
/** A record inside a customer block need not name its customer: the block does. */
const { id_cliente: _customer, ...withoutCustomer } = listed;

describe("wire format of manageTimeProfiles", () => {
    it("create (assumed): PUT …/0 with every field; the create envelope gives new_record", async () => {
        const client = await serving(() => ({ text: created }));
        expect(await createTimeProfile(client, toVendor(business))).toBe(13);
        expect(requests()).toEqual([{ method: "PUT", path: ZERO, query: {}, body: businessFields }]);
    });

    it("update (documented): POST …/0 with id_record and the full record", async () => {
        const client = await serving(() => ({ text: ok }));
        await updateTimeProfile(client, 3, toVendor(business));
        expect(requests()).toEqual([{ method: "POST", path: ZERO, query: {}, body: { id_record: 3, ...businessFields } }]);
    });

    it("delete (assumed): DELETE …/0?id_record=N without a body", async () => {
        const client = await serving(() => ({ text: ok }));
        expect(await deleteTimeProfile(client, 3, 13)).toBe(true);
        expect(requests()).toEqual([{ method: "DELETE", path: ZERO, query: { id_record: "3" }, body: null }]);
    });

    it.each([
        ["flat, strings", { error: 0, reason: "OK", records: 1, data: [strings(listed)] }],
        ["flat, numbers", { error: 0, reason: "OK", records: 1, data: [listed] }],
        [
            "nested per customer, as listDevices",
            {
                error: 0,
                reason: "OK",
                records: 1,
                data: [{ id_cliente: 13, nome_fantasia: "Loja", records: 1, data: [strings(withoutCustomer)] }],
            },
        ],
        ["keyed by customer", { error: 0, reason: "OK", records: 1, data: { "13": [strings(listed)] } }],
        ["one bare record", { error: 0, reason: "OK", data: strings(listed) }],
    ])("list (documented call, undocumented answer): GET …/{customer}, read %s", async (_shape, answer) => {
        const client = await serving(() => ({ text: JSON.stringify(answer) }));
        const profiles = await listTimeProfiles(client, 13);
        expect(profiles.map(fromVendor)).toEqual([{ id: "3", inputs: business }]);
        expect(requests()).toEqual([{ method: "GET", path: LIST_13, query: {}, body: null }]);
    });

    it("a list of no shape there is: refresh keeps the stored state, with one warning", async () => {
        const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        try {
            const profiles = await provider(() => ({ text: '{"error":0,"reason":"OK","data":"ok"}' }));
            const stored = { ...business, recordId: 3 };
            expect(await profiles.read!("3", stored)).toEqual({ id: "3", props: stored, inputs: business });
            expect(String(spy.mock.calls[0]?.[0])).toContain("refresh keeps their stored state (the list answer is undocumented");
        } finally {
            spy.mockRestore();
        }
    });
});

describe("a list of no shape there is, and two resources of one key in one process", () => {
    const warnings = capturedStderr();

    it("the second is refused naming the first's record, with one PUT; deleted, the key is free again", async () => {
        let next = 50;
        const profiles = await provider((request) =>
            request.method === "GET"
                ? { text: '{"error":0,"reason":"OK","data":"ok"}' }
                : request.method === "PUT"
                  ? { text: `{"error":0,"reason":"OK","new_record":${next++},}` }
                  : { text: '{"error":0,"reason":"OK"}' },
        );
        const [first, second] = await Promise.allSettled([
            profiles.create(business),
            profiles.create({ ...business, description: " horário comercial" }),
        ]);
        expect(first).toEqual({ status: "fulfilled", value: expect.objectContaining({ id: "50" }) });
        expect(second.status).toBe("rejected");
        expect(String((second as PromiseRejectedResult).reason.message)).toBe(
            'description: a time profile with customer 13 and description " horário comercial" already exists (record 50): another resource of this same update created it moments ago with the same description. Two resources cannot manage one time profile: give it a different description.',
        );
        expect(requests().filter((request) => request.method === "PUT")).toHaveLength(1);
        expect(warnings.join("")).toContain("the duplicate check of time profiles is left out");

        await profiles.delete!("50", { ...business, recordId: 50 });
        expect((await profiles.create(business)).id).toBe("51");
    });
});

describe("a server without the assumed create and delete (the emulator's timeProfileWrites 404)", () => {
    const noMethod = { status: 404, text: '{"error":1,"reason":"Método não encontrado: manageTimeProfiles"}' };
    const without = (request: StubRequest): StubAnswer =>
        request.method === "GET" ? { text: JSON.stringify({ error: 0, reason: "OK", records: 1, data: [strings(listed)] }) } : noMethod;

    it("a create fails naming the assumed call, saying to create it in the panel and adopt it", async () => {
        const profiles = await provider(without);
        const error = await profiles.create({ ...business, description: "Plantão" }).catch((e) => e);
        expect(error.message).toMatch(
            /^NextBilling createTimeProfile \(PUT \/api\/manageTimeProfiles\/\*\*\*\/\*\*\*\/0\), HTTP 404 failed: Método não encontrado: manageTimeProfiles\. /,
        );
        expect(error.message).toContain(
            'create time profile "Plantão" of customer 13 in NextBilling\'s panel, then adopt it with `importId: <its id>`',
        );
        expect(error.vendorReason).toBe("Método não encontrado: manageTimeProfiles");
    });

    it("a delete warns that the profile was left at NextBilling, and succeeds", async () => {
        const warnings: string[] = [];
        const spy = jest
            .spyOn(process.stderr, "write")
            .mockImplementation((chunk: string | Uint8Array) => (warnings.push(String(chunk)), true));
        try {
            const profiles = await provider(without);
            await expect(profiles.delete!("3", { ...business, recordId: 3 })).resolves.toBeUndefined();
            expect(warnings.join("")).toContain(
                'time profile 3 ("Horário Comercial") of customer 13 was left at NextBilling: this server has no manageTimeProfiles delete as assumed; remove it in the NextBilling panel.',
            );
        } finally {
            spy.mockRestore();
        }
    });

    it("a delete refused while an IVR uses the profile keeps NextBilling's words", async () => {
        const profiles = await provider((request) =>
            request.method === "GET" ? without(request) : { text: '{"error":1,"reason":"Perfil de horário 3 em uso: URA 7"}' },
        );
        const error = await profiles.delete!("3", { ...business, recordId: 3 }).catch((e) => e);
        expect(error.message).toBe(
            "NextBilling deleteTimeProfile (DELETE /api/manageTimeProfiles/***/***/0), HTTP 200 failed: Perfil de horário 3 em uso: URA 7",
        );
    });

    it("a refused time names the interval it concerns", async () => {
        const profiles = await provider((request) =>
            request.method === "GET"
                ? { text: '{"error":0,"reason":"OK","records":0,"data":[]}' }
                : { text: '{"error":1,"reason":"Horário inválido em wday1_hora2_end: 25:00:00"}' },
        );
        const error = await profiles.create(business).catch((e) => e);
        expect(error.property).toBe("week.mon[1][1]");
        expect(error.message).toBe(
            "week.mon[1][1]: NextBilling createTimeProfile (PUT /api/manageTimeProfiles/***/***/0), HTTP 200 failed: Horário inválido em wday1_hora2_end: 25:00:00",
        );
    });
});
