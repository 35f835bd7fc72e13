/**
 * The six playbooks and how an alarm picks one: its kind hint first, then words in its name, then
 * what its target is. Each is the investigation an SRE would run by hand for that alarm: resolve
 * the target first, then gather every kind of evidence at once.
 */
import type { Alarm } from '../../domain/alarm.js';
import {
  configReferencesStep,
  currentLogsStep,
  eventsStep,
  nodesStep,
  previousLogsStep,
  rolloutHistoryStep,
} from '../evidence/kubernetes-collectors.js';
import { resolveScopeStep } from '../evidence/kubernetes-scope.js';
import {
  applicationErrorsStep,
  autoscalerStep,
  currentUsageStep,
  nodeNeighboursStep,
  nodeSignalsStep,
  tracesStep,
  workloadSignalsStep,
} from '../evidence/signal-collectors.js';
import type { Playbook } from './playbook.js';

export const memoryLeakPlaybook: Playbook = {
  name: 'memory-leak',
  title: 'Memory leak',
  phases: [
    [resolveScopeStep],
    [
      workloadSignalsStep('memory series', ['memory-working-set', 'memory-limit', 'restarts'], 360, 20_000),
      eventsStep,
      previousLogsStep,
      rolloutHistoryStep,
      currentUsageStep,
      nodesStep,
    ],
  ],
};

export const highCpuPlaybook: Playbook = {
  name: 'high-cpu',
  title: 'High CPU',
  phases: [
    [resolveScopeStep],
    [
      workloadSignalsStep('cpu series', ['cpu-usage', 'cpu-throttling', 'restarts'], 60),
      nodeSignalsStep(['node-cpu'], 60),
      autoscalerStep,
      currentUsageStep,
      nodeNeighboursStep,
      eventsStep,
      nodesStep,
    ],
  ],
};

export const highLatencyPlaybook: Playbook = {
  name: 'high-latency',
  title: 'High latency',
  phases: [
    [resolveScopeStep],
    [
      tracesStep,
      applicationErrorsStep,
      workloadSignalsStep('latency and saturation series', ['latency-p95', 'latency-p99', 'error-ratio', 'cpu-usage', 'cpu-throttling', 'restarts'], 60),
      currentLogsStep,
      rolloutHistoryStep,
      eventsStep,
      currentUsageStep,
    ],
  ],
};

export const nodePressurePlaybook: Playbook = {
  name: 'node-pressure',
  title: 'Node pressure',
  phases: [[resolveScopeStep], [nodesStep, eventsStep, currentUsageStep, nodeNeighboursStep, nodeSignalsStep(['node-cpu', 'node-memory'], 60)]],
};

export const podCrashPlaybook: Playbook = {
  name: 'pod-crash',
  title: 'Pod crash',
  phases: [
    [resolveScopeStep],
    [
      eventsStep,
      previousLogsStep,
      nodesStep,
      rolloutHistoryStep,
      configReferencesStep,
      workloadSignalsStep('memory series', ['memory-working-set', 'memory-limit'], 120),
    ],
  ],
};

/** An alarm triaged cannot place gets every kind of evidence, so an `unknown` can say what it lacked. */
export const genericPlaybook: Playbook = {
  name: 'generic',
  title: 'Generic investigation',
  phases: [
    [resolveScopeStep],
    [
      eventsStep,
      previousLogsStep,
      currentLogsStep,
      nodesStep,
      rolloutHistoryStep,
      currentUsageStep,
      workloadSignalsStep('basic series', ['memory-working-set', 'cpu-usage', 'restarts'], 60),
      applicationErrorsStep,
      tracesStep,
    ],
  ],
};

export const PLAYBOOKS: readonly Playbook[] = [memoryLeakPlaybook, highCpuPlaybook, highLatencyPlaybook, nodePressurePlaybook, podCrashPlaybook, genericPlaybook];

const BY_KIND: Readonly<Partial<Record<Alarm['kind'], Playbook>>> = {
  memory: memoryLeakPlaybook,
  cpu: highCpuPlaybook,
  latency: highLatencyPlaybook,
  node: nodePressurePlaybook,
  crash: podCrashPlaybook,
};

/** In order: a node's memory pressure is node trouble, not a memory leak. */
const BY_NAME: readonly (readonly [RegExp, Playbook])[] = [
  [/crash|backoff|oomkill|restart|imagepull|errimage|createcontainer|failed.?to.?start|init:?error/, podCrashPlaybook],
  [/node.?(not.?ready|unreachable|down|filesystem|memory|disk)|pressure|kubelet|evict|notready/, nodePressurePlaybook],
  [/mem(ory)?|heap|rss|working.?set|oom/, memoryLeakPlaybook],
  [/cpu|throttl/, highCpuPlaybook],
  [/latency|slow|p9[059]|response.?time|duration|5xx|error.?rate|timeout/, highLatencyPlaybook],
];

export function selectPlaybook(alarm: Pick<Alarm, 'kind' | 'name' | 'target'>): Playbook {
  const byKind = BY_KIND[alarm.kind];
  if (byKind) return byKind;
  const name = alarm.name.toLowerCase();
  if ((alarm.target.kind ?? '').toLowerCase() === 'node') return nodePressurePlaybook;
  return BY_NAME.find(([pattern]) => pattern.test(name))?.[1] ?? genericPlaybook;
}

export function playbookByName(name: string): Playbook | undefined {
  return PLAYBOOKS.find((p) => p.name === name);
}
