/**
 * The diagnosis (shared/contracts/snapshot.md): one root-cause category from
 * shared/contracts/root-causes.md, the evidence behind it and the remediations it proposes.
 */
import type { TargetRef } from './target.js';

export const CATEGORIES = [
  'oom-killed',
  'memory-leak',
  'cpu-throttling',
  'crash-loop',
  'bad-config',
  'image-pull',
  'probe-failure',
  'dependency-failure',
  'bad-rollout',
  'init-container-failure',
  'unschedulable-resources',
  'unschedulable-constraints',
  'volume-issue',
  'node-pressure',
  'node-not-ready',
  'quota-exceeded',
  'service-no-endpoints',
  'unknown',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const REMEDIATION_ACTIONS = [
  'restart-pod',
  'rollout-restart',
  'scale',
  'set-resources',
  'rollout-undo',
  'cordon-node',
  'create-issue',
] as const;
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];

export interface ResourceAmounts {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface RemediationParams {
  readonly container?: string;
  readonly requests?: ResourceAmounts;
  readonly limits?: ResourceAmounts;
  readonly replicas?: number;
  readonly toRevision?: number;
  readonly title?: string;
  readonly body?: string;
  readonly labels?: readonly string[];
}

export interface Remediation {
  readonly action: RemediationAction;
  readonly target: TargetRef;
  readonly params?: RemediationParams;
  readonly rationale: string;
  readonly risk: 'low' | 'medium' | 'high';
}

export interface Evidence {
  readonly source: string;
  readonly ref: string;
  readonly detail: string;
}

export interface Diagnosis {
  readonly category: Category;
  readonly summary: string;
  readonly confidence: number;
  readonly target: TargetRef;
  readonly evidence: readonly Evidence[];
  readonly remediations: readonly Remediation[];
  readonly alternatives: readonly { readonly category: Category; readonly confidence: number }[];
  readonly missing: readonly string[];
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
