import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { compressMessages } from "../src/messages/compress-messages.js";
import { imageTokens, usefulSize } from "../src/messages/images.js";
import { handleRetrieval } from "../src/messages/retrieval.js";

/** A smooth RGB gradient, encoded by sharp itself. */
async function gradient(width: number, height: number, format: "png" | "jpeg" | "webp"): Promise<string> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = (x * 255) / width;
      raw[i + 1] = (y * 255) / height;
      raw[i + 2] = ((x + y) * 127) / (width + height);
    }
  }
  const img = sharp(raw, { raw: { width, height, channels: 3 } });
  const buf = await (format === "png" ? img.png() : format === "jpeg" ? img.jpeg({ quality: 90 }) : img.webp()).toBuffer();
  return buf.toString("base64");
}

const meta = (b64: string) => sharp(Buffer.from(b64, "base64")).metadata();
const retrieve = (ref: string) => handleRetrieval({ name: "tokenfold_retrieve", input: { ref } });
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

let png: string; // 3000×2000
let jpeg: string; // 3000×2000
let small: string; // 200×100
let wide: string; // 4000×1000 webp
beforeAll(async () => {
  [png, jpeg, small, wide] = await Promise.all([gradient(3000, 2000, "png"), gradient(3000, 2000, "jpeg"), gradient(200, 100, "png"), gradient(4000, 1000, "webp")]);
}, 60_000);

function anthropicRequest() {
  return {
    model: "claude-sonnet-4-5",
    max_tokens: 1024,
    messages: [
      { role: "user", content: [{ type: "text", text: "What is in this screenshot?" }, { type: "image", source: { type: "base64", media_type: "image/png", data: png } }] },
      { role: "assistant", content: [{ type: "tool_use", id: "tu_1", name: "screenshot", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "tu_1", content: [{ type: "text", text: "taken" }, { type: "image", source: { type: "base64", media_type: "image/jpeg", data: jpeg } }] }] },
    ],
  };
}

function chatRequest(detail = "high") {
  return {
    model: "gpt-4o",
    messages: [
      { role: "system", content: "You look at images." },
      { role: "user", content: [{ type: "text", text: "Describe." }, { type: "image_url", image_url: { url: `data:image/png;base64,${png}`, detail } }, { type: "image_url", image_url: { url: "https://example.com/cat.png" } }] },
    ],
  };
}

describe("images: Anthropic", () => {
  it("downscales the user image and the tool_result image within 1568 px / 1.15 MP, same format, other fields unchanged", async () => {
    const req = anthropicRequest();
    const before = clone(req);
    const r = await compressMessages(req);
    expect(req).toEqual(before); // input not mutated
    const out = r.request!;
    const a = (out.messages[0]!.content as any[])[1];
    const b = ((out.messages[2]!.content as any[])[0].content as any[])[1];
    for (const [block, format] of [[a, "png"], [b, "jpeg"]] as const) {
      const m = await meta(block.source.data);
      expect(m.format).toBe(format);
      expect(Math.max(m.width!, m.height!)).toBeLessThanOrEqual(1568);
      expect(m.width! * m.height!).toBeLessThanOrEqual(1_150_000);
      expect([m.width, m.height]).toEqual([1313, 875]);
    }
    expect({ ...a, source: { ...a.source, data: "" } }).toEqual({ type: "image", source: { type: "base64", media_type: "image/png", data: "" } });
    expect({ ...b, source: { ...b.source, data: "" } }).toEqual({ type: "image", source: { type: "base64", media_type: "image/jpeg", data: "" } });
    // untouched parts keep identity; nothing added to the request
    expect(out.messages[1]).toBe(req.messages[1]);
    expect((out.messages[0]!.content as any[])[0]).toBe(req.messages[0]!.content[0]);
    expect(Object.keys(out)).toEqual(Object.keys(req));
    expect((out as any).tools).toBeUndefined();
    expect(r.refs).toEqual([]);
    // refs give the original data URLs back, byte for byte
    expect(r.images!.count).toBe(2);
    expect(await retrieve(r.images!.refs[0]!)).toBe(`data:image/png;base64,${png}`);
    expect(await retrieve(r.images!.refs[1]!)).toBe(`data:image/jpeg;base64,${jpeg}`);
    expect(r.perMessage.filter((p) => p.type === "image").map((p) => [p.message, p.refs])).toEqual([[0, [r.images!.refs[0]]], [2, [r.images!.refs[1]]]]);
    // provider formula: Anthropic resizes to the same 1313×875 itself, ceil(w·h/750) tokens
    expect(r.images!.tokensBefore).toBe(2 * Math.ceil((1313 * 875) / 750));
    expect(r.images!.tokensAfter).toBe(2 * Math.ceil((1313 * 875) / 750));
    expect(r.images!.bytesAfter).toBeLessThan(r.images!.bytesBefore);
  });

  it("is deterministic and idempotent", async () => {
    const one = await compressMessages(anthropicRequest());
    const two = await compressMessages(anthropicRequest());
    expect(JSON.stringify(two.request)).toBe(JSON.stringify(one.request));
    const again = await compressMessages(one.request!);
    expect(again.request).toBe(one.request);
    expect(again.images).toBeUndefined();
  });

  it("leaves images alone with images: false, in the frozen prefix, and under cache_control", async () => {
    const req = anthropicRequest();
    const off = await compressMessages(req, { images: false });
    expect(off.request).toBe(req);
    expect(off.images).toBeUndefined();
    const frozen = await compressMessages(anthropicRequest(), { frozenPrefix: 1 });
    expect((frozen.request!.messages[0]!.content as any[])[1].source.data).toBe(png);
    expect(frozen.images!.count).toBe(1);
    const cached = anthropicRequest();
    (cached.messages[0]!.content[1] as any).cache_control = { type: "ephemeral" };
    (cached.messages[2]!.content[0] as any).cache_control = { type: "ephemeral" };
    const c = await compressMessages(cached);
    expect(c.request).toBe(cached);
  });

  it("leaves a small image and a corrupt one as they are, with a warning for the corrupt one", async () => {
    const req = {
      model: "claude-sonnet-4-5", max_tokens: 100,
      messages: [{ role: "user", content: [{ type: "text", text: "hi" }, { type: "image", source: { type: "base64", media_type: "image/png", data: small } }, { type: "image", source: { type: "base64", media_type: "image/png", data: "bm90IGFuIGltYWdlIGF0IGFsbA==" } }] }],
    };
    const r = await compressMessages(req);
    expect(r.request).toBe(req);
    expect(r.images).toBeUndefined();
    expect(r.warnings.some((w) => /\[images\] message 0 part 2: could not decode/.test(w))).toBe(true);
    expect(r.warnings.some((w) => /part 1/.test(w))).toBe(false);
  });
});

describe("images: OpenAI chat", () => {
  it("high detail: fits 2048 then shortest side 768; remote URLs untouched; tokens by the tile formula", async () => {
    const req = chatRequest("high");
    const r = await compressMessages(req);
    const parts = r.request!.messages[1]!.content as any[];
    const url: string = parts[1].image_url.url;
    expect(url.startsWith("data:image/png;base64,")).toBe(true);
    const m = await meta(url.slice("data:image/png;base64,".length));
    expect([m.width, m.height, m.format]).toEqual([1152, 768, "png"]);
    expect(parts[1].image_url.detail).toBe("high");
    expect(parts[2]).toBe(req.messages[1]!.content[2]);
    expect(r.request!.messages[0]).toBe(req.messages[0]);
    expect((r.request as any).tools).toBeUndefined();
    // 1152×768 → 3 × 2 tiles of 512 → 85 + 170·6
    expect(r.images).toMatchObject({ count: 1, tokensBefore: 85 + 170 * 6, tokensAfter: 85 + 170 * 6 });
    expect(await retrieve(r.images!.refs[0]!)).toBe(`data:image/png;base64,${png}`);
  });

  it("low detail: fits 512×512, 85 tokens", async () => {
    const r = await compressMessages(chatRequest("low"));
    const url: string = (r.request!.messages[1]!.content as any[])[1].image_url.url;
    const m = await meta(url.split(",")[1]!);
    expect([m.width, m.height]).toEqual([512, 341]);
    expect(r.images).toMatchObject({ count: 1, tokensBefore: 85, tokensAfter: 85 });
  });

  it("images: false leaves the request as it is", async () => {
    const req = chatRequest();
    expect((await compressMessages(req, { images: false })).request).toBe(req);
  });
});

describe("images: Responses and Gemini", () => {
  it("Responses input_image data URL is downscaled, detail kept", async () => {
    const req = { model: "gpt-4.1", input: [{ role: "user", content: [{ type: "input_text", text: "look" }, { type: "input_image", image_url: `data:image/jpeg;base64,${jpeg}`, detail: "auto" }] }] };
    const r = await compressMessages(req);
    const part = (r.request!.input[0]!.content as any[])[1];
    expect(part.detail).toBe("auto");
    const m = await meta(part.image_url.split(",")[1]);
    expect([m.width, m.height, m.format]).toEqual([1152, 768, "jpeg"]);
  });

  it("Gemini inlineData is fitted to 3072 px, mimeType kept, tokens by 768-px tiles", async () => {
    const req = { contents: [{ role: "user", parts: [{ text: "look" }, { inlineData: { mimeType: "image/webp", data: wide } }] }] };
    const r = await compressMessages(req);
    const d = (r.request!.contents[0]!.parts[1] as any).inlineData;
    expect(d.mimeType).toBe("image/webp");
    const m = await meta(d.data);
    expect([m.width, m.height, m.format]).toEqual([3072, 768, "webp"]);
    expect(r.images).toMatchObject({ count: 1, tokensBefore: 4 * 1 * 258, tokensAfter: 4 * 1 * 258 });
  });
});

describe("image policy", () => {
  it("useful sizes and token formulas", () => {
    expect(usefulSize("anthropic", 1000, 800)).toEqual([1000, 800]);
    expect(usefulSize("anthropic", 2000, 500)).toEqual([1568, 392]);
    expect(imageTokens("anthropic", 1000, 750)).toBe(1000);
    expect(usefulSize("openai", 1024, 1024, "high")).toEqual([768, 768]);
    expect(imageTokens("openai", 1024, 1024, "high")).toBe(85 + 170 * 4);
    expect(imageTokens("openai", 4096, 8192, "auto")).toBe(85 + 170 * 6); // 1024×2048 → 768×1536: 2 × 3 tiles
    expect(imageTokens("gemini", 384, 300)).toBe(258);
    expect(imageTokens("gemini", 1000, 500)).toBe(2 * 258);
    for (const p of ["anthropic", "openai", "gemini"] as const) {
      const [w, h] = usefulSize(p, 3001, 1999, "high");
      expect(usefulSize(p, w, h, "high")).toEqual([w, h]);
    }
  });
});
