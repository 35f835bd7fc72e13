/**
 * Throughput: 500 distinct incidents at once (all six playbooks, half warning then half critical)
 * → every finding posted, time to drain, peak queue depth (from /metrics), and whether priority
 * held: no warning investigation may start after the last critical alarm was queued while a
 * critical one still waited.
 */
import { performance } from 'node:perf_hooks';
import type { Harness } from '../test/support/daemon-harness.js';
import { benchAlarm, postWebhook, webhookOf } from './alarms.js';
import { incidentsByTarget, investigationStarts, mentions, pool, topLevelPosts, until } from './rig.js';

export const THROUGHPUT_INCIDENTS = 500;

export interface ThroughputResult {
  readonly incidents: number;
  readonly concurrency: number;
  readonly findingsPosted: number;
  readonly drainSeconds: number;
  readonly findingsPerSecond: number;
  readonly peakQueueDepth: number;
  /** Warning investigations that started while a queued critical one had not: 0 when priority holds. */
  readonly priorityInversions: number;
  /** Mean position (0 = first) in Slack's posting order. */
  readonly meanPostRank: { readonly critical: number; readonly warning: number };
}

async function queueDepth(baseUrl: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const gauge = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return gauge('triaged_queue_waiting') + gauge('triaged_queue_running');
}

export async function benchThroughput(h: Harness, concurrency: number): Promise<ThroughputResult> {
  const half = THROUGHPUT_INCIDENTS / 2;
  const alarms = Array.from({ length: THROUGHPUT_INCIDENTS }, (_, i) => benchAlarm(i, undefined, i < half ? 'warning' : 'critical'));
  const severityOf = new Map(alarms.map((a) => [a.target, a.labels.severity]));
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await queueDepth(h.baseUrl));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  let lastCriticalQueuedAt = 0;
  await pool(alarms, 32, async (alarm) => {
    const status = await postWebhook(h.baseUrl, webhookOf([alarm]));
    if (status !== 202) throw new Error(`bench: Alertmanager answered ${status} for ${alarm.target}`);
    if (alarm.labels.severity === 'critical') lastCriticalQueuedAt = Math.max(lastCriticalQueuedAt, Date.now());
  });
  await until('every finding posted', () => topLevelPosts(h).length >= THROUGHPUT_INCIDENTS, 600_000, 50);
  const drainSeconds = (performance.now() - started) / 1000;
  sampling = false;
  await sampler;
  await until('every investigation logged', () => investigationStarts(h).size >= THROUGHPUT_INCIDENTS, 10_000);

  const incidents = await incidentsByTarget(h);
  const starts = investigationStarts(h);
  const startOf = (target: string): number => starts.get(incidents.get(target)?.id ?? '') ?? NaN;
  const criticalStarts = alarms.filter((a) => a.labels.severity === 'critical').map((a) => startOf(a.target));
  const lastCriticalStart = Math.max(...criticalStarts);
  const priorityInversions = alarms.filter((a) => {
    const start = startOf(a.target);
    return a.labels.severity === 'warning' && start > lastCriticalQueuedAt && start < lastCriticalStart;
  }).length;

  const order = topLevelPosts(h).map((c) => alarms.find((a) => mentions(c, a.target))?.target);
  const rank = (severity: string): number => {
    const ranks = order.flatMap((target, i) => (target && severityOf.get(target) === severity ? [i] : []));
    return Number((ranks.reduce((a, b) => a + b, 0) / ranks.length).toFixed(1));
  };
  return {
    incidents: THROUGHPUT_INCIDENTS,
    concurrency,
    findingsPosted: topLevelPosts(h).length,
    drainSeconds: Number(drainSeconds.toFixed(2)),
    findingsPerSecond: Number((THROUGHPUT_INCIDENTS / drainSeconds).toFixed(1)),
    peakQueueDepth: peak,
    priorityInversions,
    meanPostRank: { critical: rank('critical'), warning: rank('warning') },
  };
}
