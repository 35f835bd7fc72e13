/**
 * A cron schedule in a time zone (croner computes the next time; nothing else of croner runs)
 * over injectable timers, so a test drives it with a fake clock. A timer that wakes early (long
 * delays are capped) re-arms; a run still going at stop() is awaited.
 */
import { Cron } from 'croner';
import { errorMessage } from '../../domain/errors.js';
import type { Clock } from '../../ports/clock.js';
import type { Logger } from '../../ports/logger.js';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface CronScheduleOptions {
  readonly name: string;
  /** Five or six fields, e.g. `0 9 * * *`. */
  readonly cron: string;
  /** IANA zone, e.g. `Europe/Berlin`; default UTC. */
  readonly timeZone?: string;
  readonly clock: Clock;
  readonly timers?: Timers;
  readonly logger: Logger;
  /** The scheduled time (epoch ms) it runs for. Errors are logged; the schedule goes on. */
  readonly run: (scheduledAt: number) => Promise<void>;
}

/** setTimeout's limit is 2^31−1 ms; wake at least daily and re-arm. */
const MAX_DELAY_MS = 24 * 3_600_000;

export class CronSchedule {
  private readonly cron: Cron;
  private readonly timers: Timers;
  private handle: unknown;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: CronScheduleOptions) {
    // Throws on a bad pattern or zone: the app turns that into a config error at start.
    this.cron = new Cron(options.cron, { timezone: options.timeZone ?? 'UTC' });
    this.timers = options.timers ?? systemTimers;
  }

  /** Epoch ms of the next run after `fromMs`, in the schedule's zone. */
  nextAfter(fromMs: number): number | undefined {
    return this.cron.nextRun(new Date(fromMs))?.getTime();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.arm(this.options.clock.now());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    await this.running;
  }

  private arm(fromMs: number): void {
    if (this.stopped) return;
    const next = this.nextAfter(fromMs);
    if (next === undefined) return;
    const delay = Math.min(MAX_DELAY_MS, Math.max(0, next - this.options.clock.now()));
    this.handle = this.timers.setTimeout(() => this.fire(next), delay);
  }

  private fire(scheduledAt: number): void {
    this.handle = undefined;
    if (this.stopped) return;
    // Woken early (a capped delay): wait on for the same time.
    if (this.options.clock.now() < scheduledAt - 1000) return this.arm(scheduledAt - 1);
    this.running = this.options
      .run(scheduledAt)
      .catch((error: unknown) => this.options.logger.error({ schedule: this.options.name, err: errorMessage(error) }, 'scheduled run failed'))
      .finally(() => {
        this.running = undefined;
        this.arm(Math.max(scheduledAt, this.options.clock.now()));
      });
  }
}
