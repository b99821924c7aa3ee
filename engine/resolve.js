"use strict";
// Finds (or builds) the Pulumi CLI that drives the real engine in this repository's tests.
// Plain CommonJS on Node builtins only: it runs before (and without) `npm run build`.
//
//   PULUMI_CLI=/path/to/pulumi   used as is (it must run `version`)
//   `pulumi` on PATH             used when its version is at least the pin in engine/go.mod
//   otherwise                    .engine/bin/pulumi, built from Go modules when missing or stale
//
// Whichever CLI is used, .engine/bin/pulumi-resource-pulumi-nodejs (the dynamic-provider host the
// engine starts for pulumi.dynamic.Resource) is (re)written here. See engine/README.md.

const childProcess = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ENGINE_SRC = __dirname;
const REPO = path.resolve(__dirname, "..");
const ENGINE_DIR = path.join(REPO, ".engine");
const BIN_DIR = path.join(ENGINE_DIR, "bin");
const BUILT_CLI = path.join(BIN_DIR, "pulumi");
const STAMP = path.join(BIN_DIR, "pulumi.stamp.json");
const LOCK = path.join(ENGINE_DIR, "build.lock");
const PROVIDER_SCRIPT = path.join(BIN_DIR, "pulumi-resource-pulumi-nodejs");
const PKG = "github.com/pulumi/pulumi/pkg/v3";
const VERSION_VAR = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
const MIN_GO = [1, 24]; // the `tool` directive
const HEARTBEAT_MS = 20_000;

class EngineUnavailableError extends Error {
    constructor(message, code = "ENGINE_UNAVAILABLE") {
        super(message);
        this.name = "EngineUnavailableError";
        this.code = code; // ENGINE_UNAVAILABLE: nothing to use or build with; ENGINE_BUILD_FAILED: go build failed
    }
}

function readGoMod() {
    return fs.readFileSync(path.join(ENGINE_SRC, "go.mod"), "utf8");
}

/** The Pulumi version pinned in engine/go.mod (no leading "v"), e.g. "3.248.0". */
function enginePin() {
    const match = /^\s*(?:require\s+)?github\.com\/pulumi\/pulumi\/pkg\/v3\s+v(\S+)/m.exec(readGoMod());
    if (!match) throw new Error(`engine/go.mod does not require ${PKG}`);
    return match[1];
}

/** [major, minor, patch, prerelease?] of "v3.248.0", "3.248.0-alpha.1", "go1.26.8"; null when unparsable. */
function parseVersion(text) {
    const match = /(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?/.exec(String(text));
    if (!match) return null;
    return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0), match[4]];
}

function compareVersions(a, b) {
    for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    if (a[3] === b[3]) return 0;
    if (!a[3]) return 1; // a release sorts after its prereleases
    if (!b[3]) return -1;
    return a[3] < b[3] ? -1 : 1;
}

function hashFiles(...files) {
    const hash = crypto.createHash("sha256");
    for (const file of files) hash.update(fs.readFileSync(file));
    return hash.digest("hex");
}

function shellQuote(text) {
    return `'${String(text).replace(/'/g, `'\\''`)}'`;
}

/** Runs `<cli> version` (never waiting more than 20 s): the version text, or throws. */
function cliVersion(cli) {
    const result = childProcess.spawnSync(cli, ["version"], {
        encoding: "utf8",
        timeout: 20_000,
        env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
        stdio: ["ignore", "pipe", "pipe"],
    });
    if (result.error) throw new Error(`${cli} version: ${result.error.message}`);
    const out = (result.stdout || "").trim();
    if (result.status !== 0) throw new Error(`${cli} version exited ${result.status}: ${(result.stderr || out).trim()}`);
    if (!parseVersion(out)) throw new Error(`${cli} version printed ${JSON.stringify(out)}, not a version`);
    return out.replace(/^v/, "");
}

function realpathOr(file) {
    try {
        return fs.realpathSync(file);
    } catch {
        return file;
    }
}

function onPath(name) {
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
        if (!dir) continue;
        const candidate = path.resolve(dir, name);
        try {
            if (fs.statSync(candidate).isFile()) {
                fs.accessSync(candidate, fs.constants.X_OK);
                return candidate;
            }
        } catch {
            // not here
        }
    }
    return undefined;
}

/**
 * (Re)writes .engine/bin/pulumi-resource-pulumi-nodejs. The CLI distribution's script resolves
 * @pulumi/pulumi from the current directory and exits silently when that fails, which leaves the
 * engine waiting for the provider's port forever; this one uses the path resolved from the
 * repository and fails with a message.
 */
function writeProviderScript() {
    let hostScript;
    try {
        hostScript = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [REPO] });
    } catch {
        hostScript = path.join(REPO, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
    }
    const text = [
        "#!/bin/sh",
        "# Written by engine/resolve.js (npm run engine:build): the Pulumi engine starts this to host",
        "# dynamic providers (pulumi.dynamic.Resource). It fails with a message instead of leaving the",
        "# engine waiting for a port when node or @pulumi/pulumi cannot be found.",
        `script=${shellQuote(hostScript)}`,
        "node_bin=$(command -v node 2>/dev/null)",
        `if [ -z "$node_bin" ] && [ -x ${shellQuote(process.execPath)} ]; then node_bin=${shellQuote(process.execPath)}; fi`,
        'if [ -z "$node_bin" ]; then',
        '    echo "pulumi-resource-pulumi-nodejs: node was not found on PATH: install Node.js >= 20 or put it on PATH" >&2',
        "    exit 1",
        "fi",
        'if [ ! -f "$script" ]; then',
        `    echo "pulumi-resource-pulumi-nodejs: $script is missing: run npm ci in ${REPO.replace(/["$`\\]/g, "\\$&")}, then npm run engine:build" >&2`,
        "    exit 1",
        "fi",
        'exec "$node_bin" "$script" "$@"',
        "",
    ].join("\n");
    fs.mkdirSync(BIN_DIR, { recursive: true });
    let current;
    try {
        current = fs.readFileSync(PROVIDER_SCRIPT, "utf8");
    } catch {
        current = undefined;
    }
    if (current !== text) {
        const tmp = `${PROVIDER_SCRIPT}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text, { mode: 0o755 });
        fs.renameSync(tmp, PROVIDER_SCRIPT);
    }
    fs.chmodSync(PROVIDER_SCRIPT, 0o755);
    return PROVIDER_SCRIPT;
}

/**
 * The root for `PulumiCommand.get({ root })` (it runs <root>/bin/pulumi) of a CLI given by
 * PULUMI_CLI or found on PATH: .engine/external, whose bin/ holds a hard link to that CLI and a
 * copy of the provider script. The engine looks for pulumi-resource-pulumi-nodejs on PATH and
 * next to its own executable, and warns ("using ... from $PATH") on every run when the two
 * differ: with the hard link they are the same file. When a hard link cannot be made (another
 * file system), a symlink serves, and the engine then warns.
 */
function externalRoot(cli) {
    const root = path.join(ENGINE_DIR, "external");
    const bin = path.join(root, "bin");
    const link = path.join(bin, "pulumi");
    fs.mkdirSync(bin, { recursive: true });
    const target = fs.realpathSync(cli);
    let current = false;
    try {
        const wanted = fs.statSync(target);
        const found = fs.lstatSync(link);
        current = found.isSymbolicLink() ? fs.readlinkSync(link) === target : found.ino === wanted.ino && found.dev === wanted.dev;
    } catch {
        current = false;
    }
    if (!current) {
        const tmp = `${link}.${process.pid}.tmp`;
        fs.rmSync(tmp, { force: true });
        try {
            fs.linkSync(target, tmp);
        } catch {
            fs.symlinkSync(target, tmp);
        }
        fs.renameSync(tmp, link);
    }
    const script = path.join(bin, path.basename(PROVIDER_SCRIPT));
    const text = fs.readFileSync(PROVIDER_SCRIPT, "utf8");
    let old;
    try {
        old = fs.readFileSync(script, "utf8");
    } catch {
        old = undefined;
    }
    if (old !== text) {
        const tmp = `${script}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text, { mode: 0o755 });
        fs.renameSync(tmp, script);
    }
    return root;
}

function external(cli, version, source) {
    const root = externalRoot(cli);
    return {
        pulumi: cli,
        root,
        binDir: BIN_DIR,
        path: [path.join(root, "bin"), BIN_DIR],
        version,
        pin: enginePin(),
        source,
    };
}

function stampWanted() {
    return {
        version: enginePin(),
        goSum: hashFiles(path.join(ENGINE_SRC, "go.sum")),
        goMod: hashFiles(path.join(ENGINE_SRC, "go.mod")),
    };
}

function builtIsCurrent(wanted) {
    try {
        const stamp = JSON.parse(fs.readFileSync(STAMP, "utf8"));
        if (stamp.version !== wanted.version || stamp.goSum !== wanted.goSum || stamp.goMod !== wanted.goMod) return false;
        fs.accessSync(BUILT_CLI, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

function builtResult(version) {
    return { pulumi: BUILT_CLI, root: ENGINE_DIR, binDir: BIN_DIR, path: [BIN_DIR], version, pin: version, source: "built" };
}

function installHint() {
    return (
        `engine: no usable Pulumi CLI: install Go >= ${MIN_GO.join(".")} (https://go.dev/dl; ` +
        `the CLI v${enginePin()} is then built from the Go module proxy: npm run engine:build) or set PULUMI_CLI=/path/to/pulumi`
    );
}

/** The go toolchain's version ("1.26.8"), or undefined when there is no `go`. */
function goVersion() {
    const result = childProcess.spawnSync("go", ["env", "GOVERSION"], { encoding: "utf8", timeout: 60_000 });
    if (result.error || result.status !== 0) return undefined;
    return result.stdout.trim().replace(/^go/, "");
}

function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (error) {
        return error.code === "EPERM";
    }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes .engine/build.lock (a directory holding the owner's pid), waiting for a live owner. */
async function takeLock(log) {
    fs.mkdirSync(ENGINE_DIR, { recursive: true });
    const started = Date.now();
    let lastBeat = started;
    for (;;) {
        try {
            fs.mkdirSync(LOCK);
            fs.writeFileSync(path.join(LOCK, "pid"), String(process.pid));
            return () => fs.rmSync(LOCK, { recursive: true, force: true });
        } catch (error) {
            if (error.code !== "EEXIST") throw error;
        }
        let owner;
        try {
            owner = Number(fs.readFileSync(path.join(LOCK, "pid"), "utf8"));
        } catch {
            owner = undefined;
        }
        if (owner && !processAlive(owner)) {
            fs.rmSync(LOCK, { recursive: true, force: true });
            continue;
        }
        if (!owner && Date.now() - started > 10_000) {
            fs.rmSync(LOCK, { recursive: true, force: true }); // a lock left between mkdir and write
            continue;
        }
        if (Date.now() - lastBeat >= HEARTBEAT_MS) {
            lastBeat = Date.now();
            log(`engine: waiting for the build in process ${owner}: ${Math.round((lastBeat - started) / 1000)} s`);
        }
        await sleep(500);
    }
}

function runGoBuild(output, version, log) {
    const args = [
        "build",
        "-mod=readonly",
        "-buildvcs=false",
        "-o",
        output,
        "-ldflags",
        `-X ${VERSION_VAR}=v${version}`,
        `${PKG}/cmd/pulumi`,
    ];
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const tail = [];
        const keep = (chunk) => {
            for (const line of chunk.toString().split("\n")) {
                if (!line) continue;
                tail.push(line);
                if (tail.length > 40) tail.shift();
            }
        };
        const child = childProcess.spawn("go", args, { cwd: ENGINE_SRC, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", keep);
        child.stderr.on("data", keep);
        const beat = setInterval(() => log(`engine: still building: ${Math.round((Date.now() - started) / 1000)} s`), HEARTBEAT_MS);
        const done = (error) => {
            clearInterval(beat);
            if (error) reject(error);
            else resolve(Math.round((Date.now() - started) / 1000));
        };
        child.on("error", (error) => done(new EngineUnavailableError(`engine: could not run go: ${error.message}`)));
        child.on("close", (code, signal) => {
            if (code === 0) return done();
            const why = signal ? `was killed by ${signal}` : `exited ${code}`;
            const output = tail.map((line) => `    ${line}`).join("\n");
            done(
                new EngineUnavailableError(
                    `engine: go build ${why} (in ${ENGINE_SRC}); its last output:\n${output}`,
                    "ENGINE_BUILD_FAILED",
                ),
            );
        });
    });
}

async function build(wanted, log) {
    const go = goVersion();
    if (!go) throw new EngineUnavailableError(installHint());
    const parsed = parseVersion(go);
    if (!parsed || compareVersions(parsed, [...MIN_GO, 0]) < 0) {
        throw new EngineUnavailableError(`${installHint()} (found go ${go}, too old)`);
    }
    const release = await takeLock(log);
    try {
        if (builtIsCurrent(wanted)) return builtResult(wanted.version); // built by whoever held the lock
        for (const entry of fs.readdirSync(BIN_DIR)) {
            if (/^pulumi\.\d+\.tmp$/.test(entry)) fs.rmSync(path.join(BIN_DIR, entry), { force: true }); // left by a killed build
        }
        log(
            `engine: building the Pulumi CLI v${wanted.version} from Go modules: ` +
                "about 3 minutes on 2 cores the first time, seconds after that",
        );
        const tmp = `${BUILT_CLI}.${process.pid}.tmp`;
        try {
            const seconds = await runGoBuild(tmp, wanted.version, log);
            const version = cliVersion(tmp);
            if (version !== wanted.version) throw new Error(`engine: the CLI just built reports ${version}, not ${wanted.version}`);
            fs.renameSync(tmp, BUILT_CLI);
            fs.writeFileSync(STAMP, `${JSON.stringify({ ...wanted, go, seconds, builtAt: new Date().toISOString() }, null, 2)}\n`);
            log(`engine: built pulumi v${version} in ${seconds} s`);
        } finally {
            fs.rmSync(tmp, { force: true });
        }
        return builtResult(wanted.version);
    } finally {
        release();
    }
}

/**
 * Resolves the Pulumi CLI for tests: PULUMI_CLI, else a recent enough `pulumi` on PATH, else
 * .engine/bin/pulumi (built when missing or stale, unless `build` is false).
 */
async function resolveEngine({ build: mayBuild = true, log = console.error } = {}) {
    const pin = enginePin();
    writeProviderScript();

    const given = process.env.PULUMI_CLI;
    if (given) {
        const cli = path.resolve(given);
        let version;
        try {
            version = cliVersion(cli);
        } catch (error) {
            throw new EngineUnavailableError(`engine: PULUMI_CLI=${given} is not a usable Pulumi CLI: ${error.message}`);
        }
        if (compareVersions(parseVersion(version), parseVersion(pin)) < 0) {
            log(`engine: PULUMI_CLI is pulumi v${version}, older than the pin v${pin} (engine/go.mod): using it anyway`);
        }
        return external(cli, version, "PULUMI_CLI");
    }

    const ambient = onPath("pulumi");
    if (ambient && realpathOr(ambient) !== realpathOr(BUILT_CLI)) {
        let version;
        try {
            version = cliVersion(ambient);
        } catch (error) {
            log(`engine: ignoring ${ambient}: ${error.message}`);
        }
        if (version && compareVersions(parseVersion(version), parseVersion(pin)) >= 0) {
            return external(ambient, version, "PATH");
        }
        if (version) log(`engine: ignoring ${ambient}: pulumi v${version} is older than the pin v${pin}`);
    }

    const wanted = stampWanted();
    if (builtIsCurrent(wanted)) return builtResult(pin);
    if (!mayBuild) {
        throw new EngineUnavailableError(
            `engine: the Pulumi CLI v${pin} is not built (or is stale): run npm run engine:build, or set PULUMI_CLI=/path/to/pulumi`,
        );
    }
    return build(wanted, log);
}

module.exports = {
    resolveEngine,
    enginePin,
    EngineUnavailableError,
    paths: { repo: REPO, engineDir: ENGINE_DIR, binDir: BIN_DIR, builtCli: BUILT_CLI, stamp: STAMP, providerScript: PROVIDER_SCRIPT },
};
