/** Tests run against the compiled provider too (the dynamic-provider host loads dist/), so `npm test` builds first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  maxWorkers: 2,
  // A worker's memory grows with every suite it runs (each loads @pulumi/pulumi and the provider
  // afresh): without a limit each ended a full run at 3.4 to 4 GB of RSS, and freeing that took
  // longer than the 500 ms Jest waits, so it printed "A worker process has failed to exit
  // gracefully" with no handle left open (checked after every suite). Recycled past 800 MB of
  // heap, a worker stays under 1.3 GB, exits at once, and the run takes no longer.
  workerIdleMemoryLimit: "800MB",
  testTimeout: 60000,
};
