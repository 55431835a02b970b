// Node flags of the server process: `npm start` (bin/start.mjs) passes them to `next start`, and the servers
// that tests and benches start (tests/support/instances.ts, tests/e2e/serve.mjs) get the same, so they
// measure what users run. Figures for each: docs/storage.md "Memory".
export const SERVER_NODE_FLAGS = [
  // PGlite's WebAssembly compiled by V8's optimising tier only, without Liftoff's baseline code beside it:
  // about 90 MB less resident and 20 % less CPU per query, for about 1 s more CPU at the first open. A
  // command-line flag, not v8.setFlagsFromString at start-up, which Node calls undefined behaviour once V8 runs.
  "--no-liftoff",
  // Exposes gc(), called once after a new embedded store's initdb (lib/db/pglite.ts createPglite): a first
  // start otherwise keeps about 400 MB of initdb's garbage resident.
  "--expose-gc",
];
