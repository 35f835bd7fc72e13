/** Reads a Prometheus HTTP API body (`{status, data: {resultType, result}}`) into MetricSeries. */
import type { MetricSeries, MetricUnit } from '../../domain/snapshot.js';

export interface ApiBody {
  readonly status?: string;
  readonly data?: { readonly resultType?: string; readonly result?: unknown };
  readonly errorType?: string;
  readonly error?: string;
}

/** How the series of one query are labelled in the snapshot. */
export interface SeriesNaming {
  readonly query: string;
  /** Used when a series has no `__name__` (any function or operator drops it); default: the query itself. */
  readonly name?: string;
  readonly unit?: MetricUnit;
}

type WireSample = readonly [number, string];
interface WireSeries {
  readonly metric?: Readonly<Record<string, string>>;
  readonly values?: readonly WireSample[];
  readonly value?: WireSample;
}

export function parseApiBody(text: string): ApiBody | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ApiBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Prometheus writes sample values as strings, with Go's spellings of the special values. */
export function parseSampleValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  return text.trim() === '' ? Number.NaN : value;
}

/**
 * NaN (0/0 in a ratio of idle counters) and ±Inf (a quantile beyond the last finite bucket) are
 * dropped: JSON, and so the stored snapshot, cannot carry them, and they are not measurements.
 */
function finitePoints(samples: readonly WireSample[]): [number, number][] {
  const points: [number, number][] = [];
  for (const [at, text] of samples) {
    const value = parseSampleValue(String(text));
    if (Number.isFinite(value) && Number.isFinite(at)) points.push([at, value]);
  }
  return points;
}

function toSeries(labels: Readonly<Record<string, string>>, samples: readonly WireSample[], naming: SeriesNaming): MetricSeries | undefined {
  const points = finitePoints(samples);
  if (points.length === 0) return undefined;
  const { __name__: metricName, ...rest } = labels;
  return {
    source: 'prometheus',
    name: metricName ?? naming.name ?? naming.query,
    query: naming.query,
    labels: rest,
    ...(naming.unit !== undefined ? { unit: naming.unit } : {}),
    points,
  };
}

/** The result of a successful body; throws a plain Error naming the problem when the shape is not one Prometheus sends. */
export function seriesFromBody(body: ApiBody, naming: SeriesNaming): MetricSeries[] {
  const resultType = body.data?.resultType;
  const result = body.data?.result;
  if (!Array.isArray(result)) throw new Error(`data.result is ${typeof result}, not an array`);
  if (resultType === 'scalar') return [toSeries({}, [result as unknown as WireSample], naming)].flatMap((s) => s ?? []);
  if (resultType !== 'matrix' && resultType !== 'vector') throw new Error(`unexpected resultType ${JSON.stringify(resultType)} (expected matrix, vector or scalar)`);
  return (result as readonly WireSeries[]).flatMap((s) => {
    const samples = resultType === 'matrix' ? (s.values ?? []) : s.value ? [s.value] : [];
    return toSeries(s.metric ?? {}, samples, naming) ?? [];
  });
}
