/**
 * What CI failure analysis needs from the CI system (GitHub Actions in src/adapters/github/):
 * the failed jobs of one run attempt, and the tail of a job's log, bounded in size.
 */
import type { FailedJob, WorkflowRunFailure } from '../domain/ci/types.js';

export interface LogTail {
  readonly text: string;
  /** True when the log was longer than the bound and only its tail is here. */
  readonly truncated: boolean;
}

export interface CiJobsSource {
  /** Jobs of this run attempt whose conclusion is failure, timed_out or cancelled-after-start. */
  failedJobs(run: WorkflowRunFailure, signal?: AbortSignal): Promise<FailedJob[]>;
  /** The last `maxBytes` of the job's log. Rejects when the log is gone (expired) or unreadable. */
  jobLogTail(run: WorkflowRunFailure, jobId: number, maxBytes: number, signal?: AbortSignal): Promise<LogTail>;
}
