/**
 * A NextBilling server for the Queue and Ivr tests that do not need the emulator: customer 13's
 * lines, queues, IVRs, ring groups and time profiles (the demo tenant's), listed in any of the
 * shapes the emulator's variants give an undocumented list (docs/emulator.md: flat, nested or
 * keyed; values strings or numbers; `devices` an array, "30,31" or "[30,31]"; object fields nested
 * whatever the values), every request recorded, and writes answered as a test says.
 */
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";
import { asStrings } from "../../support/listValues";
import { startStub, type StubAnswer, type StubRequest, type StubServer } from "../../support/stubServer";
import { IVR_STORED_DEFAULTS } from "../ivr/fixtures";
import { QUEUE_STORED_DEFAULTS } from "./fixtures";

export const TOKEN = "token-0001";
export const KEY = "key-0001";

export type ListShape = "flat" | "nested" | "keyed";
export type ValueShape = "strings" | "numbers";
export type DevicesShape = "array" | "csv" | "brackets";

export interface ListVariants {
    lists: ListShape;
    values: ValueShape;
    devices: DevicesShape;
}

export const DOCUMENTED_VARIANTS: ListVariants = { lists: "flat", values: "strings", devices: "array" };

/** Every combination of the three: what each list read is tested under. */
export const EVERY_VARIANT: ListVariants[] = (["flat", "nested", "keyed"] as const).flatMap((lists) =>
    (["strings", "numbers"] as const).flatMap((values) =>
        (["array", "csv", "brackets"] as const).map((devices) => ({ lists, values, devices })),
    ),
);

type Row = Record<string, unknown>;

/** The demo tenant's customer 13 (sandbox/nextbillingTenant.ts), as the vendor stores it. */
export function demoTenant() {
    return {
        lines: [
            { id: 30, id_cliente: 13, nome: "Caixa", username: "2030" },
            { id: 31, id_cliente: 13, nome: "Vendas", username: "2031" },
            { id: 32, id_cliente: 13, nome: "Estoque", username: "2032" },
        ] as Row[],
        queues: [
            queueRow({ id: 12, descricao: "Fila Vendas", devices: [30, 31] }),
            queueRow({ id: 14, descricao: "Fila Suporte", devices: [32] }),
        ],
        ivrs: [
            ivrRow({
                id: 7,
                descricao: "URA Principal",
                perfil_horario: { id: 3 },
                options: { "1": { action: "queue", action_data: "12" }, "2": { action: "queue", action_data: "14" } },
            }),
        ],
        ringGroups: [{ id: 5, id_cliente: 13, descricao: "Grupo Loja", strategy: "ringall", devices: [30, 31], status: 1 }] as Row[],
        timeProfiles: [{ id: 3, id_cliente: 13, descricao: "Horário Comercial" }] as Row[],
    };
}

/** A queue as the vendor stores it, the spec's defaults under `fields`. */
export function queueRow(fields: Row): Row {
    return { id_cliente: 13, ...structuredClone(QUEUE_STORED_DEFAULTS), ...fields };
}

/** An IVR as the vendor stores it, the spec's defaults under `fields`. */
export function ivrRow(fields: Row): Row {
    return { id_cliente: 13, ...structuredClone(IVR_STORED_DEFAULTS), ...fields };
}

/** A record's values as the `values` variant writes them: every value a string (nested ones too), or as stored. */
function valuesAs(value: unknown, values: ValueShape): unknown {
    return values === "numbers" ? value : asStrings(value);
}

function listed(record: Row, variants: ListVariants): Row {
    const row = valuesAs(record, variants.values) as Row;
    if (Array.isArray(record.devices) && variants.devices !== "array") {
        row.devices = variants.devices === "csv" ? record.devices.join(",") : JSON.stringify(record.devices);
    }
    return row;
}

/** An undocumented list answer in the `lists` shape (the emulator's `nextbillingLists`). */
export function listAnswer(records: Row[], variants: ListVariants): string {
    const rows = records.map((record) => listed(record, variants));
    if (variants.lists === "flat") return JSON.stringify({ error: 0, reason: "OK", records: rows.length, data: rows });
    const byCustomer = new Map<number, Row[]>();
    for (const [index, record] of records.entries())
        byCustomer.set(Number(record.id_cliente), [...(byCustomer.get(Number(record.id_cliente)) ?? []), rows[index]!]);
    if (variants.lists === "keyed") {
        return JSON.stringify({
            error: 0,
            reason: "OK",
            records: rows.length,
            data: Object.fromEntries([...byCustomer].map(([c, r]) => [String(c), r])),
        });
    }
    const data = [...byCustomer].map(([customer, inner]) => ({
        id_cliente: customer,
        nome_fantasia: "Loja Centro",
        records: inner.length,
        data: inner,
    }));
    return JSON.stringify({ error: 0, reason: "OK", records: data.length, data });
}

/** listDevices, documented: always nested per customer, outer values numbers, line values strings. */
function devicesAnswer(lines: Row[]): string {
    return listAnswer(lines, { lists: "nested", values: "strings", devices: "array" });
}

export interface TenantStub {
    readonly stub: StubServer;
    readonly url: string;
    tenant: ReturnType<typeof demoTenant>;
    variants: ListVariants;
    /** What writes answer, by HTTP method and vendor method (`PUT manageQueue`); absent: success (`new_record` 40, 41, …). */
    writes: Map<string, StubAnswer>;
    /** Called for every write before `writes`, with its body: a test's way to apply a write and answer as it likes. */
    onWrite?: (method: string, apiMethod: string, body: unknown) => StubAnswer | undefined;
    /** Requests so far, the body parsed, token and key as `{token}` / `{key}`. */
    requests(): { method: string; path: string; query: Record<string, string>; body: unknown }[];
    clear(): void;
    /** Configures the provider runtime against the stub: a new provider process (empty caches). */
    configure(extra?: Record<string, string>): void;
    close(): Promise<void>;
}

export async function startTenantStub(): Promise<TenantStub> {
    let nextId = 40;
    const state: Pick<TenantStub, "tenant" | "variants" | "writes" | "onWrite"> = {
        tenant: demoTenant(),
        variants: DOCUMENTED_VARIANTS,
        writes: new Map(),
    };
    const answer = (request: StubRequest): StubAnswer => {
        const [, , method, token, key, scope] = request.path.split("/");
        if (token !== TOKEN || key !== KEY) return { status: 401, text: '{"error":1,"reason":"Token ou chave inválidos"}' };
        if (request.method === "GET") {
            const customer = Number(scope);
            const mine = (records: Row[]) => records.filter((record) => customer === 0 || Number(record.id_cliente) === customer);
            if (method === "listDevices") return { text: devicesAnswer(mine(state.tenant.lines)) };
            const lists: Record<string, Row[]> = {
                manageQueue: state.tenant.queues,
                manageIvr: state.tenant.ivrs,
                manageRingGroups: state.tenant.ringGroups,
                manageTimeProfiles: state.tenant.timeProfiles,
            };
            if (method && lists[method]) return { text: listAnswer(mine(lists[method]), state.variants) };
            return { status: 404, text: `{"error":1,"reason":"Método não encontrado: ${method}"}` };
        }
        const hooked = state.onWrite?.(request.method, method ?? "", request.body === "" ? undefined : JSON.parse(request.body));
        if (hooked) return hooked;
        const configured = state.writes.get(`${request.method} ${method}`);
        if (configured) return configured;
        if (request.method === "PUT") return { text: `{"error":0,"reason":"OK","new_record":${nextId++},}` };
        return { text: '{"error":0,"reason":"OK"}' };
    };
    const stub = await startStub(answer);
    return {
        stub,
        url: stub.url,
        get tenant() {
            return state.tenant;
        },
        set tenant(tenant) {
            state.tenant = tenant;
        },
        get variants() {
            return state.variants;
        },
        set variants(variants) {
            state.variants = variants;
        },
        writes: state.writes,
        get onWrite() {
            return state.onWrite;
        },
        set onWrite(hook) {
            state.onWrite = hook;
        },
        requests: () =>
            stub.requests.map(({ method, path, query, body }) => ({
                method,
                path: path.replace(TOKEN, "{token}").replace(KEY, "{key}"),
                query,
                body: body === "" ? undefined : JSON.parse(body),
            })),
        clear: () => void stub.requests.splice(0),
        configure(extra = {}) {
            resetRuntime();
            const values: Record<string, string> = {
                "telephony:nextbillingUrl": stub.url,
                "telephony:nextbillingToken": TOKEN,
                "telephony:nextbillingKey": KEY,
                "telephony:httpMaxRetries": "0",
                "telephony:httpTimeoutMs": "2000",
                ...extra,
            };
            configureFromEngine({ get: (name: string) => values[name] });
        },
        close: () => stub.close(),
    };
}
