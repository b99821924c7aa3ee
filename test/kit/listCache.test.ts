/**
 * The list cache on its own: one load per key, write-through of this process's writes by record
 * id (idempotent, whatever a load in flight answers), fresh loads shared by concurrent callers
 * without ever handing one a list whose load began before it asked, and the per-list index.
 */
import { indexed, ListCache } from "../../provider/kit/listCache";

type Row = { id: string; name: string };
const idOf = (row: Row) => row.id;

/** A load whose answer the test gives when it wants, counting how often it was started. */
function controlledLoads() {
    const pending: ((rows: Row[]) => void)[] = [];
    const failing: ((error: Error) => void)[] = [];
    let started = 0;
    return {
        load: () =>
            new Promise<Row[]>((resolve, reject) => {
                started += 1;
                pending.push(resolve);
                failing.push(reject);
            }),
        answer: (rows: Row[]) => pending.shift()!(rows),
        fail: (error: Error) => (pending.shift(), failing.shift()!(error)),
        get started() {
            return started;
        },
    };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("ListCache.get", () => {
    it("loads a key once; concurrent callers share the call in flight", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const both = Promise.all([cache.get("k", loads.load), cache.get("k", loads.load)]);
        loads.answer([{ id: "1", name: "a" }]);
        expect(await both).toEqual([[{ id: "1", name: "a" }], [{ id: "1", name: "a" }]]);
        expect(await cache.get("k", loads.load)).toEqual([{ id: "1", name: "a" }]);
        expect(loads.started).toBe(1);
    });

    it("does not remember a failed load", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const first = cache.get("k", loads.load);
        loads.fail(new Error("503"));
        await expect(first).rejects.toThrow("503");
        const second = cache.get("k", loads.load);
        loads.answer([]);
        expect(await second).toEqual([]);
        expect(loads.started).toBe(2);
    });
});

describe("ListCache write-through", () => {
    it("appends a created record, replaces a changed one and drops a deleted one, with no load", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const loaded = cache.get("k", loads.load);
        loads.answer([{ id: "1", name: "a" }]);
        await loaded;
        cache.put<Row>("k", "2", idOf, { id: "2", name: "b" });
        cache.put<Row>("k", "1", idOf, (listed) => ({ ...listed!, name: "a2" }));
        cache.drop<Row>("k", "2", idOf);
        cache.put<Row>("k", "3", idOf, { id: "3", name: "c" });
        expect(await cache.get("k", loads.load)).toEqual([
            { id: "1", name: "a2" },
            { id: "3", name: "c" },
        ]);
        expect(loads.started).toBe(1);
    });

    it("leaves the list a caller already holds as it was", async () => {
        const cache = new ListCache();
        const held = await cache.get<Row[]>("k", async () => [{ id: "1", name: "a" }]);
        cache.put<Row>("k", "2", idOf, { id: "2", name: "b" });
        expect(held).toEqual([{ id: "1", name: "a" }]);
        expect(await cache.get("k", async () => [])).toHaveLength(2);
    });

    it("applies a write after a load in flight, once, whether or not the vendor's answer already had it", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const before = cache.get("k", loads.load);
        cache.put<Row>("k", "2", idOf, { id: "2", name: "b" });
        cache.drop<Row>("k", "1", idOf);
        // The list was answered after the create (it has record 2) and before the delete (it still has record 1).
        loads.answer([
            { id: "1", name: "a" },
            { id: "2", name: "b" },
        ]);
        expect(await before).toEqual([
            { id: "1", name: "a" },
            { id: "2", name: "b" },
        ]);
        expect(await cache.get("k", loads.load)).toEqual([{ id: "2", name: "b" }]);
    });

    it("a create appends without looking at the others when the list was answered before the create was sent", async () => {
        const cache = new ListCache();
        let looked = 0;
        const counting = (row: Row) => (looked++, row.id);
        await cache.get<Row[]>("k", async () => Array.from({ length: 1000 }, (_, i) => ({ id: String(i), name: "old" })));
        const sentAt = cache.mark();
        cache.add<Row>("k", "1000", counting, { id: "1000", name: "new" }, sentAt);
        const list = await cache.get<Row[]>("k", async () => []);
        expect(list).toHaveLength(1001);
        expect(list[1000]).toEqual({ id: "1000", name: "new" });
        expect(looked).toBe(0);
    });

    it("a create looks first when the list was answered after the create was sent: the vendor's answer may hold it already", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const sentAt = cache.mark();
        const listed = cache.get("k", loads.load);
        loads.answer([{ id: "7", name: "as the vendor lists it" }]);
        await listed;
        cache.add<Row>("k", "7", idOf, (before) => ({ ...before, id: "7", name: "written" }), sentAt);
        // Still in flight when the create was answered: likewise.
        const inFlight = cache.fresh("j", loads.load);
        cache.add<Row>("j", "8", idOf, { id: "8", name: "written" }, cache.mark());
        loads.answer([{ id: "8", name: "as the vendor lists it" }]);
        await inFlight;
        expect(await cache.get("k", loads.load)).toEqual([{ id: "7", name: "written" }]);
        expect(await cache.get("j", loads.load)).toEqual([{ id: "8", name: "written" }]);
    });

    it("does nothing when the key is not cached: its next load has the write", async () => {
        const cache = new ListCache();
        cache.put<Row>("k", "2", idOf, { id: "2", name: "b" });
        cache.drop<Row>("k", "1", idOf);
        expect(cache.has("k")).toBe(false);
        expect(await cache.get("k", async () => [{ id: "9", name: "vendor" }])).toEqual([{ id: "9", name: "vendor" }]);
    });

    it("forgets a list on invalidate", async () => {
        const cache = new ListCache();
        await cache.get("k", async () => [{ id: "1", name: "a" }]);
        cache.invalidate("k");
        expect(await cache.get("k", async () => [])).toEqual([]);
    });
});

describe("ListCache.fresh", () => {
    it("loads anew and becomes the cached list", async () => {
        const cache = new ListCache();
        await cache.get("k", async () => [{ id: "1", name: "old" }]);
        expect(await cache.fresh("k", async () => [{ id: "1", name: "new" }])).toEqual([{ id: "1", name: "new" }]);
        expect(await cache.get("k", async () => [])).toEqual([{ id: "1", name: "new" }]);
    });

    it("shares one load among the callers that arrive while one is in flight, and never hands a caller a load begun before it asked", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const first = cache.fresh("k", loads.load);
        // Three callers arrive while the first load is in flight: they must not get it (it may predate their lost writes).
        const later = [cache.fresh("k", loads.load), cache.fresh("k", loads.load), cache.fresh("k", loads.load)];
        expect(loads.started).toBe(1);
        loads.answer([{ id: "1", name: "before" }]);
        expect(await first).toEqual([{ id: "1", name: "before" }]);
        await flush();
        expect(loads.started).toBe(2);
        loads.answer([{ id: "1", name: "after" }]);
        expect(await Promise.all(later)).toEqual([
            [{ id: "1", name: "after" }],
            [{ id: "1", name: "after" }],
            [{ id: "1", name: "after" }],
        ]);
        expect(loads.started).toBe(2);
    });

    it("hands a failure to the callers of that load only", async () => {
        const cache = new ListCache();
        const loads = controlledLoads();
        const first = cache.fresh("k", loads.load);
        const second = cache.fresh("k", loads.load);
        loads.fail(new Error("503"));
        await expect(first).rejects.toThrow("503");
        await flush();
        loads.answer([]);
        expect(await second).toEqual([]);
    });
});

describe("indexed", () => {
    it("finds records by key, the first of each, and builds the index once per list", () => {
        const list: Row[] = [
            { id: "1", name: "a" },
            { id: "2", name: "b" },
            { id: "1", name: "twin" },
        ];
        let calls = 0;
        const byId = (row: Row) => (calls++, row.id);
        expect(indexed(list, byId).get("1")).toEqual({ id: "1", name: "a" });
        expect(indexed(list, byId).get("2")).toEqual({ id: "2", name: "b" });
        expect(indexed(list, byId).get("3")).toBeUndefined();
        expect(calls).toBe(3);
        // Another list (a write-through made one) gets its own index.
        expect(indexed([...list, { id: "3", name: "c" }], byId).get("3")).toEqual({ id: "3", name: "c" });
    });
});

describe("indexed, across the appends of creates", () => {
    it("carries a list's index to the list a create appends to, keying only the new record", async () => {
        const cache = new ListCache();
        const rows = Array.from({ length: 1_000 }, (_, i) => ({ id: String(i), name: i === 7 ? "twin" : `row ${i}` }));
        let calls = 0;
        const byName = (row: Row) => (calls++, row.name);
        const first = await cache.get("rows", async () => rows);
        expect(indexed(first, byName).get("row 3")).toEqual({ id: "3", name: "row 3" });
        expect(calls).toBe(1_000);

        for (const [index, name] of ["made 1", "made 2", "twin"].entries()) {
            cache.add<Row>("rows", `new-${index}`, idOf, { id: `new-${index}`, name }, cache.mark());
        }
        const grown = await cache.get<Row[]>("rows", async () => []);
        expect(grown).toHaveLength(1_003);
        expect(indexed(grown, byName).get("made 2")).toEqual({ id: "new-1", name: "made 2" });
        // The first of each key still wins: the appended "twin" does not hide the listed one.
        expect(indexed(grown, byName).get("twin")).toEqual({ id: "7", name: "twin" });
        expect(calls).toBe(1_003);

        // The list before the appends is still indexed as it is, built again on demand.
        expect(indexed(first, byName).get("made 1")).toBeUndefined();
        expect(indexed(first, byName).get("row 999")).toEqual({ id: "999", name: "row 999" });
        expect(calls).toBe(2_003);
    });

    it("builds anew after a write that is not an append (an update, a delete)", async () => {
        const cache = new ListCache();
        const first = await cache.get("rows", async () => [
            { id: "1", name: "a" },
            { id: "2", name: "b" },
        ]);
        const byName = (row: Row) => row.name;
        expect(indexed(first, byName).get("a")?.id).toBe("1");
        cache.put<Row>("rows", "1", idOf, { id: "1", name: "renamed" });
        cache.drop<Row>("rows", "2", idOf);
        const after = await cache.get<Row[]>("rows", async () => []);
        expect(indexed(after, byName).get("a")).toBeUndefined();
        expect(indexed(after, byName).get("b")).toBeUndefined();
        expect(indexed(after, byName).get("renamed")?.id).toBe("1");
    });
});
