/**
 * Evidence steps over the optional sources: workload and node time series (Prometheus or Container
 * Insights), application error lines (Logs Insights), X-Ray traces, and metrics-server usage. A
 * source that is not configured makes its step `skipped` and names what is missing.
 */
import { parseQuantity } from '../../domain/quantity.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { NodeSignal, TimeRange, WorkloadRef, WorkloadSignal } from '../../ports/evidence.js';
import type { EvidenceStep, StepContext, StepResult } from '../playbooks/playbook.js';
import { nameOf } from './scope.js';

/** The workload the scope resolved to, else the alarm's own target. */
export function workloadOf(context: StepContext): WorkloadRef | undefined {
  const { scope, target } = context;
  if (scope.workload) return { namespace: scope.namespace ?? '', name: nameOf(scope.workload), kind: scope.workload.kind ?? 'Deployment' };
  const namespace = scope.namespace ?? target.namespace;
  if (!namespace || !target.name) return undefined;
  return { namespace, name: target.name, ...(target.kind ? { kind: target.kind } : {}) };
}

function windowEndingAt(nowMs: number, minutes: number): TimeRange {
  const end = Math.floor(nowMs / 1000);
  return { start: end - minutes * 60, end };
}

export function workloadSignalsStep(name: string, signals: readonly WorkloadSignal[], windowMinutes: number, deadlineMs = 10_000): EvidenceStep {
  return {
    name,
    source: 'metrics',
    deadlineMs,
    async run(context: StepContext, abort: AbortSignal): Promise<StepResult> {
      const source = context.ports.signals;
      if (!source) {
        context.draft.addMissing(`${name}: no metrics source (set TRIAGED_PROMETHEUS_URL, or enable Logs Insights for Container Insights)`);
        return { outcome: 'skipped', detail: 'no metrics source configured' };
      }
      const workload = workloadOf(context);
      if (!workload) return { outcome: 'empty', detail: 'no workload to query' };
      const wanted = signals.filter((s) => source.supports(s));
      const unsupported = signals.filter((s) => !source.supports(s));
      if (unsupported.length > 0) context.draft.addMissing(`${unsupported.join(', ')}: not available from ${source.name}`);
      // One query per distinct answer: Container Insights serves both memory signals from one query.
      const range = windowEndingAt(context.nowMs, windowMinutes);
      const results = await Promise.all(wanted.map((s) => source.workloadSignal(s, workload, range, abort)));
      const seen = new Set<string>();
      const series = results.flat().filter((s) => {
        const key = `${s.name}\u0000${JSON.stringify(s.labels)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      context.draft.addMetrics(series);
      return series.length > 0
        ? { outcome: 'ok', detail: `${series.length} series from ${source.name} over ${windowMinutes} min` }
        : { outcome: 'empty', detail: `${source.name} has no ${wanted.join(', ')} series for ${workload.namespace}/${workload.name}` };
    },
  };
}

export function nodeSignalsStep(signals: readonly NodeSignal[], windowMinutes: number): EvidenceStep {
  return {
    name: 'node metrics',
    source: 'metrics',
    deadlineMs: 10_000,
    async run(context: StepContext, abort: AbortSignal): Promise<StepResult> {
      const source = context.ports.signals;
      const nodes = [...context.scope.nodeNames];
      if (!source) return { outcome: 'skipped', detail: 'no metrics source configured' };
      const wanted = signals.filter((s) => source.supports(s));
      if (nodes.length === 0 || wanted.length === 0) return { outcome: 'empty', detail: nodes.length === 0 ? 'no nodes' : `${source.name} has no node series` };
      const range = windowEndingAt(context.nowMs, windowMinutes);
      const series = (await Promise.all(wanted.map((s) => source.nodeSignal(s, nodes, range, abort)))).flat();
      context.draft.addMetrics(series);
      return { outcome: series.length > 0 ? 'ok' : 'empty', detail: `${series.length} node series` };
    },
  };
}

export const applicationErrorsStep: EvidenceStep = {
  name: 'application error logs',
  source: 'cloudwatch',
  deadlineMs: 15_000,
  async run(context: StepContext, abort: AbortSignal): Promise<StepResult> {
    const source = context.ports.errorLogs;
    if (!source) {
      context.draft.addMissing('application error logs: CloudWatch Logs Insights is not enabled (TRIAGED_LOGS_INSIGHTS_ENABLED)');
      return { outcome: 'skipped', detail: 'Logs Insights not configured' };
    }
    const workload = workloadOf(context);
    if (!workload) return { outcome: 'empty', detail: 'no workload to query' };
    const result = await source.applicationErrors(workload, windowEndingAt(context.nowMs, 60), abort);
    context.draft.addLogQuery(result);
    return { outcome: result.results.length > 0 ? 'ok' : 'empty', detail: `${result.results.length} error lines` };
  },
};

export const tracesStep: EvidenceStep = {
  name: 'traces',
  source: 'xray',
  deadlineMs: 10_000,
  async run(context: StepContext, abort: AbortSignal): Promise<StepResult> {
    const source = context.ports.traces;
    if (!source) {
      context.draft.addMissing('traces: AWS X-Ray is not enabled (TRIAGED_XRAY_ENABLED)');
      return { outcome: 'skipped', detail: 'X-Ray not configured' };
    }
    const workload = workloadOf(context);
    const range = windowEndingAt(context.nowMs, 15);
    const [services, summaries] = await Promise.all([
      source.serviceGraph(range, abort),
      workload ? source.slowOrFaultyTraces(workload.name, range, abort) : Promise.resolve([]),
    ]);
    context.draft.addTraces(services, summaries);
    return { outcome: services.length + summaries.length > 0 ? 'ok' : 'empty', detail: `${services.length} services, ${summaries.length} slow or faulty traces` };
  },
};

/** metrics-server's current usage of the scope's pods and nodes. */
export const currentUsageStep: EvidenceStep = {
  name: 'current usage',
  source: 'metrics-server',
  deadlineMs: 5_000,
  async run({ scope, draft, ports }: StepContext, abort: AbortSignal): Promise<StepResult> {
    const kube = ports.kubernetes;
    const podNames = new Set(scope.pods.map(nameOf));
    const namespaces = [...new Set(scope.pods.map((p) => p.metadata?.namespace).filter((n): n is string => Boolean(n)))].slice(0, 5);
    const [podMetrics, nodeMetrics] = await Promise.all([
      Promise.all(namespaces.map((namespace) => kube.list({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics', namespace }, abort))),
      Promise.all([...scope.nodeNames].slice(0, 10).map((name) => kube.get({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', name }, abort))),
    ]);
    const pods = podMetrics.flat().filter((m) => podNames.has(nameOf(m)));
    const nodes = nodeMetrics.filter((m): m is KubeObject => m !== null);
    draft.addObjects([...pods, ...nodes]);
    if (pods.length + nodes.length === 0) draft.addMissing('current usage: metrics-server returned nothing for the pods or nodes');
    return { outcome: pods.length + nodes.length > 0 ? 'ok' : 'empty', detail: `${pods.length} pods, ${nodes.length} nodes` };
  },
};

/** Usage of every pod on the scope's nodes: who else is eating the node. */
export const nodeNeighboursStep: EvidenceStep = {
  name: 'top pods on the node',
  source: 'metrics-server',
  deadlineMs: 6_000,
  async run({ scope, draft, ports }: StepContext, abort: AbortSignal): Promise<StepResult> {
    const kube = ports.kubernetes;
    const nodes = [...scope.nodeNames].slice(0, 3);
    if (nodes.length === 0) return { outcome: 'empty', detail: 'no nodes' };
    const podsOnNodes = (await Promise.all(nodes.map((node) => kube.list({ apiVersion: 'v1', kind: 'Pod', fieldSelector: `spec.nodeName=${node}`, limit: 250 }, abort)))).flat();
    const names = new Set(podsOnNodes.map(nameOf));
    const usage = (await kube.list({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics', limit: 2000 }, abort)).filter((m) => names.has(nameOf(m)));
    const top = usage.sort((a, b) => totalMemory(b) - totalMemory(a)).slice(0, 10);
    draft.addObjects(top);
    return { outcome: top.length > 0 ? 'ok' : 'empty', detail: `${podsOnNodes.length} pods on ${nodes.length} nodes, top ${top.length} by memory` };
  },
};

export const autoscalerStep: EvidenceStep = {
  name: 'autoscaler',
  source: 'kubernetes',
  deadlineMs: 5_000,
  async run({ scope, draft, ports }: StepContext, abort: AbortSignal): Promise<StepResult> {
    if (!scope.workload || !scope.namespace) return { outcome: 'empty', detail: 'no workload' };
    const name = nameOf(scope.workload);
    const hpas = await ports.kubernetes.list({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: scope.namespace }, abort);
    const mine = hpas.filter((h) => (h.spec as { scaleTargetRef?: { name?: string } } | undefined)?.scaleTargetRef?.name === name);
    draft.addObjects(mine);
    return { outcome: mine.length > 0 ? 'ok' : 'empty', detail: mine.length > 0 ? `HPA ${nameOf(mine[0]!)}` : 'no HPA' };
  },
};

function totalMemory(podMetrics: KubeObject): number {
  const containers = (podMetrics as { containers?: { usage?: { memory?: string } }[] }).containers ?? [];
  return containers.reduce((sum, c) => sum + (parseQuantity(c.usage?.memory) ?? 0), 0);
}
