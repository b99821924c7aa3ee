/** The one way this package writes a file it may be reading at the same time: the emulator's state, an exported program. */
import { randomUUID } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A reader (or a crash mid-write) sees either the old file or the new one, never half of one: rename is atomic within a directory. */
export function writeFileAtomic(file: string, text: string): void {
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomUUID()}.tmp`);
    try {
        writeFileSync(temp, text);
        renameSync(temp, file);
    } catch (error) {
        rmSync(temp, { force: true });
        throw error;
    }
}
