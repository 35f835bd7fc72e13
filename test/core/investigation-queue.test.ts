import { describe, expect, it } from 'vitest';
import { InvestigationQueue } from '../../src/core/investigation-queue.js';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('InvestigationQueue', () => {
  it('runs critical work before warning and info once a slot frees', async () => {
    const queue = new InvestigationQueue({ concurrency: 1, limit: 10 });
    const order: string[] = [];
    const blocker = gate();
    const first = queue.add('blocker', 'info', () => blocker.promise);
    const jobs = [
      queue.add('a', 'info', async () => void order.push('info')),
      queue.add('b', 'warning', async () => void order.push('warning')),
      queue.add('c', 'critical', async () => void order.push('critical')),
    ];
    blocker.open();
    await Promise.all([first, ...jobs]);
    expect(order).toEqual(['critical', 'warning', 'info']);
  });

  it('never runs two jobs of one key at once, and keeps their order', async () => {
    const queue = new InvestigationQueue({ concurrency: 4, limit: 10 });
    let active = 0;
    let maxActive = 0;
    const seen: number[] = [];
    const job = (n: number) => async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(n);
      active -= 1;
    };
    await Promise.all([1, 2, 3, 4].map((n) => queue.add('same-incident', 'critical', job(n))));
    expect(maxActive).toBe(1);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('runs different keys in parallel up to the concurrency', async () => {
    const queue = new InvestigationQueue({ concurrency: 3, limit: 10 });
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => queue.add(`k${i}`, 'warning', async () => { started.push(i); await g.promise; }));
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toHaveLength(3);
    expect(queue.running).toBe(3);
    for (const g of gates) g.open();
    await Promise.all(runs);
    expect(started).toHaveLength(4);
  });

  it('holds back low severities first as it fills, and refuses past the bound', async () => {
    const queue = new InvestigationQueue({ concurrency: 1, limit: 10 });
    const blocker = gate();
    const runs = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => queue.add(`k${i}`, 'critical', () => blocker.promise));
    expect(queue.depth).toBe(8);
    expect(queue.hasCapacity('info')).toBe(false);
    expect(queue.hasCapacity('warning')).toBe(true);
    expect(queue.hasCapacity('critical')).toBe(true);
    runs.push(queue.add('k8', 'critical', () => blocker.promise), queue.add('k9', 'critical', () => blocker.promise));
    expect(queue.hasCapacity('warning')).toBe(false);
    expect(queue.hasCapacity('critical')).toBe(false);
    await expect(queue.add('k10', 'critical', async () => {})).rejects.toThrow(/queue is full \(10\/10\)/);
    blocker.open();
    await Promise.all(runs);
    await queue.onIdle();
    expect(queue.depth).toBe(0);
  });

  it('passes a job failure to its caller and keeps going', async () => {
    const queue = new InvestigationQueue({ concurrency: 1, limit: 4 });
    await expect(queue.add('k', 'warning', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(queue.add('k', 'warning', async () => 42)).resolves.toBe(42);
  });

  it('rejects a nonsensical configuration with the value named', () => {
    expect(() => new InvestigationQueue({ concurrency: 0, limit: 1 })).toThrow(/concurrency must be an integer >= 1, got 0/);
  });
});
