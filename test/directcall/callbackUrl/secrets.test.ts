/**
 * A callback's Basic-auth password lives inside its registered URL, and Directcall lists every
 * registration of the account with its URL: an answer echoed in a warning or an error would carry
 * every password, other parties' included. Whatever the list's shape, none is printed.
 */
import { callbackUrlProvider } from "../../../provider/directcall/callbackUrl/provider";
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";
import { capturedStderr } from "../../support/stderr";
import { startStub, type StubAnswer, type StubServer } from "../../support/stubServer";

const PASSWORD = "S3cr3t-Hook-Pw";
const OTHERS = "0utr0-Cl1ente-Pw";
const registrations = [
    { code: "c1", url: `https://dc:${PASSWORD}@crm.example.com.br/h`, pin: "" },
    { code: "c2", url: `https://erp:${OTHERS}@erp.example.com.br/calls`, pin: "" },
];

let stub: StubServer;
let list: StubAnswer;
beforeAll(async () => {
    stub = await startStub((request) => {
        if (request.path === "/request_token") return { text: JSON.stringify({ status: "ok", access_token: "tok-abcdef123456" }) };
        if (request.path === "/voz/list-callback") return list;
        return { text: JSON.stringify({ status: "ok", codigo: "001", code: "c3" }) };
    });
});

/** A new provider process against the stub (empty caches: the list is read again). */
function configure(): void {
    const values: Record<string, string> = {
        "telephony:directcallUrl": stub.url,
        "telephony:directcallClientId": "conta@example.com.br",
        "telephony:directcallClientSecret": "client-secret-xyz",
        "telephony:httpMaxRetries": "0",
    };
    resetRuntime();
    configureFromEngine({ get: (key: string) => values[key] });
}
afterAll(async () => {
    resetRuntime();
    await stub.close();
});

describe("a list of registrations the client cannot read", () => {
    const written = capturedStderr();

    it.each([
        [
            "data as JSON text cut short",
            { text: JSON.stringify({ status: "ok", codigo: "000", data: JSON.stringify(registrations).slice(0, -2) }) },
        ],
        ["a failure without msg", { status: 500, text: JSON.stringify({ status: "erro", codigo: "099", data: registrations }) }],
    ])("%s: warned about or failed, never with a password", async (_shape, answer) => {
        list = answer;
        configure();
        const outcome = await callbackUrlProvider.read!("c1", { url: "https://crm.example.com.br/h", allowInsecureHttp: false })
            .then((read) => JSON.stringify(read))
            .catch((error: Error) => error.message);
        const printed = `${written.join("")}\n${outcome}`;
        expect(printed).toMatch(/listCallbacks/);
        expect(printed).not.toContain(PASSWORD);
        expect(printed).not.toContain(OTHERS);
        expect(printed).not.toContain(PASSWORD.slice(0, 8));
    });
});
