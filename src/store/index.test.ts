import { describe, expect, it } from "vitest";
import type { Store } from "../core/types.js";
import { createStore, memoryStore, noneStore, redisStore, retrieve, selectMatching, sqliteStore } from "./index.js";

describe("createStore", () => {
  it("makes each driver by name, with its options", () => {
    expect(createStore("memory").name).toBe("memory");
    expect(createStore("memory", { maxBytes: 1024 }).name).toBe("memory");
    expect(createStore("none").name).toBe("none");
    // Opens nothing until used, so no file is made here.
    expect(createStore("sqlite", { path: "/nonexistent/never-opened.db" }).name).toBe("sqlite");
  });

  it("hands back a Store given as such", () => {
    const mine: Store = { name: "mine", put: async () => {}, get: async () => undefined };
    expect(createStore(mine)).toBe(mine);
  });

  it("passes options through, so bad ones throw at creation", () => {
    expect(() => createStore("memory", { maxBytes: -1 })).toThrow(/^\[tokenfold\] \[memory\] /);
  });

  it("names the valid drivers when given an unknown one", () => {
    expect(() => createStore("postgres" as never)).toThrow(
      '[tokenfold] [store] unknown store "postgres"; use one of memory, sqlite, redis, none, or pass a Store',
    );
    expect(() => createStore("toString" as never)).toThrow(/unknown store/);
    expect(() => createStore({ name: "half" } as never)).toThrow(/needs `get` and `put`/);
  });

  it("re-exports the drivers and helpers", () => {
    for (const f of [memoryStore, noneStore, sqliteStore, redisStore, retrieve, selectMatching]) expect(typeof f).toBe("function");
  });
});
