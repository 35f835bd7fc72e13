/** Exponential backoff with equal jitter: the cap doubles per attempt, the delay lies in [cap/2, cap], so there is never a busy loop. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export function backoffDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const cap = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
