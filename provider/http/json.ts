/**
 * Parses JSON the way vendors write it, not the way the spec does: NextBilling documents the
 * answer `{"error":0,"reason":"OK","new_record":13,}`, trailing comma included.
 * Returns `undefined` for an empty body; throws SyntaxError when the text is not JSON at all.
 */
export function parseLenientJson(text: string): unknown {
    if (text.trim() === "") return undefined;
    // The documented create answer ends `,}`: repaired first, it is parsed without a SyntaxError
    // thrown and caught on every create. Valid JSON has no comma before `}` or `]` outside a
    // string, so the repair leaves any valid text as it is.
    if (text.length <= SMALL_ANSWER && TRAILING_COMMA.test(text)) return JSON.parse(withoutTrailingCommas(text));
    try {
        return JSON.parse(text);
    } catch (strictError) {
        const repaired = withoutTrailingCommas(text);
        if (repaired === text) throw strictError;
        return JSON.parse(repaired);
    }
}

/** A comma before a closing bracket, perhaps inside a string: `withoutTrailingCommas` tells. */
const TRAILING_COMMA = /,\s*[}\]]/;
/** Answers of a record or two; a list's text is tried strictly first, not walked character by character. */
const SMALL_ANSWER = 4_096;

/** Drops commas that directly precede `}` or `]`, leaving string contents untouched. */
function withoutTrailingCommas(text: string): string {
    let out = "";
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
            out += ch;
            if (ch === "\\") {
                out += text[++i] ?? "";
            } else if (ch === '"') {
                inString = false;
            }
            continue;
        }
        if (ch === '"') {
            inString = true;
        } else if (ch === ",") {
            let j = i + 1;
            while (j < text.length && /\s/.test(text[j])) j++;
            if (text[j] === "}" || text[j] === "]") continue;
        }
        out += ch;
    }
    return out;
}
