/**
 * CI failure analysis types: the failed workflow run as the GitHub webhook reports it, its failed
 * jobs as the Actions API lists them, and what the classifier concludes from a job's log.
 */
import type { TargetRef } from '../target.js';

export interface WorkflowRunFailure {
  /** `X-GitHub-Delivery`. */
  readonly deliveryId: string;
  readonly runId: number;
  /** A re-run keeps the run id and increments the attempt: key on both. */
  readonly runAttempt: number;
  readonly runNumber?: number;
  readonly owner: string;
  readonly repo: string;
  /** The workflow's name (`CI`) and file (`.github/workflows/ci.yml`). */
  readonly workflow: string;
  readonly workflowPath?: string;
  readonly event?: string;
  readonly headBranch?: string;
  readonly headSha?: string;
  readonly title?: string;
  readonly htmlUrl?: string;
  readonly actor?: string;
  /** RFC 3339. */
  readonly updatedAt?: string;
}

/** `owner/repo#runId.attempt`: the identity of one failed attempt. */
export function runKey(run: Pick<WorkflowRunFailure, 'owner' | 'repo' | 'runId' | 'runAttempt'>): string {
  return `${run.owner}/${run.repo}#${run.runId}.${run.runAttempt}`;
}

export interface FailedJob {
  readonly id: number;
  readonly name: string;
  readonly htmlUrl?: string;
  /** Names of the steps whose conclusion is failure (or cancelled/timed out). */
  readonly failedSteps: readonly string[];
  readonly conclusion: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly runnerName?: string;
  readonly labels: readonly string[];
}

export const CI_CATEGORIES = ['test', 'build', 'dependencies', 'lint', 'timeout', 'infrastructure', 'deploy', 'unknown'] as const;
export type CiCategory = (typeof CI_CATEGORIES)[number];

export const CI_CATEGORY_TITLES: Readonly<Record<CiCategory, string>> = {
  test: 'test failure',
  build: 'build / compile error',
  dependencies: 'dependency install failure',
  lint: 'lint / format failure',
  timeout: 'timeout',
  infrastructure: 'runner / infrastructure failure',
  deploy: 'deploy to the cluster failed',
  unknown: 'unclassified failure',
};

export interface EvidenceLine {
  /** 1-based line number in the (tail of the) log that was analysed. */
  readonly line: number;
  /** The step the line belongs to (`Run npm test`), when the log says. */
  readonly step?: string;
  readonly text: string;
}

export interface CiJobAnalysis {
  readonly job: FailedJob;
  readonly category: CiCategory;
  /** 0..1: how clearly the log says so. */
  readonly confidence: number;
  readonly summary: string;
  readonly evidence: readonly EvidenceLine[];
  /** Names of failing tests, when the runner lists them. */
  readonly failingTests: readonly string[];
  /** For `deploy`: the workload the log names (namespace when given). */
  readonly deployTarget?: TargetRef;
  /** True when the log was cut to its tail. */
  readonly truncated: boolean;
  /** Why there is no log (expired, 404, download failed). */
  readonly logMissing?: string;
}
