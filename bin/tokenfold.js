#!/usr/bin/env node
// The CLI entry; the code lives in dist/surfaces/cli (built by `npm run build`).
import { main } from "../dist/surfaces/cli/main.js";

// A reader that stops early (`tokenfold retrieve REF | head`) ends the command quietly, as it does
// other Unix tools; Node would otherwise die on the unhandled EPIPE with a stack trace.
process.stdout.on("error", (e) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(0);
});

process.exitCode = await main(process.argv.slice(2));
