/**
 * Token usage summed over the rounds of a retrieval loop. The client is billed for every round
 * the proxy ran on its behalf, so the reply it gets reports all of them: OpenAI chat and
 * Responses `usage`, Anthropic `usage` (input, output and cache fields), Gemini `usageMetadata`.
 * Pure functions: numbers are summed, nested objects summed member by member, Gemini's
 * per-modality lists summed per modality; anything else (strings such as `service_tier`) is
 * taken from the later round.
 * @module
 */
import { isObj, type MessageFormat } from "../../messages/types.js";

/** A usage object as a provider sends it. */
export type Usage = Record<string, unknown>;

/** Where each format's reply reports its usage. */
export const USAGE_FIELD: Readonly<Record<MessageFormat, "usage" | "usageMetadata">> = Object.freeze({
  "openai-chat": "usage",
  "openai-responses": "usage",
  anthropic: "usage",
  gemini: "usageMetadata",
});

/**
 * Two rounds' usage added up (either may be missing or null).
 * @example
 * addUsage({ prompt_tokens: 10, completion_tokens: 5 }, { prompt_tokens: 40, completion_tokens: 7 })
 * // → { prompt_tokens: 50, completion_tokens: 12 }
 */
export function addUsage(a: Usage | null | undefined, b: Usage | null | undefined): Usage | undefined {
  if (!isObj(a)) return isObj(b) ? b : undefined;
  if (!isObj(b)) return a;
  const out: Usage = { ...a, ...b };
  for (const [k, v] of Object.entries(a)) {
    const w = b[k];
    if (typeof v === "number" && typeof w === "number") out[k] = v + w;
    else if (isObj(v) && isObj(w)) out[k] = addUsage(v, w);
    else if (isModalityList(v) && isModalityList(w)) out[k] = addModalities(v, w);
    else if (w === undefined || w === null) out[k] = v;
  }
  return out;
}

/** The usage a whole reply of `format` reports, if any. */
export function replyUsage(format: MessageFormat, reply: unknown): Usage | undefined {
  if (!isObj(reply)) return undefined;
  const u = reply[USAGE_FIELD[format]];
  return isObj(u) ? u : undefined;
}

/**
 * The reply with `earlier` rounds' usage added to its own; the same object when there is
 * nothing to add (no earlier usage, or a reply that is not an object).
 * @example
 * withEarlierUsage("gemini", { candidates: [], usageMetadata: { totalTokenCount: 9 } }, { totalTokenCount: 30 })
 * // → { candidates: [], usageMetadata: { totalTokenCount: 39 } }
 */
export function withEarlierUsage<T>(format: MessageFormat, reply: T, earlier: Usage | undefined): T {
  if (!earlier || !isObj(reply)) return reply;
  const summed = addUsage(earlier, replyUsage(format, reply));
  return { ...reply, [USAGE_FIELD[format]]: summed } as T;
}

type Modality = { modality?: unknown; tokenCount?: unknown };

/** Gemini's `[{ modality, tokenCount }]` token details. */
function isModalityList(x: unknown): x is Modality[] {
  return Array.isArray(x) && x.every((m) => isObj(m) && "modality" in m);
}

/** Two modality lists summed per modality, in order of first appearance. */
function addModalities(a: Modality[], b: Modality[]): Modality[] {
  const out = a.map((m) => ({ ...m }));
  for (const m of b) {
    const same = out.find((o) => o.modality === m.modality);
    if (same && typeof same.tokenCount === "number" && typeof m.tokenCount === "number") same.tokenCount += m.tokenCount;
    else if (!same) out.push({ ...m });
  }
  return out;
}
