/**
 * `tokenfold memory add|search|list|forget|export`: the cross-agent memory from the shell.
 * Facts live in `$TOKENFOLD_HOME/memory.db` (or `--db`); the `project` scope key is the git root
 * of the working directory.
 * @module
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { projectRoot } from "../../learn/project-root.js";
import { createMemory, type Fact, type ScopeFilter, type ScopeKind } from "../../memory/index.js";

const USAGE = `Usage:
  tokenfold memory add TEXT [--subject S] [--scope user|project|agent|session] [--scope-key K] [--agent A] [--source S] [--json]
  tokenfold memory search QUERY [--limit 10] [--scope KIND] [--scope-key K] [--all] [--json]
  tokenfold memory list [--scope KIND] [--scope-key K] [--subject S] [--limit N] [--all] [--json]
  tokenfold memory forget ID
  tokenfold memory export [--out FILE]

Options common to all: --db FILE (default $TOKENFOLD_HOME/memory.db or ~/.tokenfold/memory.db)

add      stores a fact. The same text in the same scope is not stored twice (exact or near
         duplicate, SimHash); a fact with the same --subject in the same scope replaces the older
         one (kept, marked superseded). Default scope: project (this git root).
search   facts matching the words of QUERY, best first (--all includes superseded ones).
list     facts, newest first.
forget   deletes a fact; the one it had superseded becomes active again.
export   every fact, superseded ones too, oldest first, one JSON object per line.
`;

const KINDS = ["user", "project", "agent", "session"] as const;

const line = (f: Fact) =>
  `${f.id}  [${f.scope.kind}${f.scope.key ? `:${f.scope.key}` : ""}]${f.subject ? ` (${f.subject})` : ""}${f.supersededBy ? ` superseded by ${f.supersededBy}` : ""}  ${f.text}\n`;

/** Runs `tokenfold memory …`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        subject: { type: "string" },
        scope: { type: "string" },
        "scope-key": { type: "string" },
        agent: { type: "string" },
        source: { type: "string" },
        limit: { type: "string" },
        all: { type: "boolean" },
        json: { type: "boolean" },
        out: { type: "string" },
        db: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    process.stderr.write(`tokenfold memory: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const [cmd, ...rest] = positionals;
  if (v.help || cmd === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const usage = (msg: string) => {
    process.stderr.write(`tokenfold memory: ${msg}\n${USAGE}`);
    return 2;
  };
  if (v.scope !== undefined && !KINDS.includes(v.scope as ScopeKind)) return usage(`unknown scope '${v.scope}'`);
  const limit = v.limit === undefined ? undefined : Number(v.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return usage("--limit takes a positive integer");
  const project = projectRoot();
  const agent = v.agent ?? process.env.TOKENFOLD_AGENT ?? "cli";
  const memory = createMemory({ path: v.db, agent, scope: { kind: "project", key: project }, scopeKeys: { project, agent } });
  const scopes: ScopeFilter[] | undefined = v.scope ? [{ kind: v.scope as ScopeKind, ...(v["scope-key"] !== undefined ? { key: v["scope-key"] } : {}) }] : undefined;
  const out = (s: string) => process.stdout.write(s);
  try {
    switch (cmd) {
      case "add": {
        const text = rest.join(" ");
        if (!text.trim()) return usage("add needs the fact's TEXT");
        const scope = v.scope ? (v["scope-key"] !== undefined ? { kind: v.scope as ScopeKind, key: v["scope-key"] } : (v.scope as ScopeKind)) : undefined;
        const r = await memory.add({ text, subject: v.subject, scope, source: v.source });
        if (v.json) out(JSON.stringify(r) + "\n");
        else if (r.status === "added") out(`added ${r.fact.id}${r.superseded.length ? ` (supersedes ${r.superseded.join(", ")})` : ""}\n`);
        else out(`${r.status} of ${r.fact.id}${r.distance !== undefined ? ` (${r.distance} bits apart)` : ""}: ${r.fact.text}\n`);
        return 0;
      }
      case "search": {
        const query = rest.join(" ");
        if (!query.trim()) return usage("search needs a QUERY");
        const hits = await memory.search(query, { limit: limit ?? 10, scopes, includeSuperseded: v.all });
        if (v.json) out(JSON.stringify(hits) + "\n");
        else for (const h of hits) out(line(h.fact));
        return 0;
      }
      case "list": {
        const facts = await memory.list({ scopes, includeSuperseded: v.all, subject: v.subject, limit });
        if (v.json) out(JSON.stringify(facts) + "\n");
        else for (const f of facts) out(line(f));
        return 0;
      }
      case "forget": {
        if (rest.length !== 1) return usage("forget takes one ID");
        if (await memory.forget(rest[0]!)) {
          out(`forgot ${rest[0]}\n`);
          return 0;
        }
        process.stderr.write(`tokenfold memory: no fact ${rest[0]}\n`);
        return 1;
      }
      case "export": {
        const text = (await memory.export({ scopes })).map((f) => JSON.stringify(f) + "\n").join("");
        if (v.out) writeFileSync(v.out, text);
        else out(text);
        return 0;
      }
      default:
        return usage(cmd === undefined ? "which command? add, search, list, forget or export" : `unknown command '${cmd}'`);
    }
  } catch (e) {
    process.stderr.write(`tokenfold memory: ${(e as Error).message.split("\n")[0]}\n`);
    return 1;
  } finally {
    await memory.close();
  }
}
