/** Each docs/resources page's generated part matches the registry: a field added or changed without `npm run docs` fails here. */
import * as fs from "node:fs";
import { RESOURCES } from "../../provider/resources";
import { END_OF_GENERATED, generatedPart, pagePath } from "../../scripts/resourceDocs";

describe.each(RESOURCES.map((entry) => [entry.name, entry] as const))("docs/resources/%s.md", (_name, entry) => {
    it("holds the registry's inputs, outputs and rules (run `npm run docs` after changing a resource)", () => {
        const text = fs.readFileSync(pagePath(entry), "utf8");
        expect(text.slice(0, text.indexOf(END_OF_GENERATED)).trimEnd()).toBe(generatedPart(entry));
    });

    it("has a hand-written part saying how the resource behaves", () => {
        const text = fs.readFileSync(pagePath(entry), "utf8");
        expect(text.slice(text.indexOf(END_OF_GENERATED) + END_OF_GENERATED.length).trim().length).toBeGreaterThan(200);
    });

    it("documents every field of the schema, and the schema has no field the docs miss", () => {
        const inputs = Object.keys(entry.definition.schema.shape).sort();
        const adoptable = "importId" in entry.definition.schema.shape ? ["importId"] : [];
        expect([...Object.keys(entry.definition.fields), ...adoptable].sort()).toEqual(inputs);
    });
});
