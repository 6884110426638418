/** The CLI's store: SQLite by default, so refs outlive the process. @module */
import { createStore, type StoreName } from "../../store/index.js";
import type { Store } from "../../core/types.js";
import { UsageError } from "./main.js";

/** Opens the store named on the command line. */
export function openStore(name: string | boolean | undefined): Store {
  const n = (typeof name === "string" ? name : "sqlite") as StoreName;
  if (!["sqlite", "memory", "none"].includes(n)) throw new UsageError(`unknown store '${n}' (sqlite, memory, none)`);
  return createStore(n);
}
