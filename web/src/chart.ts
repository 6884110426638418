/** The savings chart: tokens before and after for each compression of the session (uPlot bars). */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface SavingsChart {
  add(label: string, before: number, after: number): void;
}

/** Draws an empty chart into `el` and returns a handle to add runs to it. */
export function savingsChart(el: HTMLElement): SavingsChart {
  const xs: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  const labels: string[] = [];
  const bars = uPlot.paths.bars!({ size: [0.6, 40] });
  const plot = new uPlot(
    {
      width: Math.max(320, el.clientWidth || 640),
      height: 180,
      // Log scale: a 10 MB log and a 30 KB diff share one chart.
      scales: { x: { time: false }, y: { distr: 3, log: 10 } },
      axes: [{ values: (_u, ticks) => ticks.map((t) => labels[t - 1] ?? "") }, { label: "tokens" }],
      series: [
        { label: "run" },
        { label: "before", stroke: "#8a8f98", fill: "rgba(138,143,152,0.35)", paths: bars },
        { label: "after", stroke: "#2f7d4f", fill: "rgba(47,125,79,0.55)", paths: bars },
      ],
    },
    [xs, before, after],
    el,
  );
  return {
    add(label, b, a) {
      xs.push(xs.length + 1);
      before.push(b);
      after.push(a);
      labels.push(label);
      plot.setData([xs, before, after]);
    },
  };
}
