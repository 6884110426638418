/**
 * The main text of an HTML page as markdown-ish lines: headings as `#` lines, links as
 * `[text](href)`, lists as `- item`, tables as `| a | b |` rows, `pre` verbatim in a fence,
 * inline `code` in backticks, entities decoded. Dropped: script, style, noscript, svg, template,
 * forms' controls, hidden elements, and page furniture (nav, aside, footer, site headers, and
 * elements whose role, class or id says navigation, menu, sidebar, cookie banner, footer …).
 * Built on htmlparser2's forgiving parser, so malformed or truncated HTML gives a best effort.
 * The walk is iterative: a page nested 100,000 deep cannot overflow the stack.
 * @module
 */
import { parseDocument } from "htmlparser2";

/** The part of htmlparser2's DOM this module reads (structurally typed; no extra dependency). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

/** What extraction found. */
export interface Extracted {
  /** The page's text, markdown-ish, one block per paragraph. */
  text: string;
  /** Page-furniture and non-content elements dropped (script, nav, …). */
  dropped: number;
  /** Links written as `[text](href)`. */
  links: number;
  /** Tables written as rows. */
  tables: number;
  /** `main` or `article` when the text came from that element only, else `body`. */
  scope: string;
}

// Never content: their text is code, styling or UI.
const SKIP = new Set(["script", "style", "noscript", "svg", "template", "iframe", "object", "embed", "canvas", "head", "button", "select", "option", "input", "textarea", "math", "map", "audio", "video", "source", "track", "meta", "link", "base", "dialog"]);
// Page furniture by element name.
const FURNITURE = new Set(["nav", "aside", "footer"]);
// Page furniture by ARIA role.
const FURNITURE_ROLES = new Set(["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "toolbar", "dialog", "alertdialog"]);
// Page furniture by a class or id token (split at - _ and spaces, case-insensitive).
const FURNITURE_TOKENS = new Set([
  "nav", "navbar", "navigation", "menu", "menubar", "sidebar", "breadcrumb", "breadcrumbs", "cookie", "cookies", "consent",
  "banner", "footer", "social", "share", "sharing", "advert", "advertisement", "ads", "promo", "newsletter", "popup", "skip", "skiplink",
]);
const BLOCKS = new Set([
  "p", "div", "section", "article", "main", "header", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr",
  "blockquote", "pre", "figure", "figcaption", "details", "summary", "address", "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6",
  "body", "html", "form", "fieldset", "legend", "center", "caption", "td", "th",
]);

const attr = (n: DomNode, k: string) => n.attribs?.[k];

function isFurniture(n: DomNode, inContent: boolean): boolean {
  const name = n.name ?? "";
  if (FURNITURE.has(name)) return true;
  if (name === "header" && !inContent) return true;
  const role = attr(n, "role");
  if (role && FURNITURE_ROLES.has(role.toLowerCase())) return true;
  if (name === "main" || name === "article" || name === "body" || name === "html") return false;
  for (const k of ["class", "id"]) {
    const v = attr(n, k);
    if (!v) continue;
    for (const t of v.toLowerCase().split(/[\s_-]+/)) if (FURNITURE_TOKENS.has(t)) return true;
  }
  return false;
}

function isHidden(n: DomNode): boolean {
  if (n.attribs === undefined) return false;
  if ("hidden" in n.attribs || attr(n, "aria-hidden") === "true") return true;
  const style = attr(n, "style");
  return style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style);
}

/** All text under a node, entities decoded, without skipped elements. Iterative. */
function rawText(root: DomNode): string {
  const out: string[] = [];
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "text") { out.push(n.data ?? ""); continue; }
    if (n.type === "tag" && n !== root && SKIP.has(n.name ?? "")) continue;
    if (n.name === "br") out.push("\n");
    const ch = n.children;
    if (ch) for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
  return out.join("");
}

/** Finds the first element named `name` (iterative, document order). */
function find(root: DomNode, pred: (n: DomNode) => boolean): DomNode | undefined {
  const stack: DomNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type === "tag" && pred(n)) return n;
    if (n.type === "tag" && SKIP.has(n.name ?? "")) continue;
    const ch = n.children;
    if (ch) for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
  return undefined;
}

const collapse = (s: string) => s.replace(/\s+/g, " ");

/**
 * Extracts the main text of an HTML page.
 * @param html the page (any quality)
 * @param dropFurniture drop page furniture by role, class and id (off for a second try when that
 *   left almost nothing)
 * @example extractHtml("<nav>Home</nav><h1>Title</h1><p>Body &amp; soul</p>").text // "# Title\n\nBody & soul"
 */
export function extractHtml(html: string, dropFurniture = true): Extracted {
  const doc = parseDocument(html) as unknown as DomNode;
  const titleNode = find(doc, (n) => n.name === "title");
  const title = titleNode ? collapse(rawText(titleNode)).trim() : "";
  // Prefer <main> (or a single <article>) when it holds real text: the rest is furniture.
  let scope: DomNode = doc;
  let scopeName = "body";
  const main = find(doc, (n) => n.name === "main" || attr(n, "role") === "main");
  const mainText = main ? rawText(main).trim().length : 0;
  if (main && mainText >= 200) { scope = main; scopeName = "main"; }
  else {
    const article = find(doc, (n) => n.name === "article");
    if (article && rawText(article).trim().length >= 200) { scope = article; scopeName = "article"; }
  }
  const r = render(scope, dropFurniture, scopeName !== "body");
  // A page whose content sits inside "menu"- or "banner"-named wrappers: try again without the
  // class/id rule rather than return nothing.
  if (dropFurniture && r.text.length < 0.2 * collapse(rawText(scope)).trim().length) {
    const again = render(scope, false, scopeName !== "body");
    if (again.text.length > r.text.length) Object.assign(r, again);
  }
  let text = r.text;
  if (title && !/^# /m.test(text)) text = text ? `# ${title}\n\n${text}` : `# ${title}`;
  return { text, dropped: r.dropped, links: r.links, tables: r.tables, scope: scopeName };
}

interface RenderState {
  text: string;
  dropped: number;
  links: number;
  tables: number;
}

// A unit of work for the iterative walk: a node to enter, or a closing action.
type Work = { node: DomNode; depth: number } | { close: () => void };

function render(root: DomNode, dropFurniture: boolean, inMain: boolean): RenderState {
  const blocks: string[] = []; // finished blocks (paragraphs, headings, rows…)
  const tight: boolean[] = []; // per block: a list item (joined to a previous item by one line break)
  let line = ""; // the inline text being built
  let prefix = ""; // "> " inside blockquotes
  let bullet = ""; // "- " / "  1. " for the first line of a list item, then spaces for its continuation
  const lists: Array<{ ordered: boolean; n: number }> = [];
  const seenLinks = new Set<string>();
  const st: RenderState = { text: "", dropped: 0, links: 0, tables: 0 };
  let contentDepth = inMain ? 1 : 0; // inside <main>/<article>: a <header> there is the article's

  const emit = (block: string, isItem: boolean) => { blocks.push(block); tight.push(isItem); };
  const flush = () => {
    const t = line.replace(/[ \t\r\f\v]+/g, " ").replace(/ *\n */g, "\n").replace(/\n{2,}/g, "\n").trim();
    line = "";
    if (!t) return;
    const pad = " ".repeat(bullet.length);
    emit(t.split("\n").map((l, k) => prefix + (k === 0 ? bullet : pad) + l).join("\n"), bullet !== "");
    if (bullet) bullet = pad;
  };
  const inline = (s: string) => { line += s; };

  const stack: Work[] = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const w = stack.pop()!;
    if ("close" in w) { w.close(); continue; }
    const n = w.node;
    if (n.type === "text") {
      inline(collapse(n.data ?? ""));
      continue;
    }
    if (n.type === "script" || n.type === "style" || n.type === "comment" || n.type === "directive" || n.type === "cdata") {
      if (n.type === "script" || n.type === "style") st.dropped++;
      continue;
    }
    const name = n.name ?? "";
    const children = n.children ?? [];
    const push = (close?: () => void) => {
      if (close) stack.push({ close });
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, depth: w.depth + 1 });
    };
    if (n.type !== "tag") { push(); continue; }
    if (SKIP.has(name) || isHidden(n) || (dropFurniture && isFurniture(n, contentDepth > 0)) || (!dropFurniture && (FURNITURE.has(name) || (name === "header" && contentDepth === 0)))) {
      st.dropped++;
      continue;
    }
    if (/^h[1-6]$/.test(name)) {
      flush();
      const t = collapse(rawText(n)).trim();
      if (t) emit(`${prefix}${"#".repeat(Number(name[1]))} ${t}`, false);
      continue;
    }
    if (name === "pre") {
      flush();
      const body = rawText(n).replace(/^\r?\n/, "").replace(/\s+$/, "");
      if (body) {
        const codeEl = find(n, (c) => c.name === "code");
        const lang = /(?:^|\s)(?:language|lang)-([\w+#-]+)/.exec(codeEl ? attr(codeEl, "class") ?? "" : "")?.[1] ?? "";
        const fence = body.includes("```") ? "~~~" : "```";
        emit(`${fence}${lang}\n${body}\n${fence}`, false);
      }
      continue;
    }
    if (name === "table") {
      flush();
      const rows = tableRows(n);
      if (rows.length > 0) { emit(rows.join("\n"), false); st.tables++; }
      continue;
    }
    if (name === "code" || name === "kbd" || name === "samp") {
      const t = collapse(rawText(n)).trim();
      if (t) inline(t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``);
      continue;
    }
    if (name === "a") {
      const t = collapse(rawText(n)).trim();
      const href = (attr(n, "href") ?? "").trim();
      if (!t) continue;
      // javascript: and in-page links say nothing; a link seen before is written as its text
      if (!href || /^(?:javascript|data|vbscript):/i.test(href) || href.startsWith("#") || seenLinks.has(href)) inline(t);
      else {
        seenLinks.add(href);
        inline(`[${t.replace(/[[\]]/g, "\\$&")}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`);
      }
      continue;
    }
    if (name === "img") continue;
    if (name === "br") { line += "\n"; continue; }
    if (name === "hr") { flush(); continue; }
    if (name === "li") {
      flush();
      const list = lists[lists.length - 1];
      const saved = bullet;
      bullet = `${"  ".repeat(Math.max(0, lists.length - 1))}${list?.ordered ? `${++list.n}.` : "-"} `;
      push(() => { flush(); bullet = saved; });
      continue;
    }
    if (name === "ul" || name === "ol") {
      flush();
      lists.push({ ordered: name === "ol", n: Math.max(0, Number(attr(n, "start") ?? 1) - 1) || 0 });
      push(() => { flush(); lists.pop(); });
      continue;
    }
    if (name === "blockquote") {
      flush();
      const saved = prefix;
      prefix = `${prefix}> `;
      push(() => { flush(); prefix = saved; });
      continue;
    }
    if (name === "main" || name === "article") {
      flush();
      contentDepth++;
      push(() => { flush(); contentDepth--; });
      continue;
    }
    if (BLOCKS.has(name)) {
      flush();
      push(() => flush());
      continue;
    }
    // an inline element (span, em, strong, label, …): its text flows on
    push();
  }
  flush();
  const out: string[] = [];
  let prev = "";
  for (let k = 0; k < blocks.length; k++) {
    if (blocks[k] === prev) continue; // a block repeating the one before (a caption and its alt text)
    if (out.length > 0) out.push(tight[k] && tight[k - 1] ? "\n" : "\n\n");
    out.push(blocks[k]!);
    prev = blocks[k]!;
  }
  st.text = out.join("");
  st.links = seenLinks.size;
  return st;
}

/** Table rows as `| a | b |`, with a delimiter row after a header row of `th` cells. */
function tableRows(table: DomNode): string[] {
  const rows: DomNode[] = [];
  const stack: DomNode[] = [table];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.type !== "tag" && n.type !== "root") continue;
    if (n !== table && n.name === "table") continue; // nested tables: their text stays in the cell
    if (n.name === "tr") { rows.push(n); continue; }
    const ch = n.children ?? [];
    for (let i = ch.length - 1; i >= 0; i--) stack.push(ch[i]!);
  }
  const out: string[] = [];
  rows.forEach((tr, k) => {
    const cells = (tr.children ?? []).filter((c) => c.type === "tag" && (c.name === "td" || c.name === "th"));
    if (cells.length === 0) return;
    const texts = cells.map((c) => collapse(rawText(c)).trim().replace(/\|/g, "\\|"));
    if (texts.every((t) => t === "")) return;
    out.push(`| ${texts.join(" | ")} |`);
    if (k === 0 && cells.every((c) => c.name === "th")) out.push(`|${cells.map(() => " --- ").join("|")}|`);
  });
  return out;
}

