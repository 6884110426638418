/**
 * OpenAI Chat Completions: `{ model, messages: [{ role, content, tool_calls?, tool_call_id? }], tools? }`.
 * Tool outputs are `role: "tool"` messages (and legacy `role: "function"`), whose content is a
 * string or an array of `{ type: "text", text }` parts. The question is the last user message
 * before the output; the call's arguments come from the assistant's `tool_calls`.
 * @module
 */
import { isObj, lastIndex, parseDataUrl, RETRIEVE_DESCRIPTION, RETRIEVE_PARAMETERS, RETRIEVE_TOOL, withItem, userTextOutputs, type FormatAdapter, type ImageRef, type ToolOutput } from "../types.js";

type Part = { type?: string; text?: string; [k: string]: unknown };
type Message = { role?: string; content?: string | Part[] | null; name?: string; tool_call_id?: string; tool_calls?: Array<{ id?: string; function?: { name?: string; arguments?: string } }>; [k: string]: unknown };
type Body = { messages: Message[]; tools?: unknown[]; [k: string]: unknown } | Message[];

const msgs = (b: Body): Message[] => (Array.isArray(b) ? b : b.messages);

/** The plain text of a content field (string, or the text parts of an array). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((p) => (isObj(p) && typeof p.text === "string" ? p.text : "")).filter(Boolean).join("\n");
}

/** Content part types only Chat Completions has (Anthropic's image blocks are `image` with a `source`). */
const OPENAI_PARTS = ["image_url", "input_audio", "file"];
const hasOpenAIPart = (m: Message): boolean => Array.isArray(m.content) && m.content.some((p) => isObj(p) && OPENAI_PARTS.includes(p.type as string));

export const openaiChat: FormatAdapter<Body> = {
  name: "openai-chat",
  detect(body) {
    const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.messages) ? body.messages : undefined;
    if (!list || (isObj(body) && ("contents" in body || "input" in body))) return false;
    // Anthropic puts tool results in user blocks and the system prompt outside the list
    return list.every((m) => isObj(m) && typeof m.role === "string") && list.some((m) => ["system", "tool", "function", "developer"].includes((m as Message).role!) || (m as Message).tool_calls !== undefined || typeof (m as Message).content === "string" || hasOpenAIPart(m as Message));
  },
  count: (b) => msgs(b).length,
  toolOutputs(b) {
    const out: ToolOutput[] = [];
    const calls = new Map<string, { name?: string; args?: string }>();
    let question = "";
    msgs(b).forEach((m, i) => {
      if (m.role === "user") question = contentText(m.content);
      for (const c of m.tool_calls ?? []) if (c.id) calls.set(c.id, { name: c.function?.name, args: c.function?.arguments });
      if (m.role !== "tool" && m.role !== "function") return;
      const call = m.tool_call_id ? calls.get(m.tool_call_id) : undefined;
      const base = { message: i, question, toolName: call?.name ?? m.name, toolArgs: call?.args };
      if (typeof m.content === "string") out.push({ ...base, text: m.content });
      else if (Array.isArray(m.content)) m.content.forEach((p, k) => { if (isObj(p) && p.type === "text" && typeof p.text === "string") out.push({ ...base, part: k, text: p.text }); });
    });
    return out;
  },
  replace(b, edits) {
    let list = msgs(b);
    for (const { output, text } of edits) {
      const m = list[output.message]!;
      const content = output.part === undefined ? text : withItem(m.content as Part[], output.part, { ...(m.content as Part[])[output.part]!, text });
      list = withItem(list, output.message, { ...m, content });
    }
    return Array.isArray(b) ? list : { ...b, messages: list };
  },
  hasRetrieveTool: (b) => !Array.isArray(b) && (b.tools ?? []).some((t) => isObj(t) && isObj(t.function) && t.function.name === RETRIEVE_TOOL),
  addRetrieveTool(b) {
    if (Array.isArray(b)) return b;
    const tool = { type: "function", function: { name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, parameters: RETRIEVE_PARAMETERS } };
    return { ...b, tools: [...(b.tools ?? []), tool] };
  },
  lastUserIndex: (b) => lastIndex(msgs(b), (m) => m.role === "user"),
  userTexts: (b) => userTextOutputs(msgs(b), { isUser: (m) => m.role === "user", partType: "text", words: contentText }),
  systemText: (b) => msgs(b).filter((m) => m.role === "system" || m.role === "developer").map((m) => contentText(m.content)).join("\n"),
  images(b) {
    const out: ImageRef[] = [];
    msgs(b).forEach((m, i) => {
      if (!Array.isArray(m.content)) return;
      m.content.forEach((p, k) => {
        if (!isObj(p) || p.type !== "image_url" || !isObj(p.image_url)) return;
        const d = parseDataUrl(p.image_url.url);
        if (d) out.push({ message: i, part: k, ...d, detail: typeof p.image_url.detail === "string" ? p.image_url.detail : undefined });
      });
    });
    return out;
  },
  replaceImages(b, edits) {
    let list = msgs(b);
    for (const { image, data } of edits) {
      const m = list[image.message]!;
      const part = (m.content as Part[])[image.part!]!;
      const url = `data:${image.mediaType};base64,${data}`;
      list = withItem(list, image.message, { ...m, content: withItem(m.content as Part[], image.part!, { ...part, image_url: { ...(part.image_url as object), url } }) });
    }
    return Array.isArray(b) ? list : { ...b, messages: list };
  },
};
