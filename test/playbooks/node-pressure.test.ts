/**
 * Playbook 4, node pressure, end to end: Alertmanager's KubeNodePressure for a node whose
 * MemoryPressure condition is True, whose kubelet met its eviction threshold and evicted two pods,
 * with node-exporter's memory running out in the real Prometheus. The node-pressure playbook must
 * run every step, and Slack must say node-pressure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { seedDeployment, seedEvent, seedNode, seedNodeMetrics, seedPodMetrics, DEFAULT_NODE, type SimCluster } from '../../src/sim/kube-api/index.js';
import { counter, gauge, times, type Family } from '../support/openmetrics.js';
import { INCIDENT_AT, INCIDENT_AT_MS, metricSources, outcomes, postedStepLines, startWorld, type Investigation, type Situation, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { evicted, podName, underPressure } from '../support/situations.js';

const GiB = 1024 ** 3;
const timeline = { start: INCIDENT_AT - 120 * 60, minutes: 120, stepSeconds: 15 };
const INSTANCE = `${DEFAULT_NODE}:9100`;

function nodeOutOfMemory(cluster: SimCluster, nowMs: number): Situation {
  const { store } = cluster;
  seedNode(store, DEFAULT_NODE, { now: nowMs, memory: '16181904Ki' });
  underPressure(store, DEFAULT_NODE, 'MemoryPressure', nowMs - 12 * 60_000, nowMs);
  // reports has no memory limit and grew until the kubelet evicted it; cart was evicted with it.
  const reports = seedDeployment(store, { namespace: 'analytics', name: 'reports', replicas: 2, resources: { requests: { cpu: '500m', memory: '512Mi' } }, now: nowMs });
  const cart = seedDeployment(store, { namespace: 'shop', name: 'cart', replicas: 2, now: nowMs });
  const victims = [
    { pod: reports.pods[0]!, message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 61284Ki. Container app was using 9824532Ki, request is 512Mi, has larger consumption of memory.' },
    { pod: cart.pods[0]!, message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87012Ki. Container app was using 243188Ki, request is 256Mi, has larger consumption of memory.' },
  ];
  for (const [i, { pod, message }] of victims.entries()) {
    evicted(store, pod, message, nowMs - (9 - i) * 60_000);
    seedEvent(store, { namespace: pod.metadata.namespace ?? '', involvedObject: { kind: 'Pod', name: podName(pod) }, reason: 'Evicted', message, host: DEFAULT_NODE, at: nowMs - (9 - i) * 60_000 });
  }
  seedPodMetrics(store, reports.pods[1]!, { app: { cpu: '820m', memory: '9502312Ki' } }, nowMs);
  seedPodMetrics(store, cart.pods[1]!, { app: { cpu: '90m', memory: '241012Ki' } }, nowMs);
  seedNodeMetrics(store, DEFAULT_NODE, { cpu: '1840m', memory: '15728640Ki' }, nowMs);
  seedEvent(store, { namespace: 'default', involvedObject: { kind: 'Node', name: DEFAULT_NODE }, reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory', count: 3, host: DEFAULT_NODE, at: nowMs - 8 * 60_000 });
  seedEvent(store, { namespace: 'default', involvedObject: { kind: 'Node', name: DEFAULT_NODE }, reason: 'NodeHasInsufficientMemory', message: `Node ${DEFAULT_NODE} status is now: NodeHasInsufficientMemory`, type: 'Normal', host: DEFAULT_NODE, at: nowMs - 12 * 60_000 });
  // node-exporter: MemAvailable falls from 9 GiB to 0.1 GiB over the last hour.
  const available = (t: number): number => Math.max(0.1 * GiB, 9 * GiB - Math.max(0, t - (INCIDENT_AT - 3600)) * ((8.9 * GiB) / 3300));
  const series: Family[] = [
    gauge('node_memory_MemTotal_bytes', { instance: INSTANCE, job: 'node-exporter' }, times(timeline).map((t) => [t, 15.4 * GiB])),
    gauge('node_memory_MemAvailable_bytes', { instance: INSTANCE, job: 'node-exporter' }, times(timeline).map((t) => [t, available(t)])),
    ...['0', '1', '2', '3'].map((cpu) => counter('node_cpu_seconds', { instance: INSTANCE, job: 'node-exporter', cpu, mode: 'idle' }, times(timeline).map((t) => [t, 0.55 * (t - timeline.start)]))),
  ];
  return { series };
}

describe.skipIf(!prometheusAvailable())('node-pressure playbook, end to end', () => {
  let world: World;
  let investigation: Investigation;

  beforeAll(async () => {
    world = await startWorld({ seed: nodeOutOfMemory });
    const alert = {
      labels: { alertname: 'KubeNodePressure', condition: 'MemoryPressure', node: DEFAULT_NODE, status: 'true', severity: 'info', job: 'kube-state-metrics', container: 'kube-rbac-proxy-main' },
      annotations: { description: `${DEFAULT_NODE} on cluster test has active Condition MemoryPressure. This is caused by resource usage exceeding eviction thresholds.` },
      startsAt: new Date(INCIDENT_AT_MS - 2 * 60_000).toISOString(),
    };
    const response = await fetch(`${world.h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerWebhook([alert])) });
    expect(response.status).toBe(202);
    investigation = await world.investigation(DEFAULT_NODE);
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('runs the node-pressure playbook with every step answering', () => {
    const { snapshot, finding } = investigation;
    expect(snapshot.playbook).toBe('node-pressure');
    expect(finding.playbook).toBe('node-pressure');
    expect(outcomes(finding.timeline)).toEqual({
      'resolve target': 'ok',
      nodes: 'ok',
      events: 'ok',
      'current usage': 'ok',
      'top pods on the node': 'ok',
      'node metrics': 'ok',
    });
  });

  it('holds the node, its evicted pods, its events, metrics-server usage and node-exporter series', () => {
    const { snapshot } = investigation;
    const objects = snapshot.kubernetes!.objects!;
    expect(objects.filter((o) => o.kind === 'Pod' && (o['status'] as { reason?: string }).reason === 'Evicted')).toHaveLength(2);
    expect(objects.some((o) => o.kind === 'Event' && o['reason'] === 'EvictionThresholdMet')).toBe(true);
    expect(objects.some((o) => o.kind === 'NodeMetrics')).toBe(true);
    expect(metricSources(snapshot)).toMatchObject({ node_cpu_utilization: 'prometheus', node_memory_utilization: 'prometheus' });
    const memory = snapshot.metrics!.find((m) => m.name === 'node_memory_utilization')!;
    expect(memory.points.at(-1)![1]).toBeGreaterThan(0.95);
  });

  it('diagnoses node-pressure on the node and offers to cordon it', () => {
    const { diagnosis } = investigation.finding;
    expect(diagnosis.category).toBe('node-pressure');
    expect(diagnosis.target).toEqual({ kind: 'Node', name: DEFAULT_NODE });
    expect(diagnosis.summary).toMatch(/MemoryPressure and evicted 2 pod/);
    expect(diagnosis.remediations.map((r) => r.action)).toContain('cordon-node');
  });

  it('posts node-pressure to Slack, with the step timeline', () => {
    for (const line of postedStepLines(investigation.finding.timeline)) expect(investigation.post.blocks).toContain(line);
    expect(investigation.post.text).toContain('node-pressure');
    expect(investigation.post.blocks).toContain(`node-pressure in Node/${DEFAULT_NODE}`);
  });
});
