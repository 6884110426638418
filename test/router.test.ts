// The router: each kind of tool output goes to its compressor; unsure input goes to `text`.
import { describe, expect, it } from "vitest";
import { pick, route } from "../src/router.js";

const SAMPLES: Record<string, string> = {
  json: JSON.stringify({ items: [{ id: 1, name: "a" }, { id: 2, name: "b" }] }, null, 2),
  jsonl: '{"level":"info","msg":"start"}\n{"level":"error","msg":"boom"}\n{"level":"info","msg":"done"}\n',
  diff: [
    "diff --git a/src/app.ts b/src/app.ts",
    "index 3b18e51..a9c2f10 100644",
    "--- a/src/app.ts",
    "+++ b/src/app.ts",
    "@@ -1,4 +1,4 @@",
    " import x from 'y';",
    "-const port = 80;",
    "+const port = 8080;",
    " export default port;",
    "",
  ].join("\n"),
  gitlog: [
    "commit 6b6b605eaf73852fb2dae033f1e786155959de3a",
    "Author: Jane Doe <jane@example.com>",
    "Date:   Mon Aug 12 10:00:00 2024 +0200",
    "",
    "    fix(http): parse URLs safely",
    "",
    "diff --git a/lib/a.js b/lib/a.js",
    "--- a/lib/a.js",
    "+++ b/lib/a.js",
    "@@ -10,3 +10,3 @@ function a() {",
    "   const b = 1;",
    "-  return b;",
    "+  return b + 1;",
    " }",
    "",
  ].join("\n"),
  grep: Array.from({ length: 30 }, (_, i) => `src/module${i % 5}/file${i}.rs:${10 + i}:    let timeout = Duration::from_secs(${i});`).join("\n") + "\n",
  heading: ["lib/http.c", "1296:      failf(data, \"Maximum (%d) redirects followed\", n);", "1301:      return CURLE_TOO_MANY_REDIRECTS;", "", "lib/url.c", "88:  failf(data, \"bad\");", ""].join("\n"),
  python: [
    "import os",
    "from typing import Optional",
    "",
    "",
    "class Config:",
    '    """Settings read from the environment."""',
    "",
    "    def __init__(self, name: str) -> None:",
    "        self.name = name",
    "",
    "    def path(self) -> Optional[str]:",
    "        return os.environ.get(self.name)",
    "",
    "",
    "def main() -> int:",
    "    cfg = Config('HOME')",
    "    print(cfg.path())",
    "    return 0",
    "",
  ].join("\n"),
  go: [
    "package main",
    "",
    'import "fmt"',
    "",
    "type Server struct {",
    "\tAddr string",
    "}",
    "",
    "func (s *Server) Start() error {",
    '\tfmt.Println("listening on", s.Addr)',
    "\treturn nil",
    "}",
    "",
    "func main() {",
    '\ts := &Server{Addr: ":8080"}',
    "\t_ = s.Start()",
    "}",
    "",
  ].join("\n"),
  log: Array.from({ length: 40 }, (_, i) => `2024-05-01 12:00:${String(i).padStart(2, "0")},123 INFO  [worker-${i % 4}] Processed batch ${i} in ${i * 3} ms`).join("\n") + "\n",
  access: Array.from({ length: 40 }, (_, i) => `10.0.0.${i} - - [22/Jan/2019:03:56:${String(i % 60).padStart(2, "0")} +0330] "GET /product/${i} HTTP/1.1" 200 ${1000 + i} "-" "Mozilla/5.0"`).join("\n") + "\n",
  html: "<!DOCTYPE html>\n<html><head><title>Docs</title><script>var a=1;</script></head><body><nav><a href='/'>Home</a></nav><main><h1>Install</h1><p>Run the installer, then restart.</p></main></body></html>\n",
  markdown: [
    "# Frequently asked questions",
    "",
    "## Why does my upload stall?",
    "",
    "Because the client waits for the server to accept the body before it sends it. This is a",
    "feature of HTTP/1.1 and can be turned off with a header.",
    "",
    "## Where are the docs?",
    "",
    "- In the `docs/` folder of the source tree.",
    "- On the project's web site.",
    "",
  ].join("\n"),
};

const EXPECTED: Record<string, string> = {
  json: "json", jsonl: "json", diff: "diff", gitlog: "diff", grep: "search", heading: "search", python: "code", go: "code",
  log: "log", access: "log", html: "html", markdown: "text",
};

describe("route", () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`${name} → ${EXPECTED[name]}`, () => {
      expect(route(text)).toBe(EXPECTED[name]);
    });
  }

  it("a file name hint picks code for a short snippet", () => {
    expect(route("x = 1\ny = 2\n", "settings.py")).toBe("code");
  });

  it("plain prose and unknown input go to text, the fallback", () => {
    expect(route("Hello there. This is a note about nothing in particular, written in plain words.")).toBe("text");
    expect(route("\u0001\u0002 random ~~ bytes ~~")).toBe("text");
  });
});

describe("pick: doubt goes to the less lossy compressor", () => {
  it("below the confidence floor → text", () => {
    expect(pick({ code: 0.4, log: 0.45 })).toBe("text");
  });
  it("a clear winner wins", () => {
    expect(pick({ code: 0.9, log: 0.6 })).toBe("code");
  });
  it("a near tie goes to the less lossy type", () => {
    expect(pick({ code: 0.72, log: 0.65 })).toBe("log");
    expect(pick({ search: 0.6, diff: 0.62, json: 0 })).toBe("diff");
  });
});

describe("pickLazily: the router stops asking detectors once the answer cannot change", () => {
  it("always gives what pick gives over every score, and skips detectors after a clear winner", async () => {
    const { default: fc } = await import("fast-check");
    const { pickLazily, LEAST_LOSSY_FIRST } = await import("../src/router.js");
    // steps of 0.05 hit the NEAR_TIE and MIN_CONFIDENCE edges often
    const score = fc.integer({ min: 0, max: 20 }).map((n) => n / 20);
    fc.assert(
      fc.property(fc.array(score, { minLength: LEAST_LOSSY_FIRST.length, maxLength: LEAST_LOSSY_FIRST.length }), (values) => {
        const all = Object.fromEntries(LEAST_LOSSY_FIRST.map((t, i) => [t, values[i]!]));
        expect(pickLazily((t) => all[t]!)).toBe(pick(all));
      }),
      { numRuns: 3000 },
    );
    const asked: string[] = [];
    expect(pickLazily((t) => (asked.push(t), t === "json" ? 1 : 0))).toBe("json");
    expect(asked).toEqual(["json"]);
    // and the real JSON detector's score on a whole document is clear enough for that
    const { detectJson } = await import("../src/compressors/json/detect.js");
    const doc = JSON.stringify([{ id: 1, name: "a" }, { id: 2, name: "b" }], null, 2);
    asked.length = 0;
    expect(pickLazily((t) => (asked.push(t), t === "json" ? detectJson(doc) : 0))).toBe("json");
    expect(asked).toEqual(["json"]);
  });
});
