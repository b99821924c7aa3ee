/**
 * The Directcall client and the CallbackUrl provider against the emulator over real HTTP: the
 * wire format of every call, the token lifecycle, and the provider's methods.
 */
import { callbackUrlProvider } from "../../../provider/directcall/callbackUrl/provider";
import type { CallbackUrlInputs } from "../../../provider/directcall/callbackUrl/schema";
import { DirectcallClient } from "../../../provider/directcall/client";
import { readDirectcallSettings } from "../../../provider/config";
import { directcallClient } from "../../../provider/runtime";
import { DIRECTCALL_DEMO_CREDENTIALS, type Sandbox } from "../../../sandbox";
import { useEmulator } from "../../support/emulator";

function values(sandbox: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
    return {
        "telephony:directcallUrl": sandbox.url,
        "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
        "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
        "telephony:httpTimeoutMs": "2000",
        ...extra,
    };
}
const emulator = useEmulator((sandbox) => values(sandbox));

const requests = async () => (await emulator.admin.requests()).requests;
const hook: CallbackUrlInputs = { url: "https://crm.example.com.br/hooks/directcall", allowInsecureHttp: false };
/** Registrations made by the test, not the ones seeded for other owners. */
let seededCodes: string[] = [];
beforeEach(async () => {
    seededCodes = (await emulator.admin.directcall.callbacks.list()).map((cb) => cb.code);
});
const ourCallbacks = async () => (await emulator.admin.directcall.callbacks.list()).filter((cb) => !seededCodes.includes(cb.code));

describe("wire format of Directcall calls (seed 002)", () => {
    it("request_token, then add-callback: form-encoded POSTs with access_token, url, pin and format", async () => {
        const created = await callbackUrlProvider.create({ ...hook, pin: "1234" });
        const log = await requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).toEqual([
            "POST /request_token",
            "POST /voz/list-callback",
            "POST /voz/add-callback",
        ]);
        expect(log[0].body).toEqual({ client_id: DIRECTCALL_DEMO_CREDENTIALS.client_id, client_secret: "***", format: "JSON" });
        expect(log[1].body).toEqual({ access_token: "***", format: "JSON" });
        expect(log[2].body).toEqual({ access_token: "***", url: hook.url, pin: "1234", format: "JSON" });
        expect(created.outs).toEqual({ ...hook, pin: "1234", code: created.id });
        expect(await ourCallbacks()).toEqual([expect.objectContaining({ code: created.id, url: hook.url, pin: "1234" })]);
    });

    it("registers Basic auth inside the URL, as Directcall expects it", async () => {
        const { id } = await callbackUrlProvider.create({ ...hook, basicAuth: { username: "directcall" }, basicAuthPassword: "hook-pass" });
        expect((await ourCallbacks())[0]).toMatchObject({
            code: id,
            url: "https://directcall:hook-pass@crm.example.com.br/hooks/directcall",
        });
        expect(JSON.stringify(await requests())).not.toContain("hook-pass"); // the emulator masks it in its log
    });

    it("remove-callback: POST with access_token and code; removing again succeeds", async () => {
        const { id } = await callbackUrlProvider.create(hook);
        await callbackUrlProvider.delete!(id, {});
        expect((await requests()).at(-1)).toMatchObject({
            method: "POST",
            path: "/voz/remove-callback",
            body: { access_token: "***", code: id, format: "JSON" },
        });
        expect(await ourCallbacks()).toEqual([]);
        await expect(callbackUrlProvider.delete!(id, {})).resolves.toBeUndefined();
    });

    it("maps codigo 001 to an invalid-input error naming the input, with the vendor's msg and code", async () => {
        const error = await callbackUrlProvider.create({ ...hook, pin: "1".repeat(30) }).catch((e) => e);
        expect(error.name).toBe("InvalidInputError");
        expect(error.property).toBe("pin");
        expect(error.message).toBe(
            "pin: Directcall addCallback (POST /voz/add-callback), HTTP 200 failed: Parâmetro pin inválido ou ausente (code 001)",
        );
    });
});

describe("token lifecycle", () => {
    it("asks for one token per process, shared by 20 concurrent resources", async () => {
        const before = await emulator.admin.directcall.tokenRequests();
        const created = await Promise.all(
            Array.from({ length: 20 }, (_, i) => callbackUrlProvider.create({ ...hook, url: `https://crm.example.com.br/hooks/${i}` })),
        );
        expect(new Set(created.map((c) => c.id)).size).toBe(20);
        expect((await emulator.admin.directcall.tokenRequests()) - before).toBe(1);
    });

    it("renews once on codigo 006, even with 20 resources hitting the expired token at once", async () => {
        const { id } = await callbackUrlProvider.create(hook);
        await emulator.admin.directcall.expireTokens();
        const before = await emulator.admin.directcall.tokenRequests();
        const reads = await Promise.all(
            Array.from({ length: 20 }, async () => {
                directcallClient().lists.invalidate("list-callback"); // each makes its own call with the stale token
                return callbackUrlProvider.read!(id, { ...hook, code: id });
            }),
        );
        expect(reads.every((read) => read.id === id)).toBe(true);
        expect((await emulator.admin.directcall.tokenRequests()) - before).toBe(1);
    });

    it("renews before the assumed lifetime ends, without waiting for a 006", async () => {
        let now = 1_000_000;
        const client = new DirectcallClient(
            readDirectcallSettings({ get: (key) => values(emulator.sandbox, { "telephony:directcallTokenLifetimeSeconds": "600" })[key] }),
            () => now,
        );
        await client.call("listCallbacks", "voz/list-callback", {}, true);
        now += 500_000; // within the lifetime, before the renewal margin
        await client.call("listCallbacks", "voz/list-callback", {}, true);
        expect(client.tokenRequests).toBe(1);
        now += 50_000; // inside the last minute: renew first
        await client.call("listCallbacks", "voz/list-callback", {}, true);
        expect(client.tokenRequests).toBe(2);
        const failedWith006 = (await requests()).filter((r) => JSON.stringify(r).includes('"006"'));
        expect(failedWith006).toEqual([]);
    });

    it("rejects a wrong client secret as an authentication error that shows neither secret nor token", async () => {
        emulator.configure({ "telephony:directcallClientSecret": "wrong-secret-123" });
        const error = await callbackUrlProvider.create(hook).catch((e) => e);
        expect(error.name).toBe("AuthenticationError");
        expect(error.vendorCode).toBe("006");
        expect(error.message).toContain("Directcall requestToken (POST /request_token)");
        expect(error.message).not.toContain("wrong-secret-123");
    });
});

describe("CallbackUrl provider", () => {
    it("reads every registration from one list call per run, and drops one removed out of band", async () => {
        const a = await callbackUrlProvider.create(hook);
        const b = await callbackUrlProvider.create({ ...hook, url: "https://crm.example.com.br/b", pin: "77" });
        emulator.configure();
        await emulator.admin.clearRequests();
        const [readA, readB] = await Promise.all([callbackUrlProvider.read!(a.id, a.outs), callbackUrlProvider.read!(b.id, b.outs)]);
        expect(readA).toEqual({ id: a.id, props: a.outs, inputs: hook });
        expect(readB.props).toEqual(b.outs);
        expect((await emulator.admin.requests()).counts["POST /voz/list-callback"]).toBe(1);

        await emulator.admin.directcall.callbacks.remove(a.id);
        emulator.configure();
        expect(await callbackUrlProvider.read!(a.id, a.outs)).toEqual({ id: "", props: {} });
    });

    it("adopts an existing registration by its code, and refuses one that differs", async () => {
        const existing = await emulator.admin.directcall.callbacks.create({ url: "https://crm.example.com.br/old", pin: "42" });
        const adopted = await callbackUrlProvider.create({
            ...hook,
            url: "https://crm.example.com.br/old",
            pin: "42",
            importId: existing.code,
        });
        expect(adopted.id).toBe(existing.code);
        expect((await requests()).some((r) => r.path === "/voz/add-callback")).toBe(false);

        const error = await callbackUrlProvider.create({ ...hook, importId: existing.code }).catch((e) => e);
        expect(error.message).toContain("differs in url, pin, which cannot be changed in place");
        const missing = await callbackUrlProvider.create({ ...hook, importId: "cb-nope" }).catch((e) => e);
        expect(missing.message).toContain("importId: there is no callback registration cb-nope; check importId");
    });

    it("does not register twice when the add-callback answer is lost after Directcall applied it", async () => {
        await emulator.admin.setFaults({ dropAnswerNext: [{ method: "POST", pathIncludes: "add-callback", count: 1 }] });
        const { id } = await callbackUrlProvider.create(hook);
        expect((await ourCallbacks()).map((cb) => cb.code)).toEqual([id]);
    });

    it("rotates a Basic-auth password: the new registration is made beside the resource's own old one, which then goes", async () => {
        const withPassword = (password: string): CallbackUrlInputs => ({
            ...hook,
            basicAuth: { username: "dc" },
            basicAuthPassword: password,
        });
        const old = await callbackUrlProvider.create(withPassword("old-pass-1"));
        emulator.configure(); // the next `pulumi up`: a new provider process
        const diff = await callbackUrlProvider.diff!(old.id, old.outs, withPassword("new-pass-2"));
        expect(diff).toMatchObject({ replaces: ["basicAuthPassword"], deleteBeforeReplace: false });
        const rotated = await callbackUrlProvider.create(withPassword("new-pass-2"));
        await callbackUrlProvider.delete!(old.id, old.outs);
        const left = await ourCallbacks();
        expect(left.map((cb) => cb.code)).toEqual([rotated.id]);
        expect(left[0]!.url).toBe("https://dc:new-pass-2@crm.example.com.br/hooks/directcall");
        // A create meeting its own registration again (a lost answer) still adopts it rather than doubling it.
        emulator.configure();
        expect((await callbackUrlProvider.create(withPassword("new-pass-2"))).id).toBe(rotated.id);
        expect(await ourCallbacks()).toHaveLength(1);
    });

    it("a lost answer whose lookup cannot read the list says so, not that the registration was probably not made", async () => {
        await callbackUrlProvider.create({ url: "https://warm.example.com.br/x", allowInsecureHttp: false }); // the list, read once
        await emulator.admin.setFaults({
            dropAnswerNext: [{ pathIncludes: "/voz/add-callback", count: 1 }],
            failNext: [{ status: 503, pathIncludes: "/voz/list-callback", count: 5 }],
        });
        const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
        const error = await callbackUrlProvider.create(hook).catch((e) => e);
        spy.mockRestore();
        expect(error.name).toBe("OutcomeUnknownError");
        expect(error.message).toContain(
            "looking it up by url https://crm.example.com.br/hooks/directcall and no pin was not possible: the list to look in could not be read",
        );
        expect(error.message).toContain("look in the vendor's panel first");
        expect(error.message).not.toContain("probably not");
        expect((await ourCallbacks()).filter((cb) => cb.url === hook.url)).toHaveLength(1);
    });

    it("never touches a registration it does not own", async () => {
        const { id } = await callbackUrlProvider.create(hook);
        await callbackUrlProvider.delete!(id, {});
        expect((await emulator.admin.directcall.callbacks.list()).map((cb) => cb.code)).toEqual(seededCodes);
    });
});
