import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { retrieve } from "../../retrieve.js";
import { memoryStore } from "../../store/index.js";
import { textCompressor } from "./index.js";
import { followers, STRONG_HITS } from "./score.js";
import type { Unit } from "./units.js";

// Deterministic filler prose: sentences built from word lists by index arithmetic.
const NOUNS = ["buffer", "socket", "scheduler", "timer", "channel", "worker", "driver", "handle", "stream", "queue", "runtime", "signal"];
const VERBS = ["polls", "wakes", "drains", "flushes", "parks", "spawns", "closes", "reads", "writes", "yields", "tracks", "resets"];
const ADJS = ["idle", "blocking", "shared", "local", "pending", "stale", "eager", "lazy", "bounded", "cold", "warm", "silent"];
function sentence(k: number): string {
  const w = (a: string[], m: number) => a[(k * m + 3) % a.length]!;
  const s = `The ${w(ADJS, 7)} ${w(NOUNS, 5)} ${w(VERBS, 11)} the ${w(ADJS, 3)} ${w(NOUNS, 13)} when the ${w(NOUNS, 17)} is ${w(ADJS, 19)}`;
  return `${s[0]!.toUpperCase()}${s.slice(1)} in case ${k}.`;
}
function paragraph(k: number, n = 4): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(sentence(k * 10 + i));
  // wrap at ~78 columns like a hand-written markdown file
  const words = out.join(" ").split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && line.length + w.length + 1 > 78) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
function changelog(versions: number): string {
  const parts: string[] = [];
  for (let v = versions; v >= 1; v--) {
    parts.push(`# 1.${v}.0 (March ${(v % 28) + 1}st, 2024)`, "", "### Added", "");
    for (let i = 0; i < 4; i++) parts.push(`- ${NOUNS[(v + i) % 12]}: add \`${ADJS[(v * 3 + i) % 12]}_${NOUNS[(v * 5 + i) % 12]}\` support ([#${v * 10 + i}])`);
    parts.push("", "### Fixed", "");
    for (let i = 0; i < 3; i++) parts.push(`- ${NOUNS[(v + i + 5) % 12]}: fix ${ADJS[(v + i) % 12]} ${VERBS[(v * 7 + i) % 12]} race ([#${v * 10 + 5 + i}])`);
    parts.push("");
  }
  return parts.join("\n");
}
/** Wraps words at ~78 columns, like a hand-written markdown paragraph. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = "";
  for (const w of text.split(" ")) {
    if (line && line.length + w.length + 1 > 78) { lines.push(line); line = w; } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join("\n");
}
const flat = (s: string) => s.replace(/\s+/g, " ");
function doc(sections: number, extra: Record<number, string> = {}): string {
  const parts: string[] = ["# Guide", "", paragraph(0), ""];
  for (let s = 1; s <= sections; s++) {
    parts.push(`## Section ${s} about the ${NOUNS[s % 12]}`, "", paragraph(s), "", extra[s] ?? paragraph(s + 1000), "");
  }
  return parts.join("\n");
}

describe("text compressor", () => {
  it("keeps every bullet naming the queried thing and the heading chain above it", async () => {
    const text = changelog(60).replace("- runtime: add `", "- runtime: add `LocalRuntime` and `");
    const hits = text.split("\n").filter((l) => l.includes("LocalRuntime"));
    expect(hits.length).toBe(1);
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes("LocalRuntime"));
    let version = "";
    for (let i = at; i >= 0 && !version; i--) if (lines[i]!.startsWith("# ")) version = lines[i]!;
    const r = await compress(text, { type: "text", query: "In which release was LocalRuntime added?" });
    expect(r.type).toBe("text");
    expect(r.refs.length).toBe(1);
    expect(r.text).toContain(hits[0]);
    expect(r.text).toContain(version);
    // the ### Added just above the bullet comes along, directly before the kept run
    const out = r.text.split("\n");
    const k = out.indexOf(hits[0]!);
    expect(out.slice(0, k).lastIndexOf("### Added")).toBeGreaterThan(out.slice(0, k).lastIndexOf(version));
    expect(r.ratio).toBeGreaterThan(0.5);
  });

  it("answers an FAQ from the section under the matching question", async () => {
    const answer = "Use the `--expect100-timeout` option to shorten the wait. It defaults to 1 second.";
    const text = doc(40, { 23: answer }).replace("## Section 23 about the", "## Why are my uploads slow with the");
    const r = await compress(text, { type: "text", query: "why are uploads slow?" });
    expect(r.text).toContain("## Why are my uploads slow with the");
    expect(r.text).toContain(answer);
  });

  it("never splits a code fence and keeps one that holds a query identifier whole", async () => {
    const fence = ["```rust", ...Array.from({ length: 30 }, (_, i) => `let x${i} = compute(${i}); // step ${i}`), "let handle = spawn_blocking(work);", "```"].join("\n");
    const other = ["```", ...Array.from({ length: 20 }, (_, i) => `echo ${i}`), "```"].join("\n");
    const text = doc(30, { 7: fence, 12: other });
    const r = await compress(text, { type: "text", query: "where is spawn_blocking called?" });
    expect(r.text).toContain(fence);
    expect((r.text.match(/^```/gm) ?? []).length % 2).toBe(0);
    if (r.text.includes("echo 0")) expect(r.text).toContain(other);
  });

  it("keeps list items whole and numbers verbatim", async () => {
    const item = "- Throughput rose 3.5% to 1,204.75 req/s in v1.41.0 on\n  x86_64 (see `bench/results-2024.csv`), with p99 latency at 12.3 ms.";
    const text = doc(30, { 9: `Results:\n\n${item}\n- Another item about the warm socket.` });
    const r = await compress(text, { type: "text", query: "what p99 latency did v1.41.0 reach?" });
    expect(r.text).toContain(item);
  });

  it("keeps the sentence holding a query identifier verbatim, even mid-paragraph", async () => {
    const needle = "Set `maxContentLength` to -1 to lift the 10 MB cap, e.g. for uploads.";
    const text = doc(50, { 31: `${paragraph(77, 2)} ${needle} ${paragraph(78, 2)}` });
    const r = await compress(text, { type: "text", query: "what does maxContentLength do?" });
    expect(r.text).toContain(needle);
    expect(r.text).not.toContain(paragraph(500));
  });

  it("keeps the sentence right after a strong hit: an answer that spans two sentences", async () => {
    // the hit names the mechanism, the next sentence (no query word in it) says how to turn it
    // off; many sentences elsewhere match a few of the query's words and compete for the budget
    const hit = "Before it uploads a request body, the client sends an `Expect: 100-continue` header and waits for the server to accept the upload.";
    const next = "After one second without a reply it goes on anyway; an empty `Expect:` value turns this off.";
    const QW = ["client", "request", "upload", "body", "wait", "before"];
    const weak = (k: number) => {
      const w = (a: string[], m: number) => a[(k * m + 1) % a.length]!;
      const second = w(QW, 5) === w(QW, 1) ? "" : `${w(QW, 5)} `;
      return `The ${w(ADJS, 5)} ${w(QW, 1)} ${w(VERBS, 7)} the ${w(NOUNS, 3)} ${second}when the ${w(NOUNS, 11)} is ${w(ADJS, 13)} in case ${k}.`;
    };
    const paras: string[] = [];
    for (let p = 0; p < 120; p++) {
      const s = Array.from({ length: 5 }, (_, i) => sentence(p * 10 + i));
      if (p === 77) s.splice(2, 0, hit, next);
      else s.splice(p % 5, 0, weak(p), weak(p * 7 + 1000));
      paras.push(wrap(s.join(" ")));
    }
    const text = paras.join("\n\n") + "\n";
    for (const targetRatio of [0.8, 0.9]) {
      const r = await compress(text, { type: "text", query: "why does the client wait before it uploads a request body, and how do I avoid that?", targetRatio });
      expect(flat(r.text)).toContain(hit);
      expect(flat(r.text)).toContain(next);
      expect(r.ratio).toBeGreaterThan(targetRatio - 0.02);
    }
  });

  it("gives a follower to the strongest few hits only, within their paragraph", () => {
    // 40 sentences in paragraphs of 4; every one is a weak hit, sentences 9 and 30 are strong
    const units: Unit[] = Array.from({ length: 40 }, (_, i) => ({ kind: "sentence" as const, start: i, end: i + 1, first: i, last: i, block: Math.floor(i / 4) }));
    const rel = new Float64Array(40).fill(1);
    rel[9] = 6;
    rel[30] = 5;
    rel[11] = 5; // last of its paragraph: no follower
    const f = followers(units, rel);
    expect(f[9]).toBe(10);
    expect(f[30]).toBe(31);
    expect(f[11]).toBe(-1);
    // weak hits (under half the best) get none, whatever their number
    expect([...f].filter((x) => x >= 0).length).toBeLessThanOrEqual(STRONG_HITS);
    expect([...f].filter((x) => x >= 0).length).toBe(2);
    // a list item is whole: no follower
    units[30] = { ...units[30]!, kind: "item" };
    expect(followers(units, rel)[30]).toBe(-1);
  });

  it("drops near-duplicate paragraphs", async () => {
    const a = "The retry loop backs off exponentially when the upstream registry returns a throttling status, starting at two hundred milliseconds and doubling each time up to thirty seconds.";
    const b = "The retry loop backs off exponentially when the upstream registry returns a throttling status, starting at two hundred milliseconds and doubling each time up to sixty seconds.";
    const text = doc(30, { 5: a, 19: b });
    const r = await compress(text, { type: "text", query: "how does the retry loop back off from the upstream registry throttling?" });
    expect(r.text.includes(a) !== r.text.includes(b)).toBe(true);
  });

  it("respects targetRatio: a higher target gives a shorter output", async () => {
    const text = doc(60);
    const lo = await compress(text, { type: "text", query: "how does the idle socket wake the queue?", targetRatio: 0.5 });
    const hi = await compress(text, { type: "text", query: "how does the idle socket wake the queue?", targetRatio: 0.9 });
    expect(hi.tokensAfter).toBeLessThan(lo.tokensAfter);
    expect(hi.ratio).toBeGreaterThan(0.8);
    expect(lo.ratio).toBeGreaterThan(0.35);
    expect(lo.ratio).toBeLessThan(0.7);
  });

  it("marks dropped runs with the ref and a line span", async () => {
    const r = await compress(doc(40), { type: "text", query: "scheduler" });
    expect(r.text).toMatch(new RegExp(`\\[… [\\d,]+ lines? omitted \\(L\\d+(–L\\d+)?\\); ref ${r.refs[0]}\\]`));
  });

  it("keeps CRLF line breaks", async () => {
    const needle = "The `onDrain` hook fires once per batch.";
    const text = doc(40, { 12: needle }).replace(/\n/g, "\r\n");
    const r = await compress(text, { type: "text", query: "when does onDrain fire?" });
    expect(r.text).toContain(needle);
    expect(r.text.replace(/\r\n/g, "")).not.toContain("\n");
    const got = await retrieve(r.refs[0]!);
    expect(got.ok && got.value.text).toBe(text);
  });

  it("compresses a 100 KB single line of prose", async () => {
    const parts: string[] = [];
    for (let k = 0; parts.join(" ").length < 100_000; k++) parts.push(k === 400 ? "The `quota_exceeded` flag is set after 3 retries." : sentence(k));
    const text = parts.join(" ");
    expect(text.includes("\n")).toBe(false);
    const r = await compress(text, { type: "text", query: "when is quota_exceeded set?" });
    expect(r.text).toContain("The `quota_exceeded` flag is set after 3 retries.");
    expect(r.ratio).toBeGreaterThan(0.6);
    expect(r.text).toMatch(/sentences omitted \(L1\)/);
  });

  it("cuts an endless line without sentences (minified code) into parts", async () => {
    const parts = Array.from({ length: 3000 }, (_, i) => (i === 1700 ? "function handleQuotaExceeded(e){throw e}" : `function f${i}(a,b){return a*${i}+b}`));
    const text = parts.join(";");
    const r = await compress(text, { type: "text", query: "where is handleQuotaExceeded defined?" });
    expect(r.text).toContain("function handleQuotaExceeded(e){throw e}");
    expect(r.text).toMatch(/parts omitted \(L1\)/);
    expect(r.ratio).toBeGreaterThan(0.9);
    // no white space at all: a hard cut may fall inside the identifier; both parts are kept
    const dense = "ab".repeat(2000);
    const tight = `${dense.slice(0, 795)}zzQuotaFlag${dense.slice(795)}`;
    const t = await compress(tight, { type: "text", query: "where is `zzQuotaFlag`?" });
    expect(t.text).toContain("zzQuotaFlag");
  });

  it("keeps the lines a transcript question needs: errors, identifiers, the commit", async () => {
    const listing = Array.from({ length: 300 }, (_, i) => `pkg-${i}==1.${i}.0\n    # via pkg-${(i * 7) % 300}`).join("\n");
    const text = [
      "# chat started at 2024-08-09 10:05:35", "",
      "#### /run scripts/compile.sh --upgrade  ", `> WARNING: --strip-extras is becoming the default.`, listing,
      "ERROR: Cannot install sentence-transformers because these package versions have conflicting dependencies.", "",
      "The `sentence-transformers` package needs a different `tokenizers`. Let's pin it:", "",
      "```", "tokenizers<0.14,>=0.11.1", "```", "",
      "> Applied edit to requirements/help.in  ", "> Commit 503d567 fix: Update tokenizers version constraint  ", "",
      "#### /run scripts/compile.sh --upgrade  ", listing, "",
      "This indicates that the `transformers` package (version 4.44.0) is requiring `tokenizers<0.20,>=0.19`.", "",
    ].join("\n");
    const r = await compress(text, { type: "text", query: "What constraint did the assistant add (and in which commit) after the sentence-transformers error?" });
    for (const needle of ["tokenizers<0.14,>=0.11.1", "Commit 503d567", "ERROR: Cannot install sentence-transformers", "requiring `tokenizers<0.20,>=0.19`", "#### /run scripts/compile.sh --upgrade"]) {
      expect(r.text).toContain(needle);
    }
    expect(r.ratio).toBeGreaterThan(0.6);
  });

  it("is deterministic, and the same under both engines", async () => {
    const text = doc(50);
    const q = { type: "text" as const, query: "which worker parks the stale timer?" };
    const a = await compress(text, q);
    const b = await compress(text, q);
    const c = await compress(text, { ...q, engine: "js" });
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
  });

  it("stores the original: retrieve(ref) gives it back, and a query gives matching blocks", async () => {
    const store = memoryStore();
    const text = doc(40, { 17: "The `flushInterval` setting defaults to 250 ms." });
    const r = await compress(text, { type: "text", query: "flushInterval default", store });
    expect(r.refs.length).toBe(1);
    const whole = await retrieve(r.refs[0]!, { store });
    expect(whole.ok && whole.value.text).toBe(text);
    const part = await retrieve(r.refs[0]!, { store, query: "`flushInterval`" });
    expect(part.ok && part.value.text).toBe("The `flushInterval` setting defaults to 250 ms.");
  });

  it("passes through when lossless, short, or empty of prose", async () => {
    const text = doc(30);
    const l = await compress(text, { type: "text", lossless: true });
    expect(l.text).toBe(text);
    expect(l.reasons.map((x) => x.code)).toContain("pass.lossless");
    const s = await compress("A short note. Nothing to drop.", { type: "text" });
    expect(s.text).toBe("A short note. Nothing to drop.");
  });

  it("keeps the lead and section intros when there is no query", async () => {
    const text = doc(40);
    const r = await compress(text, { type: "text" });
    expect(r.text).toContain("# Guide");
    expect(r.text).toContain(sentence(0));
    expect(r.ratio).toBeGreaterThan(0.6);
  });

  it("never throws on odd input", async () => {
    const odd = ["```\nunclosed fence\n" + "x ".repeat(5000), "<!-- unclosed comment\n" + "word ".repeat(4000), "| a | b |\n|---|---|\n" + "| 1 | 2 |\n".repeat(2000), "\u0001\u0002".repeat(3000), "#\n#\n# \n".repeat(1000)];
    for (const t of odd) {
      const r = await compress(t, { type: "text", query: "anything `x`" });
      expect(typeof r.text).toBe("string");
    }
  });

  it("claims only a modest confidence, and none for binary", () => {
    expect(textCompressor.detect(doc(5))).toBeGreaterThan(0);
    expect(textCompressor.detect(doc(5))).toBeLessThan(0.5);
    expect(textCompressor.detect("\u0001\u0002\u0003".repeat(100))).toBe(0);
    expect(textCompressor.detect('{"a": 1, "b": [1, 2, 3]}')).toBeLessThan(0.5);
  });
});
