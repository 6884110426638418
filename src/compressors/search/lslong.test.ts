// `ls -lR` output (long format under `dir:` headers) goes to the listing compressor, which reads
// each entry's name under its header: a directory's entries are never folded together with another
// directory's, and a small section under a kept header keeps every entry.
import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { route } from "../../router.js";
import { memoryStore } from "../../store/index.js";
import { detectSearch } from "./detect.js";
import { isLongRecursive, longEntryName } from "./lslong.js";

type Style = "classic" | "iso" | "human";

/** One `ls -l` line of a file or directory, in one of ls's date styles. */
function entry(name: string, dir: boolean, k: number, style: Style): string {
  const mode = dir ? "drwxr-xr-x" : k % 5 === 0 ? "-rwxr-xr-x" : "-rw-r--r--";
  const size = style === "human" ? `${(k % 9) + 1}.${k % 10}K` : String(dir ? 4096 : 100 + ((k * 7919) % 40000));
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun"][k % 6]!;
  const date = style === "iso" ? `2024-0${(k % 6) + 1}-${String((k % 27) + 1).padStart(2, "0")} 1${k % 10}:${String(k % 60).padStart(2, "0")}` : `${month} ${String((k % 27) + 1).padStart(2, " ")} ${k % 3 === 0 ? " 2023" : `1${k % 10}:${String(k % 60).padStart(2, "0")}`}`;
  return `${mode} ${dir ? 2 : 1} builder staff ${size.padStart(6, " ")} ${date} ${name}`;
}

/** `ls -lR .` of a tree given as directory → entries (a name ending in `/` is a subdirectory). */
function lsLR(tree: ReadonlyArray<[string, string[]]>, style: Style): string {
  const out: string[] = [];
  let k = 0;
  for (const [dir, names] of tree) {
    if (out.length > 0) out.push("");
    out.push(`${dir}:`, `total ${names.length * 8}`);
    for (const n of names) out.push(entry(n.replace(/\/$/, ""), n.endsWith("/"), k++, style));
  }
  return out.join("\n") + "\n";
}

/** A project: lib/ with a small server section, a wide client section, and many test directories. */
function project(): Array<[string, string[]]> {
  const tree: Array<[string, string[]]> = [
    [".", ["lib/", "test/", "package.json", "README.md", "index.js"]],
    ["./lib", ["server/", "client/", "util.js", "connect.js", "router.js"]],
    ["./lib/server", ["http.js", "listen.js", "tls.js", "socket.js"]],
    ["./lib/client", Array.from({ length: 30 }, (_, i) => `handler_${i}.js`)],
    ["./test", Array.from({ length: 14 }, (_, i) => `suite${i}/`)],
  ];
  for (let i = 0; i < 14; i++) tree.push([`./test/suite${i}`, Array.from({ length: 9 + (i % 4) }, (_, j) => `case_${i}_${j}.test.js`)]);
  return tree;
}

describe("long-format entries", () => {
  it("reads the name after the date in every date style, a symlink without its target", () => {
    expect(longEntryName("-rw-r--r-- 1 ann staff 812 Mar  3 12:32 tls.js")).toBe("tls.js");
    expect(longEntryName("-rw-r--r--. 1 ann staff 4.0K Jan 12  2023 my notes.txt")).toBe("my notes.txt");
    expect(longEntryName("lrwxrwxrwx 1 root root 7 2024-01-02 10:00 bin -> usr/bin")).toBe("bin");
    expect(longEntryName("crw-rw-rw- 1 root root 1, 3 Jan 12 10:00 null")).toBe("null");
    expect(longEntryName("-rw-r--r--@ 1 501 20 12 2024-03-21 12:55:01.123456789 +0000 a.txt")).toBe("a.txt");
    expect(longEntryName("total 16")).toBeUndefined();
    expect(longEntryName("lib/server:")).toBeUndefined();
    expect(longEntryName("2024-01-02 10:00:00 INFO started 3 workers")).toBeUndefined();
  });
  it("recognises ls -lR only with headers and long entries", () => {
    expect(isLongRecursive(lsLR(project(), "classic").trimEnd().split("\n"))).toBe(true);
    // one directory (no headers) is not recursive; bare names are ls -R, not ls -lR
    expect(isLongRecursive(["total 8", entry("a.js", false, 1, "classic"), entry("b.js", false, 2, "classic"), entry("c.js", false, 3, "classic")])).toBe(false);
    expect(isLongRecursive([".:", "a.js", "lib", "", "./lib:", "b.js", "c.js"])).toBe(false);
  });
});

describe("ls -lR output", () => {
  for (const style of ["classic", "iso", "human"] as const) {
    it(`routes to search and keeps the four entries under a header the question names (${style} dates)`, async () => {
      const text = lsLR(project(), style);
      expect(detectSearch(text)).toBeGreaterThanOrEqual(0.7);
      expect(route(text)).toBe("search");
      const r = await compress(text, { store: memoryStore(), query: "Which files are in lib/server?" });
      expect(r.type).toBe("search");
      const lines = r.text.split("\n");
      const at = lines.indexOf("./lib/server:");
      expect(at).toBeGreaterThanOrEqual(0);
      // the header is followed by its own four entries, verbatim, not by a count or another directory's lines
      for (const name of ["http.js", "listen.js", "tls.js", "socket.js"]) expect(lines.slice(at + 1, at + 5).some((l) => l.endsWith(` ${name}`) && text.includes(l + "\n")), name).toBe(true);
      expect(r.ratio).toBeGreaterThan(0.5);
    });
  }

  it("a directory's entries are never summarised together with another directory's", async () => {
    const text = lsLR(project(), "classic");
    const r = await compress(text, { store: memoryStore(), query: "where are the tls files" });
    expect(r.text).toContain("./lib/server:\n");
    expect(r.text).toMatch(/ tls\.js$/m);
    // summaries name one directory each
    for (const l of r.text.split("\n")) if (/\(\d+ (?:more )?files?\)$/.test(l)) expect(l).toMatch(/^\.\/[\w/]*\/? ?\(|^\.\/[\w/]+\/ \(/);
    // every kept entry line is verbatim
    for (const l of r.text.split("\n")) if (/^[-d]r/.test(l)) expect(text).toContain(l + "\n");
  });

  it("a big section under a kept header still summarises what was not asked for", async () => {
    const text = lsLR(project(), "classic");
    const r = await compress(text, { store: memoryStore(), query: "handler_17.js in lib/client" });
    expect(r.text).toMatch(/ handler_17\.js$/m);
    expect(r.text).not.toMatch(/ handler_3\.js$/m);
  });
});
