import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import type { Alarm, RejectedAlarm, Severity } from '../../src/domain/alarm.js';
import type { AlarmSink, IntakeReceipt } from '../../src/ports/intake.js';
import { crashLoopingDeployment, seedDeployment, seedEvent, startKubeApiServer, type KubeApiServer } from '../../src/sim/kube-api/index.js';
import { eventAlarm, KubernetesAlarmSource, podAlarms } from '../../src/sources/kubernetes/index.js';
import { waitFor } from './helpers.js';

class MemorySink implements AlarmSink {
  readonly accepted: Alarm[] = [];
  readonly rejected: RejectedAlarm[] = [];
  async accept(alarm: Alarm): Promise<IntakeReceipt> {
    this.accepted.push(alarm);
    return { outcome: 'opened', settled: Promise.resolve() };
  }
  async reject(rejected: RejectedAlarm): Promise<void> {
    this.rejected.push(rejected);
  }
  hasCapacity(_severity: Severity): boolean {
    return true;
  }
}

const WIRE = fileURLToPath(new URL('../fixtures/wire/kubernetes', import.meta.url));

let api: KubeApiServer;
let sink: MemorySink;
let source: KubernetesAlarmSource;

beforeEach(async () => {
  api = await startKubeApiServer({ controllers: false });
  seedDeployment(api.store, { namespace: 'shop', name: 'cart', replicas: 2 });
  // History from before start-up: not an alarm.
  seedEvent(api.store, { namespace: 'shop', involvedObject: { kind: 'Pod', name: 'old-pod' }, reason: 'BackOff', message: 'old', at: Date.now() - 3_600_000 });
  const kube = createKubernetesAdapter({ server: api.url, rateLimit: { qps: 1000, burst: 1000 } });
  sink = new MemorySink();
  source = new KubernetesAlarmSource({ client: kube.client, resources: kube.resources, sink, namespaces: ['shop'], backoff: { initialMs: 20, maxMs: 200 } });
  await source.start();
  await waitFor(() => source.synced, 'the source to sync');
});

afterEach(async () => {
  await source.stop();
  await api.close();
});

describe('KubernetesAlarmSource', () => {
  it('raises nothing for healthy pods and old events at start-up', async () => {
    expect(sink.accepted).toEqual([]);
    expect(sink.rejected).toEqual([]);
  });

  it('turns a crash-looping pod into one alarm on its Deployment, and its Warning event into another', async () => {
    crashLoopingDeployment(api, { namespace: 'shop', name: 'checkout', replicas: 1, exitCode: 137, chaos: 'memory-leak' });
    await waitFor(() => sink.accepted.some((a) => a.name === 'CrashLoopBackOff') && sink.accepted.some((a) => a.name === 'BackOff'), 'both alarms');
    const crash = sink.accepted.filter((a) => a.name === 'CrashLoopBackOff');
    expect(crash).toHaveLength(1);
    expect(crash[0]).toMatchObject({
      source: 'kubernetes',
      kind: 'memory',
      severity: 'critical',
      state: 'firing',
      target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' },
      drill: true,
      labels: { namespace: 'shop', container: 'app', lastTerminationReason: 'OOMKilled', exitCode: '137' },
    });
    expect(crash[0]?.externalId).toContain('/CrashLoopBackOff/app');
    const backOff = sink.accepted.find((a) => a.name === 'BackOff')!;
    expect(backOff).toMatchObject({ kind: 'crash', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, drill: true });

    // Further status changes of the same condition do not fire again.
    const pod = api.store.all('v1', 'Pod', 'shop').find((p) => p.metadata.name?.startsWith('checkout-'))!;
    api.store.put({ ...pod, metadata: { ...pod.metadata, annotations: { touched: 'yes' } } });
    seedEvent(api.store, { namespace: 'shop', involvedObject: { kind: 'Node', name: 'ip-10-0-3-17' }, reason: 'NodeNotReady', message: 'Node is not ready' });
    await waitFor(() => sink.accepted.some((a) => a.name === 'NodeNotReady'), 'the node alarm');
    expect(sink.accepted.filter((a) => a.name === 'CrashLoopBackOff')).toHaveLength(1);
    expect(sink.accepted.find((a) => a.name === 'NodeNotReady')).toMatchObject({ kind: 'node', severity: 'critical', target: { kind: 'Node', name: 'ip-10-0-3-17' } });
  });

  it('records malformed objects as rejected and keeps running', async () => {
    api.store.put({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'weird', namespace: 'shop' }, spec: { containers: [{ name: 'a', image: 'b' }] }, status: { containerStatuses: 'nope' } });
    api.store.put({ apiVersion: 'v1', kind: 'Event', metadata: { name: 'weird.1', namespace: 'shop' }, type: 'Warning', reason: 'BackOff' });
    await waitFor(() => sink.rejected.length >= 2, 'two rejections');
    expect(sink.rejected.map((r) => r.reason).sort()).toEqual(['event has no involvedObject kind and name', 'pod shop/weird has container statuses that are not a list']);
    expect(sink.rejected.every((r) => r.source === 'kubernetes' && r.body.includes('weird'))).toBe(true);
    seedEvent(api.store, { namespace: 'shop', involvedObject: { kind: 'Pod', name: 'x' }, reason: 'FailedMount', message: 'MountVolume.SetUp failed' });
    await waitFor(() => sink.accepted.some((a) => a.name === 'FailedMount'), 'an alarm after the rejections');
  });
});

describe('pod-alarms parsers on the wire fixtures', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');

  it('reads the crash-looping pod of list-pods-response.json', () => {
    const list = JSON.parse(readFileSync(`${WIRE}/list-pods-response.json`, 'utf8')) as { items: unknown[] };
    const result = podAlarms(list.items[0], { now, ownerOf: (ns, pod) => (pod.startsWith('checkout-') ? { namespace: ns, kind: 'Deployment', name: 'checkout' } : undefined) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.alarms.map((a) => [a.name, a.kind, a.severity])).toEqual([['CrashLoopBackOff', 'memory', 'critical']]);
    expect(result.alarms[0]?.target).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'checkout' });
  });

  it('reads core/v1 and events.k8s.io/v1 Warning events', () => {
    for (const file of ['event-core-v1.json', 'event-events-k8s-io-v1.json']) {
      const result = eventAlarm(JSON.parse(readFileSync(`${WIRE}/${file}`, 'utf8')), { now });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.alarms.map((a) => [a.name, a.kind, a.target.kind])).toEqual([['BackOff', 'crash', 'Pod']]);
    }
    const both = JSON.parse(readFileSync(`${WIRE}/event-scheduler-both-views.json`, 'utf8')) as Record<string, unknown>;
    for (const view of Object.values(both)) {
      const result = eventAlarm(view, { now: Date.parse('2026-11-22T12:00:00Z') });
      expect(result.ok && result.alarms.map((a) => [a.name, a.kind])).toEqual([['FailedScheduling', 'node']]);
    }
    expect(eventAlarm(JSON.parse(readFileSync(`${WIRE}/event-core-v1.json`, 'utf8')), { now, notBefore: now + 86_400_000 })).toEqual({ ok: true, alarms: [] });
  });

  it('raises image pull, config errors, init crash loops and long unschedulable pods', () => {
    const pod = (status: unknown, extra: Record<string, unknown> = {}) => ({ metadata: { name: 'p', namespace: 'ns', uid: 'u', creationTimestamp: '2026-11-22T09:00:00Z', ...extra }, status });
    const waiting = (reason: string) => ({ name: 'app', state: { waiting: { reason, message: `${reason}!` } } });
    const names = (status: unknown, pendingThresholdMs?: number) => {
      const result = podAlarms(pod(status), { now, ...(pendingThresholdMs !== undefined ? { pendingThresholdMs } : {}) });
      return result.ok ? result.alarms.map((a) => a.name) : [result.reason];
    };
    expect(names({ containerStatuses: [waiting('ImagePullBackOff')] })).toEqual(['ImagePullBackOff']);
    expect(names({ containerStatuses: [waiting('ErrImagePull')] })).toEqual(['ImagePullBackOff']);
    expect(names({ containerStatuses: [waiting('CreateContainerConfigError')] })).toEqual(['CreateContainerConfigError']);
    expect(names({ initContainerStatuses: [waiting('CrashLoopBackOff')] })).toEqual(['Init:CrashLoopBackOff']);
    expect(names({ containerStatuses: [{ name: 'app', state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] })).toEqual(['OOMKilled']);
    const unschedulable = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available', lastTransitionTime: '2026-11-22T09:50:00Z' }] };
    expect(names(unschedulable)).toEqual(['FailedScheduling']);
    expect(names(unschedulable, 3_600_000)).toEqual([]);
    expect(names({ phase: 'Running' })).toEqual([]);
    expect(podAlarms({ metadata: {} }, { now })).toEqual({ ok: false, reason: 'pod has no metadata.namespace or metadata.name' });
  });
});
