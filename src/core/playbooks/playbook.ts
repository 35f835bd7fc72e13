/**
 * What a playbook is: named phases of evidence steps. Steps of a phase run in parallel, each with
 * its own deadline; a later phase sees what earlier ones found (pods before their logs).
 */
import type { Alarm } from '../../domain/alarm.js';
import type { TargetRef } from '../../domain/target.js';
import type { ErrorLogSource, SignalSource, TraceEvidenceSource } from '../../ports/evidence.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import type { EvidenceDraft } from '../evidence/draft.js';
import type { InvestigationScope } from '../evidence/scope.js';

/** The evidence sources of an investigation; any but Kubernetes may be absent (not configured). */
export interface EvidencePorts {
  readonly kubernetes: KubernetesReader;
  /** Prometheus, or CloudWatch Container Insights when Prometheus is absent. */
  readonly signals?: SignalSource;
  readonly errorLogs?: ErrorLogSource;
  readonly traces?: TraceEvidenceSource;
}

export interface StepContext {
  readonly alarm: Alarm;
  readonly target: TargetRef;
  /** Epoch ms when the investigation started: "now" for every window. */
  readonly nowMs: number;
  readonly ports: EvidencePorts;
  readonly draft: EvidenceDraft;
  /** What the first phase resolved: workload, pods, nodes. Filled in place by the scope step. */
  readonly scope: InvestigationScope;
}

export interface StepResult {
  /** 'empty' when the source answered but had nothing; 'skipped' when the source is not configured. */
  readonly outcome: 'ok' | 'empty' | 'skipped';
  readonly detail?: string;
}

export interface EvidenceStep {
  readonly name: string;
  /** kubernetes | prometheus | cloudwatch | xray | metrics-server */
  readonly source: string;
  readonly deadlineMs: number;
  run(context: StepContext, signal: AbortSignal): Promise<StepResult>;
}

export interface Playbook {
  readonly name: 'memory-leak' | 'high-cpu' | 'high-latency' | 'node-pressure' | 'pod-crash' | 'generic';
  readonly title: string;
  readonly phases: readonly (readonly EvidenceStep[])[];
}
