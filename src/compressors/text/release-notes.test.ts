// Plain-text release notes: each release framed by rule lines, its sections underlined. An
// underlined title after a framed one nests under it, so a hit in a section keeps the release
// it belongs to; such a document is routed to the text compressor, not read as tool output.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { detectLog } from "../log/detect.js";
import { headingText, parseBlocks } from "./blocks.js";
import { lineTable } from "./lines.js";

const AREAS = ["parser", "cache", "scheduler", "exporter", "importer", "planner", "indexer", "router"];
const fixes = (v: number) => Array.from({ length: 4 }, (_, k) => `* ${AREAS[(v + k) % 8]}: handle an empty batch in step ${v * 4 + k} without stalling (#${900 + v * 4 + k})`);

/** Release notes of `count` releases, newest first; release `special` carries `entry` under "Security fixes". */
function notes(count: number, special: number, entry: string[], frame = "=", under = "="): string {
  const out = ["Widget 3.x release notes", under.repeat(24), ""];
  for (let r = 0; r < count; r++) {
    const v = count - r;
    out.push(frame.repeat(60), `Widget 3.${v}    Released Mon ${(v % 27) + 1} Jan 2024 09:${String(v % 60).padStart(2, "0")}:00 UTC`, frame.repeat(60), "");
    out.push("Upgrade urgency: MODERATE, contains fixes for rare crashes.", "Compatibility: reads 3.x data files, no migration needed.", "");
    if (v === special) out.push("Security fixes", under.repeat(14), "", ...entry, "");
    out.push("Bug fixes", under.repeat(9), "", ...fixes(v), "", "");
  }
  return out.join("\n") + "\n";
}

describe("underlined titles below framed titles", () => {
  it("a section underlined after a framed title is its child", () => {
    for (const [frame, under] of [["=", "="], ["-", "-"], ["=", "-"], ["#", "~"]] as const) {
      const t = notes(3, 2, ["* (CVE-2024-0001) a crafted header overflows the buffer"], frame, under);
      const lines = lineTable(t);
      const blocks = parseBlocks(t, lines);
      const sec = blocks.findIndex((b) => b.kind === "heading" && headingText(t, lines, b) === "Security fixes");
      expect(sec, frame + under).toBeGreaterThanOrEqual(0);
      const parent = blocks[sec]!.parent;
      expect(parent, frame + under).toBeGreaterThanOrEqual(0);
      expect(headingText(t, lines, blocks[parent]!)).toMatch(/^Widget 3\.2 {4}Released /);
      // and the next framed release is not nested under the previous one's sections
      const next = blocks.findIndex((b, k) => k > sec && b.kind === "heading" && /^Widget 3\.1 /.test(headingText(t, lines, b)));
      expect(blocks[next]!.parent === -1 || blocks[blocks[next]!.parent]!.level < blocks[next]!.level).toBe(true);
      expect(blocks[next]!.level).toBeLessThan(blocks[sec]!.level);
    }
  });
  it("without framed titles, underlines keep their markdown levels", () => {
    const t = "Title\n=====\n\nSection\n-------\n\nSome words in a sentence here.\n";
    const blocks = parseBlocks(t, lineTable(t));
    expect(blocks[0]!.level).toBe(1);
    expect(blocks[1]!.level).toBe(2);
    expect(blocks[1]!.parent).toBe(0);
  });
});

describe("release notes end to end", () => {
  const entry = [
    "* (CVE-2024-31337) Opening the control pipe before restricting its mode lets",
    "  another local user connect to it during startup.",
  ];
  const text = notes(24, 17, entry);
  it("are not tool output for the log detector", () => {
    expect(detectLog(text)).toBeLessThan(0.5);
  });
  it("a hit in a release's section keeps the release title (version and date)", async () => {
    const r = await compress(text, { store: memoryStore(), query: "Which release restricted the mode of the control pipe, when was it released, and what is the CVE?" });
    expect(r.text).toContain(entry.join("\n"));
    expect(r.text).toContain("Widget 3.17    Released Mon 18 Jan 2024 09:17:00 UTC");
    expect(r.ratio).toBeGreaterThan(0.5);
  });
});
