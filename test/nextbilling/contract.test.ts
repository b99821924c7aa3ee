/**
 * NextBilling's documented answers are contracts: each verbatim fixture, served as the vendor
 * documents it, is parsed by the real client, and the request it answers is asserted whole
 * (method, path, query, body). docs/vendors/nextbilling.md lists the calls.
 */
import { NextBillingClient } from "../../provider/nextbilling/client";
import { createDid } from "../../provider/nextbilling/did/vendor";
import { listRecords } from "../../provider/nextbilling/records";
import { listReferences } from "../../provider/nextbilling/references";
import { createRingGroup } from "../../provider/nextbilling/ringGroup/vendor";
import { vendorFixture } from "../support/fixtures";
import { startStub, type StubServer } from "../support/stubServer";

const TOKEN = "7cb40d54-4ebf-55a6-875a-5f57234e97cc-9990";
const KEY = "b12c87a7-6dd6-5f99-9b47-c7c3be66fe73-8629";

let stub: StubServer | undefined;
afterEach(async () => {
    await stub?.close();
    stub = undefined;
});

async function serving(text: string): Promise<NextBillingClient> {
    stub = await startStub(() => ({ text }));
    return new NextBillingClient({ url: stub.url, token: TOKEN, key: KEY, tls: {}, debug: false, maxRetries: 0 });
}

/** The documented listDevices example is cut short in the only copy there is: closed here, its content untouched. */
function closedListDevices(): string {
    return vendorFixture("nextbilling", "listDevices.truncated.txt").trimEnd().replace(/,$/, "") + "}]}]}";
}

describe("NextBilling's documented answers, parsed by the real client", () => {
    it("the create envelope, trailing comma included (not strict JSON), gives new_record", async () => {
        const client = await serving(vendorFixture("nextbilling", "create-envelope.txt"));
        expect(vendorFixture("nextbilling", "create-envelope.txt")).toMatch(/"new_record":13,\s*}/);
        expect(
            await createDid(client, { customer_id: 13, description: "Número Entrante", did_number: "1166", did_type: 5, did_type_id: 12 }),
        ).toBe(13);
        expect(
            await createRingGroup(client, {
                id_cliente: 9,
                descricao: "Ramais Recepção",
                strategy: "linear",
                devices: [1, 4, 19, 23],
                status: 1,
            }),
        ).toBe(13);
        expect(stub!.requests.map(({ method, path, query, body }) => ({ method, path, query, body: JSON.parse(body) }))).toEqual([
            {
                method: "PUT",
                path: `/api/manageDID/${TOKEN}/${KEY}`,
                query: {},
                body: { customer_id: 13, description: "Número Entrante", did_number: "1166", did_type: 5, did_type_id: 12 },
            },
            {
                method: "PUT",
                path: `/api/manageRingGroups/${TOKEN}/${KEY}/0`,
                query: {},
                body: { id_cliente: 9, descricao: "Ramais Recepção", strategy: "linear", devices: [1, 4, 19, 23], status: 1 },
            },
        ]);
        expect(stub!.requests.every((request) => request.contentType === "application/json")).toBe(true);
    });

    it("statusCustomer's answer: every documented field, values as documented", async () => {
        const client = await serving(vendorFixture("nextbilling", "statusCustomer.json"));
        const answer = await client.call({
            name: "statusCustomer",
            method: "POST",
            apiMethod: "statusCustomer",
            json: { id: 1, status: 0 },
            safeToRepeat: true,
        });
        expect(answer).toEqual({ error: 0, reason: "OK", customer_id: 1, customer_name: "NEXTBILLING RJ 1", old_status: 1, new_status: 0 });
        expect(stub!.requests).toEqual([
            expect.objectContaining({
                method: "POST",
                path: `/api/statusCustomer/${TOKEN}/${KEY}`,
                query: {},
                body: '{"id":1,"status":0}',
            }),
        ]);
    });

    it("listDevices nested per customer (outer values numbers, inner strings): one line per record, its customer kept", async () => {
        const client = await serving(closedListDevices());
        const records = listRecords(JSON.parse(closedListDevices()));
        expect(records).toHaveLength(1);
        expect(records![0]).toMatchObject({ id: "1", id_cliente: "3", tech: "SIP", username: "fernando9000" });
        expect(await listReferences(client, "line", 3)).toEqual([{ id: 1, name: "fernando9000" }]);
        expect(stub!.requests).toEqual([
            expect.objectContaining({ method: "GET", path: `/api/listDevices/${TOKEN}/${KEY}/3`, query: {}, body: "" }),
        ]);
    });

    it("an error envelope keeps the vendor's own text and names the call, with the token and key masked", async () => {
        const client = await serving('{"error":1,"reason":"Linha 99 não pertence ao cliente 9"}');
        const error = await createRingGroup(client, { id_cliente: 9, descricao: "X", strategy: "linear", devices: [99], status: 1 }).catch(
            (e) => e,
        );
        expect(error.message).toBe(
            "NextBilling createRingGroup (PUT /api/manageRingGroups/***/***/0), HTTP 200 failed: Linha 99 não pertence ao cliente 9",
        );
        expect(error.vendorReason).toBe("Linha 99 não pertence ao cliente 9");
    });
});

describe("the one reader of undocumented NextBilling lists takes every plausible shape", () => {
    const group = { id: "4", descricao: "Recepção", strategy: "ringall", devices: ["1", "4"], status: "1" };
    it.each([
        ["flat, values as strings", { error: 0, records: 1, data: [{ ...group, id_cliente: "9" }] }],
        ["flat, values as numbers", { error: 0, records: 1, data: [{ ...group, id: 4, id_cliente: 9, devices: [1, 4], status: 1 }] }],
        [
            "nested per customer like listDevices",
            { error: 0, records: 1, data: [{ id_cliente: 9, nome_fantasia: "Clínica", records: 1, data: [group] }] },
        ],
        ["keyed by customer", { error: 0, data: { "9": [group] } }],
        ["keyed by record id", { error: 0, data: { "4": { ...group, id: undefined, id_cliente: "9" } } }],
        ["one bare record", { error: 0, data: { ...group, id_cliente: "9" } }],
        ["a JSON-encoded list", { error: 0, data: JSON.stringify([{ ...group, id_cliente: "9" }]) }],
    ])("%s", (_, answer) => {
        const records = listRecords(JSON.parse(JSON.stringify(answer)));
        expect(records).toHaveLength(1);
        expect(records![0]).toMatchObject({ descricao: "Recepção" });
        expect(Number(records![0].id)).toBe(4);
        expect(Number(records![0].id_cliente)).toBe(9);
    });

    it("an answer with no list at all is told apart from an empty one", () => {
        expect(listRecords({ error: 0, reason: "OK", data: "ok" })).toBeUndefined();
        expect(listRecords({ error: 0, reason: "OK", records: 0, data: [] })).toEqual([]);
        expect(listRecords({ error: 0, reason: "OK" })).toEqual([]);
        expect(listRecords("<html>")).toBeUndefined();
    });
});
