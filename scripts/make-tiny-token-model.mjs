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
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(root, "test", "fixtures", "tiny-token-model"));
const MAX_LEN = 64;

// Probability of the keep label per tier.
const P = { special: 0.5, unk: 0.9, punct: 0.6, filler: 0.02, weak: 0.3, content: 0.97, piece: 0.9 };

const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
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
const vocab = Object.fromEntries(tiers.map(([t], i) => [t, i]));
if (Object.keys(vocab).length !== tiers.length) throw new Error("duplicate vocabulary entry");

// Embedding table [vocab, 2] = logits per token; float32 little-endian.
const table = new Float32Array(tiers.length * 2);
tiers.forEach(([, p], i) => {
  table[i * 2] = 0;
  table[i * 2 + 1] = Math.log(p / (1 - p));
});
const raw = new Uint8Array(table.length * 4);
const view = new DataView(raw.buffer);
table.forEach((v, i) => view.setFloat32(i * 4, v, true));

const { FLOAT, INT64 } = onnx.TensorProto.DataType;
const dim = (x) => (typeof x === "number" ? { dimValue: x } : { dimParam: x });
const valueInfo = (name, elemType, shape) => ({
  name,
  type: { tensorType: { elemType, shape: { dim: shape.map(dim) } } },
});
const node = (opType, input, output, attribute = []) => ({ opType, input, output, name: output[0], attribute });
const toFloat = { name: "to", type: onnx.AttributeProto.AttributeType.INT, i: FLOAT };

const graph = {
  name: "tiny_token_classifier",
  node: [
    node("Gather", ["embeddings", "input_ids"], ["token_logits"], [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
    node("Cast", ["attention_mask"], ["mask_f"], [toFloat]),
    node("Cast", ["token_type_ids"], ["type_f"], [toFloat]),
    node("Mul", ["type_f", "zero"], ["type_zero"]),
    node("Add", ["mask_f", "type_zero"], ["mask_sum"]),
    node("Unsqueeze", ["mask_sum", "last_axis"], ["mask_3d"]),
    node("Mul", ["token_logits", "mask_3d"], ["logits"]),
  ],
  initializer: [
    { name: "embeddings", dataType: FLOAT, dims: [tiers.length, 2], rawData: raw },
    { name: "zero", dataType: FLOAT, dims: [], floatData: [0] },
    { name: "last_axis", dataType: INT64, dims: [1], int64Data: [2] },
  ],
  input: [
    valueInfo("input_ids", INT64, ["batch_size", "sequence_length"]),
    valueInfo("attention_mask", INT64, ["batch_size", "sequence_length"]),
    valueInfo("token_type_ids", INT64, ["batch_size", "sequence_length"]),
  ],
  output: [valueInfo("logits", FLOAT, ["batch_size", "sequence_length", 2])],
};
const model = {
  irVersion: 7,
  producerName: "tokenfold make-tiny-token-model",
  producerVersion: "1",
  opsetImport: [{ domain: "", version: 13 }],
  graph,
};
const bytes = onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();

const config = {
  architectures: ["BertForTokenClassification"],
  model_type: "bert",
  id2label: { 0: "LABEL_0", 1: "LABEL_1" },
  label2id: { LABEL_0: 0, LABEL_1: 1 },
  vocab_size: tiers.length,
  hidden_size: 2,
  num_hidden_layers: 1,
  num_attention_heads: 1,
  intermediate_size: 2,
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
console.log(`wrote ${outDir} (${tiers.length} tokens, model ${bytes.length} bytes)`);
