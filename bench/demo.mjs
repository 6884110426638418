// npm run demo: compresses bundled (generated, deterministic) tool outputs with a question each,
// checks that the answer survived and that the ref gives the original back, prints a table.
import { compress, memoryStore, retrieve } from "../dist/index.js";
import { jobListing, jsonLogs, searchHits } from "./generate.mjs";

const logs = jsonLogs(20000);
const firstError = logs.find((l) => l.level === "error");
const samples = [
  { name: "CI job listing (5,000 jobs)", text: JSON.stringify(jobListing(5000, { failAt: [3187] }), null, 2), query: "Which job failed, and why?", answer: '"id":103187' },
  { name: "JSON logs (20,000 events)", text: JSON.stringify(logs), query: "Any upstream timeouts?", answer: firstError.trace_id },
  { name: "search hits (10,000)", text: JSON.stringify(searchHits(10000)), query: "release replica guide", answer: '"_tokenfold":"omitted"' },
];

const store = memoryStore();
const rows = [];
for (const s of samples) {
  const t0 = performance.now();
  const r = await compress(s.text, { query: s.query, store });
  const ms = performance.now() - t0;
  const back = r.refs[0] ? await retrieve(r.refs[0], { store }) : null;
  rows.push([s.name, s.query, r.tokensBefore, r.tokensAfter, `${(100 * r.ratio).toFixed(1)} %`, r.text.includes(s.answer) ? "yes" : "NO", back && back.ok && back.value.text === s.text ? "yes" : "NO", ms.toFixed(0)]);
}
const head = ["sample", "question", "tokens before", "tokens after", "saved", "answer kept", "ref → original", "ms"];
console.log(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log("\n(token counts of inputs over 4 KiB are estimates, see README)");
const first = await compress(samples[0].text, { query: samples[0].query, store });
console.log(`\nThe compressed listing ends with its summary object:\n${JSON.stringify(JSON.parse(first.text).jobs.at(-1), null, 1).slice(0, 1200)}`);
if (rows.some((r) => r.includes("NO"))) process.exitCode = 1;
