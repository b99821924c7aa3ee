import { sha256 } from "./directcall";
import { didDefaults, type Credentials } from "./nextbilling";
import {
    ivrDefaults,
    lineDefaults,
    queueDefaults,
    STATE_VERSION,
    timeProfileDefaults,
    type DirectcallState,
    type ErixState,
    type Ivr,
    type IvrAction,
    type NextBillingLine,
    type SandboxState,
    type TimeProfile,
    type TimeProfileField,
} from "./store";

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
 *
 * Every line, queue and IVR carries the fields of its write method (sandbox/nextbillingTenant.ts).
 * Lines log in with their extension as `username` ("2030"), unique across the platform because the
 * extensions are; their passwords are kept, never listed. The demo tenant's queues and IVRs are
 * wired as a small shop would wire them: customer 13's IVR 7 is open in time profile 3 ("Horário
 * Comercial") and sends 1 to queue 12 and 2 to queue 14; customer 9's IVR 8 is open in profile 2
 * and sends 1 to queue 15. Line 41 authenticates by IP, so a line listing "10.21.0.5,10.21.0.6"
 * as its `domain` is seeded too. Some records are in use, so their deletes are refused: lines 1, 4,
 * 30-32 and 50-53 (DIDs, ring groups, queues, IVRs), every seeded queue (IVRs, DID 14, queue 20's
 * overflow), IVR 9 (DID 13) and every seeded time profile (IVRs). Lines 5, 6, 19, 23, 40 and 41 and
 * IVRs 7 and 8 are free.
 *
 * Customer 45 ("Varejo Novo") has no records at all: the demo stack creates a whole tenant there
 * (lines, queue, time profile, IVR, DIDs, ring group) from scratch, its lines included.
 *
 * The first line, queue, IVR and time profile created through the API are 54, 22, 10 and 5.
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
                { id: 45, nome_fantasia: "Varejo Novo", status: 1 },
            ],
            lines: [
                seededLine(1, 9, "Recepção 1", "1001", { callerid: "1132001000", simultaneas: 2 }),
                seededLine(4, 9, "Recepção 2", "1002", { callerid: "1132001000" }),
                seededLine(5, 9, "Consultório 1", "1005"),
                seededLine(6, 9, "Consultório 2", "1006"),
                seededLine(19, 9, "Administração", "1019", { fixo_ddi: 1, movel_ddi: 1 }),
                seededLine(23, 9, "Financeiro", "1023", { codecs: "alaw;ulaw" }),
                seededLine(30, 13, "Caixa", "2030", { sigame_noanswer_st: 1, sigame_noanswer_dst: "2031", max_ringtime: 20 }),
                seededLine(31, 13, "Vendas", "2031", { simultaneas: 2 }),
                seededLine(32, 13, "Estoque", "2032", { allow_transfer: 0 }),
                seededLine(40, 21, "Contador", "3040"),
                // A PABX on the customer's premises: authenticated by its addresses and a tech prefix, no password.
                seededLine(41, 21, "Atendimento", "3041", {
                    auth: 1,
                    password: "",
                    domain: ["10.21.0.5", "10.21.0.6"],
                    port: 5060,
                    techprefix: "2141",
                    simultaneas: 10,
                }),
                seededLine(50, 31, "Recepção", "5001", { callerid: "1140001000" }),
                seededLine(51, 31, "Comercial 1", "5002", { codecs: "alaw;ulaw", volume_rx: 2 }),
                seededLine(52, 31, "Comercial 2", "5003", { sigame_busy_st: 1, sigame_busy_dst: "5004", status: 0 }),
                seededLine(53, 31, "Suporte", "5004", { sigame_offline_st: 1, sigame_offline_dst: "11987650000", proxy_media: 1 }),
            ],
            ringGroups: [
                { id: 1, id_cliente: 31, descricao: "Recepção", strategy: "linear", devices: [50], status: 1 },
                { id: 2, id_cliente: 31, descricao: "Comercial - Todos", strategy: "ringall", devices: [51, 52], status: 1 },
                { id: 3, id_cliente: 31, descricao: "comercial - todos", strategy: "random", devices: [52, 51], status: 1 },
                { id: 4, id_cliente: 31, descricao: "Suporte 24h", strategy: "linear", devices: [53, 50], status: 0 },
            ],
            queues: [
                { ...queueDefaults({ id: 12, id_cliente: 13, descricao: "Fila Vendas" }), devices: [30, 31] },
                { ...queueDefaults({ id: 14, id_cliente: 13, descricao: "Fila Suporte" }), strategy: "rrmemory", devices: [32] },
                { ...queueDefaults({ id: 15, id_cliente: 9, descricao: "Fila Recepção" }), strategy: "linear", devices: [1, 4] },
                {
                    ...queueDefaults({ id: 20, id_cliente: 31, descricao: "Fila Comercial" }),
                    strategy: "fewestcalls",
                    musiconhold: "custom",
                    announce: { id: 31 },
                    announce_frequency: 30,
                    announce_position: 1,
                    timeout: 120,
                    queue_type: 2,
                    id_backup1: 21,
                    devices: [51, 52],
                },
                { ...queueDefaults({ id: 21, id_cliente: 31, descricao: "Fila Suporte Legado" }), devices: [53, 50] },
            ],
            ivrs: [
                seededIvr(7, 13, "URA Principal", {
                    perfil_horario: { id: 3 },
                    options: { 1: action("queue", "12"), 2: action("queue", "14") },
                }),
                seededIvr(8, 9, "URA Clínica", {
                    perfil_horario: { id: 2 },
                    closed_action: action("voicemail", "1"),
                    options: { 1: action("queue", "15") },
                }),
                // Configured over years: a satisfaction survey, its own audios, an option straight to the front desk.
                seededIvr(9, 31, "URA Legado", {
                    alow_dial_extension: 1,
                    timeout_response: 8,
                    perfil_horario: { id: 4 },
                    audio_invalido: { id: 32 },
                    closed_audio: { id: 33 },
                    have_question: 1,
                    audio_question: { id: 34 },
                    closed_action: action("voicemail", "50"),
                    options: { 0: action("device", "50"), 1: action("queue", "20"), 2: action("queue", "21") },
                }),
            ],
            timeProfiles: [
                seededProfile(2, 9, "Horário da Clínica", {
                    ...weekdays([1, 2, 3, 4, 5], "07:00:00", "12:00:00", "13:00:00", "19:00:00"),
                    ...weekdays([6], "07:00:00", "11:00:00"),
                }),
                seededProfile(3, 13, "Horário Comercial", {
                    ...weekdays([1, 2, 3, 4, 5], "08:00:00", "18:00:00"),
                    ...weekdays([6], "08:00:00", "12:00:00"),
                }),
                seededProfile(4, 31, "Expediente Legado", weekdays([1, 2, 3, 4, 5], "09:00:00", "12:00:00", "13:30:00", "18:00:00")),
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
            nextId: { ringGroup: 5, did: 17, line: 54, queue: 22, ivr: 10, timeProfile: 5 },
        },
        directcall: seedDirectcall(),
        erix: seedErix(),
    };
}

/** A seeded line: user and password login with its extension as `username`, the given fields over the defaults. */
function seededLine(id: number, customer: number, nome: string, ramal: string, fields: Partial<NextBillingLine> = {}): NextBillingLine {
    return { ...lineDefaults({ id, id_cliente: customer, nome, ramal }), username: ramal, password: `senha-${ramal}`, ...fields };
}

function seededIvr(id: number, customer: number, descricao: string, fields: Partial<Ivr>): Ivr {
    return { ...ivrDefaults({ id, id_cliente: customer, descricao }), ...fields };
}

function action(name: IvrAction["action"], data: string): IvrAction {
    return { action: name, action_data: data };
}

function seededProfile(id: number, customer: number, descricao: string, hours: Partial<Record<TimeProfileField, string>>): TimeProfile {
    return timeProfileDefaults({ id, id_cliente: customer, descricao }, hours);
}

/** The same one or two intervals on each of `days` (0 Sunday … 6 Saturday). */
function weekdays(days: number[], ini1: string, end1: string, ini2 = "", end2 = ""): Partial<Record<TimeProfileField, string>> {
    return Object.fromEntries(
        days.flatMap((day) => [
            [`wday${day}_hora1_ini`, ini1],
            [`wday${day}_hora1_end`, end1],
            [`wday${day}_hora2_ini`, ini2],
            [`wday${day}_hora2_end`, end2],
        ]),
    );
}
