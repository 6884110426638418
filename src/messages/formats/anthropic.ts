/**
 * Anthropic Messages: `{ model, system?, messages: [{ role: "user" | "assistant", content: string |
 * blocks }], tools? }`. Tool outputs are `tool_result` blocks in user messages; their content is a
 * string or blocks (text, image, document). Only text is compressed; images, documents, thinking
 * blocks and anything carrying `cache_control` are left as they are.
 * @module
 */
import { isObj, lastIndex, RETRIEVE_DESCRIPTION, RETRIEVE_PARAMETERS, RETRIEVE_TOOL, withItem, userTextOutputs, type FormatAdapter, type ImageRef, type ToolOutput } from "../types.js";

type Block = { type?: string; text?: string; content?: string | Block[]; tool_use_id?: string; id?: string; name?: string; input?: unknown; cache_control?: unknown; [k: string]: unknown };
type Message = { role?: string; content?: string | Block[]; [k: string]: unknown };
type Body = { messages: Message[]; system?: string | Block[]; tools?: unknown[]; [k: string]: unknown } | Message[];

const msgs = (b: Body): Message[] => (Array.isArray(b) ? b : b.messages);
const textOf = (c: unknown): string => (typeof c === "string" ? c : Array.isArray(c) ? c.filter((x) => isObj(x) && x.type === "text").map((x) => (x as Block).text ?? "").join("\n") : "");

export const anthropic: FormatAdapter<Body> = {
  name: "anthropic",
  detect(body) {
    const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.messages) ? body.messages : undefined;
    if (!list) return false;
    const blocks = list.flatMap((m) => (isObj(m) && Array.isArray(m.content) ? m.content : []));
    if (blocks.some((x) => isObj(x) && ["tool_result", "tool_use", "thinking", "redacted_thinking"].includes(x.type as string))) return true;
    return isObj(body) && !Array.isArray(body) && ("system" in body || "max_tokens" in body) && list.every((m) => isObj(m) && (m.role === "user" || m.role === "assistant"));
  },
  count: (b) => msgs(b).length,
  toolOutputs(b) {
    const out: ToolOutput[] = [];
    const calls = new Map<string, { name?: string; args?: string }>();
    let question = "";
    msgs(b).forEach((m, i) => {
      const blocks = Array.isArray(m.content) ? m.content : [];
      if (m.role === "user") {
        const words = typeof m.content === "string" ? m.content : textOf(blocks);
        if (words) question = words;
      }
      for (const x of blocks) if (isObj(x) && x.type === "tool_use" && x.id) calls.set(x.id, { name: x.name, args: JSON.stringify(x.input ?? {}) });
      blocks.forEach((x, k) => {
        if (!isObj(x) || x.type !== "tool_result") return;
        const call = x.tool_use_id ? calls.get(x.tool_use_id) : undefined;
        const base = { message: i, part: k, question, toolName: call?.name, toolArgs: call?.args, locked: x.cache_control !== undefined };
        if (typeof x.content === "string") out.push({ ...base, text: x.content });
        else if (Array.isArray(x.content)) x.content.forEach((c, s) => { if (isObj(c) && c.type === "text" && typeof c.text === "string") out.push({ ...base, sub: s, text: c.text, locked: base.locked || c.cache_control !== undefined }); });
      });
    });
    return out;
  },
  replace(b, edits) {
    let list = msgs(b);
    for (const { output, text } of edits) {
      const m = list[output.message]!;
      if (output.kind === "user") {
        const content = output.part === undefined ? text : withItem(m.content as Block[], output.part, { ...(m.content as Block[])[output.part]!, text });
        list = withItem(list, output.message, { ...m, content });
        continue;
      }
      const blocks = m.content as Block[];
      const block = blocks[output.part!]!;
      const content = output.sub === undefined ? text : withItem(block.content as Block[], output.sub, { ...(block.content as Block[])[output.sub]!, text });
      list = withItem(list, output.message, { ...m, content: withItem(blocks, output.part!, { ...block, content }) });
    }
    return Array.isArray(b) ? list : { ...b, messages: list };
  },
  userTexts: (b) => userTextOutputs(msgs(b), { isUser: (m) => m.role === "user", partType: "text", words: textOf }),
  hasRetrieveTool: (b) => !Array.isArray(b) && (b.tools ?? []).some((t) => isObj(t) && t.name === RETRIEVE_TOOL),
  addRetrieveTool(b) {
    if (Array.isArray(b)) return b;
    return { ...b, tools: [...(b.tools ?? []), { name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, input_schema: RETRIEVE_PARAMETERS }] };
  },
  lastUserIndex: (b) => lastIndex(msgs(b), (m) => m.role === "user" && (typeof m.content === "string" || (Array.isArray(m.content) && m.content.some((x) => isObj(x) && x.type === "text")))),
  systemText: (b) => (Array.isArray(b) ? "" : textOf(b.system)),
  images(b) {
    const out: ImageRef[] = [];
    const image = (x: unknown, at: Omit<ImageRef, "mediaType" | "data">) => {
      const src = isObj(x) && x.type === "image" && isObj(x.source) ? x.source : undefined;
      if (src?.type === "base64" && typeof src.media_type === "string" && typeof src.data === "string") out.push({ ...at, mediaType: src.media_type, data: src.data, locked: at.locked || (x as Block).cache_control !== undefined });
    };
    msgs(b).forEach((m, i) => {
      if (!Array.isArray(m.content)) return;
      m.content.forEach((x, k) => {
        image(x, { message: i, part: k });
        if (isObj(x) && x.type === "tool_result" && Array.isArray(x.content)) x.content.forEach((c, s) => image(c, { message: i, part: k, sub: s, locked: x.cache_control !== undefined }));
      });
    });
    return out;
  },
  replaceImages(b, edits) {
    let list = msgs(b);
    const withData = (x: Block, data: string): Block => ({ ...x, source: { ...(x.source as object), data } });
    for (const { image, data } of edits) {
      const m = list[image.message]!;
      const blocks = m.content as Block[];
      const block = blocks[image.part!]!;
      const next = image.sub === undefined ? withData(block, data) : { ...block, content: withItem(block.content as Block[], image.sub, withData((block.content as Block[])[image.sub]!, data)) };
      list = withItem(list, image.message, { ...m, content: withItem(blocks, image.part!, next) });
    }
    return Array.isArray(b) ? list : { ...b, messages: list };
  },
};
