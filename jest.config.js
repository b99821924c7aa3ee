/** Tests run against the compiled provider too (the dynamic-provider host loads dist/), so `npm test` builds first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "ts-jest" },
  maxWorkers: 2,
  testTimeout: 60000,
};
