/**
 * Realistic source snippets, one per grammar, shared by the code compressor's tests. Each has
 * functions, methods, classes, nested functions or closures, doc comments, and a function
 * (`named`) whose body a query can ask for; `inside` is a line of that body.
 */
import { test } from "vitest";
import type { LangId } from "./languages.js";

export interface Sample {
  lang: LangId;
  file: string;
  code: string;
  /** A function the tests name in the query. */
  named: string;
  /** A line from that function's body. */
  inside: string;
}

const python = `#!/usr/bin/env python3
"""Rate limiting for the HTTP gateway.

Implements a token bucket per client and a decorator that applies it.
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Callable, Dict, Optional

DEFAULT_RATE = 10.0
DEFAULT_BURST = 20


@dataclass
class Bucket:
    """A token bucket.

    Tokens refill continuously at \`rate\` per second, up to \`burst\`.
    """

    rate: float = DEFAULT_RATE
    burst: int = DEFAULT_BURST
    tokens: float = field(default=0.0)
    updated: float = field(default_factory=time.monotonic)

    def refill(self, now: Optional[float] = None) -> None:
        """Adds the tokens earned since the last update."""
        now = time.monotonic() if now is None else now
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
        self.updated = now
        if self.tokens < 0:
            self.tokens = 0.0

    def take(self, cost: float = 1.0) -> bool:
        self.refill()
        if self.tokens >= cost:
            self.tokens -= cost
            return True
        return False


class Limiter:
    def __init__(self, rate: float = DEFAULT_RATE, burst: int = DEFAULT_BURST) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: Dict[str, Bucket] = {}

    def allow(self, client: str, cost: float = 1.0) -> bool:
        """Whether \`client\` may make a request now."""
        bucket = self._buckets.get(client)
        if bucket is None:
            bucket = Bucket(rate=self.rate, burst=self.burst, tokens=float(self.burst))
            self._buckets[client] = bucket
        allowed = bucket.take(cost)
        if not allowed:
            wait = (cost - bucket.tokens) / bucket.rate
            print(f"throttled {client} for {wait:.2f}s")
        return allowed

    def reset(self, client: str) -> None: self._buckets.pop(client, None)


def limited(limiter: Limiter, key: Callable[..., str]) -> Callable:
    """Decorator: rejects calls over the limit with \`RuntimeError\`."""

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            client = key(*args, **kwargs)
            if not limiter.allow(client):
                raise RuntimeError(f"rate limit exceeded for {client}")
            result = fn(*args, **kwargs)
            return result

        return inner

    return wrap


if __name__ == "__main__":
    lim = Limiter(rate=1.0, burst=2)
    for i in range(5):
        print(i, lim.allow("a"))
`;

const javascript = `'use strict';

const http = require('http');
const { EventEmitter } = require('events');

const DEFAULT_TIMEOUT = 30000;

/**
 * Retries a promise-returning function with exponential backoff.
 * @param {Function} fn the operation
 * @param {number} retries how many times to retry
 */
async function retry(fn, retries = 3) {
  let attempt = 0;
  let delay = 100;
  for (;;) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt++ >= retries) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

class Client extends EventEmitter {
  constructor(baseUrl, options = {}) {
    super();
    this.baseUrl = baseUrl;
    this.timeout = options.timeout || DEFAULT_TIMEOUT;
    this.headers = Object.assign({}, options.headers);
  }

  request(method, path, body) {
    return new Promise((resolve, reject) => {
      const req = http.request(this.baseUrl + path, { method, headers: this.headers }, (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          this.emit('response', res.statusCode);
          resolve({ status: res.statusCode, text });
        });
      });
      req.setTimeout(this.timeout, () => req.destroy(new Error('timeout of ' + this.timeout + 'ms exceeded')));
      req.on('error', reject);
      if (body) req.write(JSON.stringify(body));
      req.end();
    });
  }

  get(path) { return this.request('GET', path); }
}

const helpers = {
  parseJson: function (text) {
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
    // unreachable
  },
  *ids(start) {
    let i = start;
    while (true) {
      yield i++;
      if (i > 1e9) return;
    }
  },
};

module.exports = { retry, Client, helpers };
`;

const typescript = `import { EventEmitter } from "node:events";
import type { Readable } from "node:stream";

export interface CacheOptions<K> {
  maxEntries: number;
  ttlMs?: number;
  keyOf?: (value: unknown) => K;
}

export type Entry<V> = { value: V; expires: number };

export enum Policy {
  Lru = "lru",
  Fifo = "fifo",
}

/** A small LRU cache with expiry. */
export class Cache<K, V> extends EventEmitter {
  private readonly map = new Map<K, Entry<V>>();

  constructor(private readonly options: CacheOptions<K>) {
    super();
    if (options.maxEntries <= 0) {
      throw new RangeError("maxEntries must be positive");
    }
  }

  /** Returns the value, or undefined when missing or expired. */
  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.map.delete(key);
      this.emit("expired", key);
      return undefined;
    }
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V): this {
    const ttl = this.options.ttlMs ?? 60_000;
    this.map.delete(key);
    this.map.set(key, { value, expires: Date.now() + ttl });
    while (this.map.size > this.options.maxEntries) {
      const oldest = this.map.keys().next().value as K;
      this.map.delete(oldest);
      this.emit("evicted", oldest);
    }
    return this;
  }
}

export const drain = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  const total = chunks.reduce((n, c) => n + c.length, 0);
  return Buffer.concat(chunks, total);
};

export function memoize<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const seen = new Map<string, R>();
  return (...args: A): R => {
    const key = JSON.stringify(args);
    const hit = seen.get(key);
    if (hit !== undefined) return hit;
    const value = fn(...args);
    seen.set(key, value);
    return value;
  };
}
`;

const tsx = `import React, { useEffect, useState } from "react";

interface Props {
  userId: string;
  onLoaded?: (name: string) => void;
}

type State = { name: string; loading: boolean };

export function UserCard({ userId, onLoaded }: Props): JSX.Element {
  const [state, setState] = useState<State>({ name: "", loading: true });

  useEffect(() => {
    let cancelled = false;
    fetch(\`/api/users/\${userId}\`)
      .then((r) => r.json())
      .then((data: { name: string }) => {
        if (cancelled) return;
        setState({ name: data.name, loading: false });
        onLoaded?.(data.name);
      });
    return () => {
      cancelled = true;
    };
  }, [userId, onLoaded]);

  if (state.loading) {
    return <div className="card loading">Loading…</div>;
  }
  return (
    <div className="card">
      <h2>{state.name}</h2>
      <Avatar id={userId} size={48} />
    </div>
  );
}

const Avatar = ({ id, size }: { id: string; size: number }) => {
  const src = \`/avatars/\${id}.png\`;
  const style = { width: size, height: size, borderRadius: size / 2 };
  const alt = "avatar of " + id;
  const title = alt.toUpperCase();
  return <img src={src} style={style} alt={alt} title={title} />;
};

export default class Page extends React.Component<{ ids: string[] }> {
  render() {
    const { ids } = this.props;
    const cards = ids.map((id) => <UserCard key={id} userId={id} />);
    const empty = cards.length === 0;
    const header = <h1>Users ({cards.length})</h1>;
    return (
      <section>
        {header}
        {empty ? <p>No users</p> : cards}
      </section>
    );
  }
}
`;

const go = `// Package queue implements a bounded work queue.
package queue

import (
	"context"
	"errors"
	"sync"
	"time"
)

// DefaultCapacity is used when New is given zero.
const DefaultCapacity = 128

// ErrClosed is returned by Push after Close.
var ErrClosed = errors.New("queue: closed")

// Queue is a bounded FIFO queue safe for concurrent use.
type Queue[T any] struct {
	mu     sync.Mutex
	items  []T
	cap    int
	closed bool
	notify chan struct{}
}

// Handler processes one item.
type Handler[T any] interface {
	Handle(ctx context.Context, item T) error
}

// New returns an empty queue holding at most capacity items.
func New[T any](capacity int) *Queue[T] {
	if capacity <= 0 {
		capacity = DefaultCapacity
	}
	return &Queue[T]{cap: capacity, notify: make(chan struct{}, 1)}
}

// Push appends an item, or fails when the queue is full or closed.
func (q *Queue[T]) Push(item T) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return ErrClosed
	}
	if len(q.items) >= q.cap {
		return errors.New("queue: full")
	}
	q.items = append(q.items, item)
	select {
	case q.notify <- struct{}{}:
	default:
	}
	return nil
}

// Drain runs h on every item until ctx is done.
func (q *Queue[T]) Drain(ctx context.Context, h Handler[T]) error {
	ticker := time.NewTicker(50 * time.Millisecond)
	defer ticker.Stop()
	for {
		q.mu.Lock()
		batch := q.items
		q.items = nil
		q.mu.Unlock()
		for _, it := range batch {
			if err := h.Handle(ctx, it); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-q.notify:
		case <-ticker.C:
		}
	}
}

// Len reports the number of queued items.
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

func countAll[T any](qs ...*Queue[T]) int {
	total := 0
	visit := func(q *Queue[T]) {
		total += q.Len()
		if q.closed {
			total--
		}
	}
	for _, q := range qs {
		visit(q)
	}
	return total
}
`;

const rust = `//! A tiny arena allocator.

use std::cell::RefCell;
use std::fmt;

/// Default number of slots reserved by [\`Arena::new\`].
pub const DEFAULT_SLOTS: usize = 64;

/// An index into an [\`Arena\`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Id(usize);

/// Stores values and hands out stable ids.
///
/// Values are never moved once inserted.
pub struct Arena<T> {
    items: RefCell<Vec<Option<T>>>,
    free: RefCell<Vec<usize>>,
}

pub trait Visit<T> {
    fn visit(&mut self, id: Id, value: &T);
}

impl<T: fmt::Debug> Arena<T> {
    /// Creates an arena with [\`DEFAULT_SLOTS\`] reserved slots.
    pub fn new() -> Self {
        Arena {
            items: RefCell::new(Vec::with_capacity(DEFAULT_SLOTS)),
            free: RefCell::new(Vec::new()),
        }
    }

    /// Inserts a value and returns its id, reusing a freed slot when possible.
    pub fn insert(&self, value: T) -> Id {
        let mut items = self.items.borrow_mut();
        if let Some(slot) = self.free.borrow_mut().pop() {
            items[slot] = Some(value);
            return Id(slot);
        }
        items.push(Some(value));
        Id(items.len() - 1)
    }

    /// Removes a value.
    pub fn remove(&self, id: Id) -> Option<T> {
        let mut items = self.items.borrow_mut();
        let taken = items.get_mut(id.0).and_then(|slot| slot.take());
        if taken.is_some() {
            self.free.borrow_mut().push(id.0);
        }
        taken
    }

    pub fn for_each<V: Visit<T>>(&self, visitor: &mut V) {
        let items = self.items.borrow();
        let ids = (0..items.len()).filter(|i| items[*i].is_some());
        for i in ids {
            if let Some(v) = &items[i] {
                visitor.visit(Id(i), v);
            }
        }
    }

    pub fn len(&self) -> usize { self.items.borrow().iter().filter(|s| s.is_some()).count() }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

macro_rules! arena_of {
    ($($x:expr),*) => {{
        let a = Arena::new();
        $(a.insert($x);)*
        a
    }};
}

fn debug_all<T: fmt::Debug>(arena: &Arena<T>) -> Vec<String> {
    let mut out = Vec::new();
    let format = |id: Id, v: &T| -> String {
        let s = format!("{} = {:?}", id, v);
        s.trim().to_string()
    };
    struct Collect<'a, T, F: Fn(Id, &T) -> String>(&'a mut Vec<String>, F, std::marker::PhantomData<T>);
    impl<'a, T, F: Fn(Id, &T) -> String> Visit<T> for Collect<'a, T, F> {
        fn visit(&mut self, id: Id, value: &T) {
            let line = (self.1)(id, value);
            self.0.push(line);
        }
    }
    arena.for_each(&mut Collect(&mut out, format, std::marker::PhantomData));
    out
}
`;

const java = `package com.example.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Text utilities.
 *
 * <p>All methods are null-safe.</p>
 */
public final class Texts {

    /** The default width used by {@link #wrap(String)}. */
    public static final int DEFAULT_WIDTH = 80;

    private Texts() {
    }

    /**
     * Wraps text at {@link #DEFAULT_WIDTH} columns.
     *
     * @param text the text, may be null
     * @return the wrapped lines
     */
    public static List<String> wrap(final String text) {
        return wrap(text, DEFAULT_WIDTH);
    }

    /**
     * Wraps text at the given width.
     *
     * <pre>
     * Texts.wrap("a b c", 3) = ["a b", "c"]
     * </pre>
     *
     * @param text the text, may be null
     * @param width the maximum line width
     * @return the wrapped lines
     * @throws IllegalArgumentException if width is less than 1
     */
    public static List<String> wrap(final String text, final int width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1: " + width);
        }
        final List<String> lines = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return lines;
        }
        StringBuilder line = new StringBuilder();
        for (final String word : text.split("\\\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder();
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    @SuppressWarnings("unchecked")
    public static <T extends CharSequence> List<String> mapAll(final List<T> items, final Function<T, String> fn) {
        final List<String> out = new ArrayList<>(items.size());
        items.forEach(item -> {
            final String mapped = fn.apply(item);
            if (mapped != null) {
                out.add(mapped);
            }
        });
        return out;
    }

    enum Mode { STRICT, LENIENT }

    interface Visitor {
        void visit(String line);
    }

    static class Counter implements Visitor {
        private int count;

        @Override
        public void visit(final String line) {
            if (line != null && !line.isEmpty()) {
                count++;
            }
            if (count > 1000) {
                count = 1000;
            }
        }
    }
}
`;

const c = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 1024

/* A growable byte buffer. */
struct buf {
    char *data;
    size_t len;
    size_t cap;
};

static int buf_grow(struct buf *b, size_t need)
{
    if (b->len + need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap;
    return 0;
}

/* Appends n bytes; returns -1 when out of memory. */
int buf_append(struct buf *b, const char *s, size_t n)
{
    if (buf_grow(b, n) != 0)
        return -1;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    return 0;
}

static size_t count_lines(FILE *f)
{
    char line[MAX_LINE];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        switch (line[0]) {
        case '#':
            continue;
        default:
            n++;
        }
    }
    return n;
}

int main(int argc, char **argv)
{
    struct buf b = {0};
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "r");
        if (!f) {
            perror(argv[i]);
            continue;
        }
        printf("%s: %zu\\n", argv[i], count_lines(f));
        fclose(f);
    }
    buf_append(&b, "done", 4);
    free(b.data);
    return 0;
}
`;

const cpp = `#include <algorithm>
#include <map>
#include <string>
#include <vector>

namespace stats {

constexpr double kDefaultAlpha = 0.05;

template <typename T>
T clamp(T v, T lo, T hi) {
    return std::max(lo, std::min(v, hi));
}

/// Running mean and variance (Welford).
class Running {
public:
    explicit Running(double alpha = kDefaultAlpha) : alpha_(alpha), n_(0), mean_(0), m2_(0) {}

    void add(double x) {
        ++n_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(n_);
        m2_ += delta * (x - mean_);
        if (n_ > 1000000) {
            n_ = 1000000;
        }
    }

    double variance() const { return n_ > 1 ? m2_ / static_cast<double>(n_ - 1) : 0.0; }

    std::vector<double> quantiles(std::vector<double> xs) const;

private:
    double alpha_;
    long n_;
    double mean_;
    double m2_;
};

std::vector<double> Running::quantiles(std::vector<double> xs) const {
    std::sort(xs.begin(), xs.end());
    std::vector<double> out;
    auto at = [&xs](double q) -> double {
        if (xs.empty()) return 0.0;
        const auto i = static_cast<size_t>(q * static_cast<double>(xs.size() - 1));
        return xs[i];
    };
    for (double q : {0.25, 0.5, 0.75}) {
        out.push_back(at(q));
    }
    return out;
}

std::map<std::string, int> histogram(const std::vector<std::string>& words) {
    std::map<std::string, int> h;
    for (const auto& w : words) {
        if (w.empty()) continue;
        ++h[w];
    }
    return h;
}

}  // namespace stats
`;

/** One realistic sample per grammar. */
export const SAMPLES: readonly Sample[] = [
  { lang: "python", file: "limiter.py", code: python, named: "allow", inside: "            bucket = Bucket(rate=self.rate, burst=self.burst, tokens=float(self.burst))" },
  { lang: "javascript", file: "client.js", code: javascript, named: "retry", inside: "      await new Promise((resolve) => setTimeout(resolve, delay));" },
  { lang: "typescript", file: "cache.ts", code: typescript, named: "set", inside: "      this.emit(\"evicted\", oldest);" },
  { lang: "tsx", file: "UserCard.tsx", code: tsx, named: "UserCard", inside: "        setState({ name: data.name, loading: false });" },
  { lang: "go", file: "queue.go", code: go, named: "Drain", inside: "			if err := h.Handle(ctx, it); err != nil {" },
  { lang: "rust", file: "arena.rs", code: rust, named: "insert", inside: "        if let Some(slot) = self.free.borrow_mut().pop() {" },
  { lang: "java", file: "Texts.java", code: java, named: "mapAll", inside: "            final String mapped = fn.apply(item);" },
  { lang: "c", file: "buf.c", code: c, named: "buf_grow", inside: "    char *p = realloc(b->data, cap);" },
  { lang: "cpp", file: "stats.cpp", code: cpp, named: "quantiles", inside: "        const auto i = static_cast<size_t>(q * static_cast<double>(xs.size() - 1));" },
];

test("samples cover every grammar", () => {
  const langs = new Set(SAMPLES.map((s) => s.lang));
  if (langs.size !== 9) throw new Error(`expected 9 grammars, got ${langs.size}`);
});
