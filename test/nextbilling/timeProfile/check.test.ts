/** The TimeProfile provider's check and diff, and its vendor mapping both ways: no vendor call. */
import { UNKNOWN } from "../../../provider/kit/check";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";
import { timeProfileProvider } from "../../../provider/nextbilling/timeProfile/provider";
import { normaliseTime, timeProfileFields, type TimeProfileInputs } from "../../../provider/nextbilling/timeProfile/schema";
import { fromVendor, liveTimeProfile, toVendor } from "../../../provider/nextbilling/timeProfile/vendor";
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(timeProfileFields, olds, news);

const CLOSED = { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
/** The seed's profile 3: Monday to Friday 08:00–18:00, Saturday 08:00–12:00. */
const business = {
    customerId: 13,
    description: "Horário Comercial",
    week: {
        mon: [["08:00", "18:00"]],
        tue: [["08:00", "18:00"]],
        wed: [["08:00", "18:00"]],
        thu: [["08:00", "18:00"]],
        fri: [["08:00", "18:00"]],
        sat: [["08:00", "12:00"]],
    },
};
const businessChecked: TimeProfileInputs = {
    customerId: 13,
    description: "Horário Comercial",
    week: {
        ...CLOSED,
        mon: [["08:00:00", "18:00:00"]],
        tue: [["08:00:00", "18:00:00"]],
        wed: [["08:00:00", "18:00:00"]],
        thu: [["08:00:00", "18:00:00"]],
        fri: [["08:00:00", "18:00:00"]],
        sat: [["08:00:00", "12:00:00"]],
    },
};

beforeAll(() =>
    configureFromEngine({
        get: (key: string) =>
            ({ "telephony:nextbillingUrl": "http://127.0.0.1:9", "telephony:nextbillingToken": "t", "telephony:nextbillingKey": "k" })[key],
    }),
);
afterAll(resetRuntime);

async function failures(news: Record<string, unknown>) {
    const result = await timeProfileProvider.check!({}, { __provider: "serialized", ...business, ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("times of day", () => {
    it.each([
        ["08:00", "08:00:00"],
        ["8:00", "08:00:00"],
        ["08:00:30", "08:00:30"],
        ["00:00", "00:00:00"],
        ["23:59:59", "23:59:59"],
        [" 12:30 ", "12:30:00"],
    ])("normalises %j to %j", (written, stored) => expect(normaliseTime(written)).toBe(stored));

    it.each(["24:00", "25:00:00", "08:60", "08:00:60", "8h", "0800", "", "08:00:00:00"])("refuses %j", (written) => {
        expect(normaliseTime(written)).toBeUndefined();
    });
});

describe("TimeProfile check", () => {
    it("normalises times to HH:MM:SS and closes every day not declared", async () => {
        const result = await timeProfileProvider.check!({}, business);
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual(businessChecked);
        expect((await timeProfileProvider.check!({}, { ...business, week: {} })).inputs).toEqual({ ...business, week: CLOSED });
    });

    it("accepts two intervals a day, in order, the second starting when the first ends", async () => {
        const result = await timeProfileProvider.check!(
            {},
            {
                ...business,
                week: {
                    mon: [
                        ["08:00", "12:00"],
                        ["12:00", "18:00:30"],
                    ],
                },
            },
        );
        expect(result.failures).toEqual([]);
        expect((result.inputs.week as Record<string, unknown>).mon).toEqual([
            ["08:00:00", "12:00:00"],
            ["12:00:00", "18:00:30"],
        ]);
    });

    it("names the exact time, interval or day that is wrong", async () => {
        expect(await failures({ week: { mon: [["8h", "18:00"]] } })).toEqual({
            "week.mon[0][0]": 'week.mon[0][0] must be a time of day, "HH:MM" or "HH:MM:SS" (00:00 to 23:59:59); got "8h"',
        });
        expect((await failures({ week: { wed: [["08:00", "25:00:00"]] } }))["week.wed[0][1]"]).toContain('got "25:00:00"');
        expect((await failures({ week: { tue: [["18:00", "08:00"]] } }))["week.tue[0]"]).toBe(
            'week.tue[0] must start before it ends; got ["18:00","08:00"]',
        );
        expect((await failures({ week: { tue: [["08:00", "08:00"]] } }))["week.tue[0]"]).toContain("must start before it ends");
        expect(
            (
                await failures({
                    week: {
                        fri: [
                            ["13:00", "18:00"],
                            ["08:00", "12:00"],
                        ],
                    },
                })
            )["week.fri"],
        ).toBe(
            'week.fri must list its intervals in order, not overlapping: the second starts when or after the first ends; got [["13:00","18:00"],["08:00","12:00"]]',
        );
        expect(
            (
                await failures({
                    week: {
                        fri: [
                            ["08:00", "13:00"],
                            ["12:00", "18:00"],
                        ],
                    },
                })
            )["week.fri"],
        ).toContain("not overlapping");
        expect(
            (
                await failures({
                    week: {
                        sat: [
                            ["08:00", "09:00"],
                            ["10:00", "11:00"],
                            ["12:00", "13:00"],
                        ],
                    },
                })
            )["week.sat"],
        ).toContain("at most 2 intervals: NextBilling has two per day");
    });

    it.each(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])("names a bad time on %s", async (name) => {
        const found = await failures({
            week: {
                [name]: [
                    ["08:00", "12:00"],
                    ["13:00", "24:00"],
                ],
            },
        });
        expect(Object.keys(found)).toEqual([`week.${name}[1][1]`]);
    });

    it("refuses intervals and days of the wrong shape", async () => {
        expect((await failures({ week: { mon: [["08:00"]] } }))["week.mon[0]"]).toBeDefined();
        expect((await failures({ week: { mon: [["08:00", "12:00", "18:00"]] } }))["week.mon[0]"]).toBeDefined();
        expect((await failures({ week: { mon: [8, 18] } }))["week.mon[0]"]).toContain('must be an interval ["HH:MM", "HH:MM"]');
        expect((await failures({ week: { mon: "08:00-18:00" } }))["week.mon"]).toContain("must be a list of at most 2 intervals");
        expect((await failures({ week: [] })).week).toContain("must be an object of days (sun, mon, tue, wed, thu, fri, sat)");
        expect((await failures({ week: undefined })).week).toContain("it is missing");
    });

    it("explains a misspelled day with the days there are", async () => {
        expect((await failures({ week: { monday: [["08:00", "18:00"]] } }))["week.monday"]).toBe(
            "week.monday is not a day: the days are sun, mon, tue, wed, thu, fri, sat",
        );
    });

    it("checks customerId, description and importId, naming each", async () => {
        const found = await failures({ customerId: "13", description: " ", importId: -3, descricao: "x" });
        expect(found.customerId).toBe('customerId must be a NextBilling customer id: a positive integer; got "13"');
        expect(found.description).toContain("not empty");
        expect(found.importId).toBe("importId must be a time profile record id: a positive integer; got -3");
        expect(found.descricao).toMatch(/^unknown property "descricao"/);
        expect((await failures({ description: "a\nb" })).description).toContain("one line");
        expect((await failures({ description: "x".repeat(201) })).description).toContain("at most 200 characters");
    });

    it("passes values unknown at preview through", async () => {
        const result = await timeProfileProvider.check!({}, { ...business, customerId: UNKNOWN, week: { mon: [[UNKNOWN, "18:00"]] } });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toMatchObject({ customerId: UNKNOWN, week: { mon: [[UNKNOWN, "18:00"]] } });
    });
});

describe("TimeProfile diff", () => {
    const stored = { ...businessChecked, recordId: 3, __provider: "x" };

    it("replaces on customerId only; description and hours are updates", async () => {
        expect(await timeProfileProvider.diff!("3", stored, { ...businessChecked, customerId: 9 })).toMatchObject({
            changes: true,
            replaces: ["customerId"],
        });
        expect(await timeProfileProvider.diff!("3", stored, { ...businessChecked, description: "Comercial" })).toMatchObject({
            changes: true,
            replaces: [],
        });
        expect(changedFields(stored, { ...businessChecked, week: { ...businessChecked.week, sat: [] } })).toEqual(["week"]);
    });

    it("sees no change when only importId or the provider code differ", async () => {
        expect(await timeProfileProvider.diff!("3", stored, { ...businessChecked, importId: 3, __provider: "y" })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });
});

describe("TimeProfile vendor mapping", () => {
    const split: TimeProfileInputs = {
        ...businessChecked,
        week: {
            ...businessChecked.week,
            sun: [
                ["09:00:00", "12:00:00"],
                ["14:00:00", "16:30:00"],
            ],
        },
    };
    const vendor = {
        id_cliente: 13,
        descricao: "Horário Comercial",
        wday0_hora1_ini: "09:00:00",
        wday0_hora1_end: "12:00:00",
        wday0_hora2_ini: "14:00:00",
        wday0_hora2_end: "16:30:00",
        ...Object.fromEntries(
            [1, 2, 3, 4, 5].flatMap((day) => [
                [`wday${day}_hora1_ini`, "08:00:00"],
                [`wday${day}_hora1_end`, "18:00:00"],
                [`wday${day}_hora2_ini`, ""],
                [`wday${day}_hora2_end`, ""],
            ]),
        ),
        wday6_hora1_ini: "08:00:00",
        wday6_hora1_end: "12:00:00",
        wday6_hora2_ini: "",
        wday6_hora2_end: "",
    };

    it('maps the week to the 28 wday fields, wday0 being Sunday, "" where there is no interval', () => {
        const fields = toVendor(split);
        expect(fields).toEqual(vendor);
        expect(Object.keys(fields)).toHaveLength(30);
    });

    it('reads them back, in every plausible shape: strings or numbers, null or "" for none, times without seconds', () => {
        expect(fromVendor({ ...vendor, id: "3", id_cliente: "13" })).toEqual({ id: "3", inputs: split });
        expect(fromVendor({ ...vendor, id: 3 })).toEqual({ id: "3", inputs: split });
        const loose = {
            ...vendor,
            id: 3,
            wday0_hora1_ini: "09:00",
            wday1_hora2_ini: null,
            wday1_hora2_end: null,
            wday2_hora2_ini: "00:00:00",
            wday2_hora2_end: "00:00:00",
        };
        expect(fromVendor(loose)).toEqual({ id: "3", inputs: split });
        // Fields the server does not list at all (wday4–6 are documented by pattern only) are closed days.
        const { wday6_hora1_ini: _a, wday6_hora1_end: _b, wday6_hora2_ini: _c, wday6_hora2_end: _d, ...withoutSaturday } = vendor;
        expect((fromVendor({ ...withoutSaturday, id: 3 }).inputs.week as Record<string, unknown>).sat).toEqual([]);
        // Against what is stored, a day the listing does not carry keeps its stored hours: it is not drift,
        // but it is unseen, so adopting the profile sends them.
        const stored = { ...split, week: { ...split.week, sat: [["07:00:00", "11:00:00"]] } } as TimeProfileInputs;
        expect(liveTimeProfile({ ...withoutSaturday, id: 3 }, stored)).toEqual({ id: "3", inputs: stored, unseen: ["week"] });
        expect(liveTimeProfile({ ...vendor, id: 3 }, stored)).toEqual({ id: "3", inputs: split });
    });
});
