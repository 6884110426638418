/**
 * What the tiny generated models share: a BERT-interface ONNX graph whose output is a row of an
 * embedding table per token, scaled by the attention mask (0 on padding) —
 *   output[b,t,:] = E[input_ids[b,t], :] * (attention_mask[b,t] + 0 * token_type_ids[b,t])
 * — plus the `config.json`, WordPiece `tokenizer.json` and `tokenizer_config.json` transformers.js
 * reads. Pure JS (onnx-proto); the same bytes on every run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

/** Special tokens, first in every vocabulary (`[PAD]` is id 0). */
export const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/**
 * Writes the model folder.
 * @param {object} o
 * @param {string} o.outDir
 * @param {string[]} o.tokens the vocabulary, SPECIAL first; ids are positions
 * @param {Float32Array} o.table [tokens.length × o.width] row-major
 * @param {number} o.width the vector length per token
 * @param {{ graph: string, rows: string, output: string }} o.names graph, per-token rows and output names
 * @param {string} o.producer the ONNX producer name
 * @param {object} o.config `architectures` and what follows `model_type` (labels), merged in order
 * @param {number} o.maxLen `max_position_embeddings` and the tokenizer's `model_max_length`
 * @returns {number} the model's size in bytes
 */
export function writeTinyBert({ outDir, tokens, table, width, names, producer, config: own, maxLen }) {
  const vocab = Object.fromEntries(tokens.map((t, i) => [t, i]));
  if (Object.keys(vocab).length !== tokens.length) throw new Error("duplicate vocabulary entry");
  const raw = new Uint8Array(table.length * 4);
  const view = new DataView(raw.buffer);
  table.forEach((v, i) => view.setFloat32(i * 4, v, true));

  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const dim = (x) => (typeof x === "number" ? { dimValue: x } : { dimParam: x });
  const valueInfo = (name, elemType, shape) => ({ name, type: { tensorType: { elemType, shape: { dim: shape.map(dim) } } } });
  const node = (opType, input, output, attribute = []) => ({ opType, input, output, name: output[0], attribute });
  const toFloat = { name: "to", type: onnx.AttributeProto.AttributeType.INT, i: FLOAT };
  const graph = {
    name: names.graph,
    node: [
      node("Gather", ["embeddings", "input_ids"], [names.rows], [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
      node("Cast", ["attention_mask"], ["mask_f"], [toFloat]),
      node("Cast", ["token_type_ids"], ["type_f"], [toFloat]),
      node("Mul", ["type_f", "zero"], ["type_zero"]),
      node("Add", ["mask_f", "type_zero"], ["mask_sum"]),
      node("Unsqueeze", ["mask_sum", "last_axis"], ["mask_3d"]),
      node("Mul", [names.rows, "mask_3d"], [names.output]),
    ],
    initializer: [
      { name: "embeddings", dataType: FLOAT, dims: [tokens.length, width], rawData: raw },
      { name: "zero", dataType: FLOAT, dims: [], floatData: [0] },
      { name: "last_axis", dataType: INT64, dims: [1], int64Data: [2] },
    ],
    input: [
      valueInfo("input_ids", INT64, ["batch_size", "sequence_length"]),
      valueInfo("attention_mask", INT64, ["batch_size", "sequence_length"]),
      valueInfo("token_type_ids", INT64, ["batch_size", "sequence_length"]),
    ],
    output: [valueInfo(names.output, FLOAT, ["batch_size", "sequence_length", width])],
  };
  const model = { irVersion: 7, producerName: producer, producerVersion: "1", opsetImport: [{ domain: "", version: 13 }], graph };
  const bytes = onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();

  const { architectures, ...labels } = own;
  const config = {
    architectures,
    model_type: "bert",
    ...labels,
    vocab_size: tokens.length,
    hidden_size: width,
    num_hidden_layers: 1,
    num_attention_heads: 1,
    intermediate_size: width,
    max_position_embeddings: maxLen,
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
    model_max_length: maxLen,
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
  return bytes.length;
}
