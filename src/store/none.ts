/**
 * The store that keeps nothing, for `lossless` mode (no output ever needs undoing) and for callers
 * who must not hold tool outputs at all. Every ref it is asked about is unknown.
 * @module
 */
import type { Store } from "../core/types.js";

/** The driver's name, as `Store.name`. */
export const NAME = "none";

/** Options of the none store: there are none; the type exists so every driver has the same shape. */
export type NoneStoreOptions = Record<string, never>;

/**
 * Creates a store whose `put` does nothing and whose `get` always answers `undefined`.
 * @example
 * const store = none();
 */
const none = (_options?: NoneStoreOptions): Store => ({
  name: NAME,
  async put() {},
  async get() {
    return undefined;
  },
});

export default none;
