/**
 * OpenAI Responses: `{ model, instructions?, input: string | items, tools? }`. Tool outputs are
 * `function_call_output` items, whose `output` is a string or an array of `{ type: "input_text",
 * text }` parts (images and files beside them are left alone). The question is the last user
 * message before the output; the call's name and arguments come from the `function_call` item
 * with the same `call_id`. Reasoning items and anything else pass through untouched.
 * @module
 */
import { isObj, lastIndex, parseDataUrl, RETRIEVE_DESCRIPTION, RETRIEVE_PARAMETERS, RETRIEVE_TOOL, withItem, userTextOutputs, type FormatAdapter, type ImageRef, type ToolOutput } from "../types.js";

type Part = { type?: string; text?: string; [k: string]: unknown };
type Item = { type?: string; role?: string; content?: string | Part[]; call_id?: string; name?: string; arguments?: string; output?: string | Part[]; [k: string]: unknown };
type Body = { input: string | Item[]; instructions?: string | null; tools?: unknown[]; [k: string]: unknown } | Item[];

const items = (b: Body): Item[] => (Array.isArray(b) ? b : Array.isArray(b.input) ? b.input : []);
const textOf = (c: unknown): string => (typeof c === "string" ? c : Array.isArray(c) ? c.filter((x) => isObj(x) && (x.type === "input_text" || x.type === "output_text") && typeof x.text === "string").map((x) => (x as Part).text).join("\n") : "");
const isMessage = (x: Item): boolean => (x.type === undefined || x.type === "message") && typeof x.role === "string";
/** Item types only the Responses API has (a bare item list is recognised by them). */
const ITEM_TYPES = ["function_call", "function_call_output", "reasoning", "custom_tool_call", "custom_tool_call_output", "item_reference", "web_search_call", "file_search_call", "computer_call", "computer_call_output"];

export const openaiResponses: FormatAdapter<Body> = {
  name: "openai-responses",
  detect(body) {
    if (Array.isArray(body)) {
      return body.length > 0 && body.every(isObj) && body.some((x) => ITEM_TYPES.includes(x.type as string) || (Array.isArray(x.content) && x.content.some((p) => isObj(p) && (p.type === "input_text" || p.type === "output_text"))));
    }
    if (!isObj(body) || "messages" in body || !("input" in body)) return false;
    return Array.isArray(body.input) || (typeof body.input === "string" && "model" in body);
  },
  count: (b) => items(b).length,
  toolOutputs(b) {
    const out: ToolOutput[] = [];
    const calls = new Map<string, { name?: string; args?: string }>();
    let question = "";
    items(b).forEach((x, i) => {
      if (!isObj(x)) return;
      if (isMessage(x) && x.role === "user") {
        const words = textOf(x.content);
        if (words) question = words;
      }
      if (x.type === "function_call" && x.call_id) calls.set(x.call_id, { name: x.name, args: x.arguments });
      if (x.type !== "function_call_output") return;
      const call = x.call_id ? calls.get(x.call_id) : undefined;
      const base = { message: i, question, toolName: call?.name, toolArgs: call?.args };
      if (typeof x.output === "string") out.push({ ...base, text: x.output });
      else if (Array.isArray(x.output)) x.output.forEach((p, k) => { if (isObj(p) && p.type === "input_text" && typeof p.text === "string") out.push({ ...base, part: k, text: p.text }); });
    });
    return out;
  },
  replace(b, edits) {
    let list = items(b);
    for (const { output, text } of edits) {
      const x = list[output.message]!;
      if (output.kind === "user") {
        const content = output.part === undefined ? text : withItem(x.content as Part[], output.part, { ...(x.content as Part[])[output.part]!, text });
        list = withItem(list, output.message, { ...x, content });
        continue;
      }
      const value = output.part === undefined ? text : withItem(x.output as Part[], output.part, { ...(x.output as Part[])[output.part]!, text });
      list = withItem(list, output.message, { ...x, output: value });
    }
    return Array.isArray(b) ? list : { ...b, input: list };
  },
  userTexts: (b) => userTextOutputs(items(b), { isUser: (x) => isMessage(x) && x.role === "user", partType: "input_text", words: textOf }),
  lastUserIndex: (b) => lastIndex(items(b), (x) => isObj(x) && isMessage(x) && x.role === "user" && textOf(x.content) !== ""),
  hasRetrieveTool: (b) => !Array.isArray(b) && (b.tools ?? []).some((t) => isObj(t) && t.name === RETRIEVE_TOOL),
  addRetrieveTool(b) {
    if (Array.isArray(b)) return b;
    // strict: false, because strict schemas must list every property as required (query is optional)
    const tool = { type: "function", name: RETRIEVE_TOOL, description: RETRIEVE_DESCRIPTION, parameters: RETRIEVE_PARAMETERS, strict: false };
    return { ...b, tools: [...(b.tools ?? []), tool] };
  },
  systemText(b) {
    const own = !Array.isArray(b) && typeof b.instructions === "string" ? [b.instructions] : [];
    const system = items(b).filter((x) => isObj(x) && isMessage(x) && (x.role === "system" || x.role === "developer")).map((x) => textOf(x.content));
    return [...own, ...system].filter(Boolean).join("\n");
  },
  // images are `input_image` parts of a message's `content` (part) or a function_call_output's `output` (sub)
  images(b) {
    const out: ImageRef[] = [];
    const scan = (list: unknown, at: (k: number) => Pick<ImageRef, "message" | "part" | "sub">) => {
      if (!Array.isArray(list)) return;
      list.forEach((p, k) => {
        if (!isObj(p) || p.type !== "input_image") return;
        const d = parseDataUrl(p.image_url);
        if (d) out.push({ ...at(k), ...d, detail: typeof p.detail === "string" ? p.detail : undefined });
      });
    };
    items(b).forEach((x, i) => {
      if (!isObj(x)) return;
      scan(x.content, (k) => ({ message: i, part: k }));
      if (x.type === "function_call_output") scan(x.output, (k) => ({ message: i, sub: k }));
    });
    return out;
  },
  replaceImages(b, edits) {
    let list = items(b);
    for (const { image, data } of edits) {
      const x = list[image.message]!;
      const field = image.sub === undefined ? "content" : "output";
      const k = image.sub ?? image.part!;
      const parts = x[field] as Part[];
      list = withItem(list, image.message, { ...x, [field]: withItem(parts, k, { ...parts[k]!, image_url: `data:${image.mediaType};base64,${data}` }) });
    }
    return Array.isArray(b) ? list : { ...b, input: list };
  },
};
