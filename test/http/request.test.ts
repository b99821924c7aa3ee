import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import { AddressInfo } from "node:net";
import {
    AuthenticationError,
    ConflictError,
    ConnectionError,
    InvalidInputError,
    NotFoundError,
    RateLimitError,
    ServerError,
    errorFromAnswer,
} from "../../provider/http/errors";
import { parseLenientJson } from "../../provider/http/json";
import { DEFAULT_HTTP_SETTINGS, HttpClient, parseRetryAfter } from "../../provider/http/request";

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, attempt: number) => void;

const SECRET_TOKEN = "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990";
const SECRET_KEY = "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629";

/** A loopback server whose answers the test scripts, counting attempts. */
async function serve(handler: Handler, tls?: https.ServerOptions) {
    let attempts = 0;
    const sockets = new Set<import("node:net").Socket>();
    const listener = (req: http.IncomingMessage, res: http.ServerResponse) => {
        attempts++;
        handler(req, res, attempts);
    };
    const server = tls ? https.createServer(tls, listener) : http.createServer(listener);
    server.on("connection", (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
        attempts: () => attempts,
        close: () =>
            new Promise<void>((resolve) => {
                for (const socket of sockets) socket.destroy();
                server.close(() => resolve());
            }),
    };
}

function client(overrides: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
    const logs: string[] = [];
    const sleeps: number[] = [];
    const instance = new HttpClient({
        secrets: [SECRET_TOKEN, SECRET_KEY],
        timeoutMs: 2000,
        maxRetries: 2,
        baseDelayMs: 1,
        maxDelayMs: 4,
        log: (line) => logs.push(line),
        sleep: async (ms) => {
            sleeps.push(ms);
        },
        ...overrides,
    });
    return { instance, logs, sleeps };
}

const secretPath = `/api/manageRingGroups/${SECRET_TOKEN}/${SECRET_KEY}/0`;

describe("lenient JSON", () => {
    it("accepts the vendor's documented trailing comma", () => {
        expect(parseLenientJson('{"error":0,"reason":"OK","new_record":13,}')).toEqual({ error: 0, reason: "OK", new_record: 13 });
        expect(parseLenientJson('{"data":[1,2,],}')).toEqual({ data: [1, 2] });
    });
    it("leaves commas inside strings alone and still rejects non-JSON", () => {
        expect(parseLenientJson('{"reason":"a,}b",}')).toEqual({ reason: "a,}b" });
        expect(() => parseLenientJson("<html>")).toThrow(SyntaxError);
        expect(parseLenientJson("  ")).toBeUndefined();
    });
    it("reads a valid answer holding `,}` in a string as it is, small or as large as a list", () => {
        expect(parseLenientJson('{"reason":"a,}b"}')).toEqual({ reason: "a,}b" });
        const list = { data: Array.from({ length: 300 }, (_, id) => ({ id, descricao: `Grupo ,] ${id}` })) };
        expect(JSON.stringify(list).length).toBeGreaterThan(4_096);
        expect(parseLenientJson(JSON.stringify(list))).toEqual(list);
        expect(parseLenientJson(`${JSON.stringify(list).slice(0, -1)},}`)).toEqual(list);
        expect(() => parseLenientJson('{"a":1,} trailing')).toThrow(SyntaxError);
    });
});

describe("HttpClient", () => {
    it("sends method, query and JSON body, and parses the answer", async () => {
        let seen: { method?: string; url?: string; type?: string; body?: string } = {};
        const server = await serve((req, res) => {
            let body = "";
            req.on("data", (chunk) => (body += chunk));
            req.on("end", () => {
                seen = { method: req.method, url: req.url, type: req.headers["content-type"], body };
                res.end('{"error":0,"reason":"OK",}');
            });
        });
        try {
            const answer = await client().instance.request({
                name: "Test call",
                method: "DELETE",
                url: `${server.url}/api/x`,
                query: { id_record: 4 },
                json: { a: 1 },
                safeToRepeat: true,
            });
            expect(answer.body).toEqual({ error: 0, reason: "OK" });
            expect(seen).toEqual({ method: "DELETE", url: "/api/x?id_record=4", type: "application/json", body: '{"a":1}' });
        } finally {
            await server.close();
        }
    });

    it("keeps the defaults for options given as undefined (unset configuration)", async () => {
        const server = await serve(() => undefined);
        try {
            const { instance, sleeps } = client({ timeoutMs: 50, maxRetries: undefined, baseDelayMs: undefined, maxDelayMs: undefined });
            await instance.request({ name: "List", method: "GET", url: server.url, safeToRepeat: true }).catch(() => undefined);
            expect(server.attempts()).toBe(1 + DEFAULT_HTTP_SETTINGS.maxRetries);
            expect(sleeps).toHaveLength(DEFAULT_HTTP_SETTINGS.maxRetries);
            for (const delay of sleeps) expect(delay).toBeGreaterThanOrEqual(DEFAULT_HTTP_SETTINGS.baseDelayMs / 2);
        } finally {
            await server.close();
        }
    });

    it("retries 5xx for calls safe to repeat, with growing delays, then succeeds", async () => {
        const server = await serve((_req, res, attempt) => {
            res.statusCode = attempt < 3 ? 503 : 200;
            res.end(attempt < 3 ? "busy" : "{}");
        });
        try {
            const { instance, sleeps } = client();
            await instance.request({ name: "Test", method: "GET", url: server.url, safeToRepeat: true });
            expect(server.attempts()).toBe(3);
            expect(sleeps).toHaveLength(2);
            for (const delay of sleeps) expect(delay).toBeGreaterThan(0);
        } finally {
            await server.close();
        }
    });

    it("does not retry 5xx or connection failures for calls that are not safe to repeat", async () => {
        const server = await serve((_req, res) => {
            res.statusCode = 500;
            res.end('{"error":1,"reason":"Falha interna"}');
        });
        try {
            const { instance } = client();
            const error = await instance.request({ name: "Create", method: "PUT", url: server.url, safeToRepeat: false }).catch((e) => e);
            expect(error).toBeInstanceOf(ServerError);
            expect(server.attempts()).toBe(1);
        } finally {
            await server.close();
        }
    });

    it("retries 429 even for creates, honouring Retry-After, and gives up with RateLimitError", async () => {
        const server = await serve((_req, res) => {
            res.statusCode = 429;
            res.setHeader("Retry-After", "3");
            res.end('{"error":1,"reason":"Muitas requisições"}');
        });
        try {
            const { instance, sleeps } = client();
            const error = await instance
                .request({
                    name: "Create",
                    method: "PUT",
                    url: server.url,
                    safeToRepeat: false,
                    vendorError: (body) => ({ reason: (body as { reason: string }).reason }),
                })
                .catch((e) => e);
            expect(error).toBeInstanceOf(RateLimitError);
            expect(error.retryAfterSeconds).toBe(3);
            expect(error.vendorReason).toBe("Muitas requisições");
            expect(server.attempts()).toBe(3);
            expect(sleeps).toEqual([3000, 3000]);
        } finally {
            await server.close();
        }
    });

    it("times out a hung request and retries it only when safe", async () => {
        const server = await serve(() => {
            /* never answers */
        });
        try {
            const safe = client({ timeoutMs: 100 });
            const error = await safe.instance.request({ name: "List", method: "GET", url: server.url, safeToRepeat: true }).catch((e) => e);
            expect(error).toBeInstanceOf(ConnectionError);
            expect(error.message).toContain("no answer within 100 ms");
            expect(server.attempts()).toBe(3);

            const unsafe = client({ timeoutMs: 100 });
            await unsafe.instance.request({ name: "Create", method: "PUT", url: server.url, safeToRepeat: false }).catch(() => undefined);
            expect(server.attempts()).toBe(4);
        } finally {
            await server.close();
        }
    });

    it("reports a refused connection as ConnectionError without the credentials in the URL", async () => {
        const server = await serve(() => undefined);
        await server.close();
        const { instance, logs } = client();
        const error = await instance
            .request({ name: "NextBilling listRingGroups", method: "GET", url: `${server.url}${secretPath}`, safeToRepeat: true })
            .catch((e) => e);
        expect(error).toBeInstanceOf(ConnectionError);
        expect(error.message).toContain("NextBilling listRingGroups (GET /api/manageRingGroups/***/***/0)");
        for (const text of [error.message, error.stack ?? "", ...logs]) {
            expect(text).not.toContain(SECRET_TOKEN);
            expect(text).not.toContain(SECRET_KEY);
        }
        expect(logs.length).toBeGreaterThan(0);
    });

    it("turns an error body under HTTP 200 into a typed error keeping the vendor text and the call", async () => {
        const server = await serve((_req, res) => res.end(`{"error":1,"reason":"Linha 99 não pertence ao cliente 9 (${SECRET_KEY})",}`));
        try {
            const { instance } = client();
            const error = await instance
                .request({
                    name: "NextBilling createRingGroup",
                    method: "PUT",
                    url: `${server.url}${secretPath}`,
                    safeToRepeat: false,
                    vendorError: (body) =>
                        (body as { error: number }).error ? { reason: (body as { reason: string }).reason } : undefined,
                })
                .catch((e) => e);
            expect(error).toBeInstanceOf(InvalidInputError);
            expect(error.vendorReason).toBe("Linha 99 não pertence ao cliente 9 (***)");
            expect(error.message).toBe(
                "NextBilling createRingGroup (PUT /api/manageRingGroups/***/***/0), HTTP 200 failed: Linha 99 não pertence ao cliente 9 (***)",
            );
        } finally {
            await server.close();
        }
    });

    describe("TLS", () => {
        const tlsDir = path.join(__dirname, "..", "fixtures", "tls");
        const cert = fs.readFileSync(path.join(tlsDir, "cert.pem"), "utf8");
        const key = fs.readFileSync(path.join(tlsDir, "key.pem"), "utf8");

        it("refuses a self-signed certificate by default, accepts it with insecure or with its CA", async () => {
            const server = await serve((_req, res) => res.end("{}"), { cert, key });
            try {
                const call = { name: "Test", method: "GET" as const, url: server.url, safeToRepeat: false };
                await expect(client().instance.request(call)).rejects.toBeInstanceOf(ConnectionError);
                await expect(client({ tls: { insecure: true } }).instance.request(call)).resolves.toMatchObject({ status: 200 });
                await expect(client({ tls: { ca: cert } }).instance.request(call)).resolves.toMatchObject({ status: 200 });
            } finally {
                await server.close();
            }
        });
    });
});

describe("errorFromAnswer", () => {
    it.each([
        [401, AuthenticationError],
        [403, AuthenticationError],
        [404, NotFoundError],
        [400, InvalidInputError],
        [413, InvalidInputError],
        [422, InvalidInputError],
        [409, ConflictError],
        [429, RateLimitError],
        [502, ServerError],
    ])("maps HTTP %i by cause", (status, type) => {
        const error = errorFromAnswer({ call: "X call", status, vendorReason: "texto do fornecedor" });
        expect(error).toBeInstanceOf(type);
        expect(error.message).toBe(`X call, HTTP ${status} failed: texto do fornecedor`);
    });

    it("lets the vendor client override the cause for error bodies under HTTP 200", () => {
        expect(errorFromAnswer({ call: "X", status: 200, cause: "not_found", vendorReason: "Registro não encontrado" })).toBeInstanceOf(
            NotFoundError,
        );
    });

    it("parses Retry-After as seconds or as a date", () => {
        expect(parseRetryAfter("2")).toBe(2);
        expect(parseRetryAfter(null)).toBeUndefined();
        expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThanOrEqual(4);
    });
});
