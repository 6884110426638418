/**
 * The code compressor on its public API: detection, query awareness, retrieval of elided
 * functions, determinism, and bad input (minified, CRLF, binary-ish, unknown language, empty,
 * input that does not parse).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { compress } from "../../compress.js";
import { parseQuery } from "../../core/query.js";
import { createTwinBackend } from "../../core/wasm/twin-backend.js";
import { retrieve } from "../../retrieve.js";
import { memoryStore } from "../../store/index.js";
import { detectCode, guessLanguage } from "./detect.js";
import { defaultLocator, parserFor, setGrammarLocator } from "./grammar.js";
import { codeCompressor } from "./index.js";
import { SAMPLES } from "./samples.test.js";
import { errorSpans } from "./syntax.js";

const sample = (lang: string) => SAMPLES.find((s) => s.lang === lang)!;

async function errorsIn(lang: Parameters<typeof parserFor>[0], text: string): Promise<number> {
  const tree = (await parserFor(lang)).parse(text)!;
  try {
    return errorSpans(tree.rootNode).length;
  } finally {
    tree.delete();
  }
}

describe("detection", () => {
  test.each(SAMPLES)("$lang from content", ({ lang, code }) => {
    const g = guessLanguage(code);
    expect(g.lang).toBe(lang);
    expect(detectCode(code)).toBeGreaterThan(0.5);
  });

  test("a file name decides", () => {
    expect(guessLanguage("x = 1\n", "src/app.py").lang).toBe("python");
    expect(detectCode("x = 1\n", "src/app.py")).toBeGreaterThan(0.5);
    expect(detectCode(sample("go").code, "notes.md")).toBe(0);
  });

  const NOT_CODE: Record<string, string> = {
    json: JSON.stringify({ users: Array.from({ length: 30 }, (_, i) => ({ id: i, name: `user ${i}`, tags: ["a", "b"], active: i % 2 === 0 })) }, null, 2),
    log: Array.from({ length: 60 }, (_, i) => `2024-05-01T12:00:${String(i % 60).padStart(2, "0")}Z INFO  [worker-${i % 4}] processed job ${1000 + i} in ${i * 3}ms; return code ${i % 3}`).join("\n"),
    prose: Array.from({ length: 30 }, (_, i) => `The function returns ${i} when the input is empty, and it throws an error if the value is not a string. This is the default behaviour for every call.`).join("\n"),
    diff: [
      "diff --git a/src/app.py b/src/app.py",
      "index 1a2b3c4..5d6e7f8 100644",
      "--- a/src/app.py",
      "+++ b/src/app.py",
      "@@ -10,7 +10,8 @@ def handler(request):",
      ...Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `+    value = compute(${i})` : i % 3 === 1 ? `-    return old(${i})` : `     if value > ${i}:`)),
    ].join("\n"),
    grep: Array.from({ length: 40 }, (_, i) => `src/pkg/file${i % 5}.go:${i * 7 + 1}:func (s *Server) Handle${i}(w http.ResponseWriter, r *http.Request) {`).join("\n"),
    rg: ["lib/http.c", ...Array.from({ length: 30 }, (_, i) => `${100 + i * 7}:    failf(data, "Failed sending CONNECT to proxy ${i}");`), "", "lib/ftp.c", ...Array.from({ length: 10 }, (_, i) => `${20 + i}:  if (result) return CURLE_FAILED_INIT;`)].join("\n"),
    jsonWithCode: JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ id: i, patch: `def f${i}(x):\n    return x + ${i}\n`, code: `function g${i}() { return ${i}; }` })), null, 2),
    html: `<!DOCTYPE html>\n<html><head><script>\n${Array.from({ length: 30 }, (_, i) => `function h${i}(a) { const b = a + ${i}; if (b > 3) { return b; } return a; }`).join("\n")}\n</script></head><body><p>Hi</p></body></html>`,
    markdown: ["# Install", "", "Run the installer and then:", "", "```sh", "npm install tokenfold", "```", "", "## Usage", "", ...Array.from({ length: 20 }, (_, i) => `- step ${i}: configure the option number ${i} in the settings file.`)].join("\n"),
  };
  test.each(Object.entries(NOT_CODE))("%s is not code", (_, text) => {
    expect(detectCode(text)).toBe(0);
  });

  test("tiny snippets are not confidently code", () => {
    expect(detectCode("x = 1\n")).toBe(0);
    expect(detectCode("")).toBe(0);
  });
});

describe("query awareness", () => {
  test("a body holding a query identifier stays; others are elided", async () => {
    const go = sample("go");
    const r = await compress(go.code, { type: "code", fileName: go.file, query: "where is `ErrClosed` returned?", targetRatio: 0 });
    expect(r.text).toContain("\t\treturn ErrClosed");
    expect(r.text).toContain("body L");
    expect(r.text).not.toContain("ticker := time.NewTicker");
  });

  test("a long matching body is condensed to its matching statements, and still parses", async () => {
    const lines = ["function handler(req, res) {"];
    for (let i = 0; i < 60; i++) lines.push(`  const v${i} = compute(req, ${i});`);
    lines.push("  if (req.size > config.maxContentLength) {", "    res.status(413);", "    return reject(new Error('maxContentLength exceeded'));", "  }");
    for (let i = 0; i < 60; i++) lines.push(`  log(v${i});`);
    lines.push("  return res;", "}", "");
    const text = lines.join("\n");
    const r = await compress(text, { type: "code", fileName: "h.js", query: "what happens past maxContentLength?" });
    expect(r.text).toContain("  if (req.size > config.maxContentLength) {\n    res.status(413);");
    expect(r.text).toMatch(/\/\* \[… 60 lines omitted \(L2–L61\); ref tf_[0-9a-f]{24}\] \*\//);
    expect(r.reasons.map((x) => x.code)).toContain("code.skeleton");
    expect(r.reasons.find((x) => x.code === "code.skeleton")!.detail).toMatch(/condensed/);
    expect(await errorsIn("javascript", r.text)).toBe(0);
  });

  test("doc comments of other functions are trimmed at higher effort, query lines kept", async () => {
    const java = sample("java");
    const r = await compress(java.code, { type: "code", fileName: java.file, query: "what does mapAll return?", targetRatio: 1 });
    expect(r.text).toContain("public static <T extends CharSequence> List<String> mapAll(");
    expect(await errorsIn("java", r.text)).toBe(0);
  });

  test("elided functions can be retrieved by query", async () => {
    const store = memoryStore();
    const py = sample("python");
    const r = await compress(py.code, { type: "code", fileName: py.file, store, targetRatio: 1 });
    expect(r.refs).toHaveLength(1);
    expect(r.text).not.toContain("self.tokens = min(self.burst");
    const back = await retrieve(r.refs[0]!, { store, query: "refill tokens burst" });
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.value.text).toContain("self.tokens = min(self.burst, self.tokens + elapsed * self.rate)");
      expect(back.value.text.length).toBeLessThan(py.code.length);
    }
    const whole = await retrieve(r.refs[0]!, { store });
    expect(whole.ok && whole.value.text).toBe(py.code);
  });

  test("retrieval spans are right with non-ASCII text before them", async () => {
    const store = memoryStore();
    const py = sample("python");
    const text = `# Ünïcödé 🚀 header — 日本語\nGREETING = "héllo wörld 👋"\n\n${py.code}`;
    const r = await compress(text, { type: "code", fileName: py.file, store, targetRatio: 1 });
    const back = await retrieve(r.refs[0]!, { store, query: "refill elapsed" });
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.value.text).toContain("        elapsed = max(0.0, now - self.updated)\n");
  });

  test("long docstrings are trimmed inside the string, which stays valid Python", async () => {
    const doc = Array.from({ length: 30 }, (_, i) => `    Detail line ${i} about the behaviour of this function in some case.`).join("\n");
    const fns = Array.from({ length: 6 }, (_, k) => `def step${k}(x):\n    """Does step ${k}.\n\n${doc}\n    """\n    y = x + ${k}\n    for i in range(3):\n        y += i\n    if y > 10:\n        y -= 10\n    return y\n`);
    const text = `import math\n\n\n${fns.join("\n\n")}`;
    const r = await compress(text, { type: "code", fileName: "steps.py", targetRatio: 0.6 });
    expect(r.reasons.map((x) => x.code)).toContain("code.docs-trimmed");
    expect(r.text).toMatch(/ {4}\[… 31 doc lines omitted \(L\d+–L\d+\); ref tf_[0-9a-f]{24}\]\n {4}"""/);
    expect(await errorsIn("python", r.text)).toBe(0);
  });

  test("functions inside Rust macro bodies are elided too", async () => {
    const body = Array.from({ length: 8 }, (_, i) => `        let v${i} = x.wrapping_mul(${i + 3});`).join("\n");
    const text = `use std::fmt;\n\ncfg_feature! {\n    /// Does the thing.\n    pub fn thing(x: u32) -> u32 {\n${body}\n        x\n    }\n\n    pub fn other(x: u32) -> u32 {\n${body}\n        x + 1\n    }\n}\n`;
    const r = await compress(text, { type: "code", fileName: "lib.rs", targetRatio: 0 });
    expect(r.text).toContain("pub fn thing(x: u32) -> u32 { /* [… body L5–L15 omitted; ref");
    expect(await errorsIn("rust", r.text)).toBe(0);
  });

  test("deterministic", async () => {
    const ts = sample("typescript");
    const a = await compress(ts.code, { type: "code", query: "cache eviction", targetRatio: 1 });
    const b = await compress(ts.code, { type: "code", query: "cache eviction", targetRatio: 1 });
    expect(a.text).toBe(b.text);
    expect(a.reasons).toEqual(b.reasons);
  });

  test("lossless passes through", async () => {
    const c = sample("c");
    const r = await compress(c.code, { type: "code", lossless: true });
    expect(r.text).toBe(c.code);
    expect(r.refs).toEqual([]);
  });
});

describe("bad input", () => {
  test("100 KB single-line minified JavaScript: no throw, output parses", async () => {
    const parts: string[] = [];
    for (let i = 0; parts.join(";").length < 100_000; i++) {
      parts.push(`function f${i}(a,b){var c=a+b;if(c>${i}){for(var k=0;k<c;k++){b+=k*${i}}return c*2}return b-${i}}`);
    }
    const text = `!function(){"use strict";${parts.join(";")}}();`;
    expect(text.length).toBeGreaterThanOrEqual(100_000);
    expect(text).not.toContain("\n");
    const r = await compress(text, { type: "code", fileName: "bundle.min.js", query: "what does f77 do" });
    expect(r.tokensAfter).toBeLessThanOrEqual(r.tokensBefore);
    expect(await errorsIn("javascript", r.text)).toBe(0);
    if (r.text !== text) expect(r.text).toContain("function f77(a,b){var c=a+b;");
  });

  test("CRLF source keeps CRLF line ends", async () => {
    const py = sample("python");
    const crlf = py.code.replace(/\n/g, "\r\n");
    const r = await compress(crlf, { type: "code", fileName: py.file, targetRatio: 1 });
    expect(r.text).toContain("omitted");
    expect(r.text).toContain("\r\n");
    expect(/[^\r]\n/.test(r.text)).toBe(false);
    expect(await errorsIn("python", r.text)).toBe(0);
  });

  test("binary-ish text passes through", async () => {
    const bytes = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 37) % 256)).join("");
    const r = await compress(bytes.replace(/\0/g, "\u0001"), { type: "code" });
    expect(r.reasons.at(-1)!.code).toMatch(/^pass\./);
    expect(r.refs).toEqual([]);
    expect(detectCode(bytes)).toBe(0);
  });

  test("unknown language passes through with a reason", async () => {
    const lisp = Array.from({ length: 20 }, (_, i) => `(defun f${i} (x) (let ((y (* x ${i}))) (list y y)))`).join("\n");
    const r = await compress(lisp, { type: "code" });
    expect(r.text).toBe(lisp);
    expect(r.reasons.map((x) => x.code)).toContain("pass.unknown-language");
  });

  test("empty input", async () => {
    const r = await compress("", { type: "code" });
    expect(r.text).toBe("");
    const direct = await codeCompressor.compress({ text: "", query: parseQuery(""), backend: createTwinBackend(), ref: "tf_000000000000000000000000", targetRatio: 0.8, lossless: false, count: (s) => s.length });
    expect(direct.text).toBe("");
    expect(direct.reasons[0]!.code).toBe("pass.empty");
  });

  test("input with many parse errors passes through", async () => {
    const broken = sample("python").code.replace(/:\n/g, "\n").replace(/\)/g, "");
    const r = await compress(broken, { type: "code", fileName: "broken.py" });
    expect(r.text).toBe(broken);
    expect(r.reasons.map((x) => x.code)).toContain("pass.parse-error");
  });

  test("input with one parse error is compressed without adding errors", async () => {
    const go = sample("go");
    const broken = go.code.replace("func countAll[T any](qs ...*Queue[T]) int {", "func countAll[T any](qs ...*Queue[T]) int { %%%");
    const before = await errorsIn("go", broken);
    expect(before).toBeGreaterThan(0);
    const r = await compress(broken, { type: "code", fileName: go.file, targetRatio: 1 });
    expect(await errorsIn("go", r.text)).toBeLessThanOrEqual(before);
  });
});

describe("grammar loading", () => {
  test("an injected locator may serve the grammar bytes", async () => {
    let asked = 0;
    setGrammarLocator((lang) => {
      asked++;
      return new Uint8Array(readFileSync(defaultLocator(lang)));
    });
    try {
      const rs = sample("rust");
      const r = await compress(rs.code, { type: "code", fileName: rs.file, targetRatio: 1 });
      expect(asked).toBe(1);
      expect(r.text).toContain("omitted");
    } finally {
      setGrammarLocator();
    }
  });

  test("the default locator gives a file path in Node", () => {
    const p = defaultLocator("python");
    expect(p.endsWith("tree-sitter-python.wasm")).toBe(true);
    expect(p.startsWith("/")).toBe(true);
    expect(fileURLToPath(new URL(`file://${p}`))).toBe(p);
  });

  test("a failing locator passes the text through", async () => {
    setGrammarLocator(() => {
      throw new Error("no grammars here");
    });
    try {
      const c = sample("c");
      const r = await compress(c.code, { type: "code", fileName: c.file });
      expect(r.text).toBe(c.code);
      expect(r.reasons.map((x) => x.code)).toContain("pass.grammar-unavailable");
    } finally {
      setGrammarLocator();
    }
  });
});
