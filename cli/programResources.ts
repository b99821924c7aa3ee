/**
 * The custom resources a Pulumi program declares, learnt without the engine: the program runs as a
 * preview under the SDK's own mocks (`pulumi.runtime.setMocks`), whose `newResource` sees every
 * registration and answers it as a preview of a create would (id unknown, outputs = inputs).
 *
 * Why setMocks: it is the SDK's public way to run a program without a CLI. `newResource` gets each
 * resource's inputs after the SDK has serialized them (the dynamic provider in `__provider`, Outputs
 * resolved, secrets marked), which is what the engine would be sent, and no SDK internals are needed.
 *
 * Why a child process: the program is the user's code. Its globals, its module cache, a ts-node hook
 * and the SDK's runtime state (setMocks is process-wide and cannot be undone) stay out of the CLI; and
 * @pulumi/pulumi is resolved from the program's directory, so the mocks are set on the very copy the
 * program's own `require("@pulumi/pulumi")` returns (which need not be the CLI's copy).
 *
 * Secrets: the mocks see a secret input as `{"4dabf18193072939515e22adb298388d":
 * "1b47061264138c4ac30d75fd1eb44270", value}`, and only at the top level: the SDK moves a secret found
 * inside an object or array up to the input holding it (`{host, password: secret}` arrives as one
 * secret object). Results carry plain values, as a provider's `check` gets them (the host declines
 * secrets), and name the top-level inputs that were secret.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { typeToken } from "../provider/kit/resource";
import { RESOURCES } from "../provider/resources";

/** Each resource type's id output (`recordId`, an integer; `code`, a text), by Pulumi type token. */
const ID_OUTPUTS = Object.fromEntries(
    RESOURCES.flatMap(({ definition }) => (definition.idOutput ? [[typeToken(definition), definition.idOutput]] : [])),
);

export interface ProgramResource {
    /** The type token, e.g. `pulumi-nodejs:dynamic/telephony:nextbilling.RingGroup`. */
    type: string;
    name: string;
    /** Plain values (secrets unwrapped), without `__provider`; a value unknown in a preview is the engine's unknown sentinel. */
    inputs: Record<string, unknown>;
    /** Top-level inputs the program gave as secrets. */
    secretInputs: string[];
}

export interface ProgramRunOptions {
    projectDir: string;
    /** The main file, relative to projectDir: `.js` as is, `.ts` through ts-node (transpile-only, the program's tsconfig.json). */
    main: string;
    project: string;
    stack: string;
    /** The program's whole environment: PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS carry its config, as under the engine. */
    env: NodeJS.ProcessEnv;
}

export interface ProgramRun {
    /** The custom resources registered, in order (components and the stack are not resources of a provider). */
    resources: ProgramResource[];
    /** The program's first failure, as its stack trace: thrown, rejected, or a registration the SDK refused. */
    error?: string;
}

// The SDK's own sentinels: how a secret and an unknown value travel between program and engine.
const SIG_KEY = specialSigKey;
const SECRET_SIG = specialSecretSig;

/** What the child sends back: one message when the program and its registrations have settled. */
interface ChildReport {
    resources: { type: string; name: string; inputs: Record<string, unknown> }[];
    error?: string;
}

/*
 * The child, plain JavaScript run by `node -e`, so it needs no ts-node of its own and is the same from
 * dist/ and under ts-jest. The unknown value is a class instance, which IPC's JSON would turn into {}:
 * it is sent as the sentinel the engine sends a provider for it (and provider/kit/check recognises).
 */
const CHILD_SOURCE = String.raw`"use strict";
const path = require("path");
const { projectDir, main, project, stack, idOutputs } = JSON.parse(process.argv[1]);
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [projectDir] }));
const UNKNOWN = require(require.resolve("@pulumi/pulumi/runtime/rpc", { paths: [projectDir] })).unknownValue;
const resources = [];
let firstError;
const noteError = (e) => { if (firstError === undefined) firstError = (e && e.stack) || String(e); };
process.on("unhandledRejection", noteError);
process.on("uncaughtException", noteError);

const sendable = (value) => {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(sendable);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sendable(v)]));
  return value;
};

const mocks = {
  newResource(args) {
    if (args.id) throw new Error("reading or importing an existing resource (" + args.type + " " + args.name + ") needs the Pulumi engine; the program runs under mocks here");
    if (args.custom) {
      const { __provider, ...inputs } = args.inputs;
      resources.push({ type: args.type, name: args.name, inputs: sendable(inputs) });
    }
    // A record adopted by importId has that id before apply: its id output (recordId, code) is known, so what
    // points at it (devices: [caixa.recordId]) is compared, not listed as unknown. Any other id waits for the create.
    const idOutput = idOutputs[args.type];
    const importId = args.inputs.importId;
    if (!idOutput || importId === undefined || pulumi.isUnknown(importId)) return { id: undefined, state: args.inputs };
    return { id: String(importId), state: { ...args.inputs, [idOutput.name]: idOutput.integer ? Number(importId) : String(importId) } };
  },
  call(args) {
    throw new Error("invoke " + args.token + " needs the Pulumi engine; the program runs under mocks here");
  },
};

(async () => {
  try {
    await pulumi.runtime.setMocks(mocks, project, stack, true);
    let exported = require(path.resolve(projectDir, main));
    const keys = Object.keys(exported || {}).filter((k) => k !== "__esModule");
    if (keys.length === 1 && keys[0] === "default") exported = exported.default;
    if (typeof exported === "function") await exported();
  } catch (e) {
    noteError(e);
  }
  try {
    await pulumi.runtime.disconnect(); // waits until every registration has been answered
  } catch (e) {
    noteError(e);
  }
  // A rejection nobody handled is reported once the microtasks have run: let that happen before reporting.
  await new Promise((resolve) => setImmediate(resolve));
  // Exit once reported: a program may leave timers or sockets open, which the engine does not wait for either.
  process.send({ resources, error: firstError }, () => process.exit(0));
})();
`;

function isSecretWrapper(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG && "value" in value;
}

/** The value a provider sees: the engine unwraps secrets for the host, which declines them. */
function unwrapSecrets(value: unknown): unknown {
    if (isSecretWrapper(value)) return unwrapSecrets(value.value);
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (typeof value === "object" && value !== null)
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    return value;
}

/** Node's arguments and environment for the program: ts-node for TypeScript, with the program's tsconfig.json. */
function launch(options: ProgramRunOptions): { preload: string[]; env: NodeJS.ProcessEnv } {
    const env = { ...options.env };
    if (!/\.[cm]?tsx?$/.test(options.main)) return { preload: [], env };
    let tsNode: string;
    try {
        tsNode = require.resolve("ts-node/register/transpile-only", { paths: [options.projectDir, __dirname] });
    } catch {
        throw new Error(
            `the program ${options.main} is TypeScript and needs ts-node: install it in ${options.projectDir} (npm install --save-dev ts-node)`,
        );
    }
    const tsconfig = path.join(options.projectDir, "tsconfig.json");
    if (fs.existsSync(tsconfig) && env.TS_NODE_PROJECT === undefined) env.TS_NODE_PROJECT = tsconfig;
    return { preload: ["-r", tsNode], env };
}

/** Runs the program under mocks in a child process; resolves when the program and its registrations have settled. */
export async function programResources(options: ProgramRunOptions): Promise<ProgramRun> {
    const { preload, env } = launch(options);
    const { projectDir, main, project, stack } = options;
    const child = spawn(
        process.execPath,
        [...preload, "-e", CHILD_SOURCE, JSON.stringify({ projectDir, main, project, stack, idOutputs: ID_OUTPUTS })],
        {
            cwd: projectDir,
            env,
            stdio: ["ignore", "pipe", "pipe", "ipc"],
        },
    );
    // The program's own output, shown only when its process dies before reporting.
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

    const report = await new Promise<ChildReport>((resolve) => {
        let received: ChildReport | undefined;
        child.on("message", (message: ChildReport) => (received = message));
        child.on("error", (error) => resolve({ resources: [], error: `cannot start the program: ${error.message}` }));
        child.on("exit", (code, signal) => {
            const settle = () =>
                resolve(
                    received ?? {
                        resources: [],
                        error: `the program process exited (code ${code}, signal ${signal}) before finishing:\n${output}`,
                    },
                );
            // A report sent just before exiting may still be in the IPC channel: it has been read once the channel closes.
            if (child.connected) child.once("disconnect", settle);
            else settle();
        });
    });
    const resources = report.resources.map(({ type, name, inputs }) => ({
        type,
        name,
        inputs: unwrapSecrets(inputs) as Record<string, unknown>,
        secretInputs: Object.keys(inputs).filter((key) => isSecretWrapper(inputs[key])),
    }));
    return { resources, ...(report.error !== undefined ? { error: report.error } : {}) };
}
