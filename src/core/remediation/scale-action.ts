/**
 * scale: sets a Deployment's or StatefulSet's replicas through its `scale` subresource (what
 * `kubectl scale` does and what the write Role grants). A workload an HPA manages is left alone.
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import { PlanRefused, pollUntil, type ActionContext, type ActionPlan, type RemediationActionHandler } from './action.js';
import { workloadRef } from './workload.js';

const SCALABLE = ['Deployment', 'StatefulSet'];

interface ScaleStatus {
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly readyReplicas?: number;
}

export const scale: RemediationActionHandler = {
  async plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan> {
    const ref = workloadRef(remediation, SCALABLE);
    const { kind, namespace, name } = ref;
    const replicas = remediation.params?.replicas;
    if (replicas === undefined || !Number.isInteger(replicas) || replicas < 0) throw new PlanRefused(`scale needs a whole number of replicas, got ${String(replicas)}`);
    const workload = await context.reader.get(ref, signal);
    if (!workload) throw new PlanRefused(`${kind} ${namespace}/${name} no longer exists`);
    const current = Number((workload.spec as { replicas?: number } | undefined)?.replicas ?? 1);
    if (current === replicas) throw new PlanRefused(`${kind} ${namespace}/${name} already has ${replicas} replicas: nothing to change`);
    const hpa = await managingAutoscaler(context.reader, workload, signal);
    if (hpa) throw new PlanRefused(`HorizontalPodAutoscaler ${hpa} manages ${kind} ${namespace}/${name} and would undo the change: scale the HPA (its minReplicas/maxReplicas) instead`);
    // A new replica count is a spec change: the generation goes up by one.
    const generation = Number(workload.metadata?.generation ?? 0) + 1;
    return {
      description: `scale ${kind} ${namespace}/${name} from ${current} to ${replicas} replicas`,
      facts: { currentReplicas: current },
      async apply(dryRun, applySignal) {
        await context.writer.patch({ ...ref, subresource: 'scale' }, { spec: { replicas } }, 'merge', { dryRun, signal: applySignal });
        return dryRun ? `server accepted ${replicas} replicas for ${kind} ${name} (dry run)` : `${kind} ${name} scaled from ${current} to ${replicas} replicas`;
      },
      verify: (verifySignal) =>
        pollUntil(context, verifySignal, async () => {
          const live = await context.reader.get(ref, verifySignal);
          if (!live) return { done: false, detail: `${kind} ${name} disappeared` };
          const status = (live.status ?? {}) as ScaleStatus;
          const ready = status.readyReplicas ?? 0;
          const total = status.replicas ?? 0;
          const observed = (status.observedGeneration ?? 0) >= generation;
          return { done: observed && ready === replicas && total === replicas, detail: `${ready}/${replicas} ready, ${total} running${observed ? '' : ', new generation not yet observed'}` };
        }),
    };
  },
};

/** The name of an autoscaling/v2 HPA whose scaleTargetRef is this workload, if any. */
async function managingAutoscaler(reader: KubernetesReader, workload: KubeObject, signal: AbortSignal): Promise<string | undefined> {
  const hpas = await reader.list({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: workload.metadata?.namespace }, signal);
  const hpa = hpas.find((h) => {
    const target = (h.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    return target?.kind === workload.kind && target?.name === workload.metadata?.name;
  });
  return hpa?.metadata?.name;
}
