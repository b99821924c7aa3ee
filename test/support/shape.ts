/**
 * The shape of a JSON value, to compare an answer with a vendor's documented example (the fixtures
 * under test/fixtures/vendors/): field names, nesting and value types, not values.
 *
 * - objects: each key's shape. A key `"…"` (the elision mark) says the example left keys out, so an
 *   answer may have more keys there; it is not itself a key. Nowhere else are extra keys tolerated.
 * - arrays: the distinct shapes of their elements (an `"…"` element is an elision and has none);
 *   `[]` in an example says nothing about the elements.
 * - primitives: their type, `null` included.
 */
export const ELISION = "…";

export type Shape =
    | { type: "string" | "number" | "boolean" | "null" }
    | { type: "array"; elements: Shape[] }
    | { type: "object"; keys: Record<string, Shape>; open: boolean };

export function shapeOf(value: unknown): Shape {
    if (value === null) return { type: "null" };
    if (Array.isArray(value)) {
        const elements: Shape[] = [];
        for (const item of value) {
            if (item === ELISION) continue;
            const shape = shapeOf(item);
            if (!elements.some((known) => sameShape(known, shape))) elements.push(shape);
        }
        return { type: "array", elements };
    }
    if (typeof value === "object") {
        const keys: Record<string, Shape> = {};
        let open = false;
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
            if (key === ELISION) open = true;
            else keys[key] = shapeOf(item);
        }
        return { type: "object", keys, open };
    }
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        return { type: typeof value as "string" | "number" | "boolean" };
    throw new Error(`not a JSON value: ${String(value)}`);
}

/**
 * Where `actual` departs from `expected`, one line per difference, each naming its path
 * (`$.data[].data[].id: expected string, got number`); empty when the shapes agree.
 */
export function shapeDifferences(actual: Shape, expected: Shape, path = "$"): string[] {
    if (expected.type !== actual.type) return [`${path}: expected ${describe(expected)}, got ${describe(actual)}`];
    if (expected.type === "object" && actual.type === "object") {
        const differences: string[] = [];
        for (const [key, shape] of Object.entries(expected.keys)) {
            const given = actual.keys[key];
            if (!given) differences.push(`${path}.${key}: missing`);
            else differences.push(...shapeDifferences(given, shape, `${path}.${key}`));
        }
        if (!expected.open) {
            for (const key of Object.keys(actual.keys)) if (!(key in expected.keys)) differences.push(`${path}.${key}: not in the example`);
        }
        return differences;
    }
    if (expected.type === "array" && actual.type === "array") {
        if (expected.elements.length === 0) return [];
        const differences: string[] = [];
        for (const element of actual.elements) {
            const tries = expected.elements.map((candidate) => shapeDifferences(element, candidate, `${path}[]`));
            if (!tries.some((found) => found.length === 0)) differences.push(...tries.reduce((a, b) => (a.length <= b.length ? a : b)));
        }
        return differences;
    }
    return [];
}

/** `shapeDifferences` of two values. */
export function compareShapes(actual: unknown, example: unknown): string[] {
    return shapeDifferences(shapeOf(actual), shapeOf(example));
}

function sameShape(a: Shape, b: Shape): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

function describe(shape: Shape): string {
    return shape.type === "object" || shape.type === "array" ? `an ${shape.type}` : `a ${shape.type}`;
}

/**
 * A documented example as a value. The vendors' examples are not always strict JSON: a comma before
 * `}` or `]` is dropped (NextBilling's create answer). A `truncated` example (the stored copy of the
 * page ends mid-answer) is closed where it ends, each object still open getting the elision mark,
 * since the rest of its keys were cut; it must end after a complete value.
 */
export function parseExample(text: string, { truncated = false } = {}): unknown {
    let source = text;
    if (truncated) source = closeTruncated(source);
    return JSON.parse(source.replace(/,(\s*[}\]])/g, "$1"));
}

function closeTruncated(text: string): string {
    const open: string[] = [];
    let inString = false;
    for (let i = 0; i < text.length; i += 1) {
        const char = text[i]!;
        if (inString) {
            if (char === "\\") i += 1;
            else if (char === '"') inString = false;
        } else if (char === '"') inString = true;
        else if (char === "{" || char === "[") open.push(char);
        else if (char === "}" || char === "]") open.pop();
    }
    if (inString) throw new Error("a truncated example must end after a complete value, not inside a string");
    let closed = text.trimEnd();
    if (closed.endsWith(",")) closed = closed.slice(0, -1);
    if (/[:]\s*$/.test(closed)) throw new Error("a truncated example must end after a complete value, not after a key");
    for (const bracket of open.reverse()) {
        if (bracket === "[") closed += "]";
        else closed += (closed.trimEnd().endsWith("{") ? "" : ",") + `"${ELISION}":"${ELISION}"}`;
    }
    return closed;
}
