/** A bounded set of recently seen keys (GitHub delivery ids, run attempts): the oldest is forgotten first. */
export class RecentKeys {
  private readonly keys = new Set<string>();

  constructor(private readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
  }

  /** True when `key` was seen (and is still remembered); otherwise remembers it and returns false. */
  seen(key: string): boolean {
    if (this.keys.has(key)) return true;
    this.keys.add(key);
    if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
    return false;
  }

  /** Forgets a key, so a delivery that failed before it was handled can be redelivered. */
  forget(key: string): void {
    this.keys.delete(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
