/**
 * `tokenfold wrap`: run a coding agent behind the proxy with no setup (terminal agents), or get
 * the settings for one that is configured in its editor (Cursor, Copilot). Node-only.
 * @module
 */
export { AGENTS, findAgent, type Agent, type AgentName, type FileAgent, type SpawnedAgent } from "./agents.js";
export { configureFileAgent, vscodeUserDir, type FileAgentOptions, type FileAgentResult } from "./file-agents.js";
export { FORWARDED_SIGNALS, runAgent, type RunAgentOptions } from "./run-agent.js";
export { upstreamsFromEnv } from "./upstreams.js";
export { findExecutable } from "./which.js";
export { wrapAgent, type WrapAgentOptions } from "./wrap-agent.js";
