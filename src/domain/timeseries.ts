/**
 * Maths over `[unixSeconds, value]` points, oldest first: trends (Theil–Sen slope, share of
 * increasing samples, R²), saw-tooth detection, time to a limit, counter rates and percentiles.
 */
export type Point = readonly [number, number];

/** The Theil–Sen estimator is quadratic; beyond this many points an even subsample is used. */
const MAX_TREND_POINTS = 80;

function evenSubsample(points: readonly Point[], max: number): readonly Point[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)] as Point);
}

/** Median of pairwise slopes (value per second): robust to a few outliers. */
export function theilSenSlope(points: readonly Point[]): number | undefined {
  const sample = evenSubsample(points, MAX_TREND_POINTS);
  const slopes = new Float64Array((sample.length * (sample.length - 1)) / 2);
  let count = 0;
  for (let i = 0; i < sample.length; i++) {
    const [ti, vi] = sample[i] as Point;
    for (let j = i + 1; j < sample.length; j++) {
      const [tj, vj] = sample[j] as Point;
      if (tj !== ti) slopes[count++] = (vj - vi) / (tj - ti);
    }
  }
  if (count === 0) return undefined;
  // A typed array sorts numerically and natively: the pairs dominate the cost of a diagnosis.
  const sorted = slopes.subarray(0, count).sort();
  const middle = (count - 1) / 2;
  return ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
}

/** Share of consecutive steps that go up (0..1); 0 with fewer than two points. */
export function increasingShare(points: readonly Point[]): number {
  if (points.length < 2) return 0;
  let rising = 0;
  for (let i = 1; i < points.length; i++) {
    if ((points[i] as Point)[1] > (points[i - 1] as Point)[1]) rising += 1;
  }
  return rising / (points.length - 1);
}

export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Coefficient of determination: 1 is a perfect line, 0 no better than the mean. */
  readonly r2: number;
}

/** Least-squares line through the points; undefined with fewer than two distinct times. */
export function linearFit(points: readonly Point[]): LinearFit | undefined {
  const n = points.length;
  if (n < 2) return undefined;
  // Index loops, not destructuring: this runs over every sample of every series.
  let sumT = 0;
  let sumV = 0;
  for (let i = 0; i < n; i++) {
    const point = points[i] as Point;
    sumT += point[0];
    sumV += point[1];
  }
  const meanT = sumT / n;
  const meanV = sumV / n;
  let covariance = 0;
  let varianceT = 0;
  let varianceV = 0;
  for (let i = 0; i < n; i++) {
    const point = points[i] as Point;
    const dt = point[0] - meanT;
    const dv = point[1] - meanV;
    covariance += dt * dv;
    varianceT += dt * dt;
    varianceV += dv * dv;
  }
  if (varianceT === 0) return undefined;
  const slope = covariance / varianceT;
  const r2 = varianceV === 0 ? 0 : (covariance * covariance) / (varianceT * varianceV);
  return { slope, intercept: meanV - slope * meanT, r2 };
}

/**
 * Splits the series where the value falls by more than `dropShare` of the value before it
 * (a restart or an OOM kill resets a container's memory), so each piece can be judged alone.
 */
export function splitAtDrops(points: readonly Point[], dropShare = 0.3): Point[][] {
  const segments: Point[][] = [];
  let current: Point[] = [];
  for (const point of points) {
    const previous = current.at(-1);
    if (previous && previous[1] > 0 && previous[1] - point[1] > dropShare * previous[1]) {
      segments.push(current);
      current = [];
    }
    current.push(point);
  }
  if (current.length > 0) segments.push(current);
  return segments;
}

export interface SawtoothResult {
  /** Pieces between drops. */
  readonly segments: number;
  /** Pieces of at least three points that climb (mostly rising, positive slope). */
  readonly climbingSegments: number;
  /** Share of the samples that sit in climbing pieces. */
  readonly climbingShare: number;
  /** At least one drop, and the usage climbs again after it as it did before, over most of the window. */
  readonly isSawtooth: boolean;
}

/**
 * Usage that drops after each restart and then climbs again: the signature of a leak that kills.
 * The climbs must fill most of the window: a flat series with a few quick spikes at the end is
 * a burst of load repeated after each restart, not a leak.
 */
export function detectSawtooth(points: readonly Point[], dropShare = 0.3): SawtoothResult {
  const segments = splitAtDrops(points, dropShare);
  const judged = segments.filter((s) => s.length >= 3);
  const climbing = judged.filter((s) => increasingShare(s) >= 0.6 && (theilSenSlope(s) ?? 0) > 0);
  const climbingShare = points.length > 0 ? climbing.reduce((n, s) => n + s.length, 0) / points.length : 0;
  return {
    segments: segments.length,
    climbingSegments: climbing.length,
    climbingShare,
    isSawtooth: segments.length >= 2 && climbing.length >= 2 && climbing.length >= judged.length - 1 && climbingShare >= 0.6,
  };
}

/** Seconds from the last point until the robust trend (or the given slope) reaches `limit`; undefined if it never will. */
export function timeToLimit(points: readonly Point[], limit: number, knownSlope?: number): number | undefined {
  const last = points.at(-1);
  const slope = knownSlope ?? theilSenSlope(points);
  if (!last || slope === undefined || slope <= 0) return undefined;
  return Math.max(0, (limit - last[1]) / slope);
}

/** Per-second rate between consecutive samples of a monotonic counter; a reset counts from zero. */
export function counterRate(points: readonly Point[]): Point[] {
  const rates: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const [t0, v0] = points[i - 1] as Point;
    const [t1, v1] = points[i] as Point;
    if (t1 <= t0) continue;
    rates.push([t1, (v1 >= v0 ? v1 - v0 : v1) / (t1 - t0)]);
  }
  return rates;
}

/** Total increase of a monotonic counter over the series, resets included. */
export function counterIncrease(points: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const v0 = (points[i - 1] as Point)[1];
    const v1 = (points[i] as Point)[1];
    total += v1 >= v0 ? v1 - v0 : v1;
  }
  return total;
}

/** True when no step goes down by more than a reset would explain: the series looks like a raw counter. */
export function looksLikeCounter(points: readonly Point[]): boolean {
  if (points.length < 3) return false;
  let falls = 0;
  for (let i = 1; i < points.length; i++) if ((points[i] as Point)[1] < (points[i - 1] as Point)[1]) falls += 1;
  const span = ((points.at(-1) as Point)[1] - (points[0] as Point)[1]);
  return falls <= 1 && span > 0 && (points.at(-1) as Point)[1] > 10 * (span / (points.length - 1));
}

/** The p-th percentile (0..100) with linear interpolation between ranks. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] as number;
  return lowValue + (rank - low) * ((sorted[high] as number) - lowValue);
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 50);
}

export interface PercentileSummary {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): PercentileSummary | undefined {
  if (values.length === 0) return undefined;
  return {
    p50: percentile(values, 50) as number,
    p95: percentile(values, 95) as number,
    p99: percentile(values, 99) as number,
    max: Math.max(...values),
  };
}

/**
 * Share of CFS periods in which the container was throttled, from the two cAdvisor counters
 * (`container_cpu_cfs_throttled_periods_total` / `container_cpu_cfs_periods_total`).
 * `alreadyRates`: the series are per-second rates (a `rate(...)` query), not raw counters.
 */
export function throttlingRatio(throttled: readonly Point[], periods: readonly Point[], alreadyRates = false): number | undefined {
  const throttledAmount = alreadyRates ? sumValues(throttled) : counterIncrease(throttled);
  const periodAmount = alreadyRates ? sumValues(periods) : counterIncrease(periods);
  if (periodAmount <= 0) return undefined;
  return Math.min(1, Math.max(0, throttledAmount / periodAmount));
}

function sumValues(points: readonly Point[]): number {
  let total = 0;
  for (const [, v] of points) total += v;
  return total;
}
