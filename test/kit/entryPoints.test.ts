/**
 * The entry points stored in every resource's `__provider` are a contract with existing state:
 * an installed package stores `require("pulumi-telephony/dist/provider/dynamic/<name>.js")`, and
 * refresh and destroy run that. The old paths must keep resolving, to the registry's providers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RESOURCES } from "../../provider/resources";

const DIST = path.resolve(__dirname, "..", "..", "dist", "provider", "dynamic");
const STORED = [
    "nextbilling-ringgroup",
    "nextbilling-did",
    "directcall-callbackurl",
    "erix-agentsession",
    "nextbilling-line",
    "nextbilling-timeprofile",
    "nextbilling-queue",
    "nextbilling-ivr",
];
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

it("every stored path still resolves to a whole provider", () => {
    for (const name of STORED) {
        const file = path.join(DIST, `${name}.js`);
        expect(fs.existsSync(file)).toBe(true);
        const provider = require(file) as Record<string, unknown>;
        expect(Object.keys(provider).sort()).toEqual([...METHODS].sort());
        for (const method of METHODS) expect(typeof provider[method]).toBe("function");
    }
});

it("each delegates to its resource's provider in the registry", async () => {
    const byType: Record<string, string> = {
        "nextbilling-ringgroup": "nextbilling.RingGroup",
        "nextbilling-did": "nextbilling.Did",
        "directcall-callbackurl": "directcall.CallbackUrl",
        "erix-agentsession": "erix.AgentSession",
        "nextbilling-line": "nextbilling.Line",
        "nextbilling-timeprofile": "nextbilling.TimeProfile",
        "nextbilling-queue": "nextbilling.Queue",
        "nextbilling-ivr": "nextbilling.Ivr",
    };
    for (const [file, name] of Object.entries(byType)) {
        const stored = require(path.join(DIST, `${file}.js`));
        const entry = RESOURCES.find((candidate) => candidate.name === name)!;
        // The same check, by the same schema: an unknown property is refused by both alike.
        const news = { nonsense: 1 };
        const [viaStored, viaRegistry] = await Promise.all([stored.check({}, news), entry.provider.check({}, news)]);
        expect(viaStored.failures).toEqual(viaRegistry.failures);
        expect(viaStored.failures.length).toBeGreaterThan(0);
    }
});
