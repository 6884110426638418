// Deterministic non-JSON tool outputs for the demo and tests: an auth log, grep output, a Python
// module, a git diff and a markdown document. Same seed → same text.
import { rng } from "./generate.mjs";

const pad = (n, w = 2) => String(n).padStart(w, "0");
const USERS = ["root", "admin", "oracle", "test", "ubuntu", "git", "postgres", "deploy"];

/** sshd auth log: thousands of failed logins and one accepted one at `acceptAt`. */
export function authLog(n, { seed = 1, acceptAt = Math.floor(n * 0.61) } = {}) {
  const r = rng(seed);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const t = `Jan ${pad(1 + Math.floor(i / 4000))} ${pad(Math.floor(i / 120) % 24)}:${pad(Math.floor(i / 2) % 60)}:${pad(i % 60)}`;
    const ip = `${45 + Math.floor(r() * 150)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}.${Math.floor(r() * 255)}`;
    const port = 30000 + Math.floor(r() * 30000);
    if (i === acceptAt) lines.push(`${t} web-1 sshd[${9000 + i}]: Accepted publickey for deploy from 10.20.30.40 port ${port} ssh2: ED25519 SHA256:Qm3x9c`);
    else lines.push(`${t} web-1 sshd[${9000 + i}]: Failed password for ${USERS[Math.floor(r() * USERS.length)]} from ${ip} port ${port} ssh2`);
  }
  return lines.join("\n") + "\n";
}

/** `grep -rn` over a source tree: many call sites, one definition of `parseTimeout`. */
export function grepOutput(n, { seed = 2 } = {}) {
  const r = rng(seed);
  const dirs = ["src/net", "src/http", "src/cli", "tests/http", "docs", "src/util"];
  const lines = [];
  for (let i = 0; i < n; i++) {
    const dir = dirs[Math.floor(r() * dirs.length)];
    const file = `${dir}/${["client", "server", "pool", "retry", "config"][Math.floor(r() * 5)]}.ts`;
    const line = 10 + Math.floor(r() * 900);
    lines.push(`${file}:${line}:    const t = parseTimeout(opts.timeout ?? ${Math.floor(r() * 60)}_000);`);
    if (i === Math.floor(n / 2)) lines.push(`src/util/time.ts:42:export function parseTimeout(value: string | number): number {`);
  }
  return lines.join("\n") + "\n";
}

/** A Python module of `n` classes with methods; `make_response` is the one asked about. */
export function pythonModule(n, { seed = 3 } = {}) {
  const r = rng(seed);
  const out = ['"""Request handling helpers."""', "import json", "from typing import Any, Optional", ""];
  for (let c = 0; c < n; c++) {
    out.push("", `class Handler${c}:`, `    """Handles requests of kind ${c}."""`, "");
    for (let m = 0; m < 6; m++) {
      const name = c === Math.floor(n / 2) && m === 3 ? "make_response" : `step_${c}_${m}`;
      out.push(`    def ${name}(self, rv: Any, status: Optional[int] = None) -> dict:`, `        """Step ${m} of handler ${c}."""`);
      const body = 6 + Math.floor(r() * 10);
      for (let b = 0; b < body; b++) out.push(`        value_${b} = json.dumps({"k": ${b}, "rv": str(rv)})`);
      if (name === "make_response") out.push("        if isinstance(rv, tuple) and len(rv) == 2:", "            rv, status = rv  # the second element is the status", "        return {\"body\": rv, \"status\": status or 200}");
      else out.push(`        return {"value": value_0, "status": ${200 + m}}`);
      out.push("");
    }
  }
  return out.join("\n") + "\n";
}

/** `git log -p` of `n` commits; one of them fixes CVE-2024-1234. */
export function gitLog(n, { seed = 4 } = {}) {
  const r = rng(seed);
  const out = [];
  const hex = () => Array.from({ length: 40 }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join("");
  for (let c = 0; c < n; c++) {
    const fix = c === Math.floor(n / 3);
    out.push(`commit ${hex()}`, `Author: Dev ${c % 5} <dev${c % 5}@example.com>`, `Date:   Mon Mar ${pad(1 + (c % 28))} 10:${pad(c % 60)}:00 2025 +0000`, "");
    out.push(fix ? "    fix(url): reject protocol-relative URLs (CVE-2024-1234)" : `    chore: tidy module ${c}`, "");
    for (let f = 0; f < 3; f++) {
      const path = fix && f === 0 ? "lib/url.js" : `lib/mod${c}_${f}.js`;
      out.push(`diff --git a/${path} b/${path}`, `index ${hex().slice(0, 7)}..${hex().slice(0, 7)} 100644`, `--- a/${path}`, `+++ b/${path}`, `@@ -10,9 +10,9 @@ function f${f}() {`);
      for (let k = 0; k < 4; k++) out.push(`   const a${k} = ${k};`);
      if (fix && f === 0) out.push("-  return /^([a-z][a-z\\d+\\-.]*:)?\\/\\//i.test(url);", "+  return /^([a-z][a-z\\d+\\-.]*:)\\/\\//i.test(url);");
      else out.push(`-  return a0 + ${c};`, `+  return a1 + ${c};`);
      for (let k = 4; k < 8; k++) out.push(`   const a${k} = ${k};`);
    }
    out.push("");
  }
  return out.join("\n");
}

/** A markdown FAQ of `n` sections; one answers why uploads stall. */
export function markdownFaq(n, { seed = 5 } = {}) {
  const r = rng(seed);
  const words = ["the", "server", "client", "option", "request", "proxy", "header", "cache", "retry", "connection", "default", "value"];
  const sentence = () => {
    const len = 8 + Math.floor(r() * 10);
    const w = Array.from({ length: len }, () => words[Math.floor(r() * words.length)]);
    return w[0][0].toUpperCase() + w.join(" ").slice(1) + ".";
  };
  const out = ["# Frequently asked questions", ""];
  for (let s = 0; s < n; s++) {
    if (s === Math.floor(n * 0.7)) {
      out.push("## Why do my uploads stall for a second?", "", "The client sends `Expect: 100-continue` and waits up to 1 second for the server to answer before it sends the body.", "Turn it off by sending an empty `Expect:` header.", "");
      continue;
    }
    out.push(`## Question ${s + 1} about the ${words[s % words.length]}`, "", Array.from({ length: 4 }, sentence).join(" "), "", Array.from({ length: 3 }, sentence).join(" "), "");
  }
  return out.join("\n");
}
