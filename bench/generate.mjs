// Deterministic generators of realistic JSON tool outputs for benchmarks and tests. A seeded
// PRNG (mulberry32) makes every run produce the same bytes.

/** Seeded PRNG in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const hex = (r, n) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join("");
const WORDS = "alpha beta gamma delta build deploy test lint release cache index worker queue shard replica sync fetch parse render".split(" ");
const USERS = ["ada", "grace", "linus", "margaret", "ken", "barbara", "dennis", "radia", "edsger", "frances"];

/** CI job listing: n jobs, all successful except those at `failAt` indexes. */
export function jobListing(n, { seed = 1, failAt = [] } = {}) {
  const r = rng(seed);
  const fails = new Set(failAt);
  const jobs = [];
  for (let i = 0; i < n; i++) {
    const failed = fails.has(i);
    jobs.push({
      id: 100000 + i,
      name: `${pick(r, WORDS)}-${pick(r, WORDS)}-${i % 17}`,
      status: failed ? "failed" : "success",
      stage: pick(r, ["build", "test", "deploy"]),
      ref: pick(r, ["main", "main", "main", "release/2.4"]),
      commit: { sha: hex(r, 40), author: pick(r, USERS), message: `${pick(r, WORDS)} ${pick(r, WORDS)} ${pick(r, WORDS)}` },
      runner: { id: 1 + Math.floor(r() * 12), tags: ["linux", pick(r, ["x64", "arm64"])] },
      duration_ms: failed ? 912345 : Math.round(20000 + r() * 180000),
      queued_ms: Math.round(r() * 5000),
      created_at: new Date(Date.UTC(2026, 10, 1) + i * 61000).toISOString(),
      ...(failed ? { failure_reason: "script_failure", error: "Job failed: exit code 137 (OOM killed)" } : {}),
      artifacts: r() < 0.3 ? [{ name: "junit.xml", size: Math.round(r() * 90000) }] : [],
    });
  }
  return { total: n, page: 1, jobs };
}

/** JSON log events. */
export function jsonLogs(n, { seed = 2 } = {}) {
  const r = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const level = r() < 0.002 ? "error" : r() < 0.05 ? "warn" : "info";
    out.push({
      ts: new Date(Date.UTC(2026, 10, 20) + i * 250).toISOString(),
      level,
      service: pick(r, ["api", "auth", "billing", "search"]),
      msg: level === "error" ? `upstream timeout after ${Math.round(r() * 9000)} ms` : `request handled ${pick(r, WORDS)}`,
      http: { method: pick(r, ["GET", "GET", "GET", "POST"]), path: `/v1/${pick(r, WORDS)}/${Math.floor(r() * 1000)}`, status: level === "error" ? 504 : 200, bytes: Math.round(r() * 20000) },
      trace_id: hex(r, 32),
      user: pick(r, USERS),
    });
  }
  return out;
}

/** Search API hits. */
export function searchHits(n, { seed = 3 } = {}) {
  const r = rng(seed);
  const hits = [];
  for (let i = 0; i < n; i++) {
    hits.push({
      _index: `docs-${pick(r, ["2025", "2026"])}`,
      _id: hex(r, 20),
      _score: Math.round(r() * 1000) / 100,
      _source: {
        title: `${pick(r, WORDS)} ${pick(r, WORDS)} guide`,
        url: `https://docs.example.org/${pick(r, WORDS)}/${i}`,
        tags: [pick(r, WORDS), pick(r, WORDS)],
        snippet: Array.from({ length: 24 }, () => pick(r, WORDS)).join(" "),
        updated: new Date(Date.UTC(2026, 0, 1) + i * 3600000).toISOString(),
      },
    });
  }
  return { took: 12, timed_out: false, hits: { total: { value: n }, max_score: 10, hits } };
}
