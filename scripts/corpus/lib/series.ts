/**
 * Time-series shapes as Prometheus (query_range) or CloudWatch (GetMetricData) return them:
 * [unix seconds, value] pairs on a fixed step, oldest first. Noise comes from the case's PRNG.
 */
import type { World } from './world.js';

/** Timestamps on a `step`-second grid from `from` (an offset) up to now (exclusive of the future). */
export function grid(w: World, from: string, step: number, to: string | number = 0): number[] {
  const start = Math.ceil(w.unix(from) / step) * step;
  const end = w.unix(to);
  const out: number[] = [];
  for (let t = start; t <= end; t += step) out.push(t);
  return out;
}

export function round(v: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Memory that climbs linearly from `base` at `perHour`; reaching `limit` the container is OOMKilled and restarts at `base`. */
export function leakSaw(w: World, ts: number[], o: { base: number; perHour: number; limit: number; noise: number; startAt?: number }): [number, number][] {
  const out: [number, number][] = [];
  let level = o.startAt ?? o.base;
  let prev = ts[0] as number;
  for (const t of ts) {
    level += ((t - prev) / 3600) * o.perHour;
    prev = t;
    if (level >= o.limit) level = o.base + w.rng.next() * o.noise;
    out.push([t, Math.round(Math.min(level + w.rng.jitter() * o.noise, o.limit - 1024 * 64))]);
  }
  return out;
}

/** Flat around `level` with noise, then a jump to `peak` at `spikeAt` (unix); after `dropAt` back near `after`. */
export function flatSpike(w: World, ts: number[], o: { level: number; noise: number; spikeAt: number; peak: number; dropAt?: number; after?: number }): [number, number][] {
  return ts.map((t) => {
    if (t >= o.spikeAt && (o.dropAt === undefined || t < o.dropAt)) return [t, Math.round(o.peak - Math.abs(w.rng.jitter()) * o.noise * 0.3)];
    if (o.dropAt !== undefined && t >= o.dropAt) return [t, Math.round((o.after ?? o.level) + w.rng.jitter() * o.noise)];
    return [t, Math.round(o.level + w.rng.jitter() * o.noise)];
  });
}

/** Steady value with noise, clamped to [min, max]. */
export function steady(w: World, ts: number[], o: { level: number; noise: number; min?: number; max?: number; digits?: number }): [number, number][] {
  return ts.map((t) => {
    let v = o.level + w.rng.jitter() * o.noise;
    if (o.min !== undefined) v = Math.max(o.min, v);
    if (o.max !== undefined) v = Math.min(o.max, v);
    return [t, round(v, o.digits ?? 0)];
  });
}

/** Linear move from `from` to `to` between `startAt` and `endAt` (unix), flat before and after, with noise. */
export function ramp(w: World, ts: number[], o: { from: number; to: number; startAt: number; endAt: number; noise: number; digits?: number; max?: number; min?: number }): [number, number][] {
  return ts.map((t) => {
    const f = t <= o.startAt ? 0 : t >= o.endAt ? 1 : (t - o.startAt) / (o.endAt - o.startAt);
    let v = o.from + (o.to - o.from) * f + w.rng.jitter() * o.noise;
    if (o.max !== undefined) v = Math.min(o.max, v);
    if (o.min !== undefined) v = Math.max(o.min, v);
    return [t, round(v, o.digits ?? 0)];
  });
}

/** A monotonically increasing counter whose per-step increase follows `rate(t)`. */
export function counter(ts: number[], start: number, perStep: (t: number) => number): [number, number][] {
  let v = start;
  return ts.map((t, i) => {
    if (i > 0) v += perStep(t);
    return [t, Math.round(v)];
  });
}
