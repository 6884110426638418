// Assembles the two conversation cases of the held-out set as LLM request bodies.
// The wording of the user and assistant turns is ours; every tool result is the verbatim output
// of the command its tool call names (build.sh runs those commands or unpacks committed copies).
//
//   node make-transcripts.mjs <dir with ws-1..3.txt and pg-1..3.txt> <cases dir>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [inDir, outDir] = process.argv.slice(2);
if (!inDir || !outDir) {
  console.error("usage: node make-transcripts.mjs <tool-output dir> <cases dir>");
  process.exit(2);
}
const out = (name) => readFileSync(join(inDir, name), "utf8");

// OpenAI Chat Completions: an agent looks into why `ws` does not follow a redirect.
const wsCalls = [
  ["call_ws_01", "cat node_modules/ws/package.json", out("ws-1.txt")],
  ["call_ws_02", 'grep -rn "Unexpected server response\\|Maximum redirects" node_modules/ws/lib', out("ws-2.txt")],
  ["call_ws_03", "cat node_modules/ws/lib/websocket.js", out("ws-3.txt")],
];
const openai = {
  model: "gpt-4.1",
  temperature: 0,
  tools: [
    {
      type: "function",
      function: {
        name: "bash",
        description: "Run a shell command in the repository root and return its output.",
        parameters: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
      },
    },
  ],
  messages: [
    { role: "system", content: "You are a coding agent working in a Node.js service repository. Use the bash tool to inspect files before answering." },
    {
      role: "user",
      content:
        "Since our partner moved their WebSocket endpoint behind a load balancer, `new WebSocket(url)` from the `ws` package fails with `Error: Unexpected server response: 301`. Why doesn't ws follow the redirect, which client option turns that on, and how many redirects will it follow before giving up (and with what error)?",
    },
    ...wsCalls.flatMap(([id, command, result]) => [
      { role: "assistant", content: null, tool_calls: [{ id, type: "function", function: { name: "bash", arguments: JSON.stringify({ command }) } }] },
      { role: "tool", tool_call_id: id, content: result },
    ]),
  ],
};
writeFileSync(join(outDir, "conv-openai-ws-redirects.json"), JSON.stringify(openai) + "\n");

// Anthropic Messages: an ops agent looks at a PostgreSQL cluster's config for two client errors.
const pgCalls = [
  ["toolu_pg_01", "ls -la /etc/postgresql/15/main/", out("pg-1.txt")],
  ["toolu_pg_02", "cat /etc/postgresql/15/main/postgresql.conf", out("pg-2.txt")],
  ["toolu_pg_03", "grep -v -E '^\\s*(#|$)' /etc/postgresql/15/main/pg_hba.conf", out("pg-3.txt")],
];
const notes = [
  "I'll start by listing the cluster's configuration directory.",
  "Now the main server configuration.",
  "And the active client authentication rules.",
];
const anthropic = {
  model: "claude-sonnet-4-5",
  max_tokens: 2048,
  system: "You are an operations assistant with shell access to the database host. Inspect before you change anything.",
  tools: [
    {
      name: "bash",
      description: "Run a shell command on the database host and return stdout and stderr.",
      input_schema: { type: "object", properties: { command: { type: "string" } }, required: ["command"] },
    },
  ],
  messages: [
    {
      role: "user",
      content:
        "Our app container (10.0.3.15) connects to the PostgreSQL 15 cluster on this host. With sslmode=require it fails with `server does not support SSL, but SSL was required`; with sslmode=disable it gets `Connection refused`. Which settings cause each error, and what do I need to change (including client authentication for that address)?",
    },
    ...pgCalls.flatMap(([id, command, result], i) => [
      { role: "assistant", content: [{ type: "text", text: notes[i] }, { type: "tool_use", id, name: "bash", input: { command } }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: id, content: result }] },
    ]),
  ],
};
writeFileSync(join(outDir, "conv-anthropic-postgres-ssl.json"), JSON.stringify(anthropic) + "\n");
