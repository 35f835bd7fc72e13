/**
 * Playbook 2, high CPU, end to end: Alertmanager's CPUThrottlingHigh for a search pod whose three
 * replicas sit at their 500m limit, throttled in 45% of CFS periods, with the HPA at its maximum.
 * The high-cpu playbook must run every step with the series from the real Prometheus, and Slack
 * must say cpu-throttling.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { seedDeployment, seedEvent, seedNode, seedNodeMetrics, seedPodMetrics, DEFAULT_NODE, type SimCluster } from '../../src/sim/kube-api/index.js';
import { counter, cpuThrottling, times, type Family } from '../support/openmetrics.js';
import { INCIDENT_AT, INCIDENT_AT_MS, metricSources, outcomes, postedStepLines, startWorld, type Investigation, type Situation, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { podName, scaledEvent, seedHpa } from '../support/situations.js';

const timeline = { start: INCIDENT_AT - 120 * 60, minutes: 120, stepSeconds: 15 };
let firstPod = '';

function throttledSearch(cluster: SimCluster, nowMs: number): Situation {
  const { store } = cluster;
  seedNode(store, DEFAULT_NODE, { now: nowMs });
  const { deployment, replicaSet, pods } = seedDeployment(store, {
    namespace: 'shop',
    name: 'search',
    replicas: 3,
    resources: { limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '250m', memory: '1Gi' } },
    now: nowMs,
  });
  firstPod = podName(pods[0]!);
  const series: Family[] = pods.flatMap((pod) => cpuThrottling({ ...timeline, namespace: 'shop', pod: podName(pod), container: 'app', limitCores: 0.5, throttledShare: 0.45 }));
  // node-exporter: four cores, each idle 35% of the time.
  for (const cpu of ['0', '1', '2', '3']) {
    series.push(counter('node_cpu_seconds', { instance: `${DEFAULT_NODE}:9100`, job: 'node-exporter', cpu, mode: 'idle' }, times(timeline).map((t) => [t, 0.35 * (t - timeline.start)])));
  }
  for (const pod of pods) seedPodMetrics(store, pod, { app: { cpu: '499m', memory: '612044Ki' } }, nowMs);
  seedNodeMetrics(store, DEFAULT_NODE, { cpu: '2560m', memory: '7340032Ki' }, nowMs);
  seedHpa(store, { namespace: 'shop', deployment: 'search', min: 2, max: 3, current: 3, cpuPercent: 199, targetPercent: 70, nowMs });
  seedEvent(store, {
    namespace: 'shop',
    involvedObject: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'search' },
    reason: 'SuccessfulRescale',
    message: 'New size: 3; reason: cpu resource utilization (percentage of request) above target',
    component: 'horizontal-pod-autoscaler',
    type: 'Normal',
    at: nowMs - 20 * 60_000,
  });
  scaledEvent(store, deployment, replicaSet, 3, nowMs - 20 * 60_000);
  return { series };
}

describe.skipIf(!prometheusAvailable())('high-cpu playbook, end to end', () => {
  let world: World;
  let investigation: Investigation;

  beforeAll(async () => {
    world = await startWorld({ seed: throttledSearch });
    const alert = {
      labels: { alertname: 'CPUThrottlingHigh', namespace: 'shop', pod: firstPod, container: 'app', severity: 'info' },
      annotations: { description: `45% throttling of CPU in namespace shop for container app in pod ${firstPod}.` },
      startsAt: new Date(INCIDENT_AT_MS - 60_000).toISOString(),
    };
    const response = await fetch(`${world.h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerWebhook([alert])) });
    expect(response.status).toBe(202);
    investigation = await world.investigation(firstPod);
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('runs the high-cpu playbook with every step answering', () => {
    const { snapshot, finding } = investigation;
    expect(snapshot.playbook).toBe('high-cpu');
    expect(finding.playbook).toBe('high-cpu');
    expect(outcomes(finding.timeline)).toEqual({
      'resolve target': 'ok',
      'cpu series': 'ok',
      'node metrics': 'ok',
      autoscaler: 'ok',
      'current usage': 'ok',
      'top pods on the node': 'ok',
      events: 'ok',
      nodes: 'ok',
    });
  });

  it('reads CPU usage, throttling and node CPU from Prometheus, and the HPA from the cluster', () => {
    const { snapshot } = investigation;
    expect(metricSources(snapshot)).toMatchObject({ container_cpu_usage_cores: 'prometheus', container_cpu_throttled_ratio: 'prometheus', node_cpu_utilization: 'prometheus' });
    const ratios = snapshot.metrics!.filter((m) => m.name === 'container_cpu_throttled_ratio');
    expect(ratios).toHaveLength(3);
    for (const ratio of ratios) expect(ratio.points.at(-1)![1]).toBeCloseTo(0.45, 2);
    const nodeCpu = snapshot.metrics!.find((m) => m.name === 'node_cpu_utilization')!;
    expect(nodeCpu.points.at(-1)![1]).toBeCloseTo(0.65, 2);
    expect(snapshot.kubernetes!.objects!.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata?.name === 'search')).toBe(true);
  });

  it('diagnoses cpu-throttling on the Deployment and sizes the CPU limit from the usage', () => {
    const { diagnosis } = investigation.finding;
    expect(diagnosis.category).toBe('cpu-throttling');
    expect(diagnosis.target).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'search' });
    expect(diagnosis.summary).toMatch(/throttled in 45% of CPU periods/);
    expect(diagnosis.evidence.some((e) => e.source === 'prometheus')).toBe(true);
    expect(diagnosis.remediations.find((r) => r.action === 'set-resources')?.params?.limits?.cpu).toBe('750m');
  });

  it('posts cpu-throttling to Slack, with the step timeline', () => {
    for (const line of postedStepLines(investigation.finding.timeline)) expect(investigation.post.blocks).toContain(line);
    expect(investigation.post.text).toContain('cpu-throttling');
    expect(investigation.post.blocks).toContain('cpu-throttling in shop/Deployment/search');
  });
});
