/** The callback handler over real loopback HTTP, and the example receiver started in-process. */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import {
    callbackHandler,
    CallbackPayloadError,
    type CallbackHandlerOptions,
    type CallStatusEvent,
} from "../../provider/directcall/callStatus";
import { describeEvent, startReceiver } from "../../examples/directcall-receiver";

const PAYLOAD = {
    callerid: "1f2e3d4c-5b6a-4789-8abc-def012345678",
    origem: "11999990000",
    destino: "1130001000",
    status: "atendida",
    inicio: "2026-11-22 10:00:00",
    duracao: "00:00:42",
    pin: "1234",
};
const FORM = `data=${encodeURIComponent(JSON.stringify(PAYLOAD))}`;
const basic = (username: string, password: string) => `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;

interface Answer {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

function send(url: string, options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string | Buffer } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
        const request = http.request(
            url,
            {
                method: options.method ?? "POST",
                agent: false,
                headers: { "Content-Type": "application/x-www-form-urlencoded", ...options.headers },
            },
            (response) => {
                const chunks: Buffer[] = [];
                response.on("data", (chunk: Buffer) => chunks.push(chunk));
                response.on("end", () =>
                    resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }),
                );
                response.on("error", reject);
            },
        );
        request.on("error", reject);
        request.end(options.body);
    });
}

interface Harness {
    url: string;
    events: CallStatusEvent[];
    errors: Error[];
    /** Resolves when the server has seen the close of the nth request (counting from 1). */
    requestClosed(n: number): Promise<void>;
    close(): Promise<void>;
}

async function serve(
    options: CallbackHandlerOptions & { onEvent?: (event: CallStatusEvent) => void | Promise<void> } = {},
): Promise<Harness> {
    const events: CallStatusEvent[] = [];
    const errors: Error[] = [];
    const closed: Array<Promise<void>> = [];
    const handler = callbackHandler(
        async (event) => {
            events.push(event);
            await options.onEvent?.(event);
        },
        { ...options, onError: (error) => errors.push(error) },
    );
    const server = http.createServer((req, res) => {
        closed.push(new Promise((resolve) => req.on("close", () => resolve())));
        handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}/callback`,
        events,
        errors,
        async requestClosed(n) {
            while (closed.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
            await closed[n - 1];
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}

let harness: Harness | undefined;
afterEach(async () => {
    await harness?.close();
    harness = undefined;
});

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
    expect(unhandled).toEqual([]);
});

it("delivers an event and answers 200 ok", async () => {
    harness = await serve();
    const answer = await send(harness.url, { body: FORM });
    expect(answer).toMatchObject({ status: 200, body: "ok\n" });
    expect(harness.events).toHaveLength(1);
    expect(harness.events[0]).toMatchObject({ callId: PAYLOAD.callerid, status: "answered", durationSeconds: 42, pin: "1234" });
    expect(harness.errors).toEqual([]);
});

it("delivers an event whose duracao is a JSON number of seconds (its type is undocumented)", async () => {
    harness = await serve();
    const answer = await send(harness.url, { body: `data=${encodeURIComponent(JSON.stringify({ ...PAYLOAD, duracao: 35 }))}` });
    expect(answer).toMatchObject({ status: 200, body: "ok\n" });
    expect(harness.events.map((event) => event.durationSeconds)).toEqual([35]);
    expect(harness.errors).toEqual([]);
});

it.each(["GET", "PUT", "HEAD"])("answers %s with 405 and Allow: POST", async (method) => {
    harness = await serve();
    const answer = await send(harness.url, { method });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe("POST");
    expect(harness.events).toEqual([]);
});

describe("with Basic auth", () => {
    const basicAuth = { username: "directcall", password: "s3cret:with:colons" };

    it.each([
        ["no Authorization header", undefined],
        ["a wrong password", basic("directcall", "guess")],
        ["a wrong username", basic("someone", basicAuth.password)],
        ["the password as the username", basic(basicAuth.password, "")],
        ["a password that is a prefix of the right one", basic("directcall", "s3cret")],
        ["a Bearer token", "Bearer s3cret"],
        ["garbage", "Basic !!!"],
        ["no colon", `Basic ${Buffer.from("directcall").toString("base64")}`],
    ])("answers 401 to %s without calling onEvent", async (_what, authorization) => {
        harness = await serve({ basicAuth });
        const answer = await send(harness.url, {
            body: FORM,
            headers: authorization === undefined ? {} : { Authorization: authorization },
        });
        expect(answer.status).toBe(401);
        expect(answer.headers["www-authenticate"]).toBe('Basic realm="directcall"');
        expect(harness.events).toEqual([]);
    });

    it("delivers the event with the right credentials", async () => {
        harness = await serve({ basicAuth });
        const answer = await send(harness.url, { body: FORM, headers: { Authorization: basic("directcall", basicAuth.password) } });
        expect(answer).toMatchObject({ status: 200, body: "ok\n" });
        expect(harness.events.map((event) => event.callId)).toEqual([PAYLOAD.callerid]);
    });
});

it.each([
    ["no data field", "foo=bar", /data/],
    ["data that is not JSON", "data=%7Bnope", /JSON/],
    ["a missing callerid", `data=${encodeURIComponent(JSON.stringify({ status: "ocupado" }))}`, /callerid/],
    ["a bad duration", `data=${encodeURIComponent(JSON.stringify({ ...PAYLOAD, duracao: "soon" }))}`, /duracao/],
])("answers 400 with a short reason to %s", async (_what, body, reason) => {
    harness = await serve();
    const answer = await send(harness.url, { body });
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(reason);
    expect(answer.body.length).toBeLessThan(100);
    expect(harness.events).toEqual([]);
    // Malformed bodies are reported too: they may mean our guesses about the undocumented payload are wrong.
    expect(harness.errors).toEqual([expect.any(CallbackPayloadError)]);
});

describe("413", () => {
    it("answers a declared Content-Length over the limit before reading the body", async () => {
        harness = await serve({ maxBodyBytes: 1024 });
        const answer = await send(harness.url, { body: `data=${"a".repeat(100_000)}` });
        expect(answer.status).toBe(413);
        expect(harness.events).toEqual([]);
    });

    it("answers a chunked body that grows over the limit", async () => {
        harness = await serve({ maxBodyBytes: 1024 });
        const answer = await send(harness.url, { body: `data=${"a".repeat(200_000)}`, headers: { "Transfer-Encoding": "chunked" } });
        expect(answer.status).toBe(413);
        expect(harness.events).toEqual([]);
    });

    it("keeps serving afterwards", async () => {
        harness = await serve({ maxBodyBytes: 1024 });
        await send(harness.url, { body: "x".repeat(5000) });
        expect((await send(harness.url, { body: FORM })).status).toBe(200);
    });
});

describe("when onEvent fails", () => {
    it.each([
        [
            "throws",
            () => {
                throw new Error("database down");
            },
        ],
        ["rejects", () => Promise.reject(new Error("database down"))],
    ])("answers 500 when onEvent %s, and tells onError", async (_how, onEvent) => {
        harness = await serve({ onEvent });
        const answer = await send(harness.url, { body: FORM });
        expect(answer.status).toBe(500);
        expect(answer.body).not.toContain("database down");
        expect(harness.errors.map((error) => error.message)).toEqual(["database down"]);
    });

    it("survives onError throwing too", async () => {
        const events: CallStatusEvent[] = [];
        const handler = callbackHandler(
            (event) => {
                events.push(event);
                throw new Error("database down");
            },
            {
                onError: () => {
                    throw new Error("logger down");
                },
            },
        );
        const server = http.createServer(handler);
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
            const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
            expect((await send(url, { body: FORM })).status).toBe(500);
            expect(events).toHaveLength(1);
        } finally {
            server.closeAllConnections();
            await new Promise((resolve) => server.close(resolve));
        }
    });
});

it("survives a client that aborts mid-body, and keeps serving", async () => {
    harness = await serve();
    const { port } = new URL(harness.url);
    await new Promise<void>((resolve) => {
        const request = http.request({
            host: "127.0.0.1",
            port,
            method: "POST",
            path: "/",
            agent: false,
            headers: { "Content-Length": 1000 },
        });
        request.on("error", () => resolve());
        request.write("data=%7B%22call", () => setTimeout(() => request.destroy(), 20));
        request.on("close", () => resolve());
    });
    await harness.requestClosed(1);
    expect(harness.events).toEqual([]);
    expect((await send(harness.url, { body: FORM })).status).toBe(200);
    expect(harness.events).toHaveLength(1);
});

describe("the example receiver", () => {
    it("receives an event in-process and describes it on one line", async () => {
        const seen: CallStatusEvent[] = [];
        const receiver = await startReceiver({ basicAuth: { username: "u", password: "p" }, onEvent: (event) => void seen.push(event) });
        try {
            expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
            expect((await send(receiver.url, { body: FORM })).status).toBe(401);
            const answer = await send(receiver.url, { body: FORM, headers: { Authorization: basic("u", "p") } });
            expect(answer.status).toBe(200);
            expect(receiver.events).toHaveLength(1);
            expect(seen).toEqual(receiver.events);
            expect(describeEvent(receiver.events[0])).toBe(
                `answered call ${PAYLOAD.callerid} 11999990000 → 1130001000 (pin 1234) at 2026-11-22 10:00:00, 42 s`,
            );
        } finally {
            await receiver.close();
        }
    });

    it("keeps a hostile event on one line", () => {
        const line = describeEvent({ callId: "x\nforged line", status: "unknown", vendorStatus: "\u001b[2Jwiped", fields: {} });
        expect(line).not.toMatch(/[\n\r\u001b]/);
        expect(line).toContain('unknown status "');
    });
});
