import { sha256 } from "./directcall";
import { didDefaults, type Credentials } from "./nextbilling";
import { STATE_VERSION, type DirectcallState, type ErixState, type SandboxState } from "./store";

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
 * The demo Directcall account, with one callback registered by someone else (another system of the
 * same customer, or a person in the panel): a stack must list it and leave it alone.
 */
export function seedDirectcall(): DirectcallState {
    const clientId = DIRECTCALL_DEMO_CREDENTIALS.client_id;
    return {
        accounts: [{ clientId, secretSha256: sha256(DIRECTCALL_DEMO_CREDENTIALS.client_secret) }],
        tokens: [],
        callbacks: [{ code: "cb-legacy-1", clientId, url: "https://legacy.example.com.br/hooks/directcall", pin: "" }],
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
        answerFormat: "json",
    };
}

/**
 * The demo tenant. Customer 9 owns lines 1, 4, 19 and 23 because the vendor's example creates a
 * ring group with `devices: [1,4,19,23]` for `id_cliente: 9`. Line ids are unique across customers,
 * as on the vendor, so "line belongs to another customer" can be exercised.
 *
 * Queues and IVRs are spread over customers 9 and 13 for the same reason (DIDs of type 5 and 6).
 * The DIDs are numbered 11 and 12 so the vendor's manageDID examples work unchanged: its POST
 * example edits DID 12 and its PUT example answers `"new_record":13`. DID 11 is for sale
 * (customer 0, no routing), DID 12 belongs to customer 9 and rings line 1, so adoption and
 * duplicate numbers can be exercised.
 */
export function seedState(): SandboxState {
    return {
        version: STATE_VERSION,
        nextbilling: {
            customers: [
                { id: 9, nome: "Clínica Bem Estar" },
                { id: 13, nome: "Loja Centro" },
                { id: 21, nome: "Escritório Contábil" },
            ],
            lines: [
                { id: 1, id_cliente: 9, nome: "Recepção 1", ramal: "1001" },
                { id: 4, id_cliente: 9, nome: "Recepção 2", ramal: "1002" },
                { id: 5, id_cliente: 9, nome: "Consultório 1", ramal: "1005" },
                { id: 6, id_cliente: 9, nome: "Consultório 2", ramal: "1006" },
                { id: 19, id_cliente: 9, nome: "Administração", ramal: "1019" },
                { id: 23, id_cliente: 9, nome: "Financeiro", ramal: "1023" },
                { id: 30, id_cliente: 13, nome: "Caixa", ramal: "2030" },
                { id: 31, id_cliente: 13, nome: "Vendas", ramal: "2031" },
                { id: 32, id_cliente: 13, nome: "Estoque", ramal: "2032" },
                { id: 40, id_cliente: 21, nome: "Contador", ramal: "3040" },
                { id: 41, id_cliente: 21, nome: "Atendimento", ramal: "3041" },
            ],
            ringGroups: [],
            queues: [
                { id: 12, id_cliente: 13, descricao: "Fila Vendas" },
                { id: 14, id_cliente: 13, descricao: "Fila Suporte" },
                { id: 15, id_cliente: 9, descricao: "Fila Recepção" },
            ],
            ivrs: [
                { id: 7, id_cliente: 13, descricao: "URA Principal" },
                { id: 8, id_cliente: 9, descricao: "URA Clínica" },
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
            ],
            nextId: { ringGroup: 1, did: 13 },
        },
        directcall: seedDirectcall(),
        erix: seedErix(),
    };
}
