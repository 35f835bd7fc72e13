/**
 * CiJobsSource on the GitHub Actions REST API (@octokit/rest): the failed jobs of one run attempt
 * (paginated) and a job's log, streamed so only its last N bytes are ever held. The log endpoint
 * answers 302 to a short-lived URL on another host; fetch follows it and drops Authorization there.
 */
import { Octokit } from '@octokit/rest';
import type { FailedJob, WorkflowRunFailure } from '../../domain/ci/types.js';
import { TriagedError } from '../../domain/errors.js';
import type { CiJobsSource, LogTail } from '../../ports/ci.js';

export interface GitHubActionsOptions {
  readonly token: string;
  /** GitHub Enterprise or a test server; defaults to https://api.github.com. */
  readonly baseUrl?: string;
}

interface JobStep {
  readonly name: string;
  readonly conclusion?: string | null;
}

interface JobRow {
  readonly id: number;
  readonly name: string;
  readonly html_url?: string | null;
  readonly conclusion?: string | null;
  readonly started_at?: string | null;
  readonly completed_at?: string | null;
  readonly runner_name?: string | null;
  readonly labels?: readonly string[];
  readonly steps?: readonly JobStep[];
}

const FAILED = new Set(['failure', 'timed_out', 'startup_failure']);

export class GitHubActionsClient implements CiJobsSource {
  private readonly octokit: Octokit;

  constructor(options: GitHubActionsOptions) {
    this.octokit = new Octokit({ auth: options.token, userAgent: 'triaged', ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  }

  async failedJobs(run: WorkflowRunFailure, signal?: AbortSignal): Promise<FailedJob[]> {
    const jobs = await this.call(run, 'list the jobs', () =>
      this.octokit.paginate(this.octokit.rest.actions.listJobsForWorkflowRunAttempt, {
        owner: run.owner,
        repo: run.repo,
        run_id: run.runId,
        attempt_number: run.runAttempt,
        per_page: 100,
        request: { signal },
      }),
    );
    return (jobs as unknown as JobRow[]).filter((job) => FAILED.has(job.conclusion ?? '')).map(toFailedJob);
  }

  async jobLogTail(run: WorkflowRunFailure, jobId: number, maxBytes: number, signal?: AbortSignal): Promise<LogTail> {
    const response = await this.call(run, `download the log of job ${jobId}`, () =>
      this.octokit.rest.actions.downloadJobLogsForWorkflowRun({ owner: run.owner, repo: run.repo, job_id: jobId, request: { signal, parseSuccessResponseBody: false } }),
    );
    const body = response.data as unknown;
    if (typeof body === 'string') return tailOfText(body, maxBytes);
    if (!(body instanceof ReadableStream)) return { text: '', truncated: false };
    return readTail(body as ReadableStream<Uint8Array>, maxBytes);
  }

  private async call<T>(run: WorkflowRunFailure, what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const retryable = typeof status !== 'number' || status === 429 || status >= 500;
      throw new TriagedError('SOURCE_UNAVAILABLE', `GitHub Actions: could not ${what} of ${run.owner}/${run.repo} run ${run.runId}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
        retryable,
        context: { repository: `${run.owner}/${run.repo}`, runId: run.runId, ...(typeof status === 'number' ? { status } : {}) },
      });
    }
  }
}

function toFailedJob(job: JobRow): FailedJob {
  return {
    id: job.id,
    name: job.name,
    ...(job.html_url ? { htmlUrl: job.html_url } : {}),
    failedSteps: (job.steps ?? []).filter((s) => FAILED.has(s.conclusion ?? '')).map((s) => s.name),
    conclusion: job.conclusion ?? 'unknown',
    ...(job.started_at ? { startedAt: job.started_at } : {}),
    ...(job.completed_at ? { completedAt: job.completed_at } : {}),
    ...(job.runner_name ? { runnerName: job.runner_name } : {}),
    labels: job.labels ?? [],
  };
}

/** Keeps at most `maxBytes` (plus one chunk) in memory however long the log is. */
async function readTail(stream: ReadableStream<Uint8Array>, maxBytes: number): Promise<LogTail> {
  const chunks: Uint8Array[] = [];
  let held = 0;
  let dropped = false;
  for await (const chunk of stream) {
    chunks.push(chunk);
    held += chunk.byteLength;
    while (chunks.length > 1 && held - chunks[0]!.byteLength >= maxBytes) {
      held -= chunks.shift()!.byteLength;
      dropped = true;
    }
  }
  const all = Buffer.concat(chunks);
  const cut = all.byteLength > maxBytes;
  const tail = cut ? all.subarray(all.byteLength - maxBytes) : all;
  return finishTail(tail.toString('utf8'), dropped || cut);
}

function tailOfText(text: string, maxBytes: number): LogTail {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.byteLength <= maxBytes ? { text, truncated: false } : finishTail(bytes.subarray(bytes.byteLength - maxBytes).toString('utf8'), true);
}

/** A cut tail starts mid-line (maybe mid-character): drop up to the first line break. */
function finishTail(text: string, truncated: boolean): LogTail {
  if (!truncated) return { text, truncated };
  const firstBreak = text.indexOf('\n');
  return { text: firstBreak >= 0 ? text.slice(firstBreak + 1) : text, truncated };
}
