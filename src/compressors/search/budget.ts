/**
 * How many tokens a compressed search output may spend: a share of the input that the target
 * ratio leaves, with a floor (tiny inputs still show a hit) and a ceiling (a million-line grep
 * must still fit a reader's context).
 * @module
 */

/** Ceiling on the tokens of kept lines, however large the input. */
export const MAX_KEPT_TOKENS = 8000;
/** Ceiling on the tokens of the per-file count list. */
export const MAX_LIST_TOKENS = 4000;
/** The best hit is kept up to this many tokens even when over the budget. */
export const FIRST_HIT_TOKENS = 400;

/**
 * Tokens for kept lines: half of what the target ratio leaves (the rest is for the file list
 * and markers), between 120 and {@link MAX_KEPT_TOKENS}.
 * @example keptBudget(20_000, 0.8) // 2000
 */
export function keptBudget(before: number, targetRatio: number): number {
  return Math.min(MAX_KEPT_TOKENS, Math.max(120, before * (1 - targetRatio) * 0.5));
}

/**
 * Tokens for the per-file count list, between 300 and {@link MAX_LIST_TOKENS}.
 * @example listBudget(20_000, 0.8) // 3000
 */
export function listBudget(before: number, targetRatio: number): number {
  return Math.min(MAX_LIST_TOKENS, Math.max(300, before * (1 - targetRatio) * 0.75));
}

/**
 * Tokens for paths named like the question (a listing keeps every one of them): three fifths of
 * what the target ratio leaves, at least the ordinary budget, at most {@link MAX_KEPT_TOKENS}.
 * @example strongBudget(36_000, 0.8, 3600) // 4320
 */
export function strongBudget(before: number, targetRatio: number, budget: number): number {
  return Math.min(MAX_KEPT_TOKENS, Math.max(budget, 0.6 * before * (1 - targetRatio)));
}
