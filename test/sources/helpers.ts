/** Wire fixtures, an in-memory AlarmSink and a capturing Logger for the source tests. */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Alarm, RejectedAlarm, Severity } from '../../src/domain/alarm.js';
import { asIncidentId } from '../../src/domain/ids.js';
import type { AlarmSink, IntakeReceipt } from '../../src/ports/intake.js';
import type { Logger } from '../../src/ports/logger.js';

export const WIRE = fileURLToPath(new URL('../fixtures/wire', import.meta.url));

export function fixtureText(path: string): string {
  return readFileSync(join(WIRE, path), 'utf8');
}

export function fixtureJson(path: string): unknown {
  return JSON.parse(fixtureText(path)) as unknown;
}

/** A raw `.http.txt` request: all its bytes, its headers and its body as sent (split on the first CRLF CRLF). */
export function rawRequest(path: string): { bytes: Buffer; method: string; target: string; headers: Record<string, string>; body: Buffer } {
  const raw = readFileSync(join(WIRE, path));
  const split = raw.indexOf('\r\n\r\n');
  const [requestLine = '', ...headerLines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const [method = '', target = ''] = requestLine.split(' ');
  const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(': ')), l.slice(l.indexOf(': ') + 2)]));
  return { bytes: raw, method, target, headers, body: raw.subarray(split + 4) };
}

export function gate(): { promise: Promise<void>; open: () => void; fail: (error: unknown) => void } {
  let open!: () => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { promise, open, fail };
}

export interface MemorySinkOptions {
  hasCapacity?: (severity: Severity) => boolean;
  /** Replaces the default receipt (outcome `opened`, settled at once). */
  accept?: (alarm: Alarm) => Promise<IntakeReceipt>;
  reject?: (rejected: RejectedAlarm) => Promise<void>;
}

/** Records what sources hand it; `until` resolves once a condition on the records holds (no timers). */
export class MemorySink implements AlarmSink {
  readonly accepted: Alarm[] = [];
  readonly rejected: RejectedAlarm[] = [];
  private readonly waiters: { check: () => boolean; resolve: () => void }[] = [];

  constructor(private readonly options: MemorySinkOptions = {}) {}

  hasCapacity(severity: Severity): boolean {
    return this.options.hasCapacity?.(severity) ?? true;
  }

  async accept(alarm: Alarm): Promise<IntakeReceipt> {
    const receipt = this.options.accept
      ? await this.options.accept(alarm)
      : { outcome: 'opened' as const, incidentId: asIncidentId(`inc-${this.accepted.length + 1}`), settled: Promise.resolve() };
    this.accepted.push(alarm);
    this.notify();
    return receipt;
  }

  async reject(rejected: RejectedAlarm): Promise<void> {
    await this.options.reject?.(rejected);
    this.rejected.push(rejected);
    this.notify();
  }

  until(check: (sink: this) => boolean): Promise<void> {
    if (check(this)) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check: () => check(this), resolve }));
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (!waiter.check()) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger that keeps every entry (children included) and lets a test wait for one. */
export class CaptureLogger implements Logger {
  constructor(
    private readonly store: { entries: LogEntry[]; waiters: (() => void)[] } = { entries: [], waiters: [] },
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  get entries(): readonly LogEntry[] {
    return this.store.entries;
  }

  debug(obj: object, msg = ''): void {
    this.write('debug', obj, msg);
  }
  info(obj: object, msg = ''): void {
    this.write('info', obj, msg);
  }
  warn(obj: object, msg = ''): void {
    this.write('warn', obj, msg);
  }
  error(obj: object, msg = ''): void {
    this.write('error', obj, msg);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new CaptureLogger(this.store, { ...this.bindings, ...bindings });
  }

  messages(msg: string): LogEntry[] {
    return this.store.entries.filter((e) => e.msg === msg);
  }

  /** Resolves once at least `count` entries have message `msg`. */
  async until(msg: string, count = 1): Promise<LogEntry[]> {
    while (this.messages(msg).length < count) await new Promise<void>((resolve) => this.store.waiters.push(resolve));
    return this.messages(msg);
  }

  private write(level: LogEntry['level'], obj: object, msg: string): void {
    this.store.entries.push({ level, msg, fields: { ...this.bindings, ...obj } });
    for (const wake of this.store.waiters.splice(0)) wake();
  }
}
