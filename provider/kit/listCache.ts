/**
 * List answers for the life of the provider host process: one list per kind per customer per run,
 * kept true by this process's own writes.
 *
 * - `get` loads a list once; concurrent callers share the call in flight; a failed call is not
 *   remembered.
 * - `add`, `put` and `drop` are write-through: a record this process created, changed or deleted
 *   is put into (or taken out of) the cached list in place, instead of forgetting the list and
 *   listing the whole account again at the next create. They are keyed by record id and
 *   idempotent, so it does not matter whether a list in flight was answered before or after the
 *   write.
 * - `fresh` loads anew, for what only the vendor can tell (a create whose answer was lost):
 *   concurrent callers share one call, and a caller never gets a list whose load began before it
 *   asked.
 *
 * The trade-off, accepted on purpose: a record made out of band (in the panel, by another
 * program) after the list was fetched is not seen until the next run. The vendor's own checks
 * still apply to every write (NextBilling keeps DID numbers unique itself), and the next run,
 * `pulumi refresh` or `telephony drift` lists again.
 */
export class ListCache {
    private readonly entries = new Map<string, Entry>();
    private readonly freshLoads = new Map<string, FreshLoad>();
    /** Orders vendor answers against writes: see `mark` and `add`. */
    private clock = 0;

    /** The cached list, loading it when there is none. */
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
        const entry = this.entries.get(key);
        return (entry?.list ?? this.load(key, load())) as Promise<T>;
    }

    /**
     * A list whose load began after this call, which also becomes the cached one. A call made while
     * such a load is in flight waits for it and shares the next one, with every other caller that
     * arrived meanwhile: at most two loads however many callers.
     */
    fresh<T>(key: string, load: () => Promise<T>): Promise<T> {
        const current = this.freshLoads.get(key);
        if (!current) return this.startFresh(key, load);
        current.queued ??= { load, ...deferred() };
        return current.queued.promise as Promise<T>;
    }

    /** Now, for `add`: taken just before a create is sent. */
    mark(): number {
        return ++this.clock;
    }

    /**
     * Write-through of a record this process created, whose create was sent at `sentAt` (`mark`).
     * A list the vendor answered before that cannot hold it: it is appended without a look at the
     * others (a create in an account of ten thousand records stays cheap). A list answered later,
     * or still in flight, may: then as `put`.
     */
    add<R>(key: string, id: string, idOf: (record: R) => string, record: R | ((listed: R | undefined) => R), sentAt: number): void {
        const entry = this.entries.get(key);
        if (entry?.answeredAt === undefined || entry.answeredAt >= sentAt) return this.put(key, id, idOf, record);
        const made = typeof record === "function" ? (record as (listed: R | undefined) => R)(undefined) : record;
        this.edit<R[]>(key, (list) => appended(list, made));
    }

    /**
     * Write-through of a record this process created or changed: replaces the listed record with
     * this id, or appends it. `record` may derive the new record from the listed one (a partial
     * update the vendor merges). Nothing happens when the list is not cached: its next load has it.
     */
    put<R>(key: string, id: string, idOf: (record: R) => string, record: R | ((listed: R | undefined) => R)): void {
        this.edit<R[]>(key, (list) => {
            const index = list.findIndex((listed) => idOf(listed) === id);
            const next =
                typeof record === "function" ? (record as (listed: R | undefined) => R)(index >= 0 ? list[index] : undefined) : record;
            // A new array: a caller may still hold the previous one.
            return index >= 0 ? list.map((listed, i) => (i === index ? next : listed)) : [...list, next];
        });
    }

    /** Write-through of a delete: the record with this id leaves the cached list. */
    drop<R>(key: string, id: string, idOf: (record: R) => string): void {
        this.edit<R[]>(key, (list) => (list.some((listed) => idOf(listed) === id) ? list.filter((listed) => idOf(listed) !== id) : list));
    }

    /** Forgets the list: after a write whose outcome is unknown, only the vendor can say what it holds. */
    invalidate(key: string): void {
        this.entries.delete(key);
    }

    /** Whether a list is cached (or loading) under `key`. */
    has(key: string): boolean {
        return this.entries.has(key);
    }

    /** A vendor answer, cached; `answeredAt` is set when it arrives. */
    private load<T>(key: string, list: Promise<T>): Promise<T> {
        const entry: Entry = { list };
        list.then(
            () => (entry.answeredAt = ++this.clock),
            () => undefined,
        );
        return this.install(key, entry) as Promise<T>;
    }

    private edit<T>(key: string, change: (list: T) => T): void {
        const base = this.entries.get(key);
        if (!base) return;
        // After a load in flight, if any: the change is idempotent, so the order of list and write at the vendor does not matter.
        const edited: Entry = {
            list: base.list.then((list) => (Array.isArray(list) ? change(list as T) : list)),
            answeredAt: base.answeredAt,
        };
        // The edited list is still the vendor's answer of then, with this process's writes: it keeps that answer's time.
        if (base.answeredAt === undefined)
            base.list.then(
                () => (edited.answeredAt = base.answeredAt),
                () => undefined,
            );
        this.install(key, edited);
    }

    private install(key: string, entry: Entry): Promise<unknown> {
        this.entries.set(key, entry);
        entry.list.catch(() => {
            if (this.entries.get(key) === entry) this.entries.delete(key);
        });
        return entry.list;
    }

    private startFresh<T>(key: string, load: () => Promise<T>): Promise<T> {
        const promise = this.load(key, load());
        const slot: FreshLoad = { promise };
        this.freshLoads.set(key, slot);
        const settled = () => {
            const queued = slot.queued;
            if (!queued) {
                if (this.freshLoads.get(key) === slot) this.freshLoads.delete(key);
                return;
            }
            // The callers that arrived during this load get the next one, started now, before anyone else can start another.
            this.startFresh(key, queued.load).then(queued.resolve, queued.reject);
        };
        promise.then(settled, settled);
        return promise;
    }
}

interface Entry {
    list: Promise<unknown>;
    /** When (`clock`) the vendor's answer under this list arrived; unset while it is in flight. */
    answeredAt?: number;
}

interface FreshLoad {
    promise: Promise<unknown>;
    queued?: { load: () => Promise<unknown> } & Deferred;
}

interface Deferred {
    promise: Promise<unknown>;
    resolve(value: unknown): void;
    reject(reason: unknown): void;
}

function deferred(): Deferred {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
    // Callers may not be awaiting yet; a rejection is theirs to see, not an unhandled one.
    promise.catch(() => undefined);
    return { promise, resolve, reject };
}

const indexes = new WeakMap<readonly unknown[], Map<(record: never) => string, Map<string, unknown>>>();

/**
 * The records of a list by `keyOf` (the first record of each key), built once per list: a cached
 * list is replaced by every write-through, never edited, so an index stays true for its list.
 * A refresh of N records of an account of M then costs one pass over M, not N; so does the
 * natural-key lookup of N creates, whose appends carry the index along (`appended`).
 */
export function indexed<R>(list: readonly R[], keyOf: (record: R) => string): Map<string, R> {
    let byKey = indexes.get(list);
    if (!byKey) {
        byKey = new Map();
        indexes.set(list, byKey);
    }
    let index = byKey.get(keyOf) as Map<string, R> | undefined;
    if (!index) {
        index = new Map();
        for (const record of list) addTo(index, keyOf, record);
        byKey.set(keyOf, index);
    }
    return index;
}

/**
 * The list with `record` appended, as a new array. The old list's indexes move to the new one and
 * take the record, instead of being built again over the whole list at the next lookup: N creates
 * in an account of ten thousand records cost N lookups, not N passes over ten thousand. The old
 * list, should anyone index it again, is indexed anew.
 */
function appended<R>(list: readonly R[], record: R): R[] {
    const next = [...list, record];
    const byKey = indexes.get(list);
    if (byKey) {
        indexes.delete(list);
        for (const [keyOf, index] of byKey) addTo(index as Map<string, R>, keyOf as (record: R) => string, record);
        indexes.set(next, byKey);
    }
    return next;
}

function addTo<R>(index: Map<string, R>, keyOf: (record: R) => string, record: R): void {
    const key = keyOf(record);
    if (!index.has(key)) index.set(key, record);
}
