/**
 * The labelled snapshot corpus (test/fixtures/snapshots/<expected-category>/*.json) and its
 * scoring, shared by `npm run bench:rca` and the corpus quality gate in test/corpus.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CATEGORIES, type Category, type Diagnosis } from '../src/domain/diagnosis.js';
import { parseSnapshot } from '../src/domain/snapshot-parse.js';
import type { Snapshot } from '../src/domain/snapshot.js';

export const CORPUS_ROOT = join(import.meta.dirname, '..', 'test', 'fixtures', 'snapshots');

export interface LabelledSnapshot {
  readonly file: string;
  readonly expected: Category;
  readonly snapshot: Snapshot;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) return jsonFiles(path);
      return entry.endsWith('.json') ? [path] : [];
    });
}

/** Every snapshot under a category directory; the directory name is the label. */
export function loadCorpus(root = CORPUS_ROOT): LabelledSnapshot[] {
  const labelled: LabelledSnapshot[] = [];
  for (const category of CATEGORIES) {
    const dir = join(root, category);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
    for (const path of jsonFiles(dir)) {
      labelled.push({ file: relative(root, path), expected: category, snapshot: parseSnapshot(readFileSync(path, 'utf8')) });
    }
  }
  return labelled;
}

export interface Miss {
  readonly file: string;
  readonly expected: Category;
  readonly got: Category;
  readonly confidence: number;
}

export interface CorpusScore {
  readonly total: number;
  readonly correct: number;
  readonly accuracy: number;
  readonly perCategory: Readonly<Record<string, { total: number; correct: number; accuracy: number }>>;
  readonly misses: readonly Miss[];
}

export function scoreCorpus(corpus: readonly LabelledSnapshot[], diagnoseOne: (s: Snapshot) => Diagnosis): CorpusScore {
  const perCategory: Record<string, { total: number; correct: number; accuracy: number }> = {};
  const misses: Miss[] = [];
  for (const item of corpus) {
    const d = diagnoseOne(item.snapshot);
    const entry = perCategory[item.expected] ?? { total: 0, correct: 0, accuracy: 0 };
    entry.total += 1;
    if (d.category === item.expected) entry.correct += 1;
    else misses.push({ file: item.file, expected: item.expected, got: d.category, confidence: d.confidence });
    perCategory[item.expected] = entry;
  }
  for (const entry of Object.values(perCategory)) entry.accuracy = entry.total > 0 ? entry.correct / entry.total : 0;
  const correct = corpus.length - misses.length;
  return { total: corpus.length, correct, accuracy: corpus.length > 0 ? correct / corpus.length : 0, perCategory, misses };
}
