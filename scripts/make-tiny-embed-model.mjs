#!/usr/bin/env node
/**
 * Writes a tiny BERT-interface sentence-embedding model that transformers.js's `feature-extraction`
 * pipeline loads offline: `onnx/model.onnx` (output `last_hidden_state`), `config.json`,
 * `tokenizer.json`, `tokenizer_config.json`. Pure JS (onnx-proto), no download, no torch.
 *
 * Why not reuse tiny-token-model: the pipeline does load it (it takes `logits` as the hidden state),
 * but its per-token vector is `[0, logit]`, so every mean-pooled, normalised sentence vector is
 * `[0, ±1]` and all facts look alike. This model gives each token its own direction:
 *   last_hidden_state[b,t,:] = E[input_ids[b,t], :] * (attention_mask[b,t] + 0 * token_type_ids[b,t])
 * with E a fixed pseudo-random table (seeded, so the same bytes on every run). Mean pooling then
 * makes a bag of words: the same words in another order or with other punctuation embed alike,
 * while SimHash over word pairs tells them apart — the case the memory's embedding check covers.
 * Function words and punctuation get short vectors (they move a sentence little), content words
 * unit-length ones.
 *
 * Usage: node scripts/make-tiny-embed-model.mjs [outDir]   (default test/fixtures/tiny-embed-model)
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SPECIAL, writeTinyBert } from "./tiny-bert.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(root, "test", "fixtures", "tiny-embed-model"));
const MAX_LEN = 64;
const HIDDEN = 32;
const SEED = 0x7f0e1d;

const PUNCT = [".", ",", ":", ";", "!", "?", "(", ")", "-", "/", "_", "#", "*", "'", '"', "=", "`", "@", "~", "|", "<", ">", "[", "]", "{", "}", "+", "&", "%", "$"];
const FUNCTION = ("the a an is are was were be been to of and or in on at it this that with for from by as not no " +
  "do does did have has had will would can could should must we you they i there here then than so if when before after " +
  "always never only also just use using used instead please").split(" ");
const CONTENT = ("server error failed request database connection timeout user file config port memory cache deploy build " +
  "test tests model token query result restart crash disk network log logs version update install package function service " +
  "cluster node worker thread release payment invoice migration schema backup npm pnpm yarn run runs script lint format " +
  "typescript javascript python rust go java docker compose kubernetes branch main commit push pull merge rebase tag ci " +
  "pipeline job step path folder directory repo project source src dist bin module import export type types api key secret " +
  "env variable flag option command shell bash terminal editor vim code review issue bug fix feature staging production " +
  "local remote host url http https proxy redis sqlite postgres mysql index table column row field value string number " +
  "date time timezone utc locale language english tabs spaces indent width line lines style naming tokenfold agent claude " +
  "codex gemini cursor session prompt compress compression store retrieve ref search add forget list vitest jest mocha " +
  "playwright chromium browser wasm simd core engine text json yaml toml markdown readme docs changelog license owner team").split(" ");
const PIECES = ["##s", "##ed", "##ing", "##er", "##ly"];

const words = [...SPECIAL, ...PUNCT, ...FUNCTION, ...CONTENT, ...PIECES];

// Length of each token's vector: content words count fully, the rest a little.
const lengthOf = (t) =>
  t === "[PAD]" ? 0 : SPECIAL.includes(t) ? (t === "[UNK]" ? 0.5 : 0.05) : PUNCT.includes(t) ? 0.05 : FUNCTION.includes(t) ? 0.2 : PIECES.includes(t) ? 0.3 : 1;

// mulberry32: a small seeded generator, so the table is the same on every run and machine.
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const table = new Float32Array(words.length * HIDDEN);
words.forEach((t, i) => {
  const row = Array.from({ length: HIDDEN }, () => random() * 2 - 1);
  const norm = Math.hypot(...row) || 1;
  const scale = lengthOf(t) / norm;
  row.forEach((v, j) => (table[i * HIDDEN + j] = v * scale));
});
const bytes = writeTinyBert({
  outDir,
  tokens: words,
  table,
  width: HIDDEN,
  names: { graph: "tiny_sentence_embedder", rows: "token_vectors", output: "last_hidden_state" },
  producer: "tokenfold make-tiny-embed-model",
  config: { architectures: ["BertModel"] },
  maxLen: MAX_LEN,
});
console.log(`wrote ${outDir} (${words.length} tokens × ${HIDDEN}, model ${bytes} bytes)`);
