/**
 * The seam of the streamed retrieval loop. A splicer sees every SSE event of a round and says what
 * the client gets now; it holds back only the `tokenfold_retrieve` call (and what follows it in
 * that round). When the round ends holding only retrieval calls, it builds the next request; the
 * next round's events are then rewritten to continue the same stream (one start, one end,
 * consistent ids and indices). Otherwise the held events are released unchanged.
 * @module
 */
import type { EventSourceMessage } from "eventsource-parser";
import type { Answerer } from "./answerer.js";

/** The per-format logic of the streamed retrieval loop. */
export interface Splicer {
  /** One upstream event of the current round → the SSE text the client gets now ("" = held). */
  event(e: EventSourceMessage): string;
  /** At the end of a round: the next request when only retrieval calls were held (and answered). */
  next(sent: unknown, answer: Answerer): Promise<unknown | undefined>;
  /** Starts the next round (its reply is on its way). */
  beginRound(): void;
  /** The held text, when the loop ends here. */
  flush(): string;
  /**
   * Optional fast path: true when these whole events (SSE, as the bytes that came or as text) can
   * go to the client as they came without being looked at now (nothing in them can start a
   * hold). The pump (sse-pump.ts) then writes them at once and shows them to `event` (output
   * discarded) only if a later event needs the splicer's full state, so most chunks of most
   * streams are never decoded or parsed.
   */
  quiet?(events: Buffer | string): boolean;
}

/** Events a splicer holds back in a round, with their parsed data, put on the wire by `wire` when let go. */
export interface Hold {
  hold(e: EventSourceMessage, data: Record<string, unknown> | undefined): void;
  /** The held events on the wire, in order, then `e` when given; nothing is held after. */
  drain(e?: EventSourceMessage, data?: Record<string, unknown>): string;
  /** `drain`, for a round that turned out not to be a retrieval: the rest of it passes through. */
  release(e: EventSourceMessage, data: Record<string, unknown> | undefined): string;
  /** True once the round was released. */
  readonly released: boolean;
  /** Forgets the held events and the release (a new round begins). */
  clear(): void;
}

/**
 * A {@link Hold} writing through the splicer's own `wire` (which sees the splicer's state when
 * draining). A class, not an object literal with a getter: see messages/lazy-counts.ts.
 */
export function createHold(wire: (e: EventSourceMessage, data: Record<string, unknown> | undefined) => string): Hold {
  return new EventHold(wire);
}

class EventHold implements Hold {
  private items: Array<[EventSourceMessage, Record<string, unknown> | undefined]> = [];
  released = false;

  constructor(private readonly wire: (e: EventSourceMessage, data: Record<string, unknown> | undefined) => string) {}

  hold(e: EventSourceMessage, data: Record<string, unknown> | undefined): void {
    this.items.push([e, data]);
  }

  drain(e?: EventSourceMessage, data?: Record<string, unknown>): string {
    const out = this.items.map(([he, hd]) => this.wire(he, hd)).join("") + (e ? this.wire(e, data) : "");
    this.items = [];
    return out;
  }

  release(e: EventSourceMessage, data: Record<string, unknown> | undefined): string {
    this.released = true;
    return this.drain(e, data);
  }

  clear(): void {
    this.items = [];
    this.released = false;
  }
}

/** An event in SSE wire form. */
export function serializeEvent(e: { event?: string; id?: string; data: string }): string {
  let out = "";
  if (e.event !== undefined) out += `event: ${e.event}\n`;
  if (e.id !== undefined) out += `id: ${e.id}\n`;
  for (const line of e.data.split("\n")) out += `data: ${line}\n`;
  return `${out}\n`;
}

/** A comment line in SSE wire form (keep-alives). */
export function serializeComment(comment: string): string {
  return `:${comment}\n\n`;
}

/** Parses a JSON object, or undefined. */
export function parseData(data: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(data);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
