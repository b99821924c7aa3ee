/**
 * Runs tasks that share a key one after the other, and tasks of different keys at once. The
 * engine runs up to 4 x cores creates in parallel in one provider process: two resources that
 * declare one natural key must not both find it free and both create a record.
 */
export class KeyedLock {
    private readonly tails = new Map<string, Promise<void>>();

    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const mine = new Promise<void>((resolve) => (release = resolve));
        const tail = previous.then(() => mine);
        this.tails.set(key, tail);
        await previous;
        try {
            return await task();
        } finally {
            release();
            if (this.tails.get(key) === tail) this.tails.delete(key);
        }
    }
}
