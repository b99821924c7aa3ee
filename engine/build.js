#!/usr/bin/env node
"use strict";
// `npm run engine:build`: makes sure a Pulumi CLI is available for the engine tests, building
// .engine/bin/pulumi from Go modules when needed. One line when there is nothing to do.
// A thin CLI over ./resolve.js; see engine/README.md.

const path = require("node:path");
const { resolveEngine, paths } = require("./resolve");

const shown = (file) => {
    const relative = path.relative(paths.repo, file);
    return relative.startsWith("..") ? file : relative;
};

resolveEngine({ build: true, log: (line) => console.error(line) }).then(
    (engine) => {
        const what = engine.source === "built" ? "built" : `from ${engine.source}`;
        console.log(`engine: pulumi v${engine.version} (${what}, ${shown(engine.pulumi)})`);
    },
    (error) => {
        console.error(error.name === "EngineUnavailableError" ? error.message : (error.stack ?? String(error)));
        process.exitCode = 1;
    },
);
