import { describe, expect, it } from "vitest";
import { memoryStore } from "../store/index.js";
import { compressMessages } from "./compress-messages.js";
import { withLazyCounts } from "./lazy-counts.js";

describe("withLazyCounts", () => {
  it("counts on first read, once, and derives tokensAfter and ratio", () => {
    let calls = 0;
    const r = withLazyCounts({ refs: ["a"] }, () => (calls++, { tokensBefore: 100, saved: 60 }));
    expect(calls).toBe(0);
    expect(r.tokensAfter).toBe(40);
    expect(r.tokensBefore).toBe(100);
    expect(r.saved).toBe(60);
    expect(r.ratio).toBeCloseTo(0.6);
    expect(calls).toBe(1);
  });

  it("keeps a saved the target already has, and never reports negative tokens after", () => {
    let calls = 0;
    const r = withLazyCounts({ saved: 7 }, () => (calls++, { tokensBefore: 5, saved: 7 }));
    expect(r.saved).toBe(7);
    expect(calls).toBe(0);
    expect(r.tokensAfter).toBe(0);
    expect(r.ratio).toBeCloseTo(1.4);
  });

  it("the counts are own, enumerable fields: JSON and spreads see them, not the hidden count", () => {
    const r = withLazyCounts({ format: "x" }, () => ({ tokensBefore: 10, saved: 4 }));
    expect(JSON.parse(JSON.stringify(r))).toEqual({ format: "x", saved: 4, tokensBefore: 10, tokensAfter: 6, ratio: 0.4 });
    expect({ ...r }).toEqual({ format: "x", saved: 4, tokensBefore: 10, tokensAfter: 6, ratio: 0.4 });
    expect(Object.getOwnPropertySymbols({ ...r })).toEqual([]);
  });

  // Why the module exists: results made per request must not carry getters of their own (see
  // its note). A literal with getters fails this same check, so the check can fail.
  it("every result's getters are the same functions: compressMessages and the helper", async () => {
    const store = memoryStore();
    const req = (k: number) => ({ model: "m", messages: [{ role: "user", content: "which failed?" }, { role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "jobs", arguments: "{}" } }] }, { role: "tool", tool_call_id: "c", content: JSON.stringify(Array.from({ length: 80 }, (_, i) => ({ id: i, k, status: i === 7 ? "failed" : "ok" }))) }] });
    const getter = (o: object, k: string) => Object.getOwnPropertyDescriptor(o, k)?.get;
    const shared = (a: object, b: object) => ["tokensBefore", "tokensAfter", "ratio"].every((k) => getter(a, k) !== undefined && getter(a, k) === getter(b, k));
    const [a, b] = [await compressMessages(req(1), { store }), await compressMessages(req(2), { store })];
    expect(a.refs.length).toBeGreaterThan(0);
    expect(shared(a, b)).toBe(true);
    const [x, y] = [withLazyCounts({}, () => ({ tokensBefore: 1, saved: 0 })), withLazyCounts({}, () => ({ tokensBefore: 2, saved: 1 }))];
    expect(shared(x, y)).toBe(true);
    expect(getter(x, "saved")).toBe(getter(y, "saved"));
    const literal = (n: number) => ({ get tokensBefore() { return n; }, get tokensAfter() { return n; }, get ratio() { return n; } });
    expect(shared(literal(1), literal(2))).toBe(false);
  });
});
