/**
 * The verdict of a post-deploy check from what was read: the Deployment's rollout status, the new
 * ReplicaSet's pods (waiting reasons, restarts, readiness) and, when Prometheus is configured,
 * the error ratio and P95 latency since the rollout against the same span before it. Pure.
 */
import { podFacts } from '../../domain/diagnosis/pods.js';
import type { KubeObject } from '../../domain/snapshot.js';

export interface PostDeployThresholds {
  /** Restarts of the new pods, all together, that fail the rollout at once (default 3). */
  readonly maxRestarts: number;
  /** Error ratio (0..1) after the rollout that fails it (default 0.05). */
  readonly maxErrorRatio: number;
  /** P95 latency after / before that fails it (default 1.5). */
  readonly maxLatencyFactor: number;
}

export const DEFAULT_THRESHOLDS: PostDeployThresholds = { maxRestarts: 3, maxErrorRatio: 0.05, maxLatencyFactor: 1.5 };

export interface CheckInput {
  readonly deployment: KubeObject | null;
  readonly pods: readonly KubeObject[];
  /** The window is over: the rollout must be complete and healthy now. */
  readonly final: boolean;
  readonly errorRatio?: number;
  readonly latencyP95?: { readonly before: number; readonly after: number };
}

export type Verdict =
  | { readonly state: 'healthy'; readonly checks: readonly string[] }
  | { readonly state: 'failing'; readonly reasons: readonly string[]; readonly checks: readonly string[] }
  | { readonly state: 'watching'; readonly checks: readonly string[] };

/** Waiting reasons that never fix themselves in a rollout window. */
const STUCK = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName', 'RunContainerError']);

export function judgeRollout(input: CheckInput, thresholds: PostDeployThresholds = DEFAULT_THRESHOLDS): Verdict {
  if (!input.deployment) return { state: 'failing', reasons: ['the Deployment is gone'], checks: [] };
  const spec = (input.deployment['spec'] ?? {}) as { replicas?: number };
  const status = (input.deployment['status'] ?? {}) as { updatedReplicas?: number; availableReplicas?: number; conditions?: { type?: string; reason?: string; message?: string }[] };
  const desired = spec.replicas ?? 1;
  const pods = input.pods.map(podFacts);
  const containers = pods.flatMap((p) => [...p.initContainers, ...p.containers].map((c) => ({ pod: p.name, c })));
  const restarts = containers.reduce((sum, { c }) => sum + c.restartCount, 0);
  const ready = pods.filter((p) => p.ready).length;
  const checks = [
    `rollout: ${status.updatedReplicas ?? 0}/${desired} updated, ${status.availableReplicas ?? 0}/${desired} available`,
    `new pods: ${ready}/${pods.length} Ready, ${restarts} restart${restarts === 1 ? '' : 's'}`,
    ...(input.errorRatio !== undefined ? [`error ratio: ${(input.errorRatio * 100).toFixed(2)}% (limit ${(thresholds.maxErrorRatio * 100).toFixed(2)}%)`] : []),
    ...(input.latencyP95 ? [`P95 latency: ${formatSeconds(input.latencyP95.after)} after, ${formatSeconds(input.latencyP95.before)} before`] : []),
  ];

  const reasons: string[] = [];
  const deadline = status.conditions?.find((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
  if (deadline) reasons.push(`ProgressDeadlineExceeded: ${deadline.message ?? 'the rollout stopped progressing'}`);
  for (const { pod, c } of containers) if (c.waiting?.reason && STUCK.has(c.waiting.reason)) reasons.push(`${pod} [${c.name}]: ${c.waiting.reason}${c.waiting.message ? `: ${c.waiting.message}` : ''}`);
  if (restarts >= thresholds.maxRestarts) reasons.push(`the new pods restarted ${restarts} times (limit ${thresholds.maxRestarts})`);
  if (input.errorRatio !== undefined && input.errorRatio > thresholds.maxErrorRatio) reasons.push(`error ratio ${(input.errorRatio * 100).toFixed(2)}% is above ${(thresholds.maxErrorRatio * 100).toFixed(2)}%`);
  if (input.latencyP95 && input.latencyP95.before > 0 && input.latencyP95.after > input.latencyP95.before * thresholds.maxLatencyFactor) {
    reasons.push(`P95 latency rose from ${formatSeconds(input.latencyP95.before)} to ${formatSeconds(input.latencyP95.after)} (more than ${thresholds.maxLatencyFactor}x)`);
  }
  if (reasons.length > 0) return { state: 'failing', reasons: unique(reasons), checks };
  if (!input.final) return { state: 'watching', checks };

  const complete = (status.updatedReplicas ?? 0) >= desired && (status.availableReplicas ?? 0) >= desired;
  if (!complete) reasons.push(`the rollout did not complete within the window (${status.updatedReplicas ?? 0}/${desired} updated, ${status.availableReplicas ?? 0}/${desired} available)`);
  if (ready < pods.length) reasons.push(`${pods.length - ready} of the new pods are not Ready`);
  return reasons.length > 0 ? { state: 'failing', reasons, checks } : { state: 'healthy', checks };
}

function formatSeconds(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)} ms` : `${seconds.toFixed(2)} s`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
