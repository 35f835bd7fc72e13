/**
 * Block Kit for a Notice (no incident, no buttons): a header, one section per heading (long
 * sections are cut at Slack's limits, with a note), a context line. The core writes the lines in
 * mrkdwn on purpose (links, code spans): they are redacted, not escaped.
 */
import type { Notice } from '../../domain/notice.js';
import { noticeText } from '../../domain/notice.js';
import { redactText } from '../../domain/redact.js';
import { SLACK_LIMITS, type Block } from './blocks.js';
import { truncate } from './finding-view.js';

export function renderNotice(notice: Notice): { text: string; blocks: Block[] } {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(redactText(notice.title), SLACK_LIMITS.headerText) } }];
  const room = SLACK_LIMITS.blocks - 2;
  for (const section of notice.sections.slice(0, room)) {
    const lines = section.lines.length > 0 ? section.lines.map((line) => redactText(line)).join('\n') : '_none_';
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*${redactText(section.heading)}*\n${lines}`, SLACK_LIMITS.sectionText) } });
  }
  if (notice.context) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(redactText(notice.context), SLACK_LIMITS.contextText) }] });
  return { text: truncate(redactText(noticeText(notice)), SLACK_LIMITS.fallbackText), blocks };
}
