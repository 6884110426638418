/**
 * The contract every Store driver meets. Each driver's test file calls {@link runStoreContract};
 * a driver that cannot meet a case skips it by name, with a written reason.
 * @module
 */
import { describe, expect, it } from "vitest";
import type { Store, StoreEntry } from "../../src/core/types.js";

/** Options of {@link runStoreContract}. */
export interface StoreContractOptions {
  /** Case name → why this driver cannot meet it. Every key must name a case. */
  skip?: Record<string, string>;
}

/** A well-formed ref for test number `n` (stores do not check refs against content). */
export const testRef = (n: number): string => `tf_${n.toString(16).padStart(24, "0")}`;

const entry = (n: number, original: string, extra?: Partial<StoreEntry>): StoreEntry => ({
  ref: testRef(n),
  original,
  type: "text",
  ...extra,
});

const roundTrip = (original: string) => async (store: Store) => {
  await store.put(entry(1, original));
  const got = await store.get(testRef(1));
  expect(got?.original === original).toBe(true); // not toEqual: a 1 MB diff is no use
  expect(got?.original.length).toBe(original.length);
  expect(got?.type).toBe("text");
};

const CASES: Record<string, (store: Store) => Promise<void>> = {
  "round-trips ASCII": roundTrip("hello\nworld\n"),
  "round-trips unicode and emoji": roundTrip("héllo wörld — 日本語 😀👍🏽 👨‍👩‍👧 \u200b\ufeff"),
  "round-trips CRLF, tabs and a trailing newline": roundTrip("a\r\nb\r\n\tc\r\n\r\n"),
  "round-trips the NUL char": roundTrip("before\u0000after\u0000"),
  "round-trips the empty string": roundTrip(""),
  "round-trips a 1 MB string": roundTrip("0123456789abcdef😀\n".repeat(1024 * 1024 / 19 + 1)),
  "round-trips lone surrogates": roundTrip("a\ud800b\udc00c"),
  "answers undefined for an unknown ref": async (store) => {
    expect(await store.get(testRef(404))).toBeUndefined();
    await store.put(entry(1, "x"));
    expect(await store.get(testRef(404))).toBeUndefined();
  },
  "takes the same put twice without harm": async (store) => {
    const e = entry(2, "same content", { units: [[0, 4]] });
    await store.put(e);
    await store.put({ ...e, units: [[0, 4]] });
    expect(await store.get(e.ref)).toEqual(e);
  },
  "keeps units through the round-trip": async (store) => {
    const original = '[{"id":1},{"id":2},{"id":3}]';
    const units: Array<[number, number]> = [[1, 9], [10, 18], [19, 27]];
    await store.put(entry(3, original, { type: "json", units }));
    expect(await store.get(testRef(3))).toEqual({ ref: testRef(3), original, type: "json", units });
    expect(await store.get(testRef(4))).toBeUndefined();
  },
  "keeps no units when none were given": async (store) => {
    await store.put(entry(5, "plain"));
    const got = await store.get(testRef(5));
    expect(got).toEqual({ ref: testRef(5), original: "plain", type: "text" });
    expect(got !== undefined && "units" in got && got.units !== undefined).toBe(false);
  },
  "does not share state with the caller": async (store) => {
    const units: Array<[number, number]> = [[0, 1]];
    await store.put(entry(6, "ab", { units }));
    units[0]![1] = 2;
    const got = await store.get(testRef(6));
    expect(got?.units).toEqual([[0, 1]]);
    got!.units![0]![0] = 9;
    expect((await store.get(testRef(6)))?.units).toEqual([[0, 1]]);
  },
  "holds many entries": async (store) => {
    const n = 1000;
    for (let i = 0; i < n; i++) await store.put(entry(1000 + i, `entry ${i}\n`.repeat(1 + (i % 7))));
    for (let i = 0; i < n; i++) {
      expect((await store.get(testRef(1000 + i)))?.original).toBe(`entry ${i}\n`.repeat(1 + (i % 7)));
    }
  },
  "has, when a driver offers it, agrees with get": async (store) => {
    if (!store.has) return;
    expect(await store.has(testRef(7))).toBe(false);
    await store.put(entry(7, "present"));
    expect(await store.has(testRef(7))).toBe(true);
    expect(await store.has(testRef(8))).toBe(false);
  },
  "has a name": async (store) => {
    expect(typeof store.name).toBe("string");
    expect(store.name.length).toBeGreaterThan(0);
  },
};

/**
 * Runs the store contract against a driver.
 * @param name - the suite's title, usually the driver's NAME
 * @param create - makes a fresh, empty store for each case (closed after it)
 * @param opts - see {@link StoreContractOptions}
 */
export function runStoreContract(name: string, create: () => Promise<Store>, opts?: StoreContractOptions): void {
  const skip = opts?.skip ?? {};
  for (const key of Object.keys(skip)) {
    if (!(key in CASES)) throw new Error(`runStoreContract(${name}): skip names no case: ${JSON.stringify(key)}`);
    if (!skip[key]?.trim()) throw new Error(`runStoreContract(${name}): skip of ${JSON.stringify(key)} needs a reason`);
  }
  describe(`Store contract: ${name}`, () => {
    for (const [title, run] of Object.entries(CASES)) {
      const reason = skip[title];
      if (reason !== undefined) {
        it.skip(`${title} (skipped: ${reason})`, () => {});
        continue;
      }
      it(title, async () => {
        const store = await create();
        try {
          await run(store);
        } finally {
          await store.close?.();
        }
      });
    }
  });
}
