/**
 * quota-exceeded: a controller cannot create pods because a ResourceQuota is used up or a
 * LimitRange forbids the pod's resources (FailedCreate events, ReplicaFailure conditions), with
 * the quota's used/hard figures when the object is in the snapshot.
 */
import type { Evidence } from '../../diagnosis.js';
import { workloadKey, type WorkloadRef } from '../cluster.js';
import type { DiagnosisContext } from '../context.js';
import { describeEvent, type KubeEvent } from '../events.js';
import { evidence, score, type Finding } from '../finding.js';
import { at, record, records, text } from '../read.js';
import { createIssue, targetOf } from '../remedies.js';

const QUOTA = /exceeded quota|forbidden:.*quota|must specify (limits|requests)|failed quota|LimitRange|maximum (cpu|memory) usage per (Container|Pod)|minimum (cpu|memory) usage per|max limit to request ratio/i;
const CONTROLLERS = new Set(['ReplicaSet', 'StatefulSet', 'Job', 'DaemonSet', 'Deployment', 'ReplicationController', 'CronJob']);

interface QuotaCase {
  readonly workload: WorkloadRef;
  readonly events: KubeEvent[];
  readonly conditions: Evidence[];
}

function quotaEvidence(ctx: DiagnosisContext, namespace: string, message: string): Evidence[] {
  const named = /exceeded quota: ([\w.-]+)/.exec(message)?.[1];
  return ctx.cluster
    .ofKind('ResourceQuota')
    .filter((q) => q.metadata?.namespace === namespace && (named === undefined || q.metadata?.name === named))
    .slice(0, 2)
    .map((q) => {
      const hard = record(at(q, 'status', 'hard')) ?? record(at(q, 'spec', 'hard')) ?? {};
      const used = record(at(q, 'status', 'used')) ?? {};
      const figures = Object.keys(hard)
        .sort()
        .map((k) => `${k} ${text(used[k]) ?? '?'}/${text(hard[k]) ?? '?'}`)
        .join(', ');
      return evidence('kubernetes', `ResourceQuota/${namespace}/${q.metadata?.name ?? ''}`, `used/hard: ${figures}`);
    });
}

export function quotaRules(ctx: DiagnosisContext): Finding[] {
  const cases = new Map<string, QuotaCase>();
  const caseOf = (workload: WorkloadRef): QuotaCase => {
    const key = workloadKey(workload);
    const known = cases.get(key) ?? { workload, events: [], conditions: [] };
    cases.set(key, known);
    return known;
  };
  for (const event of ctx.cluster.events) {
    if (!CONTROLLERS.has(event.object.kind) || !(event.reason === 'FailedCreate' || event.reason === 'FailedCreatePod') || !QUOTA.test(event.message)) continue;
    caseOf(ctx.cluster.ownerOf(event.object.kind, event.object.namespace, event.object.name)).events.push(event);
  }
  for (const kind of ['ReplicaSet', 'Deployment', 'StatefulSet', 'Job']) {
    for (const object of ctx.cluster.ofKind(kind)) {
      const failure = records(at(object, 'status', 'conditions')).find((c) => c.type === 'ReplicaFailure' && c.status === 'True' && QUOTA.test(text(c.message) ?? ''));
      if (!failure) continue;
      const namespace = object.metadata?.namespace ?? '';
      const name = object.metadata?.name ?? '';
      caseOf(ctx.cluster.ownerOf(kind, namespace, name)).conditions.push(evidence('kubernetes', `${kind}/${namespace}/${name}`, `condition ReplicaFailure (${text(failure.reason) ?? ''}): ${(text(failure.message) ?? '').slice(0, 240)}`));
    }
  }
  return [...cases.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, c]) => {
      const last = c.events.at(-1);
      const message = last?.message ?? c.conditions[0]?.detail ?? '';
      const freshness = c.events.length > 0 ? Math.max(...c.events.map((e) => ctx.freshness(e.lastAt))) : 1;
      const limitRange = /LimitRange|per (Container|Pod)|limit to request/i.test(message);
      const target = targetOf(c.workload);
      return {
        category: 'quota-exceeded' as const,
        score: score((0.85 + (c.conditions.length > 0 && c.events.length > 0 ? 0.05 : 0)) * freshness * ctx.relevanceOfWorkload(c.workload)),
        summary: `${c.workload.name}: its controller cannot create pods, forbidden by a ${limitRange ? 'LimitRange' : 'ResourceQuota'}: "${message.slice(0, 220)}"`,
        target,
        evidence: [...c.conditions.slice(0, 1), ...(last ? [evidence('kubernetes', last.ref, describeEvent(last))] : []), ...quotaEvidence(ctx, c.workload.namespace, message)],
        remediations: createIssue('quota-exceeded', target, `${c.workload.name}: pods forbidden by ${limitRange ? 'LimitRange' : 'ResourceQuota'}`, `${message}\nRaise the quota, free capacity in the namespace, or fit the pod's requests/limits to the LimitRange.`),
        explains: ['service-no-endpoints', 'bad-rollout'],
      };
    });
}
