/**
 * Directcall answers XML when asked (`format=XML`), and a server may do so unasked. Its envelope
 * is flat (`<response><status>ok</status><codigo>001</codigo>…</response>`), and its list rows are
 * undocumented (`<item>` rows, or rows named after the record, such as `<callback>`), so a small
 * reader does: elements become fields; children that all share one name, when they are `<item>`s or
 * more than one, become a list; a name repeated among other fields becomes a list of its values.
 */

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(text: string): string {
    return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (entity, name: string) => {
        if (name[0] === "#")
            return String.fromCodePoint(name[1].toLowerCase() === "x" ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
        return ENTITIES[name.toLowerCase()] ?? entity;
    });
}

type XmlValue = string | XmlValue[] | { [name: string]: XmlValue };

/** The root element's content as an object, or undefined when the text is not such XML. */
export function readXml(text: string): Record<string, XmlValue> | undefined {
    const body = text
        .replace(/<\?xml[^>]*\?>/, "")
        .replace(/<!--[\s\S]*?-->/g, "")
        .trim();
    const root = /^<([A-Za-z_][\w.-]*)[^>]*>([\s\S]*)<\/\1\s*>$/.exec(body);
    // An HTML page (a proxy's, a panel's login) is markup too, but no answer of the API.
    if (!root || /^html$/i.test(root[1])) return undefined;
    const value = readChildren(root[2]);
    return typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

function readChildren(content: string): XmlValue {
    const children: [string, XmlValue][] = [];
    const element = /<([A-Za-z_][\w.-]*)[^>]*?(\/>|>([\s\S]*?)<\/\1\s*>)/g;
    let rest = content;
    let match: RegExpExecArray | null;
    let consumed = 0;
    while ((match = element.exec(content)) !== null) {
        if (content.slice(consumed, match.index).trim() !== "") return decode(content.trim());
        children.push([match[1], match[2] === "/>" ? "" : readChildren(match[3] ?? "")]);
        consumed = element.lastIndex;
        rest = content.slice(consumed);
    }
    if (children.length === 0 || rest.trim() !== "") return decode(content.trim());
    // Rows that all share one name are a list: `<item>`s (even one alone), or two or more of any name
    // (`<callback>…</callback><callback>…</callback>`), so no row is lost to the next one.
    const first = children[0][0];
    if (children.every(([name]) => name === first) && (first === "item" || children.length > 1)) return children.map(([, value]) => value);
    // Otherwise fields; a name repeated among other fields keeps all its values, in order.
    const fields = new Map<string, XmlValue[]>();
    for (const [name, value] of children) {
        const values = fields.get(name);
        if (values) values.push(value);
        else fields.set(name, [value]);
    }
    // fromEntries defines own properties, so an element named `__proto__` is only a field.
    return Object.fromEntries([...fields].map(([name, values]) => [name, values.length === 1 ? values[0] : values]));
}
