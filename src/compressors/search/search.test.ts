// The search compressor through the public API: grep / ripgrep shapes, listings, the promises
// (verbatim lines, every file counted, duplicates dropped), bad input, and retrieval by query.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { retrieve } from "../../retrieve.js";
import { memoryStore } from "../../store/index.js";
import { detectSearch } from "./detect.js";
import { definedName } from "./definition.js";
import { Kind, parse } from "./parse.js";
import { stem } from "./rank.js";

/** Filler call sites spread over many files: `src/pkg3/mod12.py:40:    total = helper_12(x)`. */
function callSites(nFiles: number, perFile: number, sep = ":"): string[] {
  const out: string[] = [];
  for (let f = 0; f < nFiles; f++) {
    for (let k = 0; k < perFile; k++) {
      out.push(`src/pkg${f % 7}/mod${f}.py${sep}${10 + k * 7}${sep}    total = helper_${f}(value_${k}, retries=${k})`);
    }
  }
  return out;
}

const markerOrSummary = (line: string) => line.startsWith("[") || /\/ \((?:\+)?[\d,]+ (?:more )?files?\b/.test(line) || /^\S* \([\d,]+ (?:more )?files?/.test(line);

/** Every output line that the compressor did not add is a line of the input. */
function expectVerbatim(out: string, input: string): void {
  const lines = new Set(input.split(/\r?\n/));
  for (const line of out.split(/\r?\n/)) {
    if (markerOrSummary(line)) continue;
    expect(lines.has(line), `not an input line: ${JSON.stringify(line)}`).toBe(true);
  }
}

/** The `[dir/] name (N), …` lines parsed back into `path → count`. */
function listedCounts(out: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of out.split(/\r?\n/)) {
    const d = /^\[([^\]]*)\] (.*)$/.exec(line);
    if (!d) continue;
    const dir = d[1] === "./" ? "" : d[1]!;
    for (const item of d[2]!.split(", ")) {
      const c = /^(.*) \(([\d,]+)\)$/.exec(item);
      if (c) m.set(dir + c[1], Number(c[2]!.replace(/,/g, "")));
      else m.set(dir + item, 1); // the header says: a file without a count has 1
    }
  }
  return m;
}

describe("numbered grep output (path:line:text)", () => {
  const lines = callSites(40, 6);
  lines.splice(100, 0, "src/core/retry.py:12:def compute_backoff(attempt, base=0.5):");
  lines.splice(30, 0, "src/pkg2/mod4.py:99:    delay = compute_backoff(attempt)");
  lines.splice(200, 0, "tests/test_retry.py:8:    assert compute_backoff(1) == 0.5");
  lines.splice(10, 0, "docs/retry.md:3:Call `compute_backoff` to get the delay.");
  const text = lines.join("\n") + "\n";

  it("keeps the definition of the queried symbol first and counts every file", async () => {
    const r = await compress(text, { type: "search", query: "where is `compute_backoff` defined?", store: memoryStore() });
    expect(r.text).toContain("src/core/retry.py:12:def compute_backoff(attempt, base=0.5):");
    // definition before call site before test and docs: all hold the identifier, so all stay
    expect(r.text).toContain("src/pkg2/mod4.py:99:    delay = compute_backoff(attempt)");
    expect(r.ratio).toBeGreaterThan(0.8);
    expectVerbatim(r.text, text);
    const counts = listedCounts(r.text);
    const expected = new Map<string, number>();
    for (const l of lines) {
      const p = l.slice(0, l.indexOf(":"));
      expected.set(p, (expected.get(p) ?? 0) + 1);
    }
    expect(counts).toEqual(expected);
    expect(r.text).toMatch(/\[… [\d,]+ of [\d,]+ lines omitted; ref tf_[0-9a-f]{24}\]/);
  });

  it("a definition outranks call sites, and both outrank tests, when not all fit", async () => {
    const many: string[] = [];
    many.push("tests/test_views.py:5:def test_render_page(): assert render_page(None, 0)");
    for (let i = 0; i < 300; i++) many.push(`src/app/view${i}.py:${20 + i}:    return render_page(request, ${i})`);
    many.push("src/app/render.py:40:def render_page(request, page):");
    const t = many.join("\n");
    const r = await compress(t, { type: "search", query: "render_page", store: memoryStore() });
    const kept = r.text.split("\n").filter((l) => !markerOrSummary(l));
    expect(kept).toContain("src/app/render.py:40:def render_page(request, page):");
    expect(kept.length).toBeGreaterThan(1);
    expect(kept.length).toBeLessThan(300);
    expect(kept.some((l) => l.startsWith("tests/"))).toBe(false);
    expect(r.reasons.map((x) => x.code)).toContain("search.capped");
  });

  it("drops exact duplicate lines and says how many", async () => {
    const dup = callSites(30, 4);
    for (let i = 0; i < 25; i++) dup.push(`src/gen/client${i}.py:7:from ._config import DEFAULT_TIMEOUT_CONFIG`);
    dup.push("src/_config.py:246:DEFAULT_TIMEOUT_CONFIG = Timeout(timeout=5.0)");
    const t = dup.join("\n");
    const r = await compress(t, { type: "search", query: "where is DEFAULT_TIMEOUT_CONFIG set", store: memoryStore() });
    expect(r.text).toContain("src/_config.py:246:DEFAULT_TIMEOUT_CONFIG = Timeout(timeout=5.0)");
    expect(r.text).toContain("src/gen/client0.py:7:from ._config import DEFAULT_TIMEOUT_CONFIG");
    expect(r.text).not.toContain("src/gen/client1.py:7:");
    expect(r.text).toContain("[… same text in 24 more lines (24 files)]");
    expect(r.reasons.map((x) => x.code)).toContain("search.deduplicated");
  });

  it("names the places of a few duplicates", async () => {
    const dup = callSites(30, 4);
    dup.push("src/a/x.py:3:from .retry import compute_backoff", "src/b/y.py:9:from .retry import compute_backoff");
    const r = await compress(dup.join("\n"), { type: "search", query: "compute_backoff", store: memoryStore() });
    expect(r.text).toContain("src/a/x.py:3:from .retry import compute_backoff\n[… same text at src/b/y.py:9]");
  });

  it("names files with strong matches whose lines did not fit", async () => {
    const many = callSites(10, 3);
    for (let f = 0; f < 60; f++) many.push(`src/net/conn${f}.py:${f + 1}:    raise ConnectionResetError("connection reset by peer ${f}")`);
    const r = await compress(many.join("\n"), { type: "search", query: "where is connection reset raised", store: memoryStore() });
    const other = r.text.split("\n").find((l) => l.startsWith("[other files with strong matches: "));
    expect(other).toBeDefined();
    expect(other).toMatch(/src\/net\/conn\d+\.py \(1\)/);
  });

  it("is deterministic and engine-independent", async () => {
    const q = { type: "search" as const, query: "compute_backoff retries" };
    const a = await compress(text, { ...q, store: memoryStore() });
    const b = await compress(text, { ...q, store: memoryStore() });
    const c = await compress(text, { ...q, store: memoryStore(), engine: "js" });
    expect(a.text).toBe(b.text);
    expect(a.text).toBe(c.text);
  });

  it("CRLF input: same decisions, CRLF output, verbatim lines", async () => {
    const crlf = text.replace(/\n/g, "\r\n");
    const r = await compress(crlf, { type: "search", query: "where is `compute_backoff` defined?", store: memoryStore() });
    const lf = await compress(text, { type: "search", query: "where is `compute_backoff` defined?", store: memoryStore() });
    expect(r.text).toContain("src/core/retry.py:12:def compute_backoff(attempt, base=0.5):\r\n");
    expect(r.text.replace(/\r\n/g, "\n").replace(/tf_[0-9a-f]+/g, "")).toBe(lf.text.replace(/tf_[0-9a-f]+/g, ""));
    expectVerbatim(r.text, crlf);
  });

  it("keeps a line that does not parse, in place", async () => {
    const withJunk = [...lines.slice(0, 50), "grep: src/secret: Permission denied", ...lines.slice(50)].join("\n");
    const r = await compress(withJunk, { type: "search", query: "compute_backoff", store: memoryStore() });
    expect(r.text).toContain("grep: src/secret: Permission denied");
    const out = r.text.split("\n");
    const at = out.indexOf("grep: src/secret: Permission denied");
    // lines kept before it come before it in the input too
    for (const l of out.slice(0, at)) if (!markerOrSummary(l)) expect(withJunk.indexOf(l)).toBeLessThan(withJunk.indexOf("grep: src/secret"));
    expect(r.reasons.map((x) => x.code)).toContain("search.unparsed");
  });

  it("retrieve with a query returns the matching file's group of lines", async () => {
    const store = memoryStore();
    const r = await compress(text, { type: "search", query: "compute_backoff", store });
    const back = await retrieve(r.refs[0]!, { store, query: "mod17" });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const got = back.value.text.split("\n");
    expect(got.length).toBe(6);
    for (const l of got) expect(l.startsWith("src/pkg3/mod17.py:")).toBe(true);
    const whole = await retrieve(r.refs[0]!, { store });
    expect(whole.ok && whole.value.text).toBe(text);
  });
});

describe("paths with colons and dashes", () => {
  it("Windows drive letters", () => {
    const t = ["C:\\src\\app\\main.c:12:int main(void) {", "C:\\src\\app\\main.c:40:  return run(argc);", "C:\\src\\lib\\run.c:3:int run(int n) {"].join("\n");
    const p = parse(t)!;
    expect(p.shape).toBe("numbered");
    expect(p.paths).toEqual(["C:\\src\\app\\main.c", "C:\\src\\lib\\run.c"]);
    expect(Array.from(p.lineNo)).toEqual([12, 40, 3]);
  });

  it("a colon inside a path: the path on neighbouring lines decides", () => {
    const t = ["a:b/c.txt:3:first: 1:2:3", "a:b/c.txt:9:second", "x/y.txt:4:a:5:b"].join("\n");
    const p = parse(t)!;
    expect(p.paths).toEqual(["a:b/c.txt", "x/y.txt"]);
    expect(p.lines[0]!.slice(p.textAt[0]!)).toBe("first: 1:2:3");
    expect(p.lines[2]!.slice(p.textAt[2]!)).toBe("a:5:b");
  });

  it("dashes and digits in names, with context lines", () => {
    const t = ["a-b/c-1.txt-4-before", "a-b/c-1.txt:5:hit-2-here", "a-b/c-1.txt-6-after", "--", "my-2-file.c:7:x"].join("\n");
    const p = parse(t)!;
    expect(p.paths).toEqual(["a-b/c-1.txt", "my-2-file.c"]);
    expect(Array.from(p.kind)).toEqual([Kind.Context, Kind.Match, Kind.Context, Kind.Separator, Kind.Match]);
    expect(p.lines[1]!.slice(p.textAt[1]!)).toBe("hit-2-here");
  });

  it("path:text without line numbers, with a Windows path", () => {
    const t = ["C:\\proj\\a.py:import os", "C:\\proj\\a.py:def main():", "C:\\proj\\b.py:main()"].join("\n");
    const p = parse(t)!;
    expect(p.shape).toBe("colon");
    expect(p.paths).toEqual(["C:\\proj\\a.py", "C:\\proj\\b.py"]);
    expect(p.lines[1]!.slice(p.textAt[1]!)).toBe("def main():");
  });

  it("rg --column output", () => {
    const t = ["src/a.rs:10:5:fn main() {", "src/a.rs:12:9:run(1);"].join("\n");
    const p = parse(t)!;
    expect(p.lines[0]!.slice(p.textAt[0]!)).toBe("fn main() {");
  });
});

describe("grep -n on one file (no paths)", () => {
  const lines: string[] = [];
  for (let i = 0; i < 120; i++) lines.push(`${10 + i * 9}:    def handler_${i}(self, request):`);
  lines.splice(60, 0, "555:    def make_response(self, rv):");
  const text = lines.join("\n");

  it("is detected, parsed as one file, and keeps the definition", async () => {
    expect(detectSearch(text)).toBeGreaterThanOrEqual(0.5);
    const r = await compress(text, { type: "search", query: "where is make_response defined", store: memoryStore() });
    expect(r.text).toContain("555:    def make_response(self, rv):");
    expect(r.text).toContain("[121 matches in one file]");
    expectVerbatim(r.text, text);
  });

  it("a dated changelog (numbers going down) is not search output", () => {
    const log = Array.from({ length: 10 }, (_, i) => `${20051107 - i * 1000}: Bumped up version number to 1.1.${9 - i}`).join("\n");
    expect(detectSearch(log)).toBe(0);
  });
});

describe("grep -c output", () => {
  it("is a listing of files with counts", () => {
    const t = ["src/a.ts:3", "src/b.ts:0", "src/c/d.ts:12"].join("\n");
    const p = parse(t)!;
    expect(p.shape).toBe("listing");
    expect(p.paths).toEqual(["src/a.ts:3", "src/b.ts:0", "src/c/d.ts:12"]);
  });
});

describe("--heading groups", () => {
  it("a path line right after `--` starts a new file", () => {
    const t = ["lib/a.c", "10-  x();", "11:  failf(d);", "--", "lib/b.c", "7:  failf(e);", ""].join("\n");
    const p = parse(t)!;
    expect(p.shape).toBe("heading");
    expect(p.paths).toEqual(["lib/a.c", "lib/b.c"]);
    expect(p.file[5]).toBe(1);
  });

  const groups: string[] = [];
  for (let f = 0; f < 30; f++) {
    groups.push(`lib/mod${f}.c`);
    for (let k = 0; k < 8; k++) groups.push(`${100 + k * 13}:    failf(data, "Failure number ${k} in module ${f}");`);
    groups.push("");
  }
  groups.splice(51, 0, "1296:      failf(data, \"Maximum (%d) redirects followed\", data->set.maxredirs);");
  const text = groups.join("\n");

  it("keeps the heading and the verbatim line:text, and counts every file", async () => {
    const r = await compress(text, { type: "search", query: "curl fails with 'Maximum (50) redirects followed'", store: memoryStore() });
    const out = r.text.split("\n");
    const at = out.indexOf("1296:      failf(data, \"Maximum (%d) redirects followed\", data->set.maxredirs);");
    expect(at).toBeGreaterThan(0);
    expect(out.slice(0, at).reverse().find((l) => /^lib\//.test(l))).toBe("lib/mod5.c");
    expectVerbatim(r.text, text);
    const counts = listedCounts(r.text);
    expect(counts.size).toBe(30);
    expect(counts.get("lib/mod5.c")).toBe(9);
    expect(counts.get("lib/mod0.c")).toBe(8);
    expect(r.ratio).toBeGreaterThan(0.8);
  });
});

describe("context lines (grep -B3 -A1 with --)", () => {
  const blocks: string[] = [];
  for (let f = 0; f < 60; f++) {
    const p = `src/main/java/org/acme/Util${f}.java`;
    blocks.push(`${p}-97-     *`, `${p}-98-     * @deprecated TODO Make private in 4.0.`, `${p}-99-     */`, `${p}:100:    @Deprecated`, `${p}-101-    public Util${f}() {`, "--");
  }
  const o = "src/main/java/org/acme/ObjectUtils.java";
  blocks.push(`${o}-534-     * @see #getIfNull(Object, Supplier)`, `${o}-535-     * @deprecated Use {@link #getIfNull(Object, Object)}.`, `${o}-536-     */`, `${o}:537:    @Deprecated`, `${o}-538-    public static <T> T defaultIfNull(final T object, final T defaultValue) {`);
  const text = blocks.join("\n");

  it("keeps the context lines of the kept match (the @deprecated note above the declaration)", async () => {
    const r = await compress(text, { type: "search", query: "ObjectUtils.defaultIfNull is deprecated, what to use instead?", store: memoryStore() });
    expect(r.text).toContain(`${o}-535-     * @deprecated Use {@link #getIfNull(Object, Object)}.`);
    expect(r.text).toContain(`${o}-538-    public static <T> T defaultIfNull(final T object, final T defaultValue) {`);
    expectVerbatim(r.text, text);
    expect(listedCounts(r.text).size).toBe(61);
    expect(r.ratio).toBeGreaterThan(0.8);
  });
});

describe("plain file listing", () => {
  const paths: string[] = [".gitignore", "package.json", "README.md"];
  for (const pkg of ["compiler-core", "compiler-sfc", "runtime-core", "runtime-dom", "reactivity"]) {
    for (let i = 0; i < 40; i++) paths.push(`packages/${pkg}/src/part${i}.ts`);
    for (let i = 0; i < 20; i++) paths.push(`packages/${pkg}/__tests__/part${i}.spec.ts`);
  }
  paths.push("packages/compiler-sfc/src/script/defineModel.ts", "packages/compiler-sfc/__tests__/compileScript/defineModel.spec.ts");
  paths.sort();
  const text = paths.join("\n") + "\n";

  it("keeps the matching paths verbatim and collapses other directories", async () => {
    expect(detectSearch(text)).toBeGreaterThanOrEqual(0.5);
    const r = await compress(text, { type: "search", query: "where are the unit tests for defineModel and which file implements it?", store: memoryStore() });
    expect(r.text).toContain("packages/compiler-sfc/src/script/defineModel.ts");
    expect(r.text).toContain("packages/compiler-sfc/__tests__/compileScript/defineModel.spec.ts");
    // the question asks for tests: every tests directory stays visible, collapsed
    expect(r.text).toContain("packages/runtime-core/__tests__/ (20 files)");
    expect(r.text).toContain("packages/runtime-core/src/ (40 files)");
    expect(r.text).toMatch(/\[… [\d,]+ of 305 paths collapsed by directory; ref tf_/);
    expectVerbatim(r.text, text);
    expect(r.ratio).toBeGreaterThan(0.8);
  });

  it("without a query, gives a directory overview", async () => {
    const r = await compress(text, { type: "search", store: memoryStore() });
    expect(r.text).toContain("packages/reactivity/src/ (40 files)");
    expect(r.text.split("\n").length).toBeLessThan(40);
  });
});

describe("detect", () => {
  it("is confident on grep and heading output, medium on listings", () => {
    expect(detectSearch(callSites(5, 3).join("\n"))).toBeGreaterThanOrEqual(0.9);
    expect(detectSearch("lib/http.c\n1296:  failf(x);\n1300-  y();\n\nlib/url.c\n88:  failf(z);\n")).toBeGreaterThanOrEqual(0.9);
    expect(detectSearch("src/a.ts\nsrc/b.ts\nsrc/c/d.ts\nREADME.md\n")).toBeCloseTo(0.6);
  });

  it("does not claim logs, JSON, diffs, code or pytest output", () => {
    const log = Array.from({ length: 20 }, (_, i) => `2024-05-01 12:00:${String(i).padStart(2, "0")},123 INFO worker-${i}: done`).join("\n");
    expect(detectSearch(log)).toBe(0);
    expect(detectSearch(JSON.stringify([{ path: "a/b.c", line: 3 }], null, 2))).toBe(0);
    expect(detectSearch("diff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n-a\n+b\n")).toBe(0);
    expect(detectSearch("import os\n\ndef main():\n    x = a[1:2:3]\n    return os.path.join('a', 'b')\n")).toBe(0);
    expect(detectSearch("tests/test_a.py::test_one PASSED [ 10%]\ntests/test_a.py::test_two PASSED [ 20%]\n")).toBe(0);
    expect(detectSearch('"fmt"\n"os"\n"strings"\n')).toBe(0);
  });
});

describe("query words", () => {
  it("are stemmed so relatives match as prefixes", () => {
    expect(stem("tests")).toBe("test");
    expect(stem("compressor")).toBe("compress");
    expect(stem("redirects")).toBe("redirect");
    expect(stem("class")).toBe("class");
    expect(stem("uses")).toBe("uses");
  });
});

describe("definitions", () => {
  it("finds the defined name across languages", () => {
    expect(definedName("def compute(a):")).toBe("compute");
    expect(definedName("export async function load(x) {")).toBe("load");
    expect(definedName("pub(crate) fn spawn_blocking<F>(f: F)")).toBe("spawn_blocking");
    expect(definedName("func (c *Context) JSON(code int, obj any) {")).toBe("JSON");
    expect(definedName("#define CURL_MAX_WRITE_SIZE 16384")).toBe("CURL_MAX_WRITE_SIZE");
    expect(definedName("    public static <T> T defaultIfNull(final T object, final T defaultValue) {")).toBe("defaultIfNull");
    expect(definedName("static CURLcode http_perform(struct Curl_easy *data,")).toBe("http_perform");
    expect(definedName("DEFAULT_TIMEOUT_CONFIG = Timeout(timeout=5.0)")).toBe("DEFAULT_TIMEOUT_CONFIG");
    expect(definedName("type Handler interface {")).toBe("Handler");
    expect(definedName("  count(text: string): number;")).toBe("count");
    expect(definedName("  async load(path) {")).toBe("load");
    expect(definedName("CREATE TABLE IF NOT EXISTS public.users (")).toBe("users");
    expect(definedName("    total = helper(x)")).toBeUndefined();
    expect(definedName("    helper(x);")).toBeUndefined();
    expect(definedName("  } else if (ready) {")).toBeUndefined();
    expect(definedName("  for (const x of xs) {")).toBeUndefined();
    expect(definedName("    return run(argc);")).toBeUndefined();
  });
});

describe("bad input", () => {
  it("a 100 KB single line passes through or compresses without throwing", async () => {
    const line = "src/a.js:1:" + "x".repeat(100_000);
    const r = await compress(line, { type: "search", query: "x", store: memoryStore() });
    expect(r.text.length).toBeGreaterThan(0);
  });

  it("a matching 100 KB minified line is listed, not pasted", async () => {
    const t = [...callSites(20, 5), `dist/app.min.js:1:${"var a=compute_backoff(1);".repeat(4000)}`, "src/core/retry.py:12:def compute_backoff(attempt, base=0.5):"].join("\n");
    const r = await compress(t, { type: "search", query: "compute_backoff", store: memoryStore() });
    expect(r.text).toContain("src/core/retry.py:12:def compute_backoff(attempt, base=0.5):");
    expect(r.text.length).toBeLessThan(10_000);
    expect(r.text).toMatch(/\[dist\/\] app\.min\.js$/m);
  });

  it("lossless passes through", async () => {
    const t = callSites(20, 5).join("\n");
    const r = await compress(t, { type: "search", lossless: true });
    expect(r.text).toBe(t);
    expect(r.reasons.map((x) => x.code)).toContain("pass.lossless");
  });

  it("text that is not search output passes through", async () => {
    const t = "Hello there.\nThis is prose, not grep output, and it goes on for a while.\n".repeat(40);
    const r = await compress(t, { type: "search", store: memoryStore() });
    expect(r.text).toBe(t);
  });

  it("100,000 grep lines compress in one linear pass", async () => {
    const big = callSites(5000, 20);
    big.push("src/core/retry.py:12:def compute_backoff(attempt, base=0.5):");
    const t = big.join("\n");
    const r = await compress(t, { type: "search", query: "compute_backoff", store: memoryStore() });
    expect(r.text).toContain("src/core/retry.py:12:def compute_backoff(attempt, base=0.5):");
    expect(r.ratio).toBeGreaterThan(0.8);
  });
});
