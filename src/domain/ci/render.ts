/**
 * What a CI failure analysis becomes for people: the GitHub issue (title, body, labels, and the
 * dedup key repo + workflow + job + cause, so a repeat comments on the open issue) and the Slack notice.
 */
import { fingerprintOf } from '../fingerprint.js';
import type { IncidentFingerprint } from '../ids.js';
import type { Notice } from '../notice.js';
import { CI_CATEGORY_TITLES, type CiJobAnalysis, type WorkflowRunFailure } from './types.js';

export interface CiIssue {
  readonly fingerprint: IncidentFingerprint;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
}

/** One open issue per repo + workflow + job + cause. */
export function ciFingerprint(run: Pick<WorkflowRunFailure, 'owner' | 'repo' | 'workflow'>, analysis: Pick<CiJobAnalysis, 'job' | 'category'>): IncidentFingerprint {
  return fingerprintOf({ source: 'github', name: `ci:${run.workflow}:${analysis.job.name}:${analysis.category}`, target: { kind: 'Repository', name: `${run.owner}/${run.repo}` } });
}

function runLabel(run: WorkflowRunFailure): string {
  return `${run.workflow} #${run.runNumber ?? run.runId}${run.runAttempt > 1 ? ` (attempt ${run.runAttempt})` : ''}`;
}

function fence(lines: readonly string[]): string {
  // A line of backticks in the log must not close the block early.
  const body = lines.join('\n').replace(/```/g, '`\u200b``');
  return `\`\`\`text\n${body}\n\`\`\``;
}

export function ciIssue(run: WorkflowRunFailure, analysis: CiJobAnalysis): CiIssue {
  const title = `CI: ${run.workflow} / ${analysis.job.name} fails: ${CI_CATEGORY_TITLES[analysis.category]}`;
  const facts = [
    `- **Run**: [${runLabel(run)}](${run.htmlUrl ?? ''}) on \`${run.headBranch ?? '?'}\` at \`${(run.headSha ?? '').slice(0, 7)}\`${run.title ? ` — ${run.title}` : ''}`,
    `- **Job**: [${analysis.job.name}](${analysis.job.htmlUrl ?? ''})${analysis.job.failedSteps.length > 0 ? `, failed step: ${analysis.job.failedSteps.map((s) => `\`${s}\``).join(', ')}` : ''}`,
    `- **Cause**: ${CI_CATEGORY_TITLES[analysis.category]} (confidence ${Math.round(analysis.confidence * 100)}%)`,
    ...(analysis.failingTests.length > 0 ? [`- **Failing tests**: ${analysis.failingTests.map((t) => `\`${t}\``).join(', ')}`] : []),
    ...(analysis.deployTarget ? [`- **Workload**: \`${[analysis.deployTarget.namespace, analysis.deployTarget.kind, analysis.deployTarget.name].filter(Boolean).join('/')}\``] : []),
  ];
  const evidence = analysis.evidence.map((e) => `${String(e.line).padStart(5)} | ${e.text}`);
  const body = [
    analysis.summary,
    '',
    ...facts,
    '',
    `**Evidence** (log lines${analysis.truncated ? ', from the tail of a long log' : ''}):`,
    evidence.length > 0 ? fence(evidence) : `_no log lines: ${analysis.logMissing ?? 'nothing matched'}_`,
    '',
    '_Filed by triaged; a repeat of this failure comments here._',
  ].join('\n');
  return { fingerprint: ciFingerprint(run, analysis), title, body, labels: ['triaged', 'ci-failure', `ci:${analysis.category}`] };
}

export function ciNotice(run: WorkflowRunFailure, analyses: readonly CiJobAnalysis[], issueUrls: Readonly<Record<number, string>>): Notice {
  return {
    title: `CI failed: ${run.owner}/${run.repo} — ${runLabel(run)}`,
    sections: analyses.map((a) => ({
      heading: `${a.job.name}: ${CI_CATEGORY_TITLES[a.category]}`,
      lines: [
        a.summary,
        ...a.evidence.slice(0, 4).map((e) => `> \`${e.text.slice(0, 200)}\``),
        ...(issueUrls[a.job.id] ? [`Issue: <${issueUrls[a.job.id]}|${issueUrls[a.job.id]}>`] : []),
      ],
    })),
    context: `${run.headBranch ?? ''}@${(run.headSha ?? '').slice(0, 7)}${run.htmlUrl ? ` · <${run.htmlUrl}|run>` : ''}${run.actor ? ` · by ${run.actor}` : ''}`,
  };
}
