/**
 * Where findings go: Slack (src/adapters/slack/) or, without credentials, the log. One message per
 * incident, updated in place; later news as replies in its thread. Button clicks come back as
 * DecisionEvents carrying only the opaque approval id.
 */
import type { Approval, Finding, Incident, ThreadRef } from '../domain/incident.js';
import type { ApprovalId } from '../domain/ids.js';
import type { Notice } from '../domain/notice.js';
import type { FindingSummary } from '../domain/summary.js';

export interface FindingMessage {
  readonly incident: Incident;
  readonly finding: Finding;
  /** The remediations offered, each with its approval id (buttons), and their current status. */
  readonly approvals: readonly Approval[];
  /** The optional LLM summary (core/summary.ts): extra prose, never a different category or remediation. */
  readonly summary?: FindingSummary;
}

export interface Notifier {
  readonly name: string;
  /** Posts the incident's first message; returns where it lives (undefined for the log notifier). */
  postFinding(message: FindingMessage): Promise<ThreadRef | undefined>;
  /** Replaces the incident's message (new status, buttons removed after a decision). */
  updateFinding(thread: ThreadRef, message: FindingMessage): Promise<void>;
  /** A reply in the incident's thread (duplicates seen, outcome of a remediation, refusals). */
  reply(thread: ThreadRef, text: string): Promise<void>;
  /**
   * A message that belongs to no incident (daily health report, CI failure analysis, post-deploy
   * "healthy"); returns where it lives. Optional so test doubles need not implement it; callers
   * without it log the notice's text.
   */
  postNotice?(notice: Notice): Promise<ThreadRef | undefined>;
}

export interface DecisionEvent {
  readonly approvalId: ApprovalId;
  readonly decision: 'approve' | 'deny';
  /** The clicking user (authorise on this, never on the message author). */
  readonly userId: string;
  readonly userName?: string;
  readonly thread: ThreadRef;
}

/** The core's answer to a click, posted in the thread by the adapter. */
export type DecisionHandler = (event: DecisionEvent) => Promise<void>;
