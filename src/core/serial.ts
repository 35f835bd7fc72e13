/** Runs async sections one at a time, in call order (a promise-chain mutex). */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => {});
    return result;
  }
}
