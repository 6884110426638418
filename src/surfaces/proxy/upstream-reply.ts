/**
 * An upstream reply read through undici's `dispatch`: its status and headers, then each body
 * chunk handed straight to one reader. undici's `request()` puts a Readable stream between the
 * socket and the reader, and a watched SSE reply (every reply to a request that carried a
 * compressed output, so most of them) paid for it on every chunk: the stream's bookkeeping, a
 * `data` event and a `nextTick`. Without it the proxy spends ~2 % less CPU per request under load
 * (bench/proxy.mjs, agent mode, 5 interleaved pairs: 0.12 ms of ~6).
 * @module
 */
import type { IncomingHttpHeaders } from "node:http";
import { errors, type Dispatcher } from "undici";

/** A reply whose status and headers have come; its body is read once, by one of the methods. */
export interface UpstreamReply {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  /**
   * Hands each body chunk to `onChunk` as it arrives (any that came before, first) and resolves at
   * the body's end. Rejects when upstream fails, the request's signal aborts, or `onChunk` throws
   * (the request is then aborted). `onChunk` returning false pauses reading until {@link resume}.
   */
  read(onChunk: (chunk: Buffer) => boolean): Promise<void>;
  /** Reading goes on after `onChunk` returned false. */
  resume(): void;
  /** The whole body. */
  bytes(): Promise<Buffer>;
  /** Reads and drops the body (up to 128 KiB, then the request is aborted), so the connection can be used again. */
  dump(): Promise<void>;
}

/** Sends a request; resolves once the reply's status and headers came, rejects when it failed before that. */
export function openReply(dispatcher: Dispatcher, options: Dispatcher.DispatchOptions, signal?: AbortSignal): Promise<UpstreamReply> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(options, new ReplyHandler(resolve, reject, signal));
  });
}

const DUMP_LIMIT = 128 * 1024;

class ReplyHandler implements Dispatcher.DispatchHandler, UpstreamReply {
  statusCode = 0;
  headers: IncomingHttpHeaders = {};
  private controller: Dispatcher.DispatchController | undefined;
  private listening = false;
  private started = false;
  private ended = false;
  private error: Error | undefined;
  /** Chunks that came before `read` was called. */
  private early: Buffer[] | undefined = [];
  private reader: ((chunk: Buffer) => boolean) | undefined;
  private settle: { ok(): void; fail(e: Error): void } | undefined;
  private readonly onAbort = () => this.controller?.abort(new errors.RequestAbortedError());

  constructor(
    private readonly resolveHead: (reply: UpstreamReply) => void,
    private readonly rejectHead: (error: Error) => void,
    private readonly signal: AbortSignal | undefined,
  ) {}

  // undici calls this again when it retries the request on another connection
  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (!this.signal) return;
    if (this.signal.aborted) controller.abort(new errors.RequestAbortedError());
    else if (!this.listening) {
      this.listening = true;
      this.signal.addEventListener("abort", this.onAbort, { once: true });
    }
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // 1xx: informational, the real reply follows
    this.statusCode = statusCode;
    this.headers = headers;
    this.started = true;
    this.resolveHead(this);
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.early) this.early.push(chunk);
    else this.deliver(chunk);
  }

  onResponseEnd(): void {
    this.stopListening();
    this.ended = true;
    this.settle?.ok();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.stopListening();
    if (!this.started) return this.rejectHead(error);
    this.error ??= error;
    this.settle?.fail(this.error);
  }

  read(onChunk: (chunk: Buffer) => boolean): Promise<void> {
    if (this.reader) return Promise.reject(new Error("[tokenfold] [proxy] an upstream reply's body is read once"));
    this.reader = onChunk;
    return new Promise((ok, fail) => {
      const early = this.early!;
      this.early = undefined;
      for (const chunk of early) this.deliver(chunk);
      if (this.error !== undefined) fail(this.error);
      else if (this.ended) ok();
      else this.settle = { ok, fail };
    });
  }

  resume(): void {
    this.controller?.resume();
  }

  async bytes(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await this.read((c) => {
      chunks.push(c);
      return true;
    });
    return Buffer.concat(chunks);
  }

  async dump(): Promise<void> {
    let size = 0;
    await this.read((c) => {
      size += c.byteLength;
      if (size > DUMP_LIMIT) throw new errors.RequestAbortedError("reply body dropped");
      return true;
    }).catch(() => {});
  }

  private deliver(chunk: Buffer): void {
    if (this.error !== undefined) return;
    let more: boolean;
    try {
      more = this.reader!(chunk);
    } catch (e) {
      this.error ??= e as Error;
      this.settle?.fail(this.error);
      this.controller?.abort(this.error);
      return;
    }
    if (!more) this.controller?.pause();
  }

  private stopListening(): void {
    if (this.listening) this.signal!.removeEventListener("abort", this.onAbort);
    this.listening = false;
  }
}
