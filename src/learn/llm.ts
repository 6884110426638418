/**
 * The optional LLM pass: only when the user gives an OpenAI-compatible endpoint. The mined pairs
 * go out as JSON; one short correction per line comes back. Any failure (network, status, an
 * answer without usable lines) keeps the offline lines, with a warning.
 * @module
 */
import type { Correction } from "./types.js";

/** Options of {@link refineWithLlm}. */
export interface LlmOptions {
  /** Base URL of an OpenAI-compatible API, e.g. `http://localhost:11434/v1`. */
  url: string;
  /** Model name (default `gpt-4o-mini`). */
  model?: string;
  /** Bearer token, if the endpoint needs one. */
  apiKey?: string;
  /** Milliseconds before giving up (default 60 000). */
  timeoutMs?: number;
  /** `fetch`, for tests and proxies; default the global one. */
  fetch?: typeof fetch;
}

const SYSTEM =
  "You turn records of failed tool calls that an AI coding agent fixed on retry into short, general instructions for the agent's project notes. " +
  "For each record write one line starting with '- ', at most 25 words, in the form 'Use X, not Y' (with the reason when it helps). " +
  "Keep commands, paths and flags exactly as given, in backticks. Merge records that teach the same thing. Output only the lines.";

/**
 * Rewrites the corrections with an LLM.
 * @returns the new lines, or the offline ones and a warning
 */
export async function refineWithLlm(corrections: readonly Correction[], o: LlmOptions): Promise<{ lines: string[]; warning?: string }> {
  const offline = corrections.map((c) => c.text);
  if (corrections.length === 0) return { lines: offline };
  const records = corrections.map(({ kind, tool, bad, good, reason, count }) => ({ kind, tool, failed: bad, worked: good, error: reason, seen: count }));
  const url = o.url.replace(/\/+$/, "") + "/chat/completions";
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), o.timeoutMs ?? 60_000);
  try {
    const res = await (o.fetch ?? fetch)(url, {
      method: "POST",
      signal: ctrl.signal,
      headers: { "content-type": "application/json", ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
      body: JSON.stringify({ model: o.model ?? "gpt-4o-mini", temperature: 0, messages: [{ role: "system", content: SYSTEM }, { role: "user", content: JSON.stringify(records, null, 1) }] }),
    });
    if (!res.ok) return { lines: offline, warning: `LLM endpoint answered ${res.status}; kept the offline corrections` };
    const body = (await res.json()) as { choices?: Array<{ message?: { content?: unknown } }> };
    const text = body.choices?.[0]?.message?.content;
    const lines = typeof text === "string" ? [...new Set(text.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("- ") && l.length > 4))] : [];
    if (lines.length === 0) return { lines: offline, warning: "the LLM gave no usable lines; kept the offline corrections" };
    return { lines };
  } catch (e) {
    return { lines: offline, warning: `LLM pass failed (${(e as Error).message}); kept the offline corrections` };
  } finally {
    clearTimeout(timer);
  }
}
