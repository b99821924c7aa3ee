/**
 * The real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) in its own process,
 * driven over gRPC (pulumirpc.ResourceProvider) as the engine drives it: Configure first, then
 * Check, Diff, Create, Read, Update, Delete. One per run, like one provider process per `pulumi up`.
 * Used by the benchmark (bench/run.ts) and by the tests that need the real host (test/kit/host.test.ts).
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

export type Bag = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated stubs are plain JavaScript */
/** Message classes and stubs from the project's own @pulumi/pulumi, so that they match the host's. */
const PULUMI_DIR = path.dirname(require.resolve("@pulumi/pulumi"));
const proto: any = require(path.join(PULUMI_DIR, "proto", "provider_pb.js"));
const services: any = require(path.join(PULUMI_DIR, "proto", "provider_grpc_pb.js"));
const { Struct }: any = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PULUMI_DIR] }));

/** The repository root: the host runs there, so the `__provider` of each resource resolves the built package. */
export const PROJECT_DIR = path.resolve(__dirname, "..");

/** The `__provider` the engine would store for a resource of this package: a require of its stable entry point in dist/. */
export function providerOf(entry: "nextbilling-ringgroup" | "nextbilling-did" | "directcall-callbackurl" | "erix-agentsession"): string {
    const file = path.join(PROJECT_DIR, "dist", "provider", "dynamic", `${entry}.js`);
    return `exports.handler = () => require(${JSON.stringify(file)});\n`;
}

/** A gRPC failure from the host: `details` is the provider's message, verbatim. */
export class ProviderCallError extends Error {
    constructor(
        readonly method: string,
        readonly code: number | undefined,
        readonly details: string,
    ) {
        super(details);
        this.name = "ProviderCallError";
    }
}

export interface DiffResult {
    changes: "none" | "some" | "unknown";
    replaces: string[];
}

export class ProviderHost {
    private stderr = "";

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
    ) {
        child.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    }

    /** Starts the host and waits for the port it prints as its first line; `nodeArgs` go to node itself (`--cpu-prof`). */
    static async start(env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<ProviderHost> {
        const entry = path.join(PULUMI_DIR, "cmd", "dynamic-provider", "index.js");
        // The engine address argument is required by the host and never used.
        const child = spawn(process.execPath, [...nodeArgs, entry, "127.0.0.1:0"], {
            cwd: PROJECT_DIR,
            env: { PATH: process.env.PATH, PULUMI_NODEJS_PROJECT: "bench", PULUMI_NODEJS_STACK: "bench", ...env },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let early = "";
        child.stderr.on("data", (chunk: Buffer) => (early += chunk.toString("utf8")));
        const port = await new Promise<number>((resolve, reject) => {
            let stdout = "";
            const onData = (chunk: Buffer) => {
                stdout += chunk.toString("utf8");
                const newline = stdout.indexOf("\n");
                if (newline < 0) return;
                child.stdout.off("data", onData);
                const port = Number(stdout.slice(0, newline).trim());
                if (Number.isInteger(port) && port > 0) resolve(port);
                else reject(new Error(`dynamic-provider host printed ${JSON.stringify(stdout)} instead of its port`));
            };
            child.stdout.on("data", onData);
            child.once("error", reject);
            child.once("exit", (code) => reject(new Error(`dynamic-provider host exited (code ${code}) before listening:\n${early}`)));
        });
        const host = new ProviderHost(child, new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()));
        host.stderr = early;
        return host;
    }

    /** Everything the host wrote to stderr (provider warnings, stack traces of failed calls). */
    get log(): string {
        return this.stderr;
    }

    /** The whole stack config, secrets in clear: the host declines secrets, so the engine sends plaintext. */
    async configure(config: Record<string, string>): Promise<void> {
        const request = new proto.ConfigureRequest();
        request.setArgs(Struct.fromJavaScript(config));
        request.setAcceptsecrets(false);
        request.setAcceptresources(false);
        await this.call("configure", request);
    }

    async check(urn: string, olds: Bag, news: Bag): Promise<{ inputs: Bag; failures: { property: string; reason: string }[] }> {
        const request = this.request("CheckRequest", urn);
        request.setOlds(Struct.fromJavaScript(olds));
        request.setNews(Struct.fromJavaScript(news));
        const response = await this.call<any>("check", request);
        return {
            inputs: response.getInputs()?.toJavaScript() ?? {},
            failures: response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, oldOutputs: Bag, news: Bag): Promise<DiffResult> {
        const request = this.request("DiffRequest", urn);
        request.setId(id);
        request.setOlds(Struct.fromJavaScript(oldOutputs));
        request.setNews(Struct.fromJavaScript(news));
        request.setOldInputs(Struct.fromJavaScript(news));
        const response = await this.call<any>("diff", request);
        const changes = proto.DiffResponse.DiffChanges;
        const code = response.getChanges();
        return {
            changes: code === changes.DIFF_NONE ? "none" : code === changes.DIFF_SOME ? "some" : "unknown",
            replaces: response.getReplacesList(),
        };
    }

    async create(urn: string, properties: Bag): Promise<{ id: string; outputs: Bag }> {
        const request = this.request("CreateRequest", urn);
        request.setProperties(Struct.fromJavaScript(properties));
        const response = await this.call<any>("create", request);
        return { id: response.getId(), outputs: response.getProperties()?.toJavaScript() ?? {} };
    }

    async read(urn: string, id: string, outputs: Bag, inputs: Bag): Promise<{ id: string; outputs: Bag; inputs?: Bag }> {
        const request = this.request("ReadRequest", urn);
        request.setId(id);
        request.setProperties(Struct.fromJavaScript(outputs));
        request.setInputs(Struct.fromJavaScript(inputs));
        const response = await this.call<any>("read", request);
        return {
            id: response.getId(),
            outputs: response.getProperties()?.toJavaScript() ?? {},
            inputs: response.getInputs()?.toJavaScript(),
        };
    }

    async delete(urn: string, id: string, outputs: Bag, inputs: Bag): Promise<void> {
        const request = this.request("DeleteRequest", urn);
        request.setId(id);
        request.setProperties(Struct.fromJavaScript(outputs));
        request.setOldInputs(Struct.fromJavaScript(inputs));
        await this.call("delete", request);
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
        this.child.kill("SIGTERM");
        await exited;
    }

    private request(name: string, urn: string): any {
        const request = new proto[name]();
        request.setUrn(urn);
        const [, , qualifiedType, resourceName] = urn.split("::");
        request.setType(qualifiedType!.split("$").pop());
        request.setName(resourceName);
        return request;
    }

    private call<T>(method: string, request: unknown): Promise<T> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (error: any, response: T) => {
                if (error) reject(new ProviderCallError(method, error.code, String(error.details ?? error.message)));
                else resolve(response);
            });
        });
    }
}

/** The engine's URN of a resource of `type` (`pulumi-nodejs:dynamic/telephony/nextbilling:RingGroup`) named `name`. */
export function urnOf(type: string, name: string): string {
    return `urn:pulumi:bench::bench::${type}::${name}`;
}

/**
 * Runs `tasks` at most `parallelism` at a time, as the engine runs Create, Read, Update and Delete
 * steps; resolves to their outcomes in order, errors included.
 */
export async function inParallel<T>(parallelism: number, tasks: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
    const outcomes: PromiseSettledResult<T>[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const index = next++;
            try {
                outcomes[index] = { status: "fulfilled", value: await tasks[index]!() };
            } catch (reason) {
                outcomes[index] = { status: "rejected", reason };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(parallelism, tasks.length) }, worker));
    return outcomes;
}
