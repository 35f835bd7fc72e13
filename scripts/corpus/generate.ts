/**
 * Writes the labelled corpus of incident snapshots to test/fixtures/snapshots/<category>/<slug>.json
 * and its README. Deterministic: every id, name and noise value comes from a PRNG seeded with the
 * case's path, and every time from the case's fixed "now".
 *
 *   npx tsx scripts/corpus/generate.ts          # write
 *   npx tsx scripts/corpus/generate.ts --check  # fail if the files on disk differ
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATEGORIES, buildSnapshot, type CaseDef } from './lib/case.js';
import { memoryCases } from './cases/memory.js';
import { cpuDependencyCases } from './cases/cpu-dependency.js';
import { startupCases } from './cases/startup.js';
import { imageCases } from './cases/image.js';
import { probeServiceCases } from './cases/probe-service.js';
import { rolloutCases } from './cases/rollout.js';
import { schedulingCases } from './cases/scheduling.js';
import { storageQuotaCases } from './cases/storage-quota.js';
import { nodeCases } from './cases/node.js';
import { unknownCases } from './cases/unknown.js';
import { readme } from './readme.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'test', 'fixtures', 'snapshots');

export const ALL_CASES: CaseDef[] = [
  ...memoryCases,
  ...cpuDependencyCases,
  ...startupCases,
  ...imageCases,
  ...probeServiceCases,
  ...rolloutCases,
  ...schedulingCases,
  ...storageQuotaCases,
  ...nodeCases,
  ...unknownCases,
];

function render(): Map<string, string> {
  const files = new Map<string, string>();
  for (const c of ALL_CASES) {
    if (!(CATEGORIES as readonly string[]).includes(c.category)) throw new Error(`${c.slug}: unknown category ${c.category}`);
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.slug)) throw new Error(`bad slug ${c.slug}`);
    const rel = `${c.category}/${c.slug}.json`;
    if (files.has(rel)) throw new Error(`duplicate case ${rel}`);
    files.set(rel, `${JSON.stringify(buildSnapshot(c), null, 2)}\n`);
  }
  files.set('README.md', readme(ALL_CASES));
  return files;
}

function main(): void {
  const check = process.argv.includes('--check');
  const files = render();
  const counts = new Map<string, number>(CATEGORIES.map((c) => [c, 0]));
  for (const c of ALL_CASES) counts.set(c.category, (counts.get(c.category) ?? 0) + 1);
  const short = [...counts].filter(([, n]) => n < 4);
  if (short.length > 0 && !process.env.CORPUS_ALLOW_SHORT) throw new Error(`categories with fewer than 4 cases: ${short.map(([c, n]) => `${c}=${n}`).join(', ')}`);

  if (check) {
    const stale: string[] = [];
    for (const [rel, text] of files) {
      const path = join(outDir, rel);
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(rel);
    }
    for (const cat of CATEGORIES) {
      const dir = join(outDir, cat);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) if (!files.has(`${cat}/${f}`)) stale.push(`${cat}/${f} (not generated)`);
    }
    if (stale.length > 0) {
      console.error(`corpus out of date, run: npx tsx scripts/corpus/generate.ts\n  ${stale.join('\n  ')}`);
      process.exit(1);
    }
    console.log(`corpus up to date: ${ALL_CASES.length} snapshots`);
    return;
  }

  for (const cat of CATEGORIES) rmSync(join(outDir, cat), { recursive: true, force: true });
  for (const [rel, text] of files) {
    const path = join(outDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  const misleading = ALL_CASES.filter((c) => c.misleading).length;
  console.log(`wrote ${ALL_CASES.length} snapshots (${misleading} misleading) to ${outDir}`);
  for (const [cat, n] of counts) console.log(`  ${cat.padEnd(26)} ${n}`);
}

main();
