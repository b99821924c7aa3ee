/**
 * PBX Erix's documented answer texts are contracts: each success text of "API Agente" is a
 * success of its command, each error text a typed refusal, whether the server wraps them in JSON
 * (`{"success": …}` / `{"error": …}`) or sends them bare: the layout is undocumented.
 */
import { ERIX_ERRORS, ERIX_SUCCESS, ErixClient, type ErixCommand } from "../../provider/erix/client";
import { fixtureTable } from "../support/fixtures";
import { startStub, type StubServer } from "../support/stubServer";

let stub: StubServer | undefined;
afterEach(async () => {
    await stub?.close();
    stub = undefined;
});

async function serving(text: string, status = 200): Promise<ErixClient> {
    stub = await startStub(() => ({ status, text, contentType: text.startsWith("{") ? "application/json" : "text/plain" }));
    return new ErixClient({ url: stub.url, method: "GET", debug: false, maxRetries: 0 });
}

const COMMAND_OF: Record<string, ErixCommand> = {
    "Login OK": "login",
    "Logoff OK": "logoff",
    "Pause OK": "pause",
    "Unpause OK": "unpause",
};
const successes = fixtureTable("erix", "answers.md", "success").map(([text]) => text);
const errors = fixtureTable("erix", "answers.md", "error").map(([text]) => text);

describe("Erix's documented texts", () => {
    it("the fixture holds every text the client knows, and no more", () => {
        expect(successes.sort()).toEqual(Object.values(ERIX_SUCCESS).sort());
        expect(errors.sort()).toEqual(Object.keys(ERIX_ERRORS).sort());
    });

    it.each(
        successes.flatMap((text) => [
            [text, "json"],
            [text, "bare"],
        ]),
    )("%s (%s) is its command's success", async (text, layout) => {
        const client = await serving(layout === "json" ? JSON.stringify({ success: text }) : text);
        const command = COMMAND_OF[text]!;
        const params = command === "login" ? { agent: "maria", exten: "2001", queue: "vendas" } : { agent: "maria" };
        expect(await client.command(command, params as never)).toBe(text);
        expect(stub!.requests[0]).toMatchObject({
            method: "GET",
            path: "/api/agent.php",
            query: { agent: "maria", command, ...(command === "login" ? { exten: "2001", queue: "vendas" } : {}) },
            body: "",
        });
    });

    it.each(
        errors.flatMap((text) => [
            [text, "json"],
            [text, "bare"],
        ]),
    )("%s (%s) is a refusal with the vendor's text", async (text, layout) => {
        const client = await serving(layout === "json" ? JSON.stringify({ error: text }) : text);
        const error = await client.command("pause", { agent: "maria" }).catch((e) => e);
        expect(error.vendorReason).toBe(text);
        expect(error.cause).toBe(ERIX_ERRORS[text]!.cause);
    });

    it("HTTP 400 is the documented answer to missing parameters, and stays a refusal", async () => {
        const client = await serving(JSON.stringify({ error: "Agent not specified" }), 400);
        const error = await client.command("logoff", { agent: "maria" }).catch((e) => e);
        expect(error).toMatchObject({ name: "InvalidInputError", status: 400, vendorReason: "Agent not specified", property: "agent" });
    });
});

describe("answers that are none of the documented ones are never a success", () => {
    it("another command's success text, a success text under HTTP 500, an undocumented error text", async () => {
        let client = await serving(JSON.stringify({ success: "Logoff OK" }));
        expect((await client.command("pause", { agent: "maria" }).catch((e) => e)).message).toContain(
            'unexpected answer from agent.php to pause: "Logoff OK"',
        );
        await stub!.close();
        client = await serving(JSON.stringify({ error: "Módulo CRM ativo" }));
        const undocumented = await client.command("pause", { agent: "maria" }).catch((e) => e);
        expect(undocumented.vendorReason).toBe("Módulo CRM ativo");
        expect(undocumented.message).toContain("check that the CRM module is disabled");
    });
});
