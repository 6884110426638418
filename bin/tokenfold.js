#!/usr/bin/env node
// The CLI entry; the code lives in dist/surfaces/cli (built by `npm run build`).
import { main } from "../dist/surfaces/cli/main.js";

process.exitCode = await main(process.argv.slice(2));
