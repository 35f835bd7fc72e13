/** Shared rig of the assistant tests: the signed GitHub fixture, a loopback server for a route handler, a recording notifier and sink. */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Alarm, RejectedAlarm } from '../../src/domain/alarm.js';
import { asIncidentId } from '../../src/domain/ids.js';
import type { ThreadRef } from '../../src/domain/incident.js';
import type { Notice } from '../../src/domain/notice.js';
import type { AlarmSink, IntakeReceipt } from '../../src/ports/intake.js';
import type { FindingMessage, Notifier } from '../../src/ports/notifier.js';

export const GITHUB_SECRET = "It's a Secret to Everybody";

export interface RawRequest {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** The signed `workflow_run` delivery, split on the first blank line; the body bytes untouched. */
export function fixtureRequest(): RawRequest {
  const raw = readFileSync(new URL('../fixtures/wire/github/workflow-run-completed-failure.http.txt', import.meta.url));
  const split = raw.indexOf('\r\n\r\n');
  const headers = Object.fromEntries(
    raw.subarray(0, split).toString('latin1').split('\r\n').slice(1).map((line) => [line.slice(0, line.indexOf(': ')).toLowerCase(), line.slice(line.indexOf(': ') + 2)]),
  );
  return { headers, body: raw.subarray(split + 4) };
}

export function sign(body: Buffer | string, secret = GITHUB_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The fixture's payload changed by `edit`, re-signed, with a new delivery id. */
type Payload = Record<string, unknown> & { workflow_run: Record<string, unknown> };

export function signedVariant(edit: (payload: Payload) => void, deliveryId: string): RawRequest {
  const base = fixtureRequest();
  const payload = JSON.parse(base.body.toString('utf8')) as Payload;
  edit(payload);
  const body = Buffer.from(JSON.stringify(payload));
  return { headers: { ...base.headers, 'x-github-delivery': deliveryId, 'x-hub-signature-256': sign(body), 'content-length': String(body.length) }, body };
}

export interface Loopback {
  readonly url: string;
  send(request: RawRequest, path?: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export async function serve(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void): Promise<Loopback> {
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async send(request, path = '/webhooks/github') {
      const headers = { ...request.headers };
      delete headers.host;
      headers['content-length'] = String(request.body.length);
      const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: request.body });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export class RecordingNotifier implements Notifier {
  readonly name = 'recording';
  readonly notices: Notice[] = [];
  readonly findings: FindingMessage[] = [];
  readonly updates: FindingMessage[] = [];
  readonly replies: { thread: ThreadRef; text: string }[] = [];

  async postFinding(message: FindingMessage): Promise<ThreadRef> {
    this.findings.push(message);
    return { channel: 'C0123ABCD', ts: `1700000000.${String(this.findings.length).padStart(6, '0')}` };
  }
  async updateFinding(_thread: ThreadRef, message: FindingMessage): Promise<void> {
    this.updates.push(message);
  }
  async reply(thread: ThreadRef, text: string): Promise<void> {
    this.replies.push({ thread, text });
  }
  async postNotice(notice: Notice): Promise<ThreadRef> {
    this.notices.push(notice);
    return { channel: 'C0123ABCD', ts: `1700000001.${String(this.notices.length).padStart(6, '0')}` };
  }
}

export class RecordingSink implements AlarmSink {
  readonly alarms: Alarm[] = [];
  async accept(alarm: Alarm): Promise<IntakeReceipt> {
    this.alarms.push(alarm);
    return { outcome: 'opened', incidentId: asIncidentId(`inc_${this.alarms.length}`), settled: Promise.resolve() };
  }
  async reject(_rejected: RejectedAlarm): Promise<void> {}
  hasCapacity(): boolean {
    return true;
  }
}
