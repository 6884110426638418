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
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(root, "test", "fixtures", "tiny-embed-model"));
const MAX_LEN = 64;
const HIDDEN = 32;
const SEED = 0x7f0e1d;

const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
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
const vocab = Object.fromEntries(words.map((t, i) => [t, i]));
if (Object.keys(vocab).length !== words.length) throw new Error("duplicate vocabulary entry");

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
const raw = new Uint8Array(table.length * 4);
const view = new DataView(raw.buffer);
table.forEach((v, i) => view.setFloat32(i * 4, v, true));

const { FLOAT, INT64 } = onnx.TensorProto.DataType;
const dim = (x) => (typeof x === "number" ? { dimValue: x } : { dimParam: x });
const valueInfo = (name, elemType, shape) => ({ name, type: { tensorType: { elemType, shape: { dim: shape.map(dim) } } } });
const node = (opType, input, output, attribute = []) => ({ opType, input, output, name: output[0], attribute });
const toFloat = { name: "to", type: onnx.AttributeProto.AttributeType.INT, i: FLOAT };

const graph = {
  name: "tiny_sentence_embedder",
  node: [
    node("Gather", ["embeddings", "input_ids"], ["token_vectors"], [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
    node("Cast", ["attention_mask"], ["mask_f"], [toFloat]),
    node("Cast", ["token_type_ids"], ["type_f"], [toFloat]),
    node("Mul", ["type_f", "zero"], ["type_zero"]),
    node("Add", ["mask_f", "type_zero"], ["mask_sum"]),
    node("Unsqueeze", ["mask_sum", "last_axis"], ["mask_3d"]),
    node("Mul", ["token_vectors", "mask_3d"], ["last_hidden_state"]),
  ],
  initializer: [
    { name: "embeddings", dataType: FLOAT, dims: [words.length, HIDDEN], rawData: raw },
    { name: "zero", dataType: FLOAT, dims: [], floatData: [0] },
    { name: "last_axis", dataType: INT64, dims: [1], int64Data: [2] },
  ],
  input: [
    valueInfo("input_ids", INT64, ["batch_size", "sequence_length"]),
    valueInfo("attention_mask", INT64, ["batch_size", "sequence_length"]),
    valueInfo("token_type_ids", INT64, ["batch_size", "sequence_length"]),
  ],
  output: [valueInfo("last_hidden_state", FLOAT, ["batch_size", "sequence_length", HIDDEN])],
};
const model = { irVersion: 7, producerName: "tokenfold make-tiny-embed-model", producerVersion: "1", opsetImport: [{ domain: "", version: 13 }], graph };
const bytes = onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();

const config = {
  architectures: ["BertModel"],
  model_type: "bert",
  vocab_size: words.length,
  hidden_size: HIDDEN,
  num_hidden_layers: 1,
  num_attention_heads: 1,
  intermediate_size: HIDDEN,
  max_position_embeddings: MAX_LEN,
  type_vocab_size: 2,
  pad_token_id: 0,
  transformers_version: "4.40.0",
};
const special = (content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
const tokenizer = {
  version: "1.0",
  truncation: null,
  padding: null,
  added_tokens: SPECIAL.map((t) => special(t, vocab[t])),
  normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: {
    type: "TemplateProcessing",
    single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
    pair: [
      { SpecialToken: { id: "[CLS]", type_id: 0 } },
      { Sequence: { id: "A", type_id: 0 } },
      { SpecialToken: { id: "[SEP]", type_id: 0 } },
      { Sequence: { id: "B", type_id: 1 } },
      { SpecialToken: { id: "[SEP]", type_id: 1 } },
    ],
    special_tokens: {
      "[CLS]": { id: "[CLS]", ids: [vocab["[CLS]"]], tokens: ["[CLS]"] },
      "[SEP]": { id: "[SEP]", ids: [vocab["[SEP]"]], tokens: ["[SEP]"] },
    },
  },
  decoder: { type: "WordPiece", prefix: "##", cleanup: true },
  model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
};
const tokenizerConfig = {
  tokenizer_class: "BertTokenizer",
  do_lower_case: true,
  model_max_length: MAX_LEN,
  cls_token: "[CLS]",
  sep_token: "[SEP]",
  pad_token: "[PAD]",
  unk_token: "[UNK]",
  mask_token: "[MASK]",
  clean_up_tokenization_spaces: true,
};

mkdirSync(join(outDir, "onnx"), { recursive: true });
writeFileSync(join(outDir, "onnx", "model.onnx"), bytes);
const json = (v) => JSON.stringify(v, null, 2) + "\n";
writeFileSync(join(outDir, "config.json"), json(config));
writeFileSync(join(outDir, "tokenizer.json"), json(tokenizer));
writeFileSync(join(outDir, "tokenizer_config.json"), json(tokenizerConfig));
console.log(`wrote ${outDir} (${words.length} tokens × ${HIDDEN}, model ${bytes.length} bytes)`);
