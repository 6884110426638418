/**
 * Is this a diff? Parses a sample (the first 64 KiB, cut at a line end) and measures how much
 * of it the diff structure explains: commit blocks, file headers and hunks. A markdown note or a
 * log that quotes one small diff stays with its own compressor.
 * @module
 */
import { parseDiff } from "./parse.js";

const SAMPLE = 64 * 1024;

/**
 * 0..1 confidence that `text` is a unified diff, `git diff`, or `git log -p` output.
 * @example detectDiff("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n") // 0.95
 */
export function detectDiff(text: string, fileName?: string): number {
  const named = fileName !== undefined && /\.(?:diff|patch|debdiff)$/i.test(fileName);
  let sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  if (sample.length < text.length) {
    const nl = sample.lastIndexOf("\n");
    if (nl > 0) sample = sample.slice(0, nl + 1);
  }
  const d = parseDiff(sample);
  if (d.files.length === 0) return named ? 0.6 : 0;
  let hunks = 0;
  let valid = 0;
  let covered = 0;
  for (const f of d.files) {
    covered += f.end - f.start;
    for (const h of f.hunks) { hunks++; if (h.valid) valid++; }
  }
  for (const c of d.commits) covered += c.end - c.start;
  let blank = 0;
  for (const s of d.segments) if (s.kind === "other") for (let i = s.start; i < s.end; i++) if (d.lines[i]!.trim() === "") blank++;
  const share = covered / Math.max(1, d.lines.length - blank);
  // Structure the diff formats have and prose or code does not: hunks whose counts check out.
  const strong = valid > 0 && valid * 2 >= hunks;
  if (named) return strong || share > 0.5 ? 0.97 : 0.7;
  if (strong && share >= 0.6) return 0.95;
  if (strong && share >= 0.3) return 0.7;
  return d.files.some((f) => f.hunks.length > 0 || f.binary) && share >= 0.6 ? 0.6 : 0.2;
}
