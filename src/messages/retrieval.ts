/**
 * Answers a `tokenfold_retrieve` tool call, whatever the format that carried it: an OpenAI
 * `{ function: { name, arguments } }`, a Responses `{ name, arguments }`, an Anthropic
 * `{ name, input }` or a Gemini `{ functionCall: { name, args } }`.
 * @module
 */
import { getDefaultStore } from "../compress.js";
import type { Store } from "../core/types.js";
import { retrieve as retrieveFrom } from "../store/retrieve.js";
import { RETRIEVE_TOOL } from "./types.js";

type Call = { name?: string; arguments?: unknown; input?: unknown; args?: unknown; function?: { name?: string; arguments?: unknown }; functionCall?: { name?: string; args?: unknown } };

/** The name and arguments of a tool call in any of the supported shapes. */
function unwrap(call: Call): { name?: string; args: Record<string, unknown> } {
  const inner = call.function ?? call.functionCall ?? call;
  const raw = (inner as Call).arguments ?? (inner as Call).input ?? (inner as Call).args ?? {};
  let args: unknown = raw;
  if (typeof raw === "string") {
    try { args = JSON.parse(raw); } catch { args = {}; }
  }
  return { name: (inner as Call).name, args: typeof args === "object" && args !== null ? (args as Record<string, unknown>) : {} };
}

/** True when the call is a `tokenfold_retrieve` call. */
export function isRetrievalCall(call: unknown): boolean {
  return typeof call === "object" && call !== null && unwrap(call as Call).name === RETRIEVE_TOOL;
}

/**
 * The tool result text for a retrieval call: the original, or the parts matching `query`, or a
 * one-line explanation when the ref is unknown or expired. Never throws.
 * @example await handleRetrieval({ function: { name: "tokenfold_retrieve", arguments: '{"ref":"tf_…"}' } })
 */
export async function handleRetrieval(call: unknown, options: { store?: Store } = {}): Promise<string> {
  if (!isRetrievalCall(call)) return `not a ${RETRIEVE_TOOL} call`;
  const { args } = unwrap(call as Call);
  const ref = typeof args.ref === "string" ? args.ref : "";
  const query = typeof args.query === "string" && args.query.trim() ? args.query : undefined;
  const r = await retrieveFrom(options.store ?? getDefaultStore(), ref, { query });
  return r.ok ? r.value.text : `${RETRIEVE_TOOL}: ${r.detail}`;
}
