// The proxy's reply reader (src/surfaces/proxy/upstream-reply.ts) against a real HTTP server
// through a real undici Pool: chunks in order (those that came before `read` too), pausing and
// resuming, upstream failures and aborts, and a reader that throws.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Pool } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openReply } from "../src/surfaces/proxy/upstream-reply.js";

let server: Server;
let pool: Pool;
/** What the server does with the next request; `closed` resolves with whether the client left before the end. */
let answer: (res: ServerResponse) => void | Promise<void>;
let closed: Promise<boolean>;

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    closed = new Promise((ok) => res.on("close", () => ok(!res.writableFinished)));
    req.on("end", () => void answer(res));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await pool.close();
  await new Promise((ok) => server.close(ok));
});
beforeEach(() => {
  answer = (res) => res.end();
});

const open = (signal?: AbortSignal) => openReply(pool, { method: "POST", path: "/", body: "{}" }, signal);

/** Writes `parts` one by one, `gap` ms apart, then ends. */
function writeSlowly(parts: string[], gap: number) {
  return async (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/plain", "x-test": "yes" });
    for (const p of parts) {
      res.write(p);
      await sleep(gap);
    }
    res.end();
  };
}

/** Answers with `status` and `first`, then keeps the reply open until the returned function is called. */
function writeAndHold(first: string, status = 200): () => void {
  let release!: () => void;
  const held = new Promise<void>((ok) => (release = ok));
  answer = async (res) => {
    res.writeHead(status, { "content-type": "text/plain" });
    res.write(first);
    await held;
  };
  return release;
}

describe("openReply", () => {
  it("gives status and headers, then every chunk in order, those that came before read() first", async () => {
    const parts = Array.from({ length: 5 }, (_, i) => `part ${i};`);
    answer = writeSlowly(parts, 5);
    const reply = await open();
    expect(reply.statusCode).toBe(200);
    expect(reply.headers["x-test"]).toBe("yes");
    await sleep(20); // some chunks come before anyone reads
    const got: string[] = [];
    await reply.read((c) => got.push(c.toString()) > 0);
    expect(got.join("")).toBe(parts.join(""));
    expect(await closed).toBe(false);
  });

  it("bytes() returns the whole body; a second read is refused", async () => {
    answer = (res) => {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "none here" }));
    };
    const reply = await open();
    expect(reply.statusCode).toBe(404);
    expect(JSON.parse((await reply.bytes()).toString())).toEqual({ error: "none here" });
    await expect(reply.read(() => true)).rejects.toThrow(/read once/);
  });

  it("a reader returning false pauses reading until resume()", async () => {
    const parts = Array.from({ length: 6 }, (_, i) => `p${i}|`);
    answer = writeSlowly(parts, 10);
    const reply = await open();
    const got: string[] = [];
    let paused = false;
    const done = reply.read((c) => {
      got.push(c.toString());
      if (got.length === 1) {
        paused = true;
        return false;
      }
      return true;
    });
    // the server has written everything by now; a paused reader got none of it after the pause
    while (!paused) await sleep(5);
    await sleep(120);
    const whilePaused = got.join("");
    expect(whilePaused.length).toBeLessThan(parts.join("").length);
    reply.resume();
    await done;
    expect(got.join("")).toBe(parts.join(""));
  });

  it("an upstream connection cut mid-body rejects the read", async () => {
    answer = async (res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("some of it");
      await sleep(10);
      res.socket!.destroy();
    };
    const reply = await open();
    const got: string[] = [];
    await expect(reply.read((c) => got.push(c.toString()) > 0)).rejects.toThrow();
    expect(got.join("")).toBe("some of it");
  });

  it("the signal aborting mid-body rejects with an AbortError and closes the request upstream", async () => {
    const stop = writeAndHold("first");
    const abort = new AbortController();
    const reply = await open(abort.signal);
    const read = reply.read((c) => {
      if (c.toString().includes("first")) abort.abort();
      return true;
    });
    await expect(read).rejects.toMatchObject({ name: "AbortError" });
    expect(await closed).toBe(true);
    stop();
  });

  it("an already aborted signal rejects before any reply", async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(open(abort.signal)).rejects.toMatchObject({ name: "AbortError" });
  });

  it("a reader that throws rejects with its error and aborts the request", async () => {
    const stop = writeAndHold("boom");
    const reply = await open();
    await expect(
      reply.read(() => {
        throw new Error("splicer broke");
      }),
    ).rejects.toThrow("splicer broke");
    expect(await closed).toBe(true);
    stop();
  });

  it("dump() reads a small body to its end and aborts a large one", async () => {
    answer = (res) => res.end("short");
    await (await open()).dump();
    expect(await closed).toBe(false);

    const stop = writeAndHold("x".repeat(200 * 1024), 500);
    await (await open()).dump();
    expect(await closed).toBe(true);
    stop();
  });
});
