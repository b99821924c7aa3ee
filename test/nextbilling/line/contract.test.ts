/**
 * Lines against a server that answers word for word what a test tells it: the documented answers
 * (listDevices nested per customer, the create envelope with its trailing comma) parsed by the
 * real client, every request asserted whole (method, path, query, body), and a server without the
 * assumed update and delete.
 */
import { lineProvider } from "../../../provider/nextbilling/line/provider";
import type { LineInputs } from "../../../provider/nextbilling/line/schema";
import { createLine, deleteLine, listLines, toVendor, updateLine } from "../../../provider/nextbilling/line/vendor";
import { listReferences } from "../../../provider/nextbilling/references";
import { vendorFixture } from "../../support/fixtures";
import { closedListDevices, KEY, TOKEN, useNextBillingStub, type StubAnswering } from "../../support/nextbillingStub";
import type { StubAnswer, StubRequest } from "../../support/stubServer";
import { capturedStderr } from "../../support/stderr";

const WRITE = `/api/manageDevices/${TOKEN}/${KEY}/1`;
const LIST_3 = `/api/listDevices/${TOKEN}/${KEY}/3`;

const nextbilling = useNextBillingStub();
const { serving, requests } = nextbilling;
/** The provider of a fresh process, against the stub. */
const provider = (answer: StubAnswering, config?: Record<string, string>) => nextbilling.provider(lineProvider, answer, config);

const created = vendorFixture("nextbilling", "create-envelope.txt");
const ok = '{"error":0,"reason":"OK"}';
const noMethod = { status: 404, text: '{"error":1,"reason":"Método não encontrado: manageDevices"}' };

/** The documented example's line (record 1 of customer 3, "fernando9000"), as this resource declares it. */
const fernando: LineInputs = {
    customerId: 3,
    username: "fernando9000",
    password: "pw-1",
    auth: { type: "password" },
    enabled: true,
    function: { type: "line" },
};

describe("the documented answers, parsed by the real client", () => {
    it("listDevices nested per customer: the line read in its documented shape, customer from the inner record", async () => {
        const client = await serving(() => ({ text: closedListDevices() }));
        const lines = await listLines(client, 3);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatchObject({
            id: "1",
            id_cliente: "3",
            username: "fernando9000",
            domain: "dynamic",
            port: "0",
            techprefix: "",
        });
        expect(requests()).toEqual([{ method: "GET", path: LIST_3, query: {}, body: null }]);
    });

    it("read: the documented line becomes the declaration, fields the page does not show keep their stored values", async () => {
        const lines = await provider(() => ({ text: closedListDevices() }));
        const stored = { ...fernando, maxSimultaneousCalls: 2, recordId: 1 };
        const read = await lines.read!("1", stored);
        expect(read).toEqual({ id: "1", props: stored, inputs: { ...fernando, maxSimultaneousCalls: 2 } });
        expect(requests()).toEqual([{ method: "GET", path: LIST_3, query: {}, body: null }]);
    });

    it("create: PUT /api/manageDevices/T/K/1 with the body whole; the documented envelope (trailing comma) gives new_record", async () => {
        const client = await serving(() => ({ text: created }));
        const body = toVendor({
            ...fernando,
            callerId: "2130001000",
            codecs: ["g729", "alaw"],
            auth: { type: "ip", addresses: ["10.0.0.5"] },
        });
        expect(await createLine(client, body)).toBe(13);
        expect(requests()).toEqual([
            {
                method: "PUT",
                path: WRITE,
                query: {},
                body: {
                    customer_id: 3,
                    username: "fernando9000",
                    password: "pw-1",
                    auth: 1,
                    domain: ["10.0.0.5"],
                    callerid: "2130001000",
                    status: 1,
                    codecs: "g729;alaw",
                    funcionalidade: 0,
                },
            },
        ]);
        expect(nextbilling.stub.requests[0].contentType).toBe("application/json");
    });

    it("update and delete (assumed): POST …/1 with id_record and the fields; DELETE …/1?id_record=N without a body", async () => {
        const client = await serving(() => ({ text: ok }));
        await updateLine(client, 13, toVendor({ ...fernando, enabled: false }));
        expect(await deleteLine(client, 13, 3)).toBe(true);
        expect(requests()).toEqual([
            {
                method: "POST",
                path: WRITE,
                query: {},
                body: {
                    id_record: 13,
                    customer_id: 3,
                    username: "fernando9000",
                    password: "pw-1",
                    auth: 0,
                    domain: [],
                    status: 0,
                    funcionalidade: 0,
                },
            },
            { method: "DELETE", path: WRITE, query: { id_record: "13" }, body: null },
        ]);
    });

    it("a create goes through to the cached lists, the reference check's included, without listing again", async () => {
        const client = await serving((request) => (request.method === "PUT" ? { text: created } : { text: closedListDevices() }));
        await listLines(client, 3);
        await listReferences(client, "line", 3);
        await createLine(client, toVendor({ ...fernando, username: "2030", callerId: "2130001000" }));
        expect((await listLines(client, 3)).map((line) => String(line.id))).toEqual(["1", "13"]);
        expect(await listReferences(client, "line", 3)).toEqual([
            { id: 1, name: "fernando9000" },
            { id: 13, name: "2130001000" },
        ]);
        // The lines and the reference check's names are one list.
        expect(requests().map((r) => r.method)).toEqual(["GET", "PUT"]);
        // No password is kept in a cached list.
        expect(JSON.stringify(await listLines(client, 3))).not.toContain("pw-1");
    });
});

describe("adopting a line from the documented listing, which shows only some fields", () => {
    const writes = () => requests().filter((request) => request.method !== "GET");
    const documentedOrWritten: StubAnswering = (request) => (request.method === "GET" ? { text: closedListDevices() } : { text: ok });
    const withoutPassword: LineInputs = { ...fernando, password: undefined };

    it("importId: declared fields the listing cannot show are sent once; what it shows, as declared, is not", async () => {
        const lines = await provider(documentedOrWritten);
        await lines.create({ ...withoutPassword, callerId: "1130001000", maxSimultaneousCalls: 2, importId: 1 });
        expect(writes()).toEqual([
            {
                method: "POST",
                path: WRITE,
                query: {},
                body: { id_record: 1, ...toVendor({ ...withoutPassword, callerId: "1130001000", maxSimultaneousCalls: 2 }) },
            },
        ]);
    });

    it("importId: a declaration of only what the listing shows and the defaults makes no write", async () => {
        const lines = await provider(documentedOrWritten);
        await lines.create({ ...withoutPassword, importId: 1 });
        expect(writes()).toEqual([]);
    });

    it("telephony:adoptExisting: an unseen declared field is no difference; the line is adopted and the field sent", async () => {
        const warnings: string[] = [];
        const spy = jest
            .spyOn(process.stderr, "write")
            .mockImplementation((chunk: string | Uint8Array) => (warnings.push(String(chunk)), true));
        try {
            const lines = await provider(documentedOrWritten, { "telephony:adoptExisting": "true" });
            const { id } = await lines.create({ ...withoutPassword, callerId: "1130001000" });
            expect(id).toBe("1");
            expect(writes().map((request) => request.method)).toEqual(["POST"]);
            expect(warnings.join("")).toContain("adopted the existing record 1 (telephony:adoptExisting is set)");
        } finally {
            spy.mockRestore();
        }
    });
});

describe("a server without the assumed update and delete (404 for manageDevices' POST and DELETE)", () => {
    const without = (request: StubRequest): StubAnswer =>
        request.method === "GET" ? { text: closedListDevices() } : request.method === "PUT" ? { text: created } : noMethod;

    const warnings = capturedStderr();

    it("an update fails naming the assumed call and what to change in the panel, keeping the vendor's text", async () => {
        const lines = await provider(without);
        const error = await lines.update!(
            "1",
            { ...fernando, recordId: 1 },
            { ...fernando, maxSimultaneousCalls: 4, enabled: false },
        ).catch((e) => e);
        expect(error.name).toBe("NotFoundError");
        expect(error.vendorReason).toBe("Método não encontrado: manageDevices");
        expect(error.message).toMatch(
            /^NextBilling updateLine \(POST \/api\/manageDevices\/\*\*\*\/\*\*\*\/1\), HTTP 404 failed: Método não encontrado: manageDevices\. /,
        );
        expect(error.message).toContain(
            "Lines are changed in place with manageDevices' POST, a call NextBilling does not document (assumed",
        );
        expect(error.message).toContain(
            'change maxSimultaneousCalls, enabled of line 1 ("fernando9000") in the NextBilling panel, then run `pulumi refresh`',
        );
        expect(error.message).toContain("leave `password` out to keep NextBilling's own");
        expect(error.message).not.toContain("pw-1");
    });

    it("a delete warns that the line was left at NextBilling, to be removed in the panel, and succeeds", async () => {
        const lines = await provider(without);
        await expect(lines.delete!("1", { ...fernando, recordId: 1 })).resolves.toBeUndefined();
        const said = warnings.join("");
        expect(said).toContain("NextBilling deleteLine is not documented by the vendor, and this server did not answer it as assumed");
        expect(said).toContain(
            'warning: [telephony] line 1 ("fernando9000") of customer 3 was left at NextBilling: this server has no manageDevices delete as assumed; remove it in the NextBilling panel.',
        );
        // The line was still listed (a fresh list), so the 404 was about the method; the next delete does not try again.
        expect(requests().map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${WRITE}`, `GET ${LIST_3}`]);
        await lines.delete!("1", { ...fernando, recordId: 1 });
        expect(requests()).toHaveLength(2);
    });

    it("a 404 for a line that is no longer listed is a delete done, without a warning", async () => {
        const lines = await provider((request) =>
            request.method === "GET" ? { text: '{"error":0,"reason":"OK","records":0,"data":[]}' } : noMethod,
        );
        await expect(lines.delete!("1", { ...fernando, recordId: 1 })).resolves.toBeUndefined();
        expect(warnings.join("")).toBe("");
    });

    it("a panel page under HTTP 200 instead of JSON is a missing call too", async () => {
        const page = { text: '<!DOCTYPE html><html><body><input name="senha" type="password"></body></html>', contentType: "text/html" };
        const lines = await provider((request) => (request.method === "GET" ? { text: closedListDevices() } : page));
        const error = await lines.update!("1", { ...fernando, recordId: 1 }, { ...fernando, enabled: false }).catch((e) => e);
        expect(error.property).toBeUndefined();
        expect(error.message).toContain("this server does not have");
        await expect(lines.delete!("1", { ...fernando, recordId: 1 })).resolves.toBeUndefined();
        expect(warnings.join("")).toContain("was left at NextBilling");
    });
});

describe("refusals keep the vendor's text", () => {
    it("a delete refused while the line is in use fails with NextBilling's words", async () => {
        const lines = await provider((request) =>
            request.method === "GET" ? { text: closedListDevices() } : { text: '{"error":1,"reason":"Linha 1 em uso: DID 12"}' },
        );
        const error = await lines.delete!("1", { ...fernando, recordId: 1 }).catch((e) => e);
        expect(error.message).toBe("NextBilling deleteLine (DELETE /api/manageDevices/***/***/1), HTTP 200 failed: Linha 1 em uso: DID 12");
        expect(error.vendorReason).toBe("Linha 1 em uso: DID 12");
    });

    it("a create refused for a taken username is reported against username", async () => {
        const lines = await provider((request) =>
            request.method === "GET"
                ? { text: '{"error":0,"reason":"OK","records":0,"data":[]}' }
                : { text: '{"error":1,"reason":"Usuário já cadastrado: fernando9000"}' },
        );
        const error = await lines.create(fernando).catch((e) => e);
        expect(error.name).toBe("ConflictError");
        expect(error.property).toBe("username");
        expect(error.message).toBe(
            "username: NextBilling createLine (PUT /api/manageDevices/***/***/1), HTTP 200 failed: Usuário já cadastrado: fernando9000",
        );
    });
});
