// Shapes, the coarse template level: logs whose lines carry free-text names (dpkg, apt, package
// managers) still have rare structural variants, and markers can name a shape.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { createTwinBackend } from "../../core/wasm/twin-backend.js";
import { memoryStore } from "../../store/index.js";
import { classify, Kind } from "./classify.js";
import { lineTable } from "./lines.js";
import { groupShapes, NO_SHAPE, shapeDisplay } from "./shapes.js";
import { groupTemplates } from "./templates.js";

const SYL = ["foo", "bar", "baz", "qux", "zap", "mel", "dor", "kin", "pra", "sol", "vex", "lum", "tor", "gal", "ryn", "bel", "cas", "dun", "fen", "hol"];
const SUFFIX = ["", "-dev", "-common", "-data", "-doc", "-utils"];
/** A digit-free package name: the core's masking leaves it, so every package is its own template. */
const pkg = (i: number) => `lib${SYL[i % 20]}${SYL[Math.floor(i / 20) % 20]}${SUFFIX[Math.floor(i / 400) % 6]}`;

interface DpkgOptions {
  runs: number;
  /** Runs whose header is `startup archives install` instead of `… unpack`. */
  archiveInstall?: number[];
  /** [run, package] pairs that are a fresh `install X <none> V` instead of the run's usual action. */
  odd?: Array<[number, number]>;
  /** The usual action: `upgrade` (default) or `install`. */
  action?: "upgrade" | "install";
  names?: (i: number) => string;
}

/** A dpkg.log: runs of unpack/configure over six packages each. */
function dpkgLog(o: DpkgOptions): string {
  const lines: string[] = [];
  let s = 0;
  const ts = () => {
    s++;
    return `2024-01-02 ${String(8 + Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
  };
  const name = o.names ?? pkg;
  let p = 0;
  for (let r = 0; r < o.runs; r++) {
    lines.push(`${ts()} startup archives ${o.archiveInstall?.includes(r) ? "install" : "unpack"}`);
    const run: string[] = [];
    for (let j = 0; j < 6; j++) {
      const nm = `${name(p++)}:amd64`;
      run.push(nm);
      const odd = o.odd?.some(([a, b]) => a === r && b === j);
      const action = odd ? (o.action === "install" ? "upgrade" : "install") : (o.action ?? "upgrade");
      if (action === "install") lines.push(`${ts()} install ${nm} <none> 2.${j}-1`);
      else lines.push(`${ts()} upgrade ${nm} 1.${j}-1 1.${j}-2`);
      lines.push(`${ts()} status half-installed ${nm} 1.${j}-1`);
      lines.push(`${ts()} status unpacked ${nm} 1.${j}-2`);
    }
    lines.push(`${ts()} startup packages configure`);
    for (const nm of run) {
      lines.push(`${ts()} configure ${nm} 1.0-2 <none>`);
      lines.push(`${ts()} status unpacked ${nm} 1.0-2`);
      lines.push(`${ts()} status half-configured ${nm} 1.0-2`);
      lines.push(`${ts()} status installed ${nm} 1.0-2`);
    }
    lines.push(`${ts()} trigproc man-db:amd64 2.9.4-2 <none>`);
    lines.push(`${ts()} status half-configured man-db:amd64 2.9.4-2`);
    lines.push(`${ts()} status installed man-db:amd64 2.9.4-2`);
  }
  return lines.join("\n") + "\n";
}

/** Shapes of a text, straight from the modules. */
function shapesOf(text: string) {
  const backend = createTwinBackend();
  backend.load(text);
  const t = lineTable(text, backend);
  const tpl = groupTemplates(t.spans, t.n);
  const use = new Uint8Array(tpl.size);
  for (let k = 0; k < tpl.size; k++) use[k] = classify(t.text(tpl.first[k]!)) & Kind.BLANK ? 0 : 1;
  const shapes = groupShapes(t, tpl, use);
  const shapeOfLine = (i: number) => shapes.of[tpl.id[i]!]!;
  return { t, tpl, shapes, shapeOfLine };
}

const kept = (out: string, needle: string) => out.split("\n").filter((l) => !l.startsWith("[… ") && l.includes(needle));

describe("shapes", () => {
  it("names vary, structural words stay: one shape for every `status installed <pkg>`, another for each verb", () => {
    const text = dpkgLog({ runs: 40, archiveInstall: [17] });
    const { t, tpl, shapes, shapeOfLine } = shapesOf(text);
    const lines = text.trimEnd().split("\n");
    const idx = (re: RegExp, from = 0) => lines.findIndex((l, i) => i >= from && re.test(l));
    const installed = idx(/ status installed lib/);
    const installedLater = idx(/ status installed lib/, installed + 1);
    expect(tpl.id[installed]).not.toBe(tpl.id[installedLater]); // names make the templates differ…
    expect(shapeOfLine(installed)).toBe(shapeOfLine(installedLater)); // …not the shapes
    expect(shapeOfLine(installed)).not.toBe(shapeOfLine(idx(/ status unpacked lib/)));
    const unpack = idx(/startup archives unpack$/);
    const install = idx(/startup archives install$/);
    expect(shapeOfLine(unpack)).not.toBe(shapeOfLine(install));
    expect(shapes.count[shapeOfLine(install)]).toBe(1);
    expect(shapes.count[shapeOfLine(unpack)]).toBe(39);
    const s = shapeOfLine(installed);
    expect(shapeDisplay(t.text(installed), shapes.tokens[s]!, shapes.vary[s]!)).toBe("<*> <*> status installed <*> <*>");
  });

  it("templates left out get no shape; the result is the same for the same input", () => {
    const text = "2024-01-02 10:00:00 a b\n\n2024-01-02 10:00:01 a c\n";
    const backend = createTwinBackend();
    backend.load(text);
    const t = lineTable(text, backend);
    const tpl = groupTemplates(t.spans, t.n);
    const use = Uint8Array.from([1, 0, 1]);
    const a = groupShapes(t, tpl, use);
    expect(a.of[tpl.id[1]!]).toBe(NO_SHAPE);
    expect(Array.from(groupShapes(t, tpl, use).of)).toEqual(Array.from(a.of));
  });

  it("keeps the 2 `startup archives install` among 300 `startup archives unpack`", async () => {
    const text = dpkgLog({ runs: 300, archiveInstall: [111, 222] });
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.ratio).toBeGreaterThan(0.95);
    expect(kept(r.text, "startup archives install")).toHaveLength(2);
  });

  it("keeps the 3 `install X <none> V` among thousands of upgrade/status lines", async () => {
    const text = dpkgLog({ runs: 120, odd: [[20, 2], [61, 4], [99, 0]] });
    expect(text.split("\n").length).toBeGreaterThan(3000);
    const r = await compress(text, { type: "log", query: "what did dpkg do?", store: memoryStore() });
    expect(kept(r.text, "<none> 2.")).toHaveLength(3);
  });

  it("keeps the one `upgrade` among the `install`s", async () => {
    const text = dpkgLog({ runs: 60, action: "install", odd: [[33, 3]] });
    const r = await compress(text, { type: "log", store: memoryStore() });
    const up = kept(r.text, " upgrade ");
    expect(up).toHaveLength(1);
    expect(up[0]).toMatch(/upgrade lib\w+:amd64 1\.3-1 1\.3-2$/);
  });

  it("a run of lines that differ only by name collapses into a marker that names the shape", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 600; i++) lines.push(`2024-01-02 10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} status installed ${pkg(i)}:amd64 1.0-2`);
    const r = await compress(lines.join("\n") + "\n", { type: "log", store: memoryStore() });
    expect(r.text).toMatch(/lines omitted \(L\d+–L\d+\), all like: <\*> <\*> status installed <\*> <\*>; ref tf_/);
  });

  it("a log where most shapes are rare stays within budget", async () => {
    // every line a different sentence of names: rarity is meaningless, the budget holds
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`2024-01-02 10:00:${String(i % 60).padStart(2, "0")} ${pkg(i * 7)} ${pkg(i * 13 + 1)} ${pkg(i * 3 + 2)} ${pkg(i + 5)} ${pkg(i * 11)}`);
    const r = await compress(lines.join("\n") + "\n", { type: "log", store: memoryStore() });
    expect(r.ratio).toBeGreaterThan(0.9);
  });

  it("wasm and js engines give identical output on name-heavy logs", async () => {
    const text = dpkgLog({ runs: 150, archiveInstall: [40], odd: [[90, 1]] });
    for (const query of [undefined, "which package was installed fresh?"]) {
      const a = await compress(text, { type: "log", query, engine: "wasm", store: memoryStore() });
      const b = await compress(text, { type: "log", query, engine: "js", store: memoryStore() });
      expect(a.text).toBe(b.text);
    }
  });
});

describe("trouble words inside package names", () => {
  const names = ["libgpg-error-dev", "liberror-prone-java", "python3-exceptiongroup", "node-fail-fast", "libfatal-utils", "golang-github-pkg-errors-dev", "node-abort-controller"];
  it("a name holding a trouble word does not make the line an error or a warning", () => {
    for (const nm of names) {
      expect(classify(`2024-01-02 10:00:01 status installed ${nm}:amd64 1.46-1`) & (Kind.ERROR | Kind.WARN)).toBe(0);
      expect(classify(`Setting up ${nm} (1.2-3) ...`) & (Kind.ERROR | Kind.WARN)).toBe(0);
      expect(classify(`Unpacking ${nm} (1.2-3) over (1.2-2) ...`) & (Kind.ERROR | Kind.WARN)).toBe(0);
    }
  });
  it("real errors still are, names or not", () => {
    for (const line of [
      "java.lang.IllegalStateException: connection pool exhausted",
      "org.apache.kafka.common.errors.NotLeaderForPartitionException: This server is not the leader",
      "Connection failed.",
      "error: could not compile `foo`",
      "dpkg: error processing package libgpg-error-dev (--configure):",
      "E: Sub-process /usr/bin/dpkg returned an error code (1)",
      "[ERROR] Failed to execute goal",
    ]) expect(classify(line) & Kind.ERROR).toBe(Kind.ERROR);
    expect(classify("W: libgpg-error-dev: warning: old version") & (Kind.ERROR | Kind.WARN)).toBe(Kind.WARN);
  });
  it("a dpkg log full of such names keeps no error lines", async () => {
    const text = dpkgLog({ runs: 80, names: (i) => (i % 9 === 0 ? names[(i / 9) % names.length]! : pkg(i)) });
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.reasons.find((x) => x.code === "log.kept")!.detail).not.toContain("error/warning");
  });
});
