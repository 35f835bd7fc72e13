/** Posts a Notice through the notifier, or logs its text when the notifier cannot post one. */
import { errorMessage } from '../../domain/errors.js';
import type { ThreadRef } from '../../domain/incident.js';
import { noticeText, type Notice } from '../../domain/notice.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';

/** Never throws: a notice that cannot be posted is logged in full instead. */
export async function publishNotice(notifier: Notifier, notice: Notice, logger: Logger): Promise<ThreadRef | undefined> {
  if (!notifier.postNotice) {
    logger.info({ notice: notice.title }, noticeText(notice));
    return undefined;
  }
  try {
    return await notifier.postNotice(notice);
  } catch (error) {
    logger.warn({ notice: notice.title, err: errorMessage(error), text: noticeText(notice) }, 'could not post the notice');
    return undefined;
  }
}
