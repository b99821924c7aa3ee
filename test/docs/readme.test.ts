/**
 * The README's program ("Using it in your project") is what a user copies first: it must compile
 * against this package's types, references as outputs included, under the strict options Pulumi's
 * TypeScript template uses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

const REPO = path.resolve(__dirname, "..", "..");

it("the README's example program compiles against the package's types", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const usage = readme.slice(readme.indexOf("## Using it in your project"));
    const code = /```ts\n([\s\S]*?)```/.exec(usage)?.[1];
    expect(code).toContain('import * as telephony from "pulumi-telephony";');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "telephony-readme-"));
    try {
        // A project of its own, as the user's: @pulumi/pulumi from its node_modules (this checkout's).
        fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"), "dir");
        const file = path.join(dir, "index.ts");
        fs.writeFileSync(file, code!.replace('"pulumi-telephony"', JSON.stringify(path.join(REPO, "provider"))));
        const program = ts.createProgram([file], {
            strict: true,
            noEmit: true,
            esModuleInterop: true,
            skipLibCheck: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.Node16,
            moduleResolution: ts.ModuleResolutionKind.Node16,
            typeRoots: [path.join(REPO, "node_modules", "@types")],
            types: ["node"],
        });
        const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        expect(diagnostics).toEqual([]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
