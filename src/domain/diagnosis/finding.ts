/**
 * What one rule concludes: a category with a score (evidence strength × relevance to the alarm),
 * the summary and evidence behind it, its remediations, and what evidence it lacked.
 * Arbitration (arbitrate.ts) turns the findings of every rule into one Diagnosis.
 */
import type { Category, Evidence, Remediation } from '../diagnosis.js';
import type { TargetRef } from '../target.js';

export interface Finding {
  readonly category: Category;
  /** 0..1: how strongly the evidence supports this category for this alarm. */
  readonly score: number;
  readonly summary: string;
  readonly target: TargetRef;
  readonly evidence: readonly Evidence[];
  readonly remediations: readonly Remediation[];
  readonly missing?: readonly string[];
  /**
   * Categories this finding explains as symptoms on the same target (a rollout explains the
   * crash loop of its new pods; an OOM kill explains the probe failures after it).
   */
  readonly explains?: readonly Category[];
}

export type EvidenceSource = 'kubernetes' | 'prometheus' | 'cloudwatch' | 'xray' | 'logs' | 'metrics-server' | 'changes';

export function evidence(source: EvidenceSource, ref: string, detail: string): Evidence {
  return { source, ref, detail };
}

/** Rounds a score to two decimals, within 0..1. */
export function score(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;
}
