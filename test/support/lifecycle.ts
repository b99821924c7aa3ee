/**
 * Lifecycle scenarios on the real engine: a program declared as data (so each step can declare a
 * new version), the vendor settings of an emulator as stack config (secrets marked secret), and
 * the checks every scenario ends with: no plaintext secret at rest, a small credential-free
 * `__provider`. The program loads the built package (dist/): the provider host runs what it
 * serializes, outside Jest.
 */
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, type Sandbox } from "../../sandbox";
import { EngineStack, type EngineRun, type EngineStackOptions } from "./engine";

const REPO = path.resolve(__dirname, "..", "..");

export type Kind = "Line" | "TimeProfile" | "Queue" | "Ivr" | "RingGroup" | "Did" | "CallbackUrl" | "AgentSession";

/** In a declaration's args: another declared resource's vendor id (its `recordId` output), as a program writes `line.recordId`. */
export const ref = (name: string) => ({ $ref: name });

export interface Declared {
    kind: Kind;
    name: string;
    args: Record<string, unknown>;
    /** Resource options, with `dependsOn` by the names of other declared resources. */
    options?: Omit<pulumi.CustomResourceOptions, "dependsOn"> & { dependsOn?: string[] };
}

type Telephony = typeof import("../../provider");

/** The package as built (the provider host loads dist/; sources under ts-jest are not what it runs). */
export function builtPackage(): Telephony {
    return require(path.join(REPO, "dist", "provider")) as Telephony;
}

/** An inline program declaring `resources` in order; its outputs are each resource's vendor id. */
export function programOf(resources: Declared[]): () => Promise<Record<string, unknown>> {
    return async () => {
        const telephony = builtPackage();
        const classes = {
            Line: telephony.nextbilling.Line,
            TimeProfile: telephony.nextbilling.TimeProfile,
            Queue: telephony.nextbilling.Queue,
            Ivr: telephony.nextbilling.Ivr,
            RingGroup: telephony.nextbilling.RingGroup,
            Did: telephony.nextbilling.Did,
            CallbackUrl: telephony.directcall.CallbackUrl,
            AgentSession: telephony.erix.AgentSession,
        };
        const made: Record<string, pulumi.CustomResource> = {};
        for (const { kind, name, args, options } of resources) {
            const dependsOn = options?.dependsOn?.map((other) => made[other]!);
            made[name] = new (classes[kind] as new (n: string, a: unknown, o?: unknown) => pulumi.CustomResource)(
                name,
                withReferences(args, made),
                {
                    ...options,
                    dependsOn,
                },
            );
        }
        return { ids: Object.fromEntries(Object.entries(made).map(([name, resource]) => [name, resource.id])) };
    };
}

/** `args` with each `ref(name)` replaced by that resource's `recordId` output (declared earlier in the program). */
function withReferences(value: unknown, made: Record<string, pulumi.CustomResource>): unknown {
    if (Array.isArray(value)) return value.map((item) => withReferences(item, made));
    if (value && typeof value === "object") {
        const target = (value as { $ref?: unknown }).$ref;
        if (typeof target === "string") {
            if (!made[target]) throw new Error(`ref("${target}") names no resource declared before it`);
            return (made[target] as unknown as { recordId: pulumi.Output<number> }).recordId;
        }
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withReferences(item, made)]));
    }
    return value;
}

/** Every vendor of the emulator, as a user's stack config would hold it. */
export function vendorConfig(sandbox: Sandbox): Pick<EngineStackOptions, "config" | "secretConfig"> {
    return {
        config: {
            "telephony:nextbillingUrl": sandbox.url,
            "telephony:directcallUrl": sandbox.url,
            "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
            "telephony:erixUrl": sandbox.url,
            "telephony:httpMaxRetries": "2",
        },
        secretConfig: {
            "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
            "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
            "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
        },
    };
}

/** A stack of `resources` against the emulator; `extra` adds or overrides stack options. */
export function lifecycleStack(sandbox: Sandbox, resources: Declared[], extra: Partial<EngineStackOptions> = {}): Promise<EngineStack> {
    const vendors = vendorConfig(sandbox);
    return EngineStack.create({
        project: "telephony-lifecycle",
        stack: "test",
        program: programOf(resources),
        ...extra,
        config: { ...vendors.config, ...extra.config },
        secretConfig: { ...vendors.secretConfig, ...extra.secretConfig },
    });
}

/** The run, or a failure showing the engine's diagnostics (what a person running `pulumi up` would read). */
export function succeeded(run: EngineRun): EngineRun {
    if (!run.ok) {
        const said = run.diagnostics
            .filter((d) => d.severity === "error" || d.severity === "warning")
            .map((d) => `  ${d.severity}: ${d.message}`);
        // A CLI failing before any event (a lock, a corrupt checkpoint) says why only on stderr.
        const stderr = run.stderr.trim().split("\n").slice(-15).join("\n");
        throw new Error(`engine run failed: ${run.error?.message.split("\n")[0]}\n${said.join("\n")}\n  stderr:\n${stderr}`);
    }
    return run;
}

/** Every error and warning the engine showed, one text (provider messages and provider-host stderr included). */
export function said(run: EngineRun): string {
    return [...run.diagnostics.map((d) => d.message), run.stderr].join("\n");
}

/** The last op the engine reported for each resource. */
export function lastOps(run: EngineRun): Record<string, string> {
    return Object.fromEntries(Object.entries(run.ops).map(([name, ops]) => [name, ops.at(-1)!]));
}

/** Secrets of the emulator's vendors and of a scenario: none may be stored in plain text. */
export const VENDOR_SECRETS = [DEMO_CREDENTIALS.token, DEMO_CREDENTIALS.key, DIRECTCALL_DEMO_CREDENTIALS.client_secret];

/** At rest: no secret in the state file or the stack config file; every `__provider` small and credential-free. */
export function expectNothingSecretAtRest(stack: EngineStack, secrets: string[]): void {
    const { text, json } = stack.stateAtRest();
    const config = require("node:fs").readFileSync(stack.stackConfigFile(), "utf8") as string;
    for (const secret of [...VENDOR_SECRETS, ...secrets]) {
        expect(text).not.toContain(secret);
        expect(config).not.toContain(secret);
    }
    const resources = (json.checkpoint.latest?.resources ?? []) as { type: string; outputs?: Record<string, unknown> }[];
    for (const resource of resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/telephony/"))) {
        const provider = String(resource.outputs?.__provider ?? "");
        expect(provider.length).toBeGreaterThan(0);
        // Copied by value inside this repository (about 2.6 KB); a one-line require when installed (test/package).
        expect(provider.length).toBeLessThan(4_096);
        for (const secret of [...VENDOR_SECRETS, ...secrets]) expect(provider).not.toContain(secret);
    }
}

const TYPE_TOKENS: Record<Kind, string> = {
    Line: "pulumi-nodejs:dynamic/telephony/nextbilling:Line",
    TimeProfile: "pulumi-nodejs:dynamic/telephony/nextbilling:TimeProfile",
    Queue: "pulumi-nodejs:dynamic/telephony/nextbilling:Queue",
    Ivr: "pulumi-nodejs:dynamic/telephony/nextbilling:Ivr",
    RingGroup: "pulumi-nodejs:dynamic/telephony/nextbilling:RingGroup",
    Did: "pulumi-nodejs:dynamic/telephony/nextbilling:Did",
    CallbackUrl: "pulumi-nodejs:dynamic/telephony/directcall:CallbackUrl",
    AgentSession: "pulumi-nodejs:dynamic/telephony/erix:AgentSession",
};

/** The URN the engine gives a declared resource in this stack. */
export function urnOf(stack: EngineStack, declared: Pick<Declared, "kind" | "name">): string {
    return `urn:pulumi:${stack.stackName}::${stack.project}::${TYPE_TOKENS[declared.kind]}::${declared.name}`;
}

/** The engine's refusal to delete a protected resource, word for word (measured at v3.248.0). */
export function protectedRefusal(urn: string): string {
    return (
        `resource "${urn}" cannot be deleted\nbecause it is protected. To unprotect the resource, either remove the \`protect\` flag ` +
        `from the resource in your Pulumi program and run \`pulumi up\`, or use the command:\n\`pulumi state unprotect '${urn}'\``
    );
}

export interface StoredResource {
    /** The resource name (the last part of the URN). */
    name: string;
    urn: string;
    type: string;
    protect?: boolean;
    /** As stored: secrets are `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext }`. */
    inputs: Record<string, any>;
    outputs: Record<string, any>;
}

/** The telephony resources in the state file (read at rest: secrets stay encrypted), in state order. */
export function storedResources(stack: EngineStack): StoredResource[] {
    const resources = (stack.stateAtRest().json.checkpoint.latest?.resources ?? []) as Omit<StoredResource, "name">[];
    return resources
        .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/telephony/"))
        .map((r) => ({ ...r, name: r.urn.split("::").at(-1)! }));
}
