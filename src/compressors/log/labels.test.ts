// A severity label alone on its line (`Error:`, `[WARNING]`, `E:`) is kept as trouble; its
// message on the line(s) below must be kept with it, up to the next blank line, label or record.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { memoryStore } from "../../store/index.js";
import { isBareLabel } from "./labels.js";

/** `n` lines of routine progress, with `insert(i)` lines placed after line i. */
function progress(n: number, insert: (i: number) => string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(`Preparing to unpack .../lib-component-${i}_1.${i % 7}.${i % 3}_amd64.deb ...`);
    lines.push(`Unpacking lib-component-${i} (1.${i % 7}.${i % 3}) over (1.${i % 5}.0) ...`);
    lines.push(...insert(i));
  }
  return lines.join("\n") + "\n";
}

// A deterministic stream of varied prose-like lines: no template or shape repeats much, so rarity
// keeps nothing and only trouble and context decide (where a label's message was lost).
function varied(n: number, seed: number): string[] {
  const words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray", "yankee", "zulu"];
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const len = 4 + (next() % 9);
    const parts: string[] = [];
    for (let k = 0; k < len; k++) parts.push(words[next() % words.length]!);
    out.push(parts.join(" "));
  }
  return out;
}

describe("isBareLabel", () => {
  it("accepts a level word alone, with brackets, a colon or a clock in front", () => {
    for (const s of ["Error:", "ERROR", "  warning:", "[WARNING]", "E:", "12:00:01 error:", "[2024-05-01 10:00:00] FATAL", "(error)"]) expect(isBareLabel(s), s).toBe(true);
  });
  it("rejects a label with its message on the same line, a stray letter, a word that is not a level", () => {
    for (const s of ["Error: disk full", "E", "w", "Errors found in 3 files", "Preparing", "ERROR 42 occurred", ""]) expect(isBareLabel(s), s).toBe(false);
  });
});

describe("a bare label keeps its message", () => {
  it("an `Error:` line keeps the unindented lines below it, up to the blank line", async () => {
    const text = progress(400, (i) => (i === 211 ? ["Error:", "dpkg-deb: archive lib-component-211 has premature member control.tar.zst", "the package is left unconfigured", "", "Continuing with the next package"] : []));
    const r = await compress(text, { type: "log", store: memoryStore(), query: "what went wrong?" });
    expect(r.text).toContain("Error:\ndpkg-deb: archive lib-component-211 has premature member control.tar.zst\nthe package is left unconfigured\n");
    expect(r.ratio).toBeGreaterThan(0.8);
  });

  it("a `[WARNING]` label keeps its message but stops at the next label", async () => {
    const text = progress(300, (i) => (i === 90 ? ["[WARNING]", "The requested profile \"nightly-ci\" is ignored because it is missing from the build file.", "[INFO]", "Reactor summary follows"] : []));
    const r = await compress(text, { type: "log", store: memoryStore(), query: "what did the build warn about" });
    expect(r.text).toContain("[WARNING]\nThe requested profile \"nightly-ci\" is ignored because it is missing from the build file.");
  });

  it("many `Error:` labels with different messages: every kind of message is kept, not just the first two and last labels", async () => {
    const messages = ["shared object libfoo.so.3 is missing from the image", "the state directory /var/lib/widgets belongs to another user", "checksum mismatch for bundle alpha-7", "no space left on device /dev/sdb1", "certificate expired for mirror.example.net", "unknown option --frobnicate passed to linker", "lock held by process 4242", "the index of suite trixie is older than the cache", "hook script 40-rebuild returned a non-empty report"];
    const body = varied(2500, 11);
    const lines: string[] = [];
    for (let i = 0; i < body.length; i++) {
      lines.push(body[i]!);
      if (i % 250 === 100) lines.push("Error:", messages[Math.floor(i / 250)]!, "");
    }
    const r = await compress(lines.join("\n") + "\n", { type: "log", store: memoryStore(), query: "what happened" });
    for (const m of messages) expect(r.text, m).toContain("Error:\n" + m);
  });

  it("in a timestamped log the message stops at the next timestamped record", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const ts = `2024-05-01 10:${String((i >> 6) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
      lines.push(`${ts} INFO worker-${i % 3} heartbeat ok seq=${i}`);
      if (i === 777) lines.push(`${ts} ERROR`, "Replica quorum lost for shard orders-12: 1 of 3 replicas reachable", "  last contact 41 s ago");
    }
    const text = lines.join("\n") + "\n";
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.text).toContain("ERROR\nReplica quorum lost for shard orders-12: 1 of 3 replicas reachable\n  last contact 41 s ago");
  });

  it("a label whose message is long is capped to a few lines", async () => {
    const msg = Array.from({ length: 30 }, (_, k) => `detail line ${k} of the failure report for unit ${k * 13}`);
    const text = progress(400, (i) => (i === 150 ? ["Error:", ...msg, ""] : []));
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.text).toContain("Error:\n" + msg.slice(0, 5).join("\n"));
    expect(r.text).not.toContain(msg[20]!);
  });

  it("where every line is different and other errors fill the budget, the label still brings its whole message", async () => {
    const body = varied(3000, 7);
    const lines: string[] = [];
    for (let i = 0; i < body.length; i++) {
      lines.push(body[i]!);
      if (i % 97 === 5) lines.push(`error: step ${i} ${body[(i * 3) % body.length]} did not converge`);
      if (i === 1500) lines.push("Error:", "the mirror answered with an outdated index for suite bookworm-updates", "so the listed versions are older than the ones installed", "and the upgrade plan keeps every package held back");
    }
    const text = lines.join("\n") + "\n";
    const r = await compress(text, { type: "log", store: memoryStore() });
    expect(r.text).toContain("Error:\nthe mirror answered with an outdated index for suite bookworm-updates\nso the listed versions are older than the ones installed\nand the upgrade plan keeps every package held back\n");
  });
});
