/**
 * Generated sources with very long functions, shared by the code compressor's tests: a C++ worker
 * whose one method runs ~1,500 lines (an image pipeline with an answer deep inside), a C function
 * of ~400 lines that is one big `switch` over option names, and a long Python, Go, Java, Rust and
 * JavaScript function. Deterministic: the same text every run.
 */
import { test } from "vitest";
import type { LangId } from "./languages.js";

/** A tiny deterministic generator (LCG), so "random" filler is the same every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const OPS = ["blur", "sharpen", "gamma", "negate", "normalise", "clahe", "threshold", "modulate", "tint", "rotate", "flip", "flop", "affine", "median", "dilate", "erode", "trim", "extend", "embed", "crop"];
const FIELDS = ["width", "height", "channels", "density", "quality", "effort", "compression", "loop", "delay", "pages", "offset", "lossless", "progressive", "palette", "colours", "dither", "bitdepth", "tileSize", "angle", "background"];

/** One filler section of the C++ pipeline: an `if` over an option, a few calls, a nested check. */
function cppSection(k: number, rand: () => number): string[] {
  const op = OPS[k % OPS.length]!;
  const f = FIELDS[(k * 7) % FIELDS.length]!;
  const g = FIELDS[(k * 3 + 1) % FIELDS.length]!;
  const out = [
    `      // Apply ${op} step ${k} when the ${f} option asks for it`,
    `      if (baton->${op}${k} > 0 && baton->${f} != ${k}) {`,
    `        image = image.${op}(baton->${op}${k} * ${(1 + rand() * 3).toFixed(2)});`,
  ];
  if (rand() < 0.5) {
    out.push(
      `        if (image.${g}() > baton->${g}Limit) {`,
      `          image = sharp::Ensure${g[0]!.toUpperCase()}${g.slice(1)}(image, baton->${g}Limit);`,
      `        }`,
    );
  }
  if (rand() < 0.3) {
    out.push(
      `        if (image.bands() < ${1 + (k % 4)}) {`,
      `          throw vips::VError("Image ${op} needs at least ${1 + (k % 4)} bands for step ${k}");`,
      `        }`,
    );
  }
  if (rand() < 0.3) out.push(`        // Keep the ${g} of the input for the ${op} output`, `        baton->${g}Out = image.${g}();`);
  out.push(`        pipelineSteps.push_back("${op}");`, `      }`);
  return out;
}

/** Output writers of the C++ pipeline, one per format; `raw` holds the answer. */
function cppWriters(): string[] {
  const fmt = (name: string, saver: string, opts: string[]) => [
    `      } else if (baton->formatOut == "${name}" || (willMatchInput && inputImageType == sharp::ImageType::${name.toUpperCase()})) {`,
    `        // Write ${name.toUpperCase()} to buffer`,
    `        sharp::AssertImageTypeDimensions(image, sharp::ImageType::${name.toUpperCase()});`,
    `        VipsArea *area = reinterpret_cast<VipsArea*>(image.${saver}(VImage::option()`,
    ...opts.map((o) => `          ->set("${o}", baton->${name}${o[0]!.toUpperCase()}${o.slice(1)})`),
    `          ->set("keep", baton->keepMetadata)));`,
    `        baton->bufferOut = static_cast<char*>(area->data);`,
    `        baton->bufferOutLength = area->length;`,
    `        area->free_fn = nullptr;`,
    `        vips_area_unref(area);`,
    `        baton->formatOut = "${name}";`,
  ];
  return [
    `      if (baton->formatOut == "jpeg" || (willMatchInput && inputImageType == sharp::ImageType::JPEG)) {`,
    `        // Write JPEG to buffer`,
    `        sharp::AssertImageTypeDimensions(image, sharp::ImageType::JPEG);`,
    `        VipsArea *area = reinterpret_cast<VipsArea*>(image.jpegsave_buffer(VImage::option()`,
    `          ->set("Q", baton->jpegQuality)`,
    `          ->set("interlace", baton->jpegProgressive)`,
    `          ->set("keep", baton->keepMetadata)));`,
    `        baton->bufferOut = static_cast<char*>(area->data);`,
    `        baton->bufferOutLength = area->length;`,
    `        area->free_fn = nullptr;`,
    `        vips_area_unref(area);`,
    `        baton->formatOut = "jpeg";`,
    ...fmt("png", "pngsave_buffer", ["interlace", "compression", "palette", "quality", "effort", "bitdepth", "dither"]),
    ...fmt("webp", "webpsave_buffer", ["quality", "alphaQuality", "lossless", "nearLossless", "smartSubsample", "effort"]),
    ...fmt("gif", "gifsave_buffer", ["bitdepth", "effort", "reuse", "interlace", "dither"]),
    ...fmt("tiff", "tiffsave_buffer", ["quality", "bitdepth", "compression", "predictor", "pyramid", "tile"]),
    `      } else if (baton->formatOut == "raw" || (willMatchInput && inputImageType == sharp::ImageType::RAW)) {`,
    `        // Write raw, uncompressed image data to buffer`,
    `        if (baton->greyscale || image.interpretation() == VIPS_INTERPRETATION_B_W) {`,
    `          // Extract first band for greyscale image`,
    `          image = image[0];`,
    `          baton->channels = 1;`,
    `        }`,
    `        if (image.format() != baton->rawDepth) {`,
    `          // Cast pixels to requested format`,
    `          image = image.cast(baton->rawDepth);`,
    `        }`,
    `        // Get raw image data`,
    `        baton->bufferOut = static_cast<char*>(image.write_to_memory(&baton->bufferOutLength));`,
    `        if (baton->bufferOut == nullptr) {`,
    `          throw std::runtime_error("Could not allocate enough memory for raw output");`,
    `        }`,
    `        baton->formatOut = "raw";`,
    `      } else {`,
    `        // Unsupported output format`,
    `        (baton->err).append("Unsupported output format ");`,
    `        if (baton->formatOut == "input") {`,
    `          (baton->err).append("when trying to match input format of ");`,
    `          (baton->err).append(ImageTypeId(inputImageType));`,
    `        } else {`,
    `          (baton->err).append(baton->formatOut);`,
    `        }`,
    `        return Error();`,
    `      }`,
  ];
}

/**
 * A C++ file with a worker class whose `Execute()` runs ~1,500 lines; the raw-output writer (grey
 * bands, bit depth cast, allocation failure) sits near its end.
 */
export function longCppWorker(): { code: string; needles: string[] } {
  const rand = rng(7);
  const lines = [
    `#include <algorithm>`,
    `#include <string>`,
    `#include <vector>`,
    `#include <vips/vips8>`,
    `#include "common.h"`,
    `#include "pipeline.h"`,
    ``,
    `using vips::VImage;`,
    ``,
    `class PipelineWorker : public Napi::AsyncWorker {`,
    ` public:`,
    `  PipelineWorker(Napi::Function callback, PipelineBaton *baton, Napi::Function debuglog) :`,
    `    Napi::AsyncWorker(callback), baton(baton), debuglog(Napi::Persistent(debuglog)) {}`,
    `  ~PipelineWorker() {}`,
    ``,
    `  // libuv worker`,
    `  void Execute() {`,
    `    // Decrement queued task counter`,
    `    sharp::counterQueue--;`,
    `    // Increment processing task counter`,
    `    sharp::counterProcess++;`,
    `    std::vector<std::string> pipelineSteps;`,
    ``,
    `    try {`,
    `      // Open input`,
    `      vips::VImage image;`,
    `      sharp::ImageType inputImageType;`,
    `      std::tie(image, inputImageType) = sharp::OpenInput(baton->input);`,
    `      bool const willMatchInput = baton->formatOut == "input";`,
  ];
  for (let k = 0; lines.length < 1330; k++) lines.push(...cppSection(k, rand));
  lines.push(...cppWriters());
  for (let k = 500; lines.length < 1500; k++) lines.push(...cppSection(k, rand));
  lines.push(
    `    } catch (vips::VError const &err) {`,
    `      char const *what = err.what();`,
    `      if (what && what[0]) {`,
    `        (baton->err).append(what);`,
    `      } else {`,
    `        (baton->err).append("Unknown error");`,
    `      }`,
    `    }`,
    `    // Clean up libvips' per-request data and threads`,
    `    vips_error_clear();`,
    `    vips_thread_shutdown();`,
    `  }`,
    ``,
    `  void OnOK() {`,
    `    Napi::Env env = Env();`,
    `    Napi::HandleScope scope(env);`,
    `    // Handle warnings`,
    `    std::string warning = sharp::VipsWarningPop();`,
    `    while (!warning.empty()) {`,
    `      debuglog.Call(Receiver().Value(), { Napi::String::New(env, warning) });`,
    `      warning = sharp::VipsWarningPop();`,
    `    }`,
    `    if (baton->err.empty()) {`,
    `      Callback().Call(Receiver().Value(), { env.Null(), Napi::Buffer<char>::New(env, baton->bufferOut, baton->bufferOutLength) });`,
    `    } else {`,
    `      Callback().Call(Receiver().Value(), { Napi::Error::New(env, sharp::TrimEnd(baton->err)).Value() });`,
    `    }`,
    `    delete baton;`,
    `  }`,
    ``,
    ` private:`,
    `  PipelineBaton *baton;`,
    `  Napi::FunctionReference debuglog;`,
    `};`,
    ``,
    `/*`,
    `  pipeline(options, output, callback)`,
    `*/`,
    `Napi::Value pipeline(const Napi::CallbackInfo& info) {`,
    `  PipelineBaton *baton = new PipelineBaton;`,
    `  Napi::Object options = info[size_t(0)].As<Napi::Object>();`,
    `  baton->input = sharp::CreateInputDescriptor(options.Get("input").As<Napi::Object>());`,
    `  baton->formatOut = sharp::AttrAsStr(options, "formatOut");`,
    `  baton->rawDepth = sharp::AttrAsEnum<VipsBandFormat>(options, "rawDepth", VIPS_TYPE_BAND_FORMAT);`,
    `  Napi::Function debuglog = options.Get("debuglog").As<Napi::Function>();`,
    `  Napi::Function callback = info[size_t(1)].As<Napi::Function>();`,
    `  PipelineWorker *worker = new PipelineWorker(callback, baton, debuglog);`,
    `  worker->Queue();`,
    `  sharp::counterQueue++;`,
    `  return info.Env().Undefined();`,
    `}`,
    ``,
  );
  return {
    code: lines.join("\n"),
    needles: [
      "// Extract first band for greyscale image",
      "image = image.cast(baton->rawDepth);",
      `throw std::runtime_error("Could not allocate enough memory for raw output");`,
    ],
  };
}

const OPTIONS: Array<[string, string]> = [
  ["ceiling", "Round a fractional value up to the next whole unit of the current scale."],
  ["floor", "Round a fractional value down to the whole unit below it."],
  ["localtime", "Shift the value from universal time to the local time zone of the host."],
  ["nearest", "Round to the nearest whole unit, halves going away from zero."],
  ["subsec", "Keep fractional seconds when the value is printed later."],
  ["utc", "Shift the value from local time back to universal time."],
  ["weekday", "Advance to the next day whose weekday number is N, unless it is that day already."],
  ["bounds", "Move back to the start of the current year, month or day."],
  ["julianday", "Read the value as a julian day number; only valid as the first option."],
  ["epoch", "Read the value as seconds since 1970; only valid right after the input value."],
];

/** One `case` branch of the C option switch: a doc comment, a string compare, a short body. */
function cCase(name: string, doc: string, k: number, rand: () => number): string[] {
  const out = [
    `    case '${name[0]}': {`,
    `      /*`,
    `      **    ${name}`,
    `      **`,
    `      ** ${doc}`,
    `      */`,
    `      if( cmp_nocase(z, "${name}")==0 ){`,
  ];
  for (let i = 0; i < 3 + Math.floor(rand() * 6); i++) out.push(`        p->f${k}_${i} = compute_field(p, ${k}, ${i});`);
  out.push(
    `        if( p->valid${k} ){`,
    `          rc = set_option(p, ${k});`,
    `        }`,
    `      }`,
    `      break;`,
    `    }`,
  );
  return out;
}

/**
 * A C file whose `apply_modifier()` is a ~400-line `switch` over modifier names; the `auto`
 * branch holds the rule on where that modifier may appear (`idx>1` returns an error). With
 * `longBranch`, that branch runs 30 lines longer.
 */
export function longCSwitch(longBranch = false): { code: string; needles: string[] } {
  const rand = rng(11);
  const lines = [
    `#include <stdlib.h>`,
    `#include <string.h>`,
    `#include "value.h"`,
    ``,
    `/* Compare two strings, ignoring ASCII case. */`,
    `static int cmp_nocase(const char *a, const char *b){`,
    `  while( *a && *b ){`,
    `    int x = tolower((unsigned char)*a++);`,
    `    int y = tolower((unsigned char)*b++);`,
    `    if( x!=y ) return x-y;`,
    `  }`,
    `  return (unsigned char)*a - (unsigned char)*b;`,
    `}`,
    ``,
    `/*`,
    `** Apply one modifier to the value in p. idx is the position of the modifier`,
    `** in the argument list. Return 0 on success, 1 if the modifier is not`,
    `** understood or is misplaced.`,
    `*/`,
    `static int apply_modifier(Ctx *pCtx, const char *z, int n, Value *p, int idx){`,
    `  int rc = 1;`,
    `  double r;`,
    `  switch( to_lower_table[(unsigned char)z[0]] ){`,
  ];
  let k = 0;
  const emit = ([name, doc]: [string, string]) => lines.push(...cCase(name, doc, k++, rand));
  for (const o of OPTIONS.slice(0, 4)) emit(o);
  lines.push(
    `    case 'a': {`,
    `      /*`,
    `      **    auto`,
    `      **`,
    `      ** If the raw number is available, read it as a julian day number or`,
    `      ** as seconds since 1970, depending on its magnitude.`,
    `      */`,
    `      if( cmp_nocase(z, "auto")==0 ){`,
    `        if( idx>1 ) return 1;  /* REQ-2041-77 */`,
    `        if( !p->rawS || p->validJD ){`,
    `          rc = 0;`,
    `          p->rawS = 0;`,
    `        }else if( p->s>=-21086676*(long long)10000`,
    `               && p->s<=(25340230*(long long)10000)+799`,
    `        ){`,
    `          r = p->s*1000.0 + 210866760000000.0;`,
    `          clear_fields(p);`,
    `          p->iJD = (long long)(r + 0.5);`,
    `          p->validJD = 1;`,
    `          p->rawS = 0;`,
    `          rc = 0;`,
    `        }`,
    // A long branch: more work after the guard, so the branch is too long to keep whole.
    ...(longBranch ? Array.from({ length: 30 }, (_, i) => `        p->aux${i} = normalise_part(p, ${i}, rc);`) : []),
    `      }`,
    `      break;`,
    `    }`,
  );
  for (const o of OPTIONS.slice(4)) emit(o);
  // Numeric modifiers: "+NNN days", "-NNN hours" … one long branch.
  lines.push(`    case '+':`, `    case '-':`, `    case '0': case '1': case '2': case '3': case '4':`, `    case '5': case '6': case '7': case '8': case '9': {`, `      double rRounder;`, `      int i;`);
  for (let u = 0; lines.length < 400; u++) {
    lines.push(
      `      if( n==${4 + (u % 6)} && cmp_nocase(&z[${u % 5}], "unit${u}")==0 ){`,
      `        /* Apply a relative shift of the value by unit ${u} */`,
      `        rRounder = r<0 ? -0.5 : +0.5;`,
      `        p->iJD += (long long)(r*${(u + 1) * 1000}.0 + rRounder);`,
      `        rc = 0;`,
      `        break;`,
      `      }`,
    );
  }
  lines.push(`      break;`, `    }`, `    default: {`, `      break;`, `    }`, `  }`, `  return rc;`, `}`, ``);
  for (let f = 0; f < 6; f++) {
    lines.push(
      `/* Helper ${f}: fills field ${f} of the value from its parts. */`,
      `static void fill_field${f}(Value *p){`,
      `  if( p->valid${f} ) return;`,
      `  p->f${f}_0 = p->iJD / ${86400000 + f};`,
      `  p->f${f}_1 = (p->iJD % ${86400000 + f}) / 1000;`,
      `  p->valid${f} = 1;`,
      `}`,
      ``,
    );
  }
  return { code: lines.join("\n"), needles: ["if( idx>1 ) return 1;  /* REQ-2041-77 */"] };
}

/** A language's way of writing the pieces of {@link longFunction}. */
interface Syntax {
  file: string;
  /** Lines before the function (imports, a class opening …) and after it. */
  head: string[];
  tail: string[];
  /** The function's opening line(s) and closing line. */
  open: string[];
  close: string;
  /** Statement indentation unit. */
  ind: string;
  comment: (t: string) => string;
  assign: (name: string, expr: string) => string;
  call: (f: string, args: string) => string;
  ifOpen: (cond: string) => string;
  elseIfOpen: (cond: string) => string;
  elseOpen: string;
  blockClose: string;
  switchOpen: (subject: string) => string;
  caseOpen: (k: number) => string;
  caseClose: string[];
  switchClose: string;
  fail: (msg: string) => string;
  ret: (expr: string) => string;
  field: (name: string) => string;
}

const C_LIKE = (file: string, head: string[], tail: string[], open: string[], close: string, fail: (m: string) => string, field = (n: string) => `ctx->${n}`): Syntax => ({
  file, head, tail, open, close, ind: "  ",
  comment: (t) => `// ${t}`,
  assign: (n, e) => `${n} = ${e};`,
  call: (f, a) => `${f}(${a});`,
  ifOpen: (c) => `if (${c}) {`,
  elseIfOpen: (c) => `} else if (${c}) {`,
  elseOpen: "} else {",
  blockClose: "}",
  switchOpen: (x) => `switch (${x}) {`,
  caseOpen: (k) => `case ${k}: {`,
  caseClose: ["  break;", "}"],
  switchClose: "}",
  fail,
  ret: (e) => `return ${e};`,
  field,
});

const SYNTAX: Record<LangId, Syntax> = {
  c: C_LIKE("long.c", ["#include <stdio.h>", "#include \"ctx.h\"", ""], ["", "static int helper(struct ctx *ctx) {", "  return ctx->level0 + 1;", "}", ""],
    ["int process_frames(struct ctx *ctx, int kind) {", "  int rc = 0;", "  int level = 0;"], "}", (m) => `return report_error(ctx, "${m}");`),
  cpp: C_LIKE("long.cpp", ["#include <stdexcept>", "#include \"ctx.h\"", "", "namespace frames {", "", "class Processor {", " public:"],
    [" private:", "  Ctx *ctx;", "};", "", "}  // namespace frames", ""],
    ["  int Process(int kind) {", "    int rc = 0;", "    int level = 0;"], "  }", (m) => `throw std::runtime_error("${m}");`),
  java: C_LIKE("Frames.java", ["package org.example.frames;", "", "import java.util.List;", "", "public final class Frames {"], ["", "    private static int helper(Ctx ctx) {", "        return ctx.level0 + 1;", "    }", "}", ""],
    ["    public static int processFrames(Ctx ctx, int kind) {", "        int rc = 0;", "        int level = 0;"], "    }", (m) => `throw new IllegalStateException("${m}");`, (n) => `ctx.${n}`),
  javascript: {
    ...C_LIKE("frames.js", ["'use strict';", "", "const { report } = require('./report');", ""], ["", "module.exports = { processFrames };", ""],
      ["function processFrames(ctx, kind) {", "  let rc = 0;", "  let level = 0;"], "}", (m) => `throw new Error('${m}');`, (n) => `ctx.${n}`),
  },
  typescript: {
    ...C_LIKE("frames.ts", ["import { report } from \"./report\";", "", "export interface Ctx { [key: string]: number }", ""], [""],
      ["export function processFrames(ctx: Ctx, kind: number): number {", "  let rc = 0;", "  let level = 0;"], "}", (m) => `throw new Error("${m}");`, (n) => `ctx.${n}`),
  },
  tsx: {
    ...C_LIKE("Frames.tsx", ["import React from \"react\";", ""], ["", "export const View = () => <div>{processFrames({}, 1)}</div>;", ""],
      ["export function processFrames(ctx: Record<string, number>, kind: number): number {", "  let rc = 0;", "  let level = 0;"], "}", (m) => `throw new Error("${m}");`, (n) => `ctx.${n}`),
  },
  go: {
    ...C_LIKE("frames.go", ["package frames", "", "import \"errors\"", ""], ["", "func helper(ctx *Ctx) int {", "\treturn ctx.Level0 + 1", "}", ""],
      ["func ProcessFrames(ctx *Ctx, kind int) (int, error) {", "\trc := 0", "\tlevel := 0"], "}", (m) => `return rc, errors.New("${m}")`, (n) => `ctx.${n[0]!.toUpperCase()}${n.slice(1)}`),
    ind: "\t",
    assign: (n, e) => `${n} = ${e}`,
    call: (f, a) => `${f}(${a})`,
    ifOpen: (c) => `if ${c} {`,
    elseIfOpen: (c) => `} else if ${c} {`,
    switchOpen: (x) => `switch ${x} {`,
    caseOpen: (k) => `case ${k}:`,
    caseClose: [],
    ret: (e) => `return ${e}, nil`,
  },
  rust: {
    ...C_LIKE("frames.rs", ["use crate::ctx::Ctx;", ""], ["", "fn helper(ctx: &Ctx) -> i64 {", "    ctx.level0 + 1", "}", ""],
      ["pub fn process_frames(ctx: &mut Ctx, kind: i64) -> Result<i64, String> {", "    let mut rc = 0;", "    let mut level = 0;"], "}", (m) => `return Err(String::from("${m}"));`, (n) => `ctx.${n}`),
    ind: "    ",
    ifOpen: (c) => `if ${c} {`,
    elseIfOpen: (c) => `} else if ${c} {`,
    switchOpen: (x) => `match ${x} {`,
    caseOpen: (k) => `${k} => {`,
    caseClose: ["}"],
    ret: (e) => `return Ok(${e});`,
  },
  python: {
    file: "frames.py", head: ["import logging", "", "log = logging.getLogger(__name__)", "", ""], tail: ["", "", "def helper(ctx):", "    return ctx.level0 + 1", ""],
    open: ["def process_frames(ctx, kind):", "    rc = 0", "    level = 0"], close: "", ind: "    ",
    comment: (t) => `# ${t}`,
    assign: (n, e) => `${n} = ${e}`,
    call: (f, a) => `${f}(${a})`,
    ifOpen: (c) => `if ${c}:`,
    elseIfOpen: (c) => `elif ${c}:`,
    elseOpen: "else:",
    blockClose: "",
    switchOpen: (x) => `match ${x}:`,
    caseOpen: (k) => `case ${k}:`,
    caseClose: [],
    switchClose: "",
    fail: (m) => `raise RuntimeError("${m}")`,
    ret: (e) => `return ${e}`,
    field: (n) => `ctx.${n}`,
  },
};

/** Languages {@link longFunction} can write. */
export const LONG_LANGS = Object.keys(SYNTAX) as LangId[];

/**
 * One ~`rows`-line function in `lang`: numbered steps with nested ifs and else-if chains, a
 * switch (match) with many cases, comments; deep inside, the retry limit of checksum checks
 * (`needle`) fails with "too many checksum mismatches". `step` asks about the first step after
 * the switch.
 */
export function longFunction(lang: LangId, rows = 320): { file: string; code: string; needle: string; query: string; step: { query: string; needle: string } } {
  const x = SYNTAX[lang]!;
  const body: string[] = [];
  const py = lang === "python";
  const put = (depth: number, line: string) => {
    if (line !== "") body.push(x.ind.repeat(depth) + line);
  };
  const step = (k: number, depth: number) => {
    put(depth, x.comment(`Step ${k}: adjust level for option ${k}`));
    put(depth, x.ifOpen(`${x.field(`option${k}`)} > ${k}`));
    put(depth + 1, x.ifOpen(`${x.field(`level${k % 7}`)} < ${k * 3}`));
    put(depth + 2, x.assign("level", `level + ${k}`));
    put(depth + 1, x.elseIfOpen(`${x.field(`level${k % 7}`)} == ${k}`));
    put(depth + 2, x.assign("rc", `rc + ${k % 5}`));
    put(depth + 1, x.elseOpen);
    put(depth + 2, x.call(`adjust${k % 4}`, `ctx, ${k}`));
    put(depth + 1, x.blockClose);
    put(depth, x.blockClose);
    if (py) body.push(`${x.ind.repeat(depth)}${x.assign("rc", "rc")}`);
  };
  let k = 0;
  const target = Math.floor(rows * 0.45);
  while (body.length < target) step(k++, 1);
  // The answer: the checksum retry limit.
  put(1, x.comment("Verify the frame checksum, retrying a few times"));
  put(1, x.ifOpen(`${x.field("checksumRetries")} > ${x.field("maxRetries")}`));
  put(2, x.comment("give up: too many checksum mismatches"));
  const needle = x.fail("too many checksum mismatches in frame");
  put(2, needle);
  put(1, x.blockClose);
  put(1, x.switchOpen("kind"));
  for (let c = 0; c < 30; c++) {
    put(2, x.caseOpen(c));
    put(3, x.comment(`kind ${c} multiplies the level`));
    put(3, x.assign("level", `level * ${c + 2}`));
    for (const l of x.caseClose) put(2, l.startsWith("  ") ? `${x.ind}${l.trim()}` : l);
  }
  put(1, x.switchClose);
  const after = k;
  while (body.length < rows) step(k++, 1);
  put(1, x.ret("rc + level"));
  const lines = [...x.head, ...x.open, ...body, ...(x.close === "" ? [] : [x.close]), ...x.tail];
  return {
    file: x.file, code: lines.join("\n"), needle: needle.trim(), query: "What happens when the frame checksum keeps failing: after how many retries does it give up, and with which error?",
    step: { query: `What does step ${after} adjust when option ${after} is set and the level equals ${after}?`, needle: x.call(`adjust${after % 4}`, `ctx, ${after}`) },
  };
}

test("long samples are generated", () => undefined);
