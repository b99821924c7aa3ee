/**
 * One emulator per test file, reset before each test, with the provider runtime configured
 * against it as a fresh provider process would be (empty caches, no token).
 */
import { configureFromEngine, resetRuntime } from "../../provider/runtime";
import { SandboxAdmin, startSandbox, type Sandbox } from "../../sandbox";

export interface EmulatorFixture {
    readonly sandbox: Sandbox;
    readonly admin: SandboxAdmin;
    /** Configures the provider runtime with the file's settings plus `extra`: a new provider process. */
    configure(extra?: Record<string, string>): void;
}

export function useEmulator(settings: (sandbox: Sandbox) => Record<string, string>): EmulatorFixture {
    let sandbox: Sandbox | undefined;
    let admin: SandboxAdmin | undefined;
    const fixture: EmulatorFixture = {
        get sandbox() {
            if (!sandbox) throw new Error("the emulator starts in beforeAll");
            return sandbox;
        },
        get admin() {
            if (!admin) throw new Error("the emulator starts in beforeAll");
            return admin;
        },
        configure(extra = {}) {
            resetRuntime();
            const values = { ...settings(fixture.sandbox), ...extra };
            configureFromEngine({ get: (key: string) => values[key] });
        },
    };
    beforeAll(async () => {
        sandbox = await startSandbox({ port: 0 });
        admin = new SandboxAdmin(sandbox.url);
    });
    afterAll(async () => {
        resetRuntime();
        await sandbox?.close();
    });
    beforeEach(async () => {
        await fixture.admin.reset();
        fixture.configure();
    });
    return fixture;
}
