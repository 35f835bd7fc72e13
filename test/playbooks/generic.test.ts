/**
 * Playbook 6, generic, end to end: an alarm whose name says nothing triaged knows, about a healthy
 * inventory Deployment with nothing wrong in the cluster or in the real Prometheus. The generic
 * playbook must gather what it can and the finding must be an honest `unknown` that names the
 * evidence it did not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { seedDeployment, seedNode, seedNodeMetrics, seedPodMetrics, DEFAULT_NODE, type SimCluster } from '../../src/sim/kube-api/index.js';
import { counter, cpuThrottling, gauge, times, type Family } from '../support/openmetrics.js';
import { INCIDENT_AT, INCIDENT_AT_MS, metricSources, outcomes, postedStepLines, startWorld, type Investigation, type Situation, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { podName, scaledEvent } from '../support/situations.js';

const MiB = 1024 * 1024;
const timeline = { start: INCIDENT_AT - 120 * 60, minutes: 120, stepSeconds: 15 };

function healthyInventory(cluster: SimCluster, nowMs: number): Situation {
  const { store } = cluster;
  seedNode(store, DEFAULT_NODE, { now: nowMs });
  const { deployment, replicaSet, pods } = seedDeployment(store, { namespace: 'shop', name: 'inventory', replicas: 2, now: nowMs });
  const series: Family[] = [];
  for (const [p, pod] of pods.entries()) {
    const labels = { namespace: 'shop', pod: podName(pod), container: 'app' };
    series.push(
      gauge('container_memory_working_set_bytes', labels, times(timeline).map((t, i) => [t, 96 * MiB + ((i * 5 + p) % 9) * 0.3 * MiB])),
      ...cpuThrottling({ ...timeline, ...labels, limitCores: 0.04, throttledShare: 0 }),
      counter('kube_pod_container_status_restarts', labels, times(timeline).map((t) => [t, 0])),
    );
    store.setLog({ namespace: 'shop', pod: podName(pod), container: 'app' }, '{"level":"info","msg":"sync complete","items":18211,"ms":412}\n');
    seedPodMetrics(store, pod, { app: { cpu: '40m', memory: '98304Ki' } }, nowMs);
  }
  seedNodeMetrics(store, DEFAULT_NODE, { cpu: '610m', memory: '4194304Ki' }, nowMs);
  scaledEvent(store, deployment, replicaSet, 2, nowMs - 2 * 3_600_000);
  return { series };
}

describe.skipIf(!prometheusAvailable())('generic playbook, end to end', () => {
  let world: World;
  let investigation: Investigation;

  beforeAll(async () => {
    world = await startWorld({ seed: healthyInventory });
    const alert = {
      labels: { alertname: 'InventorySyncStale', namespace: 'shop', deployment: 'inventory', severity: 'warning', team: 'catalog' },
      annotations: { description: 'the last inventory sync finished more than 30 minutes ago' },
      startsAt: new Date(INCIDENT_AT_MS - 60_000).toISOString(),
    };
    const response = await fetch(`${world.h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerWebhook([alert])) });
    expect(response.status).toBe(202);
    investigation = await world.investigation('inventory');
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('runs the generic playbook for an alarm of unknown kind, asking every source', () => {
    const { snapshot, finding, incident } = investigation;
    expect(incident.alarm.kind).toBe('unknown');
    expect(snapshot.playbook).toBe('generic');
    expect(finding.playbook).toBe('generic');
    expect(outcomes(finding.timeline)).toEqual({
      'resolve target': 'ok',
      events: 'ok',
      // Nothing has restarted: there is no previous container to read.
      'previous container logs': 'empty',
      'current container logs': 'ok',
      nodes: 'ok',
      'rollout history': 'ok',
      'current usage': 'ok',
      'basic series': 'ok',
      // This cluster runs Prometheus only.
      'application error logs': 'skipped',
      traces: 'skipped',
    });
  });

  it('reads the basic series from Prometheus', () => {
    expect(metricSources(investigation.snapshot)).toMatchObject({ container_memory_working_set_bytes: 'prometheus', container_cpu_usage_cores: 'prometheus', kube_pod_container_status_restarts_total: 'prometheus' });
  });

  it('answers unknown, names the evidence it did not have, and proposes nothing', () => {
    const { diagnosis } = investigation.finding;
    expect(diagnosis.category).toBe('unknown');
    expect(diagnosis.target).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'inventory' });
    expect(diagnosis.remediations).toEqual([]);
    expect(diagnosis.missing).toEqual([
      'application error logs: CloudWatch Logs Insights is not enabled (TRIAGED_LOGS_INSIGHTS_ENABLED)',
      'traces: AWS X-Ray is not enabled (TRIAGED_XRAY_ENABLED)',
    ]);
  });

  it('posts the unknown finding under the alarm name, with its missing evidence', () => {
    const { post } = investigation;
    expect(post.text).toContain('InventorySyncStale');
    expect(post.blocks).toContain('Missing evidence');
    expect(post.blocks).toContain('AWS X-Ray is not enabled');
    expect(post.blocks).toContain('no rule found evidence of a known cause');
    for (const line of postedStepLines(investigation.finding.timeline)) expect(post.blocks).toContain(line);
  });
});
