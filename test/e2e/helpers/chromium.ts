/**
 * Debian Chromium through playwright-core, with the flags from deps.md §7 and a resolver that
 * maps every host but 127.0.0.1 to "not found", so a stray request fails (and is recorded) instead
 * of leaving the machine.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { chromium, type Browser, type BrowserContext, type Request } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const ARTIFACTS = join(REPO, "test/e2e/artifacts");

export const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  // gc() in pages: the long-task test collects earlier tests' garbage before it measures.
  "--js-flags=--expose-gc",
];

/** Fails loudly when Chromium is missing: CI installs it (`.ci/run`), a skip would hide a gap. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH. The e2e suite does not skip.`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return CHROMIUM;
}

/** Launches headless Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: requireChromium(), headless: true, args: FLAGS });
}

/** Records every request a context makes; `outside()` lists those not to 127.0.0.1 (or data:, blob:, chrome-extension:). */
export function recordRequests(ctx: BrowserContext): { all: string[]; outside(): string[] } {
  const all: string[] = [];
  const onRequest = (r: Request) => all.push(r.url());
  ctx.on("request", onRequest);
  return {
    all,
    outside: () => all.filter((u) => !/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:|chrome-extension:\/\/)/.test(u)),
  };
}

const run = promisify(execFile);

/** Runs an npm-script-equivalent build with Node (no npm wrapper, so its output is ours). */
export async function build(args: string[]): Promise<void> {
  await run(process.execPath, args, { cwd: REPO, maxBuffer: 16 * 1024 * 1024 });
}

/** `npm run build:web`: the playground into web/dist. */
export const buildWeb = () => build([join(REPO, "node_modules/vite/bin/vite.js"), "build", "--config", "web/vite.config.ts", "--logLevel", "warn"]);
/** `npm run build:extension`: the extension into web/extension/dist. */
export const buildExtension = () => build([join(REPO, "web/extension/build.mjs")]);

/** Where a screenshot or figure of this run goes (gitignored). */
export const artifact = (name: string) => join(ARTIFACTS, name);
