/**
 * The TimeProfile provider's methods against the emulator over real HTTP: the wire format of every
 * call (the spec's §3), the undocumented list in every shape the emulator writes, duplicates,
 * adoption, lost answers, drift made in the panel, refusals, and a server without the assumed
 * create and delete.
 */
import { timeProfileEntry } from "../../../provider/nextbilling/timeProfile";
import { timeProfileProvider } from "../../../provider/nextbilling/timeProfile/provider";
import type { TimeProfileInputs } from "../../../provider/nextbilling/timeProfile/schema";
import { nextBillingClient } from "../../../provider/runtime";
import { DEMO_CREDENTIALS } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";
import { capturedStderr } from "../../support/stderr";
import { refusedTwin } from "../../support/twins";

type TimeProfileOutputs = TimeProfileInputs & { recordId: number };

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:httpTimeoutMs": "2000",
}));

const ZERO = "/api/manageTimeProfiles/{token}/{key}/0";
const list = (customer: number) => `/api/manageTimeProfiles/{token}/{key}/${customer}`;

const requests = async () => (await emulator.admin.requests()).requests;
const storedProfile = async (id: string | number) =>
    (await emulator.admin.state()).nextbilling.timeProfiles.find((profile) => profile.id === Number(id));

const CLOSED = { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
/** Customer 45 (no records at all): split weekdays, Saturday morning. */
const shop: TimeProfileInputs = {
    customerId: 45,
    description: "Horário da Loja",
    week: {
        ...CLOSED,
        mon: [
            ["09:00:00", "12:00:00"],
            ["13:00:00", "18:00:00"],
        ],
        tue: [
            ["09:00:00", "12:00:00"],
            ["13:00:00", "18:00:00"],
        ],
        wed: [
            ["09:00:00", "12:00:00"],
            ["13:00:00", "18:00:00"],
        ],
        thu: [
            ["09:00:00", "12:00:00"],
            ["13:00:00", "18:00:00"],
        ],
        fri: [
            ["09:00:00", "12:00:00"],
            ["13:00:00", "17:30:00"],
        ],
        sat: [["09:00:00", "13:00:00"]],
    },
};
const day = (n: number, ini1 = "", end1 = "", ini2 = "", end2 = "") => ({
    [`wday${n}_hora1_ini`]: ini1,
    [`wday${n}_hora1_end`]: end1,
    [`wday${n}_hora2_ini`]: ini2,
    [`wday${n}_hora2_end`]: end2,
});
const shopAtVendor = {
    id_cliente: 45,
    descricao: "Horário da Loja",
    ...day(0),
    ...day(1, "09:00:00", "12:00:00", "13:00:00", "18:00:00"),
    ...day(2, "09:00:00", "12:00:00", "13:00:00", "18:00:00"),
    ...day(3, "09:00:00", "12:00:00", "13:00:00", "18:00:00"),
    ...day(4, "09:00:00", "12:00:00", "13:00:00", "18:00:00"),
    ...day(5, "09:00:00", "12:00:00", "13:00:00", "17:30:00"),
    ...day(6, "09:00:00", "13:00:00"),
};
/** The seed's profile 3 of customer 13, as this resource declares it. */
const business: TimeProfileInputs = {
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

/** Runs check as the engine does first, then create. */
async function create(inputs: unknown): Promise<{ id: string; outs: TimeProfileOutputs }> {
    const checked = await timeProfileProvider.check!({}, inputs as Record<string, unknown>);
    expect(checked.failures).toEqual([]);
    return (await timeProfileProvider.create(checked.inputs as TimeProfileInputs)) as { id: string; outs: TimeProfileOutputs };
}

describe("wire format of manageTimeProfiles", () => {
    it('create (assumed): lists the customer\'s profiles, then PUT …/0 with all 28 times, "" for none', async () => {
        const { id, outs } = await create({
            ...shop,
            week: {
                ...shop.week,
                mon: [
                    ["9:00", "12:00"],
                    ["13:00", "18:00"],
                ],
            },
        });
        const log = await requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${list(45)}`, `PUT ${ZERO}`]);
        expect(log[1].query).toEqual({});
        expect(log[1].body).toEqual(shopAtVendor);
        expect(outs).toEqual({ ...shop, recordId: Number(id) });
        expect(await storedProfile(id)).toMatchObject({ ...shopAtVendor, id: Number(id) });
    });

    // documented: flat, values strings; nested: per customer, values numbers; keyed: by customer, values strings.
    it.each(["documented", "nested", "keyed"] as const)(
        "read: GET …/{customer}, the list in the emulator's %s shape, read back as declared",
        async (profile) => {
            const { id, outs } = await create(shop);
            await emulator.admin.setVariants({ profile });
            emulator.configure();
            await emulator.admin.clearRequests();
            const read = await timeProfileProvider.read!(id, outs);
            expect(await requests()).toEqual([expect.objectContaining({ method: "GET", path: list(45), query: {}, body: null })]);
            expect(read).toEqual({ id, props: outs, inputs: shop });
        },
    );

    it("update (documented): POST …/0 with id_record and the full record; a day dropped is closed", async () => {
        const { id, outs } = await create(shop);
        const news = { ...shop, description: "Horário de Verão", week: { ...shop.week, sat: [], sun: [["10:00:00", "14:00:00"]] } };
        const updated = await timeProfileProvider.update!(id, outs, news);
        const post = (await requests()).at(-1)!;
        expect(post).toMatchObject({ method: "POST", path: ZERO, query: {} });
        expect(post.body).toEqual({
            ...shopAtVendor,
            id_record: Number(id),
            descricao: "Horário de Verão",
            ...day(0, "10:00:00", "14:00:00"),
            ...day(6),
        });
        expect(updated.outs).toEqual({ ...news, recordId: Number(id) });
        expect(await storedProfile(id)).toMatchObject({ descricao: "Horário de Verão", wday6_hora1_ini: "", wday0_hora1_ini: "10:00:00" });
    });

    it("delete (assumed): DELETE …/0?id_record=N without a body; deleting it again succeeds", async () => {
        const { id, outs } = await create(shop);
        await timeProfileProvider.delete!(id, outs);
        expect((await requests()).at(-1)).toMatchObject({
            method: "DELETE",
            path: ZERO,
            query: { id_record: id },
            body: null,
            status: 200,
        });
        expect(await storedProfile(id)).toBeUndefined();
        await expect(timeProfileProvider.delete!(id, outs)).resolves.toBeUndefined();
    });
});

describe("TimeProfile provider", () => {
    it("refuses to create a twin of a profile of the same customer and description (case and spaces aside) at preview, and again at create", async () => {
        const refusal = await refusedTwin(timeProfileProvider, { ...business, description: " horário comercial " });
        expect(refusal.message).toContain(
            'a time profile with customer 13 and description " horário comercial " already exists (record 3)',
        );
        expect(refusal.message).toContain("importId: 3");
        expect((await requests()).filter((r) => r.method === "PUT")).toEqual([]);
    });

    it("adopting the seed's profile as it is makes no write", async () => {
        const adopted = await create({ ...business, importId: 3 });
        expect(adopted.id).toBe("3");
        expect((await requests()).map((r) => r.method)).toEqual(["GET"]);
    });

    it("adopts a profile with importId, updating it to the declared hours", async () => {
        await create({ ...business, week: { ...business.week, sat: [] }, importId: 3 });
        expect((await requests()).map((r) => r.method)).toEqual(["GET", "POST"]);
        expect(await storedProfile(3)).toMatchObject({ wday6_hora1_ini: "", wday6_hora1_end: "", wday1_hora1_ini: "08:00:00" });
    });

    it("reports an importId of no profile of the customer against importId", async () => {
        const error = await create({ ...shop, importId: 3 }).catch((e) => e);
        expect(error.name).toBe("NotFoundError");
        expect(error.property).toBe("importId");
        expect(error.message).toContain("there is no time profile 3 of customer 45; check importId and customerId");
    });

    it("does not create a second profile when the create's answer is lost after NextBilling applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageTimeProfiles", count: 1 }] });
        const { id } = await create(shop);
        const of45 = (await emulator.admin.state()).nextbilling.timeProfiles.filter((profile) => profile.id_cliente === 45);
        expect(of45.map((profile) => profile.id)).toEqual([Number(id)]);
        expect((await requests()).filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("shows hours changed in the panel on refresh, so up reverts them", async () => {
        const { id, outs } = await create(shop);
        await emulator.admin.timeProfiles.patch(Number(id), {
            wday5_hora2_end: "18:00:00",
            wday0_hora1_ini: "10:00:00",
            wday0_hora1_end: "12:00:00",
        });
        emulator.configure();
        const read = await timeProfileProvider.read!(id, outs);
        expect(read.inputs).toEqual({
            ...shop,
            week: {
                ...shop.week,
                fri: [
                    ["09:00:00", "12:00:00"],
                    ["13:00:00", "18:00:00"],
                ],
                sun: [["10:00:00", "12:00:00"]],
            },
        });
        expect(await timeProfileProvider.diff!(id, read.props!, shop)).toMatchObject({ changes: true, replaces: [] });
    });

    it("drops a profile deleted in the panel from state", async () => {
        const { id, outs } = await create(shop);
        await emulator.admin.timeProfiles.remove(Number(id));
        emulator.configure();
        expect(await timeProfileProvider.read!(id, outs)).toEqual({ id: "", props: {} });
    });

    it("a delete refused while an IVR uses the profile keeps NextBilling's text", async () => {
        const error = await timeProfileProvider.delete!("3", { ...business, recordId: 3 }).catch((e) => e);
        expect(error.message).toBe(
            "NextBilling deleteTimeProfile (DELETE /api/manageTimeProfiles/***/***/0), HTTP 200 failed: Perfil de horário 3 em uso: URA 7",
        );
        expect(await storedProfile(3)).toBeDefined();
    });

    it("a time NextBilling refuses is reported against the interval its text names", async () => {
        // Past check (which refuses it), as a server stricter than this resource would answer.
        const error = await timeProfileProvider.create({ ...shop, week: { ...CLOSED, mon: [["08:00:00", "25:00:00"]] } }).catch((e) => e);
        expect(error.property).toBe("week.mon[0][1]");
        expect(error.vendorReason).toContain("wday1_hora1_end");
    });

    it("lists every customer's profiles for export and drift", async () => {
        const { records, skipped } = await timeProfileEntry.inventory!.list(nextBillingClient(), {});
        expect(skipped).toEqual([]);
        expect(records.find((record) => record.id === "3")).toEqual({
            resource: "TimeProfile",
            id: "3",
            customerId: 13,
            inputs: business,
            label: "Horário Comercial",
        });
        const { records: of9 } = await timeProfileEntry.inventory!.list(nextBillingClient(), { customers: [9] });
        expect(of9.map((record) => record.id)).toEqual(["2"]);
    });

    describe('on a server without the assumed create and delete (the emulator\'s timeProfileWrites "404")', () => {
        const warnings = capturedStderr();
        beforeEach(async () => {
            await emulator.admin.setVariants({ timeProfileWrites: "404" });
        });

        it("a create fails, naming the assumed call and saying to create the profile in the panel and adopt it", async () => {
            const error = await create(shop).catch((e) => e);
            expect(error.status).toBe(404);
            expect(error.message).toContain(
                "NextBilling createTimeProfile (PUT /api/manageTimeProfiles/***/***/0), HTTP 404 failed: Método não encontrado: manageTimeProfiles.",
            );
            expect(error.message).toContain(
                'create time profile "Horário da Loja" of customer 45 in NextBilling\'s panel, then adopt it with `importId: <its id>`',
            );
        });

        it("a delete warns that the profile was left at NextBilling, and succeeds", async () => {
            const stored = { ...business, week: { ...business.week }, recordId: 2, customerId: 9, description: "Horário da Clínica" };
            await expect(timeProfileProvider.delete!("2", stored)).resolves.toBeUndefined();
            expect(warnings.join("")).toContain('time profile 2 ("Horário da Clínica") of customer 9 was left at NextBilling');
            expect(await storedProfile(2)).toBeDefined();
        });
    });
});
