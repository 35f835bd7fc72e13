/**
 * The Notifier when Slack is not configured: findings, updates and replies go to the log as text.
 * postFinding returns no thread, as the port says: a made-up thread would be stored with the
 * incident and later handed to Slack (chat.update on a channel "log") once Slack is configured.
 */
import type { ThreadRef } from '../../domain/incident.js';
import { noticeText, type Notice } from '../../domain/notice.js';
import { redactText } from '../../domain/redact.js';
import type { Logger } from '../../ports/logger.js';
import type { FindingMessage, Notifier } from '../../ports/notifier.js';
import { renderFindingText } from './finding-text.js';
import type { RenderOptions } from './finding-view.js';

export interface LogNotifierOptions extends RenderOptions {
  readonly logger: Logger;
}

export class LogNotifier implements Notifier {
  readonly name = 'log';
  private readonly logger: Logger;

  constructor(private readonly options: LogNotifierOptions) {
    this.logger = options.logger.child({ notifier: 'log' });
  }

  async postFinding(message: FindingMessage): Promise<ThreadRef | undefined> {
    this.logger.info(fieldsOf(message), renderFindingText(message, this.options));
    return undefined;
  }

  async updateFinding(thread: ThreadRef, message: FindingMessage): Promise<void> {
    this.logger.info({ ...fieldsOf(message), thread }, renderFindingText(message, this.options));
  }

  async reply(thread: ThreadRef, text: string): Promise<void> {
    this.logger.info({ thread }, redactText(text));
  }

  async postNotice(notice: Notice): Promise<ThreadRef | undefined> {
    this.logger.info({ notice: notice.title }, redactText(noticeText(notice)));
    return undefined;
  }
}

function fieldsOf({ incident, finding }: FindingMessage): Record<string, unknown> {
  return { incidentId: incident.id, category: finding.diagnosis.category, severity: incident.severity };
}
