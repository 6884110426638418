// In a key = value configuration file, a commented-out setting whose key holds a query word is
// kept (its default is what the file leaves in force), keys of rarer query words first, within a
// share of the budget.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { parseQuery } from "../../core/query.js";
import { memoryStore } from "../../store/index.js";
import { parseBlocks } from "./blocks.js";
import { lineTable } from "./lines.js";
import { scoreDocument } from "./score.js";
import { buildUnits } from "./units.js";

const SECTIONS = ["Storage", "Replication", "Cache", "Metrics", "Scheduler", "Network", "Journal", "Quotas"];
const PARTS = ["buffer", "flush", "queue", "retry", "window", "limit", "spool", "batch", "ticket", "lease"];

/** A daemon's config: sections of commented defaults with prose, a few active settings. */
function conf(special: string[], cryptoKeys = 0): string {
  const out = ["# ------------------------", "# widgetd configuration", "# ------------------------", "#", "# Lines are of the form  name = value; a leading # leaves the default in force.", ""];
  for (let s = 0; s < SECTIONS.length; s++) {
    out.push("#" + "-".repeat(40), `# ${SECTIONS[s]!.toUpperCase()}`, "#" + "-".repeat(40), "");
    for (let k = 0; k < 12; k++) {
      const key = `${SECTIONS[s]!.toLowerCase()}_${PARTS[k % 10]}_${PARTS[(k * 3 + s) % 10]}`;
      out.push(k % 5 === 0 ? `${key} = ${k * 7 + s}\t\t# set at install` : `#${key} = ${k * 11 + s}\t\t# ${PARTS[(k + 1) % 10]} tuning for the ${PARTS[(k + 4) % 10]} path`);
      if (k % 4 === 1) out.push(`\t\t\t\t\t# (takes effect after a reload of the ${PARTS[k % 10]} worker)`);
      // comment prose that shares the question's words without answering it
      if (k % 3 === 2) out.push(`# Peers refused by the ${PARTS[k % 10]} stage are logged with the interfaces they came from (${SECTIONS[s]} ${k}).`);
    }
    if (s === 5) out.push(...special);
    if (s === 6) for (let c = 0; c < cryptoKeys; c++) out.push(`#tls_${PARTS[c % 10]}_${c} = ''\t\t# ${PARTS[(c + 3) % 10]} material for the ${PARTS[(c + 7) % 10]} handshake stage ${c}`);
    out.push("");
  }
  return out.join("\n") + "\n";
}

describe("commented-out settings the question names", () => {
  it("a commented default whose key matches the question is kept", async () => {
    const text = conf(["#bind_interfaces = 'loopback'\t\t# comma-separated list", "port_number = 7411\t\t# (takes effect after restart)"]);
    const r = await compress(text, { type: "text", store: memoryStore(), query: "Why does the `worker` refuse peers on other machines? Which interfaces does it accept on?" });
    expect(r.text).toContain("#bind_interfaces = 'loopback'");
    expect(r.ratio).toBeGreaterThan(0.5);
  });
  it("a key of a rare query word wins over a dozen keys of a common one", async () => {
    const text = conf(["#bind_interfaces = 'loopback'\t\t# comma-separated list"], 40);
    const query = "tls is off and the `worker` refuses peers: which tls settings and interfaces matter?";
    const lines = lineTable(text);
    const blocks = parseBlocks(text, lines);
    const units = buildUnits(text, lines, blocks);
    const { named } = scoreDocument(text, lines, blocks, units, parseQuery(query));
    const at = (prefix: string) => units.flatMap((u, k) => (text.slice(u.start, u.end).startsWith(prefix) ? [named[k]!] : []));
    const bind = at("#bind_interfaces")[0]!;
    const tlsNamed = at("#tls_");
    expect(tlsNamed).toHaveLength(40);
    for (const v of tlsNamed) expect(v).toBeGreaterThan(0);
    expect(bind).toBeGreaterThan(Math.max(...tlsNamed));
    // an active setting or comment prose is never "named"
    expect(at("# Peers refused").every((v) => v === 0)).toBe(true);
    const r = await compress(text, { type: "text", store: memoryStore(), query });
    expect(r.text).toContain("#bind_interfaces = 'loopback'");
    // the common word's keys do not all fit: they compete within the share and by score
    const tls = r.text.split("\n").filter((l) => l.startsWith("#tls_")).length;
    expect(tls).toBeLessThan(40);
  });
});
