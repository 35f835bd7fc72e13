/**
 * A Slack `block_actions` request as Slack sends it to /slack/events: form-encoded `payload`, signed
 * with v0 HMAC-SHA256 over `v0:<timestamp>:<body>`. The demo and tests click Approve / Deny with it.
 */
import { createHmac } from 'node:crypto';

export interface BlockActionClick {
  readonly signingSecret: string;
  readonly approvalId: string;
  readonly decision: 'approve' | 'deny';
  readonly userId: string;
  readonly channel: string;
  readonly messageTs: string;
  /** Epoch seconds; the receiver refuses clicks older than 5 minutes. */
  readonly timestampSeconds: number;
}

let clicks = 0;

/** Each call is a distinct click (its own trigger id), as two clicks on one button are for Slack. */
export function signedBlockAction(click: BlockActionClick): { headers: Record<string, string>; body: string } {
  const payload = {
    type: 'block_actions',
    user: { id: click.userId, username: click.userId.toLowerCase(), name: click.userId.toLowerCase(), team_id: 'T0SIM' },
    api_app_id: 'A0SIM',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: click.messageTs, channel_id: click.channel, is_ephemeral: false },
    trigger_id: `${click.timestampSeconds}.${(clicks += 1)}.sim`,
    team: { id: 'T0SIM', domain: 'sim' },
    channel: { id: click.channel, name: 'incidents' },
    actions: [
      {
        action_id: click.decision === 'approve' ? 'remediation.approve' : 'remediation.deny',
        block_id: 'remediation',
        text: { type: 'plain_text', text: click.decision === 'approve' ? 'Approve' : 'Deny', emoji: true },
        value: click.approvalId,
        type: 'button',
        action_ts: `${click.timestampSeconds}.${String(clicks).padStart(6, '0')}`,
      },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const timestamp = String(click.timestampSeconds);
  const signature = `v0=${createHmac('sha256', click.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature },
    body,
  };
}
