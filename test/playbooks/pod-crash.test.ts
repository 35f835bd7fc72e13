/**
 * Playbook 5, pod crash, end to end through the Kubernetes alarm source (the daemon's own watch,
 * no webhook): ledger crash-loops with exit 1 and a stack trace → the pod-crash playbook and
 * crash-loop; resizer is OOM-killed while its working set holds flat near the limit in the real
 * Prometheus → oom-killed, with the memory limit sized from the observed peak.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/domain/quantity.js';
import { crashLoopingDeployment, seedNodeMetrics, seedPodMetrics, DEFAULT_NODE, type KubeObj, type SimCluster } from '../../src/sim/kube-api/index.js';
import { gauge, times, type Family } from '../support/openmetrics.js';
import { INCIDENT_AT, metricSources, outcomes, postedStepLines, startWorld, type Investigation, type Situation, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { podName } from '../support/situations.js';

const MiB = 1024 * 1024;
const timeline = { start: INCIDENT_AT - 150 * 60, minutes: 150, stepSeconds: 15 };
const STACK_TRACE = [
  '{"level":"info","msg":"ledger reconciler starting","version":"3.4.1"}',
  '/app/dist/ledger/reconcile.js:88',
  '    const total = entries.reduce((sum, e) => sum + e.amount.cents, 0);',
  '                                                             ^',
  '',
  "TypeError: Cannot read properties of undefined (reading 'cents')",
  '    at /app/dist/ledger/reconcile.js:88:61',
  '    at Array.reduce (<anonymous>)',
  '    at reconcile (/app/dist/ledger/reconcile.js:88:27)',
  '    at async main (/app/dist/main.js:23:3)',
  '',
  'Node.js v22.11.0',
].join('\n');

/** What the resizer printed before the kernel killed it: nothing about memory. */
const RESIZER_LOG = '{"level":"info","msg":"resizing","image":"catalog/8812.jpg","width":4096}\n{"level":"info","msg":"resizing","image":"catalog/8813.png","width":6000}\n';

/** A working set that holds near `bytes` with a little noise (no climb), and the 256Mi limit kube-state-metrics exports. */
function flatMemory(pods: readonly KubeObj[], bytes: number): Family[] {
  return pods.flatMap((pod, p) => {
    const labels = { namespace: 'shop', pod: podName(pod), container: 'app' };
    return [
      gauge('container_memory_working_set_bytes', labels, times(timeline).map((t, i) => [t, bytes + ((i * 7 + p * 3) % 11) * 0.4 * MiB])),
      gauge('kube_pod_container_resource_limits', { ...labels, resource: 'memory', unit: 'byte' }, times(timeline).map((t) => [t, 256 * MiB])),
    ];
  });
}

function crashingWorkloads(cluster: SimCluster, nowMs: number): Situation {
  const ledger = crashLoopingDeployment(cluster, { namespace: 'shop', name: 'ledger', replicas: 2, exitCode: 1, logs: STACK_TRACE, envFromConfigMaps: ['ledger-config'], now: nowMs });
  cluster.store.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ledger-config', namespace: 'shop' }, data: { LEDGER_DB_HOST: 'postgres.shop.svc' } });
  const resizer = crashLoopingDeployment(cluster, { namespace: 'shop', name: 'resizer', replicas: 2, exitCode: 137, logs: RESIZER_LOG, now: nowMs });
  for (const pod of [...ledger.pods, ...resizer.pods]) seedPodMetrics(cluster.store, pod, { app: { cpu: '20m', memory: '102400Ki' } }, nowMs);
  seedNodeMetrics(cluster.store, DEFAULT_NODE, { cpu: '900m', memory: '5242880Ki' }, nowMs);
  return { series: [...flatMemory(ledger.pods, 120 * MiB), ...flatMemory(resizer.pods, 236 * MiB)] };
}

describe.skipIf(!prometheusAvailable())('pod-crash playbook through the Kubernetes alarm source, end to end', () => {
  let world: World;
  let ledger: Investigation;
  let resizer: Investigation;

  beforeAll(async () => {
    world = await startWorld({ seed: crashingWorkloads, env: { TRIAGED_KUBERNETES_WATCH: 'true' } });
    [ledger, resizer] = await Promise.all([world.investigation('ledger'), world.investigation('resizer')]);
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('turns the crash-looping pods into one Kubernetes incident per workload', async () => {
    const incidents = await world.h.daemon.store.listIncidents({ limit: 100 });
    expect(incidents.map((i) => i.alarm.target.name).sort()).toEqual(['ledger', 'resizer']);
    expect(ledger.incident.alarm).toMatchObject({ source: 'kubernetes', name: 'CrashLoopBackOff', kind: 'crash', target: { namespace: 'shop', kind: 'Deployment', name: 'ledger' } });
    // The pod's CrashLoopBackOff opened it; the kubelet's BackOff events about the same pods joined it.
    const now = await world.h.daemon.store.getIncident(ledger.incident.id);
    expect(now!.alarmCount).toBeGreaterThanOrEqual(2);
  });

  it('runs the pod-crash playbook for the exit-1 crash with every step answering', () => {
    expect(ledger.snapshot.playbook).toBe('pod-crash');
    expect(ledger.finding.playbook).toBe('pod-crash');
    expect(outcomes(ledger.finding.timeline)).toEqual({
      'resolve target': 'ok',
      events: 'ok',
      'previous container logs': 'ok',
      nodes: 'ok',
      'rollout history': 'ok',
      'config references': 'ok',
      'memory series': 'ok',
    });
    expect(ledger.finding.timeline.find((s) => s.step === 'config references')?.detail).toBe('1 ConfigMaps exist');
    expect(metricSources(ledger.snapshot)).toMatchObject({ container_memory_working_set_bytes: 'prometheus', container_memory_limit_bytes: 'prometheus' });
    expect(ledger.snapshot.kubernetes!.logs!.some((l) => l.previous && l.text.includes('TypeError'))).toBe(true);
  });

  it('diagnoses crash-loop from the stack trace and posts it', () => {
    const { diagnosis } = ledger.finding;
    expect(diagnosis.category).toBe('crash-loop');
    expect(diagnosis.summary).toMatch(/TypeError: Cannot read properties of undefined/);
    expect(ledger.post.text).toContain('crash-loop');
    expect(ledger.post.blocks).toContain('crash-loop in shop/Deployment/ledger');
    for (const line of postedStepLines(ledger.finding.timeline)) expect(ledger.post.blocks).toContain(line);
  });

  it('investigates the OOM-killed crash loop with the memory playbook (the pod alarm says memory)', () => {
    expect(resizer.incident.alarm).toMatchObject({ source: 'kubernetes', name: 'CrashLoopBackOff', kind: 'memory' });
    expect(resizer.finding.playbook).toBe('memory-leak');
    expect(outcomes(resizer.finding.timeline)).toEqual({
      'resolve target': 'ok',
      'memory series': 'ok',
      events: 'ok',
      'previous container logs': 'ok',
      'rollout history': 'ok',
      'current usage': 'ok',
      nodes: 'ok',
    });
    expect(metricSources(resizer.snapshot)).toMatchObject({ container_memory_working_set_bytes: 'prometheus' });
  });

  it('diagnoses oom-killed from the flat working set and sizes the limit at least 1.5 x the observed peak', () => {
    const { diagnosis } = resizer.finding;
    expect(diagnosis.category).toBe('oom-killed');
    expect(diagnosis.summary).toMatch(/memory shows no steady climb/);
    const peak = Math.max(...resizer.snapshot.metrics!.filter((m) => m.name === 'container_memory_working_set_bytes').flatMap((m) => m.points.map(([, v]) => v)));
    expect(peak).toBeGreaterThan(236 * MiB);
    const sizing = diagnosis.remediations.find((r) => r.action === 'set-resources');
    expect(sizing?.target).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'resizer' });
    expect(sizing?.params?.container).toBe('app');
    expect(parseQuantity(sizing?.params?.limits?.memory)).toBeGreaterThanOrEqual(1.5 * peak);
    expect(resizer.post.text).toContain('oom-killed');
  });
});
