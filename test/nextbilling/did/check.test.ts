import { UNKNOWN } from "../../../provider/kit/check";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";
import { MAX_INTEGER } from "../../../provider/kit/schemaParts";
import { normaliseNumber } from "../../../provider/nextbilling/did/Did";
import { didProvider } from "../../../provider/nextbilling/did/provider";
import { didFields, didSchema, type DidInputs } from "../../../provider/nextbilling/did/schema";
import { fromVendor, toVendor } from "../../../provider/nextbilling/did/vendor";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(didFields, olds, news);
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";

const queueDid = {
    customerId: 13,
    number: "1130001000",
    description: "Número Entrante Vendas",
    routing: { type: "queue", queueId: 12 },
};

beforeAll(() =>
    configureFromEngine({
        get: (key: string) =>
            ({ "telephony:nextbillingUrl": "http://127.0.0.1:9", "telephony:nextbillingToken": "t", "telephony:nextbillingKey": "k" })[key],
    }),
);
afterAll(resetRuntime);

async function failures(news: Record<string, unknown>) {
    const result = await didProvider.check!({}, { ...queueDid, ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("DID numbers", () => {
    it.each([
        ["+55 (11) 3000-1000", "1130001000"],
        ["11 3000-1000", "1130001000"],
        ["(11) 3000.1000", "1130001000"],
        ["1130001000", "1130001000"],
        ["1166", "1166"],
        ["0800 123 4567", "08001234567"],
    ])("normalises %s to %s", (written, digits) => {
        expect(normaliseNumber(written)).toBe(digits);
    });

    it.each(["abc", "+1 555 0100", "11 3000-10OO", "12", ""])("rejects %j", (written) => {
        expect(normaliseNumber(written)).toBeUndefined();
    });

    it("reports a bad number against number", async () => {
        expect((await failures({ number: "ramal 10" })).number).toBe(
            'number must be a phone number, e.g. "1130001000" or "+55 (11) 3000-1000"; got "ramal 10"',
        );
    });
});

describe("DID check", () => {
    it("requires each routing type's companion field, naming it", async () => {
        expect((await failures({ routing: { type: "queue" } }))["routing.queueId"]).toBe(
            "routing.queueId must be a NextBilling queue id: a positive integer; it is missing",
        );
        expect((await failures({ routing: { type: "ivr" } }))["routing.ivrId"]).toContain("it is missing");
        expect((await failures({ routing: { type: "line" } }))["routing.deviceId"]).toContain("it is missing");
        expect((await failures({ routing: { type: "ip", deviceId: 1 } }))["routing.primary"]).toContain("it is missing");
    });

    it("refuses fields another routing type takes", async () => {
        expect((await failures({ routing: { type: "queue", queueId: 12, deviceId: 1 } }))["routing.deviceId"]).toBe(
            'routing.deviceId is not used by routing type "queue": it takes queueId',
        );
        expect((await failures({ routing: { type: "audioTest", queueId: 12 } }))["routing.queueId"]).toBe(
            'routing.queueId is not used by routing type "audioTest": it takes no other field',
        );
    });

    it("names the allowed routing types", async () => {
        const found = await failures({ routing: { type: "voicemail" } });
        expect(Object.values(found).join()).toContain(
            '"ip", "line", "extensionMenu", "queue", "ivr", "reverseCallback", "reverseIvr", "audioTest"',
        );
    });

    it("validates IP addresses, host names and ports", async () => {
        const found = await failures({
            routing: {
                type: "ip",
                deviceId: 1,
                primary: { ipAddress: "300.1.1.1", port: 70000 },
                backup: { ipAddress: "10.0.0.2", techPrefix: "12a" },
            },
            supplier: { host: "not a host", port: 0, additionalHosts: ["192.168.0.1", "192.168.0.1"] },
        });
        expect(found["routing.primary.ipAddress"]).toBe('routing.primary.ipAddress must be an IP address; got "300.1.1.1"');
        expect(found["routing.primary.port"]).toContain("from 1 to 65535; got 70000");
        expect(found["routing.backup.techPrefix"]).toContain("digits, # or *");
        expect(found["supplier.host"]).toContain("IP address or a host name");
        expect(found["supplier.port"]).toContain("from 1 to 65535");
        expect(found["supplier.additionalHosts"]).toContain("must not repeat a host");
    });

    it("counts two spellings of one supplier host as a repeat: a name's case, an IPv6 address's zeros", async () => {
        const additional = async (additionalHosts: string[]) =>
            (await failures({ supplier: { host: "sip.example.com.br", additionalHosts } }))["supplier.additionalHosts"];
        expect(await additional(["SIP2.example.com.br", "sip2.example.com.br"])).toContain("must not repeat a host (however written");
        expect(await additional(["2001:db8::7", "2001:0db8:0:0::7"])).toContain("must not repeat a host");
        expect(await additional(["192.168.0.1", "::ffff:192.168.0.1"])).toContain("must not repeat a host");
        expect(await additional(["sip2.example.com.br", "sip3.example.com.br", "192.168.0.1"])).toBeUndefined();
    });

    it("never echoes the supplier password, and reports it where the program wrote it, which holds no value the engine could print", async () => {
        const found = await failures({ supplierPassword: 12345678 });
        expect(found["supplier.password"]).toBe("supplier.password must be a text; got [secret]");
        expect(found.supplierPassword).toBeUndefined();
    });

    describe("the supplier password, as strict as a line's or a Basic auth password, and never shown", () => {
        const supplier = { host: "192.168.0.2", username: "trunk01" };
        // A routing that names no line, queue or IVR: a valid declaration looks nothing up.
        const routing = { type: "reverseCallback" };
        it.each([
            ["a newline", "Sup3r\nS3cret", "supplier.password must be one line, without control characters; got [secret]"],
            ["a tab", "Sup3r\tS3cret", "supplier.password must be one line, without control characters; got [secret]"],
            ["a NUL", "Sup3r\u0000S3cret", "supplier.password must be one line, without control characters; got [secret]"],
            ["nothing", "", "supplier.password must not be empty; got [secret]"],
            ["201 characters", `Sup3r${"x".repeat(196)}`, "supplier.password must be at most 200 characters; got [secret]"],
        ])("refuses %s, naming supplier.password and what is allowed", async (_case, password, reason) => {
            const found = await failures({ supplier, supplierPassword: password });
            expect(found).toEqual({ "supplier.password": reason });
            expect(JSON.stringify(found)).not.toContain("Sup3r");
        });

        it("refuses a password without a supplier, naming where it belongs", async () => {
            const found = await failures({ supplierPassword: "Sup3rS3cret" });
            expect(found).toEqual({
                "supplier.password": "supplier.password needs a supplier: give it inside supplier: { host, password }",
            });
            expect(JSON.stringify(found)).not.toContain("Sup3r");
        });

        it("accepts any one-line password up to 200 characters, and a supplier without one (a secret null: not managed)", async () => {
            for (const password of ["s", 'Sup3r S3cret ção #!@:/"', "x".repeat(200)]) {
                expect(await failures({ routing, supplier, supplierPassword: password })).toEqual({});
            }
            expect(await failures({ routing, supplier, supplierPassword: null })).toEqual({});
            expect(await failures({ routing, supplier })).toEqual({});
        });

        it("passes a password through at preview while the supplier is unknown, and the supplier while the password is", async () => {
            expect(await failures({ routing, supplier: UNKNOWN, supplierPassword: "Sup3rS3cret" })).toEqual({});
            expect(await failures({ routing, supplier, supplierPassword: UNKNOWN })).toEqual({});
        });

        it("refuses a password without a supplier at preview, while another input is not known yet", async () => {
            expect(await failures({ number: UNKNOWN, supplierPassword: "Sup3rS3cret" })).toEqual({
                "supplier.password": "supplier.password needs a supplier: give it inside supplier: { host, password }",
            });
            expect(await failures({ number: UNKNOWN, supplierPassword: UNKNOWN })).toEqual({
                "supplier.password": "supplier.password needs a supplier: give it inside supplier: { host, password }",
            });
        });
    });

    it("refuses ids and counts beyond a signed 32-bit column, naming the range", async () => {
        const found = await failures({
            customerId: 2_147_483_648,
            routing: { type: "queue", queueId: 9e15 },
            maxCalls: 1e15,
            ratePlanId: 1e300,
            importId: 9e15,
        });
        expect(found).toEqual({
            customerId:
                "customerId must be a NextBilling customer id (0 = available for sale): an integer from 0 to 2147483647; got 2147483648",
            "routing.queueId": "routing.queueId must be a NextBilling queue id: an integer from 1 to 2147483647; got 9000000000000000",
            maxCalls: "maxCalls must be a number of simultaneous calls: an integer from 0 to 2147483647; got 1000000000000000",
            ratePlanId: "ratePlanId must be a rate plan id: an integer from 1 to 2147483647; got 1e+300",
            importId: "importId must be a DID record id: an integer from 1 to 2147483647; got 9000000000000000",
        });
        // The schema alone (check would look the line up at the vendor): the largest value is accepted everywhere.
        const largest = {
            ...queueDid,
            customerId: MAX_INTEGER,
            routing: { type: "ip", deviceId: MAX_INTEGER, primary: { ipAddress: "10.0.0.1" } },
            maxCalls: MAX_INTEGER,
            ratePlanId: MAX_INTEGER,
            costPlanId: MAX_INTEGER,
            importId: MAX_INTEGER,
        };
        expect(didSchema.safeParse(largest).error).toBeUndefined();
    });

    it("rejects unknown properties and bad policies with what is allowed", async () => {
        const found = await failures({ numbr: "1", deletionPolicy: "keep", customerId: -1 });
        expect(found.numbr).toContain('did you mean "number"?');
        expect(found.deletionPolicy).toBe('deletionPolicy must be "delete" or "release"; got "keep"');
        expect(found.customerId).toContain("0 = available for sale");
    });

    it("passes values unknown at preview through without looking anything up", async () => {
        const result = await didProvider.check!({}, { ...queueDid, customerId: UNKNOWN });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toMatchObject({ customerId: UNKNOWN, number: "1130001000", deletionPolicy: "delete", enabled: true });
    });
});

describe("DID diff", () => {
    const stored = { ...queueDid, enabled: true, deletionPolicy: "delete", recordId: 3, __provider: "x" };

    it("replaces only on number; moves between customers and routing changes are updates", async () => {
        expect(await didProvider.diff!("3", stored, { ...stored, number: "1130001001" })).toMatchObject({
            changes: true,
            replaces: ["number"],
        });
        expect(await didProvider.diff!("3", stored, { ...stored, customerId: 0 })).toMatchObject({ changes: true, replaces: [] });
        expect(changedFields(stored, { ...stored, routing: { type: "ivr", ivrId: 7 } })).toEqual(["routing"]);
        expect(changedFields(stored, { ...stored, deletionPolicy: "release" })).toEqual(["deletionPolicy"]);
    });

    it("sees no change when only key order, importId or the provider code differ", () => {
        expect(changedFields(stored, { ...stored, routing: { queueId: 12, type: "queue" }, importId: 3, __provider: "y" })).toEqual([]);
    });
});

describe("DID vendor mapping", () => {
    const ipDid: DidInputs = {
        customerId: 13,
        number: "1130001000",
        description: "Tronco",
        routing: {
            type: "ip",
            deviceId: 30,
            primary: { ipAddress: "10.0.0.1", port: 5060, techPrefix: "55" },
            backup: { ipAddress: "10.0.0.2", port: 5080 },
        },
        supplier: { host: "192.168.0.2", port: 5060, username: "trunk01", additionalHosts: ["192.168.0.1"], register: true },
        supplierPassword: "s3cret",
        maxCalls: 30,
        enableInternational: false,
        enabled: true,
        deletionPolicy: "delete",
    };

    it("maps every field to the seed's names and back", () => {
        const vendor = toVendor(ipDid);
        expect(vendor).toEqual({
            customer_id: 13,
            description: "Tronco",
            did_number: "1130001000",
            did_type: 0,
            device_id: 30,
            techprefix1: "55",
            ip_address1: "10.0.0.1",
            port1: 5060,
            techprefix2: "",
            ip_address2: "10.0.0.2",
            port2: 5080,
            host: "192.168.0.2",
            port: 5060,
            username: "trunk01",
            host_additional: ["192.168.0.1"],
            register: 1,
            password: "s3cret",
            max_calls: 30,
            enable_ddi: 0,
            status: 1,
        });
        const asListed = Object.fromEntries(
            Object.entries({ ...vendor, id: 7 }).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
        );
        const { supplierPassword: _, deletionPolicy: __, ...declared } = ipDid;
        expect(fromVendor(asListed)).toEqual({ id: "7", inputs: declared });
    });
});
