/** Approvers without Slack (log notifier, demo, CLI): the allow-list of user ids as given. */
import type { ApproverDirectory } from '../ports/approvers.js';

export class StaticApproverDirectory implements ApproverDirectory {
  private readonly allowed: ReadonlySet<string>;

  constructor(ids: readonly string[]) {
    this.allowed = new Set(ids);
  }

  async isApprover(userId: string): Promise<boolean> {
    return this.allowed.has(userId);
  }
}
