/**
 * The configuration `telephony export` and `telephony drift` read, the same the provider reads:
 * a program's stack config file (`Pulumi.<stack>.yaml`), then the environment variables.
 * Encrypted (`secure:`) values need the Pulumi engine to decrypt; for those, set the variable.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { ConfigSource, ConfigurationError } from "../provider/config";

export interface StackConfig extends ConfigSource {
    /** Where the values came from, for messages: the stack file, or "environment". */
    origin: string;
}

const ENVIRONMENT_ONLY: StackConfig = { origin: "environment variables", get: () => undefined };

/**
 * Reads `Pulumi.<stack>.yaml` of `programDir`. The stack is `stack`, else $PULUMI_STACK, else the
 * only stack file there; with no program dir or no stack file, only the environment is used.
 */
export function readStackConfig(programDir: string | undefined, stack?: string): StackConfig {
    if (!programDir) return ENVIRONMENT_ONLY;
    const chosen = stack ?? process.env.PULUMI_STACK ?? onlyStack(programDir);
    if (!chosen) return ENVIRONMENT_ONLY;
    const file = path.join(programDir, `Pulumi.${chosen}.yaml`);
    if (!fs.existsSync(file)) {
        if (stack) throw new ConfigurationError(`no stack config file ${file}`);
        return ENVIRONMENT_ONLY;
    }
    const project = projectName(programDir);
    const parsed = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const values = new Map<string, unknown>();
    for (const [key, value] of Object.entries(parsed.config ?? {})) values.set(key.includes(":") ? key : `${project}:${key}`, value);
    return {
        origin: file,
        get(key: string) {
            const value = values.get(key);
            if (value && typeof value === "object" && "secure" in value) {
                // The environment variable (the caller's fallback) is the way to give it; say so if it is missing.
                return undefined;
            }
            return value === undefined || value === null ? undefined : String(value);
        },
    };
}

function onlyStack(programDir: string): string | undefined {
    const stacks = fs
        .readdirSync(programDir)
        .map((name) => /^Pulumi\.(.+)\.ya?ml$/.exec(name)?.[1])
        .filter((name): name is string => name !== undefined);
    return stacks.length === 1 ? stacks[0] : undefined;
}

function projectName(programDir: string): string {
    const file = path.join(programDir, "Pulumi.yaml");
    if (!fs.existsSync(file)) return "project";
    const parsed = (yaml.load(fs.readFileSync(file, "utf8")) ?? {}) as { name?: unknown };
    return typeof parsed.name === "string" ? parsed.name : "project";
}
