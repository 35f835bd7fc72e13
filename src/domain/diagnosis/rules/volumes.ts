/**
 * volume-issue: a claim that stays Pending, a volume that cannot be attached or mounted
 * (FailedMount, FailedAttachVolume, Multi-Attach), or a scheduler that cannot bind one.
 * A mount that fails because a ConfigMap or Secret is missing is `bad-config`, not a volume fault.
 */
import type { Category, Evidence } from '../../diagnosis.js';
import { workloadKey, type WorkloadRef } from '../cluster.js';
import type { DiagnosisContext } from '../context.js';
import { describeEvent, type KubeEvent } from '../events.js';
import { evidence, score, type Finding } from '../finding.js';
import { podCount } from '../grouping.js';
import type { PodFacts } from '../pods.js';
import { at, text } from '../read.js';
import { createIssue, targetOf } from '../remedies.js';
import { classifySchedulingMessage } from './scheduling.js';

const MOUNT_REASONS = new Set(['FailedMount', 'FailedAttachVolume', 'FailedMapVolume', 'FailedBinding', 'ProvisioningFailed', 'VolumeResizeFailed']);
const CONFIG_SOURCE_MISSING = /(configmap|secret)s? "?[\w.-]+"? not found|couldn't find key|non-existent (config|secret) key|references non-existent/i;

interface VolumeCase {
  readonly workload: WorkloadRef;
  readonly pods: Map<string, PodFacts>;
  readonly events: KubeEvent[];
  readonly configEvents: KubeEvent[];
  readonly claims: Evidence[];
}

function isStuck(pod: PodFacts): boolean {
  return pod.phase === 'Pending' || pod.containers.some((c) => c.waiting?.reason === 'ContainerCreating');
}

function collect(ctx: DiagnosisContext): VolumeCase[] {
  const cases = new Map<string, VolumeCase>();
  const caseOf = (workload: WorkloadRef): VolumeCase => {
    const key = workloadKey(workload);
    const known = cases.get(key) ?? { workload, pods: new Map(), events: [], configEvents: [], claims: [] };
    cases.set(key, known);
    return known;
  };
  for (const event of ctx.cluster.events) {
    if (event.object.kind !== 'Pod') continue;
    const scheduling = event.reason === 'FailedScheduling' && (classifySchedulingMessage(event.message).get('volume') ?? 0) > 0;
    const multiAttach = /Multi-Attach/i.test(event.message);
    if (!MOUNT_REASONS.has(event.reason) && !scheduling && !multiAttach) continue;
    const c = caseOf(ctx.cluster.workloadOfPodName(event.object.namespace, event.object.name));
    const pod = ctx.cluster.pod(event.object.namespace, event.object.name);
    if (pod) c.pods.set(pod.ref, pod);
    (CONFIG_SOURCE_MISSING.test(event.message) ? c.configEvents : c.events).push(event);
  }
  const pendingClaims = ctx.cluster.ofKind('PersistentVolumeClaim').filter((pvc) => text(at(pvc, 'status', 'phase')) === 'Pending' || text(at(pvc, 'status', 'phase')) === 'Lost');
  for (const pvc of pendingClaims) {
    const namespace = pvc.metadata?.namespace ?? '';
    const name = pvc.metadata?.name ?? '';
    const users = ctx.cluster.pods.filter((p) => p.namespace === namespace && p.claims.includes(name));
    const claimEvents = ctx.cluster.eventsAbout('PersistentVolumeClaim', namespace, name).filter((e) => e.type === 'Warning');
    const storageClass = text(at(pvc, 'spec', 'storageClassName')) ?? '(default)';
    const detail = `status.phase ${text(at(pvc, 'status', 'phase'))}, storageClassName ${storageClass}${claimEvents.at(-1) ? `; ${claimEvents.at(-1)?.reason}: ${claimEvents.at(-1)?.message.slice(0, 200)}` : ''}`;
    const owners = users.length > 0 ? [...new Map(users.map((u) => [workloadKey(ctx.cluster.workloadOf(u)), ctx.cluster.workloadOf(u)])).values()] : [];
    for (const owner of owners) {
      const c = caseOf(owner);
      c.claims.push(evidence('kubernetes', `PersistentVolumeClaim/${namespace}/${name}`, detail));
      for (const u of users) if (workloadKey(ctx.cluster.workloadOf(u)) === workloadKey(owner)) c.pods.set(u.ref, u);
      c.events.push(...claimEvents);
    }
  }
  return [...cases.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, c]) => c);
}

export function volumeRules(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const c of collect(ctx)) {
    const pods = [...c.pods.values()];
    const stuck = pods.filter(isStuck);
    const relevance = pods.length > 0 ? ctx.relevanceOfPods(pods) : ctx.relevanceOfWorkload(c.workload);
    const target = targetOf(c.workload);
    const podEvidence = stuck.slice(0, 2).map((p) => evidence('kubernetes', p.ref, `phase ${p.phase}${p.containers.some((x) => x.waiting?.reason === 'ContainerCreating') ? ', containers ContainerCreating' : ''}`));
    const build = (category: Category, events: KubeEvent[], strength: number, summary: string, issue: string): Finding => ({
      category,
      score: score(strength * relevance * Math.max(0.25, ...events.map((e) => ctx.freshness(e.lastAt)))),
      summary,
      target,
      evidence: [...podEvidence, ...c.claims.slice(0, 2), ...events.slice(-2).map((e) => evidence('kubernetes', e.ref, describeEvent(e)))],
      remediations: createIssue(category, target, `${c.workload.name}: ${category === 'bad-config' ? 'a mounted ConfigMap/Secret is missing' : 'volume cannot be provisioned or mounted'}`, issue),
      explains: ['service-no-endpoints', 'unschedulable-resources', 'unschedulable-constraints', 'probe-failure'],
    });
    const stillStuck = stuck.length > 0 || pods.length === 0;
    if (c.configEvents.length > 0) {
      const last = c.configEvents.at(-1) as KubeEvent;
      findings.push(build('bad-config', c.configEvents, stillStuck ? 0.85 : 0.3, `${c.workload.name}: ${podCount(stuck.length > 0 ? stuck : pods)} cannot start because a volume source is missing: "${last.message.slice(0, 200)}"`, `${last.message}\nCreate the ConfigMap/Secret (or key) or fix its name in the pod template.`));
    }
    if (c.events.length > 0 || c.claims.length > 0) {
      const last = c.events.at(-1);
      const what = c.claims.length > 0 ? `claim ${c.claims[0]?.ref.split('/').at(-1)} is not bound` : /Multi-Attach/i.test(last?.message ?? '') ? 'the volume is still attached to another node (Multi-Attach)' : `${last?.reason}`;
      findings.push(build('volume-issue', c.events, stillStuck ? 0.85 + (c.claims.length > 0 ? 0.05 : 0) : 0.25, `${c.workload.name}: ${podCount(stuck.length > 0 ? stuck : pods)} stuck because ${what}${last ? `: "${last.message.slice(0, 200)}"` : ''}`, `${last?.message ?? ''}\nCheck the StorageClass/provisioner, the claim's size and access mode, and where the volume is attached.`));
    }
  }
  return findings;
}
