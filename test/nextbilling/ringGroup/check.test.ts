import { UNKNOWN } from "../../../provider/kit/check";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";
import { ringGroupProvider } from "../../../provider/nextbilling/ringGroup/provider";
import { ringGroupFields } from "../../../provider/nextbilling/ringGroup/schema";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(ringGroupFields, olds, news);
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";

const valid = { customerId: 9, description: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23], enabled: true };

beforeAll(() =>
    configureFromEngine({
        get: (key: string) =>
            ({
                "telephony:nextbillingUrl": "http://127.0.0.1:9",
                "telephony:nextbillingToken": "token-1",
                "telephony:nextbillingKey": "key-1",
            })[key],
    }),
);
afterAll(resetRuntime);

async function failures(news: Record<string, unknown>) {
    const result = await ringGroupProvider.check!({}, { __provider: "serialized", ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("RingGroup check", () => {
    it("accepts the seed's example and defaults enabled to true", async () => {
        const result = await ringGroupProvider.check!({}, { ...valid, enabled: undefined });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual(valid);
    });

    it("reports one failure per property, each with what is allowed", async () => {
        const found = await failures({ customerId: -1, description: "  ", strategy: "roundrobin", devices: [1, 1], enabled: "yes" });
        expect(Object.keys(found).sort()).toEqual(["customerId", "description", "devices", "enabled", "strategy"]);
        expect(found.customerId).toBe("customerId must be a NextBilling customer id: a positive integer; got -1");
        expect(found.strategy).toBe('strategy must be one of "ringall", "random", "linear"; got "roundrobin"');
        expect(found.devices).toBe("devices must not repeat a NextBilling line id; got [1,1]");
        expect(found.description).toContain("not empty");
        expect(found.enabled).toContain("true or false");
    });

    it("names the exact element of a bad line id, and empty or missing lists", async () => {
        expect((await failures({ ...valid, devices: [1, 2.5] }))["devices[1]"]).toContain("NextBilling line id");
        expect((await failures({ ...valid, devices: [] })).devices).toContain("non-empty list");
        expect((await failures({ ...valid, devices: undefined })).devices).toContain("it is missing");
        expect((await failures({ ...valid, customerId: "9" })).customerId).toContain('got "9"');
    });

    it("rejects unknown properties with a did-you-mean hint", async () => {
        const found = await failures({ ...valid, strategi: "linear", colour: "blue" });
        expect(found.strategi).toMatch(
            /^unknown property "strategi": did you mean "strategy"\? Allowed properties: customerId, description/,
        );
        expect(found.colour).not.toContain("did you mean");
    });

    it("does not validate values unknown at preview time, and passes them through", async () => {
        const result = await ringGroupProvider.check!({}, { ...valid, customerId: UNKNOWN, devices: [1, UNKNOWN] });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toMatchObject({ customerId: UNKNOWN, devices: [1, UNKNOWN], strategy: "linear" });
    });

    it("fails at preview when configuration is missing, naming key and variable", async () => {
        resetRuntime();
        const saved = { ...process.env };
        delete process.env.NEXTBILLING_URL;
        try {
            await expect(ringGroupProvider.check!({}, valid)).rejects.toThrow(
                /telephony:nextbillingUrl \(environment variable NEXTBILLING_URL\)/,
            );
        } finally {
            process.env = saved;
        }
    });
});

describe("RingGroup diff", () => {
    const olds = { ...valid, recordId: 13, __provider: "x" };

    it("sees no change when only the provider code changed", async () => {
        expect(await ringGroupProvider.diff!("13", olds, { ...valid, __provider: "y" })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it("replaces on customerId, updates other fields in place", async () => {
        expect(await ringGroupProvider.diff!("13", olds, { ...valid, customerId: 13 })).toMatchObject({
            changes: true,
            replaces: ["customerId"],
        });
        expect(await ringGroupProvider.diff!("13", olds, { ...valid, description: "Recepção" })).toMatchObject({
            changes: true,
            replaces: [],
        });
        expect(changedFields(olds, { ...valid, enabled: false, strategy: "ringall" })).toEqual(["strategy", "enabled"]);
    });

    it("treats device order as meaningful only for linear groups", () => {
        expect(changedFields(olds, { ...valid, devices: [23, 19, 4, 1] })).toEqual(["devices"]);
        const ringall = { ...olds, strategy: "ringall" };
        expect(changedFields(ringall, { ...valid, strategy: "ringall", devices: [23, 19, 4, 1] })).toEqual([]);
        expect(changedFields(ringall, { ...valid, strategy: "ringall", devices: [23, 19, 4] })).toEqual(["devices"]);
    });

    it("ignores importId, and counts unknown values as changes", () => {
        expect(changedFields(olds, { ...valid, importId: 13 })).toEqual([]);
        expect(changedFields(olds, { ...valid, customerId: UNKNOWN })).toEqual(["customerId"]);
    });
});
