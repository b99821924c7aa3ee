/**
 * What the provider writes to stderr (its once-per-process warnings), captured in each test of the
 * enclosing `describe` (or file) and kept off the test output. The array is emptied before each test.
 */
export function capturedStderr(): string[] {
    const written: string[] = [];
    let spy: jest.SpyInstance | undefined;
    beforeEach(() => {
        written.length = 0;
        spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
            written.push(String(chunk));
            return true;
        });
    });
    afterEach(() => spy?.mockRestore());
    return written;
}
