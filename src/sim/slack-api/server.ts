/**
 * A loopback fake of the Slack Web API (`POST /api/<method>`) for tests, the demo and benchmarks:
 * it checks the bearer token, records every call, keeps the workspace's messages, and can be told
 * to fail the next call of a method (429 with Retry-After, 5xx, or Slack's `ok:false`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadRequestBody, parseApiArgs, type ApiArgs } from './args.js';
import { Workspace, type FakeMessage, type WorkspaceOptions } from './workspace.js';

export interface FakeSlackApiOptions extends WorkspaceOptions {
  /** Accepted bot tokens; absent: any `xoxb-`/`xoxp-` token. */
  readonly tokens?: readonly string[];
  /** Added before every answer, as Slack's own round trip (benchmarks: 100 ms). */
  readonly latencyMs?: number;
}

export interface RecordedCall {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly args: ApiArgs;
  /** The HTTP status answered (an injected failure shows here). */
  readonly status: number;
  /** Epoch ms when it arrived. */
  readonly at: number;
}

export interface InjectedFailure {
  readonly status: number;
  /** Seconds, sent as the Retry-After header. */
  readonly retryAfter?: number;
  /** Response body; default `{"ok":false,"error":"ratelimited"}` for 429, `internal_error` otherwise. */
  readonly body?: string | Readonly<Record<string, unknown>>;
}

export interface FakeSlackApi {
  /** Base URL for `slackApiUrl`, ending with `/api/`. */
  readonly url: string;
  readonly calls: readonly RecordedCall[];
  /** channel → ts → current message, thread replies included. */
  readonly messages: ReadonlyMap<string, ReadonlyMap<string, FakeMessage>>;
  /** The thread replies under `ts`, oldest first. */
  replies(channel: string, ts: string): FakeMessage[];
  /** The next call of `method` gets this answer instead (queued: several calls fail in order). */
  failNext(method: string, failure: InjectedFailure): void;
  close(): Promise<void>;
}

export async function startFakeSlackApi(options: FakeSlackApiOptions = {}): Promise<FakeSlackApi> {
  const workspace = new Workspace(options);
  const calls: RecordedCall[] = [];
  const failures = new Map<string, InjectedFailure[]>();
  const now = options.now ?? Date.now;
  const latency = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();
  const delay = (): Promise<void> | undefined => {
    if (!options.latencyMs) return undefined;
    return new Promise<void>((resolve) => {
      const sleeper = { timer: setTimeout(() => (latency.delete(sleeper), resolve()), options.latencyMs), wake: resolve };
      latency.add(sleeper);
    });
  };

  const authorised = (req: IncomingMessage): string | undefined => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) return 'not_authed';
    const token = match[1] ?? '';
    const valid = options.tokens ? options.tokens.includes(token) : /^xox[bp]-/.test(token);
    return valid ? undefined : 'invalid_auth';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = now();
    const method = /^\/api\/([\w.]+)$/.exec((req.url ?? '').split('?')[0] ?? '')?.[1];
    if (req.method !== 'POST' || !method) return send(res, 404, { ok: false, error: 'unknown_method' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    let args: ApiArgs = {};
    let malformed = false;
    try {
      args = parseApiArgs(req.headers['content-type'], raw);
    } catch (error) {
      if (!(error instanceof BadRequestBody)) throw error;
      malformed = true;
    }
    await delay();
    const record = (status: number): void => {
      calls.push({ method, headers: { ...req.headers }, args, status, at });
    };
    const injected = failures.get(method)?.shift();
    if (injected) {
      record(injected.status);
      return sendInjected(res, injected);
    }
    record(200);
    const authError = authorised(req);
    if (authError) return send(res, 200, { ok: false, error: authError });
    if (malformed) return send(res, 200, { ok: false, error: 'invalid_form_data' });
    send(res, 200, workspace.call(method, args));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'internal_error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    messages: workspace.messages,
    replies: (channel, ts) => workspace.replies(channel, ts),
    failNext(method, failure) {
      const queue = failures.get(method) ?? [];
      queue.push(failure);
      failures.set(method, queue);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const sleeper of latency) {
          clearTimeout(sleeper.timer);
          sleeper.wake();
        }
        latency.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendInjected(res: ServerResponse, failure: InjectedFailure): void {
  const body = failure.body ?? { ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' };
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
  res.writeHead(failure.status, headers).end(typeof body === 'string' ? body : JSON.stringify(body));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
