import { describe, expect, it, vi } from "vitest";

vi.mock("sharp", () => {
  throw new Error("Cannot find module 'sharp'");
});

describe("images without sharp", () => {
  it("leaves images as they are, with one warning (fail-open)", async () => {
    const { compressMessages } = await import("../src/messages/compress-messages.js");
    const req = { model: "gpt-4o", messages: [{ role: "system", content: "s" }, { role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } }] }] };
    const r = await compressMessages(req);
    expect(r.request).toBe(req);
    expect(r.images).toBeUndefined();
    expect(r.warnings.filter((w) => /no image codec/.test(w))).toHaveLength(1);
  });
});
