import { callbackUrlProvider } from "../../../provider/directcall/callbackUrl/provider";
import { callbackUrlFields } from "../../../provider/directcall/callbackUrl/schema";
import { fromVendor, registeredUrl } from "../../../provider/directcall/callbackUrl/vendor";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(callbackUrlFields, olds, news);
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";

const hook = { url: "https://crm.example.com.br/hooks/directcall" };

beforeAll(() =>
    configureFromEngine({
        get: (key: string) => ({ "telephony:directcallClientId": "ops@example.com.br", "telephony:directcallClientSecret": "s" })[key],
    }),
);
afterAll(resetRuntime);

async function failures(news: Record<string, unknown>) {
    const result = await callbackUrlProvider.check!({}, { ...hook, ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("CallbackUrl check", () => {
    it("accepts an https URL, defaults allowInsecureHttp, and canonicalises the URL", async () => {
        const result = await callbackUrlProvider.check!({}, { url: "https://crm.example.com.br", pin: "1234" });
        expect(result.failures).toEqual([]);
        expect(result.inputs).toEqual({ url: "https://crm.example.com.br/", pin: "1234", allowInsecureHttp: false });
    });

    it("refuses plain http unless allowInsecureHttp, and relative or non-web URLs", async () => {
        expect((await failures({ url: "http://crm.example.com.br/hook" })).url).toContain("must use https");
        expect(await failures({ url: "http://127.0.0.1:8080/hook", allowInsecureHttp: true })).toEqual({});
        expect((await failures({ url: "/hooks/directcall" })).url).toContain("must be an absolute https URL");
        expect((await failures({ url: "ftp://crm.example.com.br/x" })).url).toContain("must be an absolute https URL");
    });

    it("refuses credentials inside the URL, pointing to basicAuth, without echoing them", async () => {
        const reason = (await failures({ url: "https://user:hunter2@crm.example.com.br/hook" })).url;
        expect(reason).toContain("give them as basicAuth: { username, password }");
        expect(reason).toContain('got "https://user:***@crm.example.com.br/hook"');
        expect(reason).not.toContain("hunter2");
    });

    it("takes digits only as PIN and requires the basicAuth password", async () => {
        expect((await failures({ pin: "12a4" })).pin).toBe('pin must be the PIN\'s digits (1 to 20), as text; got "12a4"');
        expect((await failures({ pin: 1234 })).pin).toContain("got 1234");
        expect((await failures({ basicAuth: { username: "directcall" } }))["basicAuth.password"]).toContain("is required with basicAuth");
        expect((await failures({ basicAuth: { username: "a:b" }, basicAuthPassword: "x" }))["basicAuth.username"]).toContain(
            "must not contain ':'",
        );
        expect((await failures({ basicAuthPassword: 42 }))["basicAuth.password"]).toBe("basicAuth.password must be a text; got [secret]");
    });
});

describe("CallbackUrl diff", () => {
    const stored = { ...hook, allowInsecureHttp: false, code: "cb-1", __provider: "x" };

    it("replaces on anything Directcall stores, create-before-delete", async () => {
        expect(await callbackUrlProvider.diff!("cb-1", stored, { ...stored, pin: "1234" })).toEqual({
            changes: true,
            replaces: ["pin"],
            deleteBeforeReplace: false,
        });
        expect((await callbackUrlProvider.diff!("cb-1", stored, { ...stored, url: "https://crm.example.com.br/v2" })).replaces).toEqual([
            "url",
        ]);
        expect(
            (await callbackUrlProvider.diff!("cb-1", { ...stored, basicAuthPassword: "a" }, { ...stored, basicAuthPassword: "b" }))
                .replaces,
        ).toEqual(["basicAuthPassword"]);
    });

    it("updates in place what only we keep, and ignores importId", () => {
        expect(changedFields(stored, { ...stored, allowInsecureHttp: true })).toEqual(["allowInsecureHttp"]);
        expect(changedFields(stored, { ...stored, importId: "cb-1" })).toEqual([]);
    });
});

describe("CallbackUrl vendor mapping", () => {
    it("puts Basic auth inside the registered URL, and takes it back out", () => {
        const url = registeredUrl({ url: "https://crm.example.com.br/hook", basicAuth: { username: "dc" }, basicAuthPassword: "p@ss:w" });
        expect(url).toBe("https://dc:p%40ss%3Aw@crm.example.com.br/hook");
        expect(fromVendor({ code: "cb-9", url, pin: "" })).toEqual({
            id: "cb-9",
            inputs: { url: "https://crm.example.com.br/hook", basicAuth: { username: "dc" }, basicAuthPassword: "p@ss:w" },
        });
    });
});

describe("CallbackUrl check with values not known at preview", () => {
    it("passes an unknown URL through (pulumi.interpolate of another resource's output), and still checks the rest", async () => {
        const { UNKNOWN } = jest.requireActual("../../../provider/kit/check") as typeof import("../../../provider/kit/check");
        const ok = await callbackUrlProvider.check!({}, { url: UNKNOWN, pin: "42" });
        expect(ok.failures).toEqual([]);
        expect(ok.inputs).toMatchObject({ url: UNKNOWN, pin: "42", allowInsecureHttp: false });
        const bad = await callbackUrlProvider.check!({}, { url: UNKNOWN, pin: "4a" });
        expect(bad.failures).toEqual([expect.objectContaining({ property: "pin" })]);
    });

    it("judges the rules between inputs at preview while another input is not known yet", async () => {
        const { UNKNOWN } = jest.requireActual("../../../provider/kit/check") as typeof import("../../../provider/kit/check");
        expect(await failures({ url: "http://crm.example.com.br/hook", pin: UNKNOWN })).toEqual({
            url: "url must use https: Directcall would send call data in clear text (set allowInsecureHttp: true for a local receiver)",
        });
        expect(await failures({ url: UNKNOWN, basicAuth: { username: "directcall" } })).toEqual({
            "basicAuth.password": "basicAuth.password is required with basicAuth",
        });
        // A rule waits for its own values: allowInsecureHttp or the URL not known yet.
        expect(await failures({ url: "http://127.0.0.1:8080/hook", allowInsecureHttp: UNKNOWN })).toEqual({});
        expect(await failures({ url: UNKNOWN, basicAuth: UNKNOWN })).toEqual({});
        expect(await failures({ url: UNKNOWN, basicAuth: { username: "directcall" }, basicAuthPassword: UNKNOWN })).toEqual({});
    });

    it("says one thing of a URL that is not valid on its own, not also that it must use https", async () => {
        expect(await failures({ url: "http://crm.example.com.br/a b" })).toEqual({
            url: expect.stringContaining("must be one URL without spaces"),
        });
    });
});
