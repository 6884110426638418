/** `tokenfold retrieve`. @module */
import { retrieve } from "../../store/retrieve.js";
import { UsageError, type Parsed } from "./main.js";
import { openStore } from "./store.js";

/** Prints the original behind a ref (or the parts matching --query). */
export async function runRetrieve({ values, positionals }: Parsed): Promise<number> {
  if (positionals.length !== 1) throw new UsageError("retrieve takes exactly one REF");
  const store = openStore(values.store, values["redis-url"]);
  try {
    const r = await retrieve(store, positionals[0]!, { query: values.query as string | undefined });
    if (!r.ok) {
      process.stderr.write(`tokenfold: ${r.detail}\n`);
      return 1;
    }
    process.stdout.write(r.value.text);
    return 0;
  } finally {
    await store.close?.();
  }
}
