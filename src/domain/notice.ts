/**
 * A free-standing message that is not an incident's finding: the daily health report, a CI failure
 * analysis, a post-deploy "healthy". Notifiers render it (Slack: header + sections; log: text).
 */
export interface NoticeSection {
  readonly heading: string;
  /** mrkdwn lines; the notifier truncates what does not fit. */
  readonly lines: readonly string[];
}

export interface Notice {
  /** Plain text; Slack's header block and notification text. */
  readonly title: string;
  readonly sections: readonly NoticeSection[];
  /** A last line of small print (cluster, time, links). */
  readonly context?: string;
}

/** The notice as plain text (log notifier, CLI, fallback text). */
export function noticeText(notice: Notice): string {
  const parts = [notice.title];
  for (const section of notice.sections) parts.push(`*${section.heading}*\n${section.lines.length > 0 ? section.lines.join('\n') : '_none_'}`);
  if (notice.context) parts.push(notice.context);
  return parts.join('\n\n');
}
