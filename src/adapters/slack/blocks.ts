/**
 * The Block Kit message for a finding (posted and updated by notifier.ts): header, facts, summary,
 * evidence, timeline, and per remediation Approve / Deny buttons that carry only the approval id.
 * Slack's size limits are respected by truncating, never by letting the API call fail.
 */
import type { Severity } from '../../domain/alarm.js';
import type { ApprovalStatus } from '../../domain/incident.js';
import type { FindingMessage } from '../../ports/notifier.js';
import { approvalStatus, truncate, viewFinding, type Proposal, type RenderOptions } from './finding-view.js';

export const APPROVE_ACTION = 'remediation.approve';
export const DENY_ACTION = 'remediation.deny';

/** Limits from the Block Kit reference. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  fields: 10,
  contextText: 3000,
  buttonText: 75,
  confirmTitle: 100,
  confirmText: 300,
  fallbackText: 3000,
} as const;

export interface PlainText {
  readonly type: 'plain_text';
  readonly text: string;
}
export interface Mrkdwn {
  readonly type: 'mrkdwn';
  readonly text: string;
}
export interface Button {
  readonly type: 'button';
  readonly action_id: string;
  readonly text: PlainText;
  readonly value: string;
  readonly style: 'primary' | 'danger';
  readonly confirm?: { readonly title: PlainText; readonly text: PlainText; readonly confirm: PlainText; readonly deny: PlainText };
}
export type Block =
  | { readonly type: 'header'; readonly text: PlainText }
  | { readonly type: 'section'; readonly text: Mrkdwn; readonly fields?: readonly Mrkdwn[] }
  | { readonly type: 'context'; readonly elements: readonly Mrkdwn[] }
  | { readonly type: 'divider' }
  | { readonly type: 'actions'; readonly block_id: string; readonly elements: readonly Button[] };

export interface FindingBlocks {
  /** The notification fallback; Slack wants it even when blocks are sent. */
  readonly text: string;
  readonly blocks: readonly Block[];
}

const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' };

const STATUS_EMOJI: Readonly<Record<ApprovalStatus, string>> = {
  pending: ':ballot_box_with_check:',
  approved: ':hourglass_flowing_sand:',
  executing: ':hourglass_flowing_sand:',
  denied: ':x:',
  expired: ':hourglass:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  'not-verified': ':warning:',
};

/** At most: section, status context and actions per remediation. */
const BLOCKS_PER_PROPOSAL = 3;

export function renderFinding(message: FindingMessage, options: RenderOptions = {}): FindingBlocks {
  const view = viewFinding(message, options);
  const blocks: Block[] = [
    { type: 'header', text: plain(`${SEVERITY_EMOJI[view.severity]} ${view.title}`, SLACK_LIMITS.headerText) },
    {
      type: 'section',
      text: mrkdwn(escape(view.summary), SLACK_LIMITS.sectionText),
      fields: view.facts.slice(0, SLACK_LIMITS.fields).map(([label, value]) => mrkdwn(`*${label}*\n${escape(value)}`, SLACK_LIMITS.fieldText)),
    },
  ];
  if (view.evidence.length > 0) blocks.push({ type: 'section', text: mrkdwn(`*Evidence*\n${bullets(view.evidence)}`, SLACK_LIMITS.sectionText) });
  if (view.llmSummary) {
    const sections = view.llmSummary.map(([heading, items]) => `*${heading}*\n${bullets(items)}`).join('\n');
    blocks.push({ type: 'section', text: mrkdwn(`*AI summary* _(an LLM on the redacted evidence; the category and remediations are the rules')_\n${sections}`, SLACK_LIMITS.sectionText) });
  }
  if (view.missing.length > 0) blocks.push(context(`*Missing evidence*\n${bullets(view.missing)}`));
  if (view.timeline.length > 0) blocks.push(context(`*Steps*\n${view.timeline.map(escape).join('\n')}`));
  blocks.push(context(escape(view.footer)));
  if (view.proposals.length > 0) blocks.push({ type: 'divider' });

  const room = Math.floor((SLACK_LIMITS.blocks - blocks.length - 1) / BLOCKS_PER_PROPOSAL);
  view.proposals.slice(0, room).forEach((proposal, index) => blocks.push(...proposalBlocks(proposal, index)));
  if (view.proposals.length > room) blocks.push(context(`…and ${view.proposals.length - room} more remediations, not shown (Slack allows ${SLACK_LIMITS.blocks} blocks).`));

  return { text: truncate(view.fallback, SLACK_LIMITS.fallbackText), blocks };
}

function proposalBlocks({ approval, title, rationale }: Proposal, index: number): Block[] {
  const blocks: Block[] = [{ type: 'section', text: mrkdwn(`*Proposed:* \`${escape(title)}\`\n${escape(rationale)}`, SLACK_LIMITS.sectionText) }];
  const status = approvalStatus(approval, mention);
  if (status) blocks.push(context(`${STATUS_EMOJI[approval.status]} ${status}`));
  if (approval.status !== 'pending') return blocks;
  const dialogText = approval.remediation.action === 'create-issue' ? `${title}: opens a GitHub issue.` : `${title}. A server-side dry run runs first.`;
  blocks.push({
    type: 'actions',
    block_id: `remediation-${index}`,
    elements: [
      {
        type: 'button',
        action_id: APPROVE_ACTION,
        text: plain('Approve', SLACK_LIMITS.buttonText),
        style: 'primary',
        value: approval.id,
        confirm: {
          title: plain(`Approve ${approval.remediation.action}?`, SLACK_LIMITS.confirmTitle),
          text: plain(dialogText, SLACK_LIMITS.confirmText),
          confirm: plain('Approve', SLACK_LIMITS.buttonText),
          deny: plain('Cancel', SLACK_LIMITS.buttonText),
        },
      },
      { type: 'button', action_id: DENY_ACTION, text: plain('Deny', SLACK_LIMITS.buttonText), style: 'danger', value: approval.id },
    ],
  });
  return blocks;
}

/** Slack user ids become mentions; anything else (a CLI user, `auto-approve`) stays text. */
function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escape(userId);
}

/** Text from the cluster must not become a link, a mention or `<!channel>`. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function bullets(lines: readonly string[]): string {
  return lines.map((line) => `• ${escape(line)}`).join('\n');
}

function plain(text: string, max: number): PlainText {
  return { type: 'plain_text', text: truncate(text, max) };
}

function mrkdwn(text: string, max: number): Mrkdwn {
  // Never leave half an entity (`&am`) in front of the ellipsis.
  return { type: 'mrkdwn', text: text.length <= max ? text : truncate(text, max).replace(/&[a-z]{0,3}…$/, '…') };
}

function context(text: string): Block {
  return { type: 'context', elements: [mrkdwn(text, SLACK_LIMITS.contextText)] };
}
