/**
 * docs/resources/<resource>.md, generated from the registry (provider/resources.ts): the inputs
 * table comes from each resource's field declarations, so a page cannot drift from the code.
 * Each page keeps a hand-written part below the generated one. `npm run docs` rewrites the pages;
 * test/docs/resources.test.ts fails when one is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceEntry } from "../provider/kit/entry";
import { article, typeToken } from "../provider/kit/resource";
import { RESOURCES } from "../provider/resources";

export const DOCS_DIR = path.join(__dirname, "..", "docs", "resources");
export const END_OF_GENERATED = "<!-- end of the generated part: write below this line -->";

const ON_CHANGE = { update: "update in place", replace: "**replace**", state: "recorded only (no vendor call)" } as const;

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function pagePath(entry: ResourceEntry<any, any>): string {
    return path.join(DOCS_DIR, `${entry.name}.md`);
}

/** The generated part of a resource's page. */
export function generatedPart(entry: ResourceEntry<any, any>): string {
    const { definition } = entry;
    const { fields, naturalKey, idOutput } = definition;
    const lines = [
        `# ${entry.name}`,
        "",
        `${entry.summary}`,
        "",
        `- Vendor: ${entry.vendor}, ${entry.vendorCalls} (docs/vendors/${entry.vendor === "PBX Erix" ? "erix" : entry.vendor.toLowerCase()}.md).`,
        `- Pulumi type: \`${typeToken(definition)}\`.`,
        `- Class: \`telephony.${entry.name}\`, in \`${classFile(entry)}\`.`,
        "",
        "## Inputs",
        "",
        "| Input | Vendor field | On change | What it is |",
        "| --- | --- | --- | --- |",
    ];
    for (const [name, field] of Object.entries(fields)) {
        const notes = [field.description];
        if (field.default !== undefined) notes.push(`Default \`${JSON.stringify(field.default)}\`.`);
        if (field.managed === "whenDeclared") notes.push("Optional: left out, the vendor keeps its own value.");
        if (field.secret) notes.push("Always secret.");
        if (field.writeOnly) notes.push("Never read back: refresh and drift keep the declared value.");
        lines.push(
            `| \`${name}\` | ${field.vendorField ? `\`${cell(field.vendorField)}\`` : "(ours alone)"} | ${ON_CHANGE[field.onChange]} | ${cell(notes.join(" "))} |`,
        );
    }
    if ("importId" in definition.schema.shape)
        lines.push(
            `| \`importId\` | ${idOutput ? "the record's id" : "—"} | ignored after creation | Adopt the existing ${definition.noun} with this id instead of creating one (\`pulumi import\` does not work for dynamic resources). |`,
        );
    lines.push(
        "",
        "## Outputs",
        "",
        idOutput
            ? `Every input, and \`${idOutput.name}\`: the vendor's id of the ${definition.noun} (${idOutput.integer ? "a number" : "a text"}), also its Pulumi id.`
            : `Every input; the Pulumi id is the ${definition.noun}'s own (${definition.name === "AgentSession" ? "the agent's login" : "see below"}).`,
        "",
        "## Replacement, duplicates, adoption",
        "",
    );
    const replaces = Object.entries(fields)
        .filter(([, field]) => field.onChange === "replace")
        .map(([name]) => `\`${name}\``);
    lines.push(
        replaces.length
            ? `- Changing ${replaces.join(", ")} replaces the ${definition.noun}, ${
                  typeof definition.deleteBeforeReplace === "function"
                      ? "deleting the old one first where the vendor would refuse the new one beside it (see below), else creating the new one before the old one is deleted"
                      : definition.deleteBeforeReplace
                        ? "deleting the old one first"
                        : "creating the new one before the old one is deleted"
              }.`
            : `- Nothing replaces the ${definition.noun}: every change is an update in place.`,
    );
    if (naturalKey) {
        lines.push(
            `- Natural key: the preview of a new ${definition.noun} (its Check), and its create again, look for ${article(definition.noun)} ${definition.noun} with the same ${naturalKey.words}. ` +
                (definition.adoptIdenticalTwin
                    ? "An identical one is adopted, with a warning; one that differs "
                    : "One that differs from the declaration ") +
                `fails the preview, before anything of the update is written, with an error naming it and both ways out: \`importId\`, or \`telephony:adoptExisting\` (adopts a record whose fields match). ` +
                (definition.adoptIdenticalTwin
                    ? ""
                    : `An identical one is left to the create, which refuses it the same way unless it was this resource's own and is gone by then (\`pulumi up --replace\` with \`deleteBeforeReplace\`). `) +
                `The create also judges one made in between. Inputs not known at preview leave the look to the create, as does a list that cannot be read (one warning; later Checks do not try it again).`,
            `- A create whose answer is lost (timeout, reset, 5xx, unreadable answer) is resolved by looking the ${definition.noun} up by that key; when that cannot tell, the error says it may exist.`,
        );
    } else {
        lines.push(`- No natural key: the vendor has no record of it to look up.`);
    }
    lines.push(`- Deleting one that is already gone succeeds.`);
    return lines.join("\n");
}

/** Where the class lives: provider/<vendor>/<resource>/<Class>.ts. */
function classFile(entry: ResourceEntry<any, any>): string {
    const [vendor] = entry.name.split(".");
    const name = entry.definition.name;
    return `provider/${vendor}/${name[0]!.toLowerCase()}${name.slice(1)}/${name}.ts`;
}

/** The page: the generated part, then the hand-written part kept from the current file. */
export function page(entry: ResourceEntry<any, any>, current: string | undefined): string {
    const written = current?.includes(END_OF_GENERATED) ? current.slice(current.indexOf(END_OF_GENERATED) + END_OF_GENERATED.length) : "\n";
    return `${generatedPart(entry)}\n\n${END_OF_GENERATED}${written}`;
}

if (require.main === module) {
    fs.mkdirSync(DOCS_DIR, { recursive: true });
    for (const entry of RESOURCES) {
        const file = pagePath(entry);
        const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
        fs.writeFileSync(file, page(entry, current));
        process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    }
}
