/**
 * Which output label of a token classifier means "keep". LLMLingua-2 checkpoints ship
 * `id2label = {0: "LABEL_0", 1: "LABEL_1"}` with 1 = preserve; other exports name them.
 * @module
 */

const KEEP_NAMES = ["keep", "preserve", "retain", "label_1", "1"];

/**
 * The index of the keep label in the logits' last axis, or an error text.
 * @param id2label the model config's `id2label` (may be missing)
 * @param numLabels size of the logits' last axis
 * @param keepLabel an explicit label name from the caller; wins when given
 * @example keepIndex({ 0: "drop", 1: "keep" }, 2); // 1
 */
export function keepIndex(id2label: Record<string, string> | undefined, numLabels: number, keepLabel?: string): number | string {
  const entries = Object.entries(id2label ?? {})
    .map(([id, label]) => [Number(id), String(label)] as const)
    .filter(([id]) => Number.isInteger(id) && id >= 0 && id < numLabels)
    .sort((a, b) => a[0] - b[0]);
  if (keepLabel !== undefined) {
    const hit = entries.find(([, label]) => label === keepLabel);
    if (hit) return hit[0];
    if (keepLabel === `LABEL_${Number(keepLabel.slice(6))}` && Number(keepLabel.slice(6)) < numLabels) return Number(keepLabel.slice(6));
    return `keep label "${keepLabel}" is not among the model's labels (${entries.map(([, l]) => l).join(", ") || "none"})`;
  }
  for (const name of KEEP_NAMES) {
    const hit = entries.find(([, label]) => label.toLowerCase() === name);
    if (hit) return hit[0];
  }
  if (numLabels === 2) return 1;
  return `cannot tell which of ${numLabels} labels means keep; pass keepLabel`;
}
