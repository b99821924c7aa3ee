/**
 * No lost answer, failed lookup, retry or concurrent create leaves a twin or an orphan: writes
 * whose outcome is unknown are resolved by natural key (ring group: customer + description; DID:
 * number; callback: URL + PIN), and when they cannot be, the error says the record may exist and
 * how to adopt it. Against the emulator over HTTP, with its fault injection and variants.
 */
import { callbackUrlProvider } from "../../provider/directcall/callbackUrl/provider";
import { UNKNOWN } from "../../provider/kit/check";
import { setLostAnswerLookupDelays } from "../../provider/kit/resource";
import { didProvider } from "../../provider/nextbilling/did/provider";
import { ringGroupProvider } from "../../provider/nextbilling/ringGroup/provider";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS } from "../../sandbox";
import { useEmulator } from "../support/emulator";
import { startStub } from "../support/stubServer";

const emulator = useEmulator((sandbox) => ({
    "telephony:nextbillingUrl": sandbox.url,
    "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
    "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
    "telephony:directcallUrl": sandbox.url,
    "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
    "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
    "telephony:httpTimeoutMs": "2000",
    "telephony:httpMaxRetries": "1",
}));

beforeAll(() => setLostAnswerLookupDelays([0, 10, 10]));
afterAll(() => setLostAnswerLookupDelays([250, 1_000, 2_500]));

const reception = { customerId: 9, description: "Ramais Recepção", strategy: "linear" as const, devices: [1, 4, 19, 23], enabled: true };
const sales = {
    customerId: 13,
    number: "1130001000",
    description: "Vendas",
    routing: { type: "queue" as const, queueId: 12 },
    enabled: true,
    deletionPolicy: "delete" as const,
};
const hook = { url: "https://crm.example.com.br/hooks/directcall", pin: "42", allowInsecureHttp: false };

const groups = async () => (await emulator.admin.state()).nextbilling.ringGroups.filter((group) => group.id_cliente === 9);
const numbers = async (number: string) => (await emulator.admin.state()).nextbilling.dids.filter((did) => did.did_number === number);
const hooks = async () => (await emulator.admin.state()).directcall.callbacks.filter((c) => c.url.includes("crm.example.com.br"));
const requests = async () => (await emulator.admin.requests()).requests;

/** Stderr while `run` runs: the provider's warnings. */
async function warningsOf<T>(run: () => Promise<T>): Promise<{ result: T | Error; warnings: string }> {
    const written: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
        return { result: await run().catch((error: Error) => error), warnings: written.join("") };
    } finally {
        process.stderr.write = write;
    }
}

describe("a create whose answer is lost", () => {
    it("ring group: found by customer + description and taken; no second group", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageRingGroups", count: 1 }] });
        const created = await ringGroupProvider.create(reception);
        expect(await groups()).toEqual([expect.objectContaining({ id: Number(created.id) })]);
        expect((await requests()).filter((r) => r.method === "PUT")).toHaveLength(1);
    });

    it("ring group: when the lookups fail too, the error says it may exist and how to adopt it", async () => {
        // A server that applies the create, loses its answer (a 502 from a proxy), then fails every list.
        let lists = 0;
        const stub = await startStub((request) => {
            if (request.method === "PUT")
                return { status: 502, text: "<html><body>502 Bad Gateway</body></html>", contentType: "text/html" };
            lists++;
            return lists === 1
                ? { text: '{"error":0,"reason":"OK","records":0,"data":[]}' }
                : { status: 503, text: "Service Unavailable", contentType: "text/plain" };
        });
        try {
            emulator.configure({ "telephony:nextbillingUrl": stub.url, "telephony:httpMaxRetries": "0" });
            const error = await ringGroupProvider.create(reception).catch((e) => e);
            expect(error.name).toBe("OutcomeUnknownError");
            expect(error.property).toBe("description");
            expect(error.message).toContain("HTTP 502 failed: 502 Bad Gateway. The ring group may have been created");
            expect(error.message).toContain('looking it up by customer 9 and description "Ramais Recepção" failed too');
            expect(error.message).toContain("add `importId: <its id>` to adopt it, or set `telephony:adoptExisting` to true");
            expect(stub.requests.map((r) => r.method)).toEqual(["GET", "PUT", "GET", "GET", "GET"]); // one create, never repeated
        } finally {
            await stub.close();
        }
    });

    it("ring group: the next create names the record as perhaps its own; telephony:adoptExisting adopts it when identical", async () => {
        const group = await emulator.admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "linear",
            devices: [1, 4, 19, 23],
            status: 1,
        });
        const again = await ringGroupProvider.create(reception).catch((e) => e);
        expect(again.name).toBe("ConflictError");
        expect(again.message).toContain(`already exists (record ${group.id})`);
        expect(again.message).toContain("If it is this resource's own (an earlier `pulumi up` that was interrupted or lost an answer)");
        expect(again.message).toContain(`add \`importId: ${group.id}\``);
        expect(again.message).toContain("set `telephony:adoptExisting` to true");

        emulator.configure({ "telephony:adoptExisting": "true" });
        await emulator.admin.clearRequests();
        const { result, warnings } = await warningsOf(() => ringGroupProvider.create(reception));
        expect(result).toMatchObject({ id: String(group.id) });
        expect(warnings).toContain(`adopted the existing record ${group.id} (telephony:adoptExisting is set)`);
        expect((await emulator.admin.requests()).writes).toBe(0);
        // Different fields are still an error, naming them.
        emulator.configure({ "telephony:adoptExisting": "true" });
        const different = await ringGroupProvider.create({ ...reception, strategy: "ringall" }).catch((e) => e);
        expect(different.message).toContain("It differs from this declaration in strategy, so it is not adopted on its own");
        expect(await groups()).toHaveLength(1);
    });

    it("DID: found by number and taken", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageDID", count: 1 }] });
        const created = await didProvider.create(sales);
        expect(await numbers("1130001000")).toEqual([expect.objectContaining({ id: Number(created.id) })]);
    });

    it("DID on a server without the DID list: sent again, NextBilling's unique-number check tells what happened", async () => {
        await emulator.admin.setVariants({ didLookup: "404" });
        // Lost after it was applied: the second create is refused as a duplicate, and the error says the number exists.
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "PUT", pathIncludes: "manageDID", count: 1 }] });
        const { result: lost } = await warningsOf(() => didProvider.create(sales));
        expect(lost).toBeInstanceOf(Error);
        expect((lost as Error).name).toBe("OutcomeUnknownError");
        expect((lost as Error).message).toContain("sent again, it was refused (DID já cadastrado: 1130001000)");
        expect(await numbers("1130001000")).toHaveLength(1);

        // Failed before it was applied (a 503 answered, nothing stored): the second create makes it, once.
        emulator.configure();
        await emulator.admin.setFaults({ failNext: [{ status: 503, method: "PUT", pathIncludes: "manageDID", count: 1 }] });
        const { result: made } = await warningsOf(() => didProvider.create({ ...sales, number: "1130001001" }));
        expect(made).toMatchObject({ id: expect.any(String) });
        expect(await numbers("1130001001")).toHaveLength(1);
    });

    it("callback: found by URL + PIN and taken", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ pathIncludes: "/voz/add-callback", count: 1 }] });
        const created = await callbackUrlProvider.create(hook);
        expect(await hooks()).toEqual([expect.objectContaining({ code: created.id })]);
    });
});

describe("a second registration of the same URL and PIN", () => {
    it("is adopted when identical (Directcall would post every event twice), with a warning", async () => {
        const existing = await emulator.admin.directcall.callbacks.create({ url: hook.url, pin: "42" });
        const { result, warnings } = await warningsOf(() => callbackUrlProvider.create(hook));
        expect(result).toMatchObject({ id: existing.code });
        expect(warnings).toContain(`adopted the existing record ${existing.code} (an identical one already exists)`);
        expect(await hooks()).toHaveLength(1);
    });

    it("under other Basic auth is another registration (how a password rotation is replaced): made beside it, which is left alone", async () => {
        const existing = await emulator.admin.directcall.callbacks.create({
            url: "https://other:pw@crm.example.com.br/hooks/directcall",
            pin: "42",
        });
        const { result, warnings } = await warningsOf(() => callbackUrlProvider.create(hook));
        expect(result).toMatchObject({ id: expect.any(String) });
        expect((result as { id: string }).id).not.toBe(existing.code);
        expect(warnings).not.toContain("adopted");
        const registered = await hooks();
        expect(registered).toHaveLength(2);
        expect(registered).toContainEqual(
            expect.objectContaining({ code: existing.code, url: "https://other:pw@crm.example.com.br/hooks/directcall" }),
        );
    });
});

describe("concurrent creates of one natural key in one provider process", () => {
    it("make one record; the others fail naming the key", async () => {
        const results = await Promise.all(Array.from({ length: 8 }, () => ringGroupProvider.create(reception).catch((e: Error) => e)));
        const made = results.filter((result) => !(result instanceof Error));
        const refused = results.filter((result): result is Error => result instanceof Error);
        expect(made).toHaveLength(1);
        expect(refused).toHaveLength(7);
        for (const error of refused) {
            expect(error.message).toContain('customer 9 and description "Ramais Recepção"');
            expect(error.message).toContain("another resource of this same update created it moments ago");
        }
        expect(await groups()).toHaveLength(1);
    });

    it("DIDs and callbacks likewise", async () => {
        const dids = await Promise.all(Array.from({ length: 4 }, () => didProvider.create(sales).catch((e: Error) => e)));
        expect(dids.filter((result) => !(result instanceof Error))).toHaveLength(1);
        expect(await numbers("1130001000")).toHaveLength(1);
        const callbacks = await Promise.all(Array.from({ length: 4 }, () => callbackUrlProvider.create(hook).catch((e: Error) => e)));
        expect(callbacks.filter((result) => !(result instanceof Error))).toHaveLength(1);
        expect(await hooks()).toHaveLength(1);
    });
});

describe("the duplicate check at preview (Check of a new resource)", () => {
    const seededReception = () =>
        emulator.admin.ringGroups.create({
            id_cliente: 9,
            descricao: "Ramais Recepção",
            strategy: "linear",
            devices: [1, 4, 19, 23],
            status: 1,
        });

    it("refuses a key the vendor already holds, against the key's property, with the words Create would use", async () => {
        const group = await seededReception();
        const checked = await ringGroupProvider.check!({}, { ...reception, description: " ramais recepção " });
        expect(checked.failures).toEqual([
            {
                property: "description",
                reason: expect.stringContaining(
                    `a ring group with customer 9 and description " ramais recepção " already exists (record ${group.id})`,
                ),
            },
        ]);
        expect(checked.failures![0]!.reason).toContain(`add \`importId: ${group.id}\``);
        const log = await requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/manageRingGroups/{token}/{key}/9"]);
    });

    it("reads the list Create reads next: a check and a create of a free key cost one list and one write", async () => {
        const checked = await ringGroupProvider.check!({}, reception);
        expect(checked.failures).toEqual([]);
        await ringGroupProvider.create(checked.inputs);
        // And the record just made is a twin to the next check in this process, named as such.
        const second = await ringGroupProvider.check!({}, { ...reception, strategy: "ringall" });
        expect(second.failures![0]!.reason).toContain("another resource of this same update created it moments ago");
        expect((await requests()).map((r) => r.method)).toEqual(["GET", "PUT"]);
    });

    it("leaves an identical record to Create: a resource replaced in place (--replace, taint) is checked without olds while its record is there", async () => {
        const group = await seededReception();
        expect((await ringGroupProvider.check!({}, reception)).failures).toEqual([]);
        // Had it not been the resource's own (deleted first, with deleteBeforeReplace), Create still refuses it.
        const refused = await ringGroupProvider.create(reception).catch((e) => e);
        expect(refused.name).toBe("ConflictError");
        expect(refused.message).toContain(`already exists (record ${group.id})`);
        // Its own, replaced with deleteBeforeReplace: deleted (which the list Check read takes in), then created anew.
        await ringGroupProvider.delete!(String(group.id), { ...reception, recordId: group.id });
        expect((await ringGroupProvider.create(reception)).id).not.toBe(String(group.id));
        expect(await groups()).toHaveLength(1);
        expect((await requests()).filter((r) => r.method === "GET")).toHaveLength(1);
    });

    it("passes what Create would adopt: telephony:adoptExisting and an identical record; a callback's identical registration", async () => {
        await seededReception();
        emulator.configure({ "telephony:adoptExisting": "true" });
        expect((await ringGroupProvider.check!({}, reception)).failures).toEqual([]);
        const different = await ringGroupProvider.check!({}, { ...reception, strategy: "ringall" });
        expect(different.failures![0]!.reason).toContain("It differs from this declaration in strategy, so it is not adopted on its own");
        await emulator.admin.directcall.callbacks.create({ url: hook.url, pin: "42" });
        expect((await callbackUrlProvider.check!({}, hook)).failures).toEqual([]);
    });

    it("looks nothing up for a resource that exists already, one adopted by importId, or inputs not known yet", async () => {
        const group = await seededReception();
        expect((await ringGroupProvider.check!(reception, reception)).failures).toEqual([]);
        expect((await ringGroupProvider.check!({}, { ...reception, importId: group.id })).failures).toEqual([]);
        expect((await ringGroupProvider.check!({}, { ...reception, devices: [UNKNOWN, 4] })).failures).toEqual([]);
        expect((await ringGroupProvider.check!({}, { ...reception, description: UNKNOWN })).failures).toEqual([]);
        expect(await requests()).toEqual([]);
    });

    it("a DID's duplicate list goes out beside its reference list: one round trip, not two", async () => {
        await emulator.admin.setFaults({ latencyMs: 50 });
        const checked = await didProvider.check!({}, sales);
        expect(checked.failures).toEqual([]);
        const log = await emulator.admin.requests();
        expect(Object.keys(log.counts).sort()).toEqual(["GET /api/manageDID/{token}/{key}/0", "GET /api/manageQueue/{token}/{key}/13"]);
        expect(log.peakInFlight).toBe(2);
    });

    it("a list that cannot be read leaves the check to Create, with one warning; bad credentials fail the check", async () => {
        let asked = 0;
        const stub = await startStub(() => (asked++, { status: 503, text: "Service Unavailable", contentType: "text/plain" }));
        try {
            emulator.configure({ "telephony:nextbillingUrl": stub.url, "telephony:httpMaxRetries": "1" });
            const { result, warnings } = await warningsOf(() => ringGroupProvider.check!({}, reception));
            expect(result).toMatchObject({ failures: [] });
            expect(warnings).toContain("ring groups could not be listed for the duplicate check at preview");
            expect(warnings).toContain("each create checks again");
            expect(asked).toBe(2);
            // Not again at the next Check, which would wait for the same retries (and, with a server out of reach, timeouts).
            const next = await warningsOf(() => ringGroupProvider.check!({}, { ...reception, description: "Outra" }));
            expect(next.result).toMatchObject({ failures: [] });
            expect(next.warnings).toBe("");
            expect(asked).toBe(2);
            // Create still looks, as it always did.
            await ringGroupProvider.create({ ...reception, description: "Outra" }).catch(() => undefined);
            expect(asked).toBeGreaterThan(2);
        } finally {
            await stub.close();
        }
        emulator.configure({ "telephony:nextbillingKey": "wrong" });
        const refused = await ringGroupProvider.check!({}, reception).catch((e) => e);
        expect(refused.name).toBe("AuthenticationError");
        expect(refused.message).not.toContain("wrong");
    });
});

describe("adopting by importId a registration that differs", () => {
    it("names the fields that differ without printing the registered password", async () => {
        const error = await callbackUrlProvider
            .create({
                url: "https://crm.legado.example.com.br/directcall",
                basicAuth: { username: "legado" },
                basicAuthPassword: "another",
                allowInsecureHttp: false,
                importId: "cb-legacy-2",
            })
            .catch((e) => e);
        expect(error.name).toBe("ConflictError");
        expect(error.message).toContain("differs in basicAuthPassword, which cannot be changed in place");
        expect(error.message).toContain("basicAuthPassword [secret]");
        expect(error.message).not.toContain("legado-hook-pw");
        expect(error.message).not.toContain("another");
    });
});
