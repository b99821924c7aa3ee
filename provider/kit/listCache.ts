/**
 * Memoises list calls for the life of the provider host process, so refreshing N resources costs
 * one list call per key, not one per resource. Concurrent callers share the call in flight; a
 * failed call is not remembered; writes invalidate their key.
 */
export class ListCache {
    private readonly entries = new Map<string, Promise<unknown>>();

    get<T>(key: string, load: () => Promise<T>): Promise<T> {
        let entry = this.entries.get(key) as Promise<T> | undefined;
        if (!entry) {
            entry = load();
            this.entries.set(key, entry);
            entry.catch(() => {
                if (this.entries.get(key) === entry) this.entries.delete(key);
            });
        }
        return entry;
    }

    invalidate(key: string): void {
        this.entries.delete(key);
    }
}
