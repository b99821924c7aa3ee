/**
 * A whole NextBilling tenant as one program on the real Pulumi engine: a time profile, lines, a
 * queue of lines, an IVR pointing at them, a ring group and a DID routed to the IVR, every id an
 * output of the resource it points at. The engine runs steps in parallel (here `--parallel 8`), so
 * only the references order them: what is pointed at is created first and deleted last, which the
 * emulator's request log shows and its in-use checks enforce (NextBilling refuses to delete a line
 * a queue still holds). A line swapped for another flows through the references in one up: the new
 * line, then the queue and the ring group updated to it, then the old line deleted. Under every
 * shape of the undocumented lists (the emulator's documented, nested and keyed profiles), lost
 * create answers leave one record each, a refreshed no-op writes nothing, and panel edits are seen
 * and reverted.
 */
import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";
import type { LoggedRequest } from "../../sandbox/server";
import { requireEngine } from "../support/engine";
import {
    type Declared,
    expectNothingSecretAtRest,
    type Kind,
    lastOps,
    lifecycleStack,
    programOf,
    ref,
    storedResources,
    succeeded,
} from "../support/lifecycle";

requireEngine();

const TOKEN = "tenant-lifecycle-token-5b2e8a";
const KEY = "tenant-lifecycle-key-0c7d31";
const CREDENTIALS = { "telephony:nextbillingToken": TOKEN, "telephony:nextbillingKey": KEY };
const PASSWORDS = ["tenant-line-pw-4601", "tenant-line-pw-4602", "tenant-line-pw-4603"];
const CUSTOMER = 45;

const declare = (kind: Kind, name: string, args: Record<string, unknown>): Declared => ({
    kind,
    name,
    args: { customerId: CUSTOMER, ...args },
});
const line = (name: string, username: string, password: string) => declare("Line", name, { username, password, callerId: "1146001000" });

/** The tenant, with `sales` as the queue's and the ring group's second line. */
function tenant(sales: Declared): Declared[] {
    return [
        declare("TimeProfile", "hours", { description: "Horário Tenant", week: { mon: [["08:00", "18:00"]], sat: [["08:00", "12:00"]] } }),
        line("cashier", "4601", PASSWORDS[0]!),
        sales,
        declare("Queue", "queue", { description: "Fila Tenant", strategy: "rrmemory", devices: [ref("cashier"), ref(sales.name)] }),
        declare("Ivr", "menu", {
            description: "URA Tenant",
            timeProfileId: ref("hours"),
            options: { "1": { action: "queue", queueId: ref("queue") }, "2": { action: "line", lineId: ref("cashier") } },
            whenClosed: { action: "voicemail", lineId: ref("cashier") },
        }),
        declare("RingGroup", "ring", { description: "Ramais Tenant", strategy: "linear", devices: [ref("cashier"), ref(sales.name)] }),
        declare("Did", "number", { number: "1146001000", description: "Principal Tenant", routing: { type: "ivr", ivrId: ref("menu") } }),
    ];
}

const firstSeller = line("seller", "4602", PASSWORDS[1]!);
const secondSeller = line("new-seller", "4603", PASSWORDS[2]!);

let sandbox: Sandbox;
let admin: SandboxAdmin;
beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, credentials: { token: TOKEN, key: KEY } });
    admin = new SandboxAdmin(sandbox.url);
});
afterAll(() => sandbox.close());

const apiMethod = (request: LoggedRequest) => request.path.split("/")[2];
/** Where in the log the first request of `method` to `apiMethod` (optionally naming record `id`) is; -1 for none. */
function position(log: LoggedRequest[], method: string, api: string, id?: number): number {
    return log.findIndex(
        (request) =>
            request.method === method &&
            apiMethod(request) === api &&
            (id === undefined ||
                String(request.query.id_record) === String(id) ||
                String((request.body as { id_record?: unknown } | null)?.id_record) === String(id)),
    );
}
const expectBefore = (first: number, then: number) => {
    expect(first).toBeGreaterThanOrEqual(0);
    expect(then).toBeGreaterThan(first);
};
const recordIds = (stack: Parameters<typeof storedResources>[0]) =>
    Object.fromEntries(storedResources(stack).map((resource) => [resource.urn.split("::").at(-1)!, Number(resource.outputs.recordId)]));

describe("a whole tenant on the real engine", () => {
    it("creates what is pointed at first, flows a swapped line through the references, and destroys in reverse", async () => {
        await admin.reset();
        const stack = await lifecycleStack(sandbox, tenant(firstSeller), { secretConfig: CREDENTIALS, parallel: 8 });
        try {
            // Create: each write after the writes of what it points at, with their ids in its body.
            await admin.clearRequests();
            const created = succeeded(await stack.up());
            expect(Object.values(lastOps(created)).every((op) => op === "create")).toBe(true);
            const ids = recordIds(stack);
            let log = (await admin.requests()).requests;
            const put = (api: string) => log.filter((request) => request.method === "PUT" && apiMethod(request) === api);
            expect(put("manageDevices")).toHaveLength(2);
            const lastLine = Math.max(...put("manageDevices").map((request) => log.indexOf(request)));
            expectBefore(lastLine, position(log, "PUT", "manageQueue"));
            expectBefore(lastLine, position(log, "PUT", "manageRingGroups"));
            expectBefore(position(log, "PUT", "manageQueue"), position(log, "PUT", "manageIvr"));
            expectBefore(position(log, "PUT", "manageTimeProfiles"), position(log, "PUT", "manageIvr"));
            expectBefore(position(log, "PUT", "manageIvr"), position(log, "PUT", "manageDID"));
            expect(put("manageQueue")[0]!.body).toMatchObject({ devices: [ids.cashier, ids.seller] });
            expect(put("manageIvr")[0]!.body).toMatchObject({ perfil_horario: { id: ids.hours } });
            expect(put("manageDID")[0]!.body).toMatchObject({ did_type_id: ids.menu });
            expectNothingSecretAtRest(stack, PASSWORDS);

            // A line swapped for another: created, the queue and the ring group moved to it, then the old one deleted.
            stack.setProgram(programOf(tenant(secondSeller)));
            await admin.clearRequests();
            const swapped = succeeded(await stack.up());
            expect(lastOps(swapped)).toMatchObject({ "new-seller": "create", queue: "update", ring: "update", seller: "delete" });
            const after = recordIds(stack);
            log = (await admin.requests()).requests;
            expectBefore(position(log, "PUT", "manageDevices"), position(log, "POST", "manageQueue", ids.queue));
            expectBefore(position(log, "PUT", "manageDevices"), position(log, "POST", "manageRingGroups", ids.ring));
            expectBefore(position(log, "POST", "manageQueue", ids.queue), position(log, "DELETE", "manageDevices", ids.seller));
            expectBefore(position(log, "POST", "manageRingGroups", ids.ring), position(log, "DELETE", "manageDevices", ids.seller));
            const state = (await admin.state()).nextbilling;
            expect(state.queues.find((queue) => queue.id === ids.queue)?.devices).toEqual([ids.cashier, after["new-seller"]]);
            expect(state.ringGroups.find((group) => group.id === ids.ring)?.devices).toEqual([ids.cashier, after["new-seller"]]);
            expect(
                state.lines
                    .filter((record) => record.id_cliente === CUSTOMER)
                    .map((record) => record.id)
                    .sort(),
            ).toEqual([ids.cashier, after["new-seller"]].sort());

            // Destroy: each delete after the deletes of what points at it; nothing of the tenant is left.
            await admin.clearRequests();
            succeeded(await stack.destroy());
            log = (await admin.requests()).requests;
            expectBefore(position(log, "DELETE", "manageDID"), position(log, "DELETE", "manageIvr"));
            expectBefore(position(log, "DELETE", "manageIvr"), position(log, "DELETE", "manageQueue"));
            expectBefore(position(log, "DELETE", "manageIvr"), position(log, "DELETE", "manageTimeProfiles"));
            const firstLineDelete = position(log, "DELETE", "manageDevices");
            expectBefore(position(log, "DELETE", "manageQueue"), firstLineDelete);
            expectBefore(position(log, "DELETE", "manageRingGroups"), firstLineDelete);
            expectBefore(position(log, "DELETE", "manageIvr"), firstLineDelete);
            const left = (await admin.state()).nextbilling;
            for (const records of [left.lines, left.queues, left.ivrs, left.timeProfiles, left.ringGroups, left.dids]) {
                expect(records.filter((record) => ("id_cliente" in record ? record.id_cliente : record.customer_id) === CUSTOMER)).toEqual(
                    [],
                );
            }
        } finally {
            await stack.dispose();
        }
    }, 240_000);

    // The tenant's lists are undocumented answers: read in every shape the emulator gives them (flat,
    // nested per customer, keyed by customer; values as strings or numbers), refresh after refresh.
    it.each(["documented", "nested", "keyed"] as const)(
        "with %s lists: a lost create answer leaves one record of each kind; a no-op writes nothing; refresh sees the panel's edits, up reverts them",
        async (profile) => {
            await admin.reset();
            await admin.setVariants({ profile });
            const stack = await lifecycleStack(sandbox, tenant(firstSeller), { secretConfig: CREDENTIALS, parallel: 8 });
            try {
                // Each create applied at the vendor, its answer lost: resolved by natural key, not sent twice.
                const lost = ["manageTimeProfiles", "manageDevices", "manageQueue", "manageIvr"].map((api) => ({
                    method: "PUT",
                    pathIncludes: api,
                    count: 1,
                }));
                await admin.setFaults({ dropAnswerNext: lost });
                succeeded(await stack.up());
                await admin.clearFaults();
                const ids = recordIds(stack);
                const mine = <R extends { id_cliente?: number; customer_id?: number }>(records: R[]) =>
                    records.filter((record) => (record.id_cliente ?? record.customer_id) === CUSTOMER);
                let state = (await admin.state()).nextbilling;
                expect(mine(state.timeProfiles).map((record) => record.id)).toEqual([ids.hours]);
                expect(
                    mine(state.lines)
                        .map((record) => record.id)
                        .sort(),
                ).toEqual([ids.cashier, ids.seller].sort());
                expect(mine(state.queues).map((record) => record.id)).toEqual([ids.queue]);
                expect(mine(state.ivrs).map((record) => record.id)).toEqual([ids.menu]);

                // Read back in this shape, every record is as declared: nothing to do, nothing written.
                const writesBefore = (await admin.requests()).writes;
                succeeded(await stack.preview({ expectNoChanges: true, refresh: true }));
                expect((await admin.requests()).writes).toBe(writesBefore);

                // Edited in the panel: refresh records what the vendor holds, the next up puts the code back.
                await admin.queues.patch(ids.queue!, { timeout: 99 });
                await admin.lines.patch(ids.cashier!, { callerid: "1146009999" });
                const refreshed = succeeded(await stack.refresh());
                expect(lastOps(refreshed)).toMatchObject({ queue: "update", cashier: "update", menu: "same", hours: "same" });
                const reverted = succeeded(await stack.up());
                expect(lastOps(reverted)).toMatchObject({ queue: "update", cashier: "update", menu: "same" });
                state = (await admin.state()).nextbilling;
                expect(state.queues.find((record) => record.id === ids.queue)?.timeout).toBe(30);
                expect(state.lines.find((record) => record.id === ids.cashier)?.callerid).toBe("1146001000");
                succeeded(await stack.destroy());
            } finally {
                await stack.dispose();
            }
        },
        240_000,
    );
});
