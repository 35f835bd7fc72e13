/**
 * The first step of every playbook: find what the alarm points at. A Pod walks up its owner chain
 * to the workload; a workload lists its pods; a Node lists the pods on it; a Service lists the
 * pods it selects and adopts the one workload behind them (its revisions, its metrics); a bare
 * name is tried as each workload kind in turn.
 */
import type { KubeObject } from '../../domain/snapshot.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import type { EvidenceStep, StepContext, StepResult } from '../playbooks/playbook.js';
import { selectorOf } from './scope.js';

const WORKLOAD_KINDS: readonly (readonly [string, string])[] = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
];
const MAX_PODS = 50;

export const resolveScopeStep: EvidenceStep = {
  name: 'resolve target',
  source: 'kubernetes',
  deadlineMs: 8_000,
  run: resolveScope,
};

async function resolveScope(context: StepContext, signal: AbortSignal): Promise<StepResult> {
  const { target, scope, draft } = context;
  const kube = context.ports.kubernetes;
  const namespace = target.namespace;
  const kind = (target.kind ?? '').toLowerCase();
  if (!target.name) return { outcome: 'empty', detail: 'the alarm names no target' };

  if (kind === 'node') {
    const node = await kube.get({ apiVersion: 'v1', kind: 'Node', name: target.name }, signal);
    if (!node) return { outcome: 'empty', detail: `node ${target.name} not found` };
    draft.addObjects([node]);
    scope.nodeNames.add(target.name);
    const pods = await kube.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: `spec.nodeName=${target.name}`, limit: 500 }, signal);
    draft.addObjects(pods);
    scope.pods.push(...pods);
    return { outcome: 'ok', detail: `node ${target.name} with ${pods.length} pods` };
  }
  if (!namespace) return { outcome: 'empty', detail: `target ${target.name} has no namespace` };
  scope.namespace = namespace;

  if (kind === 'pod') {
    const pod = await kube.get({ apiVersion: 'v1', kind: 'Pod', namespace, name: target.name }, signal);
    if (pod) {
      draft.addObjects([pod]);
      const owner = await ownerWorkload(kube, pod, signal, draft);
      if (owner) return adoptWorkload(context, owner, signal);
      scope.pods.push(pod);
      noteNodes(context, [pod]);
      return { outcome: 'ok', detail: `pod ${target.name} (no controller)` };
    }
  }
  if (kind === 'service') {
    const service = await kube.get({ apiVersion: 'v1', kind: 'Service', namespace, name: target.name }, signal);
    if (service) {
      scope.service = service;
      draft.addObjects([service]);
      const endpoints = await kube.get({ apiVersion: 'v1', kind: 'Endpoints', namespace, name: target.name }, signal);
      if (endpoints) draft.addObjects([endpoints]);
      const selector = selectorOf(service);
      const pods = selector ? await kube.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: selector, limit: MAX_PODS }, signal) : [];
      addPods(context, pods);
      const behind = await sharedWorkload(kube, pods, signal, draft);
      if (behind) {
        const adopted = await adoptWorkload(context, behind, signal);
        return { ...adopted, detail: `service ${target.name} selects ${pods.length} pods of ${adopted.detail ?? ''}` };
      }
      return { outcome: pods.length > 0 ? 'ok' : 'empty', detail: `service ${target.name} selects ${pods.length} pods` };
    }
  }

  const candidates = WORKLOAD_KINDS.filter(([, k]) => !kind || !['deployment', 'statefulset', 'daemonset', 'job'].includes(kind) || k.toLowerCase() === kind);
  for (const [apiVersion, workloadKind] of candidates) {
    const workload = await kube.get({ apiVersion, kind: workloadKind, namespace, name: target.name }, signal);
    if (workload) return adoptWorkload(context, workload, signal);
  }
  const byLabel = await kube.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: `app=${target.name}`, limit: MAX_PODS }, signal);
  addPods(context, byLabel);
  return byLabel.length > 0
    ? { outcome: 'ok', detail: `${byLabel.length} pods labelled app=${target.name}` }
    : { outcome: 'empty', detail: `nothing named ${target.name} in ${namespace}` };
}

/** Pod → ReplicaSet → Deployment (or StatefulSet, DaemonSet, Job) through controller owner references. */
async function ownerWorkload(kube: KubernetesReader, pod: KubeObject, signal: AbortSignal, draft: StepContext['draft']): Promise<KubeObject | null> {
  let current: KubeObject = pod;
  for (let depth = 0; depth < 3; depth += 1) {
    const owner = current.metadata?.ownerReferences?.find((o) => o.controller) ?? current.metadata?.ownerReferences?.[0];
    if (!owner) return current === pod ? null : current;
    const apiVersion = owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet' || owner.kind === 'Deployment' ? 'apps/v1' : owner.kind === 'Job' ? 'batch/v1' : undefined;
    if (!apiVersion) return current === pod ? null : current;
    const next = await kube.get({ apiVersion, kind: owner.kind, namespace: pod.metadata?.namespace, name: owner.name }, signal);
    if (!next) return current === pod ? null : current;
    draft.addObjects([next]);
    current = next;
  }
  return current;
}

/** The one workload that owns every pod (through their ReplicaSets), or null when there are several or none. */
async function sharedWorkload(kube: KubernetesReader, pods: readonly KubeObject[], signal: AbortSignal, draft: StepContext['draft']): Promise<KubeObject | null> {
  const byController = new Map<string, KubeObject>();
  for (const pod of pods) {
    const controller = pod.metadata?.ownerReferences?.find((o) => o.controller);
    if (!controller) return null;
    byController.set(`${controller.kind}/${controller.name}`, pod);
  }
  // A Deployment mid-rollout owns pods through two or three ReplicaSets; more means several workloads.
  if (byController.size === 0 || byController.size > 3) return null;
  const owners = await Promise.all([...byController.values()].map((pod) => ownerWorkload(kube, pod, signal, draft)));
  const [first] = owners;
  if (!first || owners.some((o) => !o || o.kind !== first.kind || o.metadata?.name !== first.metadata?.name)) return null;
  return first;
}

async function adoptWorkload(context: StepContext, workload: KubeObject, signal: AbortSignal): Promise<StepResult> {
  const { scope, draft } = context;
  const kube = context.ports.kubernetes;
  scope.workload = workload;
  draft.addObjects([workload]);
  const namespace = workload.metadata?.namespace;
  const selector = selectorOf(workload);
  if (!selector) return { outcome: 'ok', detail: `${workload.kind} ${workload.metadata?.name} has no selector` };
  const pods = await kube.list({ apiVersion: 'v1', kind: 'Pod', namespace, labelSelector: selector, limit: MAX_PODS }, signal);
  addPods(context, pods);
  if (workload.kind === 'Deployment') {
    const replicaSets = await kube.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace, labelSelector: selector, limit: 20 }, signal);
    draft.addObjects(replicaSets);
  }
  return { outcome: 'ok', detail: `${workload.kind} ${workload.metadata?.name} with ${pods.length} pods` };
}

/** Pods join the scope once, however many routes (a Service, its workload) found them. */
function addPods(context: StepContext, pods: readonly KubeObject[]): void {
  const known = new Set(context.scope.pods.map((p) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`));
  const fresh = pods.filter((p) => !known.has(`${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`));
  context.draft.addObjects(fresh);
  context.scope.pods.push(...fresh);
  noteNodes(context, fresh);
}

function noteNodes(context: StepContext, pods: readonly KubeObject[]): void {
  for (const pod of pods) {
    const node = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (node) context.scope.nodeNames.add(node);
  }
}
