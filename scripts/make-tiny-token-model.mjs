#!/usr/bin/env node
/**
 * Writes a tiny BERT-interface token-classification model (LLMLingua-2 style keep/drop labels) that
 * transformers.js loads offline: `onnx/model.onnx`, `config.json`, `tokenizer.json`,
 * `tokenizer_config.json`. Pure JS (onnx-proto + protobufjs), no download, no torch.
 *
 * The graph makes every label predictable: a token's logits are a row of an embedding table
 * (`Gather`), scaled by the attention mask (0 on padding), so they depend on the token alone:
 *   logits[b,t,:] = E[input_ids[b,t], :] * (attention_mask[b,t] + 0 * token_type_ids[b,t])
 * Row `[0, ln(p / (1 - p))]` gives softmax P(LABEL_1 = keep) = p exactly. Tiers of p:
 * filler / stop words 0.02, weak function words 0.3, punctuation 0.6, [UNK] 0.9 (unknown = keep:
 * the safe side), content words 0.97. `max_position_embeddings` is 64 so that windowing is exercised.
 *
 * Deterministic: the same bytes on every run (tested by regenerating into a temp dir).
 *
 * Usage: node scripts/make-tiny-token-model.mjs [outDir]   (default test/fixtures/tiny-token-model)
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SPECIAL, writeTinyBert } from "./tiny-bert.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(root, "test", "fixtures", "tiny-token-model"));
const MAX_LEN = 64;

// Probability of the keep label per tier.
const P = { special: 0.5, unk: 0.9, punct: 0.6, filler: 0.02, weak: 0.3, content: 0.97, piece: 0.9 };

const PUNCT = [".", ",", ":", ";", "!", "?", "(", ")", "-", "/", "_", "#", "*", "'", '"', "="];
const FILLER = ("the a an is are was were be to of and or in on at it this that very really basically actually " +
  "just so quite simply literally kind sort um uh like well also then").split(" ");
const WEAK = "have has had do does did will would can could should we you they there here some many much more".split(" ");
const CONTENT = ("server error failed request database connection timeout user file config port memory cache " +
  "deploy build test model token query result restart crash disk network log version update install package " +
  "function service cluster node worker thread release payment invoice migration schema backup").split(" ");
const PIECES = ["##s", "##ed", "##ing"];

const tiers = [
  ...SPECIAL.map((t) => [t, t === "[UNK]" ? P.unk : P.special]),
  ...PUNCT.map((t) => [t, P.punct]),
  ...FILLER.map((t) => [t, P.filler]),
  ...WEAK.map((t) => [t, P.weak]),
  ...CONTENT.map((t) => [t, P.content]),
  ...PIECES.map((t) => [t, P.piece]),
];

// Embedding table [vocab, 2] = logits per token; float32 little-endian.
const table = new Float32Array(tiers.length * 2);
tiers.forEach(([, p], i) => {
  table[i * 2] = 0;
  table[i * 2 + 1] = Math.log(p / (1 - p));
});
const bytes = writeTinyBert({
  outDir,
  tokens: tiers.map(([t]) => t),
  table,
  width: 2,
  names: { graph: "tiny_token_classifier", rows: "token_logits", output: "logits" },
  producer: "tokenfold make-tiny-token-model",
  config: { architectures: ["BertForTokenClassification"], id2label: { 0: "LABEL_0", 1: "LABEL_1" }, label2id: { LABEL_0: 0, LABEL_1: 1 } },
  maxLen: MAX_LEN,
});
console.log(`wrote ${outDir} (${tiers.length} tokens, model ${bytes} bytes)`);
