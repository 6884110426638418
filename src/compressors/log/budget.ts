/**
 * Greedy choice of lines under a token budget. Candidates carry a priority; higher priorities are
 * taken first and ties break on the rarer template, then on the earlier line, so the choice is
 * deterministic. A kept line costs its tokens plus the change in omission markers it causes:
 * splitting an omitted run adds a marker, closing a one-line gap removes one.
 *
 * A line may bring a companion (an error its step's header): it is offered right after the line
 * is taken, at the line's priority, so evidence that belongs together is kept together before
 * lines of lower rank fill the budget. A companion shared by several lines costs once.
 * @module
 */

/** Priority of lines that are kept whatever the budget. */
export const MUST = 1000;

/** Kept lines and the running token cost. */
export class Selection {
  /** 0 = omitted; otherwise the priority the line was kept at. */
  readonly keep: Uint16Array;
  /** Estimated tokens of the output so far (kept lines and markers). */
  used = 0;
  /** Kept lines. */
  kept = 0;
  private readonly candLine: number[] = [];
  private readonly candPri: number[] = [];

  /**
   * @param n lines
   * @param lineCost estimated tokens of line i (with its newline)
   * @param markerCost estimated tokens of one omission marker
   * @param rank tie-break key of line i (smaller first; e.g. its template's count)
   */
  constructor(
    readonly n: number,
    private readonly lineCost: (i: number) => number,
    private readonly markerCost: number,
    private readonly rank: (i: number) => number,
  ) {
    this.keep = new Uint16Array(n);
    this.used = n > 0 ? markerCost : 0; // everything omitted: one marker
  }

  /** Proposes line i at `pri` for the next {@link take}; the highest proposal per line counts. */
  propose(i: number, pri: number): void {
    if (i < 0 || i >= this.n || this.keep[i]) return;
    this.candLine.push(i);
    this.candPri.push(pri);
  }

  /**
   * Takes the proposals, best first, while they fit. `MUST` lines always fit; lines at or above
   * `hardFrom` fit within `hard` tokens; the rest within `soft`.
   * @param companion for a line just taken at a priority at or above `hardFrom`: a line to take
   *   right after it (or -1), within the same budget (`hard` for a `MUST` line) and kept at
   *   `hardFrom`; asked only of lines taken, so its cost follows the output, not the input
   * @returns lines taken
   * @example
   * sel.propose(error, 550);
   * sel.take(soft, hard, 500, (i) => (i === error ? header : -1)); // error, then header
   */
  take(soft: number, hard: number, hardFrom: number, companion?: (i: number) => number): number {
    const order = this.candLine.map((_, k) => k);
    const { candLine: line, candPri: pri } = this;
    // ties: the rarer template, then the cheaper line, then the earlier one
    order.sort((a, b) => pri[b]! - pri[a]! || this.rank(line[a]!) - this.rank(line[b]!) || this.lineCost(line[a]!) - this.lineCost(line[b]!) || line[a]! - line[b]!);
    let taken = 0;
    for (const k of order) {
      const i = line[k]!;
      if (this.keep[i]) continue;
      const p = pri[k]!;
      const cost = this.costOf(i);
      const limit = p >= MUST ? Infinity : p >= hardFrom ? hard : soft;
      if (this.used + cost > limit) continue;
      this.keep[i] = p;
      this.used += cost;
      this.kept++;
      taken++;
      if (!companion || p < hardFrom) continue;
      const h = companion(i);
      if (h < 0 || h >= this.n || this.keep[h]) continue;
      const hc = this.costOf(h);
      if (this.used + hc > hard) continue;
      this.keep[h] = hardFrom;
      this.used += hc;
      this.kept++;
      taken++;
    }
    this.candLine.length = 0;
    this.candPri.length = 0;
    return taken;
  }

  /** Tokens that keeping line i would add (its own plus the marker change). */
  costOf(i: number): number {
    const before = i > 0 && this.keep[i - 1] !== 0;
    const after = i + 1 < this.n && this.keep[i + 1] !== 0;
    const hasBefore = i > 0;
    const hasAfter = i + 1 < this.n;
    // markers around i now: one run holds i; after keeping i the omitted neighbours form 0–2 runs
    const runsAfter = (hasBefore && !before ? 1 : 0) + (hasAfter && !after ? 1 : 0);
    return this.lineCost(i) + (runsAfter - 1) * this.markerCost;
  }
}
