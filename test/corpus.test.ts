/** Quality gate on the labelled corpus: counts of right answers, not time. */
import { describe, expect, it } from 'vitest';
import { loadCorpus, scoreCorpus } from '../bench/corpus.js';
import { diagnose } from '../src/domain/diagnosis/index.js';

describe('labelled snapshot corpus', () => {
  const corpus = loadCorpus();
  const result = scoreCorpus(corpus, diagnose);
  const misses = result.misses.map((m) => `${m.file}: expected ${m.expected}, got ${m.got} (${m.confidence})`).join('\n');

  it('has snapshots to score', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });

  it('is diagnosed right overall at least 95% of the time', () => {
    expect(result.accuracy, misses).toBeGreaterThanOrEqual(0.95);
  });

  it.each(Object.entries(result.perCategory))('gets %s right at least 80% of the time', (_category, entry) => {
    expect(entry.accuracy, misses).toBeGreaterThanOrEqual(0.8);
  });
});
