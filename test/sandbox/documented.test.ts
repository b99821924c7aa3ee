/**
 * The vendors' documented answers are contracts: for every verbatim example under
 * test/fixtures/vendors/ that answers a call the emulator implements, the emulator's answer has the
 * example's shape (field names, nesting, value types), under every variant profile, since variants
 * only reshape undocumented answers. Fixtures of calls the emulator does not implement are listed
 * as such, so a new fixture cannot go unchecked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
    DIRECTCALL_CODES,
    DIRECTCALL_DEMO_CREDENTIALS,
    ERIX_TEXTS,
    SandboxAdmin,
    startSandbox,
    VARIANT_PROFILES,
    type Sandbox,
} from "../../sandbox";
import { compareShapes, parseExample } from "../support/shape";
import { apiUrl, exampleDid, exampleGroup, request, ringGroupsUrl } from "../support/http";

const FIXTURES = join(__dirname, "..", "fixtures", "vendors");

function fixture(name: string): string {
    return readFileSync(join(FIXTURES, name), "utf8");
}

function example(name: string): unknown {
    return parseExample(fixture(name), { truncated: name.includes(".truncated.") });
}

/** Documented answers of calls the emulator does not implement: nothing to compare them with. */
const NOT_EMULATED = [
    "nextbilling/getDeviceBalance.txt",
    "directcall/did-list.json",
    "directcall/did-route.json",
    "directcall/did-route-old-version.json",
    "directcall/voz-status.json",
    "directcall/voz-status-agendamento.txt",
    "directcall/encrypt.json",
];

const CHECKED = [
    "nextbilling/create-envelope.txt",
    "nextbilling/statusCustomer.json",
    "nextbilling/listDevices.truncated.txt",
    "directcall/add-callback-success.json",
    "directcall/codes.md",
    "erix/answers.md",
];

function fixtureFiles(dir = FIXTURES): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? fixtureFiles(join(dir, entry.name)) : [relative(FIXTURES, join(dir, entry.name)).split("\\").join("/")],
    );
}

it("knows every fixture: each is either checked below or the answer of a call the emulator does not implement", () => {
    const files = fixtureFiles().filter((file) => file !== "README.md");
    expect([...files].sort()).toEqual([...CHECKED, ...NOT_EMULATED].sort());
});

describe("the shape helper reads the examples as documented", () => {
    it("keeps the create answer's trailing comma out of the value, and closes the cut listDevices example with elision marks", () => {
        expect(example("nextbilling/create-envelope.txt")).toEqual({ error: 0, reason: "OK", new_record: 13 });
        const listed = example("nextbilling/listDevices.truncated.txt") as any;
        expect(listed["…"]).toBe("…");
        expect(listed.data[0]).toMatchObject({ id_cliente: 3, nome_fantasia: "NEXTBILLING", records: 1, "…": "…" });
        expect(listed.data[0].data[0]).toMatchObject({ id: "1", fixo_local: "1", "…": "…" });
    });

    it("names each difference: a missing key, a key the example lacks, a type", () => {
        expect(compareShapes({ error: "0", reason: "OK", extra: 1 }, { error: 0, reason: "OK", new_record: 13 })).toEqual([
            "$.error: expected a number, got a string",
            "$.new_record: missing",
            "$.extra: not in the example",
        ]);
        expect(compareShapes({ a: [{ b: 1, c: 2 }] }, { a: [{ b: 1, "…": "…" }] })).toEqual([]);
        expect(compareShapes({ a: [{ b: "1" }] }, { a: [{ b: 1 }] })).toEqual(["$.a[].b: expected a number, got a string"]);
    });
});

let sandbox: Sandbox;
let admin: SandboxAdmin;

beforeAll(async () => {
    sandbox = await startSandbox();
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());

describe.each(Object.keys(VARIANT_PROFILES))("documented answers under the %s profile", (profile) => {
    beforeEach(async () => {
        await admin.reset();
        await admin.setVariants({ profile: profile as keyof typeof VARIANT_PROFILES });
    });

    it("nextbilling/create-envelope.txt: every create answers the envelope, trailing comma included", async () => {
        const documented = example("nextbilling/create-envelope.txt");
        expect(fixture("nextbilling/create-envelope.txt")).toMatch(/,\s*}\s*$/);
        const put = (method: string, segment: number, json: unknown) =>
            request(apiUrl(sandbox.url, method, segment), { method: "PUT", json });
        for (const created of [
            await request(apiUrl(sandbox.url, "manageDID"), { method: "PUT", json: exampleDid() }),
            await request(ringGroupsUrl(sandbox.url), { method: "PUT", json: exampleGroup() }),
            // Lines' create is documented but its answer cut; queues', IVRs' and time profiles' are assumed: the same envelope.
            await put("manageDevices", 1, { customer_id: 45, username: "4501", password: "s3cr3t" }),
            await put("manageQueue", 0, { id_cliente: 45, descricao: "Fila" }),
            await put("manageTimeProfiles", 0, { id_cliente: 45, descricao: "Perfil" }),
            await put("manageIvr", 0, { id_cliente: 45, descricao: "URA" }),
        ]) {
            expect(created.status).toBe(200);
            expect(created.text).toMatch(/,}$/);
            expect(compareShapes(created.json, documented)).toEqual([]);
        }
    });

    it("nextbilling/statusCustomer.json: deactivating a customer answers exactly the documented fields and types", async () => {
        const answer = await request(apiUrl(sandbox.url, "statusCustomer"), { method: "POST", json: { id: 9, status: 0 } });
        expect(compareShapes(answer.json, example("nextbilling/statusCustomer.json"))).toEqual([]);
        expect(answer.json).toEqual({
            error: 0,
            reason: "OK",
            customer_id: 9,
            customer_name: "Clínica Bem Estar",
            old_status: 1,
            new_status: 0,
        });
    });

    it("nextbilling/listDevices.truncated.txt: a customer's lines and one line (?id_record) nest as documented", async () => {
        const documented = example("nextbilling/listDevices.truncated.txt");
        for (const url of [apiUrl(sandbox.url, "listDevices", 9), apiUrl(sandbox.url, "listDevices", 9, "?id_record=4")]) {
            const answer = await request(url);
            expect(answer.json.data[0].data.length).toBeGreaterThan(0); // an empty list would prove nothing
            expect(compareShapes(answer.json, documented)).toEqual([]);
        }
    });

    it("directcall/add-callback-success.json: registering answers the documented fields, codigo 001 with status ok", async () => {
        const documented = example("directcall/add-callback-success.json") as Record<string, string>;
        const issued = await request(`${sandbox.url}/request_token`, {
            method: "POST",
            body: new URLSearchParams(DIRECTCALL_DEMO_CREDENTIALS),
        });
        const answer = await request(`${sandbox.url}/voz/add-callback`, {
            method: "POST",
            body: new URLSearchParams({ access_token: issued.json.access_token, url: "https://example.org/hook" }),
        });
        expect(compareShapes(answer.json, documented)).toEqual([]);
        const { code, ...fixed } = documented;
        expect(answer.json).toEqual({ ...fixed, code: expect.stringMatching(/^[0-9a-f]{40}$/) });
        expect(code).toMatch(/^[0-9a-f]{40}$/);
        expect(Object.keys(answer.json)).toEqual(Object.keys(documented)); // the documented order too
    });

    it("directcall/codes.md: every codigo the emulator answers is in the documented table", () => {
        const documented = [...fixture("directcall/codes.md").matchAll(/^\| (\d{3}) \|/gm)].map((match) => match[1]);
        expect(documented).toHaveLength(17);
        for (const codigo of Object.values(DIRECTCALL_CODES)) expect(documented).toContain(codigo);
    });

    it("erix/answers.md: every documented text is answered, with HTTP 200 but 400 for missing requirements", async () => {
        const table = fixture("erix/answers.md");
        const documented = (kind: "success" | "error") => {
            const section = table.slice(table.indexOf(`| ${kind} | Descrição |`)).split("\n\n")[0]!;
            return [...section.matchAll(/^\| ([^|]+?) \| [^|]+ \|$/gm)]
                .map((match) => match[1]!)
                .filter((text) => text !== kind && text !== "---");
        };
        expect(documented("success")).toEqual(Object.values(ERIX_TEXTS.success));
        expect([...documented("error")].sort()).toEqual(Object.values(ERIX_TEXTS.error).sort());

        const agent = async (params: Record<string, string>) => {
            const answer = await request(`${sandbox.url}/api/agent.php?${new URLSearchParams(params)}`);
            // The key layout is undocumented (erixAnswers): the text is what is documented.
            const text = answer.json === undefined ? answer.text : (answer.json.success ?? answer.json.error);
            return [answer.status, text];
        };
        const login = { agent: "maria", command: "login", exten: "2001", queue: "vendas" };
        expect(await agent({ ...login, exten: "3001" })).toEqual([200, "Exten Call Center false"]);
        expect(await agent({ ...login, exten: "9999" })).toEqual([200, "Exten not exists"]);
        expect(await agent({ ...login, queue: "recepcao" })).toEqual([200, "Queue Call Center false"]);
        expect(await agent({ ...login, queue: "nenhuma" })).toEqual([200, "Queue not exists"]);
        expect(await agent({ ...login, agent: "ninguem" })).toEqual([200, "Agent not exists"]);
        expect(await agent({ agent: "maria", command: "login", exten: "2001" })).toEqual([400, "Argument list invalid"]);
        expect(await agent({ command: "logoff" })).toEqual([400, "Agent not specified"]);
        expect(await agent({ agent: "maria" })).toEqual([400, "Command not specified"]);
        expect(await agent({ agent: "maria", command: "logoff" })).toEqual([200, "Agent not logged"]);
        expect(await agent(login)).toEqual([200, "Login OK"]);
        expect(await agent({ agent: "maria", command: "unpause" })).toEqual([200, "Agent alredy available"]);
        expect(await agent({ agent: "maria", command: "pause" })).toEqual([200, "Pause OK"]);
        expect(await agent({ agent: "maria", command: "pause" })).toEqual([200, "Agent alredy paused"]);
        expect(await agent({ agent: "maria", command: "unpause" })).toEqual([200, "Unpause OK"]);
        expect(await agent({ agent: "maria", command: "logoff" })).toEqual([200, "Logoff OK"]);
    });
});
