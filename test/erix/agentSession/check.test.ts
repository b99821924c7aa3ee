import { agentSessionProvider } from "../../../provider/erix/agentSession/provider";
import { agentSessionFields } from "../../../provider/erix/agentSession/schema";
import { changedFields as fieldChanges } from "../../../provider/kit/fields";

const changedFields = (olds: Record<string, unknown>, news: Record<string, unknown>) => fieldChanges(agentSessionFields, olds, news);
import { configureFromEngine, resetRuntime } from "../../../provider/runtime";

const maria = { agent: "maria", extension: "2001", queue: "vendas", paused: false };

beforeAll(() => configureFromEngine({ get: (key: string) => ({ "telephony:erixUrl": "http://127.0.0.1:9" })[key] }));
afterAll(resetRuntime);

async function failures(news: Record<string, unknown>) {
    const result = await agentSessionProvider.check!({}, { ...maria, ...news });
    return Object.fromEntries((result.failures ?? []).map((f) => [f.property, f.reason]));
}

describe("AgentSession check", () => {
    it("accepts the example and defaults paused to false", async () => {
        const result = await agentSessionProvider.check!({}, { agent: "maria", extension: "2001", queue: "vendas", pauseReason: "Almoço" });
        expect(result).toEqual({ inputs: { ...maria, pauseReason: "Almoço" }, failures: [] });
    });

    it("names each bad property and what is allowed", async () => {
        const found = await failures({ agent: " ", extension: "20-01", queue: "", paused: "no" });
        expect(found.agent).toContain("the agent's login (not its display name)");
        expect(found.extension).toBe('extension must be the extension\'s digits (1 to 20), as text, e.g. "2001"; got "20-01"');
        expect(found.queue).toContain("Call Center queue");
        expect(found.paused).toContain("true or false");
        expect((await failures({ extension: 2001 })).extension).toContain("got 2001");
        expect((await failures({ reason: "Almoço" })).reason).toContain('did you mean "pauseReason"?');
    });

    it("fails at preview without telephony:erixUrl, naming ERIX_URL", async () => {
        resetRuntime();
        const saved = process.env.ERIX_URL;
        delete process.env.ERIX_URL;
        try {
            await expect(agentSessionProvider.check!({}, maria)).rejects.toThrow(
                "Missing telephony:erixUrl (environment variable ERIX_URL)",
            );
        } finally {
            if (saved !== undefined) process.env.ERIX_URL = saved;
            configureFromEngine({ get: (key: string) => ({ "telephony:erixUrl": "http://127.0.0.1:9" })[key] });
        }
    });
});

describe("AgentSession diff", () => {
    it("replaces delete-before-replace on agent, extension or queue: one agent cannot be logged in twice", async () => {
        for (const change of [{ agent: "joao" }, { extension: "2002" }, { queue: "suporte" }]) {
            const diff = await agentSessionProvider.diff!("maria", maria, { ...maria, ...change });
            expect(diff).toEqual({ changes: true, replaces: Object.keys(change), deleteBeforeReplace: true });
        }
    });

    it("updates pause state and reason in place; a reason while available is no change", async () => {
        expect(await agentSessionProvider.diff!("maria", maria, { ...maria, paused: true })).toEqual({
            changes: true,
            replaces: [],
            deleteBeforeReplace: false,
        });
        expect(
            changedFields({ ...maria, paused: true, pauseReason: "Almoço" }, { ...maria, paused: true, pauseReason: "Reunião" }),
        ).toEqual(["pauseReason"]);
        expect(changedFields(maria, { ...maria, pauseReason: "Almoço" })).toEqual([]);
    });
});
