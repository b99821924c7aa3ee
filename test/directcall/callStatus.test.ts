/** The Directcall callback parser: every shape a body may arrive in, partial payloads, and hostile ones. */
import { CallbackPayloadError, parseCallStatus, type CallbackPayloadReason } from "../../provider/directcall/callStatus";

const PAYLOAD = {
    callerid: "1f2e3d4c-5b6a-4789-8abc-def012345678",
    origem: "11999990000",
    destino: "1130001000",
    status: "atendida",
    inicio: "2026-11-22 10:00:00",
    duracao: "00:01:42",
    pin: "1234",
};

const formBody = (payload: unknown) => `data=${encodeURIComponent(JSON.stringify(payload))}`;

function rejection(body: Parameters<typeof parseCallStatus>[0]): CallbackPayloadError {
    try {
        parseCallStatus(body);
    } catch (error) {
        if (error instanceof CallbackPayloadError) return error;
        throw error;
    }
    throw new Error("parseCallStatus accepted the body");
}

describe("good bodies", () => {
    const expected = {
        callId: PAYLOAD.callerid,
        from: "11999990000",
        to: "1130001000",
        status: "answered",
        vendorStatus: "atendida",
        startedAt: "2026-11-22 10:00:00",
        durationSeconds: 102,
        pin: "1234",
    };

    it.each([
        ["a form string", formBody(PAYLOAD)],
        ["a form Buffer", Buffer.from(formBody(PAYLOAD))],
        ["a decoded form object", { data: JSON.stringify(PAYLOAD) }],
        ["the payload object", { ...PAYLOAD }],
    ])("reads %s", (_shape, body) => {
        const event = parseCallStatus(body);
        expect(event).toMatchObject(expected);
        expect({ ...event.fields }).toEqual(PAYLOAD);
    });

    it("decodes `+` as a space, as form encoding does", () => {
        const event = parseCallStatus(`data=${encodeURIComponent(JSON.stringify(PAYLOAD)).replace("%20", "+")}`);
        expect(event.startedAt).toBe("2026-11-22 10:00:00");
    });

    it.each([
        ["atendida", "answered"],
        ["atendeu", "answered"],
        ["ATENDEU", "answered"],
        ["Atendída", "answered"],
        ["answered", "answered"],
        ["ocupado", "busy"],
        ["Ocupado", "busy"],
        ["busy", "busy"],
        ["desligou", "hungUp"],
        ["desligada", "hungUp"],
        ["DESLIGOU", "hungUp"],
        ["hangup", "hungUp"],
        ["hang-up", "hungUp"],
        ["caixa postal", "unknown"],
        ["não atendida", "unknown"],
    ])("maps status %j to %s and keeps it verbatim", (vendorStatus, status) => {
        const event = parseCallStatus(formBody({ ...PAYLOAD, status: vendorStatus }));
        expect(event.status).toBe(status);
        expect(event.vendorStatus).toBe(vendorStatus);
    });

    it("keeps fields it does not know", () => {
        const event = parseCallStatus(formBody({ ...PAYLOAD, gravacao: "https://example.test/rec.mp3", tentativas: 2, extra: { a: [1] } }));
        expect(event.fields.gravacao).toBe("https://example.test/rec.mp3");
        expect(event.fields.tentativas).toBe(2);
        expect(event.fields.extra).toEqual({ a: [1] });
    });

    it("accepts numbers where the vendor might send them for numbers", () => {
        const event = parseCallStatus({ callerid: 98765, status: "ocupado", origem: 11999990000, pin: 1234 });
        expect(event).toMatchObject({ callId: "98765", from: "11999990000", pin: "1234", status: "busy" });
    });

    it("accepts H:MM:SS durations", () => {
        expect(parseCallStatus({ ...PAYLOAD, duracao: "1:02:03" }).durationSeconds).toBe(3723);
        expect(parseCallStatus({ ...PAYLOAD, duracao: "00:00:00" }).durationSeconds).toBe(0);
    });

    it("accepts a duration in seconds, as a JSON number or as numeric text (duracao's type is undocumented)", () => {
        expect(parseCallStatus(formBody({ ...PAYLOAD, duracao: 35 })).durationSeconds).toBe(35);
        expect(parseCallStatus({ ...PAYLOAD, duracao: 0 }).durationSeconds).toBe(0);
        expect(parseCallStatus({ ...PAYLOAD, duracao: 12.5 }).durationSeconds).toBe(12.5);
        expect(parseCallStatus(formBody({ ...PAYLOAD, duracao: "35" })).durationSeconds).toBe(35);
        expect(parseCallStatus({ ...PAYLOAD, duracao: " 102 " }).durationSeconds).toBe(102);
        expect(parseCallStatus({ ...PAYLOAD, duracao: 35 }).fields.duracao).toBe(35); // kept as sent
    });
});

describe("partial bodies", () => {
    it("needs only callerid and status", () => {
        const event = parseCallStatus(formBody({ callerid: "abc", status: "ocupado" }));
        expect(event).toEqual({ callId: "abc", status: "busy", vendorStatus: "ocupado", fields: expect.anything() });
        for (const key of ["from", "to", "startedAt", "durationSeconds", "pin"]) expect(event).not.toHaveProperty(key);
    });

    it("reads null or blank optional fields as absent", () => {
        const event = parseCallStatus({ callerid: "abc", status: "desligou", origem: null, destino: "", duracao: "", pin: "  " });
        expect(event.from).toBeUndefined();
        expect(event.to).toBeUndefined();
        expect(event.durationSeconds).toBeUndefined();
        expect(event.pin).toBeUndefined();
        expect(event.fields.origem).toBeNull();
    });
});

describe("hostile or malformed bodies", () => {
    it.each<[string, Parameters<typeof parseCallStatus>[0], CallbackPayloadReason]>([
        ["an empty body", "", "missing_data"],
        ["a form without data", "foo=bar", "missing_data"],
        ["an object without data or payload fields", { foo: "bar" }, "missing_data"],
        ["data twice", `${formBody(PAYLOAD)}&${formBody(PAYLOAD)}`, "duplicate_data"],
        ["data twice, as a framework decodes it", { data: [JSON.stringify(PAYLOAD), "{}"] }, "duplicate_data"],
        ["data that is not JSON", "data=%7Bcallerid", "data_not_json"],
        ["data that is an object, not JSON text", { data: { callerid: "x" } }, "data_not_json"],
        ["JSON that is an array", formBody([PAYLOAD]), "not_an_object"],
        ["JSON that is a string", formBody("atendida"), "not_an_object"],
        ["JSON null", "data=null", "not_an_object"],
        ["no callerid", formBody({ ...PAYLOAD, callerid: undefined }), "missing_callerid"],
        ["an empty callerid", formBody({ ...PAYLOAD, callerid: "" }), "missing_callerid"],
        ["no status", formBody({ ...PAYLOAD, status: undefined }), "missing_status"],
        ["a blank status", formBody({ ...PAYLOAD, status: "   " }), "missing_status"],
        ["an array as callerid", formBody({ ...PAYLOAD, callerid: ["a", "b"] }), "invalid_field"],
        ["an object as status", formBody({ ...PAYLOAD, status: { toString: "atendida" } }), "invalid_field"],
        ["a boolean as origem", formBody({ ...PAYLOAD, origem: true }), "invalid_field"],
        ["a negative duration", formBody({ ...PAYLOAD, duracao: -5 }), "invalid_duration"],
        ["a negative duration as text", formBody({ ...PAYLOAD, duracao: "-5" }), "invalid_duration"],
        ["a duration that is a word", formBody({ ...PAYLOAD, duracao: "42s" }), "invalid_duration"],
        ["a boolean as duracao", formBody({ ...PAYLOAD, duracao: true }), "invalid_duration"],
        ["an object as duracao", formBody({ ...PAYLOAD, duracao: { seconds: 42 } }), "invalid_duration"],
        ["an array as duracao", formBody({ ...PAYLOAD, duracao: [42] }), "invalid_duration"],
        ["a duration with minutes past 59", formBody({ ...PAYLOAD, duracao: "00:61:00" }), "invalid_duration"],
        ["a duration without hours", formBody({ ...PAYLOAD, duracao: "01:42" }), "invalid_duration"],
        ["a body over 64 KiB", formBody({ ...PAYLOAD, padding: "x".repeat(70_000) }), "too_large"],
        ["a Buffer over 64 KiB", Buffer.alloc(70_000, "a"), "too_large"],
        ["a payload object over 64 KiB", { ...PAYLOAD, padding: "x".repeat(70_000) }, "too_large"],
        ["nesting deep enough to overflow a recursive parser", `data=${"[".repeat(30_000)}${"]".repeat(30_000)}`, "data_not_json"],
    ])("rejects %s", (_what, body, reason) => {
        const error = rejection(body);
        expect(error.reason).toBe(reason);
        expect(error.name).toBe("CallbackPayloadError");
        expect(error.message.length).toBeLessThan(100);
    });

    it("rejects what is not a body at all", () => {
        expect(rejection(null as unknown as string).reason).toBe("not_an_object");
        expect(rejection(42 as unknown as string).reason).toBe("not_an_object");
        expect(rejection([PAYLOAD] as unknown as Record<string, unknown>).reason).toBe("not_an_object");
    });

    it("rejects payload objects it cannot serialise instead of throwing something else", () => {
        const cyclic: Record<string, unknown> = { ...PAYLOAD };
        cyclic.self = cyclic;
        expect(rejection(cyclic).reason).toBe("data_not_json");
        expect(rejection({ ...PAYLOAD, big: BigInt(1) }).reason).toBe("data_not_json");
    });

    it("names the field at fault", () => {
        expect(rejection(formBody({ ...PAYLOAD, destino: {} })).field).toBe("destino");
        expect(rejection(formBody({ ...PAYLOAD, duracao: "soon" })).field).toBe("duracao");
    });

    it("does not let __proto__, constructor or prototype keys pollute anything", () => {
        const hostile =
            '{"callerid":"abc","status":"atendida","__proto__":{"polluted":"yes","status":"ocupado"},' +
            '"constructor":{"prototype":{"polluted":"yes"}},"nested":{"__proto__":{"polluted":"yes"}}}';
        for (const body of [`data=${encodeURIComponent(hostile)}`, { data: hostile }, JSON.parse(hostile) as Record<string, unknown>]) {
            const event = parseCallStatus(body);
            expect(event.status).toBe("answered");
            expect(Object.keys(event.fields).sort()).toEqual(["callerid", "nested", "status"]);
            expect(Object.getPrototypeOf(event.fields)).toBeNull();
            expect(Object.keys(event.fields.nested as object)).toEqual([]);
            // A consumer that merges the fields into its own objects stays clean too.
            const merged = Object.assign({}, event.fields) as Record<string, unknown>;
            expect(merged.polluted).toBeUndefined();
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("rejects a 10 MB body quickly, before decoding it", () => {
        const huge = `data=${"a".repeat(10 * 1024 * 1024)}`;
        for (const body of [huge, Buffer.from(huge), { data: huge }]) {
            const started = process.hrtime.bigint();
            expect(rejection(body).reason).toBe("too_large");
            expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(50);
        }
    });

    it("honours a smaller limit", () => {
        expect(() => parseCallStatus(formBody(PAYLOAD), { maxBodyBytes: 100 })).toThrow(CallbackPayloadError);
    });
});
