import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import { callbackCode } from "../../sandbox/directcall";
import { request } from "../support/http";

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const LEGACY = { code: "cb-legacy-1", url: "https://legacy.example.com.br/hooks/directcall", pin: "" };
/** The legacy tenant's registrations: one with Basic-auth credentials in the URL, one only for calls with PIN 4321. */
const LEGADO_HOOK = { code: "cb-legacy-2", url: "https://legado:legado-hook-pw@crm.legado.example.com.br/directcall", pin: "" };
const LEGADO_VENDAS = { code: "cb-legacy-3", url: "https://crm.legado.example.com.br/directcall/vendas", pin: "4321" };
/** Every seeded registration, in the order the vendor lists them. */
const SEEDED = [LEGACY, LEGADO_HOOK, LEGADO_VENDAS];

/** A Directcall call: form-encoded POST, as the vendor documents. */
const post = (path: string, fields: Record<string, string>, base = sandbox.url) =>
    request(`${base}${path}`, { method: "POST", body: new URLSearchParams(fields) });

async function token(base = sandbox.url): Promise<string> {
    const answer = await post("/request_token", { ...DIRECTCALL_DEMO_CREDENTIALS }, base);
    expect(answer.json.codigo).toBe("000");
    return answer.json.access_token;
}

const addCallback = async (fields: Record<string, string>) => post("/voz/add-callback", { access_token: await token(), ...fields });
const listCallbacks = async (accessToken?: string) =>
    (await post("/voz/list-callback", { access_token: accessToken ?? (await token()) })).json;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The code of the nth registration made since the seed: 40 hex digits, as the vendor's example. */
const codeOf = (n: number) => callbackCode(n);

describe("POST /request_token", () => {
    it("issues a random hex token for the account's e-mail and secret", async () => {
        const answer = await post("/request_token", { ...DIRECTCALL_DEMO_CREDENTIALS });
        expect(answer.status).toBe(200);
        expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
        expect(answer.json).toEqual({
            api: "auth",
            modulo: "request_token",
            status: "ok",
            codigo: "000",
            access_token: expect.stringMatching(/^[0-9a-f]{64}$/),
            msg: "Token gerado",
        });
        expect(Object.keys(answer.json)).not.toContain("expires_in"); // the vendor documents no lifetime
        expect(await token()).not.toBe(answer.json.access_token);
    });

    it("answers 006 for a wrong secret or an unknown e-mail, and 001 naming a missing parameter", async () => {
        const refused = {
            api: "auth",
            modulo: "request_token",
            status: "erro",
            codigo: "006",
            msg: "Falha na autenticação: client_id ou client_secret inválidos",
        };
        expect((await post("/request_token", { client_id: DIRECTCALL_DEMO_CREDENTIALS.client_id, client_secret: "errado" })).json).toEqual(
            refused,
        );
        expect((await post("/request_token", { client_id: "outro@example.com", client_secret: "x" })).json).toEqual(refused);
        expect((await post("/request_token", { client_secret: "x" })).json).toMatchObject({
            codigo: "001",
            msg: "Parâmetro client_id inválido ou ausente",
        });
        expect((await post("/request_token", { client_id: "a@b.c" })).json).toMatchObject({
            codigo: "001",
            msg: "Parâmetro client_secret inválido ou ausente",
        });
        expect(await admin.directcall.tokenRequests()).toBe(0);
    });

    it("counts successful token requests until reset", async () => {
        await token();
        await token();
        expect(await admin.directcall.tokenRequests()).toBe(2);
        await admin.reset();
        expect(await admin.directcall.tokenRequests()).toBe(0);
    });
});

describe("POST /voz/add-callback", () => {
    it("registers a URL, answers exactly the vendor's documented success (status ok, codigo 001) and lists it back, Basic-auth credentials included", async () => {
        const answer = await addCallback({ url: "https://hooks:s3cr%40t@example.org/directcall?x=1", pin: "1234" });
        expect(answer.text).toBe(
            `{"api":"sms","modulo":"add-callback-status-chamada","status":"ok","codigo":"001","msg":"URL de Callback cadastrada com sucesso.","code":"${codeOf(1)}"}`,
        );
        expect(codeOf(1)).toMatch(/^[0-9a-f]{40}$/);
        const listed = await listCallbacks();
        expect(listed.data).toContainEqual({ code: codeOf(1), url: "https://hooks:s3cr%40t@example.org/directcall?x=1", pin: "1234" });
    });

    it("allows the same URL twice (create-before-delete) and never reuses a code", async () => {
        const first = (await addCallback({ url: "http://127.0.0.1:9/a" })).json.code;
        const second = (await addCallback({ url: "http://127.0.0.1:9/a" })).json.code;
        expect(first).not.toBe(second);
        await post("/voz/remove-callback", { access_token: await token(), code: second });
        expect((await addCallback({ url: "http://127.0.0.1:9/a" })).json.code).toBe(codeOf(3));
        expect((await listCallbacks()).total).toBe(SEEDED.length + 2); // seeded + the first and the third
    });

    it("answers 001 naming url or pin when they are missing or invalid, and registers nothing", async () => {
        for (const url of ["", "/relative", "ftp://example.org/x", "https://", "http://exa mple.org/"]) {
            expect((await addCallback({ url })).json).toEqual({
                api: "sms",
                modulo: "add-callback-status-chamada",
                status: "erro",
                codigo: "001",
                msg: "Parâmetro url inválido ou ausente",
            });
        }
        expect((await post("/voz/add-callback", { access_token: await token() })).json.msg).toBe("Parâmetro url inválido ou ausente");
        expect((await addCallback({ url: "https://example.org/", pin: "12a" })).json.msg).toBe("Parâmetro pin inválido ou ausente");
        expect((await addCallback({ url: "https://example.org/", pin: "" })).json.status).toBe("ok"); // empty pin = none
        expect(sandbox.store.state.directcall.callbacks.map((c) => c.pin)).toEqual([...SEEDED.map((c) => c.pin), ""]);
    });

    it("answers 006 for a missing or unknown token", async () => {
        const refused = {
            api: "sms",
            modulo: "add-callback-status-chamada",
            status: "erro",
            codigo: "006",
            msg: "Falha na autenticação: access_token inválido ou expirado, solicite um novo token",
        };
        expect((await post("/voz/add-callback", { url: "https://example.org/" })).json).toEqual(refused);
        expect((await post("/voz/add-callback", { access_token: "f".repeat(64), url: "https://example.org/" })).json).toEqual(refused);
        expect(sandbox.store.state.directcall.callbacks).toHaveLength(SEEDED.length);
    });
});

describe("POST /voz/list-callback and /voz/remove-callback", () => {
    it('lists the seeded registrations somebody else made, as registered, with pin "" when they have none', async () => {
        expect(await listCallbacks()).toEqual({
            api: "voz",
            modulo: "list-callback",
            status: "ok",
            codigo: "000",
            total: 3,
            data: SEEDED,
        });
    });

    it("removes by code; an unknown or already removed code answers 009", async () => {
        const accessToken = await token();
        const { code } = (await addCallback({ url: "https://example.org/" })).json;
        const removed = await post("/voz/remove-callback", { access_token: accessToken, code });
        expect(removed.json).toEqual({ api: "voz", modulo: "remove-callback", status: "ok", codigo: "000", msg: "URL removida" });
        expect((await listCallbacks(accessToken)).data).toEqual(SEEDED);
        expect((await post("/voz/remove-callback", { access_token: accessToken, code })).json).toEqual({
            api: "voz",
            modulo: "remove-callback",
            status: "erro",
            codigo: "009",
            msg: `Código ${code} não existe`,
        });
        expect((await post("/voz/remove-callback", { access_token: accessToken })).json.msg).toBe("Parâmetro code inválido ou ausente");
        expect((await post("/voz/remove-callback", { code: "cb-legacy-1" })).json.codigo).toBe("006");
        expect((await listCallbacks(accessToken)).total).toBe(SEEDED.length);
    });
});

describe("transport", () => {
    it("answers the same envelope as XML with format=XML, lists as <item> rows", async () => {
        const accessToken = await token();
        await post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/a?b=1&c=2", pin: "7" });
        const listed = await post("/voz/list-callback", { access_token: accessToken, format: "XML" });
        expect(listed.headers.get("content-type")).toMatch(/^application\/xml/);
        expect(listed.text).toBe(
            '<?xml version="1.0" encoding="UTF-8"?><response><api>voz</api><modulo>list-callback</modulo><status>ok</status>' +
                "<codigo>000</codigo><total>4</total><data>" +
                `<item><code>cb-legacy-1</code><url>${LEGACY.url}</url><pin></pin></item>` +
                `<item><code>cb-legacy-2</code><url>${LEGADO_HOOK.url}</url><pin></pin></item>` +
                `<item><code>cb-legacy-3</code><url>${LEGADO_VENDAS.url}</url><pin>4321</pin></item>` +
                `<item><code>${codeOf(1)}</code><url>https://example.org/a?b=1&amp;c=2</url><pin>7</pin></item></data></response>`,
        );
        const added = await post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/x", format: "XML" });
        expect(added.text).toBe(
            '<?xml version="1.0" encoding="UTF-8"?><response><api>sms</api><modulo>add-callback-status-chamada</modulo><status>ok</status>' +
                `<codigo>001</codigo><msg>URL de Callback cadastrada com sucesso.</msg><code>${codeOf(2)}</code></response>`,
        );
        const refused = await post("/voz/remove-callback", { access_token: "nope", code: "x", format: "xml" });
        expect(refused.text).toBe(
            '<?xml version="1.0" encoding="UTF-8"?><response><api>voz</api><modulo>remove-callback</modulo><status>erro</status>' +
                "<codigo>006</codigo><msg>Falha na autenticação: access_token inválido ou expirado, solicite um novo token</msg></response>",
        );
    });

    it("refuses an unknown format, a body that is not a form, other HTTP methods and unknown methods", async () => {
        expect((await post("/voz/list-callback", { access_token: await token(), format: "CSV" })).json.msg).toBe(
            "Parâmetro format inválido ou ausente",
        );
        const json = await request(`${sandbox.url}/voz/list-callback`, { method: "POST", json: { access_token: await token() } });
        expect(json.status).toBe(200);
        expect(json.json).toMatchObject({ codigo: "001", msg: "Parâmetros devem ser enviados como application/x-www-form-urlencoded" });
        const get = await request(`${sandbox.url}/voz/list-callback`);
        expect(get.status).toBe(405);
        expect(get.headers.get("allow")).toBe("POST");
        expect(get.json).toMatchObject({ modulo: "list-callback", codigo: "001", msg: "Método HTTP não permitido: GET (use POST)" });
        const unknown = await post("/voz/send-sms", { access_token: await token() });
        expect(unknown.status).toBe(404);
        expect(unknown.json).toMatchObject({ api: "voz", modulo: "send-sms", codigo: "001", msg: "Método não encontrado: send-sms" });
    });
});

describe("token lifetime", () => {
    it("refuses a token once its TTL has passed; the TTL applies to tokens issued after the change", async () => {
        expect(await admin.directcall.settings()).toEqual({ tokenTtlSeconds: 3600 });
        const longLived = await token();
        expect(await admin.directcall.setTokenTtl(0.2)).toEqual({ tokenTtlSeconds: 0.2 });
        const shortLived = await token();
        expect((await listCallbacks(shortLived)).codigo).toBe("000");
        await sleep(300);
        expect((await listCallbacks(shortLived)).codigo).toBe("006");
        expect((await listCallbacks(longLived)).codigo).toBe("000");
        await admin.reset();
        expect(await admin.directcall.settings()).toEqual({ tokenTtlSeconds: 3600 });
    });

    it("expire-tokens makes every issued token fail with 006; a new one works", async () => {
        const [first, second] = [await token(), await token()];
        expect(await admin.directcall.expireTokens()).toBe(2);
        expect((await listCallbacks(first)).codigo).toBe("006");
        expect((await listCallbacks(second)).codigo).toBe("006");
        expect((await listCallbacks(await token())).codigo).toBe("000");
    });

    it("takes the TTL from the startSandbox option and refuses a bad one from the admin API", async () => {
        const own = await startSandbox({ directcall: { tokenTtlSeconds: 0.1 } });
        try {
            const accessToken = await token(own.url);
            await sleep(200);
            expect((await post("/voz/list-callback", { access_token: accessToken }, own.url)).json.codigo).toBe("006");
            expect((await request(`${own.url}/_admin/directcall/settings`, { method: "PUT", json: { tokenTtlSeconds: -1 } })).status).toBe(
                400,
            );
            expect((await request(`${own.url}/_admin/directcall/settings`, { method: "PUT", json: { ttl: 5 } })).status).toBe(400);
        } finally {
            await own.close();
        }
    });
});

describe("request log and faults", () => {
    it("logs Directcall calls with the secret, the tokens and URL passwords replaced, and counts accepted add/remove as writes", async () => {
        const accessToken = await token();
        const { code } = (await post("/voz/add-callback", { access_token: accessToken, url: "https://hooks:pa55@example.org/x" })).json;
        await post("/voz/add-callback", { access_token: accessToken, url: "nope" }); // refused: not a write
        await post("/voz/list-callback", { access_token: accessToken });
        await post("/voz/remove-callback", { access_token: accessToken, code });
        const log = await admin.requests();
        expect(log.writes).toBe(2);
        expect(log.requests.map((r) => [r.method, r.path, r.status])).toEqual([
            ["POST", "/request_token", 200],
            ["POST", "/voz/add-callback", 200],
            ["POST", "/voz/add-callback", 200],
            ["POST", "/voz/list-callback", 200],
            ["POST", "/voz/remove-callback", 200],
        ]);
        expect(log.requests[0]!.body).toEqual({ client_id: DIRECTCALL_DEMO_CREDENTIALS.client_id, client_secret: "***" });
        expect(log.requests[1]!.body).toEqual({ access_token: "***", url: "https://hooks:***@example.org/x" });
        expect(log.counts["POST /voz/add-callback"]).toBe(2);
        const shown = JSON.stringify(log);
        for (const secret of [accessToken, DIRECTCALL_DEMO_CREDENTIALS.client_secret, "pa55"]) expect(shown).not.toContain(secret);
    });

    it("keeps the secret and tokens out of the state too (digests only)", async () => {
        const accessToken = await token();
        const shown = JSON.stringify(await admin.state());
        expect(shown).not.toContain(accessToken);
        expect(shown).not.toContain(DIRECTCALL_DEMO_CREDENTIALS.client_secret);
    });

    it("failNext answers a vendor-shaped envelope with the status and applies nothing", async () => {
        const accessToken = await token();
        await admin.setFaults({ failNext: [{ pathIncludes: "/voz/add-callback", status: 503, retryAfter: 2, count: 1 }] });
        const failed = await post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/" });
        expect(failed.status).toBe(503);
        expect(failed.headers.get("retry-after")).toBe("2");
        expect(failed.json).toEqual({
            api: "sms",
            modulo: "add-callback-status-chamada",
            status: "erro",
            codigo: "005",
            msg: "Serviço temporariamente indisponível",
        });
        expect((await listCallbacks(accessToken)).total).toBe(SEEDED.length);
        expect((await post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/" })).json.status).toBe("ok");
        const log = await admin.requests();
        expect(log.requests.find((r) => r.fault)).toMatchObject({ path: "/voz/add-callback", status: 503, fault: "failNext" });
        expect(log.writes).toBe(1);
    });

    it("errorRate, dropAnswerNext and hangNext apply to Directcall paths", async () => {
        const accessToken = await token();
        await admin.setFaults({ errorRate: 1 });
        const failed = await post("/request_token", { ...DIRECTCALL_DEMO_CREDENTIALS, format: "XML" });
        expect(failed.status).toBe(500);
        expect(failed.text).toContain("<codigo>005</codigo><msg>Erro interno do servidor</msg>");

        await admin.setFaults({ dropAnswerNext: [{ pathIncludes: "add-callback", count: 1 }] });
        await expect(post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/dropped" })).rejects.toThrow();
        expect(sandbox.store.state.directcall.callbacks.map((c) => c.url)).toContain("https://example.org/dropped");

        await admin.setFaults({ hangNext: [{ method: "POST", pathIncludes: "remove-callback", count: 1 }], latencyMs: 20 });
        const hung = fetch(`${sandbox.url}/voz/remove-callback`, {
            method: "POST",
            body: new URLSearchParams({ access_token: accessToken, code: "cb-legacy-1" }),
            signal: AbortSignal.timeout(300),
        });
        await expect(hung).rejects.toThrow();
        expect((await listCallbacks(accessToken)).data).toContainEqual(LEGACY);
        const faults = (await admin.requests()).requests.map((r) => r.fault).filter(Boolean);
        expect(faults).toEqual(["errorRate", "dropAnswerNext", "hangNext"]);
    });
});

describe("admin: out-of-band registrations", () => {
    it("creates and removes registrations the vendor API then sees, without counting as vendor requests", async () => {
        const created = await admin.directcall.callbacks.create({ url: "https://panel.example.org/hook", pin: "55" });
        expect(created).toEqual({
            code: codeOf(1),
            clientId: DIRECTCALL_DEMO_CREDENTIALS.client_id,
            url: "https://panel.example.org/hook",
            pin: "55",
        });
        expect((await listCallbacks()).data).toContainEqual({ code: codeOf(1), url: "https://panel.example.org/hook", pin: "55" });
        await admin.clearRequests();
        expect(await admin.directcall.callbacks.remove("cb-legacy-1")).toMatchObject(LEGACY);
        expect((await admin.directcall.callbacks.list()).map((c) => c.code)).toEqual(["cb-legacy-2", "cb-legacy-3", codeOf(1)]);
        expect(await admin.requests()).toEqual({ requests: [], counts: {}, writes: 0, bytesSent: 0, peakInFlight: 0 });
    });

    it("applies the vendor's rules and answers 404 for an unknown code", async () => {
        await expect(admin.directcall.callbacks.create({ url: "not a url" })).rejects.toThrow(
            /HTTP 400: Parâmetro url inválido ou ausente/,
        );
        await expect(admin.directcall.callbacks.create({ url: "https://x.example/", pin: "x" })).rejects.toThrow(/HTTP 400/);
        await expect(admin.directcall.callbacks.remove("cb-99")).rejects.toThrow(/HTTP 404/);
    });
});

describe("state file", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(join(tmpdir(), "telephony-directcall-"));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it("keeps registrations, codes and live tokens across a restart, without the secret or the token in the file", async () => {
        const file = join(dir, "state.json");
        const first = await startSandbox({ stateFile: file });
        const accessToken = await token(first.url);
        const { code } = (
            await post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/kept", pin: "1" }, first.url)
        ).json;
        await first.close();

        const text = readFileSync(file, "utf8");
        expect(text).not.toContain(accessToken);
        expect(text).not.toContain(DIRECTCALL_DEMO_CREDENTIALS.client_secret);

        const second = await startSandbox({ stateFile: file });
        try {
            const listed = await post("/voz/list-callback", { access_token: accessToken }, second.url);
            expect(listed.json.data).toEqual([...SEEDED, { code, url: "https://example.org/kept", pin: "1" }]);
            expect(
                (await post("/voz/add-callback", { access_token: accessToken, url: "https://example.org/" }, second.url)).json.code,
            ).toBe(codeOf(2));
            expect(second.store.state.directcall.tokenRequests).toBe(1);
        } finally {
            await second.close();
        }
    });

    it("loads a state file saved before Directcall was emulated and gives it the demo account", async () => {
        const file = join(dir, "old.json");
        const old = { version: 1, nextbilling: { customers: [{ id: 9, nome: "X" }], lines: [], ringGroups: [], nextId: { ringGroup: 4 } } };
        // Customers saved before listDevices nested by customer had `nome` and no status: trade name, active.
        writeFileSync(file, JSON.stringify(old));
        const sandbox = await startSandbox({ stateFile: file });
        try {
            expect(sandbox.store.state.nextbilling.customers).toEqual([{ id: 9, nome_fantasia: "X", status: 1 }]);
            expect((await post("/voz/list-callback", { access_token: await token(sandbox.url) }, sandbox.url)).json.data).toEqual(SEEDED);
        } finally {
            await sandbox.close();
        }
        const bare = await startSandbox({ stateFile: file.replace("old", "bare"), seed: false });
        try {
            expect((await post("/request_token", { ...DIRECTCALL_DEMO_CREDENTIALS }, bare.url)).json.codigo).toBe("006");
        } finally {
            await bare.close();
        }
    });

    it("refuses a Directcall section that is not usable", async () => {
        const file = join(dir, "broken.json");
        writeFileSync(
            file,
            JSON.stringify({
                version: 1,
                nextbilling: { customers: [], lines: [], ringGroups: [], nextId: { ringGroup: 1 } },
                directcall: { callbacks: {} },
            }),
        );
        await expect(startSandbox({ stateFile: file })).rejects.toThrow(/directcall.callbacks/);
    });
});

interface Received {
    path: string;
    headers: IncomingHttpHeaders;
    body: string;
}

/** A loopback HTTP server standing in for a customer's callback URL. */
async function receiver(status = 200): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
    const received: Received[] = [];
    const server: Server = createServer((incoming, response) => {
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
            received.push({ path: incoming.url ?? "", headers: incoming.headers, body: Buffer.concat(chunks).toString("utf8") });
            response.writeHead(status).end("ok");
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        received,
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}

describe("simulated calls", () => {
    it("delivers one form POST per status, in order, to every matching registration, with Basic auth from the URL", async () => {
        const everyCall = await receiver();
        const pinned = await receiver();
        try {
            const plain = await admin.directcall.callbacks.create({ url: `${everyCall.url}/all` });
            const withPin = (await addCallback({ url: pinned.url.replace("//", "//hooks:s%C3%AAnha@") + "/pin", pin: "1234" })).json.code;
            const otherPin = await admin.directcall.callbacks.create({ url: `${pinned.url}/other`, pin: "999" });

            const result = await admin.directcall.simulateCall({ pin: "1234", origem: "11988887777", destino: "1130001000" });
            expect(result.callerid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
            // cb-legacy-2 is listed without the credentials of its URL; cb-legacy-3 wants PIN 4321, not this call's.
            const legadoHook = { code: LEGADO_HOOK.code, url: "https://crm.legado.example.com.br/directcall" };
            expect(result.deliveries).toEqual([
                { ...LEGACY, pin: undefined, status: "atendida", httpStatus: null, error: expect.stringMatching(/loopback/) },
                { ...legadoHook, status: "atendida", httpStatus: null, error: expect.stringMatching(/loopback/) },
                { code: plain.code, url: `${everyCall.url}/all`, status: "atendida", httpStatus: 200 },
                { code: withPin, url: `${pinned.url}/pin`, status: "atendida", httpStatus: 200 },
                { ...LEGACY, pin: undefined, status: "desligou", httpStatus: null, error: expect.stringMatching(/loopback/) },
                { ...legadoHook, status: "desligou", httpStatus: null, error: expect.stringMatching(/loopback/) },
                { code: plain.code, url: `${everyCall.url}/all`, status: "desligou", httpStatus: 200 },
                { code: withPin, url: `${pinned.url}/pin`, status: "desligou", httpStatus: 200 },
            ]);
            expect(result.deliveries.map((d) => d.code)).not.toContain(otherPin.code);

            for (const target of [everyCall, pinned]) {
                expect(target.received).toHaveLength(2);
                for (const delivery of target.received) {
                    expect(delivery.headers["content-type"]).toBe("application/x-www-form-urlencoded");
                    expect([...new URLSearchParams(delivery.body).keys()]).toEqual(["data"]);
                }
                const events = target.received.map((delivery) => JSON.parse(new URLSearchParams(delivery.body).get("data")!));
                expect(events.map((event) => event.status)).toEqual(["atendida", "desligou"]);
                expect(events[0]).toEqual({
                    callerid: result.callerid,
                    origem: "11988887777",
                    destino: "1130001000",
                    status: "atendida",
                    inicio: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
                    duracao: "00:00:00",
                    pin: "1234",
                });
                expect(events[1]).toMatchObject({ callerid: result.callerid, inicio: events[0].inicio, duracao: "00:00:30" });
            }
            expect(everyCall.received[0]!.headers.authorization).toBeUndefined();
            expect(pinned.received.map((delivery) => delivery.path)).toEqual(["/pin", "/pin"]);
            expect(pinned.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from("hooks:sênha").toString("base64")}`);

            // A call without PIN reaches only the registrations without one.
            const unpinned = await admin.directcall.simulateCall({ statuses: ["ocupado"] });
            expect(unpinned.deliveries.map((d) => [d.code, d.status])).toEqual([
                ["cb-legacy-1", "ocupado"],
                ["cb-legacy-2", "ocupado"],
                [plain.code, "ocupado"],
            ]);
            expect(pinned.received).toHaveLength(2);
            expect(JSON.parse(new URLSearchParams(everyCall.received[2]!.body).get("data")!)).toMatchObject({ status: "ocupado", pin: "" });

            const log = await admin.directcall.deliveries();
            expect(log).toHaveLength(11);
            expect(log[1]).toEqual({ at: expect.any(String), callerid: result.callerid, ...result.deliveries[1] });
            expect(log[10]).toMatchObject({ callerid: unpinned.callerid, code: plain.code, status: "ocupado", httpStatus: 200 });
            await admin.reset();
            expect(await admin.directcall.deliveries()).toEqual([]);
        } finally {
            await Promise.all([everyCall.close(), pinned.close()]);
        }
    });

    it("records a receiver's error status and a receiver that is gone, without failing the call", async () => {
        const failing = await receiver(500);
        const gone = await receiver();
        await gone.close();
        try {
            await admin.directcall.callbacks.remove("cb-legacy-1");
            await admin.directcall.callbacks.remove("cb-legacy-2"); // cb-legacy-3 wants a PIN: this call has none
            await admin.directcall.callbacks.create({ url: failing.url });
            await admin.directcall.callbacks.create({ url: gone.url });
            const { deliveries } = await admin.directcall.simulateCall({ statuses: ["desligou"] });
            expect(deliveries).toEqual([
                { code: codeOf(1), url: `${failing.url}/`, status: "desligou", httpStatus: 500 },
                {
                    code: codeOf(2),
                    url: `${gone.url}/`,
                    status: "desligou",
                    httpStatus: null,
                    error: expect.stringMatching(/ECONNREFUSED/),
                },
            ]);
            expect(JSON.parse(new URLSearchParams(failing.received[0]!.body).get("data")!).duracao).toBe("00:00:00"); // never answered
        } finally {
            await failing.close();
        }
    });

    it("refuses a malformed call with 400", async () => {
        const simulate = (call: unknown) => request(`${sandbox.url}/_admin/directcall/calls`, { method: "POST", json: call });
        expect((await simulate({ statuses: ["tocando"] })).status).toBe(400);
        expect((await simulate({ statuses: [] })).status).toBe(400);
        expect((await simulate({ pin: "12a" })).status).toBe(400);
        expect((await simulate({ origem: "" })).status).toBe(400);
        expect((await simulate({ duracao: "1:00" })).status).toBe(400);
        expect((await simulate({ callerid: "x" })).status).toBe(400);
        expect(await admin.directcall.deliveries()).toEqual([]);
    });
});
