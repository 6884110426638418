/**
 * The popup: paste, compress in the engine worker, copy. Same library and worker as the playground.
 */
import { startEngine } from "../src/engine-setup.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = $<HTMLTextAreaElement>("input");
const output = $<HTMLPreElement>("output");
const status = $<HTMLSpanElement>("status");
const tf = startEngine();

$<HTMLButtonElement>("compress").addEventListener("click", async () => {
  output.dataset.state = "busy";
  status.textContent = "compressing…";
  try {
    const r = await tf.compress(input.value, { query: $<HTMLInputElement>("query").value.trim() || undefined });
    output.textContent = r.text;
    $("type").textContent = r.type;
    $("tokens-before").textContent = String(r.tokensBefore);
    $("tokens-after").textContent = String(r.tokensAfter);
    const copied = await navigator.clipboard.writeText(r.text).then(() => true, () => false);
    status.textContent = `${Math.round(r.ms)} ms in the worker${copied ? " · copied" : ""}`;
    output.dataset.state = "done";
  } catch (e) {
    status.textContent = `error: ${(e as Error).message}`;
    output.dataset.state = "error";
  }
});
