/// <reference path="./chrome.d.ts" />
/**
 * The offscreen document behind "Copy compressed": compresses in the engine worker, then copies.
 * Fail open: when compression fails, the original selection is copied unchanged.
 */
import { startEngine } from "../src/engine-setup.js";
import { isCopyRequest, type CopyCompressedReply } from "./messages.js";

const tf = startEngine();

/** Offscreen documents have no focus, so navigator.clipboard is unavailable; execCommand works. */
function copy(text: string): boolean {
  const area = document.getElementById("clipboard") as HTMLTextAreaElement;
  area.value = text;
  area.select();
  return document.execCommand("copy");
}

chrome.runtime.onMessage.addListener((msg, _sender, respond) => {
  if (!isCopyRequest(msg)) return;
  tf.compress(msg.text).then(
    (r): CopyCompressedReply => ({ ok: true, text: r.text, tokensBefore: r.tokensBefore, tokensAfter: r.tokensAfter, copied: copy(r.text) }),
    (e: unknown): CopyCompressedReply => ({ ok: false, error: String(e), copied: copy(msg.text) }),
  ).then(respond);
  return true; // the answer comes asynchronously
});
