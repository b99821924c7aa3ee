/**
 * The shared parts' bounds: an id or a count the vendor's (very likely signed 32-bit) columns
 * cannot hold, and a password the vendor would store broken, are refused at check, naming the
 * property and what is allowed; a password is never shown.
 */
import { callbackUrlProvider } from "../../provider/directcall/callbackUrl/provider";
import { LIMITS, MAX_INTEGER, multiLine, nonNegativeInteger, password, positiveInteger, singleLine } from "../../provider/kit/schemaParts";
import { didProvider } from "../../provider/nextbilling/did/provider";
import { lineProvider } from "../../provider/nextbilling/line/provider";
import { ringGroupProvider } from "../../provider/nextbilling/ringGroup/provider";
import { configureFromEngine, resetRuntime } from "../../provider/runtime";

beforeAll(() =>
    configureFromEngine({
        get: (key: string) =>
            ({
                "telephony:nextbillingUrl": "http://127.0.0.1:9",
                "telephony:nextbillingToken": "t",
                "telephony:nextbillingKey": "k",
                "telephony:directcallClientId": "dev@example.com.br",
                "telephony:directcallClientSecret": "s",
            })[key],
    }),
);
afterAll(resetRuntime);

const group = { customerId: 9, description: "Recepção", strategy: "linear", devices: [1, 4] };
const did = { customerId: 13, number: "1130001000", description: "Vendas", routing: { type: "reverseCallback" } };
const line = { customerId: 13, username: "ramal2030" };

/** Failures that never reach the vendor (port 9 is closed, and a bad input is not looked up). */
async function failure(
    provider: {
        check: (o: Record<string, unknown>, n: Record<string, unknown>) => Promise<{ failures?: { property: string; reason: string }[] }>;
    },
    news: Record<string, unknown>,
    property: string,
) {
    const { failures = [] } = await provider.check({}, news);
    const found = failures.find((candidate) => candidate.property === property);
    if (!found) throw new Error(`no failure on ${property}: ${JSON.stringify(failures)}`);
    return found.reason;
}

const message = (schema: { safeParse: (value: unknown) => { error?: { issues: { message: string }[] } } }, value: unknown) =>
    schema.safeParse(value).error?.issues[0]?.message;

describe("integers", () => {
    it("stop at 2147483647 (a signed 32-bit column), the range named; below it the messages are unchanged", () => {
        expect(MAX_INTEGER).toBe(2_147_483_647);
        for (const [schema, low] of [
            [positiveInteger("an id"), 1],
            [nonNegativeInteger("an id"), 0],
        ] as const) {
            expect(message(schema, low)).toBeUndefined();
            expect(message(schema, MAX_INTEGER)).toBeUndefined();
            for (const big of [MAX_INTEGER + 1, 1e15, 9e15, 1e300]) {
                expect(message(schema, big)).toBe(`must be an id: an integer from ${low} to 2147483647`);
            }
        }
        expect(message(positiveInteger("an id"), 0)).toBe("must be an id: a positive integer");
        expect(message(positiveInteger("an id"), 2.5)).toBe("must be an id: a positive integer");
        expect(message(nonNegativeInteger("an id"), -1)).toBe("must be an id: an integer of 0 or more");
        expect(message(nonNegativeInteger("an id"), "7")).toBe("must be an id: an integer of 0 or more");
    });

    it("take a field's own smaller bound", () => {
        expect(message(positiveInteger("a count", 100), 100)).toBeUndefined();
        expect(message(positiveInteger("a count", 100), 101)).toBe("must be a count: an integer from 1 to 100");
        expect(message(nonNegativeInteger("a count", 100), 101)).toBe("must be a count: an integer from 0 to 100");
    });

    it("fail at check, naming the property: a line's maxCallSeconds, a ring group's devices, a DID's importId", async () => {
        expect(await failure(lineProvider, { ...line, maxCallSeconds: 1e15 }, "maxCallSeconds")).toBe(
            "maxCallSeconds must be a number of seconds: an integer from 0 to 2147483647; got 1000000000000000",
        );
        expect(await failure(ringGroupProvider, { ...group, devices: [1, 9e15] }, "devices[1]")).toBe(
            "devices[1] must be NextBilling line id: an integer from 1 to 2147483647; got 9000000000000000",
        );
        expect(await failure(ringGroupProvider, { ...group, customerId: 2 ** 31 }, "customerId")).toBe(
            "customerId must be a NextBilling customer id: an integer from 1 to 2147483647; got 2147483648",
        );
        expect(await failure(didProvider, { ...did, importId: 9e15 }, "importId")).toBe(
            "importId must be a DID record id: an integer from 1 to 2147483647; got 9000000000000000",
        );
    });
});

describe("password", () => {
    it("is not empty, one line without control characters, at most LIMITS.text characters; never quoted", () => {
        const schema = password();
        for (const good of ["s", 'Sup3r S3cret ção #!@:/\\"', "x".repeat(LIMITS.text)]) expect(message(schema, good)).toBeUndefined();
        expect(message(schema, "")).toBe("must not be empty");
        for (const bad of ["Sup3r\nS3cret", "Sup3r\rS3cret", "Sup3r\tS3cret", "Sup3r\u007fS3cret"]) {
            expect(message(schema, bad)).toBe("must be one line, without control characters");
        }
        expect(message(schema, "x".repeat(LIMITS.text + 1))).toBe(`must be at most ${LIMITS.text} characters`);
        expect(message(schema, 12345678)).toBe("must be a text");
    });

    it("a DID's 200 KB supplier password: refused with the limit, against supplier.password, the value never shown", async () => {
        const supplier = { host: "192.168.0.2" };
        const reason = await failure(
            didProvider,
            { ...did, supplier, supplierPassword: `Sup3r${"x".repeat(200_000)}` },
            "supplier.password",
        );
        expect(reason).toBe(`supplier.password must be at most ${LIMITS.text} characters; got [secret]`);
    });
});

describe("text", () => {
    const halfAnEmoji = "Recepção \ud83d";
    const wholeCharacters = "must be valid Unicode: it holds half of a character (a surrogate pair cut in two)";

    it("one line refuses C1 controls and the Unicode line and paragraph separators, as it refuses a newline", () => {
        for (const schema of [singleLine("a description"), password()]) {
            for (const bad of ["Recepção\u0085Vendas", "Recepção\u009bVendas", "Recepção\u2028Vendas", "Recepção\u2029Vendas"]) {
                expect(message(schema, bad)).toMatch(/^must be one line, without control characters/);
            }
        }
        expect(message(multiLine("notes"), "linha 1\u0085linha 2")).toBe(
            "must not contain control characters other than newlines and tabs",
        );
        expect(message(multiLine("notes"), "linha 1\nlinha 2\tfim")).toBeUndefined();
    });

    it("refuses half a surrogate pair, which UTF-8 cannot carry, and takes whole ones (emoji)", () => {
        for (const schema of [singleLine("a description"), password(), multiLine("notes")]) {
            expect(message(schema, halfAnEmoji)).toBe(wholeCharacters);
            expect(message(schema, "\udc00 Recepção")).toBe(wholeCharacters);
            expect(message(schema, "Recepção 📞 ç ã €")).toBeUndefined();
        }
    });

    it("fails at check against the property: a ring group's description, a line's password (never shown), a callback's URL", async () => {
        expect(await failure(ringGroupProvider, { ...group, description: halfAnEmoji }, "description")).toMatch(
            /^description must be valid Unicode: it holds half of a character/,
        );
        const reason = await failure(lineProvider, { ...line, password: "Sup3r\u2028S3cret" }, "password");
        expect(reason).toBe("password must be one line, without control characters; got [secret]");
        expect(await failure(callbackUrlProvider, { url: "https://crm.example.com.br/\ud83d" }, "url")).toMatch(
            /^url must be valid Unicode/,
        );
        expect(await failure(callbackUrlProvider, { url: "https://crm.example.com.br/a\u0085b" }, "url")).toMatch(
            /^url must be one URL without spaces or control characters/,
        );
    });
});
