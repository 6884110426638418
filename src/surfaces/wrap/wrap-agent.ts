/** Starts the proxy in-process, runs the agent through it, and stops the proxy when the agent exits. @module */
import type { ProxyOptions, RunningProxy } from "../proxy/index.js";
import type { SpawnedAgent } from "./agents.js";
import { runAgent } from "./run-agent.js";
import { upstreamsFromEnv } from "./upstreams.js";

/** Options of {@link wrapAgent}. */
export interface WrapAgentOptions {
  agent: SpawnedAgent;
  /** The agent's executable (already found). */
  file: string;
  args: string[];
  /** The environment to start from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Proxy options over the defaults (`port: 0`, upstreams from the environment). */
  proxy?: ProxyOptions;
  /** Called once the proxy listens, with the variables about to be set. */
  onReady?: (proxy: RunningProxy, vars: Record<string, string>) => void;
}

/** How long `wrap` waits for the proxy to close after the agent exited. */
const CLOSE_TIMEOUT_MS = 5000;

/**
 * Runs a terminal agent behind a fresh proxy on a free loopback port. Resolves with the agent's
 * exit code (128 + signal when it was killed); the proxy is closed in every case.
 * @example
 * const code = await wrapAgent({ agent: findAgent("claude") as SpawnedAgent, file: "/usr/local/bin/claude", args: [] });
 */
export async function wrapAgent(o: WrapAgentOptions): Promise<number> {
  const env = o.env ?? process.env;
  const { startProxy } = await import("../proxy/index.js");
  const proxy = await startProxy({ port: 0, ...o.proxy, upstreams: { ...upstreamsFromEnv(env), ...o.proxy?.upstreams } });
  try {
    const vars = { ...o.agent.env(proxy.url), TOKENFOLD_PROXY_URL: proxy.url };
    o.onReady?.(proxy, vars);
    return await runAgent(o.file, o.args, { env: { ...env, ...vars } });
  } finally {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([proxy.close().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, CLOSE_TIMEOUT_MS)))]);
    clearTimeout(timer);
  }
}
