/**
 * `query_prometheus`: PromQL as given, or a question through the NL → PromQL translator (refused
 * with suggestions when it cannot be read). Answers with the PromQL it ran and bounded series.
 */
import { z } from 'zod';
import { errorMessage } from '../../../domain/errors.js';
import { graphStepSeconds, MAX_RANGE_SECONDS, rangeOf, UNIT_WORDS } from '../../../domain/promql/duration.js';
import { isTranslated, translateQuestion } from '../../../domain/promql/translate.js';
import type { MetricSeries } from '../../../domain/snapshot.js';
import { errorResult, jsonResult } from '../bounded.js';
import { READ_ONLY, type RegisterTools } from './context.js';

const MAX_POINTS = 30;
const DURATION = new RegExp(`^([0-9]+)\\s*(${UNIT_WORDS})$`);

/** Every k-th point so at most MAX_POINTS remain, the last one always kept. */
function thinned(points: MetricSeries['points']): MetricSeries['points'] {
  if (points.length <= MAX_POINTS) return points;
  const every = Math.ceil(points.length / MAX_POINTS);
  return points.filter((_, i) => (points.length - 1 - i) % every === 0);
}

function seriesView(series: MetricSeries, range: boolean): Record<string, unknown> {
  const values = series.points.map(([, v]) => v).filter(Number.isFinite);
  if (!range) return { labels: series.labels, value: series.points.at(-1)?.[1] ?? null };
  return {
    labels: series.labels,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
    last: series.points.at(-1)?.[1] ?? null,
    points: thinned(series.points).map(([t, v]) => [new Date(t * 1000).toISOString(), v]),
  };
}

export const registerPrometheusTools: RegisterTools = (server, { deps, maxChars }) => {
  server.registerTool(
    'query_prometheus',
    {
      title: 'Query Prometheus',
      description:
        'Runs a read-only Prometheus query. Give either `promql`, or `question` in plain English (CPU, memory, restarts, error rate, latency p50/p90/p95/p99, CPU throttling, top N; by namespace, deployment, pod, container or node; "in the last 30 minutes", "over time"). Returns the PromQL it ran and the series, bounded.',
      inputSchema: {
        question: z.string().min(1).max(500).optional(),
        promql: z.string().min(1).max(4000).optional(),
        range: z.string().max(20).optional().describe('with promql: evaluate over this span as a graph ("1h", "30 minutes"); default: an instant query'),
        maxSeries: z.number().int().min(1).max(100).default(20),
      },
      annotations: { ...READ_ONLY, openWorldHint: true },
    },
    async ({ question, promql, range, maxSeries }, { signal }) => {
      if ((question === undefined) === (promql === undefined)) return errorResult('give exactly one of `question` or `promql`');
      let query: { promql: string; explanation?: string; range?: { seconds: number; stepSeconds: number } };
      if (question !== undefined) {
        const translation = translateQuestion(question);
        if (!isTranslated(translation)) return jsonResult({ ...translation }, maxChars);
        query = translation;
      } else {
        const match = range === undefined ? undefined : DURATION.exec(range.trim().toLowerCase());
        const span = match ? rangeOf(match[1], match[2] ?? '') : undefined;
        if (range !== undefined && (!span || span.seconds > MAX_RANGE_SECONDS)) return errorResult(`range ${JSON.stringify(range)} is not a duration up to 90d such as "1h" or "30 minutes"`);
        query = { promql: promql ?? '', ...(span ? { range: { seconds: span.seconds, stepSeconds: graphStepSeconds(span.seconds) } } : {}) };
      }
      if (!deps.metrics) return errorResult(`Prometheus is not configured (TRIAGED_PROMETHEUS_URL); the query would have been: ${query.promql}`);
      const now = Math.floor(deps.clock.now() / 1000);
      try {
        const series = query.range
          ? await deps.metrics.queryRange(query.promql, { start: now - query.range.seconds, end: now }, query.range.stepSeconds, signal)
          : await deps.metrics.query(query.promql, now, signal);
        return jsonResult(
          {
            promql: query.promql,
            ...(query.explanation ? { explanation: query.explanation } : {}),
            kind: query.range ? 'range' : 'instant',
            evaluatedAt: new Date(now * 1000).toISOString(),
            ...(query.range ? { rangeSeconds: query.range.seconds, stepSeconds: query.range.stepSeconds } : {}),
            seriesTotal: series.length,
            ...(series.length > maxSeries ? { note: `${maxSeries} of ${series.length} series shown; raise maxSeries or narrow the query` } : {}),
            series: series.slice(0, maxSeries).map((s) => seriesView(s, query.range !== undefined)),
          },
          maxChars,
        );
      } catch (error) {
        return errorResult(`Prometheus refused or failed ${JSON.stringify(query.promql)}: ${errorMessage(error)}`);
      }
    },
  );
};
