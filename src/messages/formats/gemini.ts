/**
 * Gemini generateContent: `{ contents: [{ role: "user" | "model", parts }], systemInstruction?,
 * tools?: [{ functionDeclarations }] }`. Tool outputs are `functionResponse` parts; their
 * `response` is an object, and each of its top-level string members (`output`, `content`,
 * `result` …) is a text a compressor may shorten, named by `key`. The question is the last user
 * text before the output; the call's arguments come from the preceding `functionCall` with the
 * same id (or name). Text, inline data, files and calls pass through untouched.
 * @module
 */
import { isObj, lastIndex, RETRIEVE_DESCRIPTION, RETRIEVE_PARAMETERS, RETRIEVE_TOOL, withItem, type FormatAdapter, type ImageRef, type ToolOutput } from "../types.js";

type Call = { id?: string; name?: string; args?: unknown };
type Response = { id?: string; name?: string; response?: Record<string, unknown>; [k: string]: unknown };
type Part = { text?: string; functionCall?: Call; functionResponse?: Response; [k: string]: unknown };
type Content = { role?: string; parts?: Part[]; [k: string]: unknown };
type Body = { contents: Content[]; systemInstruction?: string | Content; tools?: unknown[]; [k: string]: unknown } | Content[];

const contents = (b: Body): Content[] => (Array.isArray(b) ? b : b.contents);
const textOf = (parts: unknown): string => (Array.isArray(parts) ? parts.filter((p) => isObj(p) && typeof p.text === "string").map((p) => (p as Part).text).join("\n") : "");

export const gemini: FormatAdapter<Body> = {
  name: "gemini",
  detect(body) {
    if (Array.isArray(body)) return body.length > 0 && body.every((c) => isObj(c) && Array.isArray(c.parts));
    return isObj(body) && Array.isArray(body.contents) && !("messages" in body);
  },
  count: (b) => contents(b).length,
  toolOutputs(b) {
    const out: ToolOutput[] = [];
    const calls = new Map<string, string>();
    let question = "";
    contents(b).forEach((c, i) => {
      if (!isObj(c)) return;
      const parts = Array.isArray(c.parts) ? c.parts : [];
      if (c.role === "user" || c.role === undefined) {
        const words = textOf(parts);
        if (words) question = words;
      }
      parts.forEach((p, k) => {
        if (!isObj(p)) return;
        if (isObj(p.functionCall)) {
          const args = JSON.stringify(p.functionCall.args ?? {});
          if (p.functionCall.name) calls.set(`name:${p.functionCall.name}`, args);
          if (p.functionCall.id) calls.set(`id:${p.functionCall.id}`, args);
        }
        const fr = p.functionResponse;
        if (!isObj(fr) || !isObj(fr.response)) return;
        const toolArgs = (fr.id ? calls.get(`id:${fr.id}`) : undefined) ?? (fr.name ? calls.get(`name:${fr.name}`) : undefined);
        for (const [key, value] of Object.entries(fr.response)) {
          if (typeof value === "string") out.push({ message: i, part: k, key, text: value, question, toolName: fr.name, toolArgs });
        }
      });
    });
    return out;
  },
  replace(b, edits) {
    let list = contents(b);
    for (const { output, text } of edits) {
      const c = list[output.message]!;
      const parts = c.parts!;
      const part = parts[output.part!]!;
      if (output.kind === "user") {
        list = withItem(list, output.message, { ...c, parts: withItem(parts, output.part!, { ...part, text }) });
        continue;
      }
      const fr = part.functionResponse!;
      const functionResponse = { ...fr, response: { ...fr.response, [output.key!]: text } };
      list = withItem(list, output.message, { ...c, parts: withItem(parts, output.part!, { ...part, functionResponse }) });
    }
    return Array.isArray(b) ? list : { ...b, contents: list };
  },
  userTexts(b) {
    const out: ToolOutput[] = [];
    let question = "";
    contents(b).forEach((c, i) => {
      if (!isObj(c) || !(c.role === "user" || c.role === undefined) || !Array.isArray(c.parts)) return;
      c.parts.forEach((p, k) => { if (isObj(p) && typeof p.text === "string") out.push({ message: i, part: k, question, kind: "user", text: p.text }); });
      const words = textOf(c.parts);
      if (words) question = words;
    });
    return out;
  },
  // a user turn of only functionResponse parts is tool output, not the user's words
  lastUserIndex: (b) => lastIndex(contents(b), (c) => isObj(c) && (c.role === "user" || c.role === undefined) && textOf(c.parts) !== ""),
  hasRetrieveTool: (b) => !Array.isArray(b) && (b.tools ?? []).some((t) => isObj(t) && Array.isArray(t.functionDeclarations) && t.functionDeclarations.some((d) => isObj(d) && d.name === RETRIEVE_TOOL)),
  addRetrieveTool(b) {
    if (Array.isArray(b)) return b;
    // a tools entry of its own: the request's own entries stay byte-identical
    const tool = { functionDeclarations: [{ name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, parameters: RETRIEVE_PARAMETERS }] };
    return { ...b, tools: [...(b.tools ?? []), tool] };
  },
  systemText(b) {
    if (Array.isArray(b)) return "";
    const s = b.systemInstruction;
    return typeof s === "string" ? s : isObj(s) ? textOf(s.parts) : "";
  },
  images(b) {
    const out: ImageRef[] = [];
    contents(b).forEach((c, i) => {
      if (!isObj(c) || !Array.isArray(c.parts)) return;
      c.parts.forEach((p, k) => {
        const d = isObj(p) && isObj(p.inlineData) ? p.inlineData : undefined;
        if (d && typeof d.mimeType === "string" && d.mimeType.startsWith("image/") && typeof d.data === "string") out.push({ message: i, part: k, mediaType: d.mimeType, data: d.data });
      });
    });
    return out;
  },
  replaceImages(b, edits) {
    let list = contents(b);
    for (const { image, data } of edits) {
      const c = list[image.message]!;
      const part = c.parts![image.part!]!;
      list = withItem(list, image.message, { ...c, parts: withItem(c.parts!, image.part!, { ...part, inlineData: { ...(part.inlineData as object), data } }) });
    }
    return Array.isArray(b) ? list : { ...b, contents: list };
  },
};
