/**
 * One round of a watched SSE reply: every chunk goes through the splicer and what it lets through
 * is written to the client at once. Most chunks of most streams hold no tool call at all, so they
 * take a fast path: a chunk of whole events that the splicer calls quiet (`Splicer.quiet`) is
 * written as the very bytes that came, kept as they are (not decoded, not parsed), and shown to
 * the splicer only if a later event needs its full state (the kept chunks are then replayed into
 * it first; their output was sent already). Chunks come straight from undici (upstream-reply.ts),
 * not through a stream, and their bytes are kept in one buffer: no promise, string or parsed
 * event per chunk on the fast path, which made a watched stream cost about twice the garbage of a
 * plain relay.
 * @module
 */
import type { ServerResponse } from "node:http";
import { createParser, type EventSourceParser } from "eventsource-parser";
import { decodeUtf8 } from "./body.js";
import { write, writeOrPause } from "./relay.js";
import { serializeComment, type Splicer } from "./splice.js";
import type { UpstreamReply } from "./upstream-reply.js";

const LF = 10;
const CR = 13;

/**
 * Feeds one round's SSE body through the splicer into `res`, respecting backpressure. Resolves
 * false when the whole round stayed quiet (the splicer saw none of it and holds nothing).
 */
export async function pumpRound(res: ServerResponse, reply: UpstreamReply, splicer: Splicer): Promise<boolean> {
  const watch = new RoundWatch(splicer);
  // (a throw from the splicer aborts the upstream request and rejects)
  await reply.read((chunk) => writeOrPause(res, watch.push(chunk), reply));
  await write(res, watch.end());
  return watch.looked;
}

/** The splicer's view of one round, and the fast path around it. */
class RoundWatch {
  /** False once an event was not quiet: everything is parsed from then on. */
  private fast: boolean;
  /**
   * Whole events already sent on the fast path, not yet shown to the splicer: their bytes copied
   * into one growing buffer. Keeping the chunks themselves kept a Buffer and an ArrayBuffer per
   * chunk alive for the stream's length, which every young-generation GC had to copy or sweep.
   */
  private skipped = new Uint8Array(0);
  private skippedLength = 0;
  /** The unfinished event after them (decoded), on the fast path. */
  private partial = "";
  /** The decoder holds no unfinished character (so a chunk may skip it). */
  private clean = true;
  private replaying = false;
  private out = "";
  private readonly decoder = new TextDecoder();
  private readonly parser: EventSourceParser;

  constructor(private readonly splicer: Splicer) {
    this.fast = splicer.quiet !== undefined;
    this.parser = createParser({
      onEvent: (e) => {
        const w = splicer.event(e);
        if (!this.replaying) this.out += w;
      },
      onComment: (c) => {
        if (!this.replaying) this.out += serializeComment(c);
      },
    });
  }

  /** Whether the splicer saw any of the round. */
  get looked(): boolean {
    return !this.fast;
  }

  /** One chunk from upstream → what the client gets now. */
  push(chunk: Buffer): Buffer | string {
    // the usual case: whole events, LF line ends, nothing that could start a hold
    if (this.fast && this.partial === "" && this.clean && endsEvents(chunk) && !chunk.includes(CR) && this.splicer.quiet!(chunk)) {
      this.keep(chunk);
      return chunk;
    }
    let text = this.decoder.decode(chunk, { stream: true });
    // an ASCII last byte leaves no character half-decoded
    this.clean = chunk.length === 0 || chunk[chunk.length - 1]! < 0x80;
    // streams with CR line ends always take the parsed path (events are cut at blank lines here)
    if (this.fast && text.includes("\r")) text = this.leaveFast() + text;
    if (this.fast) {
      const all = this.partial + text;
      const end = all.lastIndexOf("\n\n");
      const cut = end < 0 ? 0 : end + 2;
      const whole = all.slice(0, cut);
      if (whole !== "" && this.splicer.quiet!(whole)) {
        this.keep(Buffer.from(whole));
        const exact = this.partial === "" && cut === all.length;
        this.partial = all.slice(cut);
        // the chunk itself when it is exactly whole events: no re-encoding
        return exact ? chunk : whole;
      }
      if (whole === "") {
        this.partial = all;
        return "";
      }
      text = this.leaveFast() + text;
    }
    this.parser.feed(text);
    return this.take();
  }

  /** The round's end → the rest the client gets (a last event without its blank line still counts). */
  end(): string {
    const last = this.decoder.decode();
    // all quiet to the end: nothing held, nothing the splicer needs to see
    if (this.fast && this.partial === "" && last === "") return "";
    this.parser.feed((this.fast ? this.leaveFast() : "") + last);
    this.parser.feed("\n\n");
    return this.take();
  }

  /** Replays the skipped events into the splicer (output discarded) and returns the unfinished event. */
  private leaveFast(): string {
    this.fast = false;
    this.replaying = true;
    this.parser.feed(decodeUtf8(this.skipped.subarray(0, this.skippedLength)));
    this.replaying = false;
    this.skipped = new Uint8Array(0);
    this.skippedLength = 0;
    const rest = this.partial;
    this.partial = "";
    return rest;
  }

  private keep(bytes: Uint8Array): void {
    const need = this.skippedLength + bytes.length;
    if (need > this.skipped.length) {
      const grown = new Uint8Array(Math.max(need, 2 * this.skipped.length, 4096));
      grown.set(this.skipped.subarray(0, this.skippedLength));
      this.skipped = grown;
    }
    this.skipped.set(bytes, this.skippedLength);
    this.skippedLength = need;
  }

  private take(): string {
    const now = this.out;
    this.out = "";
    return now;
  }
}

function endsEvents(chunk: Buffer): boolean {
  return chunk.length >= 2 && chunk[chunk.length - 1] === LF && chunk[chunk.length - 2] === LF;
}
