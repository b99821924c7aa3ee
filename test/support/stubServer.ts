/**
 * A loopback HTTP server that answers what a test tells it to, word for word, and records every
 * request: for a vendor's documented answer served verbatim, or for a hostile server (one that
 * echoes the request path into an error page).
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface StubRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    /** The raw body text. */
    body: string;
    contentType?: string;
}

export interface StubAnswer {
    status?: number;
    text: string;
    contentType?: string;
}

export interface StubServer {
    url: string;
    requests: StubRequest[];
    close(): Promise<void>;
}

export async function startStub(answer: (request: StubRequest) => StubAnswer | Promise<StubAnswer>): Promise<StubServer> {
    const requests: StubRequest[] = [];
    const server = createServer(async (incoming: IncomingMessage, response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of incoming) chunks.push(chunk as Buffer);
        const url = new URL(incoming.url ?? "/", "http://stub");
        const request: StubRequest = {
            method: incoming.method ?? "GET",
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            body: Buffer.concat(chunks).toString("utf8"),
            contentType: incoming.headers["content-type"],
        };
        requests.push(request);
        const reply = await answer(request);
        response.writeHead(reply.status ?? 200, { "content-type": reply.contentType ?? "application/json" });
        response.end(reply.text);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
