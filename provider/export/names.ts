/** Names the export gives resources and config keys: readable, stable, valid in a URN and in code. */

/** Lowercase ASCII words joined by `-`: "Recepção Clínica" → "recepcao-clinica". */
export function slug(text: string): string {
    const words = text
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
    // Long descriptions make unreadable URNs; cut at a word boundary.
    return words.length <= 60 ? words : words.slice(0, 60).replace(/-[^-]*$/, "");
}

/** "legacy-example-com-br" → "legacyExampleComBr": the program's config keys. */
export function camelCase(slugged: string): string {
    return slugged
        .split("-")
        .map((word, index) => (index === 0 ? word : word.charAt(0).toUpperCase() + word.slice(1)))
        .join("");
}

/**
 * Names a generated variable cannot take: JavaScript's reserved words, those strict mode (a module
 * is strict) reserves or forbids as a binding, and CommonJS's own (`const require` at the top would
 * shadow the compiled `require("pulumi-telephony")` before it is initialised).
 */
export const RESERVED_IDENTIFIERS: ReadonlySet<string> = new Set([
    ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum"],
    ...["export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null"],
    ...["return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield"],
    ...["let", "static", "implements", "interface", "package", "private", "protected", "public", "await"],
    ...["eval", "arguments", "require", "module", "exports"],
]);
