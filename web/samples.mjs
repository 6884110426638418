// The playground's bundled samples, one per kind of tool output. Generated from the seeded bench
// generators, so every build (and the e2e test, which imports this file in Node) gets the same bytes.
import { jobListing } from "../bench/generate.mjs";
import { authLog, gitLog, grepOutput, pythonModule } from "../bench/generate-text.mjs";

/** A chat request in the OpenAI format: a tool call whose result is a large job listing. */
function chatRequest() {
  const listing = JSON.stringify(jobListing(80, { seed: 7, failAt: [41] }), null, 2);
  return JSON.stringify(
    {
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "You are a CI assistant. Answer briefly." },
        { role: "user", content: "Which CI job failed on main, and why?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "list_jobs", arguments: '{"ref":"main","page":1}' } }],
        },
        { role: "tool", tool_call_id: "call_1", content: listing },
      ],
      tools: [
        {
          type: "function",
          function: { name: "list_jobs", description: "Lists CI jobs", parameters: { type: "object", properties: { ref: { type: "string" }, page: { type: "integer" } } } },
        },
      ],
    },
    null,
    2,
  );
}

/**
 * The samples: id, label, the text, a question that fits it, and a file name hint where the kind
 * is usually known from one.
 * @type {ReadonlyArray<{ id: string, label: string, text: string, query: string, fileName?: string }>}
 */
export const SAMPLES = Object.freeze([
  { id: "json", label: "JSON listing (CI jobs)", text: JSON.stringify(jobListing(120, { seed: 1, failAt: [73] }), null, 2), query: "which job failed?" },
  { id: "log", label: "Log (sshd auth)", text: authLog(800), query: "accepted publickey" },
  { id: "grep", label: "grep -rn output", text: grepOutput(600), query: "where is parseTimeout defined?" },
  { id: "code", label: "Code file (Python)", text: pythonModule(8), query: "make_response", fileName: "handlers.py" },
  { id: "diff", label: "Diff (git log -p)", text: gitLog(30), query: "CVE-2024-1234" },
  { id: "chat", label: "Chat request (OpenAI)", text: chatRequest(), query: "" },
]);
