import {
    DEFAULT_VARIANTS,
    DIRECTCALL_DEMO_CREDENTIALS,
    SandboxAdmin,
    startSandbox,
    VARIANT_PROFILES,
    type Sandbox,
    type VariantSelection,
} from "../../sandbox";
import type { CliContext } from "../../cli/telephony";
import { apiUrl, request, ringGroupsUrl, TOKEN } from "../support/http";

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => admin.reset());

const select = (selection: VariantSelection) => admin.setVariants(selection);

const DEFAULTS = {
    nextbillingLists: "flat",
    nextbillingValues: "strings",
    nextbillingObjects: "objects",
    ivrOptions: "keyed",
    timeProfileTimes: "seconds",
    ringGroupDevices: "array",
    didLookup: "supported",
    didDelete: "supported",
    lineWrites: "supported",
    queueWrites: "supported",
    ivrWrites: "supported",
    timeProfileWrites: "supported",
    callbackList: "array",
    callbackRemove: "supported",
    erixAnswers: "json",
    erixCrm: "disabled",
};

describe("selection", () => {
    it("defaults to every key's first value", async () => {
        expect(await admin.variants()).toEqual(DEFAULTS);
        expect(DEFAULT_VARIANTS).toEqual(DEFAULTS);
    });

    it.each([
        ["documented", {}],
        [
            "nested",
            {
                nextbillingLists: "nested",
                nextbillingValues: "numbers",
                nextbillingObjects: "bareIds",
                ivrOptions: "php",
                timeProfileTimes: "minutes",
                ringGroupDevices: "csv",
            },
        ],
        [
            "keyed",
            {
                nextbillingLists: "keyed",
                nextbillingObjects: "jsonText",
                ivrOptions: "list",
                timeProfileTimes: "null",
                ringGroupDevices: "brackets",
                callbackList: "string",
                erixAnswers: "text",
            },
        ],
        ["did-not-found", { didLookup: "notFound", didDelete: "notFound" }],
        ["did-404", { didLookup: "404", didDelete: "405", callbackList: "404" }],
        ["unreadable", { didLookup: "html", didDelete: "html", callbackList: "html" }],
    ])("profile %s expands to the defaults plus %j", async (profile, keys) => {
        expect(VARIANT_PROFILES[profile as keyof typeof VARIANT_PROFILES]).toEqual(keys);
        expect(await select({ profile: profile as keyof typeof VARIANT_PROFILES })).toEqual({ ...DEFAULTS, ...keys, profile });
        expect(await admin.variants()).toEqual({ ...DEFAULTS, ...keys, profile });
    });

    it("applies keys over the profile, and a PUT replaces the whole selection starting from the defaults", async () => {
        expect(await select({ profile: "nested", ringGroupDevices: "brackets", didLookup: "404" })).toEqual({
            ...DEFAULTS,
            ...VARIANT_PROFILES.nested,
            ringGroupDevices: "brackets",
            didLookup: "404",
            profile: "nested",
        });
        expect(await select({ callbackRemove: "404" })).toEqual({ ...DEFAULTS, callbackRemove: "404" });
        expect(await select({})).toEqual(DEFAULTS);
    });

    it("refuses an unknown key, value or profile with 400 naming what is allowed, and keeps the selection", async () => {
        await select({ didLookup: "405" });
        const put = (body: unknown) => request(`${sandbox.url}/_admin/variants`, { method: "PUT", json: body });
        expect(await put({ didLookups: "404" })).toMatchObject({
            status: 400,
            json: {
                error:
                    "unknown variant 'didLookups'; known: profile, nextbillingLists, nextbillingValues, nextbillingObjects, ivrOptions, " +
                    "timeProfileTimes, ringGroupDevices, didLookup, didDelete, lineWrites, queueWrites, ivrWrites, timeProfileWrites, " +
                    "callbackList, callbackRemove, erixAnswers, erixCrm",
            },
        });
        expect(await put({ didLookup: "410" })).toMatchObject({
            status: 400,
            json: { error: "didLookup must be one of supported, notFound, 404, 405, html, unexpected; got '410'" },
        });
        expect(await put({ didLookup: 404 })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/got 404$/) } });
        expect(await put({ profile: "flat" })).toMatchObject({
            status: 400,
            json: { error: "profile must be one of documented, nested, keyed, did-not-found, did-404, unreadable; got 'flat'" },
        });
        expect(await put([])).toMatchObject({ status: 400, json: { error: "body must be a JSON object" } });
        expect((await request(`${sandbox.url}/_admin/variants`, { method: "DELETE" })).status).toBe(405);
        await expect(admin.setVariants({ erixCrm: "on" as "enabled" })).rejects.toThrow(
            /HTTP 400: erixCrm must be one of disabled, enabled; got 'on'/,
        );
        expect((await admin.variants()).didLookup).toBe("405");
    });

    it("reset goes back to the startup variants", async () => {
        const started = await startSandbox({ variants: { profile: "keyed", didLookup: "405" } });
        try {
            const startedAdmin = new SandboxAdmin(started.url);
            const startup = { ...DEFAULTS, ...VARIANT_PROFILES.keyed, didLookup: "405", profile: "keyed" };
            expect(await startedAdmin.variants()).toEqual(startup);
            await startedAdmin.setVariants({ erixCrm: "enabled" });
            await startedAdmin.reset();
            expect(await startedAdmin.variants()).toEqual(startup);
        } finally {
            await started.close();
        }
        await select({ profile: "unreadable" });
        await admin.reset();
        expect(await admin.variants()).toEqual(DEFAULTS);
    });

    it("refuses a bad startup selection, naming the allowed values", async () => {
        await expect(startSandbox({ variants: { nextbillingLists: "tree" as "flat" } })).rejects.toThrow(
            "nextbillingLists must be one of flat, nested, keyed; got 'tree'",
        );
        await expect(startSandbox({ variants: { profile: "all" as "nested" } })).rejects.toThrow(/^profile must be one of documented/);
    });

    it("never changes what is stored: /_admin/state is the same under every selection", async () => {
        const before = await admin.state();
        for (const profile of Object.keys(VARIANT_PROFILES) as (keyof typeof VARIANT_PROFILES)[]) {
            await select({ profile, callbackRemove: "404", erixCrm: "enabled" });
            // fetch, not request: some of these answer HTML
            await fetch(ringGroupsUrl(sandbox.url));
            await fetch(apiUrl(sandbox.url, "manageDID", 0));
            await fetch(apiUrl(sandbox.url, "manageDID", undefined, "?id_record=99"), { method: "DELETE" });
            expect(await admin.state()).toEqual(before);
        }
        expect(JSON.stringify(before)).not.toMatch(/answerFormat|nextbillingLists|erixCrm/);
    });
});

// ---- NextBilling lists -------------------------------------------------------------------------

describe("nextbillingLists, nextbillingValues and ringGroupDevices: GET manageRingGroups", () => {
    /** Customer 9's only group (the seed's groups 1-4 are the legacy tenant's). */
    beforeEach(() => admin.ringGroups.create({ id_cliente: 9, descricao: "Recepção", strategy: "linear", devices: [1, 4], status: 1 }));
    const listed = async (scope: number) => (await request(ringGroupsUrl(sandbox.url, scope))).text;

    const GROUP_STRINGS = '{"id":"5","id_cliente":"9","descricao":"Recepção","strategy":"linear","devices":["1","4"],"status":"1"}';
    const GROUP_NUMBERS = '{"id":5,"id_cliente":9,"descricao":"Recepção","strategy":"linear","devices":[1,4],"status":1}';

    it.each([
        [{}, `{"error":0,"reason":"OK","records":1,"data":[${GROUP_STRINGS}]}`],
        [{ nextbillingValues: "numbers" }, `{"error":0,"reason":"OK","records":1,"data":[${GROUP_NUMBERS}]}`],
        [
            { nextbillingLists: "nested" },
            `{"error":0,"reason":"OK","records":1,"data":[{"id_cliente":9,"nome_fantasia":"Clínica Bem Estar","records":1,"data":[${GROUP_STRINGS}]}]}`,
        ],
        [
            { nextbillingLists: "nested", nextbillingValues: "numbers" },
            `{"error":0,"reason":"OK","records":1,"data":[{"id_cliente":9,"nome_fantasia":"Clínica Bem Estar","records":1,"data":[${GROUP_NUMBERS}]}]}`,
        ],
        [{ nextbillingLists: "keyed" }, `{"error":0,"reason":"OK","records":1,"data":{"9":[${GROUP_STRINGS}]}}`],
        [
            { nextbillingLists: "keyed", nextbillingValues: "numbers" },
            `{"error":0,"reason":"OK","records":1,"data":{"9":[${GROUP_NUMBERS}]}}`,
        ],
        [{ ringGroupDevices: "csv" }, `{"error":0,"reason":"OK","records":1,"data":[${GROUP_STRINGS.replace('["1","4"]', '"1,4"')}]}`],
        [
            { ringGroupDevices: "csv", nextbillingValues: "numbers" },
            `{"error":0,"reason":"OK","records":1,"data":[${GROUP_NUMBERS.replace("[1,4]", '"1,4"')}]}`,
        ],
        [
            { ringGroupDevices: "brackets" },
            `{"error":0,"reason":"OK","records":1,"data":[${GROUP_STRINGS.replace('["1","4"]', '"[1,4]"')}]}`,
        ],
        [
            { ringGroupDevices: "brackets", nextbillingValues: "numbers" },
            `{"error":0,"reason":"OK","records":1,"data":[${GROUP_NUMBERS.replace("[1,4]", '"[1,4]"')}]}`,
        ],
    ])("%j lists customer 9 as %s", async (selection, text) => {
        await select(selection as VariantSelection);
        expect(await listed(9)).toBe(text);
    });

    it("nested answers one block per customer with groups, by customer id, and records counting the blocks", async () => {
        await select({ nextbillingLists: "nested" });
        const all = JSON.parse(await listed(0));
        expect(all.records).toBe(2);
        expect(all.data.map((block: Record<string, unknown>) => [block.id_cliente, block.nome_fantasia, block.records])).toEqual([
            [9, "Clínica Bem Estar", 1],
            [31, "Legado Telecom Ltda", 4],
        ]);
        expect(all.data[1].data.map((group: { id: string }) => group.id)).toEqual(["1", "2", "3", "4"]);
        expect(await listed(13)).toBe('{"error":0,"reason":"OK","records":0,"data":[]}');
    });

    it("keyed answers the groups under their customer's id, records counting the groups", async () => {
        await select({ nextbillingLists: "keyed" });
        const all = JSON.parse(await listed(0));
        expect(all.records).toBe(5);
        expect(Object.keys(all.data)).toEqual(["9", "31"]);
        expect(all.data["31"].map((group: { id: string }) => group.id)).toEqual(["1", "2", "3", "4"]);
        expect(await listed(13)).toBe('{"error":0,"reason":"OK","records":0,"data":{}}');
    });

    it("refusals keep their shape whatever the variants", async () => {
        await select({ profile: "nested" });
        expect((await request(ringGroupsUrl(sandbox.url, 77))).text).toBe('{"error":1,"reason":"Cliente não encontrado: 77"}');
    });
});

describe("nextbillingLists and nextbillingValues: GET manageQueue and manageIvr", () => {
    // Every field of the seeded records (the seed gained them with the queue and IVR writes): ids, flags and
    // counts per nextbillingValues, `{"id": N}` objects nested in every shape, `devices` per ringGroupDevices.
    const queues13 = (values: "strings" | "numbers") => {
        const v = (n: number) => (values === "strings" ? `"${n}"` : `${n}`);
        const queue = (id: number, descricao: string, strategy: string, devices: number[]) =>
            `{"id":${v(id)},"id_cliente":${v(13)},"descricao":"${descricao}","strategy":"${strategy}","musiconhold":"default","announce":null,` +
            `"announce_frequency":${v(0)},"announce_holdtime":${v(0)},"announce_position":${v(0)},"retry":${v(5)},"timeout":${v(30)},` +
            `"wrapuptime":${v(0)},"reportholdtime":${v(0)},"ringinuse":${v(0)},"queue_type":${v(0)},"play_agent_audio":${v(0)},` +
            `"id_backup1":${v(0)},"devices":[${devices.map(v).join(",")}]}`;
        return `${queue(12, "Fila Vendas", "ringall", [30, 31])},${queue(14, "Fila Suporte", "rrmemory", [32])}`;
    };

    it.each([
        [{}, `{"error":0,"reason":"OK","records":2,"data":[${queues13("strings")}]}`],
        [
            { nextbillingLists: "nested", nextbillingValues: "numbers" },
            `{"error":0,"reason":"OK","records":1,"data":[{"id_cliente":13,"nome_fantasia":"Loja Centro","records":2,"data":[${queues13("numbers")}]}]}`,
        ],
        [{ nextbillingLists: "keyed" }, `{"error":0,"reason":"OK","records":2,"data":{"13":[${queues13("strings")}]}}`],
    ])("manageQueue/13 under %j", async (selection, text) => {
        await select(selection as VariantSelection);
        expect((await request(apiUrl(sandbox.url, "manageQueue", 13))).text).toBe(text);
    });

    const ivr8 = (values: "strings" | "numbers") => {
        const v = (n: number) => (values === "strings" ? `"${n}"` : `${n}`);
        return (
            `{"id":${v(8)},"id_cliente":${v(9)},"descricao":"URA Clínica","alow_dial_extension":${v(0)},"timeout_response":${v(5)},` +
            `"timeout_digit":${v(3)},"perfil_horario":{"id":${v(2)}},"audio_invalido":null,"audio_timeout":null,"audio_question":null,` +
            `"closed_audio":null,"have_question":${v(0)},"closed_action":{"action":"voicemail","action_data":"1"},"action1":null,` +
            `"options":{"1":{"action":"queue","action_data":"15"}}}`
        );
    };

    it.each([
        [{}, `{"error":0,"reason":"OK","records":1,"data":[${ivr8("strings")}]}`],
        [{ nextbillingValues: "numbers" }, `{"error":0,"reason":"OK","records":1,"data":[${ivr8("numbers")}]}`],
        [
            { nextbillingLists: "nested" },
            `{"error":0,"reason":"OK","records":1,"data":[{"id_cliente":9,"nome_fantasia":"Clínica Bem Estar","records":1,"data":[${ivr8("strings")}]}]}`,
        ],
        [{ nextbillingLists: "keyed" }, `{"error":0,"reason":"OK","records":1,"data":{"9":[${ivr8("strings")}]}}`],
    ])("manageIvr/9 under %j", async (selection, text) => {
        await select(selection as VariantSelection);
        expect((await request(apiUrl(sandbox.url, "manageIvr", 9))).text).toBe(text);
    });
});

// ---- DIDs --------------------------------------------------------------------------------------

/** Seeded DID 12 (customer 9, rings line 1) as the DID reads list it, values as strings or in their stored types. */
const DID_12_STRINGS =
    '{"id":"12","customer_id":"9","description":"Recepção Clínica","rate_id":null,"rate_cost_id":null,"did_number":"1132001000","did_type":"1",' +
    '"did_type_id":null,"device_id":"1","host":"","port":null,"username":"","techprefix1":"","ip_address1":"","port1":null,"techprefix2":"",' +
    '"ip_address2":"","port2":null,"callerid_add":"","max_calls":null,"play_audio":"1","hide_from_reseller":"0","enable_fixed":"1",' +
    '"enable_mobile":"1","enable_ddi":"0","register":"0","status":"1","annotations":"","host_additional":[]}';
const DID_12_NUMBERS =
    '{"id":12,"customer_id":9,"description":"Recepção Clínica","rate_id":null,"rate_cost_id":null,"did_number":"1132001000","did_type":1,' +
    '"did_type_id":null,"device_id":1,"host":"","port":null,"username":"","techprefix1":"","ip_address1":"","port1":null,"techprefix2":"",' +
    '"ip_address2":"","port2":null,"callerid_add":"","max_calls":null,"play_audio":1,"hide_from_reseller":0,"enable_fixed":1,' +
    '"enable_mobile":1,"enable_ddi":0,"register":0,"status":1,"annotations":"","host_additional":[]}';

const didUrl = (id?: number | string, query = "") => apiUrl(sandbox.url, "manageDID", id, query);
/** An HTML page with HTTP 200, read with fetch (helpers' `request` parses anything but XML and plain text as JSON). */
async function expectHtml(answer: Response, title: string): Promise<void> {
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    const text = await answer.text();
    expect(text).toMatch(/^<!DOCTYPE html>/);
    expect(text).toContain(`<title>${title}</title>`);
}

describe("didLookup: GET manageDID/0 and /{id}", () => {
    it.each([
        [{}, `{"error":0,"reason":"OK","records":1,"data":[${DID_12_STRINGS}]}`],
        [{ nextbillingValues: "numbers" }, `{"error":0,"reason":"OK","records":1,"data":[${DID_12_NUMBERS}]}`],
        [
            { nextbillingLists: "nested" },
            `{"error":0,"reason":"OK","records":1,"data":[{"id_cliente":9,"nome_fantasia":"Clínica Bem Estar","records":1,"data":[${DID_12_STRINGS}]}]}`,
        ],
        [
            { nextbillingLists: "keyed", nextbillingValues: "numbers" },
            `{"error":0,"reason":"OK","records":1,"data":{"9":[${DID_12_NUMBERS}]}}`,
        ],
        [{ didLookup: "notFound" }, `{"error":0,"reason":"OK","records":1,"data":[${DID_12_STRINGS}]}`],
    ])("supported and notFound answer /12 as a one-record list: %j", async (selection, text) => {
        await select(selection as VariantSelection);
        const answer = await request(didUrl(12));
        expect([answer.status, answer.text]).toEqual([200, text]);
    });

    it("supported lists every DID for /0 in the list shape; nested puts DIDs for sale in a block of customer 0", async () => {
        expect((await request(didUrl(0))).json.data.map((did: { id: string }) => did.id)).toEqual(["11", "12", "13", "14", "15", "16"]);
        await select({ nextbillingLists: "nested" });
        const nested = (await request(didUrl(0))).json;
        expect(nested.records).toBe(3);
        expect(nested.data.map((block: Record<string, unknown>) => [block.id_cliente, block.nome_fantasia, block.records])).toEqual([
            [0, "", 1],
            [9, "Clínica Bem Estar", 1],
            [31, "Legado Telecom Ltda", 4],
        ]);
        await select({ nextbillingLists: "keyed" });
        expect(Object.keys((await request(didUrl(0))).json.data)).toEqual(["0", "9", "31"]);
    });

    it("notFound: /0 (and no segment) reads record 0: HTTP 200 error 1; an unknown id answers as supported", async () => {
        await select({ didLookup: "notFound" });
        for (const url of [didUrl(0), didUrl()]) {
            const answer = await request(url);
            expect([answer.status, answer.text]).toEqual([200, '{"error":1,"reason":"Registro não encontrado"}']);
        }
        expect((await request(didUrl(99))).text).toBe('{"error":1,"reason":"Registro não encontrado: 99"}');
    });

    it.each([
        ["404", 404, '{"error":1,"reason":"Método não encontrado: manageDID"}'],
        ["405", 405, '{"error":1,"reason":"Método HTTP não permitido: GET"}'],
        ["unexpected", 200, '{"error":0,"reason":"OK","data":"ok"}'],
    ])("%s answers /0, /12 and /99 with HTTP %s %s", async (didLookup, status, text) => {
        await select({ didLookup: didLookup as "404" });
        for (const id of [0, 12, 99]) {
            const answer = await request(didUrl(id));
            expect([answer.status, answer.text]).toEqual([status, text]);
            expect(answer.headers.get("content-type")).toMatch(/^application\/json/);
        }
    });

    it("html answers an HTML login page with HTTP 200 for /0 and /12", async () => {
        await select({ didLookup: "html" });
        for (const id of [0, 12]) await expectHtml(await fetch(didUrl(id)), "NextBilling - Login");
    });

    it("checks the credentials first and leaves the documented PUT and POST alone", async () => {
        await select({ didLookup: "404", didDelete: "404" });
        expect((await request(`${sandbox.url}/api/manageDID/${TOKEN}/wrong/0`)).status).toBe(403);
        const created = await request(didUrl(), { method: "PUT", json: { customer_id: 13, did_number: "1166" } });
        expect(created.text).toBe('{"error":0,"reason":"OK","new_record":17,}');
        expect((await request(didUrl(17), { method: "POST", json: { description: "x" } })).text).toBe('{"error":0,"reason":"OK"}');
    });
});

describe("didDelete: DELETE manageDID?id_record=N", () => {
    const remove = (record = "12") => fetch(didUrl(undefined, `?id_record=${record}`), { method: "DELETE" });
    const dids = () => sandbox.store.state.nextbilling.dids.map((did) => did.id);

    it("supported deletes", async () => {
        const answer = await remove();
        expect([answer.status, await answer.text()]).toEqual([200, '{"error":0,"reason":"OK"}']);
        expect(dids()).not.toContain(12);
    });

    it.each([
        ["404", 404, '{"error":1,"reason":"Método não encontrado: manageDID"}'],
        ["405", 405, '{"error":1,"reason":"Método HTTP não permitido: DELETE"}'],
        ["notFound", 200, '{"error":1,"reason":"Registro não encontrado"}'],
    ])("%s answers HTTP %s %s and deletes nothing, whatever the request carries", async (didDelete, status, text) => {
        await select({ didDelete: didDelete as "404" });
        for (const record of ["12", "99", ""]) {
            const answer = await remove(record);
            expect([answer.status, await answer.text()]).toEqual([status, text]);
        }
        expect(dids()).toContain(12);
        expect((await admin.requests()).writes).toBe(0);
    });

    it("html answers an HTML login page with HTTP 200 and deletes nothing", async () => {
        await select({ didDelete: "html" });
        await expectHtml(await remove(), "NextBilling - Login");
        expect(dids()).toContain(12);
    });
});

// ---- Directcall ----------------------------------------------------------------------------------

const SEEDED_CALLBACKS = [
    { code: "cb-legacy-1", url: "https://legacy.example.com.br/hooks/directcall", pin: "" },
    { code: "cb-legacy-2", url: "https://legado:legado-hook-pw@crm.legado.example.com.br/directcall", pin: "" },
    { code: "cb-legacy-3", url: "https://crm.legado.example.com.br/directcall/vendas", pin: "4321" },
];

const directcall = (path: string, fields: Record<string, string>) =>
    fetch(`${sandbox.url}${path}`, { method: "POST", body: new URLSearchParams(fields) });

async function token(): Promise<string> {
    const answer = await directcall("/request_token", { ...DIRECTCALL_DEMO_CREDENTIALS });
    return ((await answer.json()) as { access_token: string }).access_token;
}

describe("callbackList: POST /voz/list-callback", () => {
    const list = async () => {
        const answer = await directcall("/voz/list-callback", { access_token: await token() });
        return { status: answer.status, type: answer.headers.get("content-type"), text: await answer.text() };
    };

    it("array: data is an array of {code,url,pin}", async () => {
        expect(await list()).toEqual({
            status: 200,
            type: expect.stringMatching(/^application\/json/),
            text: JSON.stringify({ api: "voz", modulo: "list-callback", status: "ok", codigo: "000", total: 3, data: SEEDED_CALLBACKS }),
        });
    });

    it("string: data is that array JSON-encoded, as Directcall's /did/list answers it", async () => {
        await select({ callbackList: "string" });
        const answer = await list();
        expect(answer.text).toBe(
            JSON.stringify({
                api: "voz",
                modulo: "list-callback",
                status: "ok",
                codigo: "000",
                total: 3,
                data: JSON.stringify(SEEDED_CALLBACKS),
            }),
        );
        expect(JSON.parse(JSON.parse(answer.text).data)).toEqual(SEEDED_CALLBACKS);
    });

    it("404: the path is unknown to the server, and answers as every unknown path does", async () => {
        await select({ callbackList: "404" });
        const unknown = { api: "voz", modulo: "list-callback", status: "erro", codigo: "001", msg: "Método não encontrado: list-callback" };
        expect(await list()).toEqual({ status: 404, type: expect.stringMatching(/^application\/json/), text: JSON.stringify(unknown) });
        const sendSms = await directcall("/voz/send-sms", {});
        expect(sendSms.status).toBe(404);
        expect(await sendSms.json()).toEqual({ ...unknown, modulo: "send-sms", msg: "Método não encontrado: send-sms" });
    });

    it("html: an HTML page with HTTP 200", async () => {
        await select({ callbackList: "html" });
        await expectHtml(await directcall("/voz/list-callback", { access_token: await token() }), "Directcall - Área do Cliente");
    });
});

describe("callbackRemove: POST /voz/remove-callback", () => {
    it("supported removes; 404 answers the unknown-path 404 and removes nothing", async () => {
        await select({ callbackRemove: "404" });
        const answer = await directcall("/voz/remove-callback", { access_token: await token(), code: "cb-legacy-1" });
        expect(answer.status).toBe(404);
        expect(await answer.text()).toBe(
            '{"api":"voz","modulo":"remove-callback","status":"erro","codigo":"001","msg":"Método não encontrado: remove-callback"}',
        );
        expect(sandbox.store.state.directcall.callbacks.map((c) => c.code)).toContain("cb-legacy-1");

        await select({});
        const removed = await directcall("/voz/remove-callback", { access_token: await token(), code: "cb-legacy-1" });
        expect(await removed.text()).toBe('{"api":"voz","modulo":"remove-callback","status":"ok","codigo":"000","msg":"URL removida"}');
    });
});

// ---- Erix ----------------------------------------------------------------------------------------

describe("erixAnswers and erixCrm: /api/agent.php", () => {
    const agent = async (query: string, init: RequestInit = {}) => {
        const answer = await fetch(`${sandbox.url}/api/agent.php?${query}`, init);
        return { status: answer.status, type: answer.headers.get("content-type"), text: await answer.text() };
    };
    const login = "agent=maria&command=login&exten=2001&queue=vendas";

    it("json wraps texts as {success} / {error}; text answers them bare as text/plain", async () => {
        expect(await agent(login)).toEqual({
            status: 200,
            type: expect.stringMatching(/^application\/json/),
            text: '{"success":"Login OK"}',
        });
        expect(await agent("agent=maria")).toEqual({
            status: 400,
            type: expect.stringMatching(/^application\/json/),
            text: '{"error":"Command not specified"}',
        });
        await select({ erixAnswers: "text" });
        expect(await agent("agent=maria&command=pause")).toEqual({
            status: 200,
            type: expect.stringMatching(/^text\/plain/),
            text: "Pause OK",
        });
        expect(await agent("agent=maria&command=pause")).toEqual({
            status: 200,
            type: expect.stringMatching(/^text\/plain/),
            text: "Agent alredy paused",
        });
    });

    it("the old /_admin/erix/settings answerFormat is an alias of erixAnswers that leaves the other variants alone", async () => {
        await select({ profile: "nested" });
        expect(await admin.erix.setAnswerFormat("text")).toEqual({ answerFormat: "text" });
        expect(await admin.variants()).toEqual({ ...DEFAULTS, ...VARIANT_PROFILES.nested, profile: "nested", erixAnswers: "text" });
        await select({ erixAnswers: "text" });
        expect(await admin.erix.settings()).toEqual({ answerFormat: "text" });
        await admin.reset();
        expect(await admin.erix.settings()).toEqual({ answerFormat: "json" });
    });

    it("erixCrm enabled: every request, well-formed or not, GET or POST, answers the CRM's HTML login page and changes nothing", async () => {
        await select({ erixCrm: "enabled", erixAnswers: "text" });
        for (const answer of [
            await agent(login),
            await agent("agent=maria"),
            await agent("", { method: "POST", body: new URLSearchParams({ agent: "maria", command: "logoff" }) }),
        ]) {
            expect(answer).toMatchObject({
                status: 200,
                type: expect.stringMatching(/^text\/html/),
                text: expect.stringMatching(/^<!DOCTYPE html>/),
            });
            expect(answer.text).toContain("<title>Nuclear Erix CRM - Login</title>");
        }
        expect(await admin.erix.sessions()).toEqual([]);
        expect((await admin.requests()).writes).toBe(0);
        await select({});
        expect((await agent(login)).text).toBe('{"success":"Login OK"}');
    });
});

// ---- Fault matchers ------------------------------------------------------------------------------

describe("bodyIncludes: fault matchers on the logged body", () => {
    const erixPost = (fields: Record<string, string>) =>
        fetch(`${sandbox.url}/api/agent.php`, { method: "POST", body: new URLSearchParams(fields) });

    it("failNext matches an Erix POST by a substring of its JSON body; a GET (no body) never matches", async () => {
        await admin.setFaults({ failNext: [{ bodyIncludes: '"command":"pause"', status: 503, count: 1 }] });
        expect((await erixPost({ agent: "maria", command: "login", exten: "2001", queue: "vendas" })).status).toBe(200);
        expect((await fetch(`${sandbox.url}/api/agent.php?agent=maria&command=pause`)).status).toBe(200); // GET: params in the query
        await fetch(`${sandbox.url}/api/agent.php?agent=maria&command=unpause`);
        const failed = await erixPost({ agent: "maria", command: "pause", reason: "cafe" });
        expect([failed.status, await failed.json()]).toEqual([503, { error: "Service Unavailable" }]);
        expect((await admin.erix.sessions())[0]!.paused).toBe(false);
        expect((await admin.requests()).requests.map((r) => r.fault ?? null)).toEqual([null, null, null, "failNext"]);
    });

    it("dropAnswerNext and hangNext match a Directcall add-callback with a PIN, not one without", async () => {
        const accessToken = await token();
        await admin.setFaults({ dropAnswerNext: [{ pathIncludes: "add-callback", bodyIncludes: '"pin":"', count: 1 }] });
        expect((await directcall("/voz/add-callback", { access_token: accessToken, url: "https://example.org/a" })).status).toBe(200);
        await expect(
            directcall("/voz/add-callback", { access_token: accessToken, url: "https://example.org/b", pin: "12" }),
        ).rejects.toThrow();
        expect(sandbox.store.state.directcall.callbacks.map((c) => c.url)).toContain("https://example.org/b"); // applied, answer dropped

        await admin.setFaults({ hangNext: [{ bodyIncludes: '"pin":"77"', count: 1 }] });
        const hung = fetch(`${sandbox.url}/voz/add-callback`, {
            method: "POST",
            body: new URLSearchParams({ access_token: accessToken, url: "https://example.org/c", pin: "77" }),
            signal: AbortSignal.timeout(300),
        });
        await expect(hung).rejects.toThrow();
        expect(sandbox.store.state.directcall.callbacks.map((c) => c.url)).not.toContain("https://example.org/c");
        expect((await admin.requests()).requests.map((r) => r.fault ?? null)).toEqual([null, null, "dropAnswerNext", "hangNext"]);
    });

    it("sees secrets masked, as the log does, and NextBilling's JSON bodies", async () => {
        const accessToken = await token();
        await admin.setFaults({
            failNext: [
                { bodyIncludes: accessToken, status: 500, count: 1 },
                { bodyIncludes: '"descricao":"Falhar"', status: 429, retryAfter: 3, count: 1 },
            ],
        });
        expect((await directcall("/voz/list-callback", { access_token: accessToken })).status).toBe(200); // logged as "***"
        const group = { id_cliente: 9, descricao: "Falhar", strategy: "linear", devices: [1], status: 1 };
        const refused = await request(ringGroupsUrl(sandbox.url), { method: "PUT", json: group });
        expect([refused.status, refused.headers.get("retry-after")]).toEqual([429, "3"]);
        expect((await admin.requests()).requests.at(-1)!.body).toEqual(group);
    });

    it("is validated like the other matcher fields and shown in the plan", async () => {
        const put = (plan: unknown) => request(`${sandbox.url}/_admin/faults`, { method: "PUT", json: plan });
        expect(await put({ hangNext: [{ bodyIncludes: 7 }] })).toMatchObject({
            status: 400,
            json: { error: "hangNext[0].bodyIncludes must be a string" },
        });
        expect(await put({ dropAnswerNext: [{ bodyText: "x" }] })).toMatchObject({
            status: 400,
            json: { error: "dropAnswerNext[0]: unknown field(s) bodyText; known: method, pathIncludes, bodyIncludes, count" },
        });
        expect((await put({ failNext: [{ method: "post", bodyIncludes: '"pin":"', status: 500 }] })).json.failNext).toEqual([
            { count: 1, method: "POST", bodyIncludes: '"pin":"', status: 500 },
        ]);
    });
});

// ---- CLI -----------------------------------------------------------------------------------------

describe("telephony sandbox --variant", () => {
    // Loaded when these tests run, so the rest of the file does not depend on every module the CLI imports.
    const cli = () => require("../../cli/telephony") as typeof import("../../cli/telephony");

    function fakeContext() {
        const out: string[] = [];
        const err: string[] = [];
        let stop!: () => void;
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const context: CliContext = { out: (line) => out.push(line), err: (line) => err.push(line), untilStopped: () => stopped };
        return { context, out, err, stop };
    }

    async function started(...variantArgs: string[]): Promise<unknown> {
        const { context, out, stop } = fakeContext();
        const exited = cli().main(["sandbox", "--port", "0", ...variantArgs], context);
        while (out.length < 1) await new Promise((resolve) => setTimeout(resolve, 10));
        try {
            return await new SandboxAdmin(out[0]!).variants();
        } finally {
            stop();
            expect(await exited).toBe(0);
        }
    }

    it("takes a profile and KEY=VALUE pairs, repeatable, keys over the profile, the last of a repeated key winning", async () => {
        expect(await started()).toEqual(DEFAULTS);
        expect(await started("--variant", "nested")).toEqual({ ...DEFAULTS, ...VARIANT_PROFILES.nested, profile: "nested" });
        expect(
            await started(
                "--variant",
                "didLookup=404",
                "--variant=profile=did-not-found",
                "--variant",
                "didLookup=html",
                "--variant",
                "erixCrm=enabled",
            ),
        ).toEqual({
            ...DEFAULTS,
            didDelete: "notFound",
            didLookup: "html",
            erixCrm: "enabled",
            profile: "did-not-found",
        });
    });

    it.each([
        [
            ["--variant", "didLookup=410"],
            "telephony sandbox: --variant: didLookup must be one of supported, notFound, 404, 405, html, unexpected; got '410'",
        ],
        [
            ["--variant", "colour=blue"],
            "telephony sandbox: --variant: unknown variant 'colour'; known: nextbillingLists, nextbillingValues, nextbillingObjects, ivrOptions, timeProfileTimes, ringGroupDevices, " +
                "didLookup, didDelete, lineWrites, queueWrites, ivrWrites, timeProfileWrites, callbackList, callbackRemove, erixAnswers, erixCrm (or a profile)",
        ],
        [
            ["--variant", "flat"],
            "telephony sandbox: --variant: 'flat' is neither a profile (documented, nested, keyed, did-not-found, did-404, unreadable) nor KEY=VALUE",
        ],
        [
            ["--variant", "nested", "--variant", "keyed"],
            "telephony sandbox: --variant: only one profile may be given, got nested and keyed",
        ],
        [["--variant"], expect.stringMatching(/^telephony sandbox: Option '--variant <value>' argument missing/)],
    ])("exits 2 with one usage line for %j", async (args, message) => {
        const { context, out, err } = fakeContext();
        expect(await cli().main(["sandbox", ...(args as string[])], context)).toBe(2);
        expect(out).toEqual([]);
        expect(err).toEqual([message instanceof Object ? message : `${message} (see telephony sandbox --help)`]);
    });

    it("lists the profiles, keys and values in --help", async () => {
        const { context, out } = fakeContext();
        expect(await cli().main(["sandbox", "--help"], context)).toBe(0);
        const help = out.join("\n");
        expect(help).toContain("--variant V");
        expect(help).toContain("Variant profiles: documented, nested, keyed, did-not-found, did-404, unreadable");
        expect(help).toContain("didLookup          supported | notFound | 404 | 405 | html | unexpected");
        expect(help).toContain("/_admin/variants");
    });
});
