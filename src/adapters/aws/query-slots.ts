/**
 * A process-wide cap on Logs Insights queries in flight (the account allows ~30 across all its
 * users). A slot is held from StartQuery to the last poll or StopQuery; an abort frees only a waiter.
 */
import PQueue from 'p-queue';

export class QuerySlotTimeout extends Error {
  constructor(readonly reason: unknown) {
    super('gave up waiting for a free query slot');
    this.name = 'QuerySlotTimeout';
  }
}

export class QuerySlots {
  private readonly queue: PQueue;

  constructor(readonly concurrency: number) {
    if (!(Number.isInteger(concurrency) && concurrency > 0)) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    this.queue = new PQueue({ concurrency });
  }

  get running(): number {
    return this.queue.pending;
  }

  get waiting(): number {
    return this.queue.size;
  }

  /**
   * Runs `work` once a slot is free. p-queue frees a slot as soon as a running task's signal aborts,
   * so the caller's signal reaches the queue only while waiting: `work` handles it itself and keeps
   * the slot until its query is really over (stopped or finished).
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const whileWaiting = new AbortController();
    const forward = (): void => whileWaiting.abort(signal?.reason);
    signal?.addEventListener('abort', forward, { once: true });
    if (signal?.aborted) forward();
    try {
      return await this.queue.add(
        () => {
          signal?.removeEventListener('abort', forward);
          return work();
        },
        { signal: whileWaiting.signal },
      );
    } catch (error) {
      if (whileWaiting.signal.aborted && error === whileWaiting.signal.reason) throw new QuerySlotTimeout(error);
      throw error;
    } finally {
      signal?.removeEventListener('abort', forward);
    }
  }
}
