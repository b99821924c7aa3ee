/**
 * The emulator for the benchmark: in this process, on a worker thread of its own, so that its work
 * (every vendor answer) does not queue behind the gRPC client's on one event loop, as the vendor
 * and the engine never share one. The benchmark talks to it over HTTP only (vendor and admin API).
 * The thread runs the built emulator (dist/sandbox), which `npm run bench` builds first.
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";

export interface BenchEmulator {
    url: string;
    close(): Promise<void>;
}

const THREAD = (sandboxModule: string) => `
const { parentPort } = require("node:worker_threads");
const { startSandbox } = require(${JSON.stringify(sandboxModule)});
startSandbox({ port: 0 }).then((sandbox) => {
    parentPort.on("message", async () => {
        await sandbox.close();
        parentPort.close();
    });
    parentPort.postMessage(sandbox.url);
});
`;

export async function startEmulatorThread(): Promise<BenchEmulator> {
    const worker = new Worker(THREAD(path.resolve(__dirname, "..", "dist", "sandbox", "index.js")), { eval: true });
    const url = await new Promise<string>((resolve, reject) => {
        worker.once("message", resolve);
        worker.once("error", reject);
        worker.once("exit", (code) => reject(new Error(`the emulator thread exited (code ${code}) before listening`)));
    });
    return {
        url,
        close: async () => {
            const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
            worker.postMessage("close");
            await exited;
        },
    };
}
