import { ConfigurationError, readNextBillingSettings } from "../../provider/config";

const source = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const TOKEN = "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990";
const KEY = "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629";

describe("NextBilling configuration", () => {
    it("reads stack config first, then the environment", () => {
        const settings = readNextBillingSettings(
            source({ "telephony:nextbillingUrl": "https://sip.example.com.br/", "telephony:nextbillingToken": TOKEN }),
            { NEXTBILLING_URL: "https://ignored.example", NEXTBILLING_KEY: KEY },
        );
        expect(settings).toMatchObject({ url: "https://sip.example.com.br", token: TOKEN, key: KEY, tls: { insecure: false } });
    });

    it.each([
        ["telephony:nextbillingUrl", "NEXTBILLING_URL", {}],
        ["telephony:nextbillingToken", "NEXTBILLING_TOKEN", { NEXTBILLING_URL: "https://sip.example.com.br" }],
        ["telephony:nextbillingKey", "NEXTBILLING_KEY", { NEXTBILLING_URL: "https://sip.example.com.br", NEXTBILLING_TOKEN: TOKEN }],
    ])("names %s and %s when missing", (key, env, given) => {
        const error = (() => {
            try {
                readNextBillingSettings(source({}), given as Record<string, string>);
            } catch (e) {
                return e as Error;
            }
        })();
        expect(error).toBeInstanceOf(ConfigurationError);
        expect(error!.message).toContain(key);
        expect(error!.message).toContain(env);
    });

    it("tells secrets to be set with --secret", () => {
        expect(() => readNextBillingSettings(source({}), { NEXTBILLING_URL: "https://x.example" })).toThrow(
            "pulumi config set --secret telephony:nextbillingToken",
        );
    });

    it("rejects a malformed URL, naming key and variable", () => {
        expect(() => readNextBillingSettings(source({ "telephony:nextbillingUrl": "sip.example.com.br" }), {})).toThrow(
            /telephony:nextbillingUrl \(environment variable NEXTBILLING_URL\) must be an http\(s\) URL/,
        );
        expect(() => readNextBillingSettings(source({ "telephony:nextbillingUrl": "ftp://sip.example.com.br" }), {})).toThrow(/https:\/\//);
    });

    it("rejects a token that would change the path, without echoing it", () => {
        const bad = `${TOKEN}/x`;
        let message = "";
        try {
            readNextBillingSettings(source({}), { NEXTBILLING_URL: "https://x.example", NEXTBILLING_TOKEN: bad, NEXTBILLING_KEY: KEY });
        } catch (e) {
            message = (e as Error).message;
        }
        expect(message).toContain("telephony:nextbillingToken");
        expect(message).not.toContain(TOKEN);
    });

    it("parses the TLS opt-ins and HTTP tuning", () => {
        const settings = readNextBillingSettings(source({}), {
            NEXTBILLING_URL: "https://x.example",
            NEXTBILLING_TOKEN: TOKEN,
            NEXTBILLING_KEY: KEY,
            NEXTBILLING_INSECURE_TLS: "true",
            NEXTBILLING_CA_CERT: "-----BEGIN CERTIFICATE-----\nabc\n-----END CERTIFICATE-----",
            TELEPHONY_HTTP_TIMEOUT_MS: "5000",
        });
        expect(settings.tls.insecure).toBe(true);
        expect(settings.tls.ca).toContain("BEGIN CERTIFICATE");
        expect(settings.timeoutMs).toBe(5000);
        expect(() =>
            readNextBillingSettings(source({ "telephony:nextbillingInsecureTls": "maybe" }), {
                NEXTBILLING_URL: "https://x.example",
                NEXTBILLING_TOKEN: TOKEN,
                NEXTBILLING_KEY: KEY,
            }),
        ).toThrow(/telephony:nextbillingInsecureTls \(environment variable NEXTBILLING_INSECURE_TLS\) must be true or false/);
        expect(() =>
            readNextBillingSettings(source({}), {
                NEXTBILLING_URL: "https://x.example",
                NEXTBILLING_TOKEN: TOKEN,
                NEXTBILLING_KEY: KEY,
                NEXTBILLING_CA_CERT: "/no/such.pem",
            }),
        ).toThrow(/NEXTBILLING_CA_CERT/);
    });
});
