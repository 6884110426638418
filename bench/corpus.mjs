// npm run bench:corpus: scores the CLI on ../shared/corpus (savings and needle recall per kind).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const corpus = new URL("../../shared/corpus/", import.meta.url).pathname;
if (!existsSync(corpus + "score.mjs")) {
  console.log(`no corpus at ${corpus}; nothing to score`);
  process.exit(0);
}
if (!existsSync(corpus + "node_modules/js-tiktoken")) spawnSync("npm", ["install", "--prefix", corpus], { stdio: "inherit" });
const args = [corpus + "score.mjs", "--cmd", "node bin/tokenfold.js compress --store memory --query {query}", ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exitCode = r.status ?? 1;
