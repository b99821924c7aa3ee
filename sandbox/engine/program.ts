import { fork, type ChildProcess } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What the program registered, as the engine would see it (wire form: secrets are `{sig, value}` wrappers). */
export interface Registration {
    urn: string;
    type: string;
    name: string;
    parent?: string;
    dependencies: string[];
    inputs: Record<string, unknown>;
    deleteBeforeReplace: boolean;
    additionalSecretOutputs: string[];
}

/** The answer to a registration: outputs in wire form; an undefined id is unknown (preview of a create). */
export type RegistrationReply = { id?: string; state: Record<string, unknown> } | { error: string };

export interface ProgramEnd {
    /** The stack resource's outputs as registered (wire form), when the program got that far. */
    outputs?: Record<string, unknown>;
    error?: string;
}

/*
 * The runner is plain JavaScript kept in a string so the child starts without ts-node and works the same whether
 * this module runs from dist/ or from sources under ts-jest. It is written to a temp file named by its hash.
 *
 * It relies on two internals of @pulumi/pulumi, because the mocks' `newResource` arguments carry neither the
 * parent, nor the dependencies, nor the resource options, nor the wire form of the inputs:
 *  - the MockMonitor instance (runtime/settings getMonitor) whose registerResource/registerResourceOutputs it wraps;
 *  - runtime/stack runInPulumiStack, so the program runs inside a `pulumi:pulumi:Stack` exactly as under the CLI
 *    and its exports become the stack's registered outputs.
 */
const RUNNER_SOURCE = String.raw`"use strict";
const path = require("path");
const [programPath, projectDir, project, stack, mode] = process.argv.slice(2);
const pulumiEntry = require.resolve("@pulumi/pulumi", { paths: [projectDir] });
const pulumiDir = path.dirname(pulumiEntry);
const pulumi = require(pulumiEntry);
const settings = require(path.join(pulumiDir, "runtime", "settings.js"));
const stackModule = require(path.join(pulumiDir, "runtime", "stack.js"));
const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

let nextSeq = 0;
const waiting = new Map();
process.on("message", (message) => {
  const pending = waiting.get(message.seq);
  if (!pending) return;
  waiting.delete(message.seq);
  pending(message);
});
function ask(message) {
  const seq = ++nextSeq;
  return new Promise((resolve) => {
    waiting.set(seq, resolve);
    process.send(Object.assign({ seq }, message));
  });
}

const details = new Map(); // "type::name" -> what the monitor request carried
const engineUrns = new Map(); // mock URN -> URN as the engine builds it (no Stack type in children's URNs)
let stackMockUrn;
let stackOutputs;
let firstError;
const noteError = (e) => { if (firstError === undefined) firstError = (e && e.stack) || String(e); };
process.on("unhandledRejection", noteError);
process.on("uncaughtException", noteError);

function engineUrn(parentMockUrn, type, name) {
  let qualifiedType = type;
  if (parentMockUrn) {
    const parentUrn = engineUrns.get(parentMockUrn) || parentMockUrn;
    const parentType = parentUrn.split("::")[2];
    if (parentType !== ROOT_STACK_TYPE) qualifiedType = parentType + "$" + type;
  }
  return "urn:pulumi:" + stack + "::" + project + "::" + qualifiedType + "::" + name;
}

const mocks = {
  async newResource(args) {
    const key = args.type + "::" + args.name;
    const request = details.get(key);
    details.delete(key);
    if (!args.custom) return { id: undefined, state: args.inputs };
    if (!request || request.kind !== "register" || args.id) {
      throw new Error("reading or importing an existing resource (" + key + ") is not supported by the engine stand-in");
    }
    const reply = await ask(Object.assign({ kind: "register" }, request.registration));
    if (reply.error !== undefined) throw new Error(reply.error);
    return { id: reply.id, state: reply.state };
  },
  call(args) {
    throw new Error("invoke " + args.token + " is not supported by the engine stand-in");
  },
};

pulumi.runtime.setMocks(mocks, project, stack, mode === "preview");
const monitor = settings.getMonitor();
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, callback) => {
  const type = req.getType();
  const name = req.getName();
  const parent = req.getParent() || undefined;
  const mockUrn = monitor.newUrn(parent, type, name);
  const urn = engineUrn(parent, type, name);
  engineUrns.set(mockUrn, urn);
  if (type === ROOT_STACK_TYPE && !parent) stackMockUrn = mockUrn;
  details.set(type + "::" + name, {
    kind: "register",
    registration: {
      urn,
      type,
      name,
      parent: parent && engineUrns.get(parent),
      dependencies: req.getDependenciesList().map((u) => engineUrns.get(u) || u),
      inputs: req.getObject() ? req.getObject().toJavaScript() : {},
      deleteBeforeReplace: req.getDeletebeforereplace(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    },
  });
  return registerResource(req, callback);
};
const readResource = monitor.readResource.bind(monitor);
monitor.readResource = (req, callback) => {
  details.set(req.getType() + "::" + req.getName(), { kind: "read" });
  return readResource(req, callback);
};
const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
monitor.registerResourceOutputs = (req, callback) => {
  if (req.getUrn() === stackMockUrn && req.getOutputs()) stackOutputs = req.getOutputs().toJavaScript();
  return registerResourceOutputs(req, callback);
};

async function runProgram() {
  let programExport = require(path.resolve(projectDir, programPath));
  const keys = Object.keys(programExport || {}).filter((k) => k !== "__esModule");
  if (keys.length === 1 && keys[0] === "default") programExport = programExport.default;
  return programExport instanceof Function ? programExport() : programExport;
}

(async () => {
  try {
    await stackModule.runInPulumiStack(runProgram);
  } catch (e) {
    noteError(e);
  }
  try {
    await settings.waitForRPCs();
  } catch (e) {
    noteError(e);
  }
  process.send({ kind: "done", outputs: stackOutputs, error: firstError }, () => process.disconnect());
})();
`;

let runnerFile: string | undefined;

function writeRunner(): string {
    if (runnerFile && fs.existsSync(runnerFile)) return runnerFile;
    const hash = crypto.createHash("sha256").update(RUNNER_SOURCE).digest("hex").slice(0, 12);
    const file = path.join(os.tmpdir(), `pulumi-telephony-engine-runner-${hash}.js`);
    if (!fs.existsSync(file)) {
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, RUNNER_SOURCE);
        fs.renameSync(temp, file);
    }
    runnerFile = file;
    return file;
}

export interface ProgramRunOptions {
    projectDir: string;
    program: string;
    project: string;
    stack: string;
    preview: boolean;
    env: NodeJS.ProcessEnv;
    onRegister: (registration: Registration) => Promise<RegistrationReply>;
}

/** Runs the program under mocks in a fresh Node process; resolves when the program and its registrations settle. */
export function runProgram(options: ProgramRunOptions): { done: Promise<ProgramEnd>; output: () => string } {
    const execArgv: string[] = [];
    const env = { ...options.env };
    if (/\.[cm]?tsx?$/.test(options.program)) {
        execArgv.push("-r", require.resolve("ts-node/register/transpile-only", { paths: [options.projectDir, __dirname] }));
        const tsconfig = path.join(options.projectDir, "tsconfig.json");
        if (fs.existsSync(tsconfig) && env.TS_NODE_PROJECT === undefined) env.TS_NODE_PROJECT = tsconfig;
    }
    const child: ChildProcess = fork(
        writeRunner(),
        [options.program, options.projectDir, options.project, options.stack, options.preview ? "preview" : "update"],
        { cwd: options.projectDir, env, execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"] },
    );
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));

    const done = new Promise<ProgramEnd>((resolve) => {
        let end: ProgramEnd | undefined;
        child.on("message", (message: { kind: string; seq?: number } & Record<string, unknown>) => {
            if (message.kind === "register") {
                const { kind: _kind, seq, ...registration } = message;
                options.onRegister(registration as unknown as Registration).then(
                    (reply) => child.connected && child.send({ seq, ...reply }),
                    (error: unknown) => child.connected && child.send({ seq, error: String(error) }),
                );
            } else if (message.kind === "done") {
                end = { outputs: message.outputs as ProgramEnd["outputs"], error: message.error as string | undefined };
                // A program may leave handles open (timers, sockets); the engine does not wait for them either.
                setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 2000).unref();
            }
        });
        child.on("error", (error) => resolve({ error: `cannot start the program: ${error.message}` }));
        child.on("exit", (code, signal) => {
            resolve(end ?? { error: `the program process exited (code ${code}, signal ${signal}) before finishing:\n${output}` });
        });
    });
    return { done, output: () => output };
}
