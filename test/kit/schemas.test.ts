/**
 * Check leaves a property out of the schema while its value is not known at preview (kit/check.ts),
 * which zod refuses for a schema holding object refinements, and which would skip them anyway.
 * So rules between inputs live in each definition's `rules`, and every schema takes leaving out any
 * one of its properties.
 */
import { UNKNOWN, validateInputs } from "../../provider/kit/check";
import { RESOURCES } from "../../provider/resources";

describe.each(RESOURCES.map((entry) => [entry.name, entry] as const))("%s's schema", (_name, entry) => {
    const { schema, validation } = entry.definition;

    it.each(Object.keys(schema.shape))("is checked with %s not known yet", (property) => {
        const result = validateInputs(schema, { [property]: UNKNOWN }, validation);
        expect(result.unknownProperties).toEqual([property]);
        // The other required inputs are missing, so it fails, and says so of them, not of this one.
        expect(result.failures.map((failure) => failure.property)).not.toContain(property);
    });
});
