/**
 * `npm run bench`: what N resources cost at the vendor, through the real dynamic-provider host
 * driven over gRPC as the engine drives it, against the emulator in this process with a fixed
 * latency. Not a test: it measures, prints, and writes bench/results.md and bench/results.svg.
 *
 * Each figure (a kind, N, an account already holding M records) is four runs, each its own host
 * process as each `pulumi` command is: create N (Check one at a time, Create 8 at a time), a no-op
 * (Check and Diff one at a time), refresh (Read 8 at a time) and delete N (Delete 8 at a time).
 *
 * Options: `--quick` (N = 50 and 200, accounts 0 and 2,000), `--sizes=50,200`, `--accounts=0,10000`,
 * `--kinds=dids,callbacks`, `--no-limiter-study`. Results files are written by a full run only.
 */
import { writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from "../provider/http/limiter";
import { DEMO_CREDENTIALS, DIRECTCALL_DEMO_CREDENTIALS, SandboxAdmin, startSandbox, type FaultPlan } from "../sandbox";
import { startEmulatorThread } from "./emulator";
import { renderChart } from "./chart";
import { inParallel, ProviderHost, providerOf, urnOf, type Bag } from "./host";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
/** The engine's default --parallel on this repository's 2-core runners: 4 x cores. */
const PARALLELISM = 8;
const QUICK = process.argv.includes("--quick");
/** `--sizes=50,200` and `--accounts=0,2000` pick figures; `--kinds=dids,callbacks` kinds (by the start of their name). */
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const numbers = (text: string | undefined, fallback: number[]) => (text === undefined ? fallback : text.split(",").map(Number));
const SIZES = numbers(option("sizes"), QUICK ? [50, 200] : [50, 200, 1_000]);
const ACCOUNTS = numbers(option("accounts"), QUICK ? [0, 2_000] : [0, 2_000, 10_000]);
const PARTIAL =
    QUICK ||
    ["sizes", "accounts", "kinds"].some((name) => option(name) !== undefined) ||
    process.argv.includes("--no-limiter-study") ||
    LATENCY_MS !== 25;
const GOALS = { extraCalls: 5, timeRatio: 1.25, tokensPerRun: 1 };

interface Kind {
    name: string;
    type: string;
    provider: string;
    inputs(index: number): Bag;
    /** Puts `count` records made out of band into the emulator: the account the resources join. */
    seed(admin: SandboxAdmin, count: number): Promise<unknown>;
    /** Lists a refresh needs at least: one per kind per customer. */
    refreshLists: number;
    /**
     * Round trips a create or a delete must wait for before its first write, whatever the
     * provider does: the lists of its duplicate and reference checks, a token. The reachable floor counts them.
     */
    callsFirst: { create: number; delete: number };
}

const KINDS: Kind[] = [
    {
        name: "ring groups",
        type: "pulumi-nodejs:dynamic/telephony/nextbilling:RingGroup",
        provider: providerOf("nextbilling-ringgroup"),
        // One customer, the account's groups in it too: its one list holds them all.
        inputs: (index) => ({ customerId: 9, description: `Bench ${index}`, strategy: "ringall", devices: [1, 4], enabled: true }),
        seed: (admin, count) =>
            admin.ringGroups.bulk({ customerId: 9, count, description: "Painel", strategy: "linear", devices: [1, 4, 19, 23] }),
        refreshLists: 1,
        // The customer's list, for the duplicate check.
        callsFirst: { create: 1, delete: 0 },
    },
    {
        name: "DIDs",
        type: "pulumi-nodejs:dynamic/telephony/nextbilling:Did",
        provider: providerOf("nextbilling-did"),
        inputs: (index) => ({
            customerId: 13,
            number: String(3_100_000_000 + index),
            description: `Bench ${index}`,
            routing: { type: "queue", queueId: 12 },
            enabled: true,
            deletionPolicy: "delete",
        }),
        seed: (admin, count) =>
            admin.dids.bulk({ customerId: 13, count, firstNumber: "2100000000", routing: { did_type: 5, did_type_id: 12 } }),
        refreshLists: 1,
        // The first Check's lists, side by side: the customer's queues (the routing's reference check) and the
        // DIDs (the duplicate check).
        callsFirst: { create: 1, delete: 0 },
    },
    {
        name: "callbacks",
        type: "pulumi-nodejs:dynamic/telephony/directcall:CallbackUrl",
        provider: providerOf("directcall-callbackurl"),
        inputs: (index) => ({ url: `https://crm.example.com.br/bench/${index}`, allowInsecureHttp: false }),
        seed: (admin, count) => admin.directcall.callbacks.bulk({ count, url: "https://painel.example.com.br/hooks/" }),
        refreshLists: 1,
        // The token, then the list (it needs the token); a delete needs the token.
        callsFirst: { create: 2, delete: 1 },
    },
];

type Phase = "create" | "no-op" | "refresh" | "delete";

interface Measure {
    phase: Phase;
    calls: number;
    writes: number;
    lists: number;
    tokens: number;
    throttled: number;
    bytes: number;
    ms: number;
    peakInFlight: number;
    failures: string[];
    /** Diffs that found changes (a no-op must find none). */
    changes?: number;
    /**
     * A create's Checks, one at a time as the engine's step generator calls them while Creates run:
     * their time end to end, in all and the median. A Create cannot start before its Check returns,
     * so N of them bound the run from below as the latency does.
     */
    checks?: { totalMs: number; medianMs: number };
}

interface Figure {
    kind: string;
    n: number;
    account: number;
    measures: Measure[];
}

interface Resource {
    urn: string;
    id: string;
    inputs: Bag;
    outputs: Bag;
}

interface Bench {
    sandbox: { url: string; close(): Promise<void> };
    admin: SandboxAdmin;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
    const started = Date.now();
    const sandbox = process.env.BENCH_SAME_THREAD ? await startSandbox({ port: 0 }) : await startEmulatorThread();
    const bench: Bench = { sandbox, admin: new SandboxAdmin(sandbox.url) };
    const figures: Figure[] = [];
    try {
        // A vendor is a server that has been running: the emulator's code is warmed, unreported,
        // so that the first figure does not pay for its first answers alone (a fresh emulator
        // answers its first round of 8 creates 3 to 5 ms later than its tenth).
        for (const kind of KINDS) await runFigure(bench, kind, 50, 0, { parallelism: PARALLELISM, phases: ["create", "delete"] });
        // This machine's pace drifts over a run (other tenants): the step is measured before and after.
        const stepBefore = await calibrate(bench);
        const kinds = option("kinds")?.split(",");
        for (const kind of KINDS.filter(
            (candidate) => !kinds || kinds.some((name) => candidate.name.toLowerCase().startsWith(name.toLowerCase())),
        )) {
            for (const account of ACCOUNTS) {
                for (const n of SIZES) {
                    const figure = await runFigure(bench, kind, n, account, { parallelism: PARALLELISM });
                    figures.push(figure);
                    printFigure(figure);
                }
            }
        }
        const study = process.argv.includes("--no-limiter-study") ? [] : await limiterStudy(bench);
        const stepAfter = await calibrate(bench);
        stepMs = (stepBefore + stepAfter) / 2;
        stepNote = `${stepBefore.toFixed(1)} ms before the figures, ${stepAfter.toFixed(1)} ms after`;
        console.log(`\none step at a time: ${stepNote} per Create (${LATENCY_MS} ms of it the emulator's latency)`);
        const seconds = Math.round((Date.now() - started) / 1000);
        console.log(`\n${goalLines(figures).join("\n")}\n\n${[...reachableLines(figures), ...checkLines(figures)].join("\n")}\n`);
        if (PARTIAL) {
            console.log(`A partial run (${seconds} s): bench/results.md and bench/results.svg left as they were.`);
            return;
        }
        writeFileSync(path.join(__dirname, "results.md"), renderResults(figures, study, seconds));
        writeFileSync(
            path.join(__dirname, "results.svg"),
            renderChart(chartSeries(figures), { latencyMs: LATENCY_MS, parallelism: PARALLELISM }),
        );
        console.log(`bench/results.md and bench/results.svg written (${seconds} s).`);
    } finally {
        await sandbox.close();
    }
}

function benchConfig(bench: Bench): Record<string, string> {
    return {
        "telephony:nextbillingUrl": bench.sandbox.url,
        "telephony:nextbillingToken": DEMO_CREDENTIALS.token,
        "telephony:nextbillingKey": DEMO_CREDENTIALS.key,
        "telephony:directcallUrl": bench.sandbox.url,
        "telephony:directcallClientId": DIRECTCALL_DEMO_CREDENTIALS.client_id,
        "telephony:directcallClientSecret": DIRECTCALL_DEMO_CREDENTIALS.client_secret,
    };
}

interface RunOptions {
    parallelism: number;
    /** telephony:maxConcurrentRequests; the default when absent. */
    limit?: number;
    /** Emulator faults besides the latency. */
    faults?: Partial<FaultPlan>;
    /** Phases to run: all by default. */
    phases?: Phase[];
}

async function runFigure(bench: Bench, kind: Kind, n: number, account: number, options: RunOptions): Promise<Figure> {
    const { admin } = bench;
    await admin.reset();
    if (account > 0) await kind.seed(admin, account);
    await admin.setFaults({ latencyMs: LATENCY_MS, ...options.faults });
    const config = benchConfig(bench);
    if (options.limit !== undefined) config["telephony:maxConcurrentRequests"] = String(options.limit);
    const phases = options.phases ?? ["create", "no-op", "refresh", "delete"];
    const declared = Array.from({ length: n }, (_, index) => ({
        urn: urnOf(kind.type, `r${index}`),
        news: { ...kind.inputs(index), __provider: kind.provider },
    }));
    let resources: Resource[] = [];
    const measures: Measure[] = [];
    for (const phase of phases) {
        const measure = await measured(bench, phase, config, declared[0]!, async (host, failures, checkMs) => {
            if (phase === "create") resources = await up(host, declared, options.parallelism, failures, checkMs);
            if (phase === "no-op") return noOp(host, resources, failures);
            if (phase === "refresh") await refresh(host, resources, options.parallelism, failures);
            if (phase === "delete") await destroy(host, resources, options.parallelism, failures);
            return undefined;
        });
        measures.push(measure);
    }
    return { kind: kind.name, n, account, measures };
}

/** Host start, Configure and the provider's first load, per run (the same for any N): not in a run's time, reported apart. */
const warmUps: number[] = [];

/**
 * One run: a host process of its own, configured, its provider loaded (a Diff, which calls no
 * vendor); then its vendor calls and bytes counted, its wall time from its first step to its last answer.
 */
async function measured(
    bench: Bench,
    phase: Phase,
    config: Record<string, string>,
    first: { urn: string; news: Bag },
    run: (host: ProviderHost, failures: string[], checkMs: number[]) => Promise<number | undefined>,
): Promise<Measure> {
    const starting = process.hrtime.bigint();
    const host = await ProviderHost.start();
    try {
        await host.configure(config);
        await host.diff(first.urn, "warm-up", first.news, first.news);
        warmUps.push(Number(process.hrtime.bigint() - starting) / 1e6);
        await bench.admin.clearRequests();
        const failures: string[] = [];
        const started = process.hrtime.bigint();
        const checkMs: number[] = [];
        const changes = await run(host, failures, checkMs);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const log = await bench.admin.requests();
        const count = (test: (key: string) => boolean) =>
            Object.entries(log.counts)
                .filter(([key]) => test(key))
                .reduce((sum, [, value]) => sum + value, 0);
        return {
            phase,
            calls: count(() => true),
            writes: log.writes,
            lists: count((key) => key.startsWith("GET ") || key.endsWith("/voz/list-callback")),
            tokens: count((key) => key.endsWith("/request_token")),
            throttled: log.requests.filter((request) => request.status === 429).length,
            bytes: log.bytesSent,
            ms,
            peakInFlight: log.peakInFlight,
            failures,
            changes,
            checks: checkMs.length === 0 ? undefined : { totalMs: checkMs.reduce((sum, ms) => sum + ms, 0), medianMs: median(checkMs) },
        };
    } finally {
        await host.stop();
    }
}

/** `pulumi up` of new resources: Check one at a time (the engine's step generator), each Create then run up to `parallelism` at once. */
async function up(
    host: ProviderHost,
    declared: { urn: string; news: Bag }[],
    parallelism: number,
    failures: string[],
    checkMs: number[],
): Promise<Resource[]> {
    const steps = new StepQueue(parallelism);
    const created: (Resource | undefined)[] = [];
    for (const [index, { urn, news }] of declared.entries()) {
        const started = process.hrtime.bigint();
        const checked = await host.check(urn, {}, news);
        checkMs.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (checked.failures.length > 0) {
            failures.push(`${urn}: check: ${JSON.stringify(checked.failures)}`);
            continue;
        }
        steps.push(async () => {
            try {
                const { id, outputs } = await host.create(urn, checked.inputs);
                created[index] = { urn, id, inputs: checked.inputs, outputs };
            } catch (error) {
                failures.push(`${urn}: create: ${(error as Error).message}`);
            }
        });
    }
    await steps.drain();
    return created.filter((resource): resource is Resource => resource !== undefined);
}

/** `pulumi up` with nothing to do: Check and Diff of each resource, one at a time; answers how many diffs found changes. */
async function noOp(host: ProviderHost, resources: Resource[], failures: string[]): Promise<number> {
    let changes = 0;
    for (const resource of resources) {
        const checked = await host.check(resource.urn, resource.inputs, resource.inputs);
        if (checked.failures.length > 0) failures.push(`${resource.urn}: check: ${JSON.stringify(checked.failures)}`);
        const diff = await host.diff(resource.urn, resource.id, resource.outputs, checked.inputs);
        if (diff.changes !== "none") changes += 1;
    }
    return changes;
}

async function refresh(host: ProviderHost, resources: Resource[], parallelism: number, failures: string[]): Promise<void> {
    const outcomes = await inParallel(
        parallelism,
        resources.map((resource) => () => host.read(resource.urn, resource.id, resource.outputs, resource.inputs)),
    );
    outcomes.forEach((outcome, index) => {
        if (outcome.status === "rejected") failures.push(`${resources[index]!.urn}: read: ${(outcome.reason as Error).message}`);
        else if (outcome.value.id !== resources[index]!.id) failures.push(`${resources[index]!.urn}: read: gone`);
    });
}

async function destroy(host: ProviderHost, resources: Resource[], parallelism: number, failures: string[]): Promise<void> {
    const outcomes = await inParallel(
        parallelism,
        resources.map((resource) => () => host.delete(resource.urn, resource.id, resource.outputs, resource.inputs)),
    );
    outcomes.forEach((outcome, index) => {
        if (outcome.status === "rejected") failures.push(`${resources[index]!.urn}: delete: ${(outcome.reason as Error).message}`);
    });
}

/** The engine's step executor: tasks pushed as the step generator makes them, run up to `parallelism` at once. */
class StepQueue {
    private readonly pending: (() => Promise<void>)[] = [];
    private readonly workers: Promise<void>[] = [];
    private waiting: (() => void)[] = [];
    private closed = false;

    constructor(parallelism: number) {
        for (let index = 0; index < parallelism; index++) this.workers.push(this.work());
    }

    push(task: () => Promise<void>): void {
        this.pending.push(task);
        this.waiting.shift()?.();
    }

    async drain(): Promise<void> {
        this.closed = true;
        for (const wake of this.waiting.splice(0)) wake();
        await Promise.all(this.workers);
    }

    private async work(): Promise<void> {
        for (;;) {
            const task = this.pending.shift();
            if (task) {
                await task();
                continue;
            }
            if (this.closed) return;
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
    }
}

/**
 * What one step costs end to end, one at a time: a ring group Create through the host (gRPC, the
 * provider, its HTTP call and the emulator's latency). Its excess over the latency is what this
 * machine adds to every round trip, whatever the provider does; the reachable floor uses it.
 */
let stepMs = LATENCY_MS;
/** The two measures stepMs is the mean of, for the results. */
let stepNote = "";

async function calibrate(bench: Bench): Promise<number> {
    const kind = KINDS[0]!;
    await bench.admin.reset();
    await bench.admin.setFaults({ latencyMs: LATENCY_MS });
    const declared = Array.from({ length: 60 }, (_, index) => ({
        urn: urnOf(kind.type, `c${index}`),
        news: { ...kind.inputs(index), __provider: kind.provider },
    }));
    const host = await ProviderHost.start();
    try {
        await host.configure(benchConfig(bench));
        const times: number[] = [];
        for (const { urn, news } of declared) {
            const started = process.hrtime.bigint();
            await host.create(urn, news);
            times.push(Number(process.hrtime.bigint() - started) / 1e6);
        }
        return median(times.slice(10)); // the first lists the customer, and the first few warm the host up
    } finally {
        await host.stop();
    }
}

// ---------------------------------------------------------------------------------------------
// Floors and goals

/** The least a run can cost: N writes for create and delete, one list per kind per customer for refresh, nothing for a no-op. */
function floorCalls(figure: Figure, measure: Measure, kind: Kind): number {
    if (measure.phase === "create" || measure.phase === "delete") return figure.n;
    if (measure.phase === "refresh") return kind.refreshLists;
    return 0;
}

/** N round trips spread over as many at once as both the engine and the limiter allow; a no-op's floor is 0 calls, so none. */
function floorMs(n: number, phase: Phase, parallelism: number, limit = DEFAULT_MAX_CONCURRENT_REQUESTS): number | undefined {
    if (phase === "no-op") return undefined;
    return (n * LATENCY_MS) / Math.min(parallelism, limit);
}

/**
 * What a create or a delete can reach on this machine, whatever the provider does: the round
 * trips it must wait for first (Kind.callsFirst) and ceil(N / parallelism) whole rounds, each the
 * one step as measured. Not a goal of the issue: it separates what the provider adds from what the
 * floor leaves out.
 */
function reachableMs(kind: Kind, n: number, phase: Phase): number | undefined {
    if (phase !== "create" && phase !== "delete") return undefined;
    return (kind.callsFirst[phase] + Math.ceil(n / PARALLELISM)) * stepMs;
}

/** The create and delete runs within 1.25 x their reachable floor, and the others. */
function reachableLines(figures: Figure[]): string[] {
    const runs = figures.flatMap((figure) =>
        figure.measures.flatMap((measure) => {
            const kind = KINDS.find((candidate) => candidate.name === figure.kind)!;
            const ms = reachableMs(kind, figure.n, measure.phase);
            return ms === undefined ? [] : [{ figure, measure, ratio: measure.ms / ms }];
        }),
    );
    const over = runs.filter((run) => run.ratio > GOALS.timeRatio);
    const ratios = runs.map((run) => run.ratio);
    return [
        `Against the reachable floor: ${runs.length - over.length} of ${runs.length} create and delete runs within ${GOALS.timeRatio} x ` +
            `(${Math.min(...ratios).toFixed(2)} to ${Math.max(...ratios).toFixed(2)})` +
            (over.length === 0
                ? "."
                : `; over it: ${over.map(({ figure, measure, ratio }) => `${figure.kind} N=${figure.n} account=${figure.account} ${measure.phase} (${ratio.toFixed(2)})`).join(", ")}.`),
    ];
}

/** How much of each create the serial Checks took: the run cannot end before its last Check has returned. */
function checkLines(figures: Figure[]): string[] {
    const creates = figures.flatMap((figure) => figure.measures.filter((measure) => measure.checks && measure.phase === "create"));
    if (creates.length === 0) return [];
    const shares = creates.map((measure) => measure.checks!.totalMs / measure.ms);
    const medians = creates.map((measure) => measure.checks!.medianMs);
    const range = (values: number[], digits: number, scale = 1) =>
        `${(Math.min(...values) * scale).toFixed(digits)} to ${(Math.max(...values) * scale).toFixed(digits)}`;
    return [
        `A create's Checks, one at a time while its Creates run: ${range(medians, 1)} ms each (median per run), ` +
            `${range(shares, 0, 100)} % of the run's time in all.`,
    ];
}

interface Verdict {
    calls: boolean;
    time: boolean | undefined;
    writes: boolean;
    tokens: boolean;
    failures: boolean;
}

function verdictOf(figure: Figure, measure: Measure): Verdict {
    const kind = KINDS.find((candidate) => candidate.name === figure.kind)!;
    const floor = floorCalls(figure, measure, kind);
    const ms = floorMs(figure.n, measure.phase, PARALLELISM);
    return {
        // A refresh must make at most one list per kind per customer, whatever else it may need (a token).
        calls:
            measure.phase === "refresh"
                ? measure.lists <= kind.refreshLists && measure.writes === 0
                : measure.calls <= floor + GOALS.extraCalls,
        time: ms === undefined ? undefined : measure.ms <= GOALS.timeRatio * ms,
        writes: measure.phase === "no-op" || measure.phase === "refresh" ? measure.writes === 0 : measure.writes === figure.n,
        tokens: measure.tokens <= GOALS.tokensPerRun,
        failures: measure.failures.length === 0 && (measure.changes ?? 0) === 0,
    };
}

function goalLines(figures: Figure[]): string[] {
    const misses: string[] = [];
    for (const figure of figures) {
        for (const measure of figure.measures) {
            const verdict = verdictOf(figure, measure);
            const failed = Object.entries(verdict)
                .filter(([, ok]) => ok === false)
                .map(([goal]) => goal);
            if (failed.length > 0)
                misses.push(`${figure.kind} N=${figure.n} account=${figure.account} ${measure.phase}: ${failed.join(", ")}`);
        }
    }
    return misses.length === 0 ? ["Every goal met at every size."] : ["Goals missed:", ...misses.map((line) => `  ${line}`)];
}

// ---------------------------------------------------------------------------------------------
// The limiter's effect: a 4-core runner (16 steps at once) against a server that takes 6

interface StudyRow {
    server: string;
    limit: number;
    measure: Measure;
    n: number;
}

async function limiterStudy(bench: Bench): Promise<StudyRow[]> {
    const kind = KINDS[0]!;
    const n = 500;
    const rows: StudyRow[] = [];
    const servers: { server: string; faults: Partial<FaultPlan> }[] = [
        { server: "takes any number", faults: {} },
        { server: "answers 429 above 6 at once", faults: { tooManyAtOnce: { above: 6 } } },
        { server: "answers 429 above 6 at once, Retry-After: 1", faults: { tooManyAtOnce: { above: 6, retryAfter: 1 } } },
    ];
    console.log(`\nlimiter study: ${kind.name}, N=${n}, 16 steps at once (a 4-core runner)`);
    for (const { server, faults } of servers) {
        for (const limit of [4, 8, 16]) {
            const figure = await runFigure(bench, kind, n, 0, { parallelism: 16, limit, faults, phases: ["create", "delete"] });
            for (const measure of figure.measures) {
                rows.push({ server, limit, measure, n });
                console.log(
                    `  server ${server}, limit ${limit}: ${measure.phase} ${Math.round(measure.ms)} ms, ${measure.calls} calls, ${measure.throttled} x 429, ` +
                        `peak ${measure.peakInFlight} in flight, ${measure.failures.length} failed`,
                );
            }
        }
    }
    return rows;
}

// ---------------------------------------------------------------------------------------------
// Output

function printFigure(figure: Figure): void {
    console.log(`\n${figure.kind}, N=${figure.n}, account of ${figure.account}`);
    for (const measure of figure.measures) {
        const ms = floorMs(figure.n, measure.phase, PARALLELISM);
        const failed = measure.failures.length > 0 ? `, ${measure.failures.length} FAILED: ${measure.failures[0]}` : "";
        const checks = measure.checks
            ? `; its Checks ${Math.round(measure.checks.totalMs)} ms (median ${measure.checks.medianMs.toFixed(1)})`
            : "";
        console.log(
            `  ${measure.phase.padEnd(8)} ${String(measure.calls).padStart(5)} calls (${measure.writes} writes, ${measure.lists} lists, ${measure.tokens} tokens), ` +
                `${kb(measure.bytes)} received, ${Math.round(measure.ms)} ms${ms === undefined ? "" : ` (floor ${Math.round(ms)} ms, x${(measure.ms / ms).toFixed(2)})`}${checks}${failed}`,
        );
    }
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
}

function kb(bytes: number): string {
    return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

const mark = (ok: boolean | undefined) => (ok === undefined ? "–" : ok ? "✓" : "✗");

function renderResults(figures: Figure[], study: StudyRow[], seconds: number): string {
    const lines: string[] = [
        "# Benchmark results",
        "",
        `Written by \`npm run bench\` (bench/run.ts) in ${seconds} s on ${os.cpus().length} cores, Node.js ${process.version}. ` +
            `The real dynamic-provider host over gRPC, against the emulator in process with ${LATENCY_MS} ms of latency on every vendor answer; ` +
            `${PARALLELISM} Create, Read or Delete at once (the engine's default on 2 cores), Check and Diff one at a time; ` +
            `\`telephony:maxConcurrentRequests\` at its default, ${DEFAULT_MAX_CONCURRENT_REQUESTS}. Each run is its own host process, as each \`pulumi\` command is; ` +
            `its start, Configure and the provider's first load (median ${Math.round(median(warmUps))} ms, the same for any N) come before the timed part.`,
        "",
        "- **calls**: vendor requests of the run, against the floor in brackets: N writes to create or delete N, one list per kind per customer to refresh, none for a no-op. Goal: at most floor + 5 (a refresh: at most its one list).",
        "- **writes**: accepted vendor writes. Goal: N to create or delete, 0 for a no-op or a refresh.",
        "- **received**: bytes of the vendor's answers (bodies), as the emulator counts them.",
        `- **time**: wall time of the run, against the floor N x ${LATENCY_MS} ms / min(${PARALLELISM}, limit ${DEFAULT_MAX_CONCURRENT_REQUESTS}). Goal: at most 1.25 x floor. A no-op has no floor (no vendor call needed).`,
        "- **tokens**: Directcall token requests. Goal: at most 1 per run.",
        "- **Checks ms**: a create's N Checks, one at a time as the engine's step generator calls them (each Create waits for its own), " +
            "their time in all and, in brackets, the median of one while the Creates before it run. N of them bound a create from below as the latency does.",
        `- **x reachable**: time of a create or a delete against what a run can reach on this machine whatever the provider does: ` +
            `(the round trips it must wait for before its first write + ceil(N / ${PARALLELISM}) whole rounds) x ${stepMs.toFixed(1)} ms, ` +
            `the round trip one step takes here one at a time: a ring group Create through the host (gRPC, the provider, its HTTP call and the ${LATENCY_MS} ms latency), ${stepNote}, the mean of the two. ` +
            "The round trips first: a ring group create 1 (the customer's list), a DID create 1 (its first Check lists the queues for the reference check and the DIDs for the duplicate check at once), " +
            "a callback create 2 (the token, the list), a callback delete 1 (the token). Not a goal of the issue: it tells what the provider adds from what the floor leaves out. " +
            "A list of thousands of records takes longer than one step.",
        "",
        goalLines(figures)
            .map((line, index) => (index === 0 ? line : `- ${line.trim()}`))
            .join("\n"),
        "",
        ...reachableLines(figures),
        "",
        ...checkLines(figures),
        "",
    ];
    for (const kind of KINDS) {
        lines.push(
            `## ${kind.name}`,
            "",
            "| N | account | run | calls (floor) | writes | lists | tokens | received | time ms (floor) | x floor | x reachable | Checks ms (median) | goals |",
            "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        );
        for (const figure of figures.filter((candidate) => candidate.kind === kind.name)) {
            for (const measure of figure.measures) {
                const floor = floorCalls(figure, measure, kind);
                const ms = floorMs(figure.n, measure.phase, PARALLELISM);
                const reachable = reachableMs(kind, figure.n, measure.phase);
                const verdict = verdictOf(figure, measure);
                const goals = [verdict.calls, verdict.writes, verdict.time, verdict.tokens, verdict.failures].map(mark).join(" ");
                lines.push(
                    `| ${figure.n} | ${figure.account.toLocaleString("en")} | ${measure.phase} | ${measure.calls} (${floor}) | ${measure.writes} | ${measure.lists} | ${measure.tokens} | ${kb(measure.bytes)} | ` +
                        `${Math.round(measure.ms)} (${ms === undefined ? "–" : Math.round(ms)}) | ${ms === undefined ? "–" : (measure.ms / ms).toFixed(2)} | ` +
                        `${reachable === undefined ? "–" : (measure.ms / reachable).toFixed(2)} | ` +
                        `${measure.checks ? `${Math.round(measure.checks.totalMs)} (${measure.checks.medianMs.toFixed(1)})` : "–"} | ${goals} |`,
                );
            }
        }
        lines.push("", "Goals column: calls, writes, time, tokens, no failures.", "");
    }
    if (study.length > 0) {
        lines.push(
            "## The limiter",
            "",
            `${study[0]!.n} ring groups created and deleted with 16 steps at once (the engine's default on a 4-core runner), against a server that takes any number of requests at once, ` +
                "and against one that answers 429 beyond 6 at once (a small self-hosted NextBilling), without and with `Retry-After`. " +
                "Floor: N x RTT / min(16, limit).",
            "",
            "| server | limit | run | time ms (floor) | calls | 429 answers | peak in flight | failed |",
            "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        );
        for (const row of study) {
            const ms = floorMs(row.n, row.measure.phase, 16, row.limit)!;
            lines.push(
                `| ${row.server} | ${row.limit} | ${row.measure.phase} | ${Math.round(row.measure.ms)} (${Math.round(ms)}) | ${row.measure.calls} | ${row.measure.throttled} | ${row.measure.peakInFlight} | ${row.measure.failures.length} |`,
            );
        }
        lines.push("");
    }
    return lines.join("\n");
}

function chartSeries(figures: Figure[]) {
    return KINDS.map((kind) => ({
        title: kind.name,
        lines: ACCOUNTS.map((account) => ({
            label: `account ${account.toLocaleString("en")}`,
            points: figures
                .filter((figure) => figure.kind === kind.name && figure.account === account)
                .map((figure) => ({ n: figure.n, ms: figure.measures.find((measure) => measure.phase === "create")!.ms })),
        })),
        floor: SIZES.map((n) => ({ n, ms: floorMs(n, "create", PARALLELISM)! })),
    }));
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
});
