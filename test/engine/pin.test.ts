/**
 * The CLI built by `npm run engine:build` must be the release of the @pulumi/pulumi the tests
 * load: the Automation API, the language runtime it serves and the dynamic-provider host all come
 * from that package, and the engine speaks to them over gRPC.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { enginePin } from "../../engine/resolve";

const REPO = path.resolve(__dirname, "..", "..");

const fix = (found: string, where: string) =>
    `engine/go.mod pins github.com/pulumi/pulumi/pkg/v3 v${enginePin()} but ${where} has @pulumi/pulumi ${found}: ` +
    `set the require (and the -X version, which build.js reads from go.mod) to v${found} in engine/go.mod, ` +
    `run \`go mod tidy\` in engine/ (commit go.mod and go.sum), then \`npm run engine:build\``;

describe("the engine pin", () => {
    test("engine/go.mod requires the @pulumi/pulumi version of package-lock.json", () => {
        const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
        const locked: string | undefined = lock.packages?.["node_modules/@pulumi/pulumi"]?.version;
        if (!locked) throw new Error('package-lock.json has no packages["node_modules/@pulumi/pulumi"]: run npm install');
        if (locked !== enginePin()) throw new Error(fix(locked, "package-lock.json"));
        expect(enginePin()).toBe(locked);
    });

    test("engine/go.mod requires the @pulumi/pulumi version installed in node_modules", () => {
        const installed: string = JSON.parse(
            fs.readFileSync(path.join(REPO, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
        ).version;
        if (installed !== enginePin()) throw new Error(`${fix(installed, "node_modules")} (or run npm ci, if the lockfile is right)`);
        expect(enginePin()).toBe(installed);
    });

    test("the pin is the one tool of engine/go.mod and its clipboard replace is kept", () => {
        const goMod = fs.readFileSync(path.join(REPO, "engine", "go.mod"), "utf8");
        expect(goMod).toMatch(/^tool github\.com\/pulumi\/pulumi\/pkg\/v3\/cmd\/pulumi$/m);
        expect(goMod).toMatch(/^replace github\.com\/atotto\/clipboard => github\.com\/tgummerer\/clipboard /m);
    });
});
