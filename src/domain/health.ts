/**
 * A cluster at a glance, from plain lists of Pods and Nodes: pods not Ready, Pending pods and why,
 * the containers restarting most, nodes with a condition. Read by the MCP `cluster_health` tool.
 */
import { lastTermination, podFacts, type PodFacts } from './diagnosis/pods.js';
import { at, records, text } from './diagnosis/read.js';
import type { KubeObject } from './snapshot.js';

export interface PodIssue {
  /** namespace/name */
  readonly pod: string;
  readonly phase: string;
  readonly reason: string;
  readonly node?: string;
}

export interface RestartLeader {
  readonly pod: string;
  readonly container: string;
  readonly restarts: number;
  readonly lastTermination?: string;
}

export interface NodeIssue {
  readonly node: string;
  /** "Ready=False (KubeletNotReady)", "DiskPressure", "cordoned". */
  readonly conditions: readonly string[];
}

export interface ClusterHealth {
  readonly pods: {
    readonly total: number;
    readonly notReady: readonly PodIssue[];
    readonly pending: readonly PodIssue[];
    readonly restartLeaders: readonly RestartLeader[];
  };
  readonly nodes: { readonly total: number; readonly notReady: number; readonly withConditions: readonly NodeIssue[] };
  /** Lists cut at the limit say how many there were. */
  readonly omitted: readonly string[];
}

export interface HealthOptions {
  /** Most entries per list; default 20. */
  readonly limit?: number;
}

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

function podIssue(pod: PodFacts, reason: string): PodIssue {
  return { pod: `${pod.namespace}/${pod.name}`, phase: pod.phase, reason, ...(pod.nodeName ? { node: pod.nodeName } : {}) };
}

/** Why a pod is not up, in the words kubectl would show. */
function reasonOf(pod: PodFacts): string {
  const containers = [...pod.initContainers, ...pod.containers];
  const waiting = containers.find((c) => c.waiting?.reason)?.waiting;
  if (waiting) return waiting.message ? `${waiting.reason}: ${waiting.message}` : waiting.reason;
  if (pod.unschedulable) return `${pod.unschedulable.reason}: ${pod.unschedulable.message}`;
  const terminated = containers.find((c) => c.terminated)?.terminated;
  if (terminated) return `${terminated.reason || 'Terminated'} (exit ${terminated.exitCode})`;
  if (pod.reason) return pod.statusMessage ? `${pod.reason}: ${pod.statusMessage}` : pod.reason;
  return pod.phase === 'Running' ? 'Ready condition is not True' : pod.phase;
}

function nodeIssue(node: KubeObject): NodeIssue | undefined {
  const conditions: string[] = [];
  for (const condition of records(at(node, 'status', 'conditions'))) {
    const type = text(condition.type) ?? '';
    const status = text(condition.status) ?? 'Unknown';
    const reason = text(condition.reason);
    if (type === 'Ready' && status !== 'True') conditions.push(`Ready=${status}${reason ? ` (${reason})` : ''}`);
    if (PRESSURES.includes(type) && status === 'True') conditions.push(reason ? `${type} (${reason})` : type);
  }
  if (at(node, 'spec', 'unschedulable') === true) conditions.push('cordoned');
  return conditions.length === 0 ? undefined : { node: node.metadata?.name ?? '', conditions };
}

function byName(a: { readonly pod: string }, b: { readonly pod: string }): number {
  return a.pod < b.pod ? -1 : a.pod > b.pod ? 1 : 0;
}

export function summarizeClusterHealth(pods: readonly KubeObject[], nodes: readonly KubeObject[], options: HealthOptions = {}): ClusterHealth {
  const limit = options.limit ?? 20;
  const omitted: string[] = [];
  const capped = <T>(name: string, items: readonly T[]): readonly T[] => {
    if (items.length > limit) omitted.push(`${name}: ${items.length - limit} more not shown`);
    return items.slice(0, limit);
  };
  const facts = pods.map(podFacts).filter((p) => p.phase !== 'Succeeded');
  const pending = facts.filter((p) => p.phase === 'Pending').map((p) => podIssue(p, reasonOf(p))).sort(byName);
  const notReady = facts.filter((p) => p.phase !== 'Pending' && !p.ready).map((p) => podIssue(p, reasonOf(p))).sort(byName);
  const restarts = facts
    .flatMap((p) =>
      [...p.initContainers, ...p.containers].map((c): RestartLeader => {
        const last = lastTermination(c);
        return { pod: `${p.namespace}/${p.name}`, container: c.name, restarts: c.restartCount, ...(last ? { lastTermination: `${last.reason || 'Terminated'} (exit ${last.exitCode})` } : {}) };
      }),
    )
    .filter((c) => c.restarts > 0)
    .sort((a, b) => b.restarts - a.restarts || byName(a, b));
  const nodeIssues = nodes.map(nodeIssue).filter((n): n is NodeIssue => n !== undefined).sort((a, b) => (a.node < b.node ? -1 : 1));
  return {
    pods: {
      total: pods.length,
      notReady: capped('pods not ready', notReady),
      pending: capped('pending pods', pending),
      restartLeaders: capped('restarting containers', restarts),
    },
    nodes: {
      total: nodes.length,
      notReady: nodeIssues.filter((n) => n.conditions.some((c) => c.startsWith('Ready='))).length,
      withConditions: capped('nodes with conditions', nodeIssues),
    },
    omitted,
  };
}
