/**
 * The incident snapshot (shared/contracts/snapshot.md, version 1): all the evidence one
 * investigation gathered. Collectors write it, the store keeps it, diagnosis reads it.
 * Kubernetes objects stay exactly as the API returns them, so they are typed loosely here.
 */
import type { AlarmKind, AlarmSource, Severity } from './alarm.js';
import type { TargetRef } from './target.js';

export type KubeObject = {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly ownerReferences?: readonly { readonly kind: string; readonly name: string; readonly uid?: string; readonly controller?: boolean }[];
    readonly creationTimestamp?: string;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
};

export interface SnapshotAlarm {
  readonly source: AlarmSource;
  readonly name: string;
  readonly kind?: AlarmKind;
  readonly severity?: Severity;
  readonly target?: TargetRef;
  readonly startsAt?: string;
  readonly description?: string;
  readonly raw?: unknown;
}

export interface ContainerLog {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
  readonly text: string;
}

export type MetricSource = 'prometheus' | 'cloudwatch' | 'metrics-server';
export type MetricUnit = 'bytes' | 'cores' | 'seconds' | 'ratio' | 'percent' | 'count' | 'requests_per_second';

export interface MetricSeries {
  readonly source: MetricSource;
  readonly name: string;
  readonly query?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly unit?: MetricUnit;
  /** [unix seconds, value], oldest first. */
  readonly points: readonly (readonly [number, number])[];
}

export interface LogQueryResult {
  readonly source: 'cloudwatch' | 'loki' | 'other';
  readonly query: string;
  readonly results: readonly Readonly<Record<string, string>>[];
}

export interface ChangeRecord {
  readonly at: string;
  readonly kind: string;
  readonly target?: TargetRef;
  readonly detail: string;
  readonly source: 'kubernetes' | 'github' | 'argo' | 'other';
}

/** One step of a playbook as it ran: what was checked, from where, how long, how it ended. */
export interface StepRecord {
  readonly step: string;
  readonly source: string;
  readonly durationMs: number;
  readonly outcome: 'ok' | 'empty' | 'failed' | 'timeout' | 'skipped';
  readonly detail?: string;
}

export interface Snapshot {
  readonly version: 1;
  readonly capturedAt: string;
  readonly alarm?: SnapshotAlarm;
  readonly kubernetes?: {
    readonly objects?: readonly KubeObject[];
    readonly logs?: readonly ContainerLog[];
  };
  readonly metrics?: readonly MetricSeries[];
  readonly logs?: readonly LogQueryResult[];
  readonly traces?: {
    readonly services?: readonly unknown[];
    readonly summaries?: readonly unknown[];
  };
  readonly changes?: readonly ChangeRecord[];
  /** Extension of this project: the playbook that produced it and its step timeline. Ignored by diagnosis. */
  readonly playbook?: string;
  readonly timeline?: readonly StepRecord[];
  /** Extension: evidence a collector could not gather, with why (not configured, failed, timed out). */
  readonly missing?: readonly string[];
}
