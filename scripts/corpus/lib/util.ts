/**
 * Deterministic helpers for the corpus generator: a seeded PRNG per case, a clock anchored at the
 * snapshot's capturedAt, and Kubernetes-style name and id generators. Nothing here reads the wall
 * clock or Math.random, so the generated JSON is byte-identical between runs.
 */

export type Obj = Record<string, unknown>;

/** FNV-1a 32-bit of a string: the seed of a case's PRNG. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for fixture noise. */
export class Rng {
  private state: number;
  constructor(seed: string | number) {
    this.state = typeof seed === 'number' ? seed >>> 0 : fnv1a(seed);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  /** A value in [-1, 1]. */
  jitter(): number {
    return this.next() * 2 - 1;
  }
  hex(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += '0123456789abcdef'[Math.floor(this.next() * 16)];
    return out;
  }
  /** Kubernetes rand.String alphabet (no vowels, no 0/1/3 to avoid words and look-alikes). */
  kname(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  uid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-${'89ab'[this.int(0, 3)]}${this.hex(3)}-${this.hex(12)}`;
  }
  containerId(): string {
    return `containerd://${this.hex(64)}`;
  }
  sha256(): string {
    return `sha256:${this.hex(64)}`;
  }
  resourceVersion(): string {
    return String(this.int(1_000_000, 99_999_999));
  }
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "-12m", "-2h30m", "+45s", "-1d2h" into seconds. */
export function parseOffset(offset: string): number {
  const match = /^([+-])?((?:\d+[smhd])+)$/.exec(offset);
  if (!match) throw new Error(`bad time offset ${offset}`);
  let total = 0;
  for (const part of (match[2] as string).matchAll(/(\d+)([smhd])/g)) {
    total += Number(part[1]) * (UNIT_SECONDS[part[2] as string] as number);
  }
  return match[1] === '-' ? -total : total;
}

/** A clock fixed at the snapshot's capturedAt ("now"); every timestamp in a case comes from it. */
export class Clock {
  readonly nowSec: number;
  constructor(readonly now: string) {
    const ms = Date.parse(now);
    if (Number.isNaN(ms)) throw new Error(`bad capturedAt ${now}`);
    this.nowSec = Math.floor(ms / 1000);
  }
  /** Unix seconds at an offset from now ("-12m") or at a number of seconds from now. */
  unix(offset: string | number = 0): number {
    if (typeof offset === 'string' && offset.includes('T')) return Math.floor(Date.parse(offset) / 1000);
    return this.nowSec + (typeof offset === 'number' ? offset : parseOffset(offset));
  }
  /** RFC 3339 with second precision, as the API server prints metav1.Time. */
  iso(offset: string | number = 0): string {
    if (typeof offset === 'string' && offset.includes('T')) return offset;
    return new Date(this.unix(offset) * 1000).toISOString().replace('.000Z', 'Z');
  }
  /** An RFC 3339 time shifted by seconds (or an offset string). */
  shift(iso: string, by: string | number): string {
    const sec = Math.floor(Date.parse(iso) / 1000) + (typeof by === 'number' ? by : parseOffset(by));
    return new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
  }
  /** RFC 3339 with microseconds, as metav1.MicroTime (events.k8s.io eventTime). */
  micro(offset: string | number, micros: number): string {
    return this.iso(offset).replace('Z', `.${String(micros).padStart(6, '0')}Z`);
  }
  /** Logs Insights style "2026-11-22 10:02:11.000" (UTC, no zone). */
  insights(offset: string | number, ms = 0): string {
    return this.iso(offset).replace('T', ' ').replace('Z', `.${String(ms).padStart(3, '0')}`);
  }
  /** Log line timestamp with milliseconds, "2026-11-22T10:02:11.482Z". */
  logTs(offset: string | number, ms = 0): string {
    return this.iso(offset).replace('Z', `.${String(ms).padStart(3, '0')}Z`);
  }
}

export function mib(n: number): number {
  return n * 1024 * 1024;
}

export function gib(n: number): number {
  return n * 1024 * 1024 * 1024;
}
