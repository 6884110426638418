// A bare severity label (`Warning:` alone on its line) in text brings its message: the lines
// below it in the same block, up to the next label, at most LABEL_FOLLOW lines.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { parseBlocks } from "./blocks.js";
import { labelMessages } from "./labels.js";
import { lineTable } from "./lines.js";
import { buildUnits } from "./units.js";
import { LABEL_FOLLOW } from "../log/labels.js";

const unitsOf = (t: string) => {
  const lines = lineTable(t);
  return buildUnits(t, lines, parseBlocks(t, lines));
};
const texts = (t: string) => unitsOf(t).map((u) => t.slice(u.start, u.end).trim());

describe("labelMessages", () => {
  it("points a bare label at the lines below it in its block", () => {
    const t = "copied a.bin\ncopied b.bin\n\nError:\nthe archive index is stale\n\ncopied c.bin\n";
    const us = unitsOf(t);
    const m = labelMessages(t, us);
    const label = texts(t).indexOf("Error:");
    expect(label).toBeGreaterThanOrEqual(0);
    expect(texts(t)[m[label]!]).toBe("the archive index is stale");
    // no other unit is a label
    expect([...m].filter((x) => x >= 0)).toHaveLength(1);
  });
  it("stops at the next label, at a blank line and after LABEL_FOLLOW lines", () => {
    const body = Array.from({ length: LABEL_FOLLOW + 3 }, (_, k) => `${k}: /var/lib/pkg/file_${k}.conf (mode 0644)`).join("\n");
    const t = `WARNING\n${body}\n\n[error]\nfirst\n  second\nNote:\nthird\n`;
    const us = unitsOf(t);
    const m = labelMessages(t, us);
    const tx = texts(t);
    const w = tx.indexOf("WARNING");
    expect(us[w]!.kind).toBe("line");
    expect(us[m[w]!]!.last - us[w]!.last).toBe(LABEL_FOLLOW);
    const e = tx.indexOf("[error]");
    expect(tx[m[e]!]).toBe("second");
    expect(tx[m[tx.indexOf("Note:")]!]).toBe("third");
  });
  it("a label with text after it, or a label line ending its block, has no message", () => {
    const t = "Error: disk full\nretrying in 5s\n\nsome prose here.\n\nWarning:\n\nnext block\n";
    expect([...labelMessages(t, unitsOf(t))].every((x) => x === -1)).toBe(true);
  });
});

describe("text compressor: bare labels keep their messages", () => {
  // tool output that is not record-shaped (no timestamps): copy steps, with bare labels whose
  // messages say nothing the question asks for by word
  const messages = [
    "The signing key expires in 12 days; renew it before the next release.",
    "Two entries share the path assets/logo.svg and the second one wins.",
    "The manifest lists 3 files that are missing from the bundle.",
    "Compression level 9 was requested but the codec only supports 6.",
  ];
  const doc = (label: string) => {
    const out: string[] = [];
    for (let k = 0; k < 240; k++) {
      out.push(`copy step ${k}: bundle/part_${k}.dat -> out/part_${k}.dat (${1000 + k * 37} bytes)`);
      if (k % 60 === 30) out.push("", label, messages[(k - 30) / 60]!, "");
    }
    return out.join("\n") + "\n";
  };
  for (const label of ["Warning:", "Warning: ", "WARNING", "[warn]"]) {
    it(`every message under "${label.trim()}" is kept with its label`, async () => {
      const text = doc(label);
      const r = await compress(text, { type: "text", query: "Which warnings did the packager print?", store: memoryStore() });
      expect(r.tokensAfter).toBeLessThan(r.tokensBefore * 0.5);
      for (const m of messages) expect(r.text, m).toContain(`${label}\n${m}`);
    });
  }
  it("two error labels with different messages are no repeats of each other", async () => {
    const out: string[] = [];
    for (let k = 0; k < 200; k++) {
      out.push(`fetch ${k}: mirror-${k % 7}.example.org/pool/p${k}.tar (${200 + k} KiB)`);
      if (k === 50) out.push("", "Error:", "checksum mismatch in the pool index", "");
      if (k === 150) out.push("", "Error:", "the lock file is held by another process", "");
    }
    const r = await compress(out.join("\n") + "\n", { type: "text", query: "what errors happened during the fetch?", store: memoryStore() });
    expect(r.text).toContain("Error:\nchecksum mismatch in the pool index");
    expect(r.text).toContain("Error:\nthe lock file is held by another process");
  });
});
