/**
 * Main-thread task figures for a page: wall-clock long tasks from the page's own
 * PerformanceObserver, and each task's CPU time from a Chromium trace. Both are kept because on a
 * shared, loaded machine the OS can pause the renderer mid-task: the wall-clock figure then
 * includes time the thread was not running at all, while CPU time is the work the page did.
 */
import type { Browser, Page } from "playwright-core";

export interface MainThreadFigures {
  /** Durations (ms, wall clock) of the `longtask` entries the page observed. */
  longTasks: number[];
  /** The longest main-thread task by wall clock (ms), from the trace. */
  maxTaskWallMs: number;
  /** The most CPU time any one main-thread task used (ms), from the trace. */
  maxTaskCpuMs: number;
  /** What the longest-by-CPU task spent its time in (trace event names over 5 ms). */
  heaviest: string[];
}

interface TraceEvent {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** Runs `action` while observing the page's main thread. */
export async function observeMainThread(browser: Browser, page: Page, action: () => Promise<void>): Promise<MainThreadFigures> {
  await page.evaluate(() => {
    const w = globalThis as unknown as { __longTasks: number[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.__longTasks.push(e.duration))).observe({ type: "longtask" });
  });
  await browser.startTracing(page, { categories: ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"] });
  try {
    await action();
  } finally {
    var trace = await browser.stopTracing();
  }
  const longTasks = await page.evaluate(() => (globalThis as unknown as { __longTasks: number[] }).__longTasks);
  const parsed = JSON.parse(trace.toString()) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? "");
  const tasks = events.filter((e) => e.ph === "X" && e.name === "RunTask" && threads.get(`${e.pid}:${e.tid}`) === "CrRendererMain");
  const ms = (us: number | undefined) => Math.round((us ?? 0) / 100) / 10;
  const byCpu = [...tasks].sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0));
  const top = byCpu[0];
  const heaviest = top
    ? events
        .filter((e) => e.pid === top.pid && e.tid === top.tid && e.ph === "X" && e.ts >= top.ts && e.ts <= top.ts + (top.dur ?? 0) && (e.dur ?? 0) > 5000 && e.name !== "RunTask" && !e.name.includes("::"))
        .map((e) => `${e.name} ${ms(e.dur)}/${ms(e.tdur)} ms`)
    : [];
  return {
    longTasks: longTasks.map((d) => Math.round(d)),
    maxTaskWallMs: Math.max(0, ...tasks.map((t) => ms(t.dur))),
    maxTaskCpuMs: Math.max(0, ...tasks.map((t) => ms(t.tdur))),
    heaviest,
  };
}
