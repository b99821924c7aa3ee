/**
 * Simulated calls: what Directcall does when a call changes status. Every registration whose PIN
 * matches (or that has none) receives one form-encoded POST per status, with a single field `data`
 * holding the event as JSON (seed 002). The payload's fields are not documented; vendors.md says
 * which ones to assume.
 */
import { randomUUID } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { CallStatus, DirectcallCallback, DirectcallDelivery } from "./store";

/** A receiver that has not answered by then is recorded as failed; the vendor does not wait forever either. */
export const DELIVERY_TIMEOUT_MS = 5000;

/** What the admin API takes to simulate a call; every field has a default. */
export interface SimulatedCall {
    /** Only registrations with this PIN, and those without a PIN, receive the call. "" = a call without PIN. */
    pin?: string;
    origem?: string;
    destino?: string;
    /** One event per status, sent in this order. Default: answered, then hung up. */
    statuses?: CallStatus[];
    /** `HH:MM:SS` reported when an answered call hangs up; every other event reports 00:00:00. Default 00:00:30. */
    duracao?: string;
}

/** The event as sent in the `data` field. */
export interface CallEvent {
    callerid: string;
    origem: string;
    destino: string;
    status: CallStatus;
    inicio: string;
    duracao: string;
    pin: string;
}

export type CallDelivery = Omit<DirectcallDelivery, "at" | "callerid">;

export interface SimulatedCallResult {
    callerid: string;
    deliveries: CallDelivery[];
}

export const SIMULATED_CALL_DEFAULTS: Required<SimulatedCall> = {
    pin: "",
    origem: "11999990000",
    destino: "1130001000",
    statuses: ["atendida", "desligou"],
    duracao: "00:00:30",
};

export interface DeliveryOptions {
    /** Deliver to hosts other than this machine too. Off by default, so a seeded or typed URL never sends test data abroad. */
    anyHost: boolean;
    timeoutMs: number;
}

/**
 * Sends the call to every matching registration and answers once every delivery has finished.
 * Registrations are served side by side; each one gets the statuses strictly in order. Never throws:
 * a failed delivery is an entry with `httpStatus: null` and an `error`.
 */
export async function deliverCall(
    call: Required<SimulatedCall>,
    registrations: DirectcallCallback[],
    options: DeliveryOptions,
): Promise<SimulatedCallResult> {
    const callerid = randomUUID();
    const inicio = brasiliaTime(new Date());
    const receivers = registrations.filter((registration) => registration.pin === "" || registration.pin === call.pin);
    const perReceiver = await Promise.all(
        receivers.map(async (registration) => {
            const deliveries: CallDelivery[] = [];
            let answered = false;
            for (const status of call.statuses) {
                answered ||= status === "atendida";
                const duracao = answered && status === "desligou" ? call.duracao : "00:00:00";
                const event: CallEvent = { callerid, origem: call.origem, destino: call.destino, status, inicio, duracao, pin: call.pin };
                deliveries.push(await deliver(registration, event, options));
            }
            return deliveries;
        }),
    );
    // Listed status by status, registrations in their order, whatever order the receivers answered in.
    const deliveries = call.statuses.flatMap((_, index) => perReceiver.map((list) => list[index]!));
    return { callerid, deliveries };
}

async function deliver(registration: DirectcallCallback, event: CallEvent, options: DeliveryOptions): Promise<CallDelivery> {
    const target = new URL(registration.url);
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (target.username || target.password) {
        const user = decodeURIComponent(target.username);
        const password = decodeURIComponent(target.password);
        headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
        target.username = "";
        target.password = "";
    }
    const entry = { code: registration.code, url: target.toString(), status: event.status };
    if (!options.anyHost && !isLoopback(target.hostname)) {
        return { ...entry, httpStatus: null, error: "not delivered: the emulator only calls back to this machine (loopback)" };
    }
    try {
        const httpStatus = await post(target, headers, new URLSearchParams({ data: JSON.stringify(event) }).toString(), options.timeoutMs);
        return { ...entry, httpStatus };
    } catch (error) {
        return { ...entry, httpStatus: null, error: (error as Error).message };
    }
}

/** One POST on a fresh connection (no pool left behind), answered with the receiver's status once its body is read. */
function post(target: URL, headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        const send = target.protocol === "https:" ? httpsRequest : httpRequest;
        const outgoing = send(target, {
            method: "POST",
            headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
            agent: false,
        });
        const timer = setTimeout(() => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        outgoing.on("response", (incoming: IncomingMessage) => {
            incoming.resume();
            incoming.on("end", () => resolve(incoming.statusCode ?? 0));
            incoming.on("error", reject);
        });
        outgoing.on("error", reject);
        outgoing.on("close", () => clearTimeout(timer));
        outgoing.end(body);
    });
}

function isLoopback(hostname: string): boolean {
    return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** `YYYY-MM-DD HH:MM:SS` in Brasília time (UTC−3, no daylight saving since 2019), as a Brazilian vendor writes it. */
export function brasiliaTime(instant: Date): string {
    return new Date(instant.getTime() - 3 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}
