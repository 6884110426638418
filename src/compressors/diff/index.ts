/**
 * The diff compressor: unified diffs, `git diff`, and `git log -p` ranges. Keeps every commit
 * header and subject, file headers, and every changed line of the file diffs it shows; trims
 * unchanged context to 1–2 lines and splits hunks into sub-hunks with recomputed headers whose
 * counts match what is shown. Hunks the query touches stay whole; file diffs outside the
 * budget, lockfiles, generated and vendored files become one summary line with a ref.
 * Malformed hunks are shown verbatim with a reason; nothing throws.
 * @module
 */
import type { Compressor, CompressorInput, CompressorOutput, Reason } from "../../core/types.js";
import { formatCount, omission } from "../shared/marker.js";
import { assemble } from "./assemble.js";
import { detectDiff } from "./detect.js";
import { parseDiff, type ParsedDiff } from "./parse.js";
import { rankParts } from "./rank.js";
import { planDiff } from "./select.js";
import { diffUnits } from "./units.js";

export const NAME = "diff";

/**
 * Tokens a diff may always use: below this, every file diff is shown (trimmed), since a short
 * diff is read whole and one-line summaries would save little.
 */
const MIN_BUDGET = 2000;

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

function compress(input: CompressorInput): CompressorOutput {
  const { text, query, ref } = input;
  if (input.lossless) return { text, lossy: false, reasons: [{ code: "pass.lossless", detail: "lossless mode: a diff has no lossless compact form; passed through" }] };
  const d = parseDiff(text);
  if (d.files.length === 0) {
    return { text, lossy: false, reasons: [{ code: "pass.not-diff", detail: `no file diff found (${plural(d.commits.length, "commit header")}); passed through` }] };
  }
  const before = input.count(text);
  const budget = Math.max(MIN_BUDGET, Math.floor(before * (1 - input.targetRatio)));
  const rel = rankParts(d, query);
  const { plan, matched, collapsed, droppedHunks } = planDiff({ d, query, rel, ref, budget, count: input.count });
  const a = assemble(d, plan, ref);
  let out = a.text;
  if (a.contextOmitted > 0) {
    const note = omission(`unchanged context trimmed to ${plural(plan.context, "line")} around changes, hunk headers recomputed: ${plural(a.contextOmitted, "context line")} omitted`, ref);
    out = note + d.eol + out;
  }
  const reasons: Reason[] = [{ code: "diff.parsed", detail: describe(d) }];
  const kept = d.files.length - a.summarized;
  reasons.push({
    code: "diff.kept",
    detail: `kept ${d.commits.length > 0 ? "every commit header and subject, " : ""}${plural(kept, "file diff")} with the changed lines of their hunks (${formatCount(matched)} matching the query)` +
      (a.summarized > 0 ? `; ${plural(a.summarized, "file diff")} reduced to a one-line summary` : "") +
      (droppedHunks > 0 ? `; ${plural(droppedHunks, "hunk")} the query does not touch left out of shown files` : ""),
  });
  if (a.contextOmitted > 0) reasons.push({ code: "diff.context", detail: `trimmed unchanged context to ${plural(plan.context, "line")} around changes (${plural(a.contextOmitted, "line")} omitted); recomputed sub-hunk headers` });
  if (collapsed > 0) reasons.push({ code: "diff.collapsed", detail: `${plural(collapsed, "lockfile, generated or vendored file diff", "lockfile, generated or vendored file diffs")} collapsed to one line` });
  if (a.bodiesTrimmed > 0) reasons.push({ code: "diff.message", detail: `trimmed ${plural(a.bodiesTrimmed, "commit message body", "commit message bodies")} (${plural(a.bodyLinesOmitted, "line")} omitted; lines matching the query kept)` });
  if (d.problems.length > 0) {
    const shown = d.problems.slice(0, 3).join("; ");
    reasons.push({ code: "diff.best-effort", detail: `${plural(d.problems.length, "malformed hunk")} shown verbatim: ${shown}${d.problems.length > 3 ? "; …" : ""}` });
  }
  const lossy = out !== text;
  return { text: out, lossy, reasons, units: lossy ? diffUnits(d, input.backend) : undefined };
}

function describe(d: ParsedDiff): string {
  let hunks = 0;
  for (const f of d.files) hunks += f.hunks.length;
  return `${d.commits.length > 0 ? `${plural(d.commits.length, "commit")}, ` : ""}${plural(d.files.length, "file diff")}, ${plural(hunks, "hunk")}`;
}

/** The diff compressor. */
export const diffCompressor: Compressor = { name: NAME, detect: detectDiff, compress };
export default diffCompressor;
