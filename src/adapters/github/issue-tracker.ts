/**
 * IssueTracker on GitHub Issues (@octokit/rest): one open issue per incident fingerprint, found by
 * its label `triaged:<fingerprint prefix>` (listing by label is consistent at once, unlike search)
 * and a hidden marker in the body; a recurrence comments on it. Titles and bodies are redacted.
 */
import { Octokit } from '@octokit/rest';
import { TriagedError } from '../../domain/errors.js';
import type { IncidentFingerprint } from '../../domain/ids.js';
import { redactText } from '../../domain/redact.js';
import type { IssueRequest, IssueTracker } from '../../ports/issues.js';

export interface GitHubIssueTrackerOptions {
  readonly token: string;
  /** "owner/name" of the repository issues go to. */
  readonly repository: string;
  /** GitHub Enterprise or a test server; defaults to https://api.github.com. */
  readonly baseUrl?: string;
}

export const fingerprintLabel = (fingerprint: IncidentFingerprint): string => `triaged:${fingerprint.slice(0, 12)}`;
export const fingerprintMarker = (fingerprint: IncidentFingerprint): string => `<!-- triaged:fingerprint=${fingerprint} -->`;

interface IssueSummary {
  readonly number: number;
  readonly html_url: string;
  readonly body?: string | null;
  readonly pull_request?: unknown;
}

export class GitHubIssueTracker implements IssueTracker {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;

  constructor(options: GitHubIssueTrackerOptions) {
    const [owner, repo, ...rest] = options.repository.split('/');
    if (!owner || !repo || rest.length > 0) throw new TriagedError('CONFIG_INVALID', `the issue repository must be "owner/name", got ${JSON.stringify(options.repository)}`);
    this.owner = owner;
    this.repo = repo;
    this.octokit = new Octokit({ auth: options.token, userAgent: 'triaged', ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}) });
  }

  async openOrComment(request: IssueRequest, signal?: AbortSignal): Promise<{ url: string; created: boolean }> {
    const label = fingerprintLabel(request.fingerprint);
    const marker = fingerprintMarker(request.fingerprint);
    const body = redactText(request.body);
    const open = await this.call('list open issues', () =>
      this.octokit.rest.issues.listForRepo({ owner: this.owner, repo: this.repo, state: 'open', labels: label, per_page: 20, request: { signal } }),
    );
    const issues = (open.data as IssueSummary[]).filter((i) => i.pull_request === undefined);
    const existing = issues.find((i) => i.body?.includes(marker)) ?? issues[0];
    if (existing) {
      await this.call(`comment on issue #${existing.number}`, () =>
        this.octokit.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: existing.number, body: `The incident happened again.\n\n${body}`, request: { signal } }),
      );
      return { url: existing.html_url, created: false };
    }
    const created = await this.call('open an issue', () =>
      this.octokit.rest.issues.create({
        owner: this.owner,
        repo: this.repo,
        title: redactText(request.title),
        body: `${body}\n\n${marker}`,
        labels: [...new Set([...request.labels, label])],
        request: { signal },
      }),
    );
    return { url: created.data.html_url, created: true };
  }

  private async call<T>(what: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      const retryable = typeof status !== 'number' || status === 429 || status >= 500;
      throw new TriagedError('ISSUE_TRACKER', `GitHub: could not ${what} in ${this.owner}/${this.repo}${typeof status === 'number' ? ` (HTTP ${status})` : ''}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
        retryable,
        context: { repository: `${this.owner}/${this.repo}` },
      });
    }
  }
}
