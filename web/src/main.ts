/**
 * The playground page. Everything heavy (compression, token counting, grammar loading) runs in the
 * engine worker; this thread only moves strings and draws a bounded view of them, so it stays
 * responsive with a 10 MB input.
 */
import type { BrowserCompressOptions } from "../../src/browser/index.js";
import { SAMPLES } from "../samples.mjs";
import { savingsChart } from "./chart.js";
import { startEngine } from "./engine-setup.js";
import { markLines, VIEW_CHARS, VIEW_LINES, type MarkedLine } from "./marks.js";

/** Inputs up to this many characters get exact token counts; larger ones the library's estimate. */
const EXACT_UI_LIMIT = 1024 * 1024;
/** Inputs above this size are not put in the textarea (laying out megabytes of text blocks the page). */
const TEXTAREA_LIMIT = 1024 * 1024;
/** Characters of a retrieved original shown when a ref is expanded. */
const EXPAND_LIMIT = 100_000;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = $<HTMLTextAreaElement>("input");
const originalView = $<HTMLPreElement>("original-view");
const output = $<HTMLPreElement>("output");
const query = $<HTMLInputElement>("query");
const button = $<HTMLButtonElement>("compress");
const status = $<HTMLSpanElement>("status");
const sample = $<HTMLSelectElement>("sample");
const tokenizer = $<HTMLSelectElement>("tokenizer");
const engine = $<HTMLSelectElement>("engine");
const inputNote = $<HTMLSpanElement>("input-note");
const editButton = $<HTMLButtonElement>("edit");

const tf = startEngine();
// A handle for the devtools console (and the e2e test): `await tokenfold.retrieve(ref)`.
(globalThis as { tokenfold?: unknown }).tokenfold = tf;
const chart = savingsChart($("chart"));
const fmt = (n: number) => n.toLocaleString("en-US");
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;

/**
 * What is being worked on: a text (the textarea's), or a large dropped file that stays a Blob. The
 * worker reads the file itself, so its megabytes are never decoded, copied or laid out here.
 */
type Source = { kind: "text"; text: string } | { kind: "file"; file: File };
let source: Source = { kind: "text", text: "" };
let fileName: string | undefined;
let lastOutput = "";
const sourceSize = () => (source.kind === "text" ? source.text.length : source.file.size);

for (const s of SAMPLES) sample.add(new Option(s.label, s.id));
tf.info().then((i) => ($("store").textContent = `${i.store}${i.simd ? " · SIMD" : ""}`), (e) => ($("store").textContent = `error: ${e}`));

function setText(next: string, name?: string, label?: string) {
  source = { kind: "text", text: next };
  fileName = name;
  showEditor();
  input.value = next;
  input.readOnly = false;
  inputNote.textContent = label ?? name ?? "";
}

async function setFile(file: File) {
  if (file.size <= TEXTAREA_LIMIT) {
    setText(await file.text(), file.name);
    return;
  }
  source = { kind: "file", file };
  fileName = file.name;
  showEditor();
  input.value = await file.slice(0, 64 * 1024).text();
  input.readOnly = true;
  inputNote.textContent = `${file.name}: ${(file.size / 1e6).toFixed(1)} MB; first 64 KB shown, not editable`;
}

function showEditor() {
  input.hidden = false;
  originalView.hidden = true;
  editButton.hidden = true;
}

input.addEventListener("input", () => {
  if (input.readOnly) return;
  source = { kind: "text", text: input.value };
  fileName = undefined;
  sample.value = "";
});
editButton.addEventListener("click", showEditor);

sample.addEventListener("change", () => {
  const s = SAMPLES.find((x) => x.id === sample.value);
  if (!s) return;
  setText(s.text, s.fileName, s.label);
  query.value = s.query;
});

async function loadFile(file: File) {
  sample.value = "";
  await setFile(file);
}
$<HTMLInputElement>("file").addEventListener("change", (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void loadFile(f);
});
input.addEventListener("dragover", (e) => {
  e.preventDefault();
  input.classList.add("drag");
});
input.addEventListener("dragleave", () => input.classList.remove("drag"));
input.addEventListener("drop", (e) => {
  e.preventDefault();
  input.classList.remove("drag");
  const f = e.dataTransfer?.files[0];
  if (f) void loadFile(f);
});

/** Lines per block of a view: off-screen blocks are skipped by layout (`content-visibility: auto`). */
const BLOCK_LINES = 100;

/**
 * Fills a <pre> with marked lines; `textContent` stays exactly the lines joined by "\n" (each
 * block but the last ends with the newline that separates it from the next).
 */
function renderLines(pre: HTMLPreElement, lines: MarkedLine[], withRefs: boolean) {
  const frag = document.createDocumentFragment();
  for (let b = 0; b < lines.length; b += BLOCK_LINES) {
    const block = document.createElement("span");
    block.className = "block";
    const end = Math.min(lines.length, b + BLOCK_LINES);
    for (let i = b; i < end; i++) {
      const span = document.createElement("span");
      span.className = lines[i]!.mark;
      if (withRefs) appendWithRefs(span, lines[i]!.text);
      else span.textContent = lines[i]!.text;
      block.append(span);
      if (i < lines.length - 1) block.append("\n");
    }
    frag.append(block);
  }
  pre.replaceChildren(frag);
}

function appendWithRefs(parent: HTMLElement, line: string) {
  const re = /tf_[0-9a-f]{24}/g;
  let at = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    parent.append(line.slice(at, m.index));
    const b = document.createElement("button");
    b.className = "ref";
    b.dataset.testid = "ref";
    b.dataset.ref = m[0];
    b.title = "Expand: retrieve the original behind this ref";
    b.textContent = m[0];
    parent.append(b);
    at = m.index + m[0].length;
  }
  parent.append(line.slice(at));
}

output.addEventListener("click", async (e) => {
  const b = (e.target as HTMLElement).closest("button.ref") as HTMLButtonElement | null;
  if (!b?.dataset.ref) return;
  b.disabled = true;
  const r = await tf.retrieve(b.dataset.ref);
  const span = document.createElement("span");
  span.className = "expanded";
  span.dataset.testid = "expanded";
  if (!r.ok) span.textContent = `[${r.code}: ${r.detail}]`;
  else span.textContent = r.value.text.length > EXPAND_LIMIT ? `${r.value.text.slice(0, EXPAND_LIMIT)}\n[… ${fmt(r.value.text.length - EXPAND_LIMIT)} more characters]` : r.value.text;
  b.replaceWith(span);
});

$<HTMLButtonElement>("copy").addEventListener("click", () => void navigator.clipboard?.writeText(lastOutput));

async function run() {
  if (sourceSize() === 0) {
    status.textContent = "nothing to compress";
    return;
  }
  const chosen = engine.value === "js" ? "js" : "wasm";
  const other = chosen === "wasm" ? "js" : "wasm";
  const options: BrowserCompressOptions = {
    query: query.value.trim() || undefined,
    tokenizer: tokenizer.value === "cl100k" ? "cl100k" : "o200k",
    exactTokens: sourceSize() <= EXACT_UI_LIMIT,
    fileName,
  };
  const payload = source.kind === "text" ? source.text : source.file;
  button.disabled = true;
  status.textContent = "compressing…";
  output.dataset.state = "busy";
  try {
    const t0 = performance.now();
    const r = await tf.compress(payload, { ...options, engine: chosen });
    const roundTrip = performance.now() - t0;
    lastOutput = r.text;
    const head = source.kind === "text" ? source.text.slice(0, VIEW_CHARS) : await source.file.slice(0, VIEW_CHARS).text();
    const marks = markLines(head, sourceSize() > head.length, r.text);
    renderLines(output, marks.output, true);
    renderLines(originalView, marks.original, false);
    input.hidden = true;
    originalView.hidden = false;
    editButton.hidden = false;
    $("type").textContent = r.type;
    $("tokens-before").textContent = String(r.tokensBefore);
    $("tokens-after").textContent = String(r.tokensAfter);
    $("saved").textContent = `${(r.ratio * 100).toFixed(1)} %`;
    $(`ms-${chosen}`).textContent = ms(r.ms);
    $(`ms-${other}`).textContent = "…";
    $("latency").textContent = ms(roundTrip);
    $("identical").textContent = "…";
    output.dataset.options = JSON.stringify({ ...options, engine: chosen });
    output.dataset.truncated = String(marks.truncated);
    $("view-note").textContent = marks.truncated ? `views show the first ${fmt(VIEW_LINES)} lines / ${fmt(VIEW_CHARS)} characters; copy gets the whole output` : "";
    chart.add(sample.value || fileName || "input", r.tokensBefore, r.tokensAfter);
    status.textContent = `${r.refs.length ? `${r.refs.length} ref(s) stored` : "nothing dropped"} · ${r.reasons.map((x) => x.code).join(", ")}`;
    // The other engine, for its timing and to show both give the same bytes.
    const r2 = await tf.compress(payload, { ...options, engine: other });
    $(`ms-${other}`).textContent = ms(r2.ms);
    $("identical").textContent = r2.text === r.text && r2.tokensAfter === r.tokensAfter ? "yes" : "NO";
    output.dataset.state = "done";
  } catch (e) {
    status.textContent = `error: ${(e as Error).message}`;
    output.dataset.state = "error";
  } finally {
    button.disabled = false;
  }
}

button.addEventListener("click", () => void run());
query.addEventListener("keydown", (e) => {
  if (e.key === "Enter") void run();
});
