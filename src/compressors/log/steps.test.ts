// The step an error belongs to: when an error or warning is kept, the line that opens its step
// (apt's `Setting up x ...`, `Step 3/7 : RUN …`, `> Task :app:x`, `Compiling foo`, a CI group, the
// parent of an indented error) is kept too.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { createTwinBackend } from "../../core/wasm/twin-backend.js";
import { memoryStore } from "../../store/index.js";
import { Selection } from "./budget.js";
import { classify } from "./classify.js";
import { lineTable } from "./lines.js";
import { STEP_WINDOW, stepHeader } from "./steps.js";

const SYL = ["foo", "bar", "baz", "qux", "zap", "mel", "dor", "kin", "pra", "sol", "vex", "lum", "tor", "gal", "ryn", "bel", "cas", "dun", "fen", "hol"];
const pkg = (i: number) => `lib${SYL[i % 20]}${SYL[Math.floor(i / 20) % 20]}`;

/** The header of line `i` (0-based) of `text`, as a line of text. */
function headerOf(text: string, i: number, structured = false): string | null {
  const backend = createTwinBackend();
  backend.load(text);
  const t = lineTable(text, backend);
  const h = stepHeader(t, i, (j) => classify(t.text(j)), structured);
  return h < 0 ? null : t.text(h);
}

/** apt-get install output: many packages set up alike, one whose service fails to start. */
function aptLog(failAt: number, gap: number): string {
  const lines = ["Reading package lists...", "Building dependency tree...", "Reading state information..."];
  const n = 240;
  for (let i = 0; i < n; i++) lines.push(`Get:${i + 1} http://deb.debian.org/debian bookworm/main amd64 ${pkg(i)} amd64 1.${i % 7}-${i % 3} [${100 + i * 7} kB]`);
  lines.push("Fetched 48.2 MB in 3s (15.1 MB/s)");
  for (let i = 0; i < n; i++) {
    lines.push(`Selecting previously unselected package ${pkg(i)}:amd64.`, `Preparing to unpack .../${pkg(i)}_1.${i % 7}-${i % 3}_amd64.deb ...`, `Unpacking ${pkg(i)}:amd64 (1.${i % 7}-${i % 3}) ...`);
  }
  for (let i = 0; i < n; i++) {
    lines.push(`Setting up ${pkg(i)}:amd64 (1.${i % 7}-${i % 3}) ...`);
    // every package's setup prints the same kind of output, so none of it is rare
    const out = i === failAt ? gap : 2;
    for (let k = 0; k < out; k++) lines.push(`Creating config file /etc/${pkg(i)}/conf${k}.d with new version`);
    if (i === failAt) lines.push(`Failed to start ${pkg(i)}.service: No such file or directory`);
  }
  lines.push("Processing triggers for man-db (2.11.2-2) ...", "Processing triggers for libc-bin (2.36-9+deb12u4) ...");
  return lines.join("\n") + "\n";
}

const keptLines = (out: string) => out.split("\n").filter((l) => !l.startsWith("[… "));

describe("step header of a kept error", () => {
  it("apt: `Setting up libkinhol:amd64 (1.3-0) ...` five lines above `Failed to start …` is kept", async () => {
    // the header is like every other `Setting up` line (neither its template nor its shape is
    // rare), and its output lines are like every other package's: only the step rule keeps it
    const text = aptLog(150, 5);
    const r = await compress(text, { type: "log", query: "did the install succeed?", store: memoryStore() });
    const kept = keptLines(r.text);
    expect(kept).toContain(`Failed to start ${pkg(150)}.service: No such file or directory`);
    expect(kept).toContain(`Setting up ${pkg(150)}:amd64 (1.3-0) ...`);
    expect(r.reasons.find((x) => x.code === "log.kept")!.detail).toContain("step header");
    expect(r.ratio).toBeGreaterThan(0.9);
  });

  it("a header farther than the window is not looked for", async () => {
    const text = aptLog(150, STEP_WINDOW + 3);
    const lines = text.split("\n");
    const err = lines.indexOf(`Failed to start ${pkg(150)}.service: No such file or directory`);
    expect(err).toBeGreaterThan(0);
    expect(headerOf(text, err)).not.toBe(`Setting up ${pkg(150)}:amd64 (1.3-0) ...`);
  });

  it("docker build: `Step 31/60 : RUN make …` eight lines above the make error", async () => {
    const lines = ["Sending build context to Docker daemon  2.048kB"];
    const N = 60;
    for (let s = 1; s <= N; s++) {
      lines.push(`Step ${s}/${N} : RUN make -C ${pkg(s)}`, " ---> Running in 3f2a1b9c8d7e");
      for (let k = 0; k < 8; k++) lines.push(`gcc -O2 -c src/${pkg(s * 8 + k)}.c -o build/${pkg(s * 8 + k)}.o`);
      if (s === 31) {
        lines.push("src/parser.c:12:5: error: unknown type name 'sizet'", "make: *** [Makefile:12: all] Error 1");
        break;
      }
      lines.push(" ---> 9c8d7e6f5a4b", "Removing intermediate container 3f2a1b9c8d7e");
    }
    lines.push("The command '/bin/sh -c make' returned a non-zero code: 2");
    const r = await compress(lines.join("\n") + "\n", { type: "log", query: "why did the build fail?", store: memoryStore() });
    const kept = keptLines(r.text);
    expect(kept).toContain("src/parser.c:12:5: error: unknown type name 'sizet'");
    expect(kept).toContain(`Step 31/${N} : RUN make -C ${pkg(31)}`);
  });

  it("strong openers of many tools, found past their output", () => {
    const cases: Array<[string, string[], string]> = [
      ["Step 3/7 : RUN make", ["cc -c a.c", "cc -c b.c", "cc -c c.c"], "make: *** [all] Error 2"],
      ["> Task :app:compileDebugJavaWithJavac", ["Note: Some input files use unchecked operations.", "Note: Recompile with -Xlint:unchecked for details."], "/src/Main.java:12: error: cannot find symbol"],
      ["[INFO] --- maven-compiler-plugin:3.11.0:compile (default-compile) @ app ---", ["[INFO] Changes detected - recompiling the module!", "[INFO] Compiling 12 source files to /app/target/classes"], "[ERROR] /app/src/Main.java:[12,5] cannot find symbol"],
      ["==> Building package foo", ["  -> Applying patch fix.patch", "  -> Running configure", "checking for gcc... gcc"], "configure: error: C compiler cannot create executables"],
      ["#8 [3/5] RUN npm ci", ["#8 0.512 npm WARN deprecated inflight@1.0.6", "#8 4.120 added 812 packages"], "#8 ERROR: process \"/bin/sh -c npm ci\" did not complete successfully: exit code: 1"],
      ["___________________________ test_parse_header ___________________________", ["", "    def test_parse_header():", ">       assert parse('x') == 1"], "E       AssertionError: assert 0 == 1"],
    ];
    for (const [header, output, error] of cases) {
      const lines = ["some earlier line", header, ...output, error];
      expect(headerOf(lines.join("\n") + "\n", lines.length - 1)).toBe(header);
    }
  });

  it("a strong opener wins over a nearer weak one (`Creating user …` is output, not a step)", () => {
    const lines = ["Setting up polkitd (122-3) ...", "Creating group 'polkitd' with GID 996.", "Creating user 'polkitd' (User for polkitd) with UID 996 and GID 996.", "Failed to start polkit.service: No such file or directory"];
    expect(headerOf(lines.join("\n"), 3)).toBe("Setting up polkitd (122-3) ...");
  });

  it("weak openers when nothing stronger: cargo's indented `Compiling foo v0.1.0`", () => {
    const lines = ["   Compiling serde v1.0.190", "   Compiling foo v0.1.0 (/work/foo)", "error[E0425]: cannot find value `x` in this scope", " --> src/main.rs:2:5"];
    expect(headerOf(lines.join("\n"), 2)).toBe("   Compiling foo v0.1.0 (/work/foo)");
  });

  it("an indented error's parent: the first line above indented less", async () => {
    const lines: string[] = [];
    for (let s = 0; s < 60; s++) {
      lines.push(`checking service ${pkg(s)}`);
      for (let p = 0; p < 6; p++) lines.push(`    probe ${["http", "tcp", "dns", "tls", "disk", "mem"][p]} ${s === 41 && p === 5 ? "error: out of memory" : "ok"}`);
    }
    const text = lines.join("\n") + "\n";
    const err = lines.indexOf("    probe mem error: out of memory");
    expect(headerOf(text, err)).toBe(`checking service ${pkg(41)}`);
    const r = await compress(text, { type: "log", store: memoryStore() });
    const kept = keptLines(r.text);
    expect(kept).toContain("    probe mem error: out of memory");
    expect(kept).toContain(`checking service ${pkg(41)}`);
  });

  it("records: a CI step opened by a timestamped group line", () => {
    const ts = (s: number) => `2024-01-02T10:00:${String(s).padStart(2, "0")}.1234567Z`;
    const lines = [`${ts(1)} ##[group]Run npm test`, `${ts(2)} > app@1.0.0 test`, `${ts(3)} > vitest run`, `${ts(4)}  ✓ src/a.test.ts (3 tests)`, `${ts(5)} Error: expected 2 to be 3`];
    expect(headerOf(lines.join("\n"), 4, true)).toBe(`${ts(3)} > vitest run`); // the nearest
    const noNpm = [lines[0]!, `${ts(3)} running vitest`, lines[3]!, lines[4]!];
    expect(headerOf(noNpm.join("\n"), 3, true)).toBe(lines[0]);
  });

  it("records: a continuation line belongs to its record's first line", () => {
    const lines = ["2024-01-02 10:00:00 INFO start", "2024-01-02 10:00:01 INFO job sync-orders started", "java.lang.IllegalStateException: pool exhausted", "\tat com.example.Pool.acquire(Pool.java:88)", "  thrown from worker: failed"];
    expect(headerOf(lines.join("\n"), 4, true)).toBe(lines[1]);
  });

  it("an error above is skipped, and `#` frames are no parents", () => {
    const lines = ["Setting up foo (1.0) ...", "dpkg: error processing package foo (--configure):", " installed foo package post-installation script subprocess returned error exit status 1"];
    expect(headerOf(lines.join("\n"), 2)).toBe(lines[0]);
    const php = ["[2023-05-15 18:19:49] local.ERROR: Uncaught ReflectionException", "Stack trace:", "#0 Command line code(1): ReflectionClass->__construct('A')", "#1 Command line code(1): array_map(Object(Closure), Array)", "  thrown in Command line code on line 1"];
    expect(headerOf(php.join("\n"), 4)).toBeNull();
  });
});

/**
 * An apt term log (/var/log/apt/term.log): `n` packages unpacked, then set up; every service's
 * setup prints `invoke-rc.d` errors (one template per package name: hundreds of error templates),
 * and one package's daemon binary is missing (`start-stop-daemon: unable to stat …`).
 */
function termLog(n: number, failAt: number): string {
  const lines = ["Log started: 2024-03-01  10:00:00"];
  const ver = (i: number) => `1.${i % 7}-${i % 3}`;
  for (let i = 0; i < n; i++) {
    lines.push(`Selecting previously unselected package ${pkg(i)}.`, `Preparing to unpack .../${pkg(i)}_${ver(i)}_amd64.deb ...`, `Unpacking ${pkg(i)} (${ver(i)}) ...`);
  }
  for (let i = 0; i < n; i++) {
    lines.push(`Setting up ${pkg(i)} (${ver(i)}) ...`);
    if (i === failAt) lines.push(`Creating group '${pkg(i)}' with GID 996.`, `Creating user '${pkg(i)}' (User for ${pkg(i)}) with UID 996 and GID 996.`);
    else lines.push(`Created symlink /etc/systemd/system/multi-user.target.wants/${pkg(i)}.service → /lib/systemd/system/${pkg(i)}.service.`);
    lines.push("invoke-rc.d: could not determine current runlevel", "invoke-rc.d: policy-rc.d denied execution of start.");
    if (i === failAt) lines.push(`start-stop-daemon: unable to stat /usr/libexec/${pkg(i)}d (No such file or directory)`);
    else lines.push(`invoke-rc.d: initscript ${pkg(i)}, action "start" failed.`);
  }
  lines.push("Processing triggers for man-db (2.11.2-2) ...", "Processing triggers for libc-bin (2.36-9+deb12u4) ...", "Log ended: 2024-03-01  10:04:12", "");
  return lines.join("\n") + "\n";
}

describe("an error and its step header are one unit of evidence", () => {
  it("apt term log: the unique `unable to stat` error keeps its `Setting up …` header before repeated errors fill the budget", async () => {
    const n = 380;
    const failAt = 271;
    const text = termLog(n, failAt);
    expect(text.split("\n").length).toBeGreaterThan(3000);
    const error = `start-stop-daemon: unable to stat /usr/libexec/${pkg(failAt)}d (No such file or directory)`;
    const header = `Setting up ${pkg(failAt)} (1.5-1) ...`;
    const lines = text.split("\n");
    expect(lines.indexOf(error) - lines.indexOf(header)).toBe(5);
    const r = await compress(text, { type: "log", query: "which package was being set up when the daemon binary was missing, and which path?", store: memoryStore() });
    const kept = keptLines(r.text);
    // many error lines are dropped: the hard budget is full
    expect(kept.filter((l) => l.startsWith("invoke-rc.d: initscript")).length).toBeLessThan(n / 2);
    expect(kept).toContain(error);
    expect(kept).toContain(header);
    expect(r.ratio).toBeGreaterThan(0.75);
  });

  it("the budget takes a companion right after its line, at its rank, and a shared one once", () => {
    // lines 0..9 cost 10 each, a marker 1; line 1 is the header of errors 3 and 5; error 8 (rank
    // 5, lower) has header 7; the hard budget (45) holds four lines and their markers
    const sel = new Selection(10, () => 10, 1, () => 1);
    sel.propose(3, 560);
    sel.propose(5, 560);
    sel.propose(8, 550);
    const header = (i: number) => (i === 3 || i === 5 ? 1 : i === 8 ? 7 : -1);
    sel.take(0, 45, 500, header);
    expect([...sel.keep].map((p, i) => (p ? i : -1)).filter((i) => i >= 0)).toEqual([1, 3, 5, 8]);
    expect(sel.keep[1]).toBe(500);
    expect(sel.keep[7]).toBe(0); // its error came last: no room left for the header
  });
});
