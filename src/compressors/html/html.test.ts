import { describe, expect, it } from "vitest";
import { compress } from "../../compress.js";
import { retrieve } from "../../retrieve.js";
import { memoryStore } from "../../store/index.js";
import { extractHtml } from "./extract.js";
import { htmlCompressor } from "./index.js";

const PAGE = `<!DOCTYPE html>
<html><head><title>Widget docs &ndash; Example</title>
<style>body { color: red } .SECRET_STYLE {}</style>
<script>var secret = "SCRIPT_CONTENT"; document.write("<p>fake</p>");</script>
</head><body>
<header class="site-header"><a href="/">Home</a> <a href="/docs">Docs</a></header>
<nav><ul><li><a href="/a">Nav A</a></li><li><a href="/b">Nav B</a></li></ul></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<div id="content">
<h1>Configuring the widget</h1>
<p>The widget reads <code>config.toml</code> at start &amp; reload &mdash; see <a href="https://example.com/ref">the reference</a>
and <a href="javascript:void(0)">this link</a>.</p>
<h2>Options</h2>
<table><tr><th>Name</th><th>Default</th></tr><tr><td>timeout</td><td>30 s</td></tr><tr><td>retries</td><td>3 | more</td></tr></table>
<ol><li>Install it.</li><li>Run <code>widget --init</code>.<ul><li>nested item</li></ul></li></ol>
<pre><code class="language-toml">[widget]
timeout = 30   # seconds &lt;max&gt;
</code></pre>
<p>Again <a href="https://example.com/ref">the reference</a>.</p>
<p hidden>Hidden text</p><p style="display:none">Invisible text</p>
</div>
<aside class="related">Related posts</aside>
<div class="sidebar">Sidebar stuff</div>
<footer>&copy; 2024 Example</footer>
<noscript>Enable JS</noscript><svg><text>SVG TEXT</text></svg><template><p>TEMPLATE TEXT</p></template>
</body></html>`;

describe("extractHtml", () => {
  const text = extractHtml(PAGE).text;

  it("drops script, style and page furniture", () => {
    for (const gone of ["SCRIPT_CONTENT", "SECRET_STYLE", "fake", "Nav A", "We use cookies", "Accept", "Related posts", "Sidebar stuff", "2024 Example", "Enable JS", "SVG TEXT", "TEMPLATE TEXT", "Hidden text", "Invisible text", "Home"]) {
      expect(text).not.toContain(gone);
    }
  });

  it("keeps headings, links, lists, tables and pre as text, entities decoded", () => {
    expect(text).toContain("# Configuring the widget");
    expect(text).toContain("## Options");
    expect(text).toContain("The widget reads `config.toml` at start & reload — see [the reference](https://example.com/ref) and this link.");
    expect(text).not.toContain("javascript:");
    expect(text).toContain("| Name | Default |\n| --- | --- |\n| timeout | 30 s |\n| retries | 3 \\| more |");
    expect(text).toContain("1. Install it.\n2. Run `widget --init`.\n  - nested item");
    expect(text).toContain("```toml\n[widget]\ntimeout = 30   # seconds <max>\n```");
    // a repeated link is written once as a link, then as its text
    expect(text.match(/\(https:\/\/example\.com\/ref\)/g)?.length).toBe(1);
    expect(text).toContain("Again the reference.");
  });

  it("prefers <main> when it holds the text", () => {
    const page = `<body><div class="menu">Menu</div><main><p>${"Main words here. ".repeat(20)}</p></main><p>Outside</p></body>`;
    const r = extractHtml(page);
    expect(r.scope).toBe("main");
    expect(r.text).not.toContain("Outside");
  });

  it("does its best with malformed, truncated and deeply nested HTML", () => {
    const bad = extractHtml("<p>one <b>two <i>three</p><p>four &copy; &#x41; <td>cell</div></span>five").text;
    expect(bad.startsWith("one two three\n\nfour © A\n\ncell")).toBe(true);
    expect(bad).toContain("five");
    expect(extractHtml(PAGE.slice(0, PAGE.indexOf("nested item"))).text).toContain("## Options");
    expect(extractHtml("<div>".repeat(100_000) + "deep text" + "</div>".repeat(100_000)).text).toBe("deep text");
    expect(extractHtml("<script>only code()</script>").text).toBe("");
  });

  it("keeps the page when the furniture rule would leave almost nothing", () => {
    const page = `<div class="page-menu-wrapper"><h1>Real title</h1><p>${"Real content sentence. ".repeat(30)}</p></div>`;
    expect(extractHtml(page).text).toContain("Real content sentence.");
  });
});

describe("html compressor", () => {
  it("returns the main text, lossy, with a ref that gives the page back", async () => {
    const store = memoryStore();
    const r = await compress(PAGE, { query: "what is the default timeout?", store });
    expect(r.type).toBe("html");
    expect(r.text).toContain("| timeout | 30 s |");
    expect(r.text).not.toContain("SCRIPT_CONTENT");
    expect(r.refs.length).toBe(1);
    expect(r.reasons[0]!.code).toBe("html.extracted");
    const got = await retrieve(r.refs[0]!, { store });
    expect(got.ok && got.value.text).toBe(PAGE);
  });

  it("compresses long extracted text further, keeping what the query names", async () => {
    const sections = Array.from({ length: 80 }, (_, i) => `<h2>Option ${i}</h2><p>The option number ${i} changes the behaviour of module ${i % 7} in a way that matters for builds of kind ${i % 5}.</p><p>It defaults to ${i * 3} and accepts values up to ${i * 30}.</p>`);
    sections[41] = `<h2>target-cpu</h2><p>The <code>target_cpu_native</code> value tunes code for the host processor.</p>`;
    const page = `<!doctype html><html><body><main>${sections.join("\n")}</main></body></html>`;
    const r = await compress(page, { query: "what does `target_cpu_native` do?" });
    expect(r.type).toBe("html");
    expect(r.text).toContain("The `target_cpu_native` value tunes code for the host processor.");
    expect(r.text).toContain("## target-cpu");
    expect(r.reasons.map((x) => x.code)).toContain("text.extractive");
    expect(r.text).toMatch(/\[… [\d,]+ lines? omitted; ref tf_[0-9a-f]{24}\]/);
    expect(r.ratio).toBeGreaterThan(0.7);
  });

  it("is deterministic", async () => {
    const a = await compress(PAGE, { type: "html", query: "timeout" });
    const b = await compress(PAGE, { type: "html", query: "timeout" });
    expect(b.text).toBe(a.text);
  });

  it("passes through when lossless or without text", async () => {
    expect((await compress(PAGE, { type: "html", lossless: true })).text).toBe(PAGE);
    const empty = "<html><script>x()</script></html>";
    expect((await compress(empty, { type: "html" })).text).toBe(empty);
  });

  it("detects pages and fragments, not code or XML", () => {
    expect(htmlCompressor.detect(PAGE)).toBeGreaterThanOrEqual(0.9);
    expect(htmlCompressor.detect("<html><body>x</body></html>")).toBeGreaterThanOrEqual(0.9);
    const fragment = "<div class=\"a\"><p>One</p><p>Two</p><ul><li>x</li><li>y</li></ul><a href=\"/z\">z</a><span>s</span></div>";
    expect(htmlCompressor.detect(fragment)).toBeGreaterThan(0.5);
    expect(htmlCompressor.detect("import React from 'react';\nexport const A = () => <div><p>x</p><p>y</p><p>z</p><p>w</p><span/><span/><span/><span/></div>;")).toBeLessThan(0.5);
    expect(htmlCompressor.detect('<?xml version="1.0"?><feed><entry><title>x</title></entry></feed>')).toBeLessThan(0.5);
    expect(htmlCompressor.detect("# A markdown title\n\nSome prose with a <br> tag.")).toBeLessThan(0.5);
    expect(htmlCompressor.detect("plain text")).toBe(0);
  });
});
