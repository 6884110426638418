import { describe, expect, it } from "vitest";
import { testRef } from "../../test/contracts/store.case.js";
import none, { NAME } from "./none.js";

describe("none store", () => {
  it("keeps nothing: every ref is unknown, even right after put", async () => {
    const store = none();
    expect(store.name).toBe(NAME);
    await expect(store.put({ ref: testRef(1), original: "x", type: "text" })).resolves.toBeUndefined();
    expect(await store.get(testRef(1))).toBeUndefined();
  });
});
