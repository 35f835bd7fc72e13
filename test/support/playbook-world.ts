/**
 * One incident world for the playbook proofs: the daemon (daemon-harness.ts) with its clock pinned
 * to the incident, a seeded Kubernetes fake, a real Prometheus backfilled with the series the
 * situation produced, and the Logs Insights and X-Ray fakes where the situation has them. Each
 * playbook test describes its situation; this file starts it, finds the finding, and cleans up.
 */
import type { Finding, Incident } from '../../src/domain/incident.js';
import type { Snapshot, StepRecord } from '../../src/domain/snapshot.js';
import type { Clock } from '../../src/ports/clock.js';
import { startFakeLogsInsights, type FakeLogsInsights, type FakeLogsInsightsOptions } from '../../src/sim/aws/logs-insights.js';
import { startFakeXRay, type FakeXRay, type FakeXRayOptions } from '../../src/sim/aws/xray.js';
import type { SimCluster } from '../../src/sim/kube-api/index.js';
import { eventually, startHarness, type Harness } from './daemon-harness.js';
import { renderOpenMetrics, type Family } from './openmetrics.js';
import { startPrometheus, type RunningPrometheus } from './prometheus.js';

/** 2026-11-22 10:01 UTC: a minute after the wire fixtures' alarms (test/fixtures/wire/aws/README.md). */
export const INCIDENT_AT_MS = Date.UTC(2026, 10, 22, 10, 1, 0);
export const INCIDENT_AT = INCIDENT_AT_MS / 1000;

/** Time that starts at `atMs` and runs at the real pace, so durations stay real. */
export function pinnedClock(atMs: number): Clock {
  const offset = Date.now() - atMs;
  return { now: () => Date.now() - offset };
}

/** What the seeded situation left in the evidence peers besides the cluster. */
export interface Situation {
  /** Backfilled into Prometheus (pod names must be those of the seeded pods). */
  readonly series: readonly Family[];
  /** Starts the X-Ray fake and enables X-Ray. */
  readonly xray?: FakeXRayOptions;
  /** Starts the Logs Insights fake and enables Logs Insights. */
  readonly logsInsights?: FakeLogsInsightsOptions;
}

export interface WorldOptions {
  /** Seeds the cluster as it stands at `nowMs` and says what else the situation produced. */
  readonly seed: (cluster: SimCluster, nowMs: number) => Situation;
  readonly sqs?: boolean;
  /** More daemon config (e.g. TRIAGED_KUBERNETES_WATCH). */
  readonly env?: Record<string, string>;
  /** Deadline of every investigation (default the daemon's). */
  readonly investigationDeadlineSeconds?: number;
}

export interface Investigation {
  readonly incident: Incident;
  readonly snapshot: Snapshot;
  readonly finding: Finding;
  /** The top-level chat.postMessage of the finding, as the fake Slack API received it. */
  readonly post: { readonly text: string; readonly blocks: string };
}

export interface World {
  readonly h: Harness;
  readonly clock: Clock;
  readonly prometheus: RunningPrometheus;
  readonly xray?: FakeXRay;
  readonly logsInsights?: FakeLogsInsights;
  /** Waits until the incident about `targetName` is diagnosed and posted. */
  investigation(targetName: string): Promise<Investigation>;
  close(): Promise<void>;
}

const AWS_PROCESS_ENV = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: 'us-east-1' };

export async function startWorld(options: WorldOptions): Promise<World> {
  const clock = pinnedClock(INCIDENT_AT_MS);
  const peers: { prometheus?: RunningPrometheus; xray?: FakeXRay; logsInsights?: FakeLogsInsights } = {};
  const closePeers = async (): Promise<void> => {
    await peers.prometheus?.close();
    await peers.xray?.close();
    await peers.logsInsights?.close();
  };
  let h: Harness;
  try {
    h = await startHarness({
      clock,
      ...(options.sqs ? { sqs: true } : {}),
      env: {
        ...(options.investigationDeadlineSeconds ? { TRIAGED_INVESTIGATION_DEADLINE_SECONDS: String(options.investigationDeadlineSeconds) } : {}),
        ...options.env,
      },
      async beforeStart(kube) {
        const situation = options.seed({ store: kube.store, controllers: kube.controllers }, clock.now());
        peers.prometheus = await startPrometheus({ series: renderOpenMetrics(situation.series) });
        if (situation.xray) peers.xray = await startFakeXRay(situation.xray);
        if (situation.logsInsights) peers.logsInsights = await startFakeLogsInsights(situation.logsInsights);
        // The AWS SDK reads its endpoints from the environment itself.
        if (peers.xray || peers.logsInsights) Object.assign(process.env, AWS_PROCESS_ENV);
        if (peers.xray) process.env.AWS_ENDPOINT_URL_XRAY = peers.xray.url;
        if (peers.logsInsights) process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = peers.logsInsights.url;
        return {
          TRIAGED_PROMETHEUS_URL: peers.prometheus.url,
          ...(peers.xray ? { TRIAGED_XRAY_ENABLED: 'true', AWS_REGION: 'us-east-1' } : {}),
          ...(peers.logsInsights ? { TRIAGED_LOGS_INSIGHTS_ENABLED: 'true', AWS_REGION: 'us-east-1' } : {}),
        };
      },
    });
  } catch (error) {
    await closePeers();
    throw error;
  }
  const prometheus = peers.prometheus as RunningPrometheus;
  return {
    h,
    clock,
    prometheus,
    ...(peers.xray ? { xray: peers.xray } : {}),
    ...(peers.logsInsights ? { logsInsights: peers.logsInsights } : {}),
    investigation: (targetName) => investigationOf(h, targetName),
    async close() {
      await h.close();
      await closePeers();
    },
  };
}

async function investigationOf(h: Harness, targetName: string): Promise<Investigation> {
  const incident = await eventually(
    `the diagnosed incident about ${targetName}`,
    async () => (await h.daemon.store.listIncidents({ limit: 100 })).find((i) => i.alarm.target.name === targetName && i.status === 'diagnosed' && i.thread),
    45_000,
  );
  const snapshot = await h.daemon.store.latestSnapshot(incident.id);
  const finding = await h.daemon.store.latestFinding(incident.id);
  if (!snapshot || !finding) throw new Error(`incident ${incident.id} has no snapshot or finding`);
  const call = h.slack.calls.find((c) => c.method === 'chat.postMessage' && !c.args.thread_ts && c.status === 200 && String(c.args.text ?? '').length > 0 && JSON.stringify(c.args.blocks ?? '').includes(incident.id));
  if (!call) throw new Error(`no Slack post for incident ${incident.id}`);
  return { incident, snapshot, finding, post: { text: String(call.args.text), blocks: JSON.stringify(call.args.blocks) } };
}

/** Each step's outcome by name, for one readable assertion on the whole timeline. */
export function outcomes(timeline: readonly StepRecord[]): Record<string, StepRecord['outcome']> {
  return Object.fromEntries(timeline.map((s) => [s.step, s.outcome]));
}

/** How the Slack message draws each step (src/adapters/slack/finding-view.ts), up to its duration. */
export function postedStepLines(timeline: readonly StepRecord[]): string[] {
  return timeline.map((s) => `${s.outcome} ${s.step} (${s.source}, ${s.durationMs} ms)`);
}

/** The sources the snapshot's time series came from, by series name. */
export function metricSources(snapshot: Snapshot): Record<string, string> {
  return Object.fromEntries((snapshot.metrics ?? []).map((m) => [m.name, m.source]));
}
