/**
 * Image downscaling: base64 images larger than the provider's useful resolution are resized to
 * exactly that resolution (aspect ratio kept, same format), the original data URL is kept in the
 * store, and nothing else is added to the request. Only inline base64 data is touched; URLs are
 * never fetched. Decoding and encoding run through a codec: sharp in Node (loaded on demand, so
 * browsers never pull it), `OffscreenCanvas` + `createImageBitmap` in browsers. Any failure leaves
 * the image as it is, with a warning.
 *
 * Token counts follow each provider's documented formula, applied after the provider's own
 * documented resize: an image the provider would shrink anyway costs the same tokens either way,
 * so for such images the gain is bytes (request size, upload time), reported as `bytesBefore` /
 * `bytesAfter`.
 * @module
 */
import { storeOriginal } from "../compress.js";
import type { Reason, Store } from "../core/types.js";
import type { FormatAdapter, ImageRef, MessageFormat } from "./types.js";

/** Whose image-token formula applies. */
export type ImageProvider = "anthropic" | "openai" | "gemini";

/** Image formats that are re-encoded; any other is left alone. */
const FORMATS: Record<string, "png" | "jpeg" | "webp"> = { "image/png": "png", "image/jpeg": "jpeg", "image/jpg": "jpeg", "image/webp": "webp" };

/** Decoder and encoder of base64 images. */
export interface ImageCodec {
  /** Width and height as displayed (EXIF orientation applied); throws when the data is not an image. */
  probe(base64: string): Promise<{ width: number; height: number; pages?: number }>;
  /** The image resized to exactly `width` × `height`, encoded as `format`, in base64. */
  resize(base64: string, width: number, height: number, format: "png" | "jpeg" | "webp"): Promise<string>;
}

/** The provider whose formula and limits apply to a request format. */
export function providerOf(format: MessageFormat): ImageProvider {
  return format === "anthropic" ? "anthropic" : format === "gemini" ? "gemini" : "openai";
}

/** Anthropic: long edge ≤ 1568 px and ≤ ~1.15 megapixels; tokens ≈ width × height / 750. */
export const ANTHROPIC_MAX_EDGE = 1568;
export const ANTHROPIC_MAX_PIXELS = 1_150_000;
/** Gemini scales larger images down to fit 3072 × 3072. */
export const GEMINI_MAX_EDGE = 3072;

const scaled = (w: number, h: number, s: number): [number, number] =>
  s >= 1 ? [w, h] : [Math.max(1, Math.floor(w * s + 1e-6)), Math.max(1, Math.floor(h * s + 1e-6))];

/**
 * The largest size the provider uses for an image of `width` × `height`: the image as is when it
 * is already within the limits. Idempotent: the useful size of a useful size is itself.
 */
export function usefulSize(provider: ImageProvider, width: number, height: number, detail?: string): [number, number] {
  if (provider === "anthropic") {
    const s = Math.min(ANTHROPIC_MAX_EDGE / Math.max(width, height), Math.sqrt(ANTHROPIC_MAX_PIXELS / (width * height)));
    return scaled(width, height, s);
  }
  if (provider === "gemini") return scaled(width, height, GEMINI_MAX_EDGE / Math.max(width, height));
  if (detail === "low") return scaled(width, height, 512 / Math.max(width, height));
  // high / auto: fit 2048 × 2048, then the shortest side at most 768
  const [w1, h1] = scaled(width, height, 2048 / Math.max(width, height));
  return scaled(w1, h1, 768 / Math.min(w1, h1));
}

/** Input tokens the provider bills for an image of `width` × `height` (after its own resize). */
export function imageTokens(provider: ImageProvider, width: number, height: number, detail?: string): number {
  const [w, h] = usefulSize(provider, width, height, detail);
  if (provider === "anthropic") return Math.ceil((w * h) / 750);
  if (provider === "gemini") return w <= 384 && h <= 384 ? 258 : Math.ceil(w / 768) * Math.ceil(h / 768) * 258;
  if (detail === "low") return 85;
  return 85 + 170 * Math.ceil(w / 512) * Math.ceil(h / 512);
}

/** What the images pass did, for `MessagesResult.images`. */
export interface ImagesReport {
  /** Images downscaled. */
  count: number;
  /** Provider tokens of those images before and after (by the provider's formula). */
  tokensBefore: number;
  tokensAfter: number;
  /** Base64 characters of those images before and after. */
  bytesBefore: number;
  bytesAfter: number;
  /** Refs of the original data URLs, one per downscaled image. */
  refs: string[];
}

/** One downscaled image. */
export interface ImageChange {
  image: ImageRef;
  data: string;
  ref: string;
  tokensBefore: number;
  tokensAfter: number;
  reasons: Reason[];
}

let codecPromise: Promise<ImageCodec | undefined> | undefined;

/** The codec of this runtime: sharp in Node, OffscreenCanvas in browsers, or none. */
export function loadCodec(): Promise<ImageCodec | undefined> {
  return (codecPromise ??= (async () => {
    const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
    if (isNode) {
      try {
        const mod = await import("./images-node.js");
        return await mod.sharpCodec();
      } catch {
        return undefined;
      }
    }
    return canvasCodec();
  })());
}

/**
 * Downscales the request's oversized base64 images. Images in messages before `frozenPrefix`, or
 * carrying `cache_control`, are never touched. Returns the changes (apply them with the adapter's
 * `replaceImages`) and warnings; never throws for a bad image.
 */
export async function downscaleImages(
  body: unknown, adapter: FormatAdapter, options: { frozenPrefix?: number; store?: Store; engine?: "wasm" | "js"; codec?: ImageCodec } = {},
): Promise<{ changes: ImageChange[]; warnings: string[] }> {
  const images = adapter.images?.(body) ?? [];
  const todo = images.filter((x) => !x.locked && x.message >= (options.frozenPrefix ?? 0) && FORMATS[x.mediaType.toLowerCase()] !== undefined);
  const changes: ImageChange[] = [];
  const warnings: string[] = [];
  if (todo.length === 0) return { changes, warnings };
  const codec = options.codec ?? (await loadCodec());
  if (!codec) {
    warnings.push("[tokenfold] [images] no image codec (install the optional dependency sharp in Node); images left as they are");
    return { changes, warnings };
  }
  const provider = providerOf(adapter.name);
  for (const image of todo) {
    const where = `message ${image.message}${image.part !== undefined ? ` part ${image.part}` : ""}`;
    try {
      const { width, height, pages } = await codec.probe(image.data);
      if ((pages ?? 1) > 1) continue; // animated: left alone
      const [w, h] = usefulSize(provider, width, height, image.detail);
      if (w === width && h === height) continue;
      const data = await codec.resize(image.data, w, h, FORMATS[image.mediaType.toLowerCase()]!);
      if (data.length >= image.data.length) continue; // not smaller: keep the original
      const ref = await storeOriginal(`data:${image.mediaType};base64,${image.data}`, { store: options.store, engine: options.engine });
      const tokensBefore = imageTokens(provider, width, height, image.detail);
      const tokensAfter = imageTokens(provider, w, h, image.detail);
      changes.push({ image, data, ref, tokensBefore, tokensAfter, reasons: [{ code: "image.downscaled", detail: `${width}×${height} → ${w}×${h} (${image.mediaType}); original kept as ${ref}` }] });
    } catch (e) {
      warnings.push(`[tokenfold] [images] ${where}: could not decode the image (${(e as Error).message}); left as it is`);
    }
  }
  return { changes, warnings };
}

/** The report of a set of changes. */
export function imagesReport(changes: readonly ImageChange[]): ImagesReport {
  return {
    count: changes.length,
    tokensBefore: changes.reduce((n, c) => n + c.tokensBefore, 0),
    tokensAfter: changes.reduce((n, c) => n + c.tokensAfter, 0),
    bytesBefore: changes.reduce((n, c) => n + c.image.data.length, 0),
    bytesAfter: changes.reduce((n, c) => n + c.data.length, 0),
    refs: changes.map((c) => c.ref),
  };
}

/**
 * Browser codec: `createImageBitmap` decodes, an `OffscreenCanvas` resizes and encodes. Untested
 * in CI (needs a browser); its output bytes depend on the browser's encoders.
 */
function canvasCodec(): ImageCodec | undefined {
  const g = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas; createImageBitmap?: typeof createImageBitmap };
  if (typeof g.OffscreenCanvas !== "function" || typeof g.createImageBitmap !== "function") return undefined;
  const blobOf = (base64: string) => new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))]);
  return {
    async probe(base64) {
      const bitmap = await g.createImageBitmap!(blobOf(base64));
      const size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
      return size;
    },
    async resize(base64, width, height, format) {
      const bitmap = await g.createImageBitmap!(blobOf(base64), { resizeWidth: width, resizeHeight: height, resizeQuality: "high" });
      const canvas = new g.OffscreenCanvas!(width, height);
      canvas.getContext("2d")!.drawImage(bitmap, 0, 0);
      bitmap.close();
      const blob = await canvas.convertToBlob({ type: `image/${format}`, quality: 0.85 });
      if (blob.type !== `image/${format}`) throw new Error(`this browser cannot encode image/${format}`);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = "";
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    },
  };
}
