/**
 * The state behind the fake Slack Web API: one workspace with its bot, users, user groups and the
 * messages posted so far. Each method answers like Slack: a result object, or `{ok:false, error}`.
 */
import type { ApiArgs } from './args.js';

export interface FakeMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks?: unknown;
  /** Set on thread replies: the parent's ts. */
  readonly threadTs?: string;
  readonly user: string;
  readonly botId: string;
  /** How many times chat.update replaced it. */
  readonly edits: number;
}

export interface FakeUser {
  readonly id: string;
  readonly name: string;
  readonly realName?: string;
}

export interface WorkspaceOptions {
  readonly teamId?: string;
  readonly teamName?: string;
  readonly botUserId?: string;
  readonly botId?: string;
  readonly users?: readonly FakeUser[];
  /** User-group id (`S…`) → member user ids. */
  readonly userGroups?: Readonly<Record<string, readonly string[]>>;
  /** Channel ids that exist; empty or absent: every channel id exists. */
  readonly channels?: readonly string[];
  /** Epoch ms for new message timestamps (default: the system clock). */
  readonly now?: () => number;
}

export type MethodResult = Readonly<Record<string, unknown>> & { readonly ok: boolean };

const fail = (error: string): MethodResult => ({ ok: false, error });

export class Workspace {
  /** channel → ts → message (thread replies included, marked by `threadTs`). */
  readonly messages = new Map<string, Map<string, FakeMessage>>();
  private sequence = 0;
  private readonly team: { readonly id: string; readonly name: string };
  private readonly bot: { readonly userId: string; readonly botId: string };

  constructor(private readonly options: WorkspaceOptions = {}) {
    this.team = { id: options.teamId ?? 'T0123ABCD', name: options.teamName ?? 'shopco' };
    this.bot = { userId: options.botUserId ?? 'U0123TRIBOT', botId: options.botId ?? 'B0123TRIAGE' };
  }

  call(method: string, args: ApiArgs): MethodResult {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: `https://${this.team.name}.slack.com/`, team: this.team.name, user: 'triaged', team_id: this.team.id, user_id: this.bot.userId, bot_id: this.bot.botId, is_enterprise_install: false };
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'chat.postEphemeral':
        return this.postEphemeral(args);
      case 'usergroups.users.list':
        return this.userGroupMembers(args);
      case 'users.info':
        return this.userInfo(args);
      default:
        return fail('unknown_method');
    }
  }

  /** Replies in the thread of `ts`, oldest first. */
  replies(channel: string, ts: string): FakeMessage[] {
    return [...(this.messages.get(channel)?.values() ?? [])].filter((m) => m.threadTs === ts);
  }

  private postMessage(args: ApiArgs): MethodResult {
    const channel = this.channelOf(args);
    if (typeof channel !== 'string') return channel;
    const text = typeof args.text === 'string' ? args.text : '';
    if (text === '' && args.blocks === undefined) return fail('no_text');
    const threadTs = typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
    const inChannel = this.channelMessages(channel);
    if (threadTs !== undefined && !inChannel.has(threadTs)) return fail('thread_not_found');
    const message: FakeMessage = { channel, ts: this.nextTs(), text, blocks: args.blocks, threadTs, user: this.bot.userId, botId: this.bot.botId, edits: 0 };
    inChannel.set(message.ts, message);
    return { ok: true, channel, ts: message.ts, message: this.wire(message) };
  }

  private update(args: ApiArgs): MethodResult {
    const channel = this.channelOf(args);
    if (typeof channel !== 'string') return channel;
    const current = typeof args.ts === 'string' ? this.messages.get(channel)?.get(args.ts) : undefined;
    if (!current) return fail('message_not_found');
    const text = typeof args.text === 'string' ? args.text : current.text;
    const updated: FakeMessage = { ...current, text, blocks: args.blocks ?? current.blocks, edits: current.edits + 1 };
    this.channelMessages(channel).set(current.ts, updated);
    return { ok: true, channel, ts: current.ts, text, message: this.wire(updated) };
  }

  private postEphemeral(args: ApiArgs): MethodResult {
    const channel = this.channelOf(args);
    if (typeof channel !== 'string') return channel;
    if (typeof args.user !== 'string' || args.user === '') return fail('user_not_in_channel');
    return { ok: true, message_ts: this.nextTs() };
  }

  private userGroupMembers(args: ApiArgs): MethodResult {
    const members = typeof args.usergroup === 'string' ? this.options.userGroups?.[args.usergroup] : undefined;
    return members ? { ok: true, users: [...members] } : fail('no_such_subteam');
  }

  private userInfo(args: ApiArgs): MethodResult {
    const user = this.options.users?.find((u) => u.id === args.user);
    if (!user) return fail('user_not_found');
    return { ok: true, user: { id: user.id, team_id: this.team.id, name: user.name, real_name: user.realName ?? user.name, deleted: false, is_bot: false } };
  }

  private channelOf(args: ApiArgs): string | MethodResult {
    const channel = args.channel;
    if (typeof channel !== 'string' || channel === '') return fail('channel_not_found');
    const known = this.options.channels;
    if (known && known.length > 0 && !known.includes(channel)) return fail('channel_not_found');
    return channel;
  }

  private channelMessages(channel: string): Map<string, FakeMessage> {
    let inChannel = this.messages.get(channel);
    if (!inChannel) this.messages.set(channel, (inChannel = new Map()));
    return inChannel;
  }

  /** Unique and increasing like Slack's: epoch seconds, a dot, six digits. */
  private nextTs(): string {
    const seconds = Math.floor((this.options.now ?? Date.now)() / 1000);
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${seconds}.${String(this.sequence).padStart(6, '0')}`;
  }

  private wire(message: FakeMessage): Record<string, unknown> {
    return {
      user: message.user,
      type: 'message',
      ts: message.ts,
      bot_id: message.botId,
      text: message.text,
      team: this.team.id,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(message.threadTs === undefined ? {} : { thread_ts: message.threadTs }),
      ...(message.edits > 0 ? { edited: { user: message.user, ts: message.ts } } : {}),
    };
  }
}
