/**
 * CI failure analysis end to end on the loopback GitHub fake: jobs listed for the run attempt, the
 * log downloaded through GitHub's redirect and bounded to its tail, the issue opened then commented
 * on a repeat, the notice posted, and a failed deploy handed to the intake as a deployment alarm.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GitHubActionsClient } from '../../src/adapters/github/actions.js';
import { GitHubIssueTracker } from '../../src/adapters/github/issue-tracker.js';
import { CiFailureAnalyzer } from '../../src/core/assistant/ci-failures.js';
import type { WorkflowRunFailure } from '../../src/domain/ci/types.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createFakeActions, type FakeActions } from '../../src/sim/github-api/actions.js';
import { startGitHubApiServer, type GitHubApiServer } from '../../src/sim/github-api/index.js';
import { FIXTURE_LOG, LOGS } from './ci-logs.js';
import { RecordingNotifier, RecordingSink } from './support.js';

const TOKEN = 'ghp_testtoken0000000000000000000000000000';
const JOBS = JSON.parse(readFileSync(new URL('../fixtures/wire/github/list-jobs-for-workflow-run-response.json', import.meta.url), 'utf8')) as { jobs: Record<string, unknown>[] };
const RUN: WorkflowRunFailure = { deliveryId: 'd1', runId: 35184923601, runAttempt: 1, runNumber: 412, owner: 'shopco', repo: 'checkout', workflow: 'CI', headBranch: 'main', headSha: '9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f61', htmlUrl: 'https://github.com/shopco/checkout/actions/runs/35184923601' };
const JOB_ID = 114512345678;

let github: GitHubApiServer;
let actions: FakeActions;
let notifier: RecordingNotifier;
let sink: RecordingSink;

function analyzer(maxLogBytes?: number): CiFailureAnalyzer {
  return new CiFailureAnalyzer({
    jobs: new GitHubActionsClient({ token: TOKEN, baseUrl: github.url }),
    issues: new GitHubIssueTracker({ token: TOKEN, repository: 'shopco/checkout', baseUrl: github.url }),
    notifier,
    sink,
    clock: { now: () => Date.parse('2026-11-22T09:55:00Z') },
    logger: silentLogger,
    ...(maxLogBytes ? { maxLogBytes } : {}),
  });
}

beforeEach(async () => {
  actions = createFakeActions();
  github = await startGitHubApiServer({ token: TOKEN, routes: actions.routes });
  notifier = new RecordingNotifier();
  sink = new RecordingSink();
  actions.setJobs('shopco', 'checkout', RUN.runId, 1, [...JOBS.jobs, { ...JOBS.jobs[0], id: 1, name: 'build', conclusion: 'success', steps: [] }]);
  actions.setLog(JOB_ID, FIXTURE_LOG);
});
afterEach(async () => github.close());

describe('CiFailureAnalyzer', () => {
  it('fetches the failed job and its log, files an issue and posts the analysis; a repeat comments on the issue', async () => {
    const report = await analyzer().analyze(RUN);
    expect(report.analyses.map((a) => [a.job.name, a.category, a.job.failedSteps])).toEqual([['test', 'test', ['Run npm test']]]);
    expect(actions.downloads.get(JOB_ID)).toBe(1);
    expect(github.calls.map((c) => `${c.method} ${c.path} ${c.status}`).slice(0, 3)).toEqual([
      `GET /repos/shopco/checkout/actions/runs/${RUN.runId}/attempts/1/jobs 200`,
      `GET /repos/shopco/checkout/actions/jobs/${JOB_ID}/logs 302`,
      `GET /_blobs/job-logs/${JOB_ID} 200`,
    ]);
    expect(github.issues).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(issue.title).toBe('CI: CI / test fails: test failure');
    expect(issue.labels).toEqual(expect.arrayContaining(['triaged', 'ci-failure', 'ci:test']));
    expect(issue.body).toContain('AssertionError [ERR_ASSERTION]: heapUsed 371.8 MiB is over the 256 MiB container budget');
    expect(report.issues[JOB_ID]).toBe(`${github.url}/shopco/checkout/issues/1`);

    expect(notifier.notices).toHaveLength(1);
    expect(notifier.notices[0]!.title).toBe('CI failed: shopco/checkout — CI #412');
    expect(notifier.notices[0]!.sections[0]!.heading).toBe('test: test failure');
    expect(notifier.notices[0]!.sections[0]!.lines.at(-1)).toContain('/shopco/checkout/issues/1');
    expect(sink.alarms).toEqual([]);

    actions.setJobs('shopco', 'checkout', RUN.runId, 2, JOBS.jobs);
    await analyzer().analyze({ ...RUN, runAttempt: 2, deliveryId: 'd2' });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.comments).toHaveLength(1);
    expect(github.issues[0]!.comments[0]).toContain('(attempt 2)');
  });

  it('reads only the tail of a long log and still classifies it', async () => {
    const filler = Array.from({ length: 40_000 }, (_, i) => `2026-11-22T09:53:00.0000000Z progress line ${i} ${'.'.repeat(40)}`).join('\n');
    const [head, tail] = [FIXTURE_LOG.slice(0, FIXTURE_LOG.indexOf('##[group]Run npm test') - 29), FIXTURE_LOG.slice(FIXTURE_LOG.indexOf('##[group]Run npm test') - 29)];
    actions.setLog(JOB_ID, `${head}${filler}\n${tail}`);
    const report = await analyzer(16 * 1024).analyze(RUN);
    expect(Buffer.byteLength(`${head}${filler}\n${tail}`)).toBeGreaterThan(2_000_000);
    expect(report.analyses[0]).toMatchObject({ category: 'test', truncated: true });
    expect(github.issues[0]!.body).toContain('from the tail of a long log');
  });

  it('classifies from the step names when the log has expired', async () => {
    actions.setJobs('shopco', 'checkout', RUN.runId, 1, [{ ...JOBS.jobs[0], id: 99 }]);
    const report = await analyzer().analyze(RUN);
    expect(report.analyses[0]).toMatchObject({ category: 'test' });
    expect(report.analyses[0]!.logMissing).toContain('HTTP 410');
  });

  it('turns a failed deploy into a deployment alarm on the workload the log names', async () => {
    const deployJob = { ...JOBS.jobs[0], id: 7, name: 'deploy', steps: [{ name: 'Run kubectl -n shop rollout status deployment/checkout --timeout=300s', status: 'completed', conclusion: 'failure', number: 4 }] };
    actions.setJobs('shopco', 'checkout', RUN.runId, 1, [deployJob]);
    actions.setLog(7, LOGS.deploy);
    const report = await analyzer().analyze(RUN);
    expect(report.analyses[0]!.category).toBe('deploy');
    expect(sink.alarms).toHaveLength(1);
    expect(sink.alarms[0]).toMatchObject({ source: 'github', kind: 'deployment', severity: 'critical', state: 'firing', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, externalId: 'shopco/checkout#35184923601.1' });
    expect(sink.alarms[0]!.description).toContain('exceeded its progress deadline');
    expect(report.incidents).toEqual(['inc_1']);
  });
});
