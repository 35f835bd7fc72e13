/**
 * Adapts the daemon's parts to McpDeps for the composition root: a read-only capture (core/capture.ts
 * takes no store and no notifier) and cluster health through the KubernetesReader.
 */
import { captureSnapshot, type CaptureOptions } from '../../core/capture.js';
import { readClusterHealth } from '../../core/cluster-health.js';
import type { Alarm } from '../../domain/alarm.js';
import type { TargetRef } from '../../domain/target.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import type { McpDeps } from './deps.js';

/** The alarm an MCP client's request stands for: manual, no hint, so the target picks the playbook. */
export function manualAlarm(target: TargetRef, nowMs: number): Alarm {
  return {
    source: 'manual',
    name: 'mcp investigate_target',
    kind: 'unknown',
    severity: 'info',
    state: 'firing',
    target,
    startsAt: new Date(nowMs).toISOString(),
    labels: {},
    raw: { via: 'mcp' },
  };
}

/** captureSnapshot keeps its own deadline (`deadlineMs`); a client's cancellation does not stop it early. */
export function captureThrough(options: CaptureOptions): NonNullable<McpDeps['capture']> {
  return async (target) => (await captureSnapshot(manualAlarm(target, options.clock.now()), options)).snapshot;
}

export function clusterHealthThrough(reader: KubernetesReader): NonNullable<McpDeps['clusterHealth']> {
  return ({ namespace, signal }) => readClusterHealth(reader, { ...(namespace === undefined ? {} : { namespace }), signal });
}
