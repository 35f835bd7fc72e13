/**
 * TRIAGED_APPROVERS on Slack: user ids approve directly; user-group ids (`S…`) are expanded with
 * usergroups.users.list and cached for a while, so group membership changes reach triaged.
 */
import type { webApi } from '@slack/bolt';
import type { ApproverDirectory } from '../../ports/approvers.js';
import type { Clock } from '../../ports/clock.js';
import { slackApiError } from './web-client.js';

const isUserGroupId = (id: string): boolean => /^S[A-Z0-9]+$/.test(id);

/** The user ids behind `ids`: user ids as they are, each user group replaced by its members. */
export async function resolveApprovers(client: webApi.WebClient, ids: readonly string[]): Promise<Set<string>> {
  const members = await Promise.all(
    ids.filter(isUserGroupId).map(async (usergroup) => {
      try {
        return (await client.usergroups.users.list({ usergroup })).users ?? [];
      } catch (error) {
        throw slackApiError('usergroups.users.list', error);
      }
    }),
  );
  return new Set([...ids.filter((id) => !isUserGroupId(id)), ...members.flat()]);
}

export interface SlackApproverDirectoryOptions {
  readonly client: webApi.WebClient;
  readonly allowList: readonly string[];
  readonly clock: Clock;
  /** How long expanded groups are trusted; default 5 minutes. */
  readonly ttlMs?: number;
}

export class SlackApproverDirectory implements ApproverDirectory {
  private cached?: { readonly until: number; readonly approvers: Promise<Set<string>> };

  constructor(private readonly options: SlackApproverDirectoryOptions) {}

  /** A failed expansion throws (SLACK_API): the click is answered with the error, never approved. */
  async isApprover(userId: string): Promise<boolean> {
    const { allowList } = this.options;
    if (allowList.includes(userId)) return true;
    if (!allowList.some(isUserGroupId)) return false;
    return (await this.approvers()).has(userId);
  }

  private approvers(): Promise<Set<string>> {
    const now = this.options.clock.now();
    if (this.cached && now < this.cached.until) return this.cached.approvers;
    const approvers = resolveApprovers(this.options.client, this.options.allowList);
    const entry = { until: now + (this.options.ttlMs ?? 5 * 60_000), approvers };
    this.cached = entry;
    // A failure is not cached: the next click asks Slack again.
    approvers.catch(() => {
      if (this.cached === entry) this.cached = undefined;
    });
    return approvers;
  }
}
