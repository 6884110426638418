// compress() on diffs and `git log -p` ranges: what is kept, header counts, bad input, refs.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { retrieve } from "../../retrieve.js";
import { route } from "../../router.js";
import { memoryStore } from "../../store/index.js";
import { applyStrict, ctx, fileDiff, gitLog, sha, type CommitSpec, type FileSpec, type HunkSpec } from "./helpers.test.js";
import { detectDiff } from "./detect.js";
import { parseDiff } from "./parse.js";

/** A hunk with `n` lines of context on each side of one change (old line `at` becomes `+to`). */
function edit(tag: string, at: number, n: number, to = `changed ${tag} ${at}`): HunkSpec {
  return { oldStart: at - n, body: [...ctx(tag, at - n, at), `-ctx ${tag} ${at}`, `+${to}`, ...ctx(tag, at + 1, at + 1 + n)], heading: ` fn ${tag}()` };
}

/** A `git log -p` range of `n` ordinary commits, each touching two files with long context. */
function history(n: number, extra: (k: number) => Partial<CommitSpec> = () => ({})): CommitSpec[] {
  const out: CommitSpec[] = [];
  for (let k = 0; k < n; k++) {
    out.push({
      sha: sha(1000 + k),
      subject: `refactor module ${k}: tidy helpers`,
      body: [`Longer explanation of refactor ${k} that nobody asked about,`, "spread over a few lines of prose", "to make the body worth trimming.", "", `Signed-off-by: Dev ${k} <dev${k}@example.com>`],
      files: [
        { path: `src/mod${k}/a.ts`, hunks: [edit(`a${k}`, 40, 12), edit(`a${k}`, 120, 12)] },
        { path: `src/mod${k}/b.ts`, hunks: [edit(`b${k}`, 30, 12)] },
      ],
      ...extra(k),
    });
  }
  return out;
}

/** Every hunk of `text` parses with counts that match the lines shown. */
function expectValidHunks(text: string) {
  const d = parseDiff(text);
  expect(d.problems).toEqual([]);
  for (const f of d.files) for (const h of f.hunks) expect(h.valid).toBe(true);
  return d;
}

const NEEDLE_SHA = sha(4242);
const NEEDLE_FILE: FileSpec = {
  path: "lib/helpers/isAbsoluteURL.js",
  hunks: [{ oldStart: 8, heading: "", body: [" export default function isAbsoluteURL(url) {", "-  return /^([a-z][a-z\\d+\\-.]*:)?\\/\\//i.test(url);", "+  return /^([a-z][a-z\\d+\\-.]*:)\\/\\//i.test(url);", " }"] }],
};
function needleLog(): string {
  const commits = history(30);
  commits.splice(17, 0, {
    sha: NEEDLE_SHA,
    subject: "fix: reject protocol-relative URLs in isAbsoluteURL (CVE-2024-39338)",
    body: ["The regex accepted //evil.example as absolute.", "", "Advisory: GHSA-8hc4-vh64-cxmj"],
    files: [
      NEEDLE_FILE,
      { path: "package-lock.json", hunks: [edit("lock", 500, 3, '    "version": "1.7.4",')] },
    ],
  });
  return gitLog(commits);
}

describe("git log -p range", () => {
  const text = needleLog();
  const query = "Which commit fixes CVE-2024-39338 and what does it change in isAbsoluteURL?";

  it("keeps every commit header and subject, the matching commit's changed lines, and saves ≥ 50 %", async () => {
    const store = memoryStore();
    const r = await compress(text, { type: "diff", query, store });
    expect(r.ratio).toBeGreaterThanOrEqual(0.5);
    const src = parseDiff(text);
    for (const c of src.commits) {
      expect(r.text).toContain(`commit ${c.sha}\nAuthor:`);
      expect(r.text).toContain(src.lines[c.subject]!);
    }
    expect(r.text).toContain("-  return /^([a-z][a-z\\d+\\-.]*:)?\\/\\//i.test(url);");
    expect(r.text).toContain("+  return /^([a-z][a-z\\d+\\-.]*:)\\/\\//i.test(url);");
    expect(r.text).toContain("    Advisory: GHSA-8hc4-vh64-cxmj");
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(["diff.parsed", "diff.kept", "diff.collapsed"]));
    expectValidHunks(r.text);
  });

  it("collapses the lockfile to one summary line with the ref", async () => {
    const r = await compress(text, { type: "diff", query, store: memoryStore() });
    const lines = r.text.split("\n");
    const at = lines.findIndex((l) => l.startsWith("package-lock.json | "));
    expect(lines[at]).toBe("package-lock.json | +1 -1 (lockfile)");
    expect(lines[at + 1]).toMatch(new RegExp(`^\\[… 1 file diff omitted \\(L\\d+–L\\d+\\); ref ${r.refs[0]}\\]$`));
    expect(r.text).not.toContain('"version": "1.7.4"');
  });

  it("summarizes unrelated file diffs as `path | +a -d` with a marker, but keeps the lockfile when the query names it", async () => {
    const r = await compress(text, { type: "diff", query, store: memoryStore() });
    expect(r.text).toMatch(/^src\/mod3\/a\.ts \| \+2 -2$/m);
    const named = await compress(text, { type: "diff", query: 'what changed in package-lock.json "1.7.4"', store: memoryStore() });
    expect(named.text).toContain('+    "version": "1.7.4",');
  });

  it("keeps changed lines verbatim and in order in every file diff it shows", async () => {
    const r = await compress(text, { type: "diff", query, store: memoryStore() });
    const src = parseDiff(text);
    const out = parseDiff(r.text);
    for (const f of out.files) {
      const orig = src.files.find((g) => g.path === f.path && src.commits[g.commit]!.sha === out.commits[f.commit]!.sha)!;
      const changed = (d: typeof src, file: typeof f) => file.hunks.flatMap((h) => d.lines.slice(h.start + 1, h.end).filter((l) => l[0] === "+" || l[0] === "-"));
      expect(changed(out, f)).toEqual(changed(src, orig));
    }
  });

  it("retrieve(ref) gives the original; with a query, the matching file diffs", async () => {
    const store = memoryStore();
    const r = await compress(text, { type: "diff", query, store });
    const whole = await retrieve(r.refs[0]!, { store });
    expect(whole.ok && whole.value.text).toBe(text);
    const some = await retrieve(r.refs[0]!, { store, query: "isAbsoluteURL" });
    if (!some.ok) throw new Error(some.detail);
    // the commit block and its file diff, nothing else
    expect(some.value.matched).toBe(2);
    expect(some.value.text).toContain(`commit ${NEEDLE_SHA}`);
    expect(some.value.text.endsWith(fileDiff(NEEDLE_FILE).join("\n"))).toBe(true);
  });

  it("is deterministic, and the wasm and js engines agree", async () => {
    const a = await compress(text, { type: "diff", query, store: memoryStore() });
    const b = await compress(text, { type: "diff", query, store: memoryStore() });
    const c = await compress(text, { type: "diff", query, store: memoryStore(), engine: "js" });
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
  });

  it("without a query still keeps every commit and valid hunk headers", async () => {
    const r = await compress(text, { type: "diff", store: memoryStore() });
    expect(r.ratio).toBeGreaterThan(0.5);
    expect(parseDiff(r.text).commits).toHaveLength(31);
    expectValidHunks(r.text);
  });
});

describe("relevance and signals", () => {
  it("a changed line citing an advisory survives in an otherwise summarized changelog diff", async () => {
    const commits = history(20);
    commits[5]!.files.push({ path: "CHANGES.rst", hunks: [{ oldStart: 10, body: [...ctx("ch", 10, 13), "+-   Fix header parsing. :ghsa:`abcd-1234-wxyz`", ...ctx("ch", 13, 16)] }] });
    const r = await compress(gitLog(commits), { type: "diff", query: "which commit reworked the widget cache?", store: memoryStore() });
    expect(r.text).toContain("+-   Fix header parsing. :ghsa:`abcd-1234-wxyz`");
    expect(r.text).toMatch(/^src\/mod5\/a\.ts \| \+2 -2$/m);
    expectValidHunks(r.text);
  });

  it("over budget, a file kept only for the hunks naming an identifier drops its other hunks with a marker", async () => {
    const hunks: HunkSpec[] = [];
    for (let k = 0; k < 150; k++) hunks.push(edit(`h${k}`, 100 * k + 50, 10, k === 77 ? "retryBudget = 3;" : `v${k} = ${k};`));
    const text = fileDiff({ path: "src/big.ts", hunks }).join("\n") + "\n";
    const r = await compress(text, { type: "diff", query: "where is retryBudget set?", store: memoryStore() });
    expect(r.text).toContain("+retryBudget = 3;");
    expect(r.text).toMatch(/\[… 149 hunks \(\+149 -149\) omitted \(L5–L\d+\); ref tf_[0-9a-f]{24}\]/);
    expect(r.reasons.find((x) => x.code === "diff.kept")?.detail).toMatch(/149 hunks the query does not touch/);
    expectValidHunks(r.text);
  });

  it("an identifier found in most file diffs (a version in every path) does not keep them all", async () => {
    const files: string[] = [];
    for (let f = 0; f < 24; f++) {
      const hunks: HunkSpec[] = [];
      for (let k = 0; k < 6; k++) hunks.push(edit(`f${f}h${k}`, 40 * k + 10, 6, f === 17 && k === 3 ? "if (depth > limit) throw Error(\"max depth exceeded\");" : `w${f}_${k} = ${k};`));
      files.push(...fileDiff({ path: `v7.6.6/file${f}.js`, hunks }));
    }
    const text = files.join("\n") + "\n";
    const r = await compress(text, { type: "diff", query: "Between 6.11.6 and 7.6.6, what limits the recursion depth and what error does it throw?", store: memoryStore() });
    expect(r.text).toContain('throw Error(\"max depth exceeded\")'.replace(/\\/g, ""));
    expect(r.reasons.find((x) => x.code === "diff.kept")?.detail).toMatch(/23 file diffs reduced to a one-line summary/);
    expectValidHunks(r.text);
  });

  it("a renamed file's summary names both paths", async () => {
    const commits = history(20);
    commits[2]!.files.push({ path: "src/new-name.ts", headers: ["similarity index 100%", "rename from src/old-name.ts", "rename to src/new-name.ts"], noPaths: true });
    const r = await compress(gitLog(commits), { type: "diff", query: "which commit reworked the widget cache?", store: memoryStore() });
    expect(r.text).toMatch(/^src\/old-name\.ts => src\/new-name\.ts \| \+0 -0$/m);
  });

  it("git format-patch mail: From/Date/Subject headers stay", async () => {
    const mail = (k: number) => [
      `From ${sha(k)} Mon Sep 17 00:00:00 2001`, "From: Some Body", " <some@example.com>", `Date: Tue, ${k} Jan 2024 10:00:00 +0000`, `Subject: [PATCH ${k}/9] part ${k}`, "",
      `Longer body of part ${k} that the question does not need at all, long enough to trim.`, "---", ` src/mod${k}/a.ts | 4 ++--`, " 1 file changed", "",
      ...fileDiff({ path: `src/mod${k}/a.ts`, hunks: [edit(`m${k}`, 40, 12), edit(`m${k}`, 120, 12)] }), "-- ", "2.39.5", "",
    ];
    const text = Array.from({ length: 9 }, (_, k) => mail(k + 1)).flat().join("\n");
    const r = await compress(text, { type: "diff", query: "part 4", store: memoryStore() });
    for (let k = 1; k <= 9; k++) expect(r.text).toContain(`Date: Tue, ${k} Jan 2024 10:00:00 +0000\nSubject: [PATCH ${k}/9] part ${k}`);
    expectValidHunks(r.text);
  });
});

describe("hunks and context", () => {
  it("trims context to sub-hunks whose headers apply to the old file like the original", async () => {
    const old = ctx("x", 1, 301).map((l) => l.slice(1));
    const hunks = [edit("x", 40, 25), edit("x", 100, 25), edit("x", 200, 40)];
    const text = fileDiff({ path: "src/x.ts", hunks }).join("\n") + "\n";
    const r = await compress(text, { type: "diff", store: memoryStore() });
    expect(r.reasons.map((x) => x.code)).toContain("diff.context");
    const out = r.text.split("\n");
    const body = out.slice(out.indexOf("+++ b/src/x.ts") + 1, -1);
    expect(applyStrict(old, body)).toEqual(applyStrict(old, text.split("\n").slice(4, -1)));
    expect(body.filter((l) => l.startsWith(" ")).length).toBeLessThanOrEqual(12);
  });

  it("keeps a hunk that touches a query identifier whole, context and all", async () => {
    const hunk: HunkSpec = { ...edit("y", 60, 20), body: [...edit("y", 60, 20).body] };
    hunk.body[3] = " const limit = maxRedirects;";
    const other = edit("z", 200, 20);
    const text = fileDiff({ path: "src/y.ts", hunks: [hunk, other] }).join("\n") + "\n";
    const r = await compress(text, { type: "diff", query: "where is maxRedirects read?", store: memoryStore() });
    const src = text.split("\n");
    const start = src.findIndex((l) => l.startsWith("@@"));
    const wholeHunk = src.slice(start, start + 1 + hunk.body.length).join("\n");
    expect(r.text).toContain(wholeHunk);
    expect(r.text).not.toContain(" ctx z 185");
    expectValidHunks(r.text);
  });
});

describe("bad and unusual input", () => {
  const big = (tag: string) => fileDiff({ path: `src/${tag}.c`, hunks: [edit(tag, 50, 30)] });

  it("a diff without a final newline", async () => {
    const text = big("n").join("\n");
    const r = await compress(text, { type: "diff", store: memoryStore() });
    expect(r.text.endsWith("\n")).toBe(false);
    expect(r.text.endsWith(" ctx n 52")).toBe(true);
    expectValidHunks(r.text);
  });

  it("CRLF line endings stay CRLF, markers included", async () => {
    const text = big("c").join("\r\n") + "\r\n";
    const r = await compress(text, { type: "diff", store: memoryStore() });
    expect(r.ratio).toBeGreaterThan(0);
    const lines = r.text.split("\n");
    expect(lines.pop()).toBe("");
    for (const l of lines) expect(l.endsWith("\r")).toBe(true);
    expectValidHunks(r.text);
    expect(r.text).toContain("-ctx c 50\r\n+changed c 50\r\n");
  });

  it("`\\ No newline at end of file` stays with its line and is not counted", async () => {
    const body = [...ctx("e", 1, 30), "-last", "\\ No newline at end of file", "+last!", "\\ No newline at end of file"];
    const text = fileDiff({ path: "e.txt", hunks: [{ oldStart: 1, body }] }).join("\n") + "\n";
    const r = await compress(text, { type: "diff", store: memoryStore() });
    expect(r.text).toContain("@@ -28,3 +28,3 @@\n ctx e 28\n ctx e 29\n-last\n\\ No newline at end of file\n+last!\n\\ No newline at end of file\n");
    expectValidHunks(r.text);
  });

  it("binary files: `Binary files … differ` kept, a GIT binary patch payload replaced by a marker", async () => {
    const payload = ["GIT binary patch", "literal 2048", ...Array.from({ length: 40 }, (_, i) => `M${"0123456789abcdefABCDEF".repeat(3)}${i}`), "", "literal 0", "HcmV?d00001", ""];
    const text = [
      ...fileDiff({ path: "img/logo.png", headers: ["index 1111111..2222222 100644", "Binary files a/img/logo.png and b/img/logo.png differ"], noPaths: true }),
      ...fileDiff({ path: "img/icon.png", headers: ["new file mode 100644", "index 0000000..3333333", ...payload], noPaths: true }),
      ...big("b"),
    ].join("\n") + "\n";
    const d = parseDiff(text);
    expect(d.files.map((f) => [f.path, f.binary])).toEqual([["img/logo.png", true], ["img/icon.png", true], ["src/b.c", false]]);
    const r = await compress(text, { type: "diff", store: memoryStore() });
    expect(r.text).toContain("Binary files a/img/logo.png and b/img/logo.png differ");
    expect(r.text).toMatch(/GIT binary patch\n\[… 4\d lines of binary patch omitted/);
    expectValidHunks(r.text);
  });

  it("a hunk whose counts don't match, and a malformed header: best effort, verbatim, with a reason", async () => {
    const wrong = ["--- a/w.txt", "+++ b/w.txt", "@@ -1,40 +1,40 @@", ...ctx("w", 1, 20), "-a", "+b", ...ctx("w", 20, 30)];
    const bogus = ["--- a/v.txt", "+++ b/v.txt", "@@ somewhere in the middle @@", " x", "-y", "+z"];
    const text = [...wrong, ...bogus, ...big("ok")].join("\n") + "\n";
    const r = await compress(text, { type: "diff", store: memoryStore() });
    const reason = r.reasons.find((x) => x.code === "diff.best-effort");
    expect(reason?.detail).toMatch(/promises 40 old \/ 40 new lines, 30 \/ 30 shown/);
    expect(reason?.detail).toMatch(/malformed hunk header/);
    expect(r.text).toContain(wrong.join("\n"));
    expect(r.text).toContain(bogus.join("\n"));
  });

  it("never throws on junk, huge lines, or a lone header", async () => {
    for (const text of ["diff --git a/x b/x\n", "@@ -1 +1 @@\n", "--- a\n+++ b\n@@ -1,3 +1,3 @@\n", "commit " + "a".repeat(40) + "\n", "x".repeat(100_000), "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-" + "y".repeat(100_000) + "\n"]) {
      const r = await compress(text, { type: "diff", store: memoryStore() });
      expect(typeof r.text).toBe("string");
    }
  });

  it("lossless mode passes through", async () => {
    const text = big("l").join("\n") + "\n";
    const r = await compress(text, { type: "diff", lossless: true, store: memoryStore() });
    expect(r.text).toBe(text);
    expect(r.reasons.map((x) => x.code)).toContain("pass.lossless");
  });
});

describe("detect", () => {
  it("is confident on git diffs, plain unified diffs and git log -p", () => {
    expect(detectDiff(big2())).toBeGreaterThanOrEqual(0.9);
    expect(detectDiff(["--- old.txt\t2024-01-01", "+++ new.txt\t2024-01-02", "@@ -1,2 +1,2 @@", " a", "-b", "+c"].join("\n"))).toBeGreaterThanOrEqual(0.9);
    expect(detectDiff(needleLog())).toBeGreaterThanOrEqual(0.9);
    expect(route(needleLog())).toBe("diff");
    expect(detectDiff("some notes\n", "fix.patch")).toBeGreaterThan(0.5);
  });
  it("is not fooled by prose, code or a log that quotes one small diff", () => {
    expect(detectDiff("# Title\n\nSome prose.\n- a list item\n+ not a diff\n")).toBeLessThan(0.5);
    expect(detectDiff("function f() {\n  return 1;\n}\n")).toBe(0);
    const log = Array.from({ length: 200 }, (_, i) => `2024-01-01 12:00:${i % 60} INFO request ${i} ok`).join("\n");
    expect(detectDiff(`${log}\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n${log}\n`)).toBeLessThan(0.5);
  });
});

function big2(): string {
  return fileDiff({ path: "src/q.go", hunks: [edit("q", 50, 3)] }).join("\n") + "\n";
}
