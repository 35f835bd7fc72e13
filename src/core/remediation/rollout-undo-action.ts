/**
 * rollout-undo: puts a Deployment's pod template back to the one of an earlier ReplicaSet, as
 * `kubectl rollout undo` does: a JSON patch replacing `spec.template`, guarded by a `test` of the
 * generation read, so a spec change made in between fails the patch instead of being overwritten
 * (the generation, unlike the resourceVersion, does not move with every status update).
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { KubeObject } from '../../domain/snapshot.js';
import { PlanRefused, pollUntil, type ActionContext, type ActionPlan, type RemediationActionHandler } from './action.js';
import { rolloutComplete } from './restart-actions.js';
import { podSelector, revisionOf, workloadRef } from './workload.js';

const HASH_LABEL = 'pod-template-hash';

interface PodTemplate {
  readonly metadata?: { readonly labels?: Readonly<Record<string, string>>; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

export const rolloutUndo: RemediationActionHandler = {
  async plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan> {
    const ref = workloadRef(remediation, ['Deployment']);
    const { namespace, name } = ref;
    const deployment = await context.reader.get(ref, signal);
    if (!deployment) throw new PlanRefused(`Deployment ${namespace}/${name} no longer exists`);
    const readGeneration = deployment.metadata?.generation;
    if (typeof readGeneration !== 'number') throw new PlanRefused(`Deployment ${namespace}/${name} has no generation to guard the rollback with`);
    const current = revisionOf(deployment);
    const selector = podSelector(deployment);
    const replicaSets = (await context.reader.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, ...(selector ? { labelSelector: selector } : {}) }, signal)).filter(
      (rs) => rs.metadata?.ownerReferences?.some((o) => o.controller && o.uid === deployment.metadata?.uid),
    );
    const wanted = remediation.params?.toRevision;
    const target = wanted === undefined ? previousOf(replicaSets, current) : replicaSets.find((rs) => revisionOf(rs) === wanted);
    if (!target) {
      const known = replicaSets.map(revisionOf).filter((r) => r !== undefined).sort((a, b) => a - b).join(', ') || 'none';
      throw new PlanRefused(`Deployment ${namespace}/${name} has no ${wanted === undefined ? 'revision before the current one' : `revision ${wanted}`} to roll back to (revisions kept: ${known})`);
    }
    const revision = revisionOf(target);
    const template = templateWithoutHash((target.spec as { template?: PodTemplate } | undefined)?.template);
    if (revision === current || sameTemplate(template, (deployment.spec as { template?: PodTemplate } | undefined)?.template)) {
      throw new PlanRefused(`revision ${revision ?? '?'} is the current template of Deployment ${namespace}/${name}: nothing to roll back`);
    }
    const patch = [
      { op: 'test', path: '/metadata/generation', value: readGeneration },
      { op: 'replace', path: '/spec/template', value: template },
    ];
    let generation = readGeneration + 1;
    return {
      description: `roll Deployment ${namespace}/${name} back from revision ${current ?? '?'} to revision ${revision ?? '?'} (ReplicaSet ${target.metadata?.name})`,
      async apply(dryRun, applySignal) {
        const result = await context.writer.patch(ref, patch, 'json', { dryRun, signal: applySignal });
        if (!dryRun) generation = Number(result.metadata?.generation ?? generation);
        return dryRun ? `server accepted the rollback of ${name} to revision ${revision} (dry run)` : `Deployment ${name} rolled back to the template of revision ${revision}`;
      },
      verify: (verifySignal) =>
        pollUntil(context, verifySignal, async () => {
          const live = await context.reader.get(ref, verifySignal);
          return live ? rolloutComplete(live, generation) : { done: false, detail: `Deployment ${name} disappeared` };
        }),
    };
  },
};

/** The ReplicaSet of the highest revision below the current one (what `kubectl rollout undo` picks). */
function previousOf(replicaSets: readonly KubeObject[], current: number | undefined): KubeObject | undefined {
  let best: KubeObject | undefined;
  for (const rs of replicaSets) {
    const revision = revisionOf(rs);
    if (revision === undefined || (current !== undefined && revision >= current)) continue;
    if (!best || revision > (revisionOf(best) ?? 0)) best = rs;
  }
  return best;
}

/** The ReplicaSet's template as the Deployment would hold it: without the controller's hash label. */
function templateWithoutHash(template: PodTemplate | undefined): PodTemplate {
  const copy = structuredClone(template ?? {}) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
  return copy as PodTemplate;
}

function sameTemplate(a: PodTemplate, b: PodTemplate | undefined): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(templateWithoutHash(b)));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => [k, canonical(v)]),
  );
}
