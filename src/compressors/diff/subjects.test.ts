// Questions with two subjects: each subject's files keep at least their matching hunks.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { parseQuery } from "../../core/query.js";
import { ctx, gitLog, sha, type CommitSpec, type FileSpec, type HunkSpec } from "./helpers.test.js";
import { parseDiff } from "./parse.js";
import { pathParts, pathSubjects } from "./subjects.js";

/** A hunk of `n` changed lines (each `+<text> i`) inside 3 lines of context on each side. */
function block(tag: string, at: number, n: number, text: (i: number) => string): HunkSpec {
  const body = [...ctx(tag, at - 3, at)];
  for (let i = 0; i < n; i++) body.push(`+${text(i)}`);
  body.push(...ctx(tag, at, at + 3));
  return { oldStart: at - 3, body, heading: ` function ${tag}()` };
}

/** A `git diff` (no commits) of the given files. */
function plainDiff(files: FileSpec[]): string {
  // gitLog writes commit blocks; a git diff is the same file diffs without them.
  const log = gitLog([{ sha: sha(1), subject: "x", files }]);
  return log.slice(log.indexOf("diff --git"));
}

/** Files of a big subject: many long hunks full of its words. */
function statsFiles(n: number, lines = 30): FileSpec[] {
  const out: FileSpec[] = [];
  for (let k = 0; k < n; k++) {
    out.push({
      path: `src/stats/retention${k}.ts`,
      hunks: [
        block(`stats${k}a`, 20, lines, (i) => `  const statsRetention${k}_${i} = stats.retention.window(${i}); // stats retention bucket ${i}`),
        block(`stats${k}b`, 200, lines, (i) => `  stats.prune(retentionDays, ${k * 100 + i}); // stats retention pruning step ${i}`),
      ],
    });
  }
  return out;
}

/** Files of a small subject: short hunks, its words mostly in the paths. */
function mcpFiles(n: number): FileSpec[] {
  const out: FileSpec[] = [];
  for (let k = 0; k < n; k++) {
    out.push({
      path: `src/mcp/client${k}.ts`,
      hunks: [
        block(`mcp${k}`, 10, 3, (i) => `  await writeConfig(target${k}, { install: true, entry: "server-${k}-${i}" });`),
        block(`mcpz${k}`, 90, 25, (i) => `  log.debug("unrelated tidy-up ${k} ${i}");`),
      ],
    });
  }
  return out;
}

/** Unrelated files around both subjects. */
function otherFiles(n: number, lines = 12, from = 0): FileSpec[] {
  const out: FileSpec[] = [];
  for (let k = from; k < from + n; k++) out.push({ path: `src/ui/widget${k}.ts`, hunks: [block(`ui${k}`, 50, lines, (i) => `  render(widget${k}, ${i});`)] });
  return out;
}

const QUERY = "How does the stats retention pruning work, and what does the mcp install step write?";

describe("pathSubjects", () => {
  it("finds one subject per distinct path word, merging words whose files nest", () => {
    const d = parseDiff(plainDiff([...statsFiles(3), ...mcpFiles(3), ...otherFiles(3)]));
    const subjects = pathSubjects(d, parseQuery(QUERY));
    const byWord = subjects.map((s) => [s.words.join("+"), s.files.map((f) => d.files[f]!.path.split("/")[1])]);
    // "retention" names some of the stats files (src/stats/retention*): one subject with "stats"
    expect(byWord).toEqual([["stats+retention", ["stats", "stats", "stats"]], ["mcp", ["mcp", "mcp", "mcp"]]]);
  });

  it("matches camelCase and snake_case path parts, plurals and prefixes", () => {
    const d = parseDiff(plainDiff([
      { path: "lib/journalMode.py", hunks: [block("j", 10, 1, () => "x = 1")] },
      { path: "lib/end_offsets.py", hunks: [block("e", 10, 1, () => "y = 2")] },
      { path: "lib/redirects/follow.js", hunks: [block("r", 10, 1, () => "z = 3")] },
      { path: "lib/other.js", hunks: [block("o", 10, 1, () => "w = 4")] },
    ]));
    const subjects = pathSubjects(d, parseQuery("journal mode, end offset, redirect"));
    expect(subjects.map((s) => s.files)).toEqual([[0], [1], [2]]);
  });

  it("a word found in every path (the project's folder) is no subject", () => {
    const d = parseDiff(plainDiff([...statsFiles(2), ...mcpFiles(2)]));
    expect(pathSubjects(d, parseQuery("src changes in stats")).map((s) => s.words)).toEqual([["stats"]]);
  });

  it("no query or no path match: no subjects", () => {
    const d = parseDiff(plainDiff([...statsFiles(2), ...otherFiles(2)]));
    expect(pathSubjects(d, parseQuery(""))).toEqual([]);
    expect(pathSubjects(d, parseQuery("what changed in the parser?"))).toEqual([]);
  });
});

describe("the budget is split across the query's subjects", () => {
  const mcpNeedle = (k: number) => `+  await writeConfig(target${k}, { install: true, entry: "server-${k}-0" });`;

  it("git diff: the small subject's files keep their matching hunks next to the big subject's", async () => {
    const text = plainDiff([...otherFiles(4), ...statsFiles(6), ...mcpFiles(8), ...otherFiles(3)]);
    const r = await compress(text, { type: "diff", query: QUERY });
    expect(r.ratio).toBeGreaterThanOrEqual(0.5);
    // the big subject still shows its files
    expect(r.text).toContain("+  stats.prune(retentionDays, 0); // stats retention pruning step 0");
    // and the small one is not starved: most of its files show their matching hunk
    let shown = 0;
    for (let k = 0; k < 8; k++) if (r.text.includes(mcpNeedle(k))) shown++;
    expect(shown).toBeGreaterThanOrEqual(4);
    // files that match nothing are what goes
    expect(r.text).not.toContain("render(widget0, 0)");
    for (const f of parseDiff(r.text).files) for (const h of f.hunks) expect(h.valid).toBe(true);
  });

  it("git log -p: the second subject's files, spread over low-scoring commits, keep their matching hunks", async () => {
    const stats = statsFiles(10, 8);
    const mcp = mcpFiles(6);
    const chore = (k: number): CommitSpec => ({ sha: sha(20 + k), subject: "chore: assorted fixes", files: [...otherFiles(4, 25, 10 * k), ...mcp.slice(2 * k, 2 * k + 2)] });
    const commits: CommitSpec[] = [
      { sha: sha(10), subject: "stats: rework retention and pruning of stats buckets", body: ["Stats retention now prunes stats per bucket."], files: stats.slice(0, 3) },
      chore(0),
      { sha: sha(16), subject: "stats: retention pruning of stats, part two", files: stats.slice(3, 6) },
      chore(1),
      { sha: sha(13), subject: "stats: retention pruning for the other stats stores", files: stats.slice(6, 8) },
      chore(2),
      { sha: sha(15), subject: "stats: retention pruning docs", files: stats.slice(8) },
    ];
    const text = gitLog(commits);
    const r = await compress(text, { type: "diff", query: QUERY });
    expect(r.ratio).toBeGreaterThanOrEqual(0.5);
        let shown = 0;
    for (let k = 0; k < 6; k++) if (r.text.includes(mcpNeedle(k))) shown++;
    expect(shown).toBeGreaterThanOrEqual(3);
    expect(r.text).toContain("+  stats.prune(retentionDays, 0); // stats retention pruning step 0");
  });

  it("a subject named only in its paths (its hunks share no query word) still shows its best file", async () => {
    const quiet: FileSpec[] = [];
    for (let k = 0; k < 5; k++) quiet.push({ path: `pkg/telemetry/sink${k}.go`, hunks: [block(`t${k}`, 30, 4, (i) => `\tflushEvery${k}${i} := time.Second * ${i + 1}`)] });
    const text = plainDiff([...statsFiles(6), ...quiet, ...otherFiles(6)]);
    const r = await compress(text, { type: "diff", query: "what changed in stats retention and in telemetry?" });
    expect(r.ratio).toBeGreaterThanOrEqual(0.5);
    expect(r.text).toMatch(/\+\tflushEvery\d0 := time\.Second \* 1/);
  });

  it("one subject only: filling by score is unchanged (no other subject steals budget)", async () => {
    const text = plainDiff([...statsFiles(6), ...otherFiles(10)]);
    const r = await compress(text, { type: "diff", query: "How does the stats retention pruning work?" });
    expect(r.text).toContain("+  stats.prune(retentionDays, 0); // stats retention pruning step 0");
    expect(r.text).not.toContain("render(widget0, 0)");
  });

  it("a file whose path matches that does not fit whole shows just its matching hunks", async () => {
    const parser: FileSpec[] = [];
    for (let k = 0; k < 6; k++) {
      parser.push({
        path: `lib/parser/stage${k}.py`,
        hunks: [
          block(`p${k}`, 40, 2, (i) => `    self.tokenizer_limit_${k}_${i} = ${k + i}  # tokenizer limit`),
          block(`q${k}`, 400, 60, (i) => `    reformat_line_${k}_${i}()`),
        ],
      });
    }
    const text = plainDiff([...otherFiles(12, 25), ...parser, ...otherFiles(12, 25, 12)]);
    const r = await compress(text, { type: "diff", query: "what changed in the parser tokenizer limit?" });
    expect(r.ratio).toBeGreaterThanOrEqual(0.5);
    let shown = 0;
    for (let k = 0; k < 6; k++) if (r.text.includes(`+    self.tokenizer_limit_${k}_0 = ${k}  # tokenizer limit`)) shown++;
    expect(shown).toBe(6);
    expect(r.text).toMatch(/\[… 1 hunk \(\+60 -0\) omitted/);
  });
});

describe("pathParts", () => {
  it("splits camelCase, acronyms and digits, and leaves out conventional module names", () => {
    expect(pathParts("lib/isAbsoluteURL.js")).toEqual(["isabsoluteurl", "is", "absolute", "url", "js"]);
    expect(pathParts("src/proxy/index.ts")).toEqual(["proxy", "ts"]);
    expect(pathParts("pkg/journal_mode_v2/__init__.py")).toEqual(["pkg", "journal", "mode", "v2", "v", "2", "py"]);
  });
});

describe("a subject whose new files are too long for its share", () => {
  /** A new file of `n` lines: filler in its subject's words, with `special` lines at given rows. */
  function newFile(path: string, n: number, filler: (i: number) => string, special: Record<number, string>): FileSpec {
    const body: string[] = [];
    for (let i = 0; i < n; i++) body.push(`+${special[i] ?? filler(i)}`);
    return { path, headers: ["new file mode 100644", "index 0000000..3333333"], hunks: [{ oldStart: 1, body }] };
  }
  const queueFiles = (): FileSpec[] => [
    newFile("src/queue/store.ts", 140, (i) => `  queue.store.slot${i} = openQueueStore(queueDir, ${i}); // queue store slot`, { 70: `  db.exec("PRAGMA locking_mode = EXCLUSIVE");` }),
    newFile("src/queue/open-queue.ts", 160, (i) => `  queueItems${i}.push(itemFor(queue, ${i})); // queue item`, { 40: "const DEFAULT_TTL_MS = 30 * DAY_MS;" }),
    newFile("src/queue/types.ts", 60, (i) => `  field${i}: QueueEntry; // queue types`, {}),
  ];
  const syncFiles = (): FileSpec[] => [
    newFile("src/sync/install/config.ts", 50, (i) => `  writeSyncConfig(target, "client-${i}"); // syncInstall config`, { 20: "    throw new Error(`config is broken; move it away and run syncInstall again`);" }),
    ...Array.from({ length: 6 }, (_, k) => newFile(`src/sync/install/step${k}.ts`, 70, (i) => `  await syncInstallStep${k}(client, config, ${i}); // client config`, {})),
    // its path names both subjects: it shows neither on its own
    newFile("src/sync/queue-link.ts", 40, (i) => `  linkQueue(syncClient, ${i}); // sync queue link`, {}),
  ];

  it("the other subject still shows the lines its question asks for, cut out of its long new files", async () => {
    const text = gitLog([
      { sha: sha(1), subject: "feat: sync install for client configs", files: syncFiles() },
      { sha: sha(2), subject: "feat: persistent backlog", files: queueFiles() },
    ]);
    const r = await compress(text, { type: "diff", query: "How long are queue entries kept by default and which locking mode does the queue store use? And what does `sync install` do when the client config is broken?" });
    expect(r.text).toContain("config is broken; move it away and run syncInstall again");
    expect(r.text).toContain(`+  db.exec("PRAGMA locking_mode = EXCLUSIVE");`);
    expect(r.text).toContain("+const DEFAULT_TTL_MS = 30 * DAY_MS;");
    // the long new files are cut, not shown whole, and the cut is marked
    expect(r.text).not.toContain("queueItems100.push(");
    expect(r.text).toMatch(/changed lines of hunks shown in part omitted/);
    for (const f of parseDiff(r.text).files) for (const h of f.hunks) expect(h.valid).toBe(true);
  });
});
