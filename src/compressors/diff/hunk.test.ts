// trimHunk: sub-hunk headers match what is shown, and the trimmed patch makes the same change.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyStrict, headerFor } from "./helpers.test.js";
import { focusHunk, hunkHeader, trimHunk } from "./hunk.js";
import { parseDiff } from "./parse.js";

/** A file of `prefix` untouched lines, then the ops, then `suffix` untouched lines. */
function scenario(prefix: number, ops: Array<" " | "-" | "+">, suffix: number) {
  const old: string[] = [];
  for (let i = 0; i < prefix; i++) old.push(`p${i}`);
  const body: string[] = [];
  ops.forEach((op, k) => {
    const t = op === "+" ? `new ${k}` : `old ${k}`;
    body.push(op + t);
    if (op !== "+") old.push(t);
  });
  for (let i = 0; i < suffix; i++) old.push(`s${i}`);
  const header = headerFor({ oldStart: prefix + 1, body });
  const lines = ["--- a/f", "+++ b/f", header, ...body];
  return { old, lines, text: lines.join("\n") + "\n" };
}

describe("trimHunk", () => {
  it("cuts context to one line and recomputes both headers", () => {
    const ops: Array<" " | "-" | "+"> = [..."      -+      ".split("")] as never;
    const { lines, text } = scenario(10, ops, 5);
    const h = parseDiff(text).files[0]!.hunks[0]!;
    expect(h.valid).toBe(true);
    const t = trimHunk(lines, h, 1);
    expect(t.lines).toEqual(["@@ -16,3 +16,3 @@", " old 5", "-old 6", "+new 7", " old 8"]);
    expect(t.omitted).toBe(10);
  });

  it("splits where the kept context leaves a gap, one header per sub-hunk", () => {
    const ops = [..." -        + "] as Array<" " | "-" | "+">;
    const { lines, text } = scenario(0, ops, 0);
    const t = trimHunk(lines, parseDiff(text).files[0]!.hunks[0]!, 1);
    expect(t.lines).toEqual(["@@ -1,3 +1,2 @@", " old 0", "-old 1", " old 2", "@@ -10,2 +9,3 @@", " old 9", "+new 10", " old 11"]);
  });

  it("headers of a pure insertion and a pure deletion use the line before", () => {
    expect(hunkHeader(0, 0, 1, 3)).toBe("@@ -0,0 +1,3 @@");
    const { lines, text } = scenario(20, [..."     +++     "] as never, 0);
    const t = trimHunk(lines, parseDiff(text).files[0]!.hunks[0]!, 1);
    expect(t.lines[0]).toBe("@@ -25,2 +25,5 @@");
    const del = scenario(20, [..."     ---     "] as never, 0);
    expect(trimHunk(del.lines, parseDiff(del.text).files[0]!.hunks[0]!, 1).lines[0]).toBe("@@ -25,5 +25,2 @@");
  });

  it("leaves an invalid hunk verbatim", () => {
    const lines = ["--- a/f", "+++ b/f", "@@ -1,9 +1,9 @@", " a", "-b", "+c", " d"];
    const h = parseDiff(lines.join("\n")).files[0]!.hunks[0]!;
    expect(h.valid).toBe(false);
    expect(trimHunk(lines, h, 1).lines).toEqual(lines.slice(2));
  });

  it("property: the trimmed sub-hunks apply to the old file and give the same new file", () => {
    const op = fc.constantFrom<" " | "-" | "+">(" ", " ", " ", " ", "-", "+");
    fc.assert(
      fc.property(fc.nat(30), fc.array(op, { minLength: 1, maxLength: 60 }), fc.nat(30), fc.constantFrom(1, 2), (prefix, ops, suffix, context) => {
        const { old, lines, text } = scenario(prefix, ops, suffix);
        const d = parseDiff(text);
        const h = d.files[0]!.hunks[0]!;
        expect(h.valid).toBe(true);
        const want = applyStrict(old, lines.slice(2));
        const t = trimHunk(lines, h, context);
        expect(applyStrict(old, t.lines)).toEqual(want);
        // every change line survives, in order
        expect(t.lines.filter((l) => l[0] === "+" || l[0] === "-")).toEqual(lines.slice(3).filter((l) => l[0] === "+" || l[0] === "-"));
        // re-parsing the output finds only valid hunks
        const again = parseDiff(["--- a/f", "+++ b/f", ...t.lines].join("\n"));
        expect(again.problems).toEqual([]);
        expect(again.files[0]!.hunks.every((x) => x.valid)).toBe(true);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});

describe("focusHunk", () => {
  it("keeps the chosen lines and their neighbours as sub-hunks whose headers count what is shown", () => {
    const ops = [..."  ++++++++-++++++++++--+++++  "] as Array<" " | "-" | "+">;
    const { lines, text } = scenario(20, ops, 4);
    const h = parseDiff(text).files[0]!.hunks[0]!;
    // "new 5" and "old 21" are what the question points at
    const f = focusHunk(lines, h, (l) => l === "new 5" || l === "old 21", 1);
    // 22 old lines (20 + 2 context) and 24 new ones come before "new 4"; 23 old (one removed) and
    // 39 new before "new 20"
    expect(f.lines).toEqual(["@@ -22,0 +25,3 @@", "+new 4", "+new 5", "+new 6", "@@ -24,2 +40 @@", "+new 20", "-old 21", "-old 22"]);
    expect(f.changesOmitted).toBe(ops.filter((o) => o !== " ").length - 6);
    // every sub-hunk parses as valid (its counts match its lines)
    for (const hh of parseDiff(["--- a/f", "+++ b/f", ...f.lines].join("\n") + "\n").files[0]!.hunks) expect(hh.valid).toBe(true);
    // nothing chosen: verbatim
    expect(focusHunk(lines, h, () => false, 1).lines).toEqual(lines.slice(h.start, h.end));
  });
});
