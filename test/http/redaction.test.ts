/**
 * Redact, then cut: error pages of proxies and firewalls echo the request path, and NextBilling's
 * token and key travel in the path. Whatever length the page has, wherever the 500-character cut
 * falls, whatever piece of a secret a server echoes, no part of a credential reaches an error,
 * a warning or a debug line; and an HTML page becomes one line of text.
 */
import { HttpClient } from "../../provider/http/request";
import { MAX_VENDOR_TEXT, printable, redact } from "../../provider/http/redact";
import { NextBillingClient } from "../../provider/nextbilling/client";
import { startStub, type StubServer } from "../support/stubServer";

const TOKEN = "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990";
const KEY = "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629";

/** Every run of 4 characters of a secret: none may be printed. */
function pieces(secret: string): string[] {
    return Array.from({ length: secret.length - 3 }, (_, i) => secret.slice(i, i + 4));
}

function expectNoPiece(text: string): void {
    for (const piece of [...pieces(TOKEN), ...pieces(KEY)]) {
        if (text.includes(piece)) throw new Error(`printed a piece of a secret, "${piece}", in: ${text}`);
    }
}

let stub: StubServer;
let padding = 0;
let echoed: (path: string) => string = (path) => path;

beforeAll(async () => {
    stub = await startStub((request) => ({
        status: 404,
        contentType: "text/html",
        text: `<html><head><title>404 Not Found</title></head>\n<body>\n<h1>Not Found</h1>\n<p>${".".repeat(padding)}</p>\n<p>The requested URL ${echoed(request.path)} was not found on this server.</p>\n<hr><address>Apache/2.4.57 (Debian)</address>\n</body></html>`,
    }));
});
afterAll(() => stub.close());

const client = () => new NextBillingClient({ url: stub.url, token: TOKEN, key: KEY, tls: {}, debug: false, maxRetries: 0 });
const listGroups = () => client().call({ name: "listRingGroups", method: "GET", apiMethod: "manageRingGroups", id: 0, safeToRepeat: true });

describe("an error page that echoes the request path", () => {
    it("never shows a piece of the token or key, wherever the cut falls", async () => {
        const prefix = "404 Not Found Not Found ".length;
        const pathBefore = " The requested URL /api/manageRingGroups/".length;
        // Cut positions from before the token starts to after the key ends.
        for (padding = MAX_VENDOR_TEXT - prefix - pathBefore - 5; padding <= MAX_VENDOR_TEXT - prefix; padding++) {
            const error = (await listGroups().catch((e: Error) => e)) as Error;
            expect(error).toBeInstanceOf(Error);
            expectNoPiece(error.message);
            expect(error.message).not.toContain("\n");
            expect(error.message).toContain("/api/manageRingGroups/***/***/0)");
        }
    });

    it("never shows a piece the server itself cut short, at any length", async () => {
        padding = 0;
        for (let length = 3; length <= TOKEN.length; length++) {
            echoed = (path) => `${path.slice(0, "/api/manageRingGroups/".length + length)}...`;
            const error = (await listGroups().catch((e: Error) => e)) as Error;
            expectNoPiece(error.message.replace(/^.*?failed: /, ""));
        }
        echoed = (path) => path;
    });

    it("makes an HTML page one line of its visible text", async () => {
        padding = 0;
        const error = (await listGroups().catch((e: Error) => e)) as Error;
        expect(error.message).toBe(
            "NextBilling listRingGroups (GET /api/manageRingGroups/***/***/0), HTTP 404 failed: 404 Not Found Not Found The requested URL /api/manageRingGroups/***/***/0 was not found on this server. Apache/2.4.57 (Debian)",
        );
    });

    it("keeps debug lines masked too", async () => {
        const lines: string[] = [];
        const http = new HttpClient({ secrets: [TOKEN, KEY], log: (line) => lines.push(line), maxRetries: 0 });
        padding = 0;
        await http
            .request({ name: "NextBilling x", method: "GET", url: `${stub.url}/api/x/${TOKEN}/${KEY}/0`, safeToRepeat: true })
            .catch(() => undefined);
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expectNoPiece(line);
    });
});

describe("redact and printable", () => {
    it("mask raw, percent-encoded and form-encoded forms, and pieces of them", () => {
        const secret = "p@ss word/é";
        for (const form of [secret, encodeURIComponent(secret), "p%40ss+word%2F%C3%A9"])
            expect(redact(`x ${form} y`, [secret])).toBe("x *** y");
        expect(redact("token 7cb40d54-4ebf-55a6 cut", [TOKEN])).toBe("token *** cut");
        expect(redact("ends with 7cb4…", [TOKEN])).toBe("ends with ***…");
        expect(redact("nothing secret here", [TOKEN, KEY])).toBe("nothing secret here");
    });

    it("mask the password of any URL, known secret or not: raw, JSON-escaped and percent-encoded", () => {
        const url = "https://dc:S3cr3t-Hook-Pw@crm.example.com.br/hooks";
        expect(redact(`registered ${url} ok`, [])).toBe("registered https://dc:***@crm.example.com.br/hooks ok");
        expect(redact(JSON.stringify({ data: JSON.stringify([{ url }]) }), [TOKEN])).not.toContain("S3cr3t");
        expect(redact("https:\\/\\/dc:S3cr3t-Hook-Pw@crm.example.com.br", [])).toBe("https:\\/\\/dc:***@crm.example.com.br");
        expect(redact(encodeURIComponent(url), [])).toBe("https%3A%2F%2Fdc%3A***%40crm.example.com.br%2Fhooks");
        // What is no password stays: a port, a user without one, an e-mail address.
        for (const plain of ["http://127.0.0.1:3000/x", "https://dc@crm.example.com.br/", "fale com suporte@example.com.br"]) {
            expect(redact(plain, [])).toBe(plain);
        }
    });

    it("cut after masking, never inside a mask", () => {
        const text = `${"a".repeat(MAX_VENDOR_TEXT - 2)}${TOKEN}`;
        const shown = printable(text, [TOKEN]);
        expect(shown.endsWith("…")).toBe(true);
        expect(shown).not.toMatch(/[^*]\*{1,2}…$/);
        expectNoPiece(shown);
    });
});
