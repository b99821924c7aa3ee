import { sha256 } from "./directcall";
import { didDefaults, type Credentials } from "./nextbilling";
import { lineDefaults, STATE_VERSION, type DirectcallState, type ErixState, type SandboxState } from "./store";

/**
 * The token and key printed in NextBilling's own ring-group documentation example, so the
 * vendor's curl examples work against the sandbox unchanged. They are demo values, but the server
 * still treats them as secrets (never logged, saved or printed) so the habit carries over to real ones.
 */
export const DEMO_CREDENTIALS: Readonly<Credentials> = {
    token: "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990",
    key: "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629",
};

/**
 * The demo Directcall account. Directcall publishes no example credentials, so these are made up;
 * the server still treats the secret (and every token it issues) as a secret: never logged, and
 * kept in the state only as a digest.
 */
export const DIRECTCALL_DEMO_CREDENTIALS = {
    client_id: "demo@telephony.example",
    client_secret: "demo-directcall-secret",
} as const;

/**
 * The demo Directcall account, with callbacks registered by someone else (another system of the
 * same customer, or a person in the panel): a stack must list them and leave them alone. Their codes
 * (`cb-legacy-N`) are not the API's (40 hex digits derived from `nextCode`), so `nextCode` still starts at 1.
 *
 * `cb-legacy-2` and `cb-legacy-3` belong to the legacy tenant (see `seedState`): one with Basic-auth
 * credentials in the URL, as the vendor lists it back, and one that only receives calls with PIN 4321.
 */
export function seedDirectcall(): DirectcallState {
    const clientId = DIRECTCALL_DEMO_CREDENTIALS.client_id;
    return {
        accounts: [{ clientId, secretSha256: sha256(DIRECTCALL_DEMO_CREDENTIALS.client_secret) }],
        tokens: [],
        callbacks: [
            { code: "cb-legacy-1", clientId, url: "https://legacy.example.com.br/hooks/directcall", pin: "" },
            { code: "cb-legacy-2", clientId, url: "https://legado:legado-hook-pw@crm.legado.example.com.br/directcall", pin: "" },
            { code: "cb-legacy-3", clientId, url: "https://crm.legado.example.com.br/directcall/vendas", pin: "4321" },
        ],
        nextCode: 1,
        tokenRequests: 0,
        deliveries: [],
    };
}

/**
 * The demo call center. Each check of a login has a record that fails it: extension 3001 and queue
 * `recepcao` exist but are not Call Center. Four agents, so several can be logged in at once, and
 * nobody is logged in, so every test starts from a known floor.
 */
export function seedErix(): ErixState {
    return {
        agents: [
            { login: "maria", name: "Maria Souza" },
            { login: "joao", name: "João Lima" },
            { login: "ana", name: "Ana Costa" },
            { login: "pedro", name: "Pedro Alves" },
        ],
        extensions: [
            { exten: "2001", callCenter: true },
            { exten: "2002", callCenter: true },
            { exten: "2003", callCenter: true },
            { exten: "3001", callCenter: false },
        ],
        queues: [
            { name: "vendas", callCenter: true },
            { name: "suporte", callCenter: true },
            { name: "recepcao", callCenter: false },
        ],
        sessions: [],
    };
}

/**
 * The demo tenant. Customer 9 owns lines 1, 4, 19 and 23 because the vendor's example creates a
 * ring group with `devices: [1,4,19,23]` for `id_cliente: 9`. Line ids are unique across customers,
 * as on the vendor, so "line belongs to another customer" can be exercised.
 *
 * Queues and IVRs are spread over customers 9 and 13 for the same reason (DIDs of type 5 and 6).
 * The DIDs are numbered 11 and 12 so the vendor's manageDID POST example (it edits DID 12) works
 * unchanged; its PUT example answers `"new_record":13`, which the sandbox answered until the legacy
 * tenant below took DIDs 13-16 (the same PUT now answers 17). DID 11 is for sale
 * (customer 0, no routing), DID 12 belongs to customer 9 and rings line 1, so adoption and
 * duplicate numbers can be exercised.
 *
 * Customer 31 is the legacy tenant: configuration made by hand in the panel over years, for
 * `telephony export` to read back into a Pulumi program. Its ring groups have messy descriptions
 * ("Comercial - Todos" and "comercial - todos" differ only in case, to exercise name deduplication),
 * one of them disabled; its DIDs route to an IVR, a queue (with a supplier trunk and its password),
 * a line, and an audio test (disabled). Its ids come after the demo tenant's: ring groups 1-4,
 * DIDs 13-16, so the first ring group and DID created through the API are 5 and 17. Every
 * legacy record passes the vendor's rules (test/sandbox/legacy.test.ts checks it).
 */
export function seedState(): SandboxState {
    return {
        version: STATE_VERSION,
        nextbilling: {
            customers: [
                { id: 9, nome_fantasia: "Clínica Bem Estar", status: 1 },
                { id: 13, nome_fantasia: "Loja Centro", status: 1 },
                { id: 21, nome_fantasia: "Escritório Contábil", status: 1 },
                { id: 31, nome_fantasia: "Legado Telecom Ltda", status: 1 },
            ],
            lines: [
                lineDefaults({ id: 1, id_cliente: 9, nome: "Recepção 1", ramal: "1001" }),
                lineDefaults({ id: 4, id_cliente: 9, nome: "Recepção 2", ramal: "1002" }),
                lineDefaults({ id: 5, id_cliente: 9, nome: "Consultório 1", ramal: "1005" }),
                lineDefaults({ id: 6, id_cliente: 9, nome: "Consultório 2", ramal: "1006" }),
                lineDefaults({ id: 19, id_cliente: 9, nome: "Administração", ramal: "1019" }),
                lineDefaults({ id: 23, id_cliente: 9, nome: "Financeiro", ramal: "1023" }),
                lineDefaults({ id: 30, id_cliente: 13, nome: "Caixa", ramal: "2030" }),
                lineDefaults({ id: 31, id_cliente: 13, nome: "Vendas", ramal: "2031" }),
                lineDefaults({ id: 32, id_cliente: 13, nome: "Estoque", ramal: "2032" }),
                lineDefaults({ id: 40, id_cliente: 21, nome: "Contador", ramal: "3040" }),
                lineDefaults({ id: 41, id_cliente: 21, nome: "Atendimento", ramal: "3041" }),
                lineDefaults({ id: 50, id_cliente: 31, nome: "Recepção", ramal: "5001" }),
                lineDefaults({ id: 51, id_cliente: 31, nome: "Comercial 1", ramal: "5002" }),
                lineDefaults({ id: 52, id_cliente: 31, nome: "Comercial 2", ramal: "5003" }),
                lineDefaults({ id: 53, id_cliente: 31, nome: "Suporte", ramal: "5004" }),
            ],
            ringGroups: [
                { id: 1, id_cliente: 31, descricao: "Recepção", strategy: "linear", devices: [50], status: 1 },
                { id: 2, id_cliente: 31, descricao: "Comercial - Todos", strategy: "ringall", devices: [51, 52], status: 1 },
                { id: 3, id_cliente: 31, descricao: "comercial - todos", strategy: "random", devices: [52, 51], status: 1 },
                { id: 4, id_cliente: 31, descricao: "Suporte 24h", strategy: "linear", devices: [53, 50], status: 0 },
            ],
            queues: [
                { id: 12, id_cliente: 13, descricao: "Fila Vendas" },
                { id: 14, id_cliente: 13, descricao: "Fila Suporte" },
                { id: 15, id_cliente: 9, descricao: "Fila Recepção" },
                { id: 20, id_cliente: 31, descricao: "Fila Comercial" },
                { id: 21, id_cliente: 31, descricao: "Fila Suporte Legado" },
            ],
            ivrs: [
                { id: 7, id_cliente: 13, descricao: "URA Principal" },
                { id: 8, id_cliente: 9, descricao: "URA Clínica" },
                { id: 9, id_cliente: 31, descricao: "URA Legado" },
            ],
            dids: [
                {
                    ...didDefaults(),
                    id: 11,
                    customer_id: 0,
                    description: "Número disponível",
                    did_number: "1130009999",
                    status: 0,
                },
                {
                    ...didDefaults(),
                    id: 12,
                    customer_id: 9,
                    description: "Recepção Clínica",
                    did_number: "1132001000",
                    did_type: 1,
                    device_id: 1,
                },
                {
                    ...didDefaults(),
                    id: 13,
                    customer_id: 31,
                    description: "Central Legado",
                    did_number: "1140001000",
                    did_type: 6,
                    did_type_id: 9,
                },
                {
                    ...didDefaults(),
                    id: 14,
                    customer_id: 31,
                    description: "Comercial Legado",
                    did_number: "1140002000",
                    did_type: 5,
                    did_type_id: 20,
                    max_calls: 10,
                    host: "10.20.0.1",
                    port: 5060,
                    username: "legado",
                    password: "legado-supplier-pw",
                    host_additional: ["10.20.0.2"],
                    register: 1,
                },
                {
                    ...didDefaults(),
                    id: 15,
                    customer_id: 31,
                    description: "Suporte Legado",
                    did_number: "1140003000",
                    did_type: 1,
                    device_id: 53,
                },
                {
                    ...didDefaults(),
                    id: 16,
                    customer_id: 31,
                    description: "Teste de Áudio",
                    did_number: "1140004000",
                    did_type: 10,
                    status: 0,
                },
            ],
            nextId: { ringGroup: 5, did: 17 },
        },
        directcall: seedDirectcall(),
        erix: seedErix(),
    };
}
