/**
 * Where create-issue files follow-up work for people: an issue tracker (GitHub in
 * src/adapters/github/). One open issue per incident fingerprint; a recurrence becomes a comment.
 */
import type { IncidentFingerprint } from '../domain/ids.js';

export interface IssueRequest {
  readonly fingerprint: IncidentFingerprint;
  readonly title: string;
  readonly body: string;
  readonly labels: readonly string[];
}

export interface IssueTracker {
  /** Opens an issue, or comments on the open one with this fingerprint; returns the issue's URL. */
  openOrComment(request: IssueRequest, signal?: AbortSignal): Promise<{ readonly url: string; readonly created: boolean }>;
}
