/**
 * Chooses the words to keep from their keep-probabilities, LLMLingua-2 style: a probability
 * threshold set so that the kept share of tokens meets the target, every word at or above it kept
 * (ties kept together, so no word loses to its position), forced words always kept.
 * @module
 */

/**
 * @param probs keep-probability per word (NaN counts as 1: an unscored word is kept)
 * @param costs tokens per word (the budget is counted in these)
 * @param forced 1 = always kept (its cost still counts against the budget)
 * @param targetRatio share of tokens to save, 0..1
 * @returns 1 per kept word
 * @example
 * selectWords(Float64Array.of(0.9, 0.1, 0.8), Uint32Array.of(1, 1, 1), new Uint8Array(3), 1 / 3); // [1, 0, 1]
 */
export function selectWords(probs: Float64Array, costs: Uint32Array, forced: Uint8Array, targetRatio: number): Uint8Array {
  const n = probs.length;
  const keep = new Uint8Array(n);
  let total = 0;
  let budget = 0;
  for (let i = 0; i < n; i++) total += costs[i];
  const ratio = Number.isFinite(targetRatio) ? Math.min(1, Math.max(0, targetRatio)) : 0.5;
  budget = total * (1 - ratio);
  const open: number[] = [];
  for (let i = 0; i < n; i++) {
    if (forced[i]) {
      keep[i] = 1;
      budget -= costs[i];
    } else open.push(i);
  }
  if (budget <= 0 || open.length === 0) return keep;
  const p = (i: number) => (Number.isNaN(probs[i]) ? 1 : probs[i]);
  open.sort((a, b) => p(b) - p(a) || a - b);
  let threshold = -Infinity;
  let used = 0;
  for (const i of open) {
    if (used >= budget) break;
    used += costs[i];
    threshold = p(i);
  }
  for (const i of open) if (p(i) >= threshold) keep[i] = 1;
  return keep;
}
