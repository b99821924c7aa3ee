/** Raw HTTP against the emulator, for its own tests: the vendor answer as sent (status, text, headers), and its JSON read as the vendor writes it. */
import { DEMO_CREDENTIALS } from "../../sandbox";

export const TOKEN = DEMO_CREDENTIALS.token;
export const KEY = DEMO_CREDENTIALS.key;

export interface Answer {
    status: number;
    text: string;
    headers: Headers;
    /** The body parsed as JSON, tolerating the vendor's trailing comma before `}`; undefined for XML and plain text. */
    json: any;
}

export async function request(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Answer> {
    const { json, ...rest } = init;
    const response = await fetch(
        url,
        json === undefined ? rest : { ...rest, body: JSON.stringify(json), headers: { "content-type": "application/json" } },
    );
    const text = await response.text();
    const type = response.headers.get("content-type") ?? "";
    const notJson = type.includes("xml") || type.startsWith("text/plain"); // Directcall's format=XML, Erix's bare text: read `text`
    return {
        status: response.status,
        text,
        headers: response.headers,
        json: text && !notJson ? JSON.parse(text.replace(/,\s*}$/, "}")) : undefined,
    };
}

/** `/api/manageRingGroups/<token>/<key>/<scope>` under `base`. */
export function ringGroupsUrl(base: string, scope: string | number = 0, query = "", credentials = { token: TOKEN, key: KEY }): string {
    return `${base}/api/manageRingGroups/${credentials.token}/${credentials.key}/${scope}${query}`;
}

/** The vendor documentation's example ring group. */
export function exampleGroup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { id_cliente: 9, descricao: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23], status: 1, ...overrides };
}

/** `/api/<method>/<token>/<key>[/<id>]<query>` under `base`, for any vendor method. */
export function apiUrl(base: string, method: string, id?: string | number, query = ""): string {
    return `${base}/api/${method}/${TOKEN}/${KEY}${id === undefined ? "" : `/${id}`}${query}`;
}

/** The body of the vendor documentation's manageDID PUT example (seed 001). */
export function exampleDid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        customer_id: 13,
        description: "Número Entrante",
        did_number: "1166",
        host: "192.168.0.2",
        port: 5060,
        host_additional: ["192.168.0.1", "192.168.0.3"],
        ...overrides,
    };
}
