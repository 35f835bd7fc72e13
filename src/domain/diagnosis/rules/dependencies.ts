/**
 * dependency-failure: the alarm's workload is healthy itself but something it calls faults or is
 * slow — a downstream node in the X-Ray graph or the traces' root causes, or connection errors
 * (refused, reset, timeout, DNS) in its logs. Names the dependency, in-cluster when it can.
 */
import type { Evidence } from '../../diagnosis.js';
import type { TargetRef } from '../../target.js';
import type { DiagnosisContext } from '../context.js';
import type { KubeEvent } from '../events.js';
import { evidence, score, type Finding } from '../finding.js';
import { linesMatching, quote } from '../logs.js';
import { isUnhealthy } from '../pods.js';
import { at, list } from '../read.js';
import { createIssue, targetOf } from '../remedies.js';
import { graphCulprit, rootCauseServices, type NodeStats } from '../traces.js';

const HOST = /\b((?:[a-z0-9-]+\.)+svc(?:\.cluster\.local)?(?::\d+)?|\d{1,3}(?:\.\d{1,3}){3}:\d+|[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d+|https?:\/\/[^\s/"']+)/i;

function describeNode(n: NodeStats): string {
  return `${n.name}: ${n.total} calls, ${(n.faultRate * 100).toFixed(1)}% faults, ${(n.errorRate * 100).toFixed(1)}% errors, mean ${Math.round(n.meanSeconds * 1000)} ms`;
}

function focusNames(ctx: DiagnosisContext): string[] {
  const names = new Set<string>();
  if (ctx.focus.target.name) names.add(ctx.focus.target.name);
  for (const w of ctx.focus.workloads) names.add(w.name);
  if (ctx.focus.service?.metadata?.name) names.add(ctx.focus.service.metadata.name);
  return [...names].sort();
}

/** The dependency as a workload of the snapshot when its name matches one ("payments", "payments.shop.svc"). */
function dependencyTarget(ctx: DiagnosisContext, name: string): { target: TargetRef; unhealthy: Evidence[] } | undefined {
  const short = name.replace(/^https?:\/\//, '').split(/[.:]/)[0] ?? '';
  const workload = ctx.cluster.workloads().find((w) => w.name === short);
  if (!workload) return undefined;
  const failing = ctx.cluster.podsOf(workload).filter(isUnhealthy);
  return {
    target: targetOf(workload),
    unhealthy: failing.slice(0, 1).map((p) => evidence('kubernetes', p.ref, `dependency pod ${p.phase}, ${p.ready ? 'Ready' : 'not Ready'}`)),
  };
}

export function dependencyRules(ctx: DiagnosisContext): Finding[] {
  const names = focusNames(ctx);
  const ev: Evidence[] = [];
  let strength = 0;
  let dependency: string | undefined;

  const services = ctx.snapshot.traces?.services ?? [];
  const graph = services.length > 0 ? graphCulprit(services, names) : undefined;
  const culprit = graph && graph.path.length > 0 ? graph : undefined;
  if (culprit) {
    const deepest = culprit.path.at(-1) as NodeStats;
    dependency = deepest.name;
    strength = 0.8;
    ev.push(evidence('xray', `xray:service-graph/${culprit.entry.name}`, describeNode(culprit.entry)));
    for (const n of culprit.path) ev.push(evidence('xray', `xray:service-graph/${culprit.entry.name}->${n.name}`, describeNode(n)));
  }
  const causes = rootCauseServices(ctx.snapshot.traces?.summaries ?? []);
  const external = [...causes.entries()].filter(([name]) => !names.includes(name)).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const ownCauses = [...causes.entries()].filter(([name]) => names.includes(name)).reduce((n, [, c]) => n + c, 0);
  if (external.length > 0 && (external[0]?.[1] ?? 0) > ownCauses) {
    const [name, count] = external[0] as [string, number];
    if (!dependency) dependency = name;
    strength = strength > 0 ? Math.min(0.95, strength + (name === dependency ? 0.1 : 0)) : 0.7;
    ev.push(evidence('xray', 'xray:trace-summaries', `${count} trace root cause(s) point at ${name}${ownCauses > 0 ? `, ${ownCauses} at ${names[0]} itself` : ''}`));
  }

  const focusPods = new Set(ctx.focus.pods.map((p) => p.name));
  // Log rows not from the workload's own pods may be its clients failing to reach it: then the
  // workload is the failing party, not a dependency of it.
  const self = [...names, ...list(at(ctx.focus.service, 'spec', 'clusterIPs')).filter((ip): ip is string => typeof ip === 'string')];
  const selfPattern = self.length > 0 ? new RegExp(`(^|[^\\w.-])(${self.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})($|[^\\w-])`, 'i') : undefined;
  const logHits = ctx.logs
    .filter((l) => (l.pod === undefined ? ctx.focus.explicit : focusPods.has(l.pod) || !ctx.focus.explicit))
    .map((l) => {
      const own = l.pod !== undefined && focusPods.has(l.pod);
      return { source: l, lines: linesMatching(l, 'connection').filter((line) => own || !selfPattern?.test(line)) };
    })
    .filter((h) => h.lines.length > 0);
  const lineCount = logHits.reduce((n, h) => n + h.lines.length, 0);
  if (lineCount > 0) {
    const host = logHits.flatMap((h) => h.lines.map((l) => HOST.exec(l)?.[1])).find((h): h is string => h !== undefined);
    if (!dependency && host) dependency = host;
    // A service graph whose downstream calls are all healthy speaks against the logs' reading.
    const graphClears = graph !== undefined && culprit === undefined;
    const fromLogs = (0.5 + (lineCount >= 3 ? 0.1 : 0) + (host ? 0.1 : 0)) * (graphClears ? 0.6 : 1);
    if (graph && graphClears) ev.push(evidence('xray', `xray:service-graph/${graph.entry.name}`, `downstream calls of ${graph.entry.name} are healthy; ${describeNode(graph.entry)}`));
    strength = strength > 0 ? Math.min(0.95, strength + 0.05) : fromLogs;
    for (const h of logHits.slice(0, 2)) ev.push(evidence('logs', h.source.ref, `${h.lines.length} connection error line(s): ${quote(h.lines)}`));
  }
  // A readiness endpoint answering 5xx is the app saying it is alive but cannot serve: with
  // connection errors in its logs, the probe reports the dependency rather than failing itself.
  const appReportsUnready = ctx.focus.pods
    .flatMap((p) => ctx.cluster.eventsAbout('Pod', p.namespace, p.name))
    .filter((e) => e.reason === 'Unhealthy' && /readiness probe failed: HTTP probe failed with statuscode: 5\d\d/i.test(e.message));
  if (lineCount > 0 && appReportsUnready.length > 0) {
    strength = Math.min(0.95, strength + 0.15);
    ev.push(evidence('kubernetes', (appReportsUnready.at(-1) as KubeEvent).ref, `the app answers its readiness probe with an error status: ${(appReportsUnready.at(-1) as KubeEvent).message.slice(0, 160)}`));
  }
  if (strength === 0) return [];

  // The category is about a workload failed by what it calls: pods that crash or cannot start weaken
  // it, pods that only report themselves unready (a readiness check of the dependency) do not.
  const broken = ctx.focus.pods.filter((p) => p.phase !== 'Running' || p.containers.some((c) => c.waiting !== undefined || c.restartCount > 0 && !c.ready)).length;
  const ownHealth = ctx.focus.pods.length === 0 || broken === 0 ? 1 : broken < ctx.focus.pods.length ? 0.85 : 0.6;
  const alarmFit = ctx.alarmKind === 'memory' || ctx.alarmKind === 'cpu' || ctx.alarmKind === 'node' ? 0.8 : ctx.alarmKind === 'deployment' ? 0.9 : 1;
  const inCluster = dependency ? dependencyTarget(ctx, dependency) : undefined;
  const target = inCluster?.target ?? ctx.focus.target;
  const who = names[0] ?? 'the workload';
  const dep = dependency ?? 'a dependency';
  const final = score(strength * ownHealth * alarmFit + (inCluster && inCluster.unhealthy.length > 0 ? 0.05 : 0));
  return [
    {
      category: 'dependency-failure',
      score: final,
      summary: `${who} is failed by its dependency ${dep}: ${culprit ? 'X-Ray shows the faults/latency downstream' : causes.size > 0 ? 'X-Ray trace root causes point at it' : 'its logs show connection errors to it'}`,
      target,
      evidence: [...ev, ...(inCluster?.unhealthy ?? [])],
      remediations: createIssue('dependency-failure', target, `${who}: dependency ${dep} failing`, `${ev.map((e) => `- ${e.detail}`).join('\n')}\nRestore ${dep} or add timeouts, retries with backoff and a circuit breaker in ${who}.`),
      ...(final >= 0.6 ? { explains: ['probe-failure', 'service-no-endpoints'] as const } : {}),
      ...(services.length === 0 && (ctx.snapshot.traces?.summaries ?? []).length === 0 ? { missing: ['no X-Ray traces to confirm which downstream call fails'] } : {}),
    },
  ];
}
