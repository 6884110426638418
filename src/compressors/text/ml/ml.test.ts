// The ML path end to end with the committed tiny model (test/fixtures/tiny-token-model), offline.
// The worker tests run the compiled worker from dist/ (built by `npm test`'s pretest).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { acquireEngine, releaseEngine } from "./engine.js";
import { createTokenClassifierCompressor, type MlResult, type TokenClassifierCompressor } from "./index.js";

const root = join(import.meta.dirname, "..", "..", "..", "..");
const fixture = join(root, "test", "fixtures", "tiny-token-model");
const distWorker = join(root, "dist", "compressors", "text", "ml", "worker.js");

// 14 words, 16 tokens a line: the fixture's 64-token window holds 3 lines. Tiers of the tiny model:
// filler 0.02 (the, basically, and, really, very), weak 0.3 (we, should, have), "slow." 0.75
// (unknown word + "."), "Cache" 0.9 (unknown), content 0.97 (server, failed, database).
const FILLED = "The server basically failed and we should have the database really very slow.";
const long = (n: number) => Array.from({ length: n }, (_, i) => `${FILLED} Cache ${i}`).join("\n") + "\nthe migration";
const ok = (r: MlResult) => {
  if ("error" in r) throw new Error(r.error);
  return r;
};

const open: TokenClassifierCompressor[] = [];
const make = (o: Partial<Parameters<typeof createTokenClassifierCompressor>[0]> = {}) => {
  const c = createTokenClassifierCompressor({ model: fixture, worker: false, ...o });
  open.push(c);
  return c;
};
afterAll(async () => {
  for (const c of open) await c.close();
});
afterEach(() => vi.restoreAllMocks());

describe("tiny token model fixture", () => {
  it("loads offline from the local folder and gives its designed keep-probabilities", async () => {
    const setup = { model: fixture };
    const engine = await acquireEngine(setup);
    const s = await engine.score(["the", "server", "Server,", "should", "zebra"]);
    await releaseEngine(setup);
    expect(s.probs[0]).toBeCloseTo(0.02, 5); // filler
    expect(s.probs[1]).toBeCloseTo(0.97, 5); // content
    expect(s.probs[2]).toBeCloseTo((0.97 + 0.6) / 2, 5); // mean over "server" + ","
    expect(s.probs[3]).toBeCloseTo(0.3, 5); // weak
    expect(s.probs[4]).toBeCloseTo(0.9, 5); // [UNK] is kept
    expect([...s.costs]).toEqual([1, 1, 2, 1, 1]);
  });

  it("is generated deterministically: the script rewrites the committed bytes", () => {
    const out = mkdtempSync(join(tmpdir(), "tiny-token-model-"));
    const script = join(root, "scripts", "make-tiny-token-model.mjs");
    execFileSync(process.execPath, [script, out], { stdio: "pipe" });
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const names = files(fixture).map((f) => relative(fixture, f)).sort();
    expect(files(out).map((f) => relative(out, f)).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(out, name)).equals(readFileSync(join(fixture, name))), name).toBe(true);
    expect(statSync(join(fixture, "onnx", "model.onnx")).size).toBeLessThan(8192);
  });
});

describe("createTokenClassifierCompressor (inline)", () => {
  it("drops filler, keeps content, numbers, paths, identifiers and newlines, on a text longer than the window", async () => {
    const text = `${long(12)}\nThe cache at /var/cache/app had 512 MB and maxRetries was basically 3.`;
    const r = ok(await make().compressText(text, { targetRatio: 0.5 }));
    expect(r.windows).toBeGreaterThan(1);
    expect(r.total).toBe(text.split(/\s+/).length);
    expect(r.text.split("\n")).toHaveLength(text.split("\n").length);
    expect(r.text).not.toMatch(/\b(the|basically|really|very)\b/i);
    expect(r.text.split("\n")[0]).toBe("server failed we should have database slow. Cache 0");
    expect(r.text).toContain("Cache 11");
    expect(r.text.split("\n").at(-1)).toBe("cache /var/cache/app had 512 MB maxRetries 3.");
    // The last line of prose, many windows in, was scored: filler dropped, content kept.
    expect(r.text.split("\n").at(-2)).toBe("migration");
  });

  it("keeps the question's words and identifiers", async () => {
    const text = "The server was really very slow and basically failed.";
    const plain = ok(await make().compressText(text, { targetRatio: 0.6 }));
    expect(plain.text).toBe("server slow failed.");
    const asked = ok(await make().compressText(text, { targetRatio: 0.6, query: { words: ["really"], identifiers: [] } }));
    expect(asked.text).toBe("server really slow failed.");
    const named = ok(await make().compressText(`${text}\n${text.replace("slow", "slow-io")}`, { targetRatio: 0.6, query: { words: [], identifiers: ["slow-io"] } }));
    expect(named.text).toBe(`server slow failed.\n${text.replace("slow", "slow-io")}`);
  });

  it("leaves fenced code and headings alone", async () => {
    const text = "# The very title\n```\nthe very code\n```\nthe server";
    expect(ok(await make().compressText(text, { targetRatio: 0.5 })).text).toBe("# The very title\n```\nthe very code\n```\nserver");
  });

  it("saves more as targetRatio grows, and is deterministic", async () => {
    const ml = make();
    const text = long(8);
    const low = ok(await ml.compressText(text, { targetRatio: 0.1 }));
    const mid = ok(await ml.compressText(text, { targetRatio: 0.4 }));
    const high = ok(await ml.compressText(text, { targetRatio: 0.7 }));
    expect(low.text.length).toBeGreaterThan(mid.text.length);
    expect(mid.text.length).toBeGreaterThan(high.text.length);
    expect(high.kept).toBeLessThan(mid.kept);
    const again = ok(await make().compressText(text, { targetRatio: 0.4 }));
    expect(again).toEqual(mid);
  });

  it("answers { error } quickly for a missing model folder, without throwing or fetching", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const ml = make({ model: join(root, "test", "fixtures", "no-such-model") });
    const started = performance.now();
    const r = await ml.compressText("the server failed", { targetRatio: 0.5 });
    expect("error" in r && r.error).toMatch(/no-such-model/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("never goes to the hub unless allowRemote is true", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const r = await make({ model: "someone/llmlingua-2-model" }).compressText("the server failed", { targetRatio: 0.5 });
    expect("error" in r && r.error).toMatch(/allowRemote: false.*local_files_only=true/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("takes bad input without throwing: CRLF, a 100 KB line, binary bytes, empty text", async () => {
    const ml = make();
    const crlf = ok(await ml.compressText("the server\r\nthe very database\r\n", { targetRatio: 0.6 }));
    expect(crlf.text).toBe("server\r\ndatabase\r\n");
    const big = "the server ".repeat(10_000) + "x".repeat(100_000);
    const r = ok(await ml.compressText(big, { targetRatio: 0.5 }));
    expect(r.text).toBe("server ".repeat(10_000) + "x".repeat(100_000));
    const binary = String.fromCharCode(...Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    expect(await ml.compressText(binary, { targetRatio: 0.5 })).toHaveProperty("text");
    expect(await ml.compressText("", { targetRatio: 0.5 })).toEqual({ text: "", kept: 0, total: 0, model: fixture, windows: 0 });
  });

  it("declines (error) beyond maxWords instead of stalling", async () => {
    const r = await make({ maxWords: 5 }).compressText(FILLED, { targetRatio: 0.5 });
    expect("error" in r && r.error).toMatch(/limit of 5/);
  });
});

describe("createTokenClassifierCompressor (worker)", () => {
  it("gives the same output as inline mode, from a worker thread", async () => {
    expect(existsSync(distWorker), "build first: npx tsc -p tsconfig.json").toBe(true);
    const inline = make();
    const worker = make({ worker: true, workerUrl: pathToFileURL(distWorker) });
    const text = long(10);
    const query = { words: ["slow"], identifiers: ["Cache 3"] };
    for (const targetRatio of [0.3, 0.6]) {
      const a = ok(await inline.compressText(text, { targetRatio, query, keepLines: [5] }));
      expect(a.text.split("\n")[5]).toBe(text.split("\n")[5]);
      // Concurrent calls are answered each with its own result.
      const [b, c] = await Promise.all([
        worker.compressText(text, { targetRatio, query, keepLines: [5] }),
        worker.compressText("the server", { targetRatio: 0.5 }),
      ]);
      expect(b).toEqual(a);
      expect(ok(c).text).toBe("server");
    }
  });

  it("reports a worker that cannot start as { error }, and a missing model from inside the worker", async () => {
    const broken = make({ worker: true, workerUrl: pathToFileURL(join(root, "no-such-worker.js")) });
    expect(await broken.compressText("the server", { targetRatio: 0.5 })).toMatchObject({ error: expect.stringMatching(/worker/i) });
    const missing = make({ worker: true, workerUrl: pathToFileURL(distWorker), model: join(root, "no-such-model") });
    expect(await missing.compressText("the server", { targetRatio: 0.5 })).toMatchObject({ error: expect.stringMatching(/not found locally/) });
  });
});
