/**
 * One benchmark daemon: the test harness's real daemon (test/support/daemon-harness.ts) with the
 * simulated cluster seeded, the Kubernetes fake at 5–50 ms, Slack at 100 ms and the evidence peers
 * of peers.ts. Also the shared helpers of the sections: percentiles and findings by target.
 */
import { performance } from 'node:perf_hooks';
import { formatTarget } from '../src/domain/target.js';
import { percentile } from '../src/domain/timeseries.js';
import { startHarness, type Harness } from '../test/support/daemon-harness.js';
import { seedBenchCluster } from './alarms.js';
import { LATENCY, type EvidencePeers } from './peers.js';

export interface RigOptions {
  readonly workloads: number;
  readonly peers: EvidencePeers;
  readonly sqs?: boolean;
  readonly env?: Record<string, string>;
}

export function startRig(options: RigOptions): Promise<Harness> {
  return startHarness({
    sqs: options.sqs ?? false,
    slack: { latencyMs: LATENCY.slackMs },
    // The seed is complete (ReplicaSets, Ready pods) and the bench remediates nothing: no controller simulation needed.
    kubeControllers: false,
    env: { TRIAGED_LOG_LEVEL: 'info', TRIAGED_QUEUE_LIMIT: '2000', ...options.peers.env, ...options.env },
    processEnv: options.peers.processEnv,
    beforeStart: async (kube) => {
      seedBenchCluster(kube, options.workloads);
      kube.faults.setDelay(...LATENCY.kubernetesMs);
      return undefined;
    },
  });
}

export type SlackCall = Harness['slack']['calls'][number];

/** Top-level chat.postMessage calls that Slack accepted (thread replies and injected failures excluded). */
export function topLevelPosts(h: Harness): SlackCall[] {
  return h.slack.calls.filter((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && c.status === 200);
}

/** Whether a Slack call's blocks name `target` exactly (`svc-1` is not `svc-10`). */
export function mentions(call: SlackCall, target: string): boolean {
  const pattern = new RegExp(`${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
  return pattern.test(JSON.stringify(call.args.blocks ?? ''));
}

export function postAbout(h: Harness, target: string): SlackCall | undefined {
  return topLevelPosts(h).find((c) => mentions(c, target));
}

export async function incidentsByTarget(h: Harness): Promise<Map<string, Awaited<ReturnType<Harness['daemon']['store']['listIncidents']>>[number]>> {
  const incidents = await h.daemon.store.listIncidents({ limit: 100_000 });
  return new Map(incidents.map((i) => [formatTarget(i.alarm.target), i]));
}

/** When each investigation started (epoch ms), from its `investigation finished` log line. */
export function investigationStarts(h: Harness): Map<string, number> {
  const starts = new Map<string, number>();
  for (const line of h.logLines) {
    if (line.msg !== 'investigation finished' || typeof line.incidentId !== 'string') continue;
    // pino's `time` is ISO text in the daemon's logger, epoch ms in pino's default.
    const at = typeof line.time === 'string' ? Date.parse(line.time) : Number(line.time);
    starts.set(line.incidentId, at - Number(line.durationMs));
  }
  return starts;
}

export function stats(values: readonly number[], digits = 1): { p50: number; p95: number; max: number; n: number } {
  const round = (x: number | undefined): number => Number((x ?? 0).toFixed(digits));
  return { p50: round(percentile([...values], 50)), p95: round(percentile([...values], 95)), max: round(Math.max(...values)), n: values.length };
}

export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, pollMs = 25): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}
