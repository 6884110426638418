/** `tokenfold compress`. @module */
import { readFileSync } from "node:fs";
import { compress } from "../../api.js";
import { compressMessages } from "../../messages/compress-messages.js";
import { CONTENT_TYPES, type ContentType } from "../../compressors/index.js";
import { UsageError, type Parsed } from "./main.js";
import { openStore } from "./store.js";

/** Reads the input, compresses it, prints the text (or the result object with --json). */
export async function runCompress({ values, positionals }: Parsed): Promise<number> {
  if (positionals.length > 1) throw new UsageError("compress takes one FILE (or - for stdin)");
  const file = positionals[0] ?? "-";
  const raw = readFileSync(file === "-" ? 0 : file);
  const target = values.target === undefined ? undefined : Number(values.target);
  if (target !== undefined && !(target >= 0 && target <= 1)) throw new UsageError("--target must be a number within 0–1");
  const engine = values.engine as "wasm" | "js" | undefined;
  if (engine !== undefined && engine !== "wasm" && engine !== "js") throw new UsageError("--engine must be wasm or js");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    // Invalid UTF-8 cannot round-trip through a JS string: pass the bytes through untouched.
    process.stdout.write(raw);
    if (values.json) process.stderr.write("tokenfold: input is not valid UTF-8; passed through unchanged\n");
    return 0;
  }
  const type = (values.type as string | undefined) ?? "auto";
  if (type !== "auto" && !(CONTENT_TYPES as readonly string[]).includes(type)) throw new UsageError(`--type must be auto or one of ${CONTENT_TYPES.join(", ")}`);
  const fileName = (values["file-name"] as string | undefined) ?? (file === "-" ? undefined : file);
  const store = openStore(values.store, values["redis-url"]);
  if (values.messages) {
    // a message array or request body: the tool outputs are compressed, the same JSON shape comes back
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new UsageError("--messages needs a JSON message array or request body");
    }
    try {
      const budget = values.budget === undefined ? undefined : Number(values.budget);
      if (budget !== undefined && !(budget > 0)) throw new UsageError("--budget must be a positive number of tokens");
      const r = await compressMessages(body as object, { targetRatio: target, lossless: values.lossless === true, engine, store, budget });
      const out = r.request ?? r.messages;
      process.stdout.write(values.json ? JSON.stringify(r, null, 2) + "\n" : JSON.stringify(out) + "\n");
      return 0;
    } finally {
      await store.close?.();
    }
  }
  try {
    const r = await compress(text, {
      query: values.query as string | undefined, type: type as "auto" | ContentType, fileName,
      model: values.model ? { path: values.model as string, allowRemote: values["allow-remote-models"] === true } : undefined,
      targetRatio: target, lossless: values.lossless === true, exactTokens: values.exact === true, engine, store,
    });
    process.stdout.write(values.json ? JSON.stringify(r, null, 2) + "\n" : r.text);
    return 0;
  } finally {
    await store.close?.();
  }
}
