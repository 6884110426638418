/** Messages between the service worker and the offscreen document. */
export interface CopyCompressedRequest {
  target: "offscreen";
  type: "copy-compressed";
  text: string;
}

export type CopyCompressedReply =
  | { ok: true; text: string; tokensBefore: number; tokensAfter: number; copied: boolean }
  | { ok: false; error: string; copied: boolean };

export const isCopyRequest = (m: unknown): m is CopyCompressedRequest =>
  typeof m === "object" && m !== null && (m as CopyCompressedRequest).target === "offscreen" && (m as CopyCompressedRequest).type === "copy-compressed";
