/**
 * create-issue: files the finding in the issue tracker for a person to follow up. There is no
 * server-side dry run for it, so the dry run checks the parameters; the real run calls the tracker.
 */
import type { Remediation } from '../../domain/diagnosis.js';
import { redactText } from '../../domain/redact.js';
import type { IssueTracker } from '../../ports/issues.js';
import { PlanRefused, type ActionPlan, type ActionSubject, type RemediationActionHandler } from './action.js';

/** GitHub refuses bodies over 65,536 characters; keep room for the dedup marker. */
export const MAX_ISSUE_BODY = 60_000;
export const MAX_ISSUE_TITLE = 256;

export function createIssueHandler(tracker: IssueTracker): RemediationActionHandler {
  return {
    async plan(remediation: Remediation, _context, _signal, subject?: ActionSubject): Promise<ActionPlan> {
      const title = remediation.params?.title?.trim() ?? '';
      const body = remediation.params?.body?.trim() ?? '';
      const labels = remediation.params?.labels ?? [];
      if (!subject?.fingerprint) throw new PlanRefused('create-issue needs the incident fingerprint to avoid a second issue for the same incident');
      const fingerprint = subject.fingerprint;
      let url: string | undefined;
      return {
        description: `open an issue "${redactText(title)}" (or comment on the open one for this incident)`,
        async apply(dryRun, applySignal) {
          const problem = paramProblem(title, body);
          if (problem) throw new Error(problem);
          if (dryRun) return `issue parameters valid: title ${title.length} characters, body ${body.length} characters, labels ${labels.join(', ') || 'none'}`;
          const result = await tracker.openOrComment({ fingerprint, title: redactText(title), body: redactText(body), labels }, applySignal);
          url = result.url;
          return result.created ? `opened ${result.url}` : `commented on the open issue ${result.url}`;
        },
        async verify() {
          return url !== undefined && /^https?:\/\/\S+$/.test(url) ? { verified: true, detail: `issue at ${url}` } : { verified: false, detail: 'the tracker returned no issue URL' };
        },
      };
    },
  };
}

function paramProblem(title: string, body: string): string | undefined {
  if (title === '') return 'the issue has no title';
  if (title.length > MAX_ISSUE_TITLE) return `the issue title is ${title.length} characters (at most ${MAX_ISSUE_TITLE})`;
  if (body === '') return 'the issue has no body';
  if (body.length > MAX_ISSUE_BODY) return `the issue body is ${body.length} characters (at most ${MAX_ISSUE_BODY})`;
  return undefined;
}
