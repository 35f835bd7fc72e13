/**
 * A corpus case: the expected category (the directory it is written to), a slug (the file name),
 * "now", and a build function that fills a World. `misleading` says, for the README table, why the
 * label is what it is when the loudest evidence points elsewhere.
 */
import type { Obj } from './util.js';
import { World, type Alarm, type EventView } from './world.js';

// The contract's list of ids (not the rules): the corpus stays independent of the engine.
export { CATEGORIES, type Category } from '../../../src/domain/diagnosis.js';
import type { Category } from '../../../src/domain/diagnosis.js';

export interface CaseDef {
  category: Category;
  slug: string;
  now: string;
  /** One line: what happened. */
  title: string;
  /** Set on misleading cases: what looks like the cause, and why the label is what it is. */
  misleading?: string;
  eventView?: EventView;
  flavor?: 'eks' | 'gke' | 'kubeadm';
  region?: string;
  build(w: World): void;
}

export function buildSnapshot(c: CaseDef): Obj {
  const w = new World(`${c.category}/${c.slug}`, c.now, { eventView: c.eventView, flavor: c.flavor, region: c.region });
  c.build(w);
  const snap: Obj = { version: 1, capturedAt: c.now };
  if (w.alarm) snap.alarm = w.alarm;
  snap.kubernetes = { objects: w.objects, logs: w.containerLogs };
  snap.metrics = w.metrics;
  snap.logs = w.logQueries;
  if (w.traces) snap.traces = w.traces;
  if (w.changes.length > 0) snap.changes = w.changes;
  if (w.missing.length > 0) snap.missing = w.missing;
  return snap;
}

// ---------------------------------------------------------------- alarms

export function alertmanagerAlarm(
  w: World,
  o: { alertname: string; severity: 'critical' | 'warning' | 'info'; labels: Record<string, string>; summary: string; description: string; startsAt: string; kind?: Alarm['kind']; target?: Alarm['target']; runbook?: string; expr?: string },
): void {
  const labels = { alertname: o.alertname, ...o.labels, prometheus: 'monitoring/kube-prometheus-stack-prometheus', severity: o.severity };
  const startsAt = w.clock.iso(o.startsAt).replace('Z', `.${String(w.rng.int(0, 999)).padStart(3, '0')}Z`);
  const expr = encodeURIComponent(o.expr ?? o.alertname);
  w.alarm = {
    source: 'alertmanager',
    name: o.alertname,
    ...(o.kind ? { kind: o.kind } : {}),
    severity: o.severity,
    ...(o.target ? { target: o.target } : {}),
    startsAt: w.clock.iso(o.startsAt),
    description: o.description,
    raw: {
      status: 'firing',
      labels,
      annotations: {
        description: o.description,
        runbook_url: o.runbook ?? `https://runbooks.prometheus-operator.dev/runbooks/kubernetes/${o.alertname.toLowerCase()}`,
        summary: o.summary,
      },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus.monitoring.svc:9090/graph?g0.expr=${expr}&g0.tab=1`,
      fingerprint: w.rng.hex(16),
    },
  };
}

export function cloudwatchAlarm(
  w: World,
  o: {
    alarmName: string;
    metricName: string;
    namespace?: string;
    dimensions: Record<string, string>;
    threshold: number;
    statistic?: string;
    recent: number[];
    startsAt: string;
    kind?: Alarm['kind'];
    severity?: Alarm['severity'];
    target?: Alarm['target'];
    description?: string;
    account?: string;
  },
): void {
  const account = o.account ?? '123456789012';
  const at = w.clock.iso(o.startsAt);
  const stateTs = at.replace('Z', `.${String(w.rng.int(0, 999)).padStart(3, '0')}+0000`);
  const n = o.recent.length;
  const newest = o.recent[n - 1] as number;
  const two = (x: number): string => String(x).padStart(2, '0');
  const stamp = (sec: number): string => {
    const d = new Date(sec * 1000);
    return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${String(d.getUTCFullYear()).slice(2)} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:00`;
  };
  const atSec = Math.floor(Date.parse(at) / 1000);
  const newestMinute = Math.floor(atSec / 60) * 60 - 60;
  const listed = [...o.recent].reverse().map((v, i) => `${v} (${stamp(newestMinute - 60 * i)})`).join(', ');
  const reason = `Threshold Crossed: ${n} out of the last ${n} datapoints [${listed}] were greater than the threshold (${o.threshold}.0) (minimum ${n} datapoints for OK -> ALARM transition).`;
  const arn = `arn:aws:cloudwatch:${w.region}:${account}:alarm:${o.alarmName}`;
  w.alarm = {
    source: 'cloudwatch',
    name: o.alarmName,
    ...(o.kind ? { kind: o.kind } : {}),
    severity: o.severity ?? 'critical',
    ...(o.target ? { target: o.target } : {}),
    startsAt: at,
    ...(o.description ? { description: o.description } : {}),
    raw: {
      version: '0',
      id: w.rng.uid(),
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account,
      time: at,
      region: w.region,
      resources: [arn],
      detail: {
        alarmName: o.alarmName,
        state: {
          value: 'ALARM',
          reason,
          reasonData: JSON.stringify({
            version: '1.0',
            queryDate: stateTs,
            startDate: w.clock.iso(w.clock.unix(o.startsAt) - w.clock.nowSec - 60 * n).replace('Z', '.000+0000'),
            statistic: o.statistic ?? 'Maximum',
            period: 60,
            recentDatapoints: o.recent,
            threshold: o.threshold,
            evaluatedDatapoints: [{ timestamp: w.clock.iso(w.clock.unix(o.startsAt) - w.clock.nowSec - 60).replace('Z', '.000+0000'), sampleCount: 1.0, value: newest }],
          }),
          timestamp: stateTs,
        },
        previousState: { value: 'OK', reason: `Threshold Crossed: 1 datapoint was not greater than the threshold (${o.threshold}.0).`, timestamp: w.clock.iso(w.clock.unix(o.startsAt) - w.clock.nowSec - 3600 * 5).replace('Z', '.112+0000') },
        configuration: {
          ...(o.description ? { description: o.description } : {}),
          metrics: [
            {
              id: w.rng.uid(),
              metricStat: {
                metric: { namespace: o.namespace ?? 'ContainerInsights', name: o.metricName, dimensions: o.dimensions },
                period: 60,
                stat: o.statistic ?? 'Maximum',
              },
              returnData: true,
            },
          ],
        },
      },
    },
  };
}

export function kubernetesAlarm(w: World, e: Obj, kind?: Alarm['kind'], severity: Alarm['severity'] = 'warning'): void {
  const ref = (e.involvedObject ?? e.regarding) as { namespace?: string; kind: string; name: string };
  w.alarm = {
    source: 'kubernetes',
    name: (e.reason as string) ?? 'Event',
    ...(kind ? { kind } : {}),
    severity,
    target: { ...(ref.namespace ? { namespace: ref.namespace } : {}), kind: ref.kind, name: ref.name },
    startsAt: (e.firstTimestamp ?? e.deprecatedFirstTimestamp ?? (e.eventTime as string | undefined)?.replace(/\.\d+Z$/, 'Z')) as string,
    description: (e.message ?? e.note) as string,
    raw: e,
  };
}

export function manualAlarm(w: World, o: { name: string; description: string; target?: Alarm['target']; kind?: Alarm['kind']; startsAt: string; user: string }): void {
  w.alarm = {
    source: 'manual',
    name: o.name,
    ...(o.kind ? { kind: o.kind } : {}),
    severity: 'warning',
    ...(o.target ? { target: o.target } : {}),
    startsAt: w.clock.iso(o.startsAt),
    description: o.description,
    raw: { requestedBy: o.user, via: 'triaged investigate', args: o.target ? [`${o.target.namespace}/${o.target.kind}/${o.target.name}`] : [] },
  };
}
