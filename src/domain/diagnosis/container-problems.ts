/**
 * Per container (init and main), what its state says went wrong: an image that cannot be pulled,
 * a configuration it cannot start with, an OOM kill, an application crash (told apart by exit
 * code and the previous container's log), a kill by a probe. The rules group these by workload.
 */
import type { WorkloadRef } from './cluster.js';
import type { DiagnosisContext } from './context.js';
import { linesMatching, matches, type LogSource } from './logs.js';
import { lastTermination, type ContainerFacts, type PodFacts, type Termination } from './pods.js';

export type ProblemKind = 'image-pull' | 'bad-config' | 'crash-loop' | 'init-container-failure' | 'oom' | 'probe-kill' | 'dependency-failure';

export interface ContainerProblem {
  readonly kind: ProblemKind;
  readonly pod: PodFacts;
  readonly container: ContainerFacts;
  readonly workload: WorkloadRef;
  /** 0..1 before relevance and freshness. */
  readonly strength: number;
  /** When it was last seen (ms): the termination time, or capture time for a current waiting state. */
  readonly seenAt: number;
  readonly detail: string;
  readonly log?: { readonly ref: string; readonly lines: readonly string[] };
  readonly missing?: string;
  /** An 'oom' the runtime reported (heap exhausted) rather than a kill by the kernel at the limit. */
  readonly runtimeOom?: boolean;
}

const IMAGE_PULL = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable', 'SignatureValidationFailed']);
const CONFIG_WAIT = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);
/** Lines of a stack trace below its header: they repeat the error, they do not name it. */
const STACK_FRAME = /^\s+at |^\s+File "|^\s*goroutine \d+|^\s+\S+\.go:\d+|^\s*\.\.\. \d+ more/;
const EXEC_FAILURE = /executable file not found|exec format error|no such file or directory|permission denied|not found in \$PATH/i;

function describeTermination(t: Termination): string {
  const message = t.message ? `, "${t.message.slice(0, 160)}"` : '';
  return `${t.reason || 'terminated'}, exit ${t.exitCode}${message}`;
}

function statusDetail(pod: PodFacts, c: ContainerFacts): string {
  const field = c.init ? 'initContainerStatuses' : 'containerStatuses';
  const parts: string[] = [];
  if (c.waiting) parts.push(`state.waiting ${c.waiting.reason}${c.waiting.message ? ` "${c.waiting.message.slice(0, 200)}"` : ''}`);
  if (c.terminated) parts.push(`state.terminated ${describeTermination(c.terminated)}`);
  if (c.lastTerminated) parts.push(`lastState.terminated ${describeTermination(c.lastTerminated)}`);
  parts.push(`restartCount ${c.restartCount}`);
  return `${field}[${c.name}]: ${parts.join('; ')}${pod.phase ? ` (pod ${pod.phase}${pod.ready ? ', Ready' : ', not Ready'})` : ''}`;
}

function logsOf(ctx: DiagnosisContext, pod: PodFacts, container: string): LogSource[] {
  const sources = ctx.logs.filter((l) => l.pod === pod.name && (l.namespace === undefined || l.namespace === pod.namespace) && (l.container === undefined || l.container === container));
  return [...sources.filter((l) => l.previous), ...sources.filter((l) => !l.previous)];
}

/** An exit with an error: the log tells an app crash, a missing setting and an unreachable dependency apart. */
function classifyCrash(ctx: DiagnosisContext, pod: PodFacts, c: ContainerFacts, t: Termination): Pick<ContainerProblem, 'kind' | 'strength' | 'log' | 'missing' | 'runtimeOom'> {
  const crashKind: ProblemKind = c.init ? 'init-container-failure' : 'crash-loop';
  if (t.exitCode === 126 || t.exitCode === 127 || (EXEC_FAILURE.test(t.message) && /StartError|ContainerCannotRun/.test(t.reason))) {
    return { kind: c.init ? 'init-container-failure' : 'bad-config', strength: 0.85 };
  }
  const sources = logsOf(ctx, pod, c.name);
  for (const source of sources) {
    const config = linesMatching(source, 'config');
    const crash = linesMatching(source, 'crash').filter((l) => !STACK_FRAME.test(l));
    const connection = linesMatching(source, 'connection');
    const weight = source.previous ? 1 : 0.85;
    const log = (lines: string[]) => ({ ref: source.ref, lines });
    const memory = linesMatching(source, 'memory');
    if (memory.length > 0 && !c.init) return { kind: 'oom', strength: 0.8 * weight, log: log(memory), runtimeOom: true };
    if (c.init && (config.length > 0 || crash.length > 0 || connection.length > 0)) {
      return { kind: crashKind, strength: 0.9 * weight, log: log([...config, ...crash, ...connection].slice(-3)) };
    }
    if (config.length > 0) return { kind: 'bad-config', strength: 0.8 * weight, log: log(config) };
    // The last error before the exit decides: a connection error there points past the app.
    const lastError = source.lines.filter((l) => !STACK_FRAME.test(l)).reverse().find((l) => matches(l, 'crash') || matches(l, 'connection'));
    if (lastError !== undefined && matches(lastError, 'connection')) return { kind: 'dependency-failure', strength: 0.6 * weight, log: log(connection) };
    if (crash.length > 0) return { kind: crashKind, strength: 0.85 * weight, log: log(crash) };
  }
  const missing = sources.length === 0 ? `no previous-container logs for ${pod.name}/${c.name}` : undefined;
  return { kind: crashKind, strength: sources.length === 0 ? 0.6 : 0.55, ...(missing ? { missing } : {}) };
}

function problemOf(ctx: DiagnosisContext, pod: PodFacts, c: ContainerFacts, workload: WorkloadRef): ContainerProblem | undefined {
  const base = { pod, container: c, workload, detail: statusDetail(pod, c) };
  const waiting = c.waiting?.reason ?? '';
  if (IMAGE_PULL.has(waiting)) return { ...base, kind: 'image-pull', strength: 0.9, seenAt: ctx.now };
  if (CONFIG_WAIT.has(waiting)) {
    const strength = waiting === 'CreateContainerConfigError' || EXEC_FAILURE.test(c.waiting?.message ?? '') ? 0.9 : 0.65;
    return { ...base, kind: 'bad-config', strength, seenAt: ctx.now };
  }
  const t = lastTermination(c);
  if (!t) {
    if (waiting === 'CrashLoopBackOff') return { ...base, kind: c.init ? 'init-container-failure' : 'crash-loop', strength: 0.45, seenAt: ctx.now };
    return initStuck(ctx, pod, c, base);
  }
  const seenAt = t.finishedAt ?? ctx.now;
  // A container that is running and ready again counts less than one that is down now.
  const down = waiting !== '' || c.terminated !== undefined;
  const currentWeight = down ? 1 : c.ready ? 0.6 : 0.8;
  if (t.reason === 'OOMKilled') return { ...base, kind: 'oom', strength: 0.9 * currentWeight, seenAt };
  if (t.exitCode === 0 && !c.init) {
    return waiting === 'CrashLoopBackOff' ? { ...base, kind: 'crash-loop', strength: 0.45, seenAt } : undefined;
  }
  if (t.exitCode === 0) return undefined;
  // Exit 137 (SIGKILL) or 143 (SIGTERM) without OOM is what a failed liveness probe leaves behind.
  if ((t.exitCode === 137 || t.exitCode === 143) && !c.init) return { ...base, kind: 'probe-kill', strength: 0.5 * currentWeight, seenAt };
  const crash = classifyCrash(ctx, pod, c, t);
  const restarting = waiting === 'CrashLoopBackOff' || c.restartCount >= 2 || c.init;
  return { ...base, ...crash, strength: crash.strength * currentWeight * (restarting ? 1 : 0.7), seenAt };
}

/** An init container still running long after the pod started: it waits for something that never comes. */
function initStuck(ctx: DiagnosisContext, pod: PodFacts, c: ContainerFacts, base: Pick<ContainerProblem, 'pod' | 'container' | 'workload' | 'detail'>): ContainerProblem | undefined {
  if (!c.init || c.runningSince === undefined || c.runningSince === 0) return undefined;
  const runningFor = ctx.now - c.runningSince;
  if (runningFor < 10 * 60_000) return undefined;
  const connection = logsOf(ctx, pod, c.name).flatMap((s) => linesMatching(s, 'connection').map((line) => ({ ref: s.ref, line })));
  return {
    ...base,
    detail: `${base.detail}; init container running for ${Math.round(runningFor / 60_000)} min without completing`,
    kind: 'init-container-failure',
    strength: 0.55,
    seenAt: ctx.now,
    ...(connection.length > 0 ? { log: { ref: connection[0]?.ref ?? '', lines: connection.map((c) => c.line) } } : {}),
  };
}

const cache = new WeakMap<DiagnosisContext, readonly ContainerProblem[]>();

/** Every container problem in the snapshot, computed once per diagnosis. */
export function containerProblems(ctx: DiagnosisContext): readonly ContainerProblem[] {
  const known = cache.get(ctx);
  if (known) return known;
  const problems: ContainerProblem[] = [];
  for (const pod of ctx.cluster.pods) {
    // An evicted pod's containers were stopped by the kubelet: the node rules judge evictions.
    if (pod.phase === 'Succeeded' || pod.reason === 'Evicted') continue;
    const workload = ctx.cluster.workloadOf(pod);
    // Main containers have not run yet while an init container is failing: judge the init containers first.
    const initProblems = pod.initContainers.map((c) => problemOf(ctx, pod, c, workload)).filter((p): p is ContainerProblem => p !== undefined);
    problems.push(...initProblems);
    if (initProblems.some((p) => p.container.waiting !== undefined || p.container.terminated !== undefined || p.kind === 'init-container-failure')) continue;
    for (const c of pod.containers) {
      const problem = problemOf(ctx, pod, c, workload);
      if (problem) problems.push(problem);
    }
  }
  cache.set(ctx, problems);
  return problems;
}
