/**
 * tokenfold: context compression for LLM apps and agents, in-process, in Node and in browsers.
 * Browser-safe entry: no Node built-ins are imported from here.
 * @module
 */
export { compress } from "./api.js";
export { getDefaultStore, type CompressOptions, type CompressResult } from "./compress.js";
export { compressMessages, detectFormat, type MessagesOptions, type MessagesResult, type PerMessage } from "./messages/compress-messages.js";
export { handleRetrieval, isRetrievalCall } from "./messages/retrieval.js";
export { RETRIEVE_TOOL, type MessageFormat } from "./messages/types.js";
export { retrieve } from "./retrieve.js";
export { parseQuery, type ParsedQuery } from "./core/query.js";
export { isRef, REF_PATTERN } from "./core/ref.js";
export { estimateTokens, createTokenizer, type TokenizerName } from "./core/tokens.js";
export { createStore, memoryStore, noneStore, type StoreName } from "./store/index.js";
export type { Store, StoreEntry, Reason, Result, Compressor } from "./core/types.js";
export type { TextModelOptions } from "./core/types.js";
export { route } from "./router.js";
export { CONTENT_TYPES, type ContentType } from "./compressors/index.js";
export { setGrammarLocator, type GrammarLocator } from "./compressors/code/index.js";
export { closeModels } from "./compressors/text/model-path.js";
export { withTokenfold, withTokenfoldAnthropic, withTokenfoldGemini, withTokenfoldOpenAI, type TokenfoldClientOptions } from "./surfaces/adapters/index.js";
