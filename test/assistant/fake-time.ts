/** A fake clock with timers: `advance` moves time and fires what is due, in order, awaiting each callback's microtasks. */
import type { Clock } from '../../src/ports/clock.js';
import type { Timers } from '../../src/core/assistant/schedule.js';

interface Pending {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class FakeTime implements Clock, Timers {
  private pending: Pending[] = [];
  private nextId = 1;

  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.current + ms, callback };
    this.pending.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }

  get timers(): number {
    return this.pending.length;
  }

  /** When the earliest timer is due (epoch ms). */
  get nextDue(): number | undefined {
    return this.pending.reduce<number | undefined>((min, t) => (min === undefined || t.at < min ? t.at : min), undefined);
  }

  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      const due = this.pending.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
      await settle();
    }
    this.current = until;
    await settle();
  }
}

/** Lets promise chains started by a timer run to their end (loopback I/O included). */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}
