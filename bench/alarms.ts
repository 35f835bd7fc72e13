/**
 * The alarms the benchmarks send: one Alertmanager alert per playbook kind (their names pick the six
 * playbooks of src/core/playbooks/catalog.ts), each on its own workload or node of the simulated
 * cluster so that no two correlate into one incident, plus the cluster seed they point at.
 */
import { alertmanagerWebhook } from '../src/sim/alertmanager.js';
import { seedDeployment, seedNode, type KubeApiServer } from '../src/sim/kube-api/index.js';

export const NAMESPACE = 'bench';
export const PLAYBOOK_KINDS = ['memory-leak', 'high-cpu', 'high-latency', 'node-pressure', 'pod-crash', 'generic'] as const;
export type PlaybookKind = (typeof PLAYBOOK_KINDS)[number];

const ALERT_NAMES: Readonly<Record<PlaybookKind, string>> = {
  'memory-leak': 'ContainerMemoryHigh',
  'high-cpu': 'CPUThrottlingHigh',
  'high-latency': 'HighRequestLatency',
  'node-pressure': 'KubeNodeNotReady',
  'pod-crash': 'KubePodCrashLooping',
  generic: 'KubeDeploymentReplicasMismatch',
};

export interface BenchAlarm {
  readonly kind: PlaybookKind;
  /** What the finding names: `bench/Deployment/<name>` or `Node/<name>`. */
  readonly target: string;
  readonly labels: Readonly<Record<string, string>>;
}

export const workloadName = (i: number): string => `svc-${i}`;
export const nodeName = (i: number): string => `ip-10-9-${Math.floor(i / 250)}-${(i % 250) + 1}.bench.internal`;

/** Alarm `i` of a run: kinds in turn, or all of one kind. */
export function benchAlarm(i: number, kind: PlaybookKind = PLAYBOOK_KINDS[i % PLAYBOOK_KINDS.length]!, severity = 'critical'): BenchAlarm {
  const base = { alertname: ALERT_NAMES[kind], severity };
  if (kind === 'node-pressure') return { kind, target: `Node/${nodeName(i)}`, labels: { ...base, node: nodeName(i) } };
  return { kind, target: `${NAMESPACE}/Deployment/${workloadName(i)}`, labels: { ...base, namespace: NAMESPACE, deployment: workloadName(i) } };
}

export function webhookOf(alarms: readonly BenchAlarm[]): string {
  return JSON.stringify(alertmanagerWebhook(alarms.map((a) => ({ labels: a.labels, startsAt: new Date(Date.now() - 60_000).toISOString() }))));
}

/** Deployments svc-0…svc-(n-1) with two pods each and nodes for the node alarms. */
export function seedBenchCluster(kube: KubeApiServer, count: number): void {
  const now = Date.now();
  for (let i = 0; i < count; i += 1) {
    seedDeployment(kube.store, { namespace: NAMESPACE, name: workloadName(i), replicas: 2, now });
    if (PLAYBOOK_KINDS[i % PLAYBOOK_KINDS.length] === 'node-pressure') seedNode(kube.store, nodeName(i), { now });
  }
}

export async function postWebhook(baseUrl: string, body: string): Promise<number> {
  const response = await fetch(`${baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.body?.cancel();
  return response.status;
}
