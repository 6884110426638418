/**
 * Retrievable units of a diff: each commit block (header and message) and each file diff
 * (per commit × file), as UTF-8 byte spans of the original, so `retrieve(ref, { query })`
 * returns the commits and file diffs that match.
 * @module
 */
import type { CoreBackend } from "../../core/backend.js";
import type { ParsedDiff } from "./parse.js";

/**
 * Flat `start, end, …` byte spans, in input order. Uses the backend's line batch call for
 * byte offsets (the input is already loaded there).
 * @example diffUnits(parseDiff(text), backend) // Uint32Array [0, 120, 121, 900, …]
 */
export function diffUnits(d: ParsedDiff, backend: CoreBackend): Uint32Array {
  const { n, out } = backend.lines(false, 0);
  const spans: number[] = [];
  const add = (first: number, last: number) => {
    if (first > last || last >= n) return;
    spans.push(out[4 * first]!, out[4 * last + 1]!);
  };
  for (const s of d.segments) {
    if (s.kind === "commit") {
      const c = d.commits[s.index]!;
      add(c.start, Math.max(c.start, c.bodyEnd - 1));
    } else if (s.kind === "file") {
      const f = d.files[s.index]!;
      add(f.start, f.end - 1);
    }
  }
  return Uint32Array.from(spans);
}
