/**
 * Reading a request body into memory, up to a limit: chat bodies must be parsed to be
 * compressed; anything larger is forwarded as it came, the bytes read so far first.
 * @module
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";

/** The body read so far; `whole: false` means `req` was paused past the limit and holds the rest. */
export interface ReadBody {
  bytes: Buffer;
  whole: boolean;
}

/** Reads the whole body, or pauses once more than `limit` bytes came (the stream is not consumed). */
export function readBody(req: IncomingMessage, limit: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > limit) {
        req.pause();
        cleanup();
        resolve({ bytes: Buffer.concat(chunks), whole: false });
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ bytes: Buffer.concat(chunks), whole: true });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

/** The body to forward: the bytes read, then (when the read stopped early) the rest of the stream. */
export function forwardableBody(req: IncomingMessage, read: ReadBody): Buffer | Readable {
  if (read.whole) return read.bytes;
  return Readable.from((async function* () {
    yield read.bytes;
    for await (const chunk of req) yield chunk as Buffer;
  })(), { objectMode: false });
}

/** Parses JSON, or undefined for anything that is not a JSON object. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  return parseJsonText(decodeUtf8(bytes));
}

/** Parses JSON text, or undefined for anything that is not a JSON object. */
export function parseJsonText(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Bytes as UTF-8 text (bad sequences become U+FFFD), without copying them first. */
export function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
