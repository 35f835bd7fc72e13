/**
 * The Notifier on Slack: one Block Kit message per incident (chat.postMessage), replaced in place
 * (chat.update), news as thread replies. Retries are the client's (web-client.ts): only calls Slack
 * did not act on are repeated, so a finding is never posted twice by a retry.
 */
import type { webApi } from '@slack/bolt';
import type { ThreadRef } from '../../domain/incident.js';
import type { Notice } from '../../domain/notice.js';
import { redactText } from '../../domain/redact.js';
import type { FindingMessage, Notifier } from '../../ports/notifier.js';
import { renderFinding, SLACK_LIMITS } from './blocks.js';
import type { RenderOptions } from './finding-view.js';
import { truncate } from './finding-view.js';
import { renderNotice } from './notice-blocks.js';
import { slackApiError } from './web-client.js';

export interface SlackNotifierOptions extends RenderOptions {
  readonly client: webApi.WebClient;
  /** TRIAGED_SLACK_CHANNEL: a channel id. */
  readonly channel: string;
}

export class SlackNotifier implements Notifier {
  readonly name = 'slack';

  constructor(private readonly options: SlackNotifierOptions) {}

  async postFinding(message: FindingMessage): Promise<ThreadRef> {
    const { text, blocks } = renderFinding(message, this.options);
    const result = await this.call('chat.postMessage', () =>
      this.options.client.chat.postMessage({ channel: this.options.channel, text, blocks: [...blocks], unfurl_links: false, unfurl_media: false }),
    );
    if (!result.channel || !result.ts) throw slackApiError('chat.postMessage', new Error('the response carries no channel or ts'));
    return { channel: result.channel, ts: result.ts };
  }

  async updateFinding(thread: ThreadRef, message: FindingMessage): Promise<void> {
    const { text, blocks } = renderFinding(message, this.options);
    await this.call('chat.update', () => this.options.client.chat.update({ channel: thread.channel, ts: thread.ts, text, blocks: [...blocks] }));
  }

  async reply(thread: ThreadRef, text: string): Promise<void> {
    // The core writes these lines in mrkdwn (mentions, emoji) on purpose: redacted, not escaped.
    const body = truncate(redactText(text), SLACK_LIMITS.fallbackText);
    await this.call('chat.postMessage', () =>
      this.options.client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, text: body, unfurl_links: false, unfurl_media: false }),
    );
  }

  async postNotice(notice: Notice): Promise<ThreadRef> {
    const { text, blocks } = renderNotice(notice);
    const result = await this.call('chat.postMessage', () =>
      this.options.client.chat.postMessage({ channel: this.options.channel, text, blocks, unfurl_links: false, unfurl_media: false }),
    );
    if (!result.channel || !result.ts) throw slackApiError('chat.postMessage', new Error('the response carries no channel or ts'));
    return { channel: result.channel, ts: result.ts };
  }

  private async call<T>(method: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw slackApiError(method, error);
    }
  }
}
