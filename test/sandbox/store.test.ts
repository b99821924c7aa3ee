import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSandbox } from "../../sandbox";
import { emptyState, Store } from "../../sandbox/store";
import { exampleGroup, KEY, request, ringGroupsUrl, TOKEN } from "../support/http";

let dir: string;

beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "telephony-sandbox-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("state file", () => {
    it("persists every change atomically, without credentials, and is reloaded on the next start", async () => {
        const file = join(dir, "nested", "state.json");
        const first = await startSandbox({ stateFile: file });
        await request(ringGroupsUrl(first.url), { method: "PUT", json: exampleGroup() });
        await request(ringGroupsUrl(first.url), { method: "PUT", json: exampleGroup({ descricao: "Segundo" }) });
        await request(ringGroupsUrl(first.url, 0, "?id_record=6"), { method: "DELETE" }); // the second created; 1-4 are seeded
        await first.close();

        expect(readdirSync(join(dir, "nested"))).toEqual(["state.json"]); // no temp file left behind
        const text = readFileSync(file, "utf8");
        expect(text).not.toContain(TOKEN);
        expect(text).not.toContain(KEY);
        const saved = JSON.parse(text);
        expect(saved.version).toBe(1);
        expect(saved.nextbilling.ringGroups.map((g: { id: number }) => g.id)).toEqual([1, 2, 3, 4, 5]);
        expect(saved.nextbilling.ringGroups[4].descricao).toBe("Ramais Recepção");

        const second = await startSandbox({ stateFile: file });
        try {
            const listed = await request(ringGroupsUrl(second.url, 9));
            expect(listed.json.data).toEqual([
                {
                    id: "5",
                    id_cliente: "9",
                    descricao: "Ramais Recepção",
                    strategy: "linear",
                    devices: ["1", "4", "19", "23"],
                    status: "1",
                },
            ]);
            const next = await request(ringGroupsUrl(second.url), { method: "PUT", json: exampleGroup() });
            expect(next.json.new_record).toBe(7); // ids carry on from the saved counter
        } finally {
            await second.close();
        }
    });

    it("saves the reset state too", async () => {
        const file = join(dir, "state.json");
        const sandbox = await startSandbox({ stateFile: file });
        await request(ringGroupsUrl(sandbox.url), { method: "PUT", json: exampleGroup() });
        await request(`${sandbox.url}/_admin/reset`, { method: "POST" });
        await sandbox.close();
        const saved = JSON.parse(readFileSync(file, "utf8")).nextbilling;
        expect(saved.ringGroups.map((g: { id: number }) => g.id)).toEqual([1, 2, 3, 4]);
        expect(saved.nextId.ringGroup).toBe(5);
    });

    it("refuses a state file of another version rather than misreading it", async () => {
        const file = join(dir, "state.json");
        writeFileSync(file, JSON.stringify({ version: 99, nextbilling: {} }));
        await expect(startSandbox({ stateFile: file })).rejects.toThrow(/version 99/);
        writeFileSync(file, "{");
        await expect(startSandbox({ stateFile: file })).rejects.toThrow(/not valid JSON/);
    });
});

describe("seeding", () => {
    it("seeds the demo tenant by default and starts empty with seed: false", async () => {
        const seeded = await startSandbox();
        const bare = await startSandbox({ seed: false });
        try {
            expect(seeded.store.state.nextbilling.customers).toHaveLength(5);
            expect(bare.store.state).toEqual(emptyState());
            await request(`${bare.url}/_admin/reset`, { method: "POST" });
            expect(bare.store.state).toEqual(emptyState());
            expect((await request(ringGroupsUrl(bare.url), { method: "PUT", json: exampleGroup() })).json.reason).toBe(
                "Cliente não encontrado: 9",
            );
        } finally {
            await Promise.all([seeded.close(), bare.close()]);
        }
    });

    it("accepts other credentials and then refuses the demo ones", async () => {
        const sandbox = await startSandbox({ credentials: { token: "tok", key: "chave" } });
        try {
            expect((await request(ringGroupsUrl(sandbox.url, 0, "", { token: "tok", key: "chave" }))).status).toBe(200);
            expect((await request(ringGroupsUrl(sandbox.url))).status).toBe(403);
        } finally {
            await sandbox.close();
        }
    });
});

describe("Store", () => {
    it("leaves the state untouched when a change throws", () => {
        const store = Store.open();
        expect(() =>
            store.update((draft) => {
                draft.nextbilling.nextId.ringGroup = 50;
                throw new Error("half-way");
            }),
        ).toThrow("half-way");
        expect(store.state.nextbilling.nextId.ringGroup).toBe(1);
    });

    it("keeps memory and disk in step when the write fails", () => {
        const file = join(dir, "state.json");
        const store = Store.open(file);
        rmSync(dir, { recursive: true });
        expect(() => store.update((draft) => draft.nextbilling.customers.push({ id: 1, nome_fantasia: "X", status: 1 }))).toThrow();
        expect(store.state.nextbilling.customers).toEqual([]);
    });
});
