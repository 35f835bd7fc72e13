/**
 * Each chaos scenario leads the diagnosis engine to the root cause chaos/README.md promises.
 * The snapshots in test/fixtures/chaos/ are what a cluster shows once the failure happened,
 * built around the scenario's own YAML (test/deploy/chaos-snapshots.ts); this test fails when a
 * fixture no longer matches its YAML. Regenerate: UPDATE_CHAOS_SNAPSHOTS=1 npx vitest run test/deploy/chaos.test.ts
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/domain/diagnosis/index.js';
import { isCategory } from '../../src/domain/diagnosis.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { buildChaosSnapshots } from './chaos-snapshots.js';
import { ROOT } from './tools.js';

interface Row {
  readonly scenario: string;
  readonly workload: string;
  readonly playbook: string;
  readonly category: string;
  readonly snapshot: string;
}

/** The README's table: | scenario | workload | what happens | alarm | playbook | category | snapshot |. */
function readmeTable(): Row[] {
  const text = readFileSync(`${ROOT}chaos/README.md`, 'utf8');
  const cell = (c: string) => c.trim().replace(/^`|`$/g, '');
  return text
    .split('\n')
    .filter((line) => /^\| `[a-z-]+` \|/.test(line))
    .map((line) => {
      const cells = line.split('|').slice(1, -1).map(cell);
      const [scenario, workload, , , playbook, category, snapshot] = cells;
      if (!scenario || !workload || !playbook || !category || !snapshot) throw new Error(`chaos/README.md row has missing cells: ${line}`);
      return { scenario, workload, playbook, category, snapshot };
    });
}

const FIXTURES = `${ROOT}test/fixtures/chaos/`;
const built = buildChaosSnapshots();
const rows = readmeTable();

describe('chaos scenarios → diagnosis', () => {
  it('the README table covers every scenario and every fixture', () => {
    expect(new Set(rows.map((r) => r.scenario))).toEqual(new Set(['memory-leak', 'cpu-stress', 'latency', 'node-pressure', 'crash-loop', 'bad-image', 'missing-configmap', 'unschedulable']));
    expect(rows.map((r) => r.snapshot).sort()).toEqual(Object.keys(built).sort());
    for (const r of rows) expect(isCategory(r.category), `${r.category} is not a root-cause id`).toBe(true);
  });

  describe.each(rows)('$scenario ($workload)', (row) => {
    const stored = JSON.parse(readFileSync(`${FIXTURES}${row.snapshot}`, 'utf8')) as Snapshot;

    it(`fixture ${row.snapshot} matches the scenario YAML`, () => {
      expect(stored).toEqual(JSON.parse(JSON.stringify(built[row.snapshot])));
      const names = (stored.kubernetes?.objects ?? []).map((o) => o.metadata?.name);
      expect(names).toContain(row.workload);
    });

    it(`is diagnosed as ${row.category}`, () => {
      const diagnosis = diagnose(stored);
      expect(diagnosis.category, `${diagnosis.summary}\nalternatives: ${JSON.stringify(diagnosis.alternatives)}\nmissing: ${diagnosis.missing.join('; ')}`).toBe(row.category);
      expect(diagnosis.evidence.length).toBeGreaterThan(0);
    });
  });
});
