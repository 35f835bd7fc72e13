/**
 * Kubernetes evidence steps that run once the scope is known: events about the scope's objects,
 * previous-container logs of restarted containers, the nodes, the rollout history, and the
 * ConfigMaps the pods reference (does each exist?).
 */
import type { KubeObject } from '../../domain/snapshot.js';
import type { EvidenceStep, StepContext, StepResult } from '../playbooks/playbook.js';
import { nameOf } from './scope.js';

const MAX_LOG_CONTAINERS = 6;
const LOG_TAIL_LINES = 80;
const LOG_LIMIT_BYTES = 16_384;

interface ContainerStatus {
  name: string;
  restartCount?: number;
  state?: { waiting?: { reason?: string }; terminated?: { reason?: string } };
  lastState?: { terminated?: { exitCode?: number; reason?: string } };
}

export const eventsStep: EvidenceStep = {
  name: 'events',
  source: 'kubernetes',
  deadlineMs: 6_000,
  async run({ scope, draft, ports, target }: StepContext, signal: AbortSignal): Promise<StepResult> {
    const names = new Set<string>([target.name ?? '', ...scope.pods.map(nameOf), ...scope.nodeNames]);
    if (scope.workload) names.add(nameOf(scope.workload));
    for (const rs of draft.objectsOfKind('ReplicaSet')) names.add(nameOf(rs));
    names.delete('');
    const lists = await Promise.all([
      scope.namespace ? ports.kubernetes.list({ apiVersion: 'v1', kind: 'Event', namespace: scope.namespace, limit: 500 }, signal) : Promise.resolve([]),
      ...[...scope.nodeNames].map((node) =>
        ports.kubernetes.list({ apiVersion: 'v1', kind: 'Event', fieldSelector: `involvedObject.kind=Node,involvedObject.name=${node}`, limit: 100 }, signal),
      ),
    ]);
    const relevant = lists.flat().filter((event) => names.has((event.involvedObject as { name?: string } | undefined)?.name ?? ''));
    draft.addObjects(relevant);
    return relevant.length > 0 ? { outcome: 'ok', detail: `${relevant.length} events` } : { outcome: 'empty', detail: 'no events about the target' };
  },
};

export const previousLogsStep: EvidenceStep = {
  name: 'previous container logs',
  source: 'kubernetes',
  deadlineMs: 8_000,
  async run(context: StepContext, signal: AbortSignal): Promise<StepResult> {
    const wanted = context.scope.pods.flatMap((pod) => restartedContainers(pod).map((container) => ({ pod, container }))).slice(0, MAX_LOG_CONTAINERS);
    if (wanted.length === 0) return { outcome: 'empty', detail: 'no container has restarted' };
    const found = await collectLogs(context, wanted, true, signal);
    if (found < wanted.length) context.draft.addMissing(`previous logs unavailable for ${wanted.length - found} of ${wanted.length} restarted containers`);
    return found > 0 ? { outcome: 'ok', detail: `${found} logs` } : { outcome: 'empty', detail: 'previous logs were empty' };
  },
};

export const currentLogsStep: EvidenceStep = {
  name: 'current container logs',
  source: 'kubernetes',
  deadlineMs: 8_000,
  async run(context: StepContext, signal: AbortSignal): Promise<StepResult> {
    const wanted = context.scope.pods.slice(0, 3).flatMap((pod) => containerNames(pod).slice(0, 2).map((container) => ({ pod, container })));
    if (wanted.length === 0) return { outcome: 'empty', detail: 'no pods' };
    const found = await collectLogs(context, wanted, false, signal);
    return found > 0 ? { outcome: 'ok', detail: `${found} logs` } : { outcome: 'empty' };
  },
};

/** Fetches the tails of these containers' logs in parallel into the draft; returns how many had text. */
async function collectLogs({ draft, ports }: StepContext, wanted: readonly { pod: KubeObject; container: string }[], previous: boolean, signal: AbortSignal): Promise<number> {
  const logs = await Promise.all(
    wanted.map(async ({ pod, container }) => {
      const query = { namespace: pod.metadata?.namespace ?? '', pod: nameOf(pod), container, previous, tailLines: LOG_TAIL_LINES, limitBytes: LOG_LIMIT_BYTES };
      return { query, text: await ports.kubernetes.podLog(query, signal).catch(() => '') };
    }),
  );
  const withText = logs.filter((l) => l.text.length > 0);
  for (const { query, text } of withText) draft.addContainerLog({ namespace: query.namespace, pod: query.pod, container: query.container, previous, text });
  return withText.length;
}

export const nodesStep: EvidenceStep = {
  name: 'nodes',
  source: 'kubernetes',
  deadlineMs: 5_000,
  async run({ scope, draft, ports }: StepContext, signal: AbortSignal): Promise<StepResult> {
    const names = [...scope.nodeNames].slice(0, 10);
    if (names.length === 0) return { outcome: 'empty', detail: 'pods are not scheduled' };
    const nodes = (await Promise.all(names.map((name) => ports.kubernetes.get({ apiVersion: 'v1', kind: 'Node', name }, signal)))).filter(
      (n): n is KubeObject => n !== null,
    );
    draft.addObjects(nodes);
    return { outcome: nodes.length > 0 ? 'ok' : 'empty', detail: `${nodes.length} nodes` };
  },
};

/** ReplicaSet revisions as change records: when each revision of the Deployment appeared. */
export const rolloutHistoryStep: EvidenceStep = {
  name: 'rollout history',
  source: 'kubernetes',
  deadlineMs: 5_000,
  async run({ scope, draft }: StepContext): Promise<StepResult> {
    const workload = scope.workload;
    if (!workload || workload.kind !== 'Deployment') return { outcome: 'empty', detail: 'not a Deployment' };
    const replicaSets = draft.objectsOfKind('ReplicaSet');
    for (const rs of replicaSets) {
      const revision = rs.metadata?.annotations?.['deployment.kubernetes.io/revision'];
      const created = rs.metadata?.creationTimestamp;
      if (!revision || !created) continue;
      const images = ((rs.spec as { template?: { spec?: { containers?: { image?: string }[] } } } | undefined)?.template?.spec?.containers ?? [])
        .map((c) => c.image)
        .join(', ');
      draft.addChange({
        at: created,
        kind: 'rollout',
        target: { namespace: scope.namespace, kind: 'Deployment', name: nameOf(workload) },
        detail: `revision ${revision} (ReplicaSet ${nameOf(rs)}${images ? `, ${images}` : ''})`,
        source: 'kubernetes',
      });
    }
    return { outcome: replicaSets.length > 0 ? 'ok' : 'empty', detail: `${replicaSets.length} revisions` };
  },
};

/** ConfigMaps referenced by the pods (env, envFrom, volumes): each found, or recorded as missing by its absence. */
export const configReferencesStep: EvidenceStep = {
  name: 'config references',
  source: 'kubernetes',
  deadlineMs: 5_000,
  async run({ scope, draft, ports }: StepContext, signal: AbortSignal): Promise<StepResult> {
    const namespace = scope.namespace;
    const names = new Set(scope.pods.flatMap(configMapsReferencedBy));
    if (!namespace || names.size === 0) return { outcome: 'empty', detail: 'no ConfigMap references' };
    const found = await Promise.all([...names].map((name) => ports.kubernetes.get({ apiVersion: 'v1', kind: 'ConfigMap', namespace, name }, signal)));
    const present = found.filter((c): c is KubeObject => c !== null).map((c) => ({ apiVersion: c.apiVersion, kind: c.kind, metadata: c.metadata }));
    draft.addObjects(present);
    const absent = [...names].filter((name) => !present.some((c) => c.metadata?.name === name));
    return { outcome: 'ok', detail: absent.length > 0 ? `ConfigMaps not found: ${absent.join(', ')}` : `${present.length} ConfigMaps exist` };
  },
};

function containerStatuses(pod: KubeObject): ContainerStatus[] {
  const status = pod.status as { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] } | undefined;
  return [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])];
}

function restartedContainers(pod: KubeObject): string[] {
  return containerStatuses(pod)
    .filter((c) => (c.restartCount ?? 0) > 0 || c.lastState?.terminated !== undefined)
    .map((c) => c.name);
}

function containerNames(pod: KubeObject): string[] {
  return ((pod.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
}

function configMapsReferencedBy(pod: KubeObject): string[] {
  type Container = { env?: { valueFrom?: { configMapKeyRef?: { name?: string } } }[]; envFrom?: { configMapRef?: { name?: string } }[] };
  const spec = pod.spec as { containers?: Container[]; initContainers?: Container[]; volumes?: { configMap?: { name?: string } }[] } | undefined;
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  const names = [
    ...containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.configMapKeyRef?.name)),
    ...containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef?.name)),
    ...(spec?.volumes ?? []).map((v) => v.configMap?.name),
  ];
  return names.filter((n): n is string => Boolean(n));
}
