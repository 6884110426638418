import { describe, expect, it } from "vitest";
import type { Store } from "../core/types.js";
import memory from "./memory.js";
import none from "./none.js";
import { retrieve } from "./retrieve.js";

const REF = "tf_0123456789abcdef01234567";
const OTHER = "tf_fedcba9876543210fedcba98";
const LOG = "INFO start\r\nERROR disk full 😀\nINFO retry\nERROR disk full again\n";
const JSON_TEXT = '[{"id":"a1","user":"Kurtis Weissnat"},{"id":"b2","user":"Ada"}]';

async function filled(): Promise<Store> {
  const store = memory();
  await store.put({ ref: REF, original: LOG, type: "logs" });
  await store.put({ ref: OTHER, original: JSON_TEXT, type: "json", units: [[1, 37], [38, 62]] });
  return store;
}

describe("retrieve", () => {
  it.each(["", "tf_", "tf_0123", "TF_0123456789abcdef01234567", "tf_0123456789ABCDEF01234567", `${REF}0`, ` ${REF}`])(
    "calls %j malformed",
    async (bad) => {
      const r = await retrieve(await filled(), bad);
      expect(r).toMatchObject({ ok: false, code: "ref.malformed" });
      expect(!r.ok && r.detail).toMatch(/^malformed ref ".*" \(a ref is tf_ followed by 24 lowercase hex digits\)$/);
    },
  );

  it("quotes only the start of a long malformed ref", async () => {
    const r = await retrieve(memory(), "x".repeat(10_000));
    expect(!r.ok && r.detail.length).toBeLessThan(200);
  });

  it("calls a ref the store does not have unknown or expired", async () => {
    const missing = "tf_000000000000000000000000";
    for (const store of [await filled(), none()]) {
      expect(await retrieve(store, missing)).toEqual({
        ok: false,
        code: "ref.unknown",
        detail: `unknown or expired ref ${missing} (refs expire after the store's TTL; re-run the tool to get the full output)`,
      });
    }
  });

  it("returns the whole original byte-for-byte without a query", async () => {
    const store = await filled();
    expect(await retrieve(store, REF)).toEqual({ ok: true, value: { ref: REF, text: LOG, type: "logs" } });
    expect(await retrieve(store, REF, { query: "  " })).toEqual({ ok: true, value: { ref: REF, text: LOG, type: "logs" } });
  });

  it("returns the matching lines with a query", async () => {
    const r = await retrieve(await filled(), REF, { query: "disk errors" });
    expect(r).toEqual({
      ok: true,
      value: { ref: REF, text: "ERROR disk full 😀\nERROR disk full again", type: "logs", matched: 2, total: 4 },
    });
  });

  it("returns the matching units with a query", async () => {
    const r = await retrieve(await filled(), OTHER, { query: "record of Kurtis Weissnat" });
    expect(r).toEqual({
      ok: true,
      value: { ref: OTHER, text: '{"id":"a1","user":"Kurtis Weissnat"}', type: "json", matched: 1, total: 2 },
    });
  });

  it("returns empty text, not an error, when a query matches nothing", async () => {
    const r = await retrieve(await filled(), REF, { query: "kubernetes" });
    expect(r).toEqual({ ok: true, value: { ref: REF, text: "", type: "logs", matched: 0, total: 4 } });
  });
});
