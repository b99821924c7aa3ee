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
