import * as crypto from "node:crypto";

/** Pulumi's wire signature key and the signature of a secret value: `{[SIG_KEY]: SECRET_SIG, value}`. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What the engine sends for a value that is not known yet (preview). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type SecretWrapper = { [SIG_KEY]: typeof SECRET_SIG; value: unknown };
export type EncryptedSecret = { [SIG_KEY]: typeof SECRET_SIG; ciphertext: string };

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecretWrapper(value: unknown): value is SecretWrapper {
    return isRecord(value) && value[SIG_KEY] === SECRET_SIG && "value" in value;
}

export function isEncryptedSecret(value: unknown): value is EncryptedSecret {
    return isRecord(value) && value[SIG_KEY] === SECRET_SIG && typeof value.ciphertext === "string";
}

export function wrapSecret(value: unknown): SecretWrapper {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export function containsSecret(value: unknown): boolean {
    if (isSecretWrapper(value)) return true;
    if (Array.isArray(value)) return value.some(containsSecret);
    if (isRecord(value)) return Object.values(value).some(containsSecret);
    return false;
}

/** The plain value a provider sees: the host declines secrets, so the engine sends them unwrapped. */
export function unwrapSecrets(value: unknown): unknown {
    if (isSecretWrapper(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (isRecord(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}

/**
 * AES-256-GCM with a key derived by scrypt from the passphrase and the state's own salt.
 * Ciphertext layout (base64): 12-byte IV | 16-byte auth tag | encrypted JSON of the value.
 */
export class SecretCipher {
    private readonly key: Buffer;

    constructor(passphrase: string, saltBase64: string) {
        this.key = crypto.scryptSync(passphrase, Buffer.from(saltBase64, "base64"), 32);
    }

    static newSalt(): string {
        return crypto.randomBytes(16).toString("base64");
    }

    encrypt(value: unknown): EncryptedSecret {
        const iv = crypto.randomBytes(12);
        const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
        const body = Buffer.concat([cipher.update(JSON.stringify(value ?? null), "utf8"), cipher.final()]);
        const ciphertext = Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
        return { [SIG_KEY]: SECRET_SIG, ciphertext };
    }

    decrypt(secret: EncryptedSecret): unknown {
        const raw = Buffer.from(secret.ciphertext, "base64");
        const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        let text: string;
        try {
            text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
        } catch {
            throw new Error("cannot decrypt a secret in the state file: incorrect passphrase");
        }
        return JSON.parse(text);
    }

    /** Replaces every `{sig, value}` wrapper by its encrypted form. */
    encryptWrappers(value: unknown): unknown {
        if (isSecretWrapper(value)) return this.encrypt(unwrapSecrets(value.value));
        if (Array.isArray(value)) return value.map((v) => this.encryptWrappers(v));
        if (isRecord(value)) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.encryptWrappers(v)]));
        }
        return value;
    }

    /** Replaces every encrypted secret by a `{sig, value}` wrapper holding the clear value. */
    decryptToWrappers(value: unknown): unknown {
        if (isEncryptedSecret(value)) return wrapSecret(this.decrypt(value));
        if (Array.isArray(value)) return value.map((v) => this.decryptToWrappers(v));
        if (isRecord(value)) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.decryptToWrappers(v)]));
        }
        return value;
    }
}
