/**
 * CI failure analysis: for a failed workflow run attempt, list its failed jobs, read the tail of
 * each job's log, classify the cause (domain/ci), open or comment on a GitHub issue per job and
 * cause, post one notice, and turn a failed deploy into a `deployment` alarm for the intake so the
 * rollout is investigated like any other incident.
 */
import { classifyJobFailure } from '../../domain/ci/classify.js';
import { ciIssue, ciNotice } from '../../domain/ci/render.js';
import { runKey, type CiJobAnalysis, type WorkflowRunFailure } from '../../domain/ci/types.js';
import type { Alarm } from '../../domain/alarm.js';
import { errorMessage } from '../../domain/errors.js';
import type { CiJobsSource } from '../../ports/ci.js';
import type { Clock } from '../../ports/clock.js';
import type { AlarmSink } from '../../ports/intake.js';
import type { IssueTracker } from '../../ports/issues.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import { publishNotice } from './publish.js';

export interface CiFailureAnalyzerOptions {
  readonly jobs: CiJobsSource;
  readonly notifier: Notifier;
  /** Absent: no issues are filed. */
  readonly issues?: IssueTracker;
  /** Where a failed deploy becomes an alarm; absent: deploy failures are only reported. */
  readonly sink?: AlarmSink;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Only the last this many bytes of a job log are read (default 256 KiB). */
  readonly maxLogBytes?: number;
  /** The namespace of a deploy whose log names none (default: the alarm has no namespace). */
  readonly deployNamespace?: string;
}

export interface CiRunReport {
  readonly run: string;
  readonly analyses: readonly CiJobAnalysis[];
  readonly issues: Readonly<Record<number, string>>;
  /** Incident ids opened (or joined) by deploy failures. */
  readonly incidents: readonly string[];
}

export class CiFailureAnalyzer {
  constructor(private readonly options: CiFailureAnalyzerOptions) {}

  /** Rejects only when the jobs cannot be listed (a redelivery may then retry). */
  async analyze(run: WorkflowRunFailure, signal?: AbortSignal): Promise<CiRunReport> {
    const log = this.options.logger.child({ run: runKey(run) });
    const jobs = await this.options.jobs.failedJobs(run, signal);
    const analyses: CiJobAnalysis[] = [];
    for (const job of jobs) analyses.push(await this.analyzeJob(run, job, signal));
    const issues = await this.fileIssues(run, analyses, signal);
    await publishNotice(this.options.notifier, ciNotice(run, analyses, issues), log);
    const incidents = await this.raiseDeployAlarms(run, analyses);
    log.info({ jobs: analyses.map((a) => `${a.job.name}: ${a.category}`), issues: Object.values(issues), incidents }, 'ci failure analysed');
    return { run: runKey(run), analyses, issues, incidents };
  }

  private async analyzeJob(run: WorkflowRunFailure, job: CiJobAnalysis['job'], signal?: AbortSignal): Promise<CiJobAnalysis> {
    try {
      const tail = await this.options.jobs.jobLogTail(run, job.id, this.options.maxLogBytes ?? 256 * 1024, signal);
      return classifyJobFailure({ job, log: tail.text, truncated: tail.truncated });
    } catch (error) {
      this.options.logger.warn({ run: runKey(run), job: job.id, err: errorMessage(error) }, 'ci: job log unavailable; classifying from the step names');
      return classifyJobFailure({ job, logMissing: errorMessage(error) });
    }
  }

  private async fileIssues(run: WorkflowRunFailure, analyses: readonly CiJobAnalysis[], signal?: AbortSignal): Promise<Record<number, string>> {
    const urls: Record<number, string> = {};
    const tracker = this.options.issues;
    if (!tracker) return urls;
    for (const analysis of analyses) {
      try {
        const issue = ciIssue(run, analysis);
        const result = await tracker.openOrComment({ fingerprint: issue.fingerprint, title: issue.title, body: issue.body, labels: issue.labels }, signal);
        urls[analysis.job.id] = result.url;
      } catch (error) {
        this.options.logger.warn({ run: runKey(run), job: analysis.job.id, err: errorMessage(error) }, 'ci: could not file the issue');
      }
    }
    return urls;
  }

  private async raiseDeployAlarms(run: WorkflowRunFailure, analyses: readonly CiJobAnalysis[]): Promise<string[]> {
    const sink = this.options.sink;
    if (!sink) return [];
    const incidents: string[] = [];
    for (const analysis of analyses.filter((a) => a.category === 'deploy')) {
      const alarm = deployAlarm(run, analysis, this.options.clock.now(), this.options.deployNamespace);
      try {
        const receipt = await sink.accept(alarm);
        receipt.settled.catch((error: unknown) => this.options.logger.warn({ run: runKey(run), err: errorMessage(error) }, 'ci: rollout investigation failed'));
        if (receipt.incidentId) incidents.push(receipt.incidentId);
      } catch (error) {
        this.options.logger.warn({ run: runKey(run), err: errorMessage(error) }, 'ci: the deploy alarm was not accepted');
      }
    }
    return incidents;
  }
}

/** A failed deploy as an alarm on the workload it names (else the repository's name), so the rollout playbook runs. */
export function deployAlarm(run: WorkflowRunFailure, analysis: CiJobAnalysis, nowMs: number, defaultNamespace?: string): Alarm {
  const named = analysis.deployTarget;
  const namespace = named?.namespace ?? defaultNamespace;
  return {
    source: 'github',
    name: `CI deploy failed: ${run.workflow} / ${analysis.job.name}`,
    kind: 'deployment',
    severity: 'critical',
    state: 'firing',
    target: { ...(namespace ? { namespace } : {}), kind: named?.kind ?? 'Deployment', name: named?.name ?? run.repo },
    startsAt: analysis.job.completedAt ?? run.updatedAt ?? new Date(nowMs).toISOString(),
    description: analysis.summary,
    externalId: runKey(run),
    labels: {
      repository: `${run.owner}/${run.repo}`,
      workflow: run.workflow,
      job: analysis.job.name,
      run_id: String(run.runId),
      run_attempt: String(run.runAttempt),
      ...(run.headSha ? { head_sha: run.headSha } : {}),
    },
    raw: { run, job: analysis.job, evidence: analysis.evidence },
  };
}
