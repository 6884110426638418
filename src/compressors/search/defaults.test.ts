// A question about defaults: lines that give a default literal rank above other mentions of the
// same words, and a file named by a query word (`connect.js` for "…the connect timeout") keeps its
// best line holding another query word — so a three-part question gets all three answers.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { asksDefault, defaultBonus } from "./defaults.js";

/** Noise: ordinary mentions of timeouts and retries, spread over many files. */
function noise(files: number): string[] {
  const shapes = [
    (f: number) => `    clearTimeout(this.timer${f});`,
    (f: number) => `    this.emit("timeout", new TimeoutError("socket ${f} timed out after " + ms + "ms"));`,
    (f: number) => `  // the timeout of request ${f} is reset when a chunk arrives`,
    (f: number) => `    if (attempt > this.retries) return done(lastError${f});`,
    (f: number) => `  setTimeout(() => this.retryLater(${f}), backoff(attempt));`,
    (f: number) => `    const remaining = deadline${f} - Date.now(); // timeout budget left`,
  ];
  const out: string[] = [];
  for (let f = 0; f < files; f++) {
    const path = f % 3 === 0 ? `lib/adapters/adapter_${f}.js` : f % 3 === 1 ? `lib/core/stage_${f}.js` : `test/unit/stage_${f}.test.js`;
    for (let k = 0; k < 4; k++) out.push(`${path}:${20 + k * 17}:${shapes[(f + k) % shapes.length]!(f)}`);
  }
  return out;
}

/** A grep over a client library with the three defaults hidden among the noise. */
function grep(): string {
  const lines = noise(70);
  lines.splice(37, 0, "lib/request.js:88:  const timeout = options.timeout ?? 30000;");
  lines.splice(120, 0, "lib/request.js:140:  req.setTimeout(timeout, () => req.destroy(new TimeoutError(\"request timed out\")));");
  lines.splice(150, 0, "lib/retry.js:12:  this.retries = opts.retries == null ? 2 : opts.retries;");
  lines.splice(200, 0, "lib/connect.js:31:    const ms = opts.timeout == null ? 10000 : opts.timeout;");
  lines.splice(201, 0, "lib/connect.js:57:    socket.on(\"timeout\", onTimeout);");
  return lines.join("\n") + "\n";
}

describe("defaultBonus", () => {
  it("sees fallbacks, defaults of named settings, `default:` literals", () => {
    expect(defaultBonus("const ms = opts.timeout == null ? 10000 : opts.timeout;", ["timeout"])).toBeGreaterThan(0);
    expect(defaultBonus("  followRedirects: false,", ["follow", "redirect"])).toBeGreaterThan(defaultBonus("x = y ?? 3;", ["follow", "redirect"]));
    expect(defaultBonus("def get(url, timeout=5.0, retries=None):", ["timeout"])).toBeGreaterThan(0);
    expect(defaultBonus("  maxAge: { type: Number, default: 0 },", ["age"])).toBeGreaterThan(0);
    expect(defaultBonus("port = int(os.environ.get(\"PORT\", 8080))", ["port"])).toBeGreaterThan(0);
  });
  it("gives nothing to a line without a literal default", () => {
    expect(defaultBonus("    clearTimeout(this.timer);", ["timeout"])).toBe(0);
    expect(defaultBonus("if (attempt > this.retries) return done(err);", ["retries"])).toBe(0);
    expect(defaultBonus("const total = a ?? b * 3;", ["total"])).toBe(0);
  });
  it("knows a question about defaults", () => {
    expect(asksDefault(["default", "timeout"])).toBe(true);
    expect(asksDefault(["defaults"])).toBe(true);
    expect(asksDefault(["timeout", "connect"])).toBe(false);
  });
});

describe("a three-part question about defaults", () => {
  const text = grep();
  it("keeps the three lines that give the defaults, the connect one from the file named connect.js", async () => {
    const r = await compress(text, { type: "search", store: memoryStore(), query: "What are the default timeout, the default retries, and the connect timeout?" });
    expect(r.text).toContain("lib/request.js:88:  const timeout = options.timeout ?? 30000;");
    expect(r.text).toContain("lib/retry.js:12:  this.retries = opts.retries == null ? 2 : opts.retries;");
    expect(r.text).toContain("lib/connect.js:31:    const ms = opts.timeout == null ? 10000 : opts.timeout;");
    expect(r.ratio).toBeGreaterThan(0.6);
  });
  it("a file named by a query word contributes a line even when the question does not ask for defaults", async () => {
    const r = await compress(text, { type: "search", store: memoryStore(), query: "how does the connect step handle a timeout?" });
    expect(r.text).toMatch(/^lib\/connect\.js:\d+:/m);
  });
});

/**
 * `git grep --heading` output where the two named settings fill the budget with their many
 * mentions, and the file named by the third part's word mentions "timeout" most strongly on a line
 * that is not the default.
 */
function headingGrep(): string {
  const out: string[] = [];
  const section = (path: string, rows: string[]) => out.push(path, ...rows, "");
  section("src/handshake.js", [
    "12:function makeDialer ({ socketPath, timeout, ...rest }) {",
    "19:  timeout = timeout == null ? 15e3 : timeout",
    "64:    const cancelHandshakeTimeout = armHandshakeTimeout(new WeakRef(sock), { timeout, host, port })",
    "69:        queueMicrotask(cancelHandshakeTimeout)",
  ]);
  for (let f = 0; f < 3; f++) {
    const rows: string[] = [];
    for (let k = 0; k < 10; k++) rows.push(`${100 + k * 9}:    if (idleTimeout != null && idleTimeout < this.floor${f}) slot${k}.reset(idleTimeout)`);
    section(`src/pool/stage_${f}.js`, rows);
  }
  section("src/client.js", [
    "240:    this[kIdle] = idleTimeout == null ? 4e3 : idleTimeout",
    "251:    this[kBody] = bodyTimeout != null ? bodyTimeout : 300e3",
  ]);
  for (let f = 0; f < 8; f++) section(`src/util/timer_${f}.js`, [`${10 + f}:  // a timeout wheel slot ${f}`, `${30 + f}:  clearTimeout(slot${f}.handle)`]);
  return out.join("\n") + "\n";
}

describe("a named file's default line when the budget is spent", () => {
  it("the file named by a query word still shows its line giving the default, not its louder mention", async () => {
    const text = headingGrep();
    const r = await compress(text, { type: "search", store: memoryStore(), query: "What default idleTimeout, bodyTimeout and handshake timeout does the client use when the options are not given?" });
    expect(r.text).toContain("240:    this[kIdle] = idleTimeout == null ? 4e3 : idleTimeout");
    expect(r.text).toContain("251:    this[kBody] = bodyTimeout != null ? bodyTimeout : 300e3");
    expect(r.text).toContain("19:  timeout = timeout == null ? 15e3 : timeout");
    expect(r.ratio).toBeGreaterThan(0.5);
  });
});
