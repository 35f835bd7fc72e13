/**
 * Node rules: `node-not-ready` (Ready False/Unknown, NodeNotReady, pods Unknown or stuck
 * Terminating on it) and `node-pressure` (Memory/Disk/PIDPressure, EvictionThresholdMet, pods
 * Evicted because "the node was low on resource"). Both propose cordoning the node.
 */
import type { Category, Evidence } from '../../diagnosis.js';
import type { WorkloadRef } from '../cluster.js';
import type { DiagnosisContext } from '../context.js';
import { describeEvent, type KubeEvent } from '../events.js';
import { evidence, score, type Finding } from '../finding.js';
import type { PodFacts } from '../pods.js';
import { at, records, text, timeMs } from '../read.js';
import { cordonNode, createIssue } from '../remedies.js';

const PRESSURE_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];
const PRESSURE_EVENTS = new Set(['EvictionThresholdMet', 'NodeHasDiskPressure', 'NodeHasInsufficientMemory', 'NodeHasInsufficientPID', 'FreeDiskSpaceFailed', 'ImageGCFailed', 'SystemOOM']);
const NOT_READY_EVENTS = new Set(['NodeNotReady', 'NodeUnreachable', 'NodeLost', 'Rebooted', 'NodeShutdown']);
/** Pod events that a lost node leaves: not-ready marks, taint evictions, and its volume still attached (Multi-Attach). */
const POD_SIGNS_OF_LOST_NODE = /^(NodeNotReady|NodeUnreachable|NodeLost|TaintManagerEviction) |Multi-Attach error/;

interface NodeState {
  readonly name: string;
  readonly conditions: Evidence[];
  notReadySince?: number;
  pressureSince?: number;
  pressure: string[];
  readonly events: KubeEvent[];
  readonly evicted: PodFacts[];
  readonly stranded: PodFacts[];
  /** Workloads whose pods the node's failure reached (evicted, stranded, their volume held by it). */
  readonly linked: WorkloadRef[];
  readyNow: boolean | undefined;
}

function collect(ctx: DiagnosisContext): NodeState[] {
  const states = new Map<string, NodeState>();
  const stateOf = (name: string): NodeState => {
    const known = states.get(name) ?? { name, conditions: [], pressure: [], events: [], evicted: [], stranded: [], linked: [], readyNow: undefined };
    states.set(name, known);
    return known;
  };
  for (const node of ctx.cluster.ofKind('Node')) {
    const name = node.metadata?.name ?? '';
    const state = stateOf(name);
    for (const condition of records(at(node, 'status', 'conditions'))) {
      const type = text(condition.type) ?? '';
      const status = text(condition.status) ?? '';
      const since = timeMs(condition.lastTransitionTime);
      const line = `condition ${type}=${status}${condition.reason ? ` (${text(condition.reason)})` : ''}${condition.message ? `: ${(text(condition.message) ?? '').slice(0, 160)}` : ''}`;
      if (type === 'Ready') {
        state.readyNow = status === 'True';
        if (status !== 'True') {
          state.notReadySince = since ?? ctx.now;
          state.conditions.push(evidence('kubernetes', `Node/${name}`, line));
        }
      } else if (PRESSURE_TYPES.includes(type) && status === 'True') {
        state.pressure.push(type);
        state.pressureSince = Math.min(state.pressureSince ?? Infinity, since ?? ctx.now);
        state.conditions.push(evidence('kubernetes', `Node/${name}`, line));
      }
    }
  }
  const notReadyNodes = [...states.values()].filter((s) => s.readyNow === false);
  for (const event of ctx.cluster.events) {
    const onNode = event.object.kind === 'Node';
    if (onNode) {
      if (PRESSURE_EVENTS.has(event.reason) || NOT_READY_EVENTS.has(event.reason)) stateOf(event.object.name).events.push(event);
      continue;
    }
    if (event.object.kind !== 'Pod' || !POD_SIGNS_OF_LOST_NODE.test(`${event.reason} ${event.message}`)) continue;
    // The pod may have been recreated elsewhere since: then the event belongs to the node that is down now.
    const pod = ctx.cluster.pod(event.object.namespace, event.object.name);
    const own = pod?.nodeName !== undefined ? states.get(pod.nodeName) : undefined;
    for (const state of own?.readyNow === false ? [own] : notReadyNodes) {
      state.events.push(event);
      state.linked.push(ctx.cluster.workloadOfPodName(event.object.namespace, event.object.name));
    }
  }
  for (const pod of ctx.cluster.pods) {
    if (!pod.nodeName) continue;
    if (pod.reason === 'Evicted' && /low on resource|pressure/i.test(pod.statusMessage)) stateOf(pod.nodeName).evicted.push(pod);
    else if (pod.phase === 'Unknown' || pod.reason === 'NodeLost' || (pod.deleting && !pod.ready)) stateOf(pod.nodeName).stranded.push(pod);
  }
  return [...states.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function finding(ctx: DiagnosisContext, state: NodeState, category: Category, strength: number, summary: string, extra: Evidence[], explains: Category[]): Finding {
  const target = { kind: 'Node', name: state.name };
  const related = [...state.evicted, ...state.stranded];
  const relevance = Math.max(
    ctx.relevanceOfNode(state.name),
    related.length > 0 ? ctx.relevanceOfPods(related) : 0,
    ...state.linked.map((w) => ctx.relevanceOfWorkload(w)),
    ctx.alarmKind === 'node' && !ctx.focus.explicit ? 1 : 0,
  );
  return {
    category,
    score: score(strength * relevance),
    summary,
    target,
    evidence: [...state.conditions.slice(0, 2), ...extra, ...state.events.slice(-2).map((e) => evidence('kubernetes', e.ref, describeEvent(e)))],
    remediations: [
      ...cordonNode(state.name, category === 'node-pressure' ? 'stops new pods landing on a node that is evicting' : 'keeps new pods off a node that stopped working'),
      ...createIssue(category, target, `Node ${state.name}: ${category === 'node-pressure' ? state.pressure.join(', ') || 'resource pressure' : 'NotReady'}`, `${summary}\n${category === 'node-pressure' ? 'Find the consumer (pods without limits, logs, images) or replace the node.' : 'Check the kubelet, the container runtime and the instance; drain and replace the node if it does not return.'}`),
    ],
    explains,
  };
}

export function nodeRules(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const state of collect(ctx)) {
    const freshEvents = state.events.length > 0 ? Math.max(...state.events.map((e) => ctx.freshness(e.lastAt))) : 0;
    const evictedFresh = state.evicted.length > 0 ? 1 : 0;
    const pressureEvents = state.events.filter((e) => PRESSURE_EVENTS.has(e.reason));
    const notReadyEvents = state.events.filter((e) => NOT_READY_EVENTS.has(e.reason));
    const podEvidence = (pods: PodFacts[], what: string): Evidence[] => pods.slice(0, 2).map((p) => evidence('kubernetes', p.ref, `${what}: ${p.reason || p.phase}${p.statusMessage ? ` "${p.statusMessage.slice(0, 200)}"` : ''}`));
    if (state.pressure.length > 0 || state.evicted.length > 0 || pressureEvents.length > 0) {
      const strength = state.pressure.length > 0 ? 0.85 + 0.05 * evictedFresh : state.evicted.length > 0 ? 0.75 : 0.5 * freshEvents;
      const kinds = state.pressure.length > 0 ? state.pressure.join(', ') : 'resource pressure';
      const pressureFirst = state.notReadySince === undefined || (state.pressureSince ?? Infinity) <= state.notReadySince;
      findings.push(
        finding(ctx, state, 'node-pressure', state.readyNow === false && !pressureFirst ? strength * 0.8 : strength, `node ${state.name} is under ${kinds}${state.evicted.length > 0 ? ` and evicted ${state.evicted.length} pod(s)` : ''}`, podEvidence(state.evicted, 'Evicted'), pressureFirst ? ['node-not-ready', 'crash-loop', 'probe-failure', 'unschedulable-resources'] : []),
      );
    }
    if (state.readyNow === false || notReadyEvents.length > 0 || state.stranded.length > 0) {
      const strength = state.readyNow === false ? 0.9 : state.readyNow === true ? 0.25 * freshEvents : state.stranded.length > 0 ? 0.6 : 0.55 * freshEvents;
      const since = state.notReadySince !== undefined ? ` since ${new Date(state.notReadySince).toISOString()}` : '';
      findings.push(
        finding(ctx, state, 'node-not-ready', strength, `node ${state.name} is ${state.readyNow === false ? `NotReady${since}` : 'reported not ready'}${state.stranded.length > 0 ? `; ${state.stranded.length} pod(s) on it are Unknown or stuck Terminating` : ''}`, podEvidence(state.stranded, 'stranded'), ['crash-loop', 'probe-failure', 'unschedulable-resources', 'unschedulable-constraints', 'service-no-endpoints', 'volume-issue']),
      );
    }
  }
  return findings;
}
