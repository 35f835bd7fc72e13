/**
 * Pending pods the scheduler cannot place, split by what its message names: capacity
 * (`unschedulable-resources`), taints/affinity/selectors/topology (`unschedulable-constraints`),
 * or volumes (left to volumes.ts). A FailedScheduling event for a pod that is now running is
 * history, not a cause.
 */
import { formatBytes, formatCores } from '../../quantity.js';
import type { Category, Evidence } from '../../diagnosis.js';
import { workloadKey, type WorkloadRef } from '../cluster.js';
import type { DiagnosisContext } from '../context.js';
import { describeEvent, type KubeEvent } from '../events.js';
import { evidence, score, type Finding } from '../finding.js';
import { podCount } from '../grouping.js';
import type { PodFacts } from '../pods.js';
import { createIssue, targetOf } from '../remedies.js';

export type SchedulingClass = 'resources' | 'constraints' | 'volume' | 'node-not-ready' | 'node-pressure' | 'other';

const CLASSES: readonly (readonly [SchedulingClass, RegExp])[] = [
  ['volume', /persistentvolumeclaim|volume node affinity|volume.*conflict|max volume count|available persistent volumes|unbound|VolumeBinding|pvc/i],
  ['node-not-ready', /node\.kubernetes\.io\/(not-ready|unreachable|network-unavailable)|nodes? (?:are|were|is) not ready/i],
  ['node-pressure', /node\.kubernetes\.io\/(memory|disk|pid)-pressure/i],
  ['resources', /Insufficient|Too many pods|not enough|exceeds? .*(capacity|allocatable)|no nodes available/i],
  ['constraints', /affinity|selector|taint|topology|didn't match|didn't satisfy|free ports|tolerat|node\(s\) were unschedulable|NodeName/i],
];

/** "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {…}. preemption: …" → counts per class. */
export function classifySchedulingMessage(message: string): Map<SchedulingClass, number> {
  const counts = new Map<SchedulingClass, number>();
  const head = message.split(/\.?\s*preemption:/i)[0] ?? message;
  const list = head.includes('available:') ? head.slice(head.indexOf('available:') + 'available:'.length) : head;
  for (const raw of list.split(/,\s*(?=\d+\s)/)) {
    const item = raw.trim().replace(/\.$/, '');
    if (!item) continue;
    const match = /^(\d+)\s+(.*)$/s.exec(item);
    const count = match ? Number(match[1]) : 1;
    const reason = match ? (match[2] ?? '') : item;
    const cls = CLASSES.find(([, pattern]) => pattern.test(reason))?.[0] ?? 'other';
    counts.set(cls, (counts.get(cls) ?? 0) + count);
  }
  return counts;
}

interface PendingCase {
  readonly workload: WorkloadRef;
  readonly pods: PodFacts[];
  readonly podNames: Set<string>;
  readonly events: KubeEvent[];
  readonly messages: string[];
  /** The pods are placed now: the events are history. */
  resolved: boolean;
}

function isPendingUnscheduled(pod: PodFacts): boolean {
  return pod.phase === 'Pending' && (pod.unschedulable !== undefined || pod.nodeName === undefined);
}

export function pendingCases(ctx: DiagnosisContext): PendingCase[] {
  const cases = new Map<string, PendingCase>();
  const caseOf = (workload: WorkloadRef): PendingCase => {
    const key = workloadKey(workload);
    const known = cases.get(key);
    if (known) return known;
    const created: PendingCase = { workload, pods: [], podNames: new Set(), events: [], messages: [], resolved: true };
    cases.set(key, created);
    return created;
  };
  for (const pod of ctx.cluster.pods) {
    if (!isPendingUnscheduled(pod)) continue;
    const c = caseOf(ctx.cluster.workloadOf(pod));
    c.pods.push(pod);
    c.podNames.add(pod.name);
    c.resolved = false;
    if (pod.unschedulable?.message) c.messages.push(pod.unschedulable.message);
  }
  for (const event of ctx.cluster.events) {
    if (event.reason !== 'FailedScheduling' || event.object.kind !== 'Pod') continue;
    const pod = ctx.cluster.pod(event.object.namespace, event.object.name);
    const c = caseOf(ctx.cluster.workloadOfPodName(event.object.namespace, event.object.name));
    c.events.push(event);
    c.messages.push(event.message);
    // A pod missing from the snapshot may still be pending: only a pod seen placed resolves its events.
    if (!pod) c.resolved = false;
  }
  return [...cases.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c);
}

function requestsOf(pods: readonly PodFacts[]): string {
  const pod = pods[0];
  if (!pod) return '';
  const cpu = pod.containers.reduce((n, c) => n + (c.requests.cpu ?? 0), 0);
  const memory = pod.containers.reduce((n, c) => n + (c.requests.memory ?? 0), 0);
  const parts = [cpu > 0 ? `cpu ${formatCores(cpu)}` : '', memory > 0 ? `memory ${formatBytes(memory)}` : ''].filter(Boolean);
  return parts.length > 0 ? ` (each requests ${parts.join(', ')})` : '';
}

export function schedulingRules(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const c of pendingCases(ctx)) {
    const totals = new Map<SchedulingClass, number>();
    // The latest message says best what blocks the pod now.
    const latest = c.events.at(-1)?.message ?? c.messages.at(-1) ?? '';
    for (const [cls, n] of classifySchedulingMessage(latest)) totals.set(cls, n);
    const resources = totals.get('resources') ?? 0;
    const constraints = totals.get('constraints') ?? 0;
    const all = [...totals.values()].reduce((a, b) => a + b, 0) || 1;
    const freshness = c.events.length > 0 ? Math.max(...c.events.map((e) => ctx.freshness(e.lastAt))) : 1;
    const base = (c.resolved ? 0.15 : 0.85) * freshness * (c.pods.length > 0 ? ctx.relevanceOfPods(c.pods) : ctx.relevanceOfWorkload(c.workload));
    const pending = c.pods.length > 0 ? podCount(c.pods) : `pods (${[...new Set(c.events.map((e) => e.object.name))].length} in events)`;
    const ev: Evidence[] = [
      ...c.pods.slice(0, 2).map((p) => evidence('kubernetes', p.ref, `phase Pending, PodScheduled False${p.unschedulable ? ` (${p.unschedulable.reason}): ${p.unschedulable.message.slice(0, 240)}` : ', no node assigned'}`)),
      ...c.events.slice(-2).map((e) => evidence('kubernetes', e.ref, describeEvent(e))),
    ];
    const target = targetOf(c.workload);
    const push = (category: Category, strength: number, summary: string, issue: string): void => {
      findings.push({
        category,
        score: score(base * strength),
        summary,
        target,
        evidence: ev,
        remediations: createIssue(category, target, `${c.workload.name}: pods cannot be scheduled`, `${latest}\n${issue}`),
        ...(c.resolved ? {} : { explains: ['service-no-endpoints', 'probe-failure'] }),
      });
    };
    const quoted = latest.split(/\.?\s*preemption:/i)[0]?.slice(0, 220) ?? '';
    if (resources > 0) {
      push('unschedulable-resources', 0.75 + 0.25 * (resources / all), `${c.workload.name}: ${pending} Pending, no node has room${requestsOf(c.pods)}: "${quoted}"`, 'Add node capacity (or let the autoscaler do it) or lower the requests.');
    }
    if (constraints > 0) {
      const share = constraints / all;
      push('unschedulable-constraints', resources > 0 ? 0.5 * share : 0.7 + 0.3 * share, `${c.workload.name}: ${pending} Pending, no node satisfies its taints/affinity/selector rules: "${quoted}"`, 'Relax the node selector, affinity, tolerations or topology spread, or label/taint nodes to match.');
    }
    if (resources === 0 && constraints === 0 && (totals.get('other') ?? 0) > 0) {
      push('unschedulable-resources', 0.4, `${c.workload.name}: ${pending} Pending: "${quoted}"`, 'Check node capacity and scheduling constraints.');
    }
  }
  return findings;
}
