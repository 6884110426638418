/**
 * The `/dashboard` page, its script and its style, as strings (tsc copies no other files to
 * `dist/`). The page loads only same-origin files: these three and uPlot from the package's own
 * `uplot` dependency, so it works offline and under a strict Content-Security-Policy.
 * @module
 */

/** Where the dashboard's files are served, relative to the server root. */
export const DASHBOARD_PATH = "/dashboard";

/** The HTML page; every asset it names lives under {@link DASHBOARD_PATH}. */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tokenfold — savings</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${DASHBOARD_PATH}/uplot.min.css">
<link rel="stylesheet" href="${DASHBOARD_PATH}/dashboard.css">
</head>
<body>
<header>
  <h1>tokenfold</h1>
  <nav id="ranges" aria-label="time range">
    <button data-range="1h">1 h</button><button data-range="24h">24 h</button><button data-range="7d">7 d</button><button data-range="30d">30 d</button>
  </nav>
  <span id="status" role="status"></span>
</header>
<section id="totals" aria-label="totals"></section>
<section class="chart"><h2>Tokens saved per bucket</h2><div id="saved-chart"></div></section>
<section class="chart"><h2>Tokens before and after</h2><div id="tokens-chart"></div></section>
<section><h2>By compressor</h2><table id="by-type"><thead><tr><th>type</th><th>outputs</th><th>before</th><th>after</th><th>saved</th><th>ratio</th></tr></thead><tbody></tbody></table></section>
<section><h2>By surface</h2><table id="by-surface"><thead><tr><th>surface</th><th>requests</th><th>before</th><th>after</th><th>saved</th><th>ratio</th><th>p50 ms</th><th>p99 ms</th></tr></thead><tbody></tbody></table></section>
<script src="${DASHBOARD_PATH}/uplot.iife.min.js"></script>
<script src="${DASHBOARD_PATH}/dashboard.js"></script>
</body>
</html>
`;

/** The page's style. */
export const DASHBOARD_CSS = `body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:0 16px;color:#222;background:#fafafa}
header{display:flex;align-items:center;gap:16px;padding:12px 0;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0}h2{font-size:15px;margin:20px 0 8px}
nav button{border:1px solid #bbb;background:#fff;padding:3px 10px;cursor:pointer}
nav button[aria-pressed=true]{background:#234;color:#fff;border-color:#234}
#status{color:#777;margin-left:auto}
#totals{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
#totals div{background:#fff;border:1px solid #ddd;padding:8px 12px;min-width:110px}
#totals b{display:block;font-size:18px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
`;

/**
 * The page's script (plain ES2020, no modules): fetches `/stats` for the chosen range every 15 s,
 * fills empty buckets with zeros, and draws two uPlot charts and two tables. Data goes into the DOM
 * as text only (type and surface names come from the database).
 */
export const DASHBOARD_JS = `(function () {
  "use strict";
  var RANGES = { "1h": 3600e3, "24h": 86400e3, "7d": 7 * 86400e3, "30d": 30 * 86400e3 };
  var range = "24h";
  var charts = [];
  var fmt = new Intl.NumberFormat("en");
  var compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });
  var pct = function (r) { return (100 * r).toFixed(1) + " %"; };
  var el = function (id) { return document.getElementById(id); };

  // Buckets of a round size, about 120 per range.
  function bucketFor(span) {
    var sizes = [60e3, 300e3, 900e3, 1800e3, 3600e3, 3 * 3600e3, 6 * 3600e3, 86400e3];
    for (var i = 0; i < sizes.length; i++) if (span / sizes[i] <= 150) return sizes[i];
    return sizes[sizes.length - 1];
  }

  function fill(series, since, now, bucket) {
    var byAt = new Map(series.map(function (p) { return [p.at, p]; }));
    var xs = [], before = [], after = [], saved = [];
    for (var t = Math.floor(since / bucket) * bucket; t <= now; t += bucket) {
      var p = byAt.get(t) || { tokensBefore: 0, tokensAfter: 0 };
      xs.push(t / 1000); before.push(p.tokensBefore); after.push(p.tokensAfter); saved.push(p.tokensBefore - p.tokensAfter);
    }
    return { xs: xs, before: before, after: after, saved: saved };
  }

  function row(tbody, cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) { var td = document.createElement("td"); td.textContent = String(c); tr.appendChild(td); });
    tbody.appendChild(tr);
  }

  function totals(s) {
    var box = el("totals");
    box.textContent = "";
    [["requests", fmt.format(s.requests)], ["tokens before", fmt.format(s.tokensBefore)], ["tokens after", fmt.format(s.tokensAfter)],
     ["saved", fmt.format(s.saved)], ["ratio", pct(s.ratio)], ["added p50", s.latencyMs.p50.toFixed(2) + " ms"], ["added p99", s.latencyMs.p99.toFixed(2) + " ms"]]
      .forEach(function (kv) { var d = document.createElement("div"); var b = document.createElement("b"); b.textContent = kv[1]; d.appendChild(b); d.appendChild(document.createTextNode(kv[0])); box.appendChild(d); });
  }

  function tables(s) {
    var t = el("by-type").tBodies[0], u = el("by-surface").tBodies[0];
    t.textContent = ""; u.textContent = "";
    s.byType.forEach(function (r) { row(t, [r.type, fmt.format(r.count), fmt.format(r.before), fmt.format(r.after), fmt.format(r.before - r.after), pct(r.before > 0 ? (r.before - r.after) / r.before : 0)]); });
    s.bySurface.forEach(function (r) { row(u, [r.surface, fmt.format(r.requests), fmt.format(r.tokensBefore), fmt.format(r.tokensAfter), fmt.format(r.saved), pct(r.ratio), r.latencyMs.p50.toFixed(2), r.latencyMs.p99.toFixed(2)]); });
  }

  function draw(data) {
    charts.forEach(function (c) { c.destroy(); });
    var width = Math.max(320, el("saved-chart").clientWidth || 900);
    // Token counts reach millions: compact tick labels (1.2M) in a wide enough gutter.
    var axes = [{}, { size: 64, values: function (_u, ticks) { return ticks.map(function (t) { return compact.format(t); }); } }];
    charts = [
      new uPlot({ width: width, height: 220, axes: axes, series: [{}, { label: "saved", stroke: "#2a7", fill: "rgba(34,170,119,.15)" }] },
        [data.xs, data.saved], el("saved-chart")),
      new uPlot({ width: width, height: 220, axes: axes, series: [{}, { label: "before", stroke: "#c44" }, { label: "after", stroke: "#36c" }] },
        [data.xs, data.before, data.after], el("tokens-chart")),
    ];
  }

  function load() {
    var now = Date.now(), span = RANGES[range], since = now - span, bucket = bucketFor(span);
    return fetch("/stats?since=" + since + "&bucket=" + bucket, { cache: "no-store" })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (body) {
        totals(body.summary); tables(body.summary); draw(fill(body.series, since, now, bucket));
        el("status").textContent = "updated " + new Date().toLocaleTimeString();
        document.body.dataset.loaded = String(Date.now());
      })
      .catch(function (e) { el("status").textContent = "cannot load /stats: " + e.message; });
  }

  document.querySelectorAll("#ranges button").forEach(function (b) {
    b.setAttribute("aria-pressed", String(b.dataset.range === range));
    b.addEventListener("click", function () {
      range = b.dataset.range;
      document.querySelectorAll("#ranges button").forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
      load();
    });
  });
  load();
  setInterval(load, 15000);
})();
`;
