/**
 * Reads a workload's memory series as a leak (a steady climb, or a saw-tooth that climbs again
 * after every restart) or not (flat, a spike), with its peak and projected time to the limit.
 */
import { formatBytes } from '../quantity.js';
import { detectSawtooth, increasingShare, linearFit, splitAtDrops, theilSenSlope, timeToLimit, type Point } from '../timeseries.js';
import type { WorkloadRef } from './cluster.js';
import type { DiagnosisContext } from './context.js';
import type { SignalSeries } from './metrics.js';
import { formatDuration } from './read.js';

export type TrendShape = 'steady-climb' | 'sawtooth' | 'flat' | 'spike' | 'too-short';

export interface SeriesTrend {
  readonly series: SignalSeries;
  readonly shape: TrendShape;
  /** Bytes, or a fraction of the limit for share series. */
  readonly first: number;
  readonly last: number;
  readonly peak: number;
  readonly r2: number;
  readonly risingShare: number;
  readonly durationSeconds: number;
  /** Seconds until the trend meets the limit, when it climbs. */
  readonly secondsToLimit?: number;
}

const MIN_POINTS = 5;

interface Climb {
  readonly steady: boolean;
  readonly r2: number;
  readonly risingShare: number;
  readonly slope: number;
}

function climbOf(points: readonly Point[], scale: number): Climb {
  const r2 = linearFit(points)?.r2 ?? 0;
  const risingShare = increasingShare(points);
  // The robust slope is the costly part: skip it when the cheap measures already rule a climb out.
  if (!((risingShare >= 0.7 && r2 >= 0.75) || (risingShare >= 0.55 && r2 >= 0.9))) return { steady: false, r2, risingShare, slope: 0 };
  const slope = theilSenSlope(points) ?? 0;
  const span = points.length > 1 ? (points.at(-1) as Point)[0] - (points[0] as Point)[0] : 0;
  return { steady: slope > 0 && (slope * span) / scale >= 0.1, r2, risingShare, slope };
}

export function trendOf(series: SignalSeries, limit: number | undefined): SeriesTrend {
  const points = series.points;
  const values = points.map(([, v]) => v);
  const peak = values.length > 0 ? Math.max(...values) : 0;
  const first = values[0] ?? 0;
  const last = values.at(-1) ?? 0;
  const durationSeconds = points.length > 1 ? (points.at(-1) as Point)[0] - (points[0] as Point)[0] : 0;
  const base = { series, first, last, peak, durationSeconds };
  if (points.length < MIN_POINTS) return { ...base, shape: 'too-short', r2: 0, risingShare: 0 };
  const scale = limit ?? Math.max(peak, 1e-9);
  const ceiling = limit ?? (series.signal === 'memory-share' ? 1 : undefined);
  const withTimeToLimit = (piece: readonly Point[], slope: number) => {
    const seconds = ceiling !== undefined && slope > 0 ? timeToLimit(piece, ceiling, slope) : undefined;
    return seconds === undefined ? {} : { secondsToLimit: seconds };
  };
  const whole = climbOf(points, scale);
  if (whole.steady) return { ...base, ...withTimeToLimit(points, whole.slope), shape: 'steady-climb', r2: whole.r2, risingShare: whole.risingShare };
  // A climb that ends in a kill drops at the very end: judge the longest piece between drops too.
  const pieces = splitAtDrops(points);
  const longest = pieces.reduce((a, b) => (b.length > a.length ? b : a));
  if (pieces.length > 1 && longest.length >= Math.max(MIN_POINTS, points.length / 2)) {
    const climb = climbOf(longest, scale);
    if (climb.steady) return { ...base, ...withTimeToLimit(longest, climb.slope), shape: 'steady-climb', r2: climb.r2, risingShare: climb.risingShare };
  }
  const { r2, risingShare } = whole;
  if (pieces.length > 1 && detectSawtooth(points).isSawtooth) {
    const lastPiece = pieces.at(-1) ?? points;
    return { ...base, ...(lastPiece.length >= 3 ? withTimeToLimit(lastPiece, theilSenSlope(lastPiece) ?? 0) : {}), shape: 'sawtooth', r2, risingShare };
  }
  const earlier = values.slice(0, Math.max(1, Math.floor(values.length * 0.7)));
  const earlierMax = Math.max(...earlier);
  const shape: TrendShape = peak >= 1.3 * earlierMax && peak > 0 ? 'spike' : 'flat';
  return { ...base, shape, r2, risingShare };
}

/** Memory (or share-of-limit) series about a workload's containers, the whole set of its pods included. */
export function memorySeriesOf(ctx: DiagnosisContext, workload: WorkloadRef, container?: string): SignalSeries[] {
  const podNames = new Set(ctx.cluster.podsOf(workload).map((p) => p.name));
  const about = (s: SignalSeries): boolean =>
    (s.namespace === undefined || s.namespace === workload.namespace) &&
    (container === undefined || s.container === undefined || s.container === container) &&
    (s.pod !== undefined ? podNames.has(s.pod) || s.pod.startsWith(`${workload.name}-`) : s.workload === workload.name);
  const bytes = ctx.metrics.all.filter((s) => s.signal === 'memory' && about(s));
  return bytes.length > 0 ? bytes : ctx.metrics.all.filter((s) => s.signal === 'memory-share' && about(s));
}

export function describeTrend(trend: SeriesTrend, limit: number | undefined): string {
  const share = trend.series.signal === 'memory-share';
  const show = (v: number): string => (share ? `${Math.round(v * 100)}% of the limit` : formatBytes(v));
  const over = trend.durationSeconds > 0 ? ` over ${formatDuration(trend.durationSeconds * 1000)}` : '';
  const stats = `R² ${trend.r2.toFixed(2)}, ${Math.round(trend.risingShare * 100)}% of samples rising`;
  const limitText = limit !== undefined && !share ? ` (limit ${formatBytes(limit)})` : '';
  const toLimit = trend.secondsToLimit !== undefined ? `; projected to reach the limit in ${formatDuration(trend.secondsToLimit * 1000)}` : '';
  switch (trend.shape) {
    case 'steady-climb':
      return `working set climbs steadily from ${show(trend.first)} to ${show(trend.last)}${over}${limitText} (${stats})${toLimit}`;
    case 'sawtooth':
      return `working set drops at each restart and climbs again (saw-tooth), peak ${show(trend.peak)}${over}${limitText}${toLimit}`;
    case 'spike':
      return `working set was steady, then jumped to ${show(trend.peak)}${over}${limitText} (${stats}): a spike, not a climb`;
    case 'flat':
      return `working set holds around ${show(trend.last)}, peak ${show(trend.peak)}${over}${limitText} (${stats}): no steady climb`;
    case 'too-short':
      return `only ${trend.series.points.length} sample(s) of working set (peak ${show(trend.peak)}): too few to judge a trend`;
  }
}
