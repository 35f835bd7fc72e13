/** Who may approve: an allow-list of Slack user ids and user-group ids (groups expanded by the adapter). */
export interface ApproverDirectory {
  isApprover(userId: string): Promise<boolean>;
}
