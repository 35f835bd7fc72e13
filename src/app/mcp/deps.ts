/**
 * What the MCP server is given: readers only. There is no KubernetesWriter, no Notifier and no way
 * to create an approval in here, so no tool can change the cluster or post to Slack.
 */
import type { ClusterHealth } from '../../domain/health.js';
import type { Snapshot } from '../../domain/snapshot.js';
import type { TargetRef } from '../../domain/target.js';
import type { Clock } from '../../ports/clock.js';
import type { MetricsSource } from '../../ports/evidence.js';
import type { Logger } from '../../ports/logger.js';
import type { IncidentStore } from '../../ports/store.js';

/** The store's read methods; createMcpServer copies just these, so the writes are out of reach. */
export type IncidentReader = Pick<IncidentStore, 'listIncidents' | 'getIncident' | 'latestFinding' | 'approvalsOf'>;

export interface McpDeps {
  readonly incidents: IncidentReader;
  /** Runs a playbook's read-only collectors for one target (core/capture.ts via wiring.ts): no store, no notifier. */
  readonly capture?: (target: TargetRef, signal: AbortSignal) => Promise<Snapshot>;
  /** Prometheus, when TRIAGED_PROMETHEUS_URL is set. */
  readonly metrics?: MetricsSource;
  /** Pods and nodes summarised (core/cluster-health.ts over the KubernetesReader). */
  readonly clusterHealth?: (options: { readonly namespace?: string; readonly signal: AbortSignal }) => Promise<ClusterHealth>;
  /** The folder holding chaos/README.md; absent when the image does not ship it. */
  readonly chaosDir?: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Largest text a tool returns; default 20,000 characters. */
  readonly maxOutputChars?: number;
}
