/**
 * Test helpers: builds valid `git log -p` text from a compact description, and applies a
 * unified diff to a file strictly (headers, counts and context must all agree), so tests can
 * prove that trimmed hunks still describe the same change. A test file (so the build skips it);
 * its own tests check the helpers.
 * @module
 */
import { describe, expect, it } from "vitest";

/** A hunk: where it starts in the old file and its body lines (" ctx", "-old", "+new"). */
export interface HunkSpec {
  oldStart: number;
  body: string[];
  heading?: string;
}

export interface FileSpec {
  path: string;
  hunks?: HunkSpec[];
  /** Extra header lines after `diff --git` (e.g. `new file mode 100644`, `Binary files … differ`). */
  headers?: string[];
  /** Leave out the `---`/`+++` pair (binary and mode-only diffs). */
  noPaths?: boolean;
}

export interface CommitSpec {
  sha: string;
  subject: string;
  body?: string[];
  files: FileSpec[];
}

/** `@@ -a,b +c,d @@` for a body starting at old line `oldStart`, with `delta` lines added before it. */
export function headerFor(h: HunkSpec, delta = 0): string {
  let oc = 0;
  let nc = 0;
  for (const l of h.body) {
    if (l.startsWith("\\")) continue;
    if (l[0] !== "+") oc++;
    if (l[0] !== "-") nc++;
  }
  const os = oc === 0 ? h.oldStart - 1 : h.oldStart;
  const ns = nc === 0 ? h.oldStart - 1 + delta : h.oldStart + delta;
  const side = (s: number, c: number) => (c === 1 ? `${s}` : `${s},${c}`);
  return `@@ -${side(os, oc)} +${side(ns, nc)} @@${h.heading ?? ""}`;
}

/** The diff of one file, as `git diff` prints it. */
export function fileDiff(f: FileSpec): string[] {
  const out = [`diff --git a/${f.path} b/${f.path}`, ...(f.headers ?? ["index 1111111..2222222 100644"])];
  if (!f.noPaths) out.push(`--- a/${f.path}`, `+++ b/${f.path}`);
  let delta = 0;
  for (const h of f.hunks ?? []) {
    out.push(headerFor(h, delta), ...h.body);
    for (const l of h.body) delta += l[0] === "+" ? 1 : l[0] === "-" ? -1 : 0;
  }
  return out;
}

/** `git log -p` text for the commits, newest first as given. */
export function gitLog(commits: CommitSpec[]): string {
  const out: string[] = [];
  commits.forEach((c, k) => {
    if (k > 0) out.push("");
    out.push(`commit ${c.sha}`, `Author: Dev ${k} <dev${k}@example.com>`, `Date:   Mon Jan ${(k % 28) + 1} 10:00:00 2024 +0000`, "", `    ${c.subject}`);
    for (const b of c.body ?? []) out.push(b === "" ? "    " : `    ${b}`);
    out.push("");
    for (const f of c.files) out.push(...fileDiff(f));
  });
  return out.join("\n") + "\n";
}

/** Context lines `ctx <tag> <i>` for i in [from, to). */
export function ctx(tag: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(` ctx ${tag} ${i}`);
  return out;
}

/** A 40-hex sha from a number. */
export function sha(n: number): string {
  return n.toString(16).padStart(8, "0").repeat(5);
}

/**
 * Applies the hunks of one file's diff (lines after `+++`) to `old`, checking every header
 * count, the new-side start, and every context and removed line. Throws on any mismatch.
 */
export function applyStrict(old: string[], patch: string[]): string[] {
  const result: string[] = [];
  let pos = 0;
  let i = 0;
  while (i < patch.length) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(patch[i]!);
    if (!m) throw new Error(`expected a hunk header at patch line ${i}: ${patch[i]}`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? 1 : Number(m[2]);
    const c = Number(m[3]);
    const d = m[4] === undefined ? 1 : Number(m[4]);
    const start = b === 0 ? a : a - 1;
    if (start < pos) throw new Error(`hunk ${patch[i]} overlaps the previous one`);
    while (pos < start) result.push(old[pos++]!);
    if (result.length !== (d === 0 ? c : c - 1)) throw new Error(`hunk ${patch[i]}: new side starts at ${result.length + 1}`);
    i++;
    let oc = 0;
    let nc = 0;
    while (i < patch.length && !patch[i]!.startsWith("@@")) {
      const l = patch[i]!;
      const t = l.slice(1);
      if (l[0] === " " || l[0] === "-") {
        if (old[pos] !== t) throw new Error(`hunk line ${JSON.stringify(l)} does not match old line ${pos + 1} ${JSON.stringify(old[pos])}`);
        pos++;
        oc++;
        if (l[0] === " ") { result.push(t); nc++; }
      } else if (l[0] === "+") {
        result.push(t);
        nc++;
      } else if (l[0] !== "\\") throw new Error(`not a hunk line: ${JSON.stringify(l)}`);
      i++;
    }
    if (oc !== b || nc !== d) throw new Error(`hunk ${m[0]} counts ${b}/${d}, body has ${oc}/${nc}`);
  }
  while (pos < old.length) result.push(old[pos++]!);
  return result;
}

describe("test helpers", () => {
  it("gitLog writes hunks that applyStrict accepts", () => {
    const old = ctx("a", 1, 11).map((l) => l.slice(1));
    const hunk: HunkSpec = { oldStart: 4, body: [...ctx("a", 4, 6), "-ctx a 6", "+new", ...ctx("a", 7, 9)] };
    const text = gitLog([{ sha: sha(1), subject: "s", files: [{ path: "x", hunks: [hunk] }] }]);
    const patch = text.split("\n").slice(text.split("\n").indexOf("+++ b/x") + 1, -1);
    expect(patch[0]).toBe("@@ -4,5 +4,5 @@");
    expect(applyStrict(old, patch)[5]).toBe("new");
    expect(() => applyStrict(old, ["@@ -4,5 +4,4 @@", ...hunk.body])).toThrow(/counts/);
  });
});
