/** Replaces every secret (raw and URL-encoded) in `text` with `***`. NextBilling carries its token and key in URL paths, so every error, log and debug line goes through here. */
export function redact(text: string, secrets: readonly string[]): string {
    let result = text;
    for (const secret of secrets) {
        if (!secret) continue;
        for (const form of new Set([secret, encodeURIComponent(secret)])) {
            result = result.split(form).join("***");
        }
    }
    return result;
}
