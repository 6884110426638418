/**
 * The Node image codec: sharp (an optional dependency), imported on demand through a specifier
 * bundlers do not follow, so browser builds never pull it. Every encoder setting is explicit so
 * the same input gives the same bytes.
 * @module
 */
import type { ImageCodec } from "./images.js";

/** The few sharp calls used here (sharp's own types are not required at build time). */
interface SharpInstance {
  metadata(): Promise<{ width?: number; height?: number; pages?: number; autoOrient?: { width: number; height: number } }>;
  autoOrient(): SharpInstance;
  resize(o: { width: number; height: number; fit: "fill"; kernel: "lanczos3" }): SharpInstance;
  png(o: Record<string, unknown>): SharpInstance;
  jpeg(o: Record<string, unknown>): SharpInstance;
  webp(o: Record<string, unknown>): SharpInstance;
  toBuffer(): Promise<Buffer>;
}
type Sharp = (input: Buffer, options?: Record<string, unknown>) => SharpInstance;

const SHARP = "sharp";

/** A codec backed by sharp; throws when sharp is not installed. */
export async function sharpCodec(): Promise<ImageCodec> {
  const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ SHARP)) as { default?: Sharp } & Sharp;
  const sharp = (mod.default ?? mod) as Sharp;
  const open = (base64: string) => sharp(Buffer.from(base64, "base64"), { failOn: "error" });
  return {
    async probe(base64) {
      const m = await open(base64).metadata();
      const size = m.autoOrient ?? { width: m.width, height: m.height };
      if (!size.width || !size.height) throw new Error("no dimensions");
      return { width: size.width, height: size.height, pages: m.pages };
    },
    async resize(base64, width, height, format) {
      const img = open(base64).autoOrient().resize({ width, height, fit: "fill", kernel: "lanczos3" });
      const out =
        format === "png" ? img.png({ compressionLevel: 9, adaptiveFiltering: false, palette: false, progressive: false })
        : format === "jpeg" ? img.jpeg({ quality: 85, progressive: false, chromaSubsampling: "4:2:0", mozjpeg: false })
        : img.webp({ quality: 85, effort: 4, lossless: false, smartSubsample: false });
      return (await out.toBuffer()).toString("base64");
    },
  };
}
