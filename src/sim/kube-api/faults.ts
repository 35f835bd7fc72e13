/** Fault injection for the fake API server: latency, failing requests, dropped and expired watches. */
import { apiErrors, type ApiError } from './status.js';

export interface FailRule {
  /** A substring of the request path, or a pattern tested against it. */
  readonly path: string | RegExp;
  readonly status: number;
  /** How many matching requests fail (default 1). */
  readonly count?: number;
  readonly method?: string;
  /** Only watch requests (true) or only non-watch requests (false); both when unset. */
  readonly watch?: boolean;
  readonly retryAfterSeconds?: number;
}

interface ActiveRule extends FailRule {
  remaining: number;
}

export class Faults {
  private delay: readonly [number, number] | undefined;
  private readonly rules: ActiveRule[] = [];
  private expiries = 0;
  private readonly watchClosers = new Set<() => void>();
  private readonly sleepers = new Set<{ timer: NodeJS.Timeout; wake: () => void }>();

  /** Every request waits a random time in [minMs, maxMs] before it is served. */
  setDelay(minMs: number, maxMs = minMs): void {
    this.delay = [minMs, maxMs];
  }

  failNext(rule: FailRule): void {
    this.rules.push({ ...rule, remaining: rule.count ?? 1 });
  }

  /** The next `count` watch requests get an ERROR event with 410 Expired instead of events. */
  expireNextWatch(count = 1): void {
    this.expiries += count;
  }

  /** Cuts every open watch stream mid-response; returns how many were cut. */
  dropWatches(): number {
    const closers = [...this.watchClosers];
    for (const close of closers) close();
    return closers.length;
  }

  get openWatches(): number {
    return this.watchClosers.size;
  }

  reset(): void {
    this.delay = undefined;
    this.rules.length = 0;
    this.expiries = 0;
  }

  /** @internal The server registers each open watch so that it can be dropped. */
  trackWatch(close: () => void): () => void {
    this.watchClosers.add(close);
    return () => this.watchClosers.delete(close);
  }

  /** @internal The injected failure for this request, if any. */
  failureFor(method: string, path: string, isWatch: boolean): ApiError | undefined {
    const rule = this.rules.find(
      (r) =>
        r.remaining > 0 &&
        (r.method === undefined || r.method.toUpperCase() === method) &&
        (r.watch === undefined || r.watch === isWatch) &&
        (typeof r.path === 'string' ? path.includes(r.path) : r.path.test(path)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    return apiErrors.fromCode(rule.status, rule.retryAfterSeconds);
  }

  /** @internal */
  takeWatchExpiry(): boolean {
    if (this.expiries === 0) return false;
    this.expiries -= 1;
    return true;
  }

  /** @internal Waits the configured latency; woken at once by `wakeAll` when the server closes. */
  async latency(): Promise<void> {
    if (!this.delay) return;
    const [min, max] = this.delay;
    const ms = min + Math.random() * (max - min);
    await new Promise<void>((resolve) => {
      const sleeper = {
        timer: setTimeout(() => {
          this.sleepers.delete(sleeper);
          resolve();
        }, ms),
        wake: resolve,
      };
      this.sleepers.add(sleeper);
    });
  }

  /** @internal */
  wakeAll(): void {
    for (const sleeper of this.sleepers) {
      clearTimeout(sleeper.timer);
      sleeper.wake();
    }
    this.sleepers.clear();
  }
}
