/**
 * Names read in kept lines keep their nearest definition (synthetic inputs): a local `const`
 * above a kept `throw`, an attribute assigned in another method, an object-literal entry that
 * gives an option its default.
 */
import { describe, expect, test } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { definesName, namesRead } from "./definitions.js";

const lines = (n: number, f: (k: number) => string) => Array.from({ length: n }, (_, k) => f(k)).join("\n");

describe("namesRead / definesName", () => {
  test("reads bare names and members, not calls, keywords, strings or the assigned name", () => {
    const read = namesRead("if (body.length > cap && !opts.followRedirects) throw new Error('too large cap');");
    expect(read).toContainEqual({ name: "cap", member: false });
    expect(read).toContainEqual({ name: "followRedirects", member: true });
    expect(read.map((r) => r.name)).not.toContain("Error");
    expect(read.map((r) => r.name)).not.toContain("throw");
    expect(namesRead("x = limit + 1").map((r) => r.name)).toEqual(["limit"]);
  });

  test("declarations, assignments and literal entries define; comparisons and uses do not", () => {
    const cap = definesName({ name: "cap", member: false });
    for (const l of ["    const cap = 10;", "  let cap: number = 10;", "  final int cap = 10;", "cap := 10", "  cap = 10", "  a, cap = f()", "  const { cap } = cfg;"]) expect(cap.test(l), l).toBe(true);
    for (const l of ["  if (cap == 10) {", "  return cap;", "  f(cap)", "  capacity = 3"]) expect(cap.test(l), l).toBe(false);
    const m = definesName({ name: "followRedirects", member: true });
    for (const l of ["    followRedirects: false,", "  'followRedirects': True,", "  this.followRedirects = x;", "  self.followRedirects += 1", "  Client(followRedirects=True)"]) expect(m.test(l), l).toBe(true);
    for (const l of ["  if (opts.followRedirects) {", "  x = opts.followRedirects;", "  opts.followRedirects === false"]) expect(m.test(l), l).toBe(false);
  });
});

async function run(code: string, fileName: string, query: string): Promise<string> {
  const r = await compress(code, { type: "code", fileName, query, store: memoryStore() });
  return r.text;
}

describe("definitions of names read in kept lines stay", () => {
  test("TypeScript: the local const two lines above a kept throw", async () => {
    const fill = (i: number, n: number) => lines(n, (k) => `    total += step${i}_${k}(input, ${k});`);
    const helpers = lines(6, (i) => `  helper${i}(input: Request): number {\n    let total = 0;\n${fill(i, 45)}\n    return total;\n  }\n`);
    const code = `import { Request } from './types';\n\nexport class Uploads {\n${helpers}\n  accept(req: Request): void {\n    let total = 0;\n${fill(9, 30)}\n    const cap = this.settings.maxBytes ?? 4096;\n    const body = req.body;\n    if (body.length > cap) throw new PayloadError('payload too large');\n${fill(10, 30)}\n  }\n}\n`;
    const out = await run(code, "uploads.ts", "what size limit makes an upload throw payload too large?");
    expect(out).toContain("if (body.length > cap) throw");
    expect(out).toContain("const cap = this.settings.maxBytes ?? 4096;");
    expect(out.length).toBeLessThan(code.length / 4);
  });

  test("Python: an attribute read in a kept method and assigned in another", async () => {
    const steps = lines(5, (i) => `    def step${i}(self, data):\n        total = 0\n${lines(45, (k) => `        total += self.source.read(${k}) * ${i}`)}\n        return total\n`);
    const code = `class Reader:\n    def __init__(self, source):\n        self.source = source\n        self.offset = 0\n\n    def _locate(self, record):\n        header = self.source.header(record)\n${lines(14, (k) => `        header.check(${k})`)}\n        self._end_offset = header.start + header.length + 4\n        return header\n\n${steps}\n    def read_rest(self):\n        chunks = []\n        data = self.source.read_until(self._end_offset)\n        chunks.append(data)\n        return chunks\n`;
    const out = await run(code, "reader.py", "where does read_rest get its end offset from?");
    expect(out).toContain("data = self.source.read_until(self._end_offset)");
    expect(out).toContain("self._end_offset = header.start + header.length + 4");
    expect(out).not.toContain("total += self.source.read(3) * 2");
  });

  test("JavaScript: the object-literal entry that gives an option its default", async () => {
    const workers = lines(6, (i) => `function worker${i}(x) {\n  let t = 0;\n${lines(45, (k) => `  t += x.part${k} * ${i};`)}\n  return t;\n}\n`);
    const code = `'use strict';\n\nfunction buildOptions(user) {\n  const opts = {\n    timeout: 0,\n${lines(40, (k) => `    setting${k}: ${k},`)}\n    followRedirects: false,\n    decompress: true,\n  };\n  return Object.assign(opts, user);\n}\n\n${workers}\nfunction request(url, user) {\n  const opts = buildOptions(user);\n${lines(30, (k) => `  trace(url, ${k});`)}\n  if (opts.followRedirects) {\n    return redirectable(url, opts);\n  }\n${lines(30, (k) => `  trace(url, ${k});`)}\n  return plain(url, opts);\n}\nmodule.exports = { request };\n`;
    const out = await run(code, "client.js", "what is the default for follow redirects in request?");
    expect(out).toContain("if (opts.followRedirects) {");
    expect(out).toContain("followRedirects: false,");
    expect(out).not.toContain("t += x.part7 * 3;");
  });

  test("a line kept for a query identifier keeps the definitions its multi-line condition reads", async () => {
    const fill = (i: number, n: number) => lines(n, (k) => `    acc.push(stage${i}_${k}(job, ${k}));`);
    const others = lines(5, (i) => `  prepare${i}(job: Job): void {
    const acc: number[] = [];
${fill(i, 45)}
    this.log(acc);
  }
`);
    const code = `import { Job, QuotaBreachError } from './types';

export class Scheduler {
${others}
  dispatch(job: Job): void {
    const acc: number[] = [];
${fill(8, 30)}
    const unusedLocal = job.id * 3;
    const enforcedPolicy =
      job.policy?.mode === 'lenient' ? undefined : job.policy;

    if (
      enforcedPolicy != null &&
      acc.length > enforcedPolicy.cap
    ) {
      throw new QuotaBreachError({
        policy: enforcedPolicy,
      });
    }
${fill(9, 30)}
    this.log(acc, unusedLocal);
  }
}
`;
    const out = await run(code, "scheduler.ts", "When is QuotaBreachError thrown, and what is exempt?");
    expect(out).toContain("throw new QuotaBreachError({");
    expect(out).toContain("job.policy?.mode === 'lenient' ? undefined : job.policy;");
    expect(out).not.toContain("const unusedLocal = job.id * 3;");
    expect(out.length).toBeLessThan(code.length / 3);
  });

  test("option defaults in a short object literal: the question words the option apart (stop word between), the literal condenses to those entries", async () => {
    const workers = lines(6, (i) => `function worker${i}(x) {\n  let t = 0;\n${lines(45, (k) => `  t += x.part${k} * ${i};`)}\n  return t;\n}\n`);
    const code = `'use strict';\n\n${workers}\nfunction connect(target, user) {\n  const settings = {\n${lines(9, (k) => `    knob${k}: ${k * 3},`)}\n    retryOnReset: false,\n    maxResets: 4,\n${lines(9, (k) => `    dial${k}: 'v${k}',`)}\n    ...user,\n  };\n${lines(40, (k) => `  trace(target, ${k});`)}\n  link.on('reset', () => {\n    if (settings.retryOnReset && ++link.resetCount > settings.maxResets) {\n      fail(link, 'too many resets');\n    }\n  });\n${lines(40, (k) => `  trace(target, ${k});`)}\n}\nmodule.exports = { connect };\n`;
    const out = await run(code, "link.js", "Why does the link not retry on a reset, and after how many resets does it give up?");
    expect(out).toContain("if (settings.retryOnReset && ++link.resetCount > settings.maxResets) {");
    expect(out).toContain("retryOnReset: false,");
    expect(out).toContain("maxResets: 4,");
    expect(out).not.toContain("knob4: 12,");
    expect(out).not.toContain("t += x.part7 * 3;");
  });

  test("Python: a dict entry that gives a setting its default stays with the method that reads it", async () => {
    const steps = lines(5, (i) => `    def step${i}(self, data):\n        total = 0\n${lines(45, (k) => `        total += data.read(${k}) * ${i}`)}\n        return total\n`);
    const code = `class Pool:\n    def __init__(self, **user):\n        self.conf = {\n${lines(9, (k) => `            'knob${k}': ${k * 3},`)}\n            'idle_timeout': 30,\n${lines(9, (k) => `            'dial${k}': 'v${k}',`)}\n        }\n        self.conf.update(user)\n${lines(40, (k) => `        self.trace(${k})`)}\n\n${steps}\n    def reap(self, conn):\n        if conn.idle > self.conf['idle_timeout']:\n            conn.close()\n`;
    const out = await run(code, "pool.py", "what is the default idle timeout after which reap closes a connection?");
    expect(out).toContain("if conn.idle > self.conf['idle_timeout']:");
    expect(out).toContain("'idle_timeout': 30,");
    expect(out).not.toContain("total += data.read(7) * 3");
  });

  test("Go: a short declaration above a kept error return; unrelated locals stay elided", async () => {
    const others = lines(5, (i) => `func other${i}(x int) int {\n\tt := 0\n${lines(45, (k) => `\tt += x * ${k + i}`)}\n\treturn t\n}\n`);
    const code = `package quota\n\nimport "errors"\n\n${others}\nfunc Charge(u *User, n int) error {\n\tspent := 0\n\tunused := 7\n${lines(30, (k) => `\tspent += u.Cost(${k})`)}\n\tceiling := u.Plan.Limit * 2\n\tif spent+n > ceiling {\n\t\treturn errors.New("quota exceeded")\n\t}\n${lines(30, (k) => `\tu.Log(${k}, unused)`)}\n\treturn nil\n}\n`;
    const out = await run(code, "quota.go", "which limit makes billing fail with quota exceeded?");
    expect(out).toContain("if spent+n > ceiling {");
    expect(out).toContain("ceiling := u.Plan.Limit * 2");
    // the nearest assignment of `spent` above the kept `if`, not the first
    expect(out).toContain("spent += u.Cost(29)");
    expect(out).not.toContain("unused := 7");
  });
});
