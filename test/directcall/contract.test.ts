/**
 * Directcall's documented answers are contracts: success is `status: "ok"` whatever the codigo
 * (the documented add-callback success carries codigo 001), lists may come as JSON text inside
 * the JSON and wrapped in an outer array (/did/list), and XML answers read like JSON ones.
 */
import { CODIGO_CAUSES, DirectcallClient, directcallRecords, envelopeError, envelopeOf } from "../../provider/directcall/client";
import { addCallback, listCallbacks } from "../../provider/directcall/callbackUrl/vendor";
import { fixtureTable, vendorFixture } from "../support/fixtures";
import { startStub, type StubServer } from "../support/stubServer";

let stub: StubServer | undefined;
afterEach(async () => {
    await stub?.close();
    stub = undefined;
});

/** A Directcall whose request_token answers a token (undocumented: as third-party clients read it) and whose other calls answer `text`. */
async function serving(text: string, contentType = "application/json"): Promise<DirectcallClient> {
    stub = await startStub((request) => (request.path === "/request_token" ? { text: '{"access_token":"tok-1"}' } : { text, contentType }));
    return new DirectcallClient({
        url: stub.url,
        clientId: "dev@example.com.br",
        clientSecret: "s3cr3t-value",
        tokenLifetimeSeconds: 3600,
        debug: false,
        maxRetries: 0,
    });
}

describe("Directcall's documented answers, parsed by the real client", () => {
    it("the documented add-callback success (status ok, codigo 001) is a success, and its code identifies the registration", async () => {
        const client = await serving(vendorFixture("directcall", "add-callback-success.json"));
        expect(await addCallback(client, "https://crm.example.com.br/hooks/directcall", "42")).toBe(
            "7cfa08f1bdc011d524d8ec8bbceb7d06df237a14",
        );
        const [token, add] = stub!.requests;
        expect(token).toMatchObject({
            method: "POST",
            path: "/request_token",
            query: {},
            contentType: "application/x-www-form-urlencoded",
        });
        expect(Object.fromEntries(new URLSearchParams(token!.body))).toEqual({
            client_id: "dev@example.com.br",
            client_secret: "s3cr3t-value",
            format: "JSON",
        });
        expect(add).toMatchObject({
            method: "POST",
            path: "/voz/add-callback",
            query: {},
            contentType: "application/x-www-form-urlencoded",
        });
        expect(Object.fromEntries(new URLSearchParams(add!.body))).toEqual({
            access_token: "tok-1",
            url: "https://crm.example.com.br/hooks/directcall",
            pin: "42",
            format: "JSON",
        });
    });

    it("the same success as XML", async () => {
        const success = JSON.parse(vendorFixture("directcall", "add-callback-success.json")) as Record<string, string>;
        const xml = `<?xml version="1.0" encoding="UTF-8"?><response>${Object.entries(success)
            .map(([k, v]) => `<${k}>${v}</${k}>`)
            .join("")}</response>`;
        const client = await serving(xml, "application/xml");
        expect(await addCallback(client, "https://crm.example.com.br/hooks/directcall", undefined)).toBe(success.code);
    });

    it("/did/list: an outer array around the envelope, and data as JSON-encoded text", () => {
        const envelope = envelopeOf(JSON.parse(vendorFixture("directcall", "did-list.json"))) as Record<string, unknown>;
        expect(envelopeError(envelope, 200)).toBeUndefined();
        expect(directcallRecords(envelope)).toEqual([
            expect.objectContaining({ DIS_ID: "0000001", DIS_CID: "2600" }),
            expect.objectContaining({ DIS_ID: "0000002", DIS_CID: "2600" }),
        ]);
    });

    it("/did/route in both documented versions: data as an array, and as JSON-encoded text", () => {
        for (const name of ["did-route.json", "did-route-old-version.json"]) {
            const envelope = JSON.parse(vendorFixture("directcall", name)) as Record<string, unknown>;
            expect(envelopeError(envelope, 200)).toBeUndefined();
            expect(directcallRecords(envelope)).toHaveLength(1);
        }
    });

    it("every code of the codes table has a cause; codigo decides only when status is not ok", () => {
        const codes = fixtureTable("directcall", "codes.md", "Código").map(([code]) => code);
        expect(codes).toHaveLength(17);
        for (const code of codes.filter((code) => code !== "000")) expect(CODIGO_CAUSES[code]).toBeDefined();
        expect(envelopeError({ status: "ok", codigo: "001" }, 200)).toBeUndefined();
        expect(envelopeError({ status: "ok", codigo: "000" }, 200)).toBeUndefined();
        expect(envelopeError({ codigo: "000" }, 200)).toBeUndefined();
        expect(envelopeError({ status: "erro", codigo: "006", msg: "Falha ao realizar a autenticação" }, 200)).toMatchObject({
            cause: "authentication",
            code: "006",
        });
        expect(envelopeError({ codigo: "009", msg: 'Campo code "x" inexistente.' }, 200)).toMatchObject({
            cause: "not_found",
            code: "009",
        });
        expect(envelopeError({ status: "erro", msg: "?" }, 200)).toMatchObject({ cause: "invalid_input" });
        expect(envelopeError("<html>", 200)).toMatchObject({ cause: "server" });
    });
});

describe("list-callback answered as XML (its rows are undocumented) reads every registration", () => {
    const envelope = (rows: string) =>
        '<?xml version="1.0" encoding="UTF-8"?><response><api>voz</api><modulo>list-callback</modulo><status>ok</status>' +
        `<codigo>000</codigo><total>2</total><data>${rows}</data></response>`;
    const row = (name: string, code: string, url: string, pin: string) =>
        `<${name}><code>${code}</code><url>${url}</url><pin>${pin}</pin></${name}>`;
    const expected = [
        { id: "cb-1", inputs: { url: "https://crm.example.com.br/hooks/directcall" } },
        {
            id: "cb-2",
            inputs: {
                url: "https://crm.example.com.br/hooks/other?a=1&b=2",
                basicAuth: { username: "directcall" },
                basicAuthPassword: "p@ss",
                pin: "42",
            },
        },
    ];

    it.each(["callback", "item"])("two <%s> rows", async (name) => {
        const rows =
            row(name, "cb-1", "https://crm.example.com.br/hooks/directcall", "") +
            row(name, "cb-2", "https://directcall:p%40ss@crm.example.com.br/hooks/other?a=1&amp;b=2", "42");
        const client = await serving(envelope(rows), "application/xml");
        expect(await listCallbacks(client)).toEqual(expected);
    });

    it("rows beside other fields inside <data> (a count, say)", async () => {
        const rows =
            "<total>2</total>" +
            row("callback", "cb-1", "https://crm.example.com.br/hooks/directcall", "") +
            row("callback", "cb-2", "https://directcall:p%40ss@crm.example.com.br/hooks/other?a=1&amp;b=2", "42");
        const client = await serving(envelope(rows), "application/xml");
        expect(await listCallbacks(client)).toEqual(expected);
    });

    it("one <item> row is still a list of one", async () => {
        const client = await serving(envelope(row("item", "cb-1", "https://crm.example.com.br/hooks/directcall", "")), "application/xml");
        expect(await listCallbacks(client)).toEqual([expected[0]]);
    });
});

describe("what is not a Directcall answer is never an empty list", () => {
    it("an HTML page without a DOCTYPE is not read as XML", () => {
        expect(envelopeOf("<html><body>Login</body></html>")).toBe("<html><body>Login</body></html>");
        expect(envelopeError(envelopeOf("<html><body>Login</body></html>"), 200)).toMatchObject({ cause: "server" });
    });
});

describe("the client against answers that are not as assumed", () => {
    it("an answer with neither envelope nor list makes the (undocumented) list unavailable, not empty", async () => {
        const client = await serving("{}");
        const warnings: string[] = [];
        const write = process.stderr.write;
        process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
        try {
            expect(await listCallbacks(client)).toBeUndefined();
            expect(await listCallbacks(client, true)).toBeUndefined();
        } finally {
            process.stderr.write = write;
        }
        expect(stub!.requests.filter((r) => r.path === "/voz/list-callback")).toHaveLength(1); // not tried again
        expect(warnings.join("")).toContain("Directcall listCallbacks is not documented by the vendor");
    });

    it("codigo 006 renews the token and repeats the call, whatever the HTTP status", async () => {
        let adds = 0;
        stub = await startStub((request) => {
            if (request.path === "/request_token") return { text: JSON.stringify({ access_token: `tok-${stub!.requests.length}` }) };
            adds++;
            return adds === 1
                ? { status: 400, text: JSON.stringify({ status: "erro", codigo: "006", msg: "Falha ao realizar a autenticação" }) }
                : { text: vendorFixture("directcall", "add-callback-success.json") };
        });
        const client = new DirectcallClient({
            url: stub.url,
            clientId: "dev@example.com.br",
            clientSecret: "s3cr3t-value",
            tokenLifetimeSeconds: 3600,
            debug: false,
            maxRetries: 0,
        });
        expect(await addCallback(client, "https://crm.example.com.br/hooks/directcall", undefined)).toBe(
            "7cfa08f1bdc011d524d8ec8bbceb7d06df237a14",
        );
        expect(stub.requests.map((r) => r.path)).toEqual(["/request_token", "/voz/add-callback", "/request_token", "/voz/add-callback"]);
        expect(client.tokenRequests).toBe(2);
    });
});
