/**
 * What a finding message says, independent of how it is drawn: blocks.ts turns it into Block Kit,
 * finding-text.ts into plain text for the log notifier and the demo. Free text is redacted here.
 */
import type { Severity } from '../../domain/alarm.js';
import type { Approval } from '../../domain/incident.js';
import type { FindingSummary } from '../../domain/summary.js';
import { redactText } from '../../domain/redact.js';
import { formatTarget } from '../../domain/target.js';
import type { FindingMessage } from '../../ports/notifier.js';

export interface RenderOptions {
  /** TRIAGED_CLUSTER_NAME, shown as a fact when set. */
  readonly cluster?: string;
}

export interface Proposal {
  readonly approval: Approval;
  /** "rollout-undo on shop/Deployment/checkout". */
  readonly title: string;
  readonly rationale: string;
}

export interface FindingView {
  readonly severity: Severity;
  readonly title: string;
  readonly facts: readonly (readonly [label: string, value: string])[];
  readonly summary: string;
  readonly evidence: readonly string[];
  readonly missing: readonly string[];
  readonly timeline: readonly string[];
  readonly proposals: readonly Proposal[];
  /** The LLM summary as headed lists, when there is one. */
  readonly llmSummary?: readonly (readonly [heading: string, items: readonly string[]])[];
  readonly footer: string;
  /** One line for notifications and clients that cannot show blocks. */
  readonly fallback: string;
}

const MAX_EVIDENCE = 8;
const MAX_MISSING = 8;
const MAX_TIMELINE = 15;
const MAX_LINE = 280;
const MAX_SUMMARY_ITEMS = 5;

export function viewFinding({ incident, finding, approvals, summary: given }: FindingMessage, options: RenderOptions = {}): FindingView {
  const llm = given ?? finding.summary;
  const { diagnosis } = finding;
  const base = diagnosis.category === 'unknown' ? incident.alarm.name : `${diagnosis.category} in ${formatTarget(diagnosis.target)}`;
  const title = incident.drill ? `[drill] ${base}` : base;
  const summary = redactText(diagnosis.summary).trim() || 'No summary.';
  const facts: [string, string][] = [
    ['Severity', incident.severity],
    ['Target', formatTarget(diagnosis.target)],
    ['Alarm', incident.alarm.name],
    ['Source', incident.alarm.source],
    ['Confidence', `${Math.round(diagnosis.confidence * 100)}%`],
  ];
  if (options.cluster) facts.push(['Cluster', options.cluster]);
  if (incident.drill) facts.push(['Drill', 'yes: a chaos scenario, not a real incident']);
  const pending = approvals.filter((a) => a.status === 'pending').length;
  return {
    severity: incident.severity,
    title,
    facts,
    summary,
    evidence: capped(diagnosis.evidence.map((e) => `${e.source} ${e.ref}: ${e.detail}`), MAX_EVIDENCE),
    missing: capped(diagnosis.missing, MAX_MISSING),
    timeline: capped(
      finding.timeline.map((s) => `${s.outcome} ${s.step} (${s.source}, ${s.durationMs} ms)${s.detail ? `: ${s.detail}` : ''}`),
      MAX_TIMELINE,
    ),
    proposals: approvals.map((approval) => ({
      approval,
      title: `${approval.remediation.action} on ${formatTarget(approval.remediation.target)}`,
      rationale: oneLine(`${approval.remediation.rationale} (risk: ${approval.remediation.risk})`),
    })),
    ...(llm ? { llmSummary: summarySections(llm) } : {}),
    footer: `Incident ${incident.id} · ${incident.status} · ${incident.alarmCount} alarm${incident.alarmCount === 1 ? '' : 's'} · playbook ${finding.playbook}`,
    fallback: `${title}: ${summary.split('\n')[0] ?? ''}${pending > 0 ? ` (${pending} remediation${pending === 1 ? '' : 's'} awaiting approval)` : ''}`,
  };
}

/** Model output is untrusted text: redacted and capped like any other. */
function summarySections(summary: FindingSummary): [string, string[]][] {
  const sections: [string, string[]][] = [
    ['Likely root cause', capped([summary.rootCause], 1)],
    ['Contributing factors', capped(summary.contributingFactors, MAX_SUMMARY_ITEMS)],
    ['Fix steps', capped(summary.fixSteps, MAX_SUMMARY_ITEMS)],
    ['Prevention', capped(summary.prevention, MAX_SUMMARY_ITEMS)],
  ];
  return sections.filter(([, items]) => items.length > 0);
}

/**
 * An approval's state in words; `mention` draws a user (a Slack mention in blocks, the id in text).
 * Undefined while it waits for its first click.
 */
export function approvalStatus(approval: Approval, mention: (userId: string) => string): string | undefined {
  const decider = approval.decidedBy ? [approval.decidedBy] : [];
  // A denial is one person's; an approval may carry two approvers (approvers lists them all).
  const by = approval.status === 'denied' || approval.approvers.length === 0 ? decider : approval.approvers;
  const byWhom = by.length > 0 ? ` by ${by.map(mention).join(' and ')}` : '';
  const outcome = approval.outcome ? `: ${oneLine(approval.outcome)}` : '';
  switch (approval.status) {
    case 'pending':
      return by.length > 0 ? `Approved${byWhom}; one more approver is needed` : undefined;
    case 'approved':
    case 'executing':
      return `Approved${byWhom}; running (dry run, apply, verify)`;
    case 'denied':
      return `Denied${byWhom}`;
    case 'expired':
      return 'Expired before a decision';
    case 'succeeded':
      return `Succeeded (approved${byWhom})${outcome}`;
    case 'failed':
      return `Failed (approved${byWhom})${outcome}`;
    case 'not-verified':
      return `Applied but not verified (approved${byWhom})${outcome}`;
  }
}

/** Cuts to `max` characters with an ellipsis, never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

function oneLine(text: string): string {
  return redactText(text).replace(/\s+/g, ' ').trim();
}

function capped(lines: readonly string[], max: number): string[] {
  const shown = lines.slice(0, max).map((line) => truncate(oneLine(line), MAX_LINE));
  return lines.length > max ? [...shown, `…and ${lines.length - max} more`] : shown;
}
