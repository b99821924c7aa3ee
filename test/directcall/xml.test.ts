/** The small XML reader behind Directcall's `format=XML` answers: fields, lists of rows however they are named, and what is no answer. */
import { readXml } from "../../provider/directcall/xml";

describe("readXml", () => {
    it("reads a flat envelope as fields, decoding entities and ignoring the declaration and comments", () => {
        expect(
            readXml(
                '<?xml version="1.0"?><!-- hi --><response><status>ok</status><codigo>001</codigo><msg>a &amp; b &#233;</msg><empty/></response>',
            ),
        ).toEqual({
            status: "ok",
            codigo: "001",
            msg: "a & b é",
            empty: "",
        });
    });

    it("reads <item> rows as a list, even one alone", () => {
        expect(readXml("<r><data><item><code>a</code></item><item><code>b</code></item></data></r>")).toEqual({
            data: [{ code: "a" }, { code: "b" }],
        });
        expect(readXml("<r><data><item><code>a</code></item></data></r>")).toEqual({ data: [{ code: "a" }] });
    });

    it("reads repeated rows of any other name as a list, keeping every row in order", () => {
        expect(
            readXml(
                "<r><data><callback><code>a</code></callback><callback><code>b</code></callback><callback><code>c</code></callback></data></r>",
            ),
        ).toEqual({
            data: [{ code: "a" }, { code: "b" }, { code: "c" }],
        });
        expect(readXml("<r><data><row>1</row><row>2</row></data></r>")).toEqual({ data: ["1", "2"] });
    });

    it("keeps a single named row a field, as before", () => {
        expect(readXml("<r><data><callback><code>a</code></callback></data></r>")).toEqual({ data: { callback: { code: "a" } } });
    });

    it("reads a name repeated among other fields as a list of its values", () => {
        expect(
            readXml(
                "<r><status>ok</status><data><total>2</total><callback><code>a</code></callback><callback><code>b</code></callback></data></r>",
            ),
        ).toEqual({
            status: "ok",
            data: { total: "2", callback: [{ code: "a" }, { code: "b" }] },
        });
    });

    it("does not let an element named __proto__ reach the prototype", () => {
        const read = readXml("<r><__proto__><polluted>yes</polluted></__proto__><__proto__>x</__proto__><status>ok</status></r>")!;
        expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(Object.keys(read)).toEqual(["__proto__", "status"]);
    });

    it("is undefined for what is no envelope: HTML, text, a bare list", () => {
        expect(readXml("<html><body>Login</body></html>")).toBeUndefined();
        expect(readXml("not xml")).toBeUndefined();
        expect(readXml("<r>text</r>")).toBeUndefined();
        expect(readXml("<r><item>a</item><item>b</item></r>")).toBeUndefined();
    });
});
