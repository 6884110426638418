/**
 * The agents `tokenfold wrap` knows: how each one is pointed at the proxy. Terminal agents read
 * base-URL environment variables and are spawned; editor agents keep their endpoint in settings,
 * so they get a config to paste or write instead.
 * @module
 */

/** Every agent name `wrap` accepts. */
export const AGENTS = ["claude", "codex", "cursor", "aider", "copilot", "openclaw"] as const;

/** One of {@link AGENTS}. */
export type AgentName = (typeof AGENTS)[number];

/** An agent started as a child process with its base-URL variables set. */
export interface SpawnedAgent {
  kind: "spawn";
  name: AgentName;
  /** Shown to the user. */
  label: string;
  /** Executable looked up on PATH. */
  command: string;
  /** The variables that point it at a proxy listening on `url` (`http://host:port`). */
  env(url: string): Record<string, string>;
}

/** An agent configured through its settings or a file. */
export interface FileAgent {
  kind: "file";
  name: AgentName;
  label: string;
}

/** Either kind. */
export type Agent = SpawnedAgent | FileAgent;

// OpenAI-style clients take the base URL with /v1; Anthropic-style clients without it.
const openai = (url: string) => ({ OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_BASE: `${url}/v1` });
const anthropic = (url: string) => ({ ANTHROPIC_BASE_URL: url });

const TABLE: Record<AgentName, Agent> = {
  // Claude Code: ANTHROPIC_BASE_URL (its documented LLM-gateway setting).
  claude: { kind: "spawn", name: "claude", label: "Claude Code", command: "claude", env: anthropic },
  // Codex CLI: OPENAI_BASE_URL overrides the built-in OpenAI provider's base URL (API-key sign-in;
  // a ChatGPT sign-in talks to its own backend and bypasses any base URL).
  codex: { kind: "spawn", name: "codex", label: "Codex CLI", command: "codex", env: openai },
  // aider: OPENAI_API_BASE (its --openai-api-base); LiteLLM underneath reads ANTHROPIC_API_BASE /
  // ANTHROPIC_BASE_URL for Claude models.
  aider: { kind: "spawn", name: "aider", label: "aider", command: "aider", env: (url) => ({ ...openai(url), ...anthropic(url), ANTHROPIC_API_BASE: url }) },
  // OpenClaw: best effort. Its documented endpoint setting is `baseUrl` of a provider in
  // ~/.openclaw/openclaw.json; the standard variables reach only the clients that read them.
  openclaw: { kind: "spawn", name: "openclaw", label: "OpenClaw", command: "openclaw", env: (url) => ({ ...openai(url), ...anthropic(url) }) },
  cursor: { kind: "file", name: "cursor", label: "Cursor" },
  copilot: { kind: "file", name: "copilot", label: "GitHub Copilot (VS Code)" },
};

/**
 * The agent of that name, or undefined for a name `wrap` does not know.
 * @example
 * findAgent("claude")?.kind; // "spawn"
 */
export function findAgent(name: string): Agent | undefined {
  return Object.hasOwn(TABLE, name) ? TABLE[name as AgentName] : undefined;
}
