/// <reference path="./chrome.d.ts" />
/**
 * The extension's service worker: the "Copy compressed" context-menu action. A service worker can
 * neither start a Web Worker nor write the clipboard, so the work happens in an offscreen document
 * that runs the same engine as the popup (tokenfold/browser in a Web Worker).
 */
import type { CopyCompressedReply, CopyCompressedRequest } from "./messages.js";

const MENU_ID = "tokenfold-copy-compressed";

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: "Copy compressed", contexts: ["selection"] });
});

chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== MENU_ID) return;
  void selectedText(tab?.id, info.selectionText ?? "").then((text) => (text ? copyCompressed(text) : undefined));
});

/** The selection with its line breaks (the menu's `selectionText` collapses them), else the menu's copy. */
async function selectedText(tabId: number | undefined, fallback: string): Promise<string> {
  if (tabId === undefined) return fallback;
  try {
    const [first] = await chrome.scripting.executeScript({ target: { tabId }, func: () => getSelection()?.toString() ?? "" });
    return first?.result || fallback;
  } catch {
    return fallback; // pages the extension may not script (the store, chrome://)
  }
}

let creating: Promise<void> | undefined;
async function ensureOffscreen(): Promise<void> {
  if (await chrome.offscreen.hasDocument()) return;
  creating ??= chrome.offscreen
    .createDocument({ url: "offscreen.html", reasons: ["CLIPBOARD", "WORKERS"], justification: "Compress the selection in a Web Worker and copy the result" })
    .finally(() => (creating = undefined));
  await creating;
}

/** Compresses `text` in the offscreen document and puts the result on the clipboard. */
export async function copyCompressed(text: string): Promise<CopyCompressedReply> {
  await ensureOffscreen();
  const request: CopyCompressedRequest = { target: "offscreen", type: "copy-compressed", text };
  return chrome.runtime.sendMessage<CopyCompressedReply>(request);
}

// Reachable from the service worker's devtools console (and the e2e test).
(globalThis as { copyCompressed?: typeof copyCompressed }).copyCompressed = copyCompressed;
