/**
 * `withTokenfold(new GoogleGenAI())` for the Google Gen AI SDK (`@google/genai`):
 * `models.generateContent(params)` and `models.generateContentStream(params)` send the compressed
 * request (`functionResponse` outputs compressed, `tokenfold_retrieve` declared in
 * `config.tools` when refs were made); non-streaming calls can answer `tokenfold_retrieve` calls
 * themselves. The SDK's params keep tools and the system instruction under `config`, so they are
 * mapped onto the REST body the messages pipeline knows and back. Chats made by `ai.chats` call the
 * SDK's own models object and are not compressed. The SDK is not imported.
 * @module
 */
import { callLoop, compressFailOpen, followUpFor, isObj, overlay, retrievalRounds, type SdkPromise, type TokenfoldClientOptions } from "./common.js";

/** The part of a `GoogleGenAI` client this wrapper relies on. */
export interface GeminiLike {
  models: { generateContent(params: never): Promise<unknown>; generateContentStream?(params: never): Promise<unknown> };
}

type Params = { model?: string; contents?: unknown; config?: Record<string, unknown>; [k: string]: unknown };

/**
 * Wraps a Google Gen AI client: same client, with `models.generateContent(Stream)` compressing first.
 * @example
 * const ai = withTokenfoldGemini(new GoogleGenAI({ apiKey }), { answerRetrievals: true });
 * const res = await ai.models.generateContent({ model: "gemini-2.5-flash", contents, config: { tools } });
 */
export function withTokenfoldGemini<C extends GeminiLike>(client: C, options: TokenfoldClientOptions = {}): C {
  const models = client.models as unknown as Record<string, (p: unknown) => Promise<unknown>>;
  const rounds = retrievalRounds(options);
  const generate = models.generateContent!.bind(models);
  const followUp = followUpFor("gemini", options);
  const overrides: Record<string, unknown> = {
    generateContent: async (params: unknown) => {
      const sent = await compressParams(params, options);
      const { call } = await callLoop(sent, (p) => generate(p) as SdkPromise, followUp, rounds);
      return call;
    },
  };
  if (typeof models.generateContentStream === "function") {
    const stream = models.generateContentStream.bind(models);
    overrides.generateContentStream = async (params: unknown) => stream(await compressParams(params, options));
  }
  return overlay(client, { models: overlay(client.models, overrides) });
}

/** Only a list of `Content` objects is a conversation; a string or a lone part has no tool output. */
const isContents = (x: unknown): x is Array<Record<string, unknown>> => Array.isArray(x) && x.length > 0 && x.every((c) => isObj(c) && Array.isArray(c.parts));

/** The params with compressed contents, and the retrieve tool in `config.tools` when refs were made. */
async function compressParams(params: unknown, options: TokenfoldClientOptions): Promise<unknown> {
  if (!isObj(params) || !isContents(params.contents)) return params;
  const p = params as Params;
  const config = isObj(p.config) ? p.config : undefined;
  const tools = Array.isArray(config?.tools) ? (config!.tools as unknown[]) : [];
  const rest = { contents: p.contents, tools, ...(config?.systemInstruction !== undefined ? { systemInstruction: config.systemInstruction } : {}) };
  const out = (await compressFailOpen(rest, "gemini", options)) as typeof rest;
  if (out === rest) return params;
  const toolsChanged = out.tools !== rest.tools && out.tools.length !== tools.length;
  return { ...p, contents: out.contents, ...(toolsChanged ? { config: { ...(config ?? {}), tools: out.tools } } : {}) };
}
