import { describe, expect, it } from 'vitest';
import {
  counterIncrease,
  counterRate,
  detectSawtooth,
  increasingShare,
  linearFit,
  percentile,
  splitAtDrops,
  summarize,
  theilSenSlope,
  throttlingRatio,
  timeToLimit,
  type Point,
} from '../../src/domain/timeseries.js';

const line = (n: number, slope: number, start = 100, step = 60): Point[] => Array.from({ length: n }, (_, i) => [1_700_000_000 + i * step, start + slope * i * step] as const);

describe('trend', () => {
  it('Theil–Sen recovers the slope and ignores a few outliers', () => {
    const points = line(50, 2);
    expect(theilSenSlope(points)).toBeCloseTo(2, 9);
    const noisy = points.map(([t, v], i) => [t, i % 10 === 3 ? v * 5 : v] as const);
    expect(theilSenSlope(noisy)).toBeCloseTo(2, 6);
    expect(linearFit(noisy)?.slope).not.toBeCloseTo(2, 1);
  });

  it('subsamples long series and still finds the slope', () => {
    expect(theilSenSlope(line(2000, 0.5))).toBeCloseTo(0.5, 9);
  });

  it('is undefined without two distinct times', () => {
    expect(theilSenSlope([[1, 1]])).toBeUndefined();
    expect(linearFit([[1, 1], [1, 2]])).toBeUndefined();
  });

  it('measures the share of rising steps and the fit', () => {
    expect(increasingShare(line(11, 1))).toBe(1);
    expect(increasingShare([[0, 1], [1, 2], [2, 1], [3, 2], [4, 2]])).toBe(0.5);
    expect(linearFit(line(20, 3))?.r2).toBeCloseTo(1, 9);
    const flat = Array.from({ length: 40 }, (_, i) => [i * 60, i % 2 === 0 ? 10 : 12] as const);
    expect(linearFit(flat)?.r2 ?? 1).toBeLessThan(0.1);
  });

  it('projects the time to a limit from the robust slope', () => {
    const points = line(10, 1, 0);
    // last value 540, slope 1/s: 460 s to 1000.
    expect(timeToLimit(points, 1000)).toBeCloseTo(460, 6);
    expect(timeToLimit(line(10, -1), 1000)).toBeUndefined();
    expect(timeToLimit(points, 1000, 2)).toBeCloseTo(230, 6);
  });
});

describe('saw-tooth', () => {
  const climb = (from: number, n: number, t0: number): Point[] => Array.from({ length: n }, (_, i) => [t0 + i * 60, from + i * 10] as const);

  it('splits at drops and recognises repeated climbs', () => {
    const points = [...climb(100, 20, 0), ...climb(100, 20, 1200), ...climb(100, 10, 2400)];
    expect(splitAtDrops(points)).toHaveLength(3);
    const result = detectSawtooth(points);
    expect(result.isSawtooth).toBe(true);
    expect(result.climbingSegments).toBe(3);
  });

  it('does not call a flat series with quick spikes at the end a saw-tooth', () => {
    const flat = Array.from({ length: 60 }, (_, i) => [i * 60, 300 + (i % 3)] as const);
    const spikes: Point[] = [[3600, 450], [3660, 510], [3720, 120], [3780, 400], [3840, 505], [3900, 118], [3960, 390], [4020, 500]];
    expect(detectSawtooth([...flat, ...spikes]).isSawtooth).toBe(false);
  });

  it('needs a drop', () => {
    expect(detectSawtooth(climb(0, 30, 0)).isSawtooth).toBe(false);
  });
});

describe('counters and percentiles', () => {
  it('turns a counter into rates and survives a reset', () => {
    const counter: Point[] = [[0, 0], [10, 50], [20, 100], [30, 20]];
    expect(counterRate(counter).map(([, v]) => v)).toEqual([5, 5, 2]);
    expect(counterIncrease(counter)).toBe(120);
  });

  it('computes the throttled share of CFS periods from counters or rates', () => {
    const periods: Point[] = [[0, 1000], [60, 1600], [120, 2200]];
    const throttled: Point[] = [[0, 100], [60, 400], [120, 700]];
    expect(throttlingRatio(throttled, periods)).toBeCloseTo(0.5, 9);
    expect(throttlingRatio([[0, 2], [60, 4]], [[0, 10], [60, 10]], true)).toBeCloseTo(0.3, 9);
    expect(throttlingRatio(throttled, [[0, 5], [60, 5]])).toBeUndefined();
  });

  it('interpolates percentiles', () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([], 50)).toBeUndefined();
    expect(summarize([3, 1, 2])).toEqual({ p50: 2, p95: 2.9, p99: 2.98, max: 3 });
  });
});
