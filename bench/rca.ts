/**
 * `npm run bench:rca`: diagnoses every labelled snapshot of the corpus and prints accuracy
 * overall and per category, the misses, and the time per diagnosis (p50/p95 after a warm-up).
 * The last line is one JSON object with every figure.
 */
import { performance } from 'node:perf_hooks';
import { diagnose } from '../src/domain/diagnosis/index.js';
import { percentile } from '../src/domain/timeseries.js';
import { loadCorpus, scoreCorpus } from './corpus.js';

const WARMUP_ROUNDS = 3;
const TIMED_ROUNDS = 10;

const corpus = loadCorpus();
if (corpus.length === 0) {
  console.error('bench:rca: no snapshots under test/fixtures/snapshots/<category>/');
  process.exit(2);
}

const result = scoreCorpus(corpus, diagnose);

for (let i = 0; i < WARMUP_ROUNDS; i++) for (const item of corpus) diagnose(item.snapshot);
const timings: number[] = [];
for (let i = 0; i < TIMED_ROUNDS; i++) {
  for (const item of corpus) {
    const started = performance.now();
    diagnose(item.snapshot);
    timings.push(performance.now() - started);
  }
}
const p50 = percentile(timings, 50) ?? 0;
const p95 = percentile(timings, 95) ?? 0;

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
console.log(`snapshots: ${result.total}   accuracy: ${pct(result.accuracy)} (${result.correct}/${result.total})\n`);
console.log(`${'category'.padEnd(28)}${'n'.padStart(4)}${'ok'.padStart(5)}${'accuracy'.padStart(10)}`);
for (const [category, entry] of Object.entries(result.perCategory)) {
  console.log(`${category.padEnd(28)}${String(entry.total).padStart(4)}${String(entry.correct).padStart(5)}${pct(entry.accuracy).padStart(10)}`);
}
if (result.misses.length > 0) {
  console.log('\nmisses:');
  for (const m of result.misses) console.log(`  ${m.file}: expected ${m.expected}, got ${m.got} (confidence ${m.confidence.toFixed(2)})`);
}
console.log(`\ntime per diagnosis: p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms (${timings.length} runs after ${WARMUP_ROUNDS} warm-up rounds)`);
console.log(
  JSON.stringify({
    snapshots: result.total,
    correct: result.correct,
    accuracy: Number(result.accuracy.toFixed(4)),
    perCategory: Object.fromEntries(Object.entries(result.perCategory).map(([c, e]) => [c, { n: e.total, correct: e.correct, accuracy: Number(e.accuracy.toFixed(4)) }])),
    misses: result.misses,
    timeMs: { p50: Number(p50.toFixed(4)), p95: Number(p95.toFixed(4)), runs: timings.length },
  }),
);
