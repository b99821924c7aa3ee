import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";

type Bag = Record<string, unknown>;

/** The @pulumi/pulumi installation the project uses; stubs and messages must come from it so classes match. */
export function resolvePulumiDir(projectDir: string): string {
    return path.dirname(require.resolve("@pulumi/pulumi", { paths: [projectDir] }));
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
    deleteBeforeReplace: boolean;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the generated stubs are loaded at run time from the project's @pulumi/pulumi */
interface Stubs {
    grpc: any;
    proto: any;
    services: any;
    Struct: any;
}

function loadStubs(pulumiDir: string): Stubs {
    const fromPulumi = (request: string) => require(require.resolve(request, { paths: [pulumiDir] }));
    return {
        grpc: fromPulumi("@grpc/grpc-js"),
        proto: require(path.join(pulumiDir, "proto", "provider_pb.js")),
        services: require(path.join(pulumiDir, "proto", "provider_grpc_pb.js")),
        Struct: fromPulumi("google-protobuf/google/protobuf/struct_pb").Struct,
    };
}

/**
 * The real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) in its own process, driven over gRPC
 * the way the engine drives a provider plugin. One per operation, like one provider process per `pulumi up`.
 */
export class ProviderHost {
    private stderr = "";

    private constructor(
        private readonly process: ChildProcess,
        private readonly stubs: Stubs,
        private readonly client: any,
    ) {
        process.stderr?.on("data", (chunk: Buffer) => (this.stderr += chunk.toString("utf8")));
    }

    static async start(options: { pulumiDir: string; projectDir: string; env: NodeJS.ProcessEnv }): Promise<ProviderHost> {
        const stubs = loadStubs(options.pulumiDir);
        const hostEntry = path.join(options.pulumiDir, "cmd", "dynamic-provider", "index.js");
        // The engine address argument is required by the host and never used.
        const child = spawn(process.execPath, [hostEntry, "127.0.0.1:0"], {
            cwd: options.projectDir,
            env: options.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let earlyStderr = "";
        child.stderr.on("data", (chunk: Buffer) => (earlyStderr += chunk.toString("utf8")));
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
            child.once("exit", (code) =>
                reject(new Error(`dynamic-provider host exited (code ${code}) before listening:\n${earlyStderr}`)),
            );
        });
        const client = new stubs.services.ResourceProviderClient(`127.0.0.1:${port}`, stubs.grpc.credentials.createInsecure());
        const host = new ProviderHost(child, stubs, client);
        host.stderr = earlyStderr;
        return host;
    }

    /** Everything the host wrote to stderr (provider logs, stack traces of failed calls). */
    get log(): string {
        return this.stderr;
    }

    private struct(bag: Bag): any {
        return this.stubs.Struct.fromJavaScript(bag);
    }

    private call<T>(method: string, request: any): Promise<T> {
        return new Promise((resolve, reject) => {
            this.client[method](request, (err: any, response: T) => {
                if (err) reject(new ProviderCallError(method, err.code, String(err.details ?? err.message)));
                else resolve(response);
            });
        });
    }

    private request(name: string, urn: string | undefined): any {
        const request = new this.stubs.proto[name]();
        if (urn !== undefined) {
            request.setUrn(urn);
            const [, , qualifiedType, resourceName] = urn.split("::");
            request.setType(qualifiedType.split("$").pop());
            request.setName(resourceName);
        }
        return request;
    }

    /** All config, secrets in clear: the host declines secrets (acceptSecrets=false), so the engine sends plaintext. */
    async configure(config: Record<string, string>): Promise<void> {
        const request = this.request("ConfigureRequest", undefined);
        request.setArgs(this.struct(config));
        request.setAcceptsecrets(false);
        request.setAcceptresources(false);
        await this.call("configure", request);
    }

    async check(urn: string, olds: Bag, news: Bag): Promise<{ inputs: Bag; failures: { property: string; reason: string }[] }> {
        const request = this.request("CheckRequest", urn);
        request.setOlds(this.struct(olds));
        request.setNews(this.struct(news));
        const response = await this.call<any>("check", request);
        return {
            inputs: response.getInputs()?.toJavaScript() ?? {},
            failures: response.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, oldOutputs: Bag, news: Bag, oldInputs: Bag): Promise<DiffResult> {
        const request = this.request("DiffRequest", urn);
        request.setId(id);
        request.setOlds(this.struct(oldOutputs));
        request.setNews(this.struct(news));
        request.setOldInputs(this.struct(oldInputs));
        const response = await this.call<any>("diff", request);
        const changes = this.stubs.proto.DiffResponse.DiffChanges;
        const code = response.getChanges();
        return {
            changes: code === changes.DIFF_NONE ? "none" : code === changes.DIFF_SOME ? "some" : "unknown",
            replaces: response.getReplacesList(),
            deleteBeforeReplace: response.getDeletebeforereplace(),
        };
    }

    async create(urn: string, properties: Bag): Promise<{ id: string; outputs: Bag }> {
        const request = this.request("CreateRequest", urn);
        request.setProperties(this.struct(properties));
        const response = await this.call<any>("create", request);
        return { id: response.getId(), outputs: response.getProperties()?.toJavaScript() ?? {} };
    }

    async read(urn: string, id: string, outputs: Bag, inputs: Bag): Promise<{ id: string; outputs: Bag; inputs?: Bag }> {
        const request = this.request("ReadRequest", urn);
        request.setId(id);
        request.setProperties(this.struct(outputs));
        request.setInputs(this.struct(inputs));
        const response = await this.call<any>("read", request);
        return {
            id: response.getId(),
            outputs: response.getProperties()?.toJavaScript() ?? {},
            inputs: response.getInputs()?.toJavaScript(),
        };
    }

    async update(urn: string, id: string, oldOutputs: Bag, news: Bag, oldInputs: Bag): Promise<Bag> {
        const request = this.request("UpdateRequest", urn);
        request.setId(id);
        request.setOlds(this.struct(oldOutputs));
        request.setNews(this.struct(news));
        request.setOldInputs(this.struct(oldInputs));
        const response = await this.call<any>("update", request);
        return response.getProperties()?.toJavaScript() ?? {};
    }

    async delete(urn: string, id: string, outputs: Bag, inputs: Bag): Promise<void> {
        const request = this.request("DeleteRequest", urn);
        request.setId(id);
        request.setProperties(this.struct(outputs));
        request.setOldInputs(this.struct(inputs));
        await this.call("delete", request);
    }

    async stop(): Promise<void> {
        this.client.close();
        if (this.process.exitCode !== null || this.process.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
        this.process.kill("SIGTERM");
        await exited;
    }
}
