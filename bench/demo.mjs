// npm run demo: compresses bundled (generated, deterministic) tool outputs with a question each,
// checks that the answer survived and that the ref gives the original back, prints a table.
import { compress, memoryStore, retrieve } from "../dist/index.js";
import { jobListing, jsonLogs, searchHits } from "./generate.mjs";
import { authLog, gitLog, grepOutput, markdownFaq, pythonModule } from "./generate-text.mjs";

const logs = jsonLogs(20000);
const firstError = logs.find((l) => l.level === "error");
const samples = [
  { name: "CI job listing (5,000 jobs)", text: JSON.stringify(jobListing(5000, { failAt: [3187] }), null, 2), query: "Which job failed, and why?", answer: '"id":103187' },
  { name: "JSON logs (20,000 events)", text: JSON.stringify(logs), query: "Any upstream timeouts?", answer: firstError.trace_id },
  { name: "search hits (10,000)", text: JSON.stringify(searchHits(10000)), query: "release replica guide", answer: '"_tokenfold":"omitted"' },
  { name: "sshd log (20,000 lines)", text: authLog(20000), query: "Did anyone log in successfully?", answer: "Accepted publickey for deploy from 10.20.30.40" },
  { name: "grep -rn (3,000 matches)", text: grepOutput(3000), query: "Where is parseTimeout defined?", answer: "src/util/time.ts:42:export function parseTimeout" },
  { name: "Python module (40 classes)", text: pythonModule(40), query: "How does make_response read a 2-tuple?", answer: "rv, status = rv  # the second element is the status" },
  { name: "git log -p (60 commits)", text: gitLog(60), query: "Which commit fixes CVE-2024-1234 and what changed?", answer: "fix(url): reject protocol-relative URLs (CVE-2024-1234)" },
  { name: "markdown FAQ (120 sections)", text: markdownFaq(120), query: "Why do uploads stall for a second?", answer: "waits up to 1 second" },
];

const store = memoryStore();
const rows = [];
for (const s of samples) {
  const t0 = performance.now();
  const r = await compress(s.text, { query: s.query, store });
  const ms = performance.now() - t0;
  const back = r.refs[0] ? await retrieve(r.refs[0], { store }) : null;
  rows.push([s.name, s.query, r.type, r.tokensBefore, r.tokensAfter, `${(100 * r.ratio).toFixed(1)} %`, r.text.includes(s.answer) ? "yes" : "NO", back && back.ok && back.value.text === s.text ? "yes" : "NO", ms.toFixed(0)]);
}
const head = ["sample", "question", "routed as", "tokens before", "tokens after", "saved", "answer kept", "ref → original", "ms"];
console.log(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
console.log("\n(token counts of inputs over 4 KiB are estimates, see README)");
const first = await compress(samples[0].text, { query: samples[0].query, store });
console.log(`\nThe compressed listing ends with its summary object:\n${JSON.stringify(JSON.parse(first.text).jobs.at(-1), null, 1).slice(0, 1200)}`);
if (rows.some((r) => r.includes("NO"))) process.exitCode = 1;
