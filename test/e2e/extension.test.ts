/**
 * The MV3 extension example in real Chromium: built with `web/extension/build.mjs`, loaded
 * unpacked into a fresh profile. Its popup compresses in the engine worker, and the service
 * worker's "Copy compressed" path (offscreen document + worker) gives the same text as Node.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Worker } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compress } from "../../src/api.js";
import { authLog, pythonModule } from "../../bench/generate-text.mjs";
import { artifact, buildExtension, FLAGS, recordRequests, REPO, requireChromium } from "./helpers/chromium.js";

const EXT = join(REPO, "web/extension/dist");
let profile: string;
let ctx: BrowserContext;
let sw: Worker;
let requests: ReturnType<typeof recordRequests>;

beforeAll(async () => {
  const executablePath = requireChromium();
  await buildExtension();
  profile = mkdtempSync(join(tmpdir(), "tokenfold-ext-"));
  ctx = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...FLAGS, `--disable-extensions-except=${EXT}`, `--load-extension=${EXT}`],
  });
  requests = recordRequests(ctx);
  sw = ctx.serviceWorkers().find((w) => w.url().endsWith("/sw.js")) ?? (await ctx.waitForEvent("serviceworker", { timeout: 30_000 }));
}, 240_000);

afterAll(async () => {
  await ctx?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe("extension", () => {
  it("loads: its service worker runs and exposes the Copy compressed action", async () => {
    expect(sw.url()).toMatch(/^chrome-extension:\/\/[a-p]{32}\/sw\.js$/);
    expect(await sw.evaluate(() => typeof (globalThis as { copyCompressed?: unknown }).copyCompressed)).toBe("function");
  });

  it("the popup compresses pasted text in its worker, as the Node library does", async () => {
    const id = new URL(sw.url()).host;
    const page = await ctx.newPage();
    await page.goto(`chrome-extension://${id}/popup.html`);
    const text = pythonModule(4);
    await page.getByTestId("input").fill(text);
    await page.getByTestId("query").fill("make_response");
    await page.getByTestId("compress").click();
    await page.waitForSelector("[data-testid=output][data-state=done], [data-testid=output][data-state=error]", { timeout: 60_000 });
    const node = await compress(text, { query: "make_response" });
    expect(await page.getByTestId("output").textContent()).toBe(node.text);
    expect(Number(await page.getByTestId("tokens-before").textContent())).toBe(node.tokensBefore);
    expect(Number(await page.getByTestId("tokens-after").textContent())).toBe(node.tokensAfter);
    expect(node.tokensAfter).toBeLessThan(node.tokensBefore);
    // The page's worker is the engine: it is a module worker of the extension's own origin.
    expect(page.workers().some((w) => w.url().startsWith(`chrome-extension://${id}/`))).toBe(true);
    await page.screenshot({ path: artifact("extension-popup.png") });
    await page.close();
  });

  it('"Copy compressed" (service worker → offscreen document → worker) gives the Node result', async () => {
    const text = authLog(600);
    const reply = await sw.evaluate(async (t) => (globalThis as unknown as { copyCompressed(t: string): Promise<unknown> }).copyCompressed(t), text);
    const node = await compress(text);
    expect(reply).toMatchObject({ ok: true, text: node.text, tokensBefore: node.tokensBefore, tokensAfter: node.tokensAfter });
    expect(node.tokensAfter).toBeLessThan(node.tokensBefore);
  });

  it("made no request outside the extension and localhost", () => {
    expect(requests.outside()).toEqual([]);
  });
});
