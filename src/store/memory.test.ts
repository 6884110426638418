import { afterEach, describe, expect, it, vi } from "vitest";
import { runStoreContract, testRef } from "../../test/contracts/store.case.js";
import type { StoreEntry } from "../core/types.js";
import memory, { entrySize, NAME } from "./memory.js";

runStoreContract(NAME, async () => memory());

const entry = (n: number, original: string): StoreEntry => ({ ref: testRef(n), original, type: "text" });

describe("memory store", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("charges 2 bytes per UTF-16 unit plus overhead", () => {
    const small = entrySize(entry(1, "x"));
    expect(entrySize(entry(1, "x".repeat(1001)))).toBe(small + 2000);
    expect(entrySize({ ...entry(1, "x"), units: [[0, 1]] })).toBeGreaterThan(small);
  });

  it("evicts the least recently used entries once over maxBytes", async () => {
    const size = entrySize(entry(1, "a".repeat(100)));
    const store = memory({ maxBytes: 3 * size });
    for (const n of [1, 2, 3]) await store.put(entry(n, String(n).repeat(100)));
    expect(store.getInstance().calculatedSize).toBe(3 * size);
    await store.put(entry(4, "4".repeat(100)));
    expect(await store.get(testRef(1))).toBeUndefined();
    for (const n of [2, 3, 4]) expect((await store.get(testRef(n)))?.original).toBe(String(n).repeat(100));
    // Reading 2 makes 3 the oldest.
    await store.get(testRef(2));
    await store.put(entry(5, "5".repeat(100)));
    expect(await store.get(testRef(3))).toBeUndefined();
    expect(await store.get(testRef(2))).toBeDefined();
  });

  it("evicts as many entries as a big one needs", async () => {
    const size = entrySize(entry(1, "a".repeat(100)));
    const store = memory({ maxBytes: 4 * size });
    for (const n of [1, 2, 3, 4]) await store.put(entry(n, "a".repeat(100)));
    const big = entry(9, "b".repeat(400));
    // The big one fits beside one small entry, not two: the three oldest must go.
    expect(entrySize(big) + size).toBeLessThanOrEqual(4 * size);
    expect(entrySize(big) + 2 * size).toBeGreaterThan(4 * size);
    await store.put(big);
    const left = await Promise.all([1, 2, 3, 4].map(async (n) => (await store.get(testRef(n))) !== undefined));
    expect(left).toEqual([false, false, false, true]);
    expect(await store.get(testRef(9))).toBeDefined();
  });

  it("does not keep an entry larger than maxBytes", async () => {
    const store = memory({ maxBytes: 1000 });
    await store.put(entry(1, "small"));
    await store.put(entry(2, "x".repeat(1000)));
    expect(await store.get(testRef(2))).toBeUndefined();
    expect((await store.get(testRef(1)))?.original).toBe("small");
  });

  it("expires entries after ttlMs (fake clock)", async () => {
    vi.useFakeTimers();
    const store = memory({ ttlMs: 1000 });
    await store.put(entry(1, "short-lived"));
    vi.advanceTimersByTime(1000);
    expect((await store.get(testRef(1)))?.original).toBe("short-lived");
    vi.advanceTimersByTime(1);
    expect(await store.get(testRef(1))).toBeUndefined();
  });

  it("makes an entry fresh again when it is put again", async () => {
    vi.useFakeTimers();
    const store = memory({ ttlMs: 1000 });
    await store.put(entry(1, "kept"));
    vi.advanceTimersByTime(800);
    await store.put(entry(1, "kept"));
    vi.advanceTimersByTime(800);
    expect((await store.get(testRef(1)))?.original).toBe("kept");
  });

  it("keeps entries without a ttl however long it waits", async () => {
    vi.useFakeTimers();
    const store = memory();
    await store.put(entry(1, "forever"));
    vi.advanceTimersByTime(365 * 24 * 60 * 60 * 1000);
    expect((await store.get(testRef(1)))?.original).toBe("forever");
  });

  it("rejects bad options when created", () => {
    expect(() => memory({ maxBytes: 0 })).toThrow(/^\[tokenfold\] \[memory\] /);
    expect(() => memory({ maxBytes: -1 })).toThrow(/maxBytes/);
    expect(() => memory({ maxBytes: 1.5 })).toThrow(/maxBytes/);
    expect(() => memory({ ttlMs: -5 })).toThrow(/ttlMs/);
    expect(() => memory({ maxBytes: undefined, ttlMs: undefined })).not.toThrow();
  });
});
