/**
 * The bounded priority queue between intake and the engine: critical before warning before info,
 * at most `concurrency` investigations at once, and jobs of one key (an incident) strictly one
 * after another. Intake asks `hasCapacity` before accepting; past the bound sources wait.
 */
import PQueue from 'p-queue';
import { severityRank, type Severity } from '../domain/alarm.js';

export interface InvestigationQueueOptions {
  readonly concurrency: number;
  /** Total jobs (waiting + running + held behind their key) the queue holds. */
  readonly limit: number;
  readonly onDepthChange?: (waiting: number, running: number) => void;
}

/** Share of the bound each severity may fill, so low-priority work is held back first. */
const CAPACITY_SHARE: Readonly<Record<Severity, number>> = { critical: 1, warning: 0.9, info: 0.75 };

interface HeldJob {
  readonly severity: Severity;
  readonly run: () => Promise<void>;
}

export class InvestigationQueue {
  private readonly queue: PQueue;
  private readonly limit: number;
  private readonly onDepthChange: (waiting: number, running: number) => void;
  /** Keys with a job waiting or running in p-queue; later jobs of the key wait here. */
  private readonly heldByKey = new Map<string, HeldJob[]>();
  private held = 0;

  constructor(options: InvestigationQueueOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1) {
      throw new TypeError(`concurrency must be an integer >= 1, got ${String(options.concurrency)}`);
    }
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new TypeError(`limit must be an integer >= 1, got ${String(options.limit)}`);
    }
    this.queue = new PQueue({ concurrency: options.concurrency });
    this.limit = options.limit;
    this.onDepthChange = options.onDepthChange ?? (() => {});
  }

  get depth(): number {
    return this.queue.size + this.queue.pending + this.held;
  }

  get waiting(): number {
    return this.queue.size + this.held;
  }

  get running(): number {
    return this.queue.pending;
  }

  hasCapacity(severity: Severity): boolean {
    return this.depth < Math.floor(this.limit * CAPACITY_SHARE[severity]) || (severity === 'critical' && this.depth < this.limit);
  }

  isActive(key: string): boolean {
    return this.heldByKey.has(key);
  }

  /**
   * Queues `task` under `key`; resolves or rejects with it. The caller checks `hasCapacity`
   * first; this refuses past the hard bound so a bug cannot grow the queue without limit.
   */
  add<T>(key: string, severity: Severity, task: () => Promise<T>): Promise<T> {
    if (this.depth >= this.limit) {
      return Promise.reject(new RangeError(`investigation queue is full (${this.depth}/${this.limit})`));
    }
    return new Promise<T>((resolve, reject) => {
      const run = async (): Promise<void> => {
        try {
          resolve(await task());
        } catch (error) {
          reject(error);
        }
      };
      const backlog = this.heldByKey.get(key);
      if (backlog) {
        backlog.push({ severity, run });
        this.held += 1;
      } else {
        this.heldByKey.set(key, []);
        this.submit(key, { severity, run });
      }
      this.report();
    });
  }

  async onIdle(): Promise<void> {
    while (this.depth > 0) await this.queue.onIdle();
  }

  pause(): void {
    this.queue.pause();
  }

  private submit(key: string, job: HeldJob): void {
    void this.queue.add(async () => {
      try {
        await job.run();
      } finally {
        this.next(key);
      }
    }, { priority: severityRank(job.severity) });
  }

  private next(key: string): void {
    const backlog = this.heldByKey.get(key);
    const following = backlog?.shift();
    if (following) {
      this.held -= 1;
      this.submit(key, following);
    } else {
      this.heldByKey.delete(key);
    }
    queueMicrotask(() => this.report());
  }

  private report(): void {
    this.onDepthChange(this.waiting, this.running);
  }
}
