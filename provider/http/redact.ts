/**
 * Keeps credentials out of everything we print. NextBilling carries its token and key in URL
 * paths, and error pages of proxies and firewalls echo the path they refused, so every error, log
 * and debug line goes through here: redacted first, then made one line, then cut.
 */

export const MASK = "***";

/** The longest vendor text an error carries. Longer texts are cut after redaction, never before. */
export const MAX_VENDOR_TEXT = 500;

/** A run this long that also stands inside a secret is taken for a piece of it (a server that cut its echo short). */
const FRAGMENT = 6;
/** A shorter piece counts where a server shows it cut: a word that begins a secret, at the end or before an ellipsis. */
const EDGE_FRAGMENT = 3;

/** The forms a secret takes in what a server may echo: raw, percent-encoded, form-encoded. */
function formsOf(secret: string): string[] {
    return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])];
}

/**
 * The password of a URL (`https://user:pass@host/`), also JSON-escaped (`https:\/\/user:pass@`) and
 * percent-encoded (`https%3A%2F%2Fuser%3Apass%40`): a Directcall callback's Basic auth is registered
 * so, and a list of registrations echoed in an error would carry every one of them, others' included.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:(?:\/\/|\\\/\\\/)[^\s:@/\\"'<>]*):([^\s@/\\"'<>]+)@/gi;
const ENCODED_URL_PASSWORD = /(%3A%2F%2F[^\s%&"'<>]*)%3A([^\s&"'<>]*?)%40/gi;

function withoutUrlPasswords(text: string): string {
    return text.replace(URL_PASSWORD, `$1:${MASK}@`).replace(ENCODED_URL_PASSWORD, `$1%3A${MASK}%40`);
}

/** Replaces every secret, and every recognisable piece of one, with `***`; and every password inside a URL, known or not. */
export function redact(text: string, secrets: readonly string[]): string {
    const forms = secrets.filter((secret) => secret !== "").flatMap(formsOf);
    if (forms.length === 0) return withoutUrlPasswords(text);
    let result = withoutUrlPasswords(text);
    // Longest first, so a form that contains another is replaced whole.
    for (const form of [...forms].sort((a, b) => b.length - a.length)) result = result.split(form).join(MASK);
    return withoutFragments(result, forms);
}

/**
 * Pieces of a secret that survived whole-secret replacement: a server that cut its echo of the
 * path short (`/api/manageDID/7cb40d54-4e…`). Any run of FRAGMENT characters found inside a secret is
 * masked, and so is a word of EDGE_FRAGMENT or more characters that begins one where the text is cut
 * (at its end, or before an ellipsis).
 */
function withoutFragments(text: string, forms: string[]): string {
    const masked = new Array<boolean>(text.length).fill(false);
    for (const form of forms) {
        if (form.length < FRAGMENT) continue;
        const pieces = new Set<string>();
        for (let i = 0; i + FRAGMENT <= form.length; i++) pieces.add(form.slice(i, i + FRAGMENT));
        for (let i = 0; i + FRAGMENT <= text.length; i++) {
            if (pieces.has(text.slice(i, i + FRAGMENT))) masked.fill(true, i, i + FRAGMENT);
        }
    }
    for (const word of text.matchAll(/[A-Za-z0-9]+(?=\s*(?:\.\.\.|…|$))/g)) {
        const piece = word[0];
        if (piece.length < EDGE_FRAGMENT) continue;
        if (forms.some((form) => form.length > piece.length && form.startsWith(piece))) {
            masked.fill(true, word.index, word.index + piece.length);
        }
    }
    if (!masked.includes(true)) return text;
    let out = "";
    for (let i = 0; i < text.length; i++) {
        if (!masked[i]) out += text[i];
        else if (i === 0 || !masked[i - 1]) out += MASK;
    }
    return out.replace(/(\*\*\*)+/g, MASK);
}

/**
 * A vendor's text as an error shows it: an HTML page becomes its visible text, every run of
 * white space one space, so the message is one line.
 */
export function oneLine(text: string): string {
    let visible = text;
    if (/<\/?[a-z][^>]*>/i.test(visible)) {
        visible = visible
            .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
            .replace(/<!--[\s\S]*?-->/g, " ")
            .replace(/<[^>]*>/g, " ")
            .replace(/&nbsp;/g, " ")
            .replace(/&lt;/g, "<")
            .replace(/&gt;/g, ">")
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&amp;/g, "&");
    }
    return visible.replace(/\s+/g, " ").trim();
}

/**
 * Redact, then cut: the order matters. Cutting first can split a secret so that whole-secret
 * replacement no longer finds it, and the piece before the cut gets printed.
 */
export function printable(text: string, secrets: readonly string[], max = MAX_VENDOR_TEXT): string {
    const line = redact(oneLine(text), secrets);
    return line.length <= max ? line : `${line.slice(0, max).replace(/\*{1,2}$/, "")}…`;
}
