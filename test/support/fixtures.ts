/** The vendors' documented answers, verbatim (test/fixtures/vendors/README.md says where each comes from). */
import * as fs from "node:fs";
import * as path from "node:path";

export type Vendor = "nextbilling" | "directcall" | "erix";

export function vendorFixture(vendor: Vendor, name: string): string {
    return fs.readFileSync(path.join(__dirname, "..", "fixtures", "vendors", vendor, name), "utf8");
}

/** The rows of a Markdown table in a fixture: first column → second column. */
export function fixtureTable(vendor: Vendor, name: string, header: string): [string, string][] {
    const lines = vendorFixture(vendor, name).split("\n");
    const start = lines.findIndex((line) => line.startsWith(`| ${header} |`));
    const rows: [string, string][] = [];
    for (const line of lines.slice(start + 2)) {
        if (!line.startsWith("|")) break;
        const [first, second] = line
            .split("|")
            .slice(1)
            .map((cell) => cell.trim());
        rows.push([first!, second!]);
    }
    return rows;
}
