/**
 * The Line provider's check and diff, and its vendor mapping both ways: no vendor call but the
 * reference lists, which this file's unreachable server never answers (those are in provider.test.ts).
 */
import { UNKNOWN } from "../../../provider/kit/check";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";
import { lineProvider } from "../../../provider/nextbilling/line/provider";
import { lineFields, type LineInputs } from "../../../provider/nextbilling/line/schema";
import { fromVendor, liveLine, toVendor } from "../../../provider/nextbilling/line/vendor";
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(lineFields, olds, news);

const SECRET = "s3cr3t-Passw0rd";
const cashier = { customerId: 13, username: "2030", password: SECRET };
const normalised = { ...cashier, auth: { type: "password" }, enabled: true, function: { type: "line" } };

beforeAll(() =>
    configureFromEngine({
        get: (key: string) =>
            ({
                "telephony:nextbillingUrl": "http://127.0.0.1:9",
                "telephony:nextbillingToken": "token-1",
                "telephony:nextbillingKey": "key-1",
                "telephony:httpMaxRetries": "0",
            })[key],
    }),
);
afterAll(resetRuntime);

async function failures(news: Record<string, unknown>) {
    const result = await lineProvider.check!({}, { __provider: "serialized", ...cashier, ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("Line check", () => {
    it("accepts the smallest line and fills in the defaults: password auth, a plain line, enabled", async () => {
        const result = await lineProvider.check!({}, cashier);
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual(normalised);
    });

    it("accepts every input, normalising codec names to lower case", async () => {
        const everything = {
            ...cashier,
            auth: { type: "ip", addresses: ["10.0.0.5", "2001:db8::1"], port: 5070, techPrefix: "12#" },
            callerId: "1130001000",
            maxSimultaneousCalls: 2,
            maxCallsPerSecond: 0,
            maxRingSeconds: 40,
            maxCallSeconds: 3600,
            allowFixed: true,
            allowMobile: true,
            allowFixedInternational: false,
            allowMobileInternational: false,
            enabled: false,
            ratePlanId: 0,
            codecs: ["G729", "alaw", "ulaw"],
            rtpSymmetric: true,
            volumeRx: -10,
            volumeTx: 10,
            function: { type: "queue", queueId: 12 },
            audioId: 0,
            followMe: { always: { destination: "2031" }, offline: { destination: "11999998888" } },
            allowTransfer: true,
            checkSpoofing: false,
            media: "rtpProxy",
            importId: 30,
        };
        const result = await lineProvider.check!({}, everything);
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual({ ...everything, codecs: ["g729", "alaw", "ulaw"] });
    });

    it("reports every bad input against its property, saying what is allowed", async () => {
        const found = await failures({
            customerId: 0,
            username: "ramal 2030",
            callerId: "(11) 3000-1000",
            maxSimultaneousCalls: 0,
            maxCallsPerSecond: -1,
            maxRingSeconds: 1.5,
            maxCallSeconds: "60",
            allowFixed: "yes",
            allowMobile: 1,
            allowFixedInternational: null,
            allowMobileInternational: "no",
            enabled: "true",
            ratePlanId: -2,
            codecs: ["g729", "G729"],
            rtpSymmetric: 0,
            volumeRx: 11,
            volumeTx: -10.5,
            audioId: -1,
            allowTransfer: "1",
            checkSpoofing: [],
            media: "proxy",
            importId: 0,
        });
        expect(found).toEqual({
            customerId: "customerId must be a NextBilling customer id: a positive integer; got 0",
            username: 'username must be a SIP user name: 1 to 64 letters, digits, ".", "_", "+" or "-"; got "ramal 2030"',
            callerId: 'callerId must be a phone number: 2 to 20 digits, nothing else; got "(11) 3000-1000"',
            maxSimultaneousCalls: "maxSimultaneousCalls must be a number of simultaneous calls: a positive integer; got 0",
            maxCallsPerSecond: "maxCallsPerSecond must be a number of calls per second: an integer of 0 or more; got -1",
            maxRingSeconds: "maxRingSeconds must be a number of seconds: an integer of 0 or more; got 1.5",
            maxCallSeconds: 'maxCallSeconds must be a number of seconds: an integer of 0 or more; got "60"',
            allowFixed: 'allowFixed must be true or false; got "yes"',
            allowMobile: "allowMobile must be true or false; got 1",
            allowFixedInternational: "allowFixedInternational must be true or false; got null",
            allowMobileInternational: 'allowMobileInternational must be true or false; got "no"',
            enabled: 'enabled must be true or false; got "true"',
            ratePlanId: "ratePlanId must be a rate plan id (0 = the customer's plan): an integer of 0 or more; got -2",
            codecs: 'codecs must not repeat a codec; got ["g729","G729"]',
            rtpSymmetric: "rtpSymmetric must be true or false; got 0",
            volumeRx: "volumeRx must be a volume: an integer from -10 to 10; got 11",
            volumeTx: "volumeTx must be a volume: an integer from -10 to 10; got -10.5",
            audioId: "audioId must be an audio id (0 = none): an integer of 0 or more; got -1",
            allowTransfer: 'allowTransfer must be true or false; got "1"',
            checkSpoofing: "checkSpoofing must be true or false; got []",
            media: 'media must be one of "direct", "rtpProxy", "transcoder"; got "proxy"',
            importId: "importId must be a line record id: a positive integer; got 0",
        });
    });

    it("requires customerId and username, naming each", async () => {
        const found = await failures({ customerId: undefined, username: undefined });
        expect(found.customerId).toContain("it is missing");
        expect(found.username).toBe("username must be a SIP user name, a text; it is missing");
    });

    it("checks codecs: a non-empty list of names, at most 16", async () => {
        expect((await failures({ codecs: [] })).codecs).toContain("non-empty list of codec names");
        expect((await failures({ codecs: "g729;alaw" })).codecs).toContain("non-empty list of codec names");
        expect((await failures({ codecs: ["g729", "a;law"] }))["codecs[1]"]).toContain('must be a codec name, e.g. "g729"');
        expect((await failures({ codecs: Array.from({ length: 17 }, (_, i) => `c${i}`) })).codecs).toContain("at most 16 codecs");
    });

    it("checks auth: its type, the addresses of IP auth, port and tech prefix", async () => {
        expect((await failures({ auth: { type: "token" } }))["auth.type"]).toContain('must have a type, one of "password", "ip"');
        expect((await failures({ auth: { type: "ip" } }))["auth.addresses"]).toContain("it is missing");
        expect((await failures({ auth: { type: "ip", addresses: [] } }))["auth.addresses"]).toContain("non-empty list of IP addresses");
        const found = await failures({
            auth: { type: "ip", addresses: ["10.0.0.5", "999.1.1.1", "10.0.0.5"], port: 0, techPrefix: "12a" },
        });
        expect(found["auth.addresses[1]"]).toBe('auth.addresses[1] must be an IP address; got "999.1.1.1"');
        expect(found["auth.port"]).toBe("auth.port must be a port number from 1 to 65535; got 0");
        expect(found["auth.techPrefix"]).toContain("1 to 20 digits, # or *");
        expect((await failures({ auth: { type: "ip", addresses: ["10.0.0.5", "10.0.0.5"] } }))["auth.addresses"]).toContain(
            "must not repeat an address",
        );
        for (const addresses of [
            ["10.0.0.5", "::ffff:10.0.0.5"],
            ["2001:db8::1", "2001:DB8:0:0:0:0:0:1"],
            ["2001:db8::1", "2001:db8:0::0:1"],
        ]) {
            expect((await failures({ auth: { type: "ip", addresses } }))["auth.addresses"]).toBe(
                `auth.addresses must not repeat an address (however written: 10.0.0.1 and ::ffff:10.0.0.1 are one); got ${JSON.stringify(addresses)}`,
            );
        }
        for (const addresses of [
            ["10.0.0.5", "10.0.0.6"],
            ["2001:db8::1", "2001:db8::2"],
            ["fe80::1%eth0", "fe80::1%eth1"],
            ["::ffff:10.0.0.5", "::ffff:10.0.0.6"],
        ]) {
            expect(await failures({ auth: { type: "ip", addresses } })).toEqual({});
        }
        const tooMany = Array.from({ length: 33 }, (_, i) => `10.0.1.${i}`);
        expect((await failures({ auth: { type: "ip", addresses: tooMany } }))["auth.addresses"]).toContain("at most 32 addresses");
    });

    it("refuses fields another auth or function type takes, naming what it takes", async () => {
        expect((await failures({ auth: { type: "password", addresses: ["10.0.0.5"] } }))["auth.addresses"]).toBe(
            'auth.addresses is not used by auth type "password": it takes no other field',
        );
        expect((await failures({ function: { type: "ivr", ivrId: 7, queueId: 12 } }))["function.queueId"]).toBe(
            'function.queueId is not used by function type "ivr": it takes ivrId',
        );
        expect((await failures({ function: { type: "line", ivrId: 7 } }))["function.ivrId"]).toBe(
            'function.ivrId is not used by function type "line": it takes no other field',
        );
    });

    it("checks function: its type, and the IVR or queue id it needs", async () => {
        expect((await failures({ function: { type: "voicemail" } }))["function.type"]).toContain(
            '"line", "voicePortal", "callingCard", "ivr", "queue", "phoneBooth"',
        );
        expect((await failures({ function: { type: "ivr" } }))["function.ivrId"]).toBe(
            "function.ivrId must be a NextBilling IVR id: a positive integer; it is missing",
        );
        expect((await failures({ function: { type: "queue", queueId: 0 } }))["function.queueId"]).toContain("a NextBilling queue id");
    });

    it("checks followMe: known conditions, each with a destination of digits", async () => {
        expect((await failures({ followMe: { busy: { destination: "ramal 2031" } } }))["followMe.busy.destination"]).toBe(
            'followMe.busy.destination must be the number to call: 2 to 20 digits, nothing else; got "ramal 2031"',
        );
        expect((await failures({ followMe: { noAnswer: {} } }))["followMe.noAnswer.destination"]).toContain("it is missing");
        expect((await failures({ followMe: { sometimes: { destination: "2031" } } }))["followMe.sometimes"]).toBe(
            'unknown property "followMe.sometimes"',
        );
        expect((await failures({ followMe: { always: "2031" } }))["followMe.always"]).toBeDefined();
        for (const condition of ["always", "busy", "noAnswer", "offline"]) {
            expect((await failures({ followMe: { [condition]: { destination: 2031 } } }))[`followMe.${condition}.destination`]).toContain(
                "digits only",
            );
        }
        expect((await failures({ followMe: "2031" })).followMe).toBeDefined();
    });

    it("requires a password for password auth, unless the line is adopted with importId", async () => {
        const { password: _, ...withoutPassword } = cashier;
        const missing = await lineProvider.check!({}, withoutPassword);
        expect(missing.failures).toEqual([
            {
                property: "password",
                reason: 'password is required for auth type "password": NextBilling needs it to create the line (only a line adopted with importId may leave it out, keeping its own)',
            },
        ]);
        expect((await lineProvider.check!({}, { ...withoutPassword, importId: 30 })).failures).toEqual([]);
        expect((await lineProvider.check!({}, { ...withoutPassword, auth: { type: "ip", addresses: ["10.0.0.5"] } })).failures).toEqual([]);
        // A password that is another resource's output, unknown at preview, is not missing.
        expect((await lineProvider.check!({}, { ...withoutPassword, password: UNKNOWN })).failures).toEqual([]);
    });

    it("never echoes the password, whatever is wrong with it, and reports it where the program wrote it", async () => {
        for (const [password, shown] of [
            [12345678, "12345678"],
            ["", '""'],
            [`${SECRET}\n`, SECRET],
            [SECRET.repeat(20), SECRET],
            [[SECRET], SECRET],
        ] as const) {
            const result = await lineProvider.check!({}, { ...cashier, password });
            expect(result.failures).toHaveLength(1);
            expect(result.failures![0].property).toBe("password");
            expect(result.failures![0].reason).toMatch(/^password must .*; got \[secret\]$/);
            expect(result.failures![0].reason).not.toContain(shown);
        }
        // Other failures of the same check leave it out too.
        const other = await lineProvider.check!({}, { ...cashier, username: "", passwrd: SECRET });
        expect(JSON.stringify(other.failures)).not.toContain(SECRET);
        expect(other.failures!.find((f) => f.property === "passwrd")!.reason).toContain('did you mean "password"?');
    });

    it("reads a password given as an empty secret output (null) as not managed", async () => {
        const result = await lineProvider.check!({}, { ...cashier, password: null, importId: 30 });
        expect(result.failures).toEqual([]);
        expect(result.inputs).not.toHaveProperty("password");
    });

    it("rejects unknown properties with a did-you-mean hint", async () => {
        const found = await failures({ userName: "2030", callerid: "1130001000" });
        expect(found.userName).toMatch(/^unknown property "userName": did you mean "username"\?/);
        expect(found.callerid).toContain('did you mean "callerId"?');
    });

    it("passes values unknown at preview through without validating or looking anything up", async () => {
        const result = await lineProvider.check!({}, { ...cashier, customerId: UNKNOWN, function: { type: "ivr", ivrId: UNKNOWN } });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toMatchObject({ customerId: UNKNOWN, function: { type: "ivr", ivrId: UNKNOWN }, enabled: true });
    });
});

describe("Line diff", () => {
    const stored = { ...normalised, recordId: 30, __provider: "x" };

    it("replaces only on customerId; a new username, password or auth is an update", async () => {
        expect(await lineProvider.diff!("30", stored, { ...normalised, customerId: 9 })).toMatchObject({
            changes: true,
            replaces: ["customerId"],
        });
        expect(await lineProvider.diff!("30", stored, { ...normalised, username: "2033" })).toMatchObject({ changes: true, replaces: [] });
        expect(changedFields(stored, { ...normalised, password: "other" })).toEqual(["password"]);
        expect(changedFields(stored, { ...normalised, auth: { type: "ip", addresses: ["10.0.0.5"] } })).toEqual(["auth"]);
    });

    it("sees no change for defaults left out, importId, the provider code, or an optional field no longer declared", async () => {
        const { auth: _a, function: _f, enabled: _e, ...bare } = normalised;
        expect(changedFields(stored, { ...bare, importId: 30, __provider: "y" })).toEqual([]);
        expect(changedFields({ ...stored, maxSimultaneousCalls: 4, codecs: ["g729"] }, normalised)).toEqual([]);
        expect(await lineProvider.diff!("30", stored, { ...normalised, __provider: "y" })).toEqual({
            changes: false,
            replaces: [],
            deleteBeforeReplace: false,
        });
    });

    it("compares IP addresses as a set, and a port or tech prefix only when declared", () => {
        const ip = { ...stored, auth: { type: "ip", addresses: ["10.0.0.5", "10.0.0.6"], port: 5070, techPrefix: "12" } };
        expect(changedFields(ip, { ...normalised, auth: { type: "ip", addresses: ["10.0.0.6", "10.0.0.5"] } })).toEqual([]);
        expect(changedFields(ip, { ...normalised, auth: { type: "ip", addresses: ["10.0.0.6"] } })).toEqual(["auth"]);
        expect(changedFields(ip, { ...normalised, auth: { type: "ip", addresses: ["10.0.0.5", "10.0.0.6"], port: 5060 } })).toEqual([
            "auth",
        ]);
        expect(changedFields(ip, { ...normalised, auth: { type: "ip", addresses: ["10.0.0.5", "10.0.0.6"], techPrefix: "12" } })).toEqual(
            [],
        );
    });

    it("compares codecs in order (it is the order of preference), and followMe whole", () => {
        const withCodecs = { ...stored, codecs: ["g729", "alaw"], followMe: { busy: { destination: "2031" } } };
        expect(changedFields(withCodecs, { ...normalised, codecs: ["alaw", "g729"] })).toEqual(["codecs"]);
        expect(changedFields(withCodecs, { ...normalised, followMe: {} })).toEqual(["followMe"]);
        expect(changedFields(withCodecs, { ...normalised, followMe: { busy: { destination: "2031" } } })).toEqual([]);
    });
});

describe("Line vendor mapping", () => {
    const everything: LineInputs = {
        customerId: 13,
        username: "2030",
        password: SECRET,
        auth: { type: "ip", addresses: ["10.0.0.5", "10.0.0.6"], port: 5070, techPrefix: "12#" },
        callerId: "1130001000",
        maxSimultaneousCalls: 2,
        maxCallsPerSecond: 3,
        maxRingSeconds: 40,
        maxCallSeconds: 3600,
        allowFixed: true,
        allowMobile: false,
        allowFixedInternational: true,
        allowMobileInternational: false,
        enabled: false,
        ratePlanId: 4,
        codecs: ["g729", "alaw", "ulaw"],
        rtpSymmetric: true,
        volumeRx: -3,
        volumeTx: 2,
        function: { type: "ivr", ivrId: 7 },
        audioId: 5,
        followMe: { always: { destination: "2031" }, noAnswer: { destination: "11999998888" } },
        allowTransfer: false,
        checkSpoofing: true,
        media: "transcoder",
    };
    const vendor = {
        customer_id: 13,
        username: "2030",
        password: SECRET,
        auth: 1,
        domain: ["10.0.0.5", "10.0.0.6"],
        port: 5070,
        techprefix: "12#",
        callerid: "1130001000",
        simultaneas: 2,
        max_cps: 3,
        max_ringtime: 40,
        max_calltime: 3600,
        fixo: 1,
        movel: 0,
        fixo_ddi: 1,
        movel_ddi: 0,
        status: 0,
        rate_id: 4,
        codecs: "g729;alaw;ulaw",
        rtp_symmetric: 1,
        volume_rx: -3,
        volume_tx: 2,
        funcionalidade: 3,
        funcionalidade_id: 7,
        id_audio: 5,
        sigame_always_st: 1,
        sigame_always_dst: "2031",
        sigame_busy_st: 0,
        sigame_noanswer_st: 1,
        sigame_noanswer_dst: "11999998888",
        sigame_offline_st: 0,
        allow_transfer: 0,
        check_spoofing: 1,
        proxy_media: 2,
    };

    it("maps every input to its vendor field", () => {
        expect(toVendor(everything)).toEqual(vendor);
    });

    it("sends only what is declared besides the managed auth, function and status", () => {
        expect(
            toVendor({
                customerId: 9,
                username: "1001",
                password: SECRET,
                auth: { type: "password" },
                enabled: true,
                function: { type: "line" },
            }),
        ).toEqual({
            customer_id: 9,
            username: "1001",
            password: SECRET,
            auth: 0,
            domain: [],
            status: 1,
            funcionalidade: 0,
        });
        expect(toVendor({ ...everything, function: { type: "queue", queueId: 12 } })).toMatchObject({
            funcionalidade: 4,
            funcionalidade_id: 12,
        });
        for (const [type, code] of [
            ["line", 0],
            ["voicePortal", 1],
            ["callingCard", 2],
            ["phoneBooth", 5],
        ] as const) {
            const fields = toVendor({ ...everything, function: { type } });
            expect(fields.funcionalidade).toBe(code);
            expect(fields).not.toHaveProperty("funcionalidade_id");
        }
        for (const [media, code] of [
            ["direct", 0],
            ["rtpProxy", 1],
            ["transcoder", 2],
        ] as const)
            expect(toVendor({ ...everything, media }).proxy_media).toBe(code);
        // An IP line without port or tech prefix leaves NextBilling's own.
        expect(toVendor({ ...everything, auth: { type: "ip", addresses: ["10.0.0.5"] } })).toMatchObject({ auth: 1, domain: ["10.0.0.5"] });
        expect(toVendor({ ...everything, auth: { type: "ip", addresses: ["10.0.0.5"] } })).not.toHaveProperty("port");
    });

    it("reads a line back as listDevices lists it (every value a string, domain joined by commas, no password)", () => {
        const listed = Object.fromEntries(
            Object.entries({ ...vendor, id: 30, id_cliente: 13, domain: "10.0.0.5,10.0.0.6", sigame_busy_dst: "", sigame_offline_dst: "" })
                .filter(([key]) => key !== "password" && key !== "customer_id")
                .map(([key, value]) => [key, String(value)]),
        );
        const { password: _, ...declared } = everything;
        expect(fromVendor(listed)).toEqual({ id: "30", inputs: declared });
        // The same line with numbers, as a cached write-through holds it.
        expect(fromVendor({ ...vendor, id: 30 })).toEqual({ id: "30", inputs: declared });
    });

    it('reads the documented listDevices line: domain "dynamic" is password auth; fields the page does not show are not guessed', () => {
        const documented = {
            id: "1",
            id_cliente: "3",
            id_plano: "0",
            id_audio: "0",
            id_perfil_horario: "0",
            tipo_tar: "1",
            ddd_local: "5521",
            tech: "SIP",
            username: "fernando9000",
            domain: "dynamic",
            port: "0",
            rtp_symmetric: "0",
            nat: "auto_force_rport",
            techprefix: "",
            saldo: "0.00000",
            voip: "1",
            fixo_local: "1",
        };
        expect(fromVendor(documented)).toEqual({
            id: "1",
            inputs: {
                customerId: 3,
                username: "fernando9000",
                auth: { type: "password" },
                audioId: 0,
                rtpSymmetric: false,
                function: { type: "line" },
            },
        });
        // Against what is stored, a field that listing does not carry keeps its stored value: it is not drift.
        const stored = { ...everything, auth: { type: "password" as const }, function: { type: "queue" as const, queueId: 12 } };
        const live = liveLine(documented, stored).inputs;
        expect(live).toMatchObject({
            maxSimultaneousCalls: 2,
            callerId: "1130001000",
            enabled: false,
            function: { type: "queue", queueId: 12 },
        });
        expect(live).toMatchObject({ audioId: 0, rtpSymmetric: false, username: "fernando9000" });
        expect(live).not.toHaveProperty("password");
        // An IP line: the addresses are the domain; port 0 and "" tech prefix are none.
        expect(fromVendor({ ...documented, auth: "1", domain: "10.0.0.5" }).inputs.auth).toEqual({ type: "ip", addresses: ["10.0.0.5"] });
        expect(fromVendor({ ...documented, domain: "10.0.0.5,10.0.0.6", port: "5060" }).inputs.auth).toEqual({
            type: "ip",
            addresses: ["10.0.0.5", "10.0.0.6"],
            port: 5060,
        });
    });

    it("reads follow-me conditions that are off as absent, and unknown codes as the defaults", () => {
        const listed = {
            id: "31",
            id_cliente: "13",
            username: "2031",
            sigame_always_st: "0",
            sigame_always_dst: "2030",
            sigame_busy_st: "1",
            sigame_busy_dst: "2032",
        };
        expect(fromVendor(listed).inputs.followMe).toEqual({ busy: { destination: "2032" } });
        expect(fromVendor({ ...listed, funcionalidade: "9", proxy_media: "7" }).inputs).toMatchObject({ function: { type: "line" } });
        expect(fromVendor({ ...listed, proxy_media: "7" }).inputs).not.toHaveProperty("media");
        expect(fromVendor({ ...listed, codecs: "" }).inputs).not.toHaveProperty("codecs");
    });
});
