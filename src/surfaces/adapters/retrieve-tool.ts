/**
 * `tokenfold_retrieve` as a tool of the frameworks that run tools themselves (a LangChain agent's
 * ToolNode, the Vercel AI SDK's `streamText({ tools })`): the agent runs it like any other tool,
 * and the messages pipeline never folds its result again. The frameworks are not imported: their
 * own factory (`tool` from `@langchain/core/tools`, `jsonSchema` from `ai`) is passed in.
 * @module
 */
import type { Store } from "../../core/types.js";
import { handleRetrieval } from "../../messages/retrieval.js";
import { RETRIEVE_DESCRIPTION, RETRIEVE_PARAMETERS, RETRIEVE_TOOL } from "../../messages/types.js";

/** The arguments of a retrieval call. */
export interface RetrieveArgs {
  ref: string;
  query?: string;
}

/** Where retrievals are answered from (default: the library's default store). */
export interface RetrieveToolOptions {
  store?: Store;
}

const run = (args: RetrieveArgs, options: RetrieveToolOptions) => handleRetrieval({ name: RETRIEVE_TOOL, input: args }, options);

/**
 * The retrieval tool for LangChain.js, built with LangChain's own `tool()` (JSON-schema arguments).
 * @example
 * import { tool } from "@langchain/core/tools";
 * const retrieveTool = langchainRetrieveTool(tool, { store });
 * const model = withTokenfoldLangChain(chatModel, { store }).bindTools([...tools, retrieveTool]);
 */
export function langchainRetrieveTool<T>(
  tool: (fn: (args: RetrieveArgs) => Promise<string>, fields: { name: string; description: string; schema: typeof RETRIEVE_PARAMETERS }) => T,
  options: RetrieveToolOptions = {},
): T {
  return tool((args) => run(args, options), { name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, schema: RETRIEVE_PARAMETERS });
}

/**
 * The retrieval tool for the Vercel AI SDK, for calls the middleware does not answer itself
 * (`streamText`): put it under the name `tokenfold_retrieve` in `tools`.
 * @example
 * import { jsonSchema, streamText } from "ai";
 * streamText({ model, messages, tools: { ...tools, tokenfold_retrieve: aiRetrieveTool(jsonSchema, { store }) } });
 */
export function aiRetrieveTool<S>(jsonSchema: (schema: typeof RETRIEVE_PARAMETERS) => S, options: RetrieveToolOptions = {}) {
  return { description: RETRIEVE_DESCRIPTION, inputSchema: jsonSchema(RETRIEVE_PARAMETERS), execute: (args: RetrieveArgs) => run(args, options) };
}
