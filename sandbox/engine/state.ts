import * as fs from "node:fs";
import * as path from "node:path";
import { SecretCipher, unwrapSecrets } from "./secrets";
import type { ResourceState, StackState } from "./types";

export function emptyState(project: string, stack: string): StackState {
    return {
        version: 1,
        project,
        stack,
        secretsProvider: { type: "passphrase", salt: SecretCipher.newSalt() },
        resources: [],
        outputs: {},
    };
}

export function readStateFile(file: string): StackState | undefined {
    if (!fs.existsSync(file)) return undefined;
    const state = JSON.parse(fs.readFileSync(file, "utf8")) as StackState;
    if (state.version !== 1) throw new Error(`${file}: unsupported state version ${String(state.version)}`);
    return state;
}

/** In-memory form: resource values in clear; stack outputs keep `{sig, value}` wrappers for secrets. */
export function decryptState(state: StackState, cipher: SecretCipher): StackState {
    const clear = (bag: Record<string, unknown>) => unwrapSecrets(cipher.decryptToWrappers(bag)) as Record<string, unknown>;
    return {
        ...state,
        resources: state.resources.map((r) => ({ ...r, inputs: clear(r.inputs), outputs: clear(r.outputs) })),
        outputs: cipher.decryptToWrappers(state.outputs) as Record<string, unknown>,
    };
}

export function encryptState(state: StackState, cipher: SecretCipher): StackState {
    const encryptKeys = (bag: Record<string, unknown>, keys: string[]) =>
        Object.fromEntries(Object.entries(bag).map(([k, v]) => [k, keys.includes(k) ? cipher.encrypt(v) : v]));
    const resources: ResourceState[] = state.resources.map((r) => ({
        ...r,
        inputs: encryptKeys(r.inputs, r.secretKeys ?? []),
        outputs: encryptKeys(r.outputs, r.secretKeys ?? []),
    }));
    return { ...state, resources, outputs: cipher.encryptWrappers(state.outputs) as Record<string, unknown> };
}

/** Temp file + rename, so a crash never leaves a half-written state. */
export function writeStateFile(file: string, state: StackState): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state, null, 2) + "\n", { mode: 0o600 });
    fs.renameSync(temp, file);
}
