/**
 * An example receiver for Directcall call-status callbacks, to copy into your own service.
 *
 *     node dist/examples/directcall-receiver.js --port 8080 [--host 0.0.0.0]
 *
 * Prints its URL on the first line, then one line per call-status event. Register that URL with
 * Directcall as a `telephony.directcall.CallbackUrl`'s `url` (docs/resources/directcall.CallbackUrl.md).
 * With RECEIVER_USERNAME and RECEIVER_PASSWORD set, requests must carry those Basic credentials:
 * declare them on that CallbackUrl as `basicAuth: { username, password }` (the password a secret,
 * never inside `url`, which refuses credentials), and it registers the URL with them.
 * It listens on 127.0.0.1 unless told otherwise; put it behind your HTTPS reverse proxy or tunnel.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { callbackHandler, type CallStatusEvent } from "../provider/directcall/callStatus";

export interface ReceiverOptions {
    /** 0 (the default) picks a free port. */
    port?: number;
    /** Default 127.0.0.1; use 0.0.0.0 to accept callbacks from other machines. */
    host?: string;
    basicAuth?: { username: string; password: string };
    /** Called for each event after it is recorded in `events`; throwing makes the receiver answer 500. */
    onEvent?: (event: CallStatusEvent) => void | Promise<void>;
    /** Default: one line on stderr. */
    onError?: (error: Error) => void;
}

export interface Receiver {
    /** Without credentials, even when Basic auth is on: the password is not ours to print. */
    url: string;
    /** Every event received so far, oldest first. */
    events: CallStatusEvent[];
    close(): Promise<void>;
}

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
    const events: CallStatusEvent[] = [];
    const handler = callbackHandler(
        async (event) => {
            events.push(event);
            await options.onEvent?.(event);
        },
        { basicAuth: options.basicAuth, onError: options.onError },
    );
    const server = http.createServer(handler);
    // A callback is one small POST; a client that takes longer than this is not Directcall.
    server.requestTimeout = 30_000;
    server.headersTimeout = 10_000;
    const host = options.host ?? "127.0.0.1";
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(options.port ?? 0, host, () => {
            server.off("error", reject);
            resolve();
        });
    });
    const { port } = server.address() as AddressInfo;
    const shownHost = host.includes(":") ? `[${host}]` : host;
    return {
        url: `http://${shownHost}:${port}/`,
        events,
        close: () =>
            new Promise<void>((resolve, reject) => {
                server.close((error) => (error ? reject(error) : resolve()));
                // Idle keep-alive connections would otherwise hold close() open for seconds.
                server.closeAllConnections();
            }),
    };
}

const STATUS_WORDS: Record<CallStatusEvent["status"], string> = {
    answered: "answered",
    busy: "busy",
    hungUp: "hung up",
    unknown: "unknown",
};

/** `answered call 1f2e… 11999990000 → 1130001000 (pin 1234) at 2026-11-22 10:00:00, 42 s`: one line, whatever the sender put in the fields. */
export function describeEvent(event: CallStatusEvent): string {
    const status = event.status === "unknown" ? `unknown status "${event.vendorStatus}"` : STATUS_WORDS[event.status];
    let line = `${status} call ${event.callId} ${event.from ?? "?"} → ${event.to ?? "?"}`;
    if (event.pin !== undefined) line += ` (pin ${event.pin})`;
    if (event.startedAt !== undefined) line += ` at ${event.startedAt}`;
    if (event.durationSeconds !== undefined) line += `, ${event.durationSeconds} s`;
    // The fields come from the network: control characters could forge extra log lines or move the terminal cursor.
    return line.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, "\ufffd");
}

function parsePort(argv: string[]): number {
    const index = argv.findIndex((arg) => arg === "--port" || arg.startsWith("--port="));
    if (index < 0) return 0;
    const text = argv[index].startsWith("--port=") ? argv[index].slice("--port=".length) : argv[index + 1];
    const port = Number(text);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new Error(`--port wants a number from 0 to 65535, got ${JSON.stringify(text)}`);
    return port;
}

function parseHost(argv: string[]): string | undefined {
    const index = argv.findIndex((arg) => arg === "--host" || arg.startsWith("--host="));
    if (index < 0) return undefined;
    return argv[index].startsWith("--host=") ? argv[index].slice("--host=".length) : argv[index + 1];
}

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const username = process.env.RECEIVER_USERNAME;
    const password = process.env.RECEIVER_PASSWORD;
    if ((username === undefined) !== (password === undefined))
        throw new Error("set both RECEIVER_USERNAME and RECEIVER_PASSWORD, or neither");
    const receiver = await startReceiver({
        port: parsePort(argv),
        host: parseHost(argv),
        basicAuth: username !== undefined && password !== undefined ? { username, password } : undefined,
        onEvent: (event) => console.log(describeEvent(event)),
        onError: (error) => console.error(`rejected: ${error.message}`),
    });
    console.log(receiver.url);
    if (username !== undefined)
        console.log(
            `Basic auth on (user ${username}): declare basicAuth: { username: ${JSON.stringify(username)}, password: <secret> } on the ` +
                "directcall.CallbackUrl of this URL, which registers the URL with them",
        );
    const stop = () => void receiver.close().then(() => process.exit(0));
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
    });
}
