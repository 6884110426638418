import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Field, FieldFlag, Info, Item, Kind, Signal, Status, TAPE_STRIDE, Term } from "../codes.js";
import { coreExports, type CoreExports } from "./instance.js";
import { maxTapeEntries, statsOut, wasmCollectionStats, wasmMinifyRange, wasmScanJson } from "./json-wasm.js";
import { collectionStats } from "./twin/collection-stats.js";
import { minifyRange } from "./twin/json-minify.js";
import { scanJson } from "./twin/json-scan.js";

const enc = (s: string) => new TextEncoder().encode(s);
const cores: Array<[string, CoreExports]> = [
  ["simd", coreExports("simd")],
  ["scalar", coreExports("scalar")],
];

// ---------------------------------------------------------------------------------------------
// twin runners, shaped like the facade's results

function twinScan(bytes: Uint8Array, maxDepth: number, tapeCap = maxTapeEntries(bytes.length)) {
  const tape = new Uint32Array(tapeCap * TAPE_STRIDE);
  const info = new Uint32Array(Info.SIZE);
  const n = scanJson(bytes, bytes.length, tape, tapeCap, new Uint32Array(maxDepth), maxDepth, info);
  return { n, tape: n >= 0 ? tape.slice(0, n * TAPE_STRIDE) : tape, info };
}

function twinMinify(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  return out.slice(0, minifyRange(bytes, start, end, out, 0));
}

/** Asserts wasm (both builds) == twin on one input; returns the twin's result. */
function checkScan(bytes: Uint8Array, maxDepth = 64, tapeCap?: number) {
  const want = twinScan(bytes, maxDepth, tapeCap);
  for (const [name, ex] of cores) {
    const got = wasmScanJson(ex, bytes, maxDepth, tapeCap);
    if (got.n !== want.n || !sameU32(got.tape, want.tape) || !sameU32(got.info, want.info)) {
      expect({ build: name, n: got.n, info: Array.from(got.info), tape: Array.from(got.tape) })
        .toEqual({ build: name, n: want.n, info: Array.from(want.info), tape: Array.from(want.tape) });
    }
  }
  return want;
}

function sameU32(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameF64(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// generators

/** Bytes that steer a mutated document into every branch of the scanner. */
const mutationByte = fc.oneof(
  fc.constantFrom(...Array.from(enc('"\\{}[]:,-+.019eEtfnulasu \t\n\r/b')), 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff),
  fc.integer({ min: 0, max: 255 }),
);

type Mutation = { at: number; op: "set" | "insert" | "delete"; byte: number };
const mutations = fc.array(
  fc.record({ at: fc.nat(), op: fc.constantFrom<Mutation["op"]>("set", "insert", "delete"), byte: mutationByte }),
  { minLength: 1, maxLength: 4 },
);

function mutate(src: Uint8Array, ms: Mutation[]): Uint8Array {
  const b = Array.from(src);
  for (const m of ms) {
    const at = b.length === 0 ? 0 : m.at % (b.length + (m.op === "insert" ? 1 : 0));
    if (m.op === "set" && b.length > 0) b[at] = m.byte;
    else if (m.op === "insert") b.splice(at, 0, m.byte);
    else if (m.op === "delete" && b.length > 0) b.splice(at, 1);
  }
  return Uint8Array.from(b);
}

/** Strings long enough to cross 16-byte blocks, with escapes, controls and multi-byte text. */
const longText = fc.string({ unit: fc.oneof(fc.constantFrom("a", "Z", "0", " ", "\\", '"', "/", "\n", "\t", "\u0001", "é", "€", "𝄞"), fc.string({ unit: "grapheme", maxLength: 1 })), maxLength: 80 });

const jsonDoc = fc.oneof(
  fc.json(),
  fc.tuple(fc.jsonValue(), fc.constantFrom(0, 1, 2, 4, "\t", " \n ")).map(([v, indent]) => JSON.stringify(v, null, indent as number | string) ?? "null"),
  fc.array(longText, { maxLength: 6 }).map((a) => JSON.stringify(a, null, 1)),
);

// ---------------------------------------------------------------------------------------------

describe("scanJson: wasm == twin", () => {
  it("known inputs give the documented status and offset", () => {
    const cases: Array<[string, number, number]> = [
      ['{"a":[1,2.5e-3,true,false,null,"x\\u00e9"]}', 9, 0],
      ["", -Status.EMPTY, 0],
      [" \n\t ", -Status.EMPTY, 4],
      ["[1,]", -Status.SYNTAX, 3],
      ['{"a":1,}', -Status.SYNTAX, 7],
      ['{"a" 1}', -Status.SYNTAX, 5],
      ["[01]", -Status.SYNTAX, 2],
      ['["a\nb"]', -Status.SYNTAX, 3],
      ['["\\x"]', -Status.SYNTAX, 2],
      ['["\\u12G4"]', -Status.SYNTAX, 2],
      ['["\\u12', -Status.TRUNCATED, 6],
      ['["abc', -Status.TRUNCATED, 5],
      ["[tru", -Status.TRUNCATED, 4],
      ["[trux]", -Status.SYNTAX, 1],
      ["[1.", -Status.TRUNCATED, 3],
      ["[1e+", -Status.TRUNCATED, 4],
      ["[-", -Status.TRUNCATED, 2],
      ["1 2", -Status.SYNTAX, 2],
      ["[[[[1]]]]", -Status.TOO_DEEP, 3],
      ["[[[1]]]", 4, 0],
    ];
    for (const [s, n, at] of cases) {
      const got = checkScan(enc(s), s === "[[[[1]]]]" ? 3 : 64);
      expect([s, got.n, got.info[Info.ERROR_OFFSET]]).toEqual([s, n, at]);
    }
    expect(checkScan(enc("[1,2,3]"), 64, 2).n).toBe(-Status.TAPE_FULL);
  });

  it("tape of a small document", () => {
    const { n, tape, info } = checkScan(enc(' {"k": [1, "s"]} '));
    expect(n).toBe(5);
    // kind|depth<<4, start, end, next
    expect(Array.from(tape)).toEqual([
      Kind.OBJECT, 1, 16, 5,
      Kind.KEY | (1 << 4), 2, 5, 2,
      Kind.ARRAY | (1 << 4), 7, 15, 5,
      Kind.NUMBER | (2 << 4), 8, 9, 4,
      Kind.STRING | (2 << 4), 11, 14, 5,
    ]);
    expect(Array.from(info)).toEqual([0, 1, 3, 1, 1, 2, 2, 0]);
  });

  it("random JSON documents", () => {
    fc.assert(fc.property(jsonDoc, fc.integer({ min: 1, max: 40 }), (s, depth) => {
      const r = checkScan(enc(s), depth);
      if (depth >= 40) expect(r.n).toBeGreaterThan(0);
    }), { numRuns: 400 });
  });

  it("mutated and truncated documents", () => {
    const seen = new Set<number>();
    fc.assert(fc.property(jsonDoc, mutations, fc.nat(), fc.boolean(), fc.integer({ min: 1, max: 4 }), (s, ms, cut, truncate, depth) => {
      let b = mutate(enc(s), ms);
      if (truncate) b = b.slice(0, cut % (b.length + 1));
      seen.add(Math.min(0, checkScan(b, depth).n));
    }), { numRuns: 600 });
    // the mutations reach every outcome (TAPE_FULL has its own test)
    expect([...seen].sort((a, b) => a - b)).toEqual([-Status.TRUNCATED, -Status.EMPTY, -Status.TOO_DEEP, -Status.SYNTAX, 0]);
  });

  it("random strings and bytes", () => {
    fc.assert(fc.property(fc.oneof(fc.string().map(enc), fc.uint8Array({ maxLength: 64 }), longText.map((t) => enc(`"${t}"`))), (b) => {
      checkScan(b);
    }), { numRuns: 400 });
  });

  it("small tape capacities", () => {
    fc.assert(fc.property(fc.json(), fc.integer({ min: 0, max: 8 }), (s, cap) => {
      checkScan(enc(s), 64, cap);
    }), { numRuns: 200 });
  });
});

describe("minifyRange: wasm == twin", () => {
  const check = (b: Uint8Array, start: number, end: number) => {
    const want = twinMinify(b, start, end);
    for (const [name, ex] of cores) {
      const got = wasmMinifyRange(ex, b, start, end);
      expect([name, Array.from(got)]).toEqual([name, Array.from(want)]);
    }
    return want;
  };

  it("a pretty-printed document minifies to its compact form", () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom(1, 2, 4, "\t", "\r\n  "), (v, indent) => {
      const pretty = enc(JSON.stringify(v, null, indent as number | string) ?? "null");
      const got = check(pretty, 0, pretty.length);
      expect(new TextDecoder().decode(got)).toBe(JSON.stringify(v) ?? "null");
    }), { numRuns: 300 });
  });

  it("arbitrary ranges, cut anywhere (inside strings, after a backslash)", () => {
    fc.assert(fc.property(jsonDoc, fc.nat(), fc.nat(), (s, a, z) => {
      const b = enc(s);
      const start = a % (b.length + 1);
      const end = start + (z % (b.length - start + 1));
      check(b, start, end);
    }), { numRuns: 400 });
    check(enc('["ab\\'), 0, 5);
    check(enc('"\\'), 0, 2);
  });

  it("random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => {
      check(b, 0, b.length);
    }), { numRuns: 300 });
  });
});

// ---------------------------------------------------------------------------------------------
// collection stats

const STRING_POOL = [
  "ok", "OK", "success", "error", "failed to connect", "TimeoutException", "TypeError: x is undefined", "denied",
  "pending", "active", "inactive", "us-east-1", "eu-west-2", "", "a\\nb", "caf\u00e9", "\u00fcber", "x".repeat(70),
  "connection refused by peer", "NotLeaderForPartitionException", "retrying", "warn", "Failure", "status",
];
const KEY_POOL = ["id", "name", "status", "code", "statusCode", "error", "message", "level", "ts", "tags", "meta", "region", "count", "score", "ok", "user", "détail", "a b", "HTTP_code"];

const scalar = fc.oneof(
  fc.constantFrom(...STRING_POOL),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(200, 201, 404, 500, 503, 42, 0, -0, 1e21, 123456789012345678901234567890),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const { value: jsonish } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar,
    fc.dictionary(fc.constantFrom(...KEY_POOL), tie("value"), { maxKeys: 5 }),
    fc.array(tie("value"), { maxLength: 4 }),
  ),
}));

const record = fc.dictionary(fc.constantFrom(...KEY_POOL), jsonish, { maxKeys: 8 });
const item = fc.oneof({ arbitrary: record, weight: 8 }, { arbitrary: scalar, weight: 1 }, { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 });

const QUERY_WORDS = ["error", "timeout", "status", "ok", "connect", "user", "caf\u00e9", "500", "404", "east", "failed", "xyz", "exception"];
const IDENTIFIERS = ["us-east-1", "\"status\"", "404", "Exception", "id", "TypeError", "a\\nb", "ok\"", "::"];
const terms = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant(Term.WORD), text: fc.oneof(fc.constantFrom(...QUERY_WORDS), fc.stringMatching(/^[a-z0-9]{1,6}$/)) }),
    fc.record({ kind: fc.constant(Term.IDENTIFIER), text: fc.oneof(fc.constantFrom(...IDENTIFIERS), fc.string({ maxLength: 4 })) }),
  ),
  { maxLength: 8 },
);

function termTable(ts: Array<{ kind: number; text: string }>): { termBytes: Uint8Array; terms: Uint32Array } {
  const parts = ts.map((t) => enc(t.text));
  const termBytes = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  const table = new Uint32Array(ts.length * Term.STRIDE);
  let off = 0;
  parts.forEach((p, i) => {
    termBytes.set(p, off);
    table.set([ts[i]!.kind, off, p.length], i * Term.STRIDE);
    off += p.length;
  });
  return { termBytes, terms: table };
}

/** The container with the most items (the root when it is one), as the engine would pick. */
function largestCollection(tape: Uint32Array): number {
  let best = -1, bestN = -1;
  for (let e = 0; e * TAPE_STRIDE < tape.length; e++) {
    const kind = tape[e * TAPE_STRIDE]! & 15;
    if (kind !== Kind.OBJECT && kind !== Kind.ARRAY) continue;
    let n = 0;
    const end = tape[e * TAPE_STRIDE + 3]!;
    for (let x = e + 1; x < end; n++) x = tape[(kind === Kind.OBJECT ? x + 1 : x) * TAPE_STRIDE + 3]!;
    if (n > bestN) (best = e), (bestN = n);
  }
  return best;
}

/** Signal bits and counters seen across the stats properties, to show the data reaches every branch. */
const reached = { signals: 0, tf: 0, numbers: 0, values: 0, highCard: 0 };

/** Asserts wasm (both builds) == twin for the collection at `coll` of `bytes`. */
function checkStats(bytes: Uint8Array, coll: number | "largest", ts: Array<{ kind: number; text: string }>) {
  const scan = twinScan(bytes, 256);
  expect(scan.n).toBeGreaterThan(0);
  const c = coll === "largest" ? largestCollection(scan.tape) : coll;
  const { termBytes, terms: table } = termTable(ts);
  const nItems = wasmItemCount(scan.tape, c);
  const want = statsOut(nItems, ts.length);
  const n = collectionStats(bytes, scan.tape, c, termBytes, table, ts.length, want);
  expect(n).toBe(nItems);
  for (const [name, ex] of cores) {
    const got = wasmCollectionStats(ex, bytes, scan.tape, c, termBytes, table, ts.length);
    expect([name, got.n]).toEqual([name, n]);
    for (const k of ["items", "tf", "fields", "values", "counts"] as const) {
      if (!sameU32(got.out[k], want[k])) expect([name, k, Array.from(got.out[k])]).toEqual([name, k, Array.from(want[k])]);
    }
    if (!sameF64(got.out.fieldNums, want.fieldNums)) expect([name, Array.from(got.out.fieldNums)]).toEqual([name, Array.from(want.fieldNums)]);
  }
  for (let i = 0; i < n; i++) reached.signals |= want.items[i * Item.STRIDE + Item.SIGNALS]!;
  if (want.tf.some((x) => x > 0)) reached.tf++;
  if (want.counts[1]! > 0) reached.values++;
  for (let f = 0; f < want.counts[0]!; f++) {
    if (want.fields[f * Field.STRIDE + Field.T_NUMBER]! > 0) reached.numbers++;
    if (want.fields[f * Field.STRIDE + Field.FLAGS]! & FieldFlag.HIGH_CARDINALITY) reached.highCard++;
  }
  return { n, out: want };
}

function wasmItemCount(tape: Uint32Array, coll: number): number {
  const isObject = (tape[coll * TAPE_STRIDE]! & 15) === Kind.OBJECT;
  const end = tape[coll * TAPE_STRIDE + 3]!;
  let n = 0;
  for (let e = coll + 1; e < end; n++) e = tape[(isObject ? e + 1 : e) * TAPE_STRIDE + 3]!;
  return n;
}

const indent = fc.constantFrom<number | string>(0, 0, 2, "\t");

describe("collectionStats: wasm == twin", () => {
  it("arrays of mixed records", () => {
    fc.assert(fc.property(fc.array(item, { maxLength: 40 }), terms, indent, (items, ts, ind) => {
      checkStats(enc(JSON.stringify(items, null, ind)), 0, ts);
    }), { numRuns: 250 });
  });

  it("object maps ({ key: object })", () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 10 }), item, { maxKeys: 30 }), terms, indent, (map, ts, ind) => {
      checkStats(enc(JSON.stringify(map, null, ind)), 0, ts);
    }), { numRuns: 200 });
  });

  it("homogeneous records: rare values, rare types, outliers, status codes", () => {
    const row = fc.record({
      id: fc.integer({ min: 1, max: 1e6 }),
      status: fc.constantFrom("ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok", "failed"),
      code: fc.constantFrom(200, 200, 200, 200, 200, 200, 404, 500),
      latency: fc.oneof({ arbitrary: fc.double({ min: 1, max: 20, noNaN: true }), weight: 20 }, { arbitrary: fc.constantFrom(5000, null, "n/a"), weight: 1 }),
      region: fc.constantFrom("us-east-1", "eu-west-2", "ap-south-1"),
      meta: fc.record({ host: fc.constantFrom("a", "b"), retries: fc.nat(3), deep: fc.record({ x: fc.nat(2), y: fc.record({ z: fc.boolean() }) }) }),
    }, { requiredKeys: ["id", "status", "code", "latency", "region"] });
    fc.assert(fc.property(fc.array(row, { minLength: 8, maxLength: 150 }), terms, indent, (rows, ts, ind) => {
      checkStats(enc(JSON.stringify(rows, null, ind)), 0, ts);
    }), { numRuns: 80 });
  });

  it("nested collection picked inside a document", () => {
    fc.assert(fc.property(fc.array(record, { maxLength: 20 }), terms, (rows, ts) => {
      checkStats(enc(JSON.stringify({ meta: { page: 1 }, data: rows })), "largest", ts);
    }), { numRuns: 100 });
  });

  it("limits: 512 fields, 64 distinct values per field, 16384 value records", () => {
    // 300 fields × 70 items, each value distinct: fields go high-cardinality at 64 and the value
    // table fills at 16384
    const rows = Array.from({ length: 70 }, (_, i) => Object.fromEntries(Array.from({ length: 300 }, (_, k) => [`f${k}`, `v${i}`])));
    const { out } = checkStats(enc(JSON.stringify(rows)), 0, [{ kind: Term.WORD, text: "v3" }]);
    expect(out.counts[1]).toBe(300 * 64 > 16384 ? 16384 : 300 * 64);
    // 600 distinct keys: the field table stops at 512
    const wide = [Object.fromEntries(Array.from({ length: 600 }, (_, k) => [`k${k}`, k])), { k1: 1 }];
    expect(checkStats(enc(JSON.stringify(wide)), 0, []).out.counts[0]).toBe(512);
  });

  it("numbers: exponents, long mantissas, huge and tiny scales parse to the same bits", () => {
    const nums = ["0", "-0", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "0.000000000000000000000000001234567890123456789",
      "9007199254740993", "1.7976931348623157e308", "5e-324", "2.2250738585072014e-308", "1E+22", "1e23", "0.1", "-12.5e-3", "1e999999999"];
    const rows = nums.map((x, i) => `{"v":${x},"i":${i}}`);
    const doc = enc(`[${rows.join(",")},${rows.join(",")}]`);
    checkStats(doc, 0, [{ kind: Term.WORD, text: "1e400" }, { kind: Term.IDENTIFIER, text: "e-" }]);
  });

  it("repeated query words count for their first term only; hundreds of terms still end", () => {
    const doc = enc('[{"msg":"ok ok error 0"},{"msg":"OK, fine"},{"n":0}]');
    const ts = ["ok", "ok", "0", "0", "error", "ok"].map((text) => ({ kind: Term.WORD, text }));
    const { out } = checkStats(doc, 0, ts);
    // per item: tf of the 6 terms (the first "ok" and "0" count; repeats stay 0)
    expect(Array.from(out.tf)).toEqual([2, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
    const many = Array.from({ length: 300 }, (_, i) => ({ kind: i % 7 === 0 ? Term.IDENTIFIER : Term.WORD, text: `w${i % 250}` }));
    checkStats(enc(JSON.stringify([{ a: "w1 w2 w3 w200 w249" }, { b: "w100 error" }])), 0, many);
  });

  it("the generated data reached every signal and table", () => {
    const all = Signal.ERROR | Signal.STATUS | Signal.RARE | Signal.RARE_STRONG | Signal.OUTLIER | Signal.TYPE_RARE;
    expect(reached.signals).toBe(all);
    expect(Math.min(reached.tf, reached.numbers, reached.values, reached.highCard)).toBeGreaterThan(0);
  });
});

// The core's shortcuts (assembly/walk/): words found 16 bytes at a time and filtered before any
// look-up, items hashed in place when already minified, field keys matched by guessing the key
// order, words of keys and of categorical strings counted once, batches flushed every 256 entries.
describe("collectionStats shortcuts: wasm == twin", () => {
  // words around the 16-byte blocks and the 64-byte straight path: error and query words, their
  // prefix/suffix rules, mixed case, digits, escapes, non-ASCII and runs of separators
  const piece = fc.oneof(
    fc.constantFrom("error", "TypeError", "ERRORS", "failed", "Failing", "fail", "NotLeaderForPartitionException", "exception",
      "oom", "which", "job", "WHY", "failed-job", "\u00e9chec", "caf\u00e9", "x", "42", "1e5", "\n", "\\", "\u0000", "\u{1d11e}"),
    fc.stringMatching(/^[a-zA-Z0-9]{1,24}$/),
  );
  const text = fc.tuple(fc.array(piece, { maxLength: 30 }), fc.array(fc.constantFrom(" ", "  ", "-", "/", ".", ", ", "_", ":"), { minLength: 1, maxLength: 4 }))
    .map(([ps, seps]) => ps.map((p, i) => p + seps[i % seps.length]).join(""));
  const queries = fc.array(
    fc.oneof(
      fc.record({ kind: fc.constant(Term.WORD), text: fc.constantFrom("which", "job", "failed", "why", "error", "x", "42", "1e5", "5", "caf\u00e9", "oom") }),
      fc.record({ kind: fc.constant(Term.IDENTIFIER), text: fc.constantFrom("job", "e-", "\\n", "Error") }),
    ),
    { maxLength: 6 },
  );

  it("texts of every length, with words across blocks", () => {
    fc.assert(fc.property(fc.array(fc.record({ msg: text, note: fc.option(text), tags: fc.array(text, { maxLength: 3 }) }), { maxLength: 12 }), queries, indent, (rows, ts, ind) => {
      checkStats(enc(JSON.stringify(rows, null, ind)), 0, ts);
    }), { numRuns: 200 });
  });

  it("minified and pretty-printed items in one collection", () => {
    fc.assert(fc.property(fc.array(fc.tuple(item, fc.constantFrom<number | string | undefined>(undefined, undefined, 1, "\t", " \n")), { maxLength: 20 }), queries, (rows, ts) => {
      const doc = `[${rows.map(([v, ind]) => JSON.stringify(v, null, ind as number | string)).join(rows.length % 2 ? "," : ",\n  ")}]`;
      checkStats(enc(doc), 0, ts);
    }), { numRuns: 200 });
  });

  it("keys in a repeated order, reordered, missing, and the same keys under other parents", () => {
    const keys = ["id", "status", "error", "meta", "job_status", "which"] as const;
    const value = (depth: number): fc.Arbitrary<unknown> => depth === 0
      ? fc.oneof(fc.constantFrom("ok", "failed", "error: job failed", "which one", 200, 500, 1.5e-3, true, null), fc.integer())
      : fc.oneof({ arbitrary: value(0), weight: 3 }, { arbitrary: record(depth - 1), weight: 1 });
    const record = (depth: number): fc.Arbitrary<Record<string, unknown>> => fc.tuple(
      fc.constantFrom("same", "same", "same", "shuffled", "subset"), fc.array(value(depth), { minLength: keys.length, maxLength: keys.length }),
      fc.array(fc.nat(keys.length - 1), { minLength: keys.length, maxLength: keys.length }),
    ).map(([how, vs, order]) => {
      const ks = how === "same" ? [...keys] : how === "shuffled" ? [...keys].sort((a, b) => order[keys.indexOf(a)]! - order[keys.indexOf(b)]!) : keys.filter((_, i) => order[i]! % 2 === 0);
      return Object.fromEntries(ks.map((k, i) => [k, vs[i]]));
    });
    fc.assert(fc.property(fc.array(record(3), { minLength: 1, maxLength: 30 }), queries, indent, (rows, ts, ind) => {
      checkStats(enc(JSON.stringify(rows, null, ind)), 0, ts);
    }), { numRuns: 150 });
  });

  it("categorical strings and numbers that hold query words, repeated across items", () => {
    const row = fc.record({
      status: fc.constantFrom("job failed", "which job", "ok", "Error: oom", "x 42", "42"),
      code: fc.constantFrom(42, 500, 1e5, -5, 0.5, 404),
      why: fc.constantFrom("why", "WHY not", "because"),
    });
    fc.assert(fc.property(fc.array(row, { minLength: 8, maxLength: 60 }), queries, (rows, ts) => {
      checkStats(enc(JSON.stringify(rows)), 0, ts);
    }), { numRuns: 100 });
  });

  it("batches: items with more than 256 strings, numbers or fields", () => {
    const ts = [{ kind: Term.WORD, text: "w7" }, { kind: Term.WORD, text: "5" }, { kind: Term.WORD, text: "error" }];
    const strings = Array.from({ length: 300 }, (_, i) => `w${i % 13} error${i}`);
    const numbers = Array.from({ length: 300 }, (_, i) => i * 1.5);
    const wide = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i % 3 ? `v${i % 5}` : i]));
    checkStats(enc(JSON.stringify([strings, numbers, wide, wide, strings])), 0, ts);
    checkStats(enc(JSON.stringify([strings, numbers, wide])), 0, ts.slice(0, 1));
  });
});

// Real documents from the shared corpus (beside the repo as ../shared, in CI too). Optional.
async function loadCorpus(): Promise<Array<[string, Uint8Array]>> {
  try {
    const fs = await import("node:fs");
    const dir = new URL("../../../../shared/corpus/cases/", import.meta.url);
    if (!fs.existsSync(dir)) return [];
    return fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort().map((f) => [f, new Uint8Array(fs.readFileSync(new URL(f, dir)))]);
  } catch {
    return [];
  }
}
const corpus = await loadCorpus();

describe.skipIf(corpus.length === 0)("corpus: wasm == twin", () => {
  it.each(corpus)("%s", (_name, bytes) => {
    const scan = checkScan(bytes, 1024);
    expect(scan.n).toBeGreaterThan(0);
    checkStats(bytes, "largest", [
      { kind: Term.WORD, text: "error" }, { kind: Term.WORD, text: "id" }, { kind: Term.WORD, text: "name" },
      { kind: Term.IDENTIFIER, text: "\"type\"" }, { kind: Term.IDENTIFIER, text: "http" },
    ]);
  });
});
