// The memory's embedding near-duplicate check, with the tiny embedding model the project generates
// (test/fixtures/tiny-embed-model, scripts/make-tiny-embed-model.mjs), offline. The cases are
// computed with the model and the core, not assumed: a reordered fact is asserted to be beyond the
// SimHash threshold and above the cosine threshold before the memory is asked about it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { hammingDistance, hexToHash } from "../src/core/simhash.js";
import { cosine } from "../src/memory/cosine.js";
import { createMemory, type MemoryOptions } from "../src/memory/create-memory.js";
import { loadEmbedder, type Embedder } from "../src/memory/embedder.js";
import { fingerprint } from "../src/memory/fingerprint.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const MODEL = join(root, "test", "fixtures", "tiny-embed-model");
const SIMHASH_BITS = 3; // the memory's default
const THRESHOLD = 0.92; // the embeddings' default

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), "tf-mem-embed-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
afterEach(() => vi.restoreAllMocks());

let embedder: Embedder | undefined;
const embed = async (text: string) => (await (embedder ??= await loadEmbedder({ model: MODEL }))).embed(text);
const simhashDistance = (a: string, b: string) => hammingDistance(hexToHash(fingerprint(a).simhash)!, hexToHash(fingerprint(b).simhash)!);

// Same words in another order, other punctuation: what people write when they re-state a fact.
const REWORDED: Array<[string, string]> = [
  ["Run the tests with pnpm, not npm.", "Not npm: run the tests with pnpm!"],
  ["Use tabs for indent in the typescript source", "In the typescript source, use tabs for indent."],
];
const UNRELATED = ["Deploy to staging before production", "The redis cache runs on port 6379", "Run the lint with pnpm, not npm."];

const backends: Array<[string, () => MemoryOptions]> = [
  ["sqlite", () => ({ backend: "sqlite", path: join(tmp(), "memory.db") })],
  ["memory", () => ({ backend: "memory" })],
];

describe("the tiny embedding model", () => {
  it("embeds reordered facts alike and unrelated ones apart, while SimHash tells the reordered ones apart", async () => {
    for (const [a, b] of REWORDED) {
      expect(simhashDistance(a, b), `${a} / ${b}`).toBeGreaterThan(SIMHASH_BITS);
      expect(cosine(await embed(a), await embed(b)), `${a} / ${b}`).toBeGreaterThanOrEqual(THRESHOLD);
    }
    const all = [REWORDED[0]![0], ...UNRELATED];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) expect(cosine(await embed(all[i]!), await embed(all[j]!)), `${all[i]} / ${all[j]}`).toBeLessThan(THRESHOLD);
  });

  it("gives unit-length vectors of the model's width", async () => {
    const v = await embed("Run the tests with pnpm");
    expect(v).toBeInstanceOf(Float32Array);
    expect(v.length).toBe(32);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it("is generated deterministically: the script rewrites the committed bytes", () => {
    const out = tmp();
    execFileSync(process.execPath, [join(root, "scripts", "make-tiny-embed-model.mjs"), out], { stdio: "pipe" });
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    const names = files(MODEL).map((f) => relative(MODEL, f)).sort();
    expect(files(out).map((f) => relative(out, f)).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(out, name)).equals(readFileSync(join(MODEL, name))), name).toBe(true);
  });
});

describe.each(backends)("createMemory({ embeddings }) on the %s backend", (_name, base) => {
  it("refuses a reworded fact as a near duplicate by embedding, where SimHash alone keeps both", async () => {
    const plain = createMemory(base());
    const smart = createMemory({ ...base(), embeddings: { model: MODEL } });
    for (const [a, b] of REWORDED) {
      expect((await plain.add({ text: a })).status).toBe("added");
      expect((await plain.add({ text: b })).status).toBe("added");
      const first = await smart.add({ text: a });
      expect(first.status).toBe("added");
      const second = await smart.add({ text: b });
      expect(second.status).toBe("near-duplicate");
      expect(second.check).toBe("embedding");
      expect(second.fact.id).toBe(first.fact.id);
      expect(second.cosine).toBeGreaterThanOrEqual(THRESHOLD);
      expect(second.distance).toBe(simhashDistance(a, b));
      expect(second.reason).toMatch(/by embedding \(cosine 0\.\d{3} ≥ 0\.92\)/);
      expect(second.fact.embedding).toBeUndefined();
    }
    expect(await smart.list()).toHaveLength(REWORDED.length);
    await plain.close();
    await smart.close();
  });

  it("keeps unrelated facts, and says which check matched for exact and SimHash duplicates", async () => {
    const m = createMemory({ ...base(), embeddings: { model: MODEL } });
    for (const text of UNRELATED) expect((await m.add({ text })).status, text).toBe("added");
    const exact = await m.add({ text: UNRELATED[0]! });
    expect([exact.status, exact.check]).toEqual(["duplicate", "hash"]);
    const cased = await m.add({ text: UNRELATED[1]!.toUpperCase() + "." });
    expect([cased.status, cased.check]).toEqual(["near-duplicate", "simhash"]);
    expect(cased.reason).toMatch(/by SimHash/);
    expect(await m.list()).toHaveLength(UNRELATED.length);
    await m.close();
  });

  it("compares only within a scope, honours the threshold, and leaves facts with different subjects alone", async () => {
    const [a, b] = REWORDED[0]!;
    const m = createMemory({ ...base(), embeddings: { model: MODEL } });
    expect((await m.add({ text: a, scope: { kind: "project", key: "/p1" } })).status).toBe("added");
    expect((await m.add({ text: b, scope: { kind: "project", key: "/p2" } })).status).toBe("added");
    expect((await m.add({ text: a, subject: "test runner" })).status).toBe("added");
    expect((await m.add({ text: b, subject: "package manager" })).status).toBe("added");
    await m.close();
    const c = cosine(await embed(a), await embed(b));
    const strict = createMemory({ ...base(), embeddings: { model: MODEL, threshold: Math.min(1, c + 1e-4) } });
    expect((await strict.add({ text: a })).status).toBe("added");
    expect((await strict.add({ text: b })).status).toBe("added");
    await strict.close();
  });

  it("falls back to SimHash only, with one warning, when the model cannot be loaded", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const m = createMemory({ ...base(), embeddings: { model: join(tmp(), "no-such-model") } });
    const [a, b] = REWORDED[0]!;
    expect((await m.add({ text: a })).status).toBe("added");
    const second = await m.add({ text: b });
    expect(second.status).toBe("added");
    expect(second.fact.embedding).toBeUndefined();
    const cased = await m.add({ text: a.toUpperCase() });
    expect([cased.status, cased.check]).toEqual(["near-duplicate", "simhash"]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/cannot load the embedding model .*SimHash only/);
    await m.close();
  });
});

describe("embeddings in the SQLite file", () => {
  it("stores the vector as a BLOB, and read paths leave it out", async () => {
    const path = join(tmp(), "memory.db");
    const m = createMemory({ backend: "sqlite", path, embeddings: { model: MODEL } });
    const r = await m.add({ text: UNRELATED[0]! });
    expect(r.fact.embedding).toBeInstanceOf(Float32Array);
    expect((await m.get(r.fact.id))!.embedding).toBeUndefined();
    expect((await m.list())[0]!.embedding).toBeUndefined();
    expect((await m.search("staging"))[0]!.fact.embedding).toBeUndefined();
    await m.close();
    const db = new Database(path, { readonly: true });
    const row = db.prepare("SELECT embedding, embedding_model FROM facts WHERE id = ?").get(r.fact.id) as { embedding: Buffer; embedding_model: string };
    db.close();
    expect(row.embedding_model).toBe(MODEL);
    expect([...new Float32Array(new Uint8Array(row.embedding).buffer)]).toEqual([...(await embed(UNRELATED[0]!))]);
  });

  it("migrates a file made before embeddings: old facts stay, are kept by SimHash, and new ones get vectors", async () => {
    const path = join(tmp(), "memory.db");
    const [a, b] = REWORDED[0]!;
    // an older memory file: the facts table without the embedding columns
    const db = new Database(path);
    db.exec(`CREATE TABLE facts (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, subject TEXT, scope_kind TEXT NOT NULL,
      scope_key TEXT NOT NULL, agent TEXT NOT NULL, at INTEGER NOT NULL, source TEXT, supersedes TEXT, superseded_by TEXT, hash TEXT NOT NULL,
      simhash TEXT NOT NULL, band0 TEXT NOT NULL, band1 TEXT NOT NULL, band2 TEXT NOT NULL, band3 TEXT NOT NULL)`);
    db.close();
    const old = createMemory({ backend: "sqlite", path });
    const before = await old.add({ text: a });
    await old.close();
    const m = createMemory({ backend: "sqlite", path, embeddings: { model: MODEL } });
    expect((await m.get(before.fact.id))?.text).toBe(a);
    // the old fact has no vector: the reworded one is not its embedding duplicate …
    expect((await m.add({ text: b })).status).toBe("added");
    // … but the new one has, so a third wording is refused
    const third = await m.add({ text: "The tests: run with pnpm, not npm" });
    expect(simhashDistance(b, "The tests: run with pnpm, not npm")).toBeGreaterThan(SIMHASH_BITS);
    expect([third.status, third.check]).toEqual(["near-duplicate", "embedding"]);
    await m.close();
    const check = new Database(path, { readonly: true });
    const cols = (check.prepare("SELECT name FROM pragma_table_info('facts')").all() as Array<{ name: string }>).map((r) => r.name);
    check.close();
    expect(cols).toEqual(expect.arrayContaining(["embedding", "embedding_model"]));
  });

  it("gives the same vector bytes in two processes, and the second process sees the first one's fact as a near duplicate", () => {
    const dir = tmp();
    const path = join(dir, "memory.db");
    const dist = (f: string) => JSON.stringify(new URL(`../dist/memory/${f}`, import.meta.url).href);
    // create-memory.js and embedder.js directly: the package index pulls in the proxy side as well
    const code = (text: string) => `
      const { createMemory } = await import(${dist("create-memory.js")});
      const { loadEmbedder } = await import(${dist("embedder.js")});
      const v = await (await loadEmbedder({ model: ${JSON.stringify(MODEL)} })).embed(${JSON.stringify(REWORDED[1]![0])});
      const m = createMemory({ backend: "sqlite", path: ${JSON.stringify(path)}, embeddings: { model: ${JSON.stringify(MODEL)} } });
      const r = await m.add({ text: ${JSON.stringify(text)} });
      await m.close();
      process.stdout.write(JSON.stringify({ hex: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex"), status: r.status, check: r.check ?? null }));`;
    const env = { ...process.env, HOME: dir, TOKENFOLD_HOME: dir };
    const runs = REWORDED[1]!.map((text) => spawnSync(process.execPath, ["--input-type=module", "-e", code(text)], { encoding: "utf8", env }));
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const [first, second] = runs.map((r) => JSON.parse(r.stdout) as { hex: string; status: string; check: string | null });
    expect(first!.hex).toMatch(/^[0-9a-f]{256}$/);
    expect(second!.hex).toBe(first!.hex);
    expect([first!.status, second!.status, second!.check]).toEqual(["added", "near-duplicate", "embedding"]);
  });
});
