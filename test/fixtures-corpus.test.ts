/**
 * The labelled corpus of incident snapshots (test/fixtures/snapshots/<category>/<slug>.json, issue #4):
 * every file is a well-formed version-1 snapshot, its directory is one of the 18 category ids of
 * shared/contracts/root-causes.md, and the corpus is large enough to score the diagnosis engine.
 * Regenerate with `npx tsx scripts/corpus/generate.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CATEGORIES = [
  'oom-killed', 'memory-leak', 'cpu-throttling', 'crash-loop', 'bad-config', 'image-pull', 'probe-failure',
  'dependency-failure', 'bad-rollout', 'init-container-failure', 'unschedulable-resources', 'unschedulable-constraints',
  'volume-issue', 'node-pressure', 'node-not-ready', 'quota-exceeded', 'service-no-endpoints', 'unknown',
] as const;

const root = join(import.meta.dirname, 'fixtures', 'snapshots');

interface Entry {
  category: string;
  file: string;
  path: string;
}

function entries(): Entry[] {
  const out: Entry[] = [];
  for (const dir of readdirSync(root)) {
    const path = join(root, dir);
    if (!statSync(path).isDirectory()) continue;
    for (const file of readdirSync(path)) out.push({ category: dir, file, path: join(path, file) });
  }
  return out;
}

const all = entries();
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

describe('labelled snapshot corpus', () => {
  it('has only category directories, each with at least 4 snapshots, 72 or more in total', () => {
    const dirs = new Set(all.map((e) => e.category));
    for (const d of dirs) expect(CATEGORIES as readonly string[], `directory ${d}`).toContain(d);
    for (const c of CATEGORIES) expect(all.filter((e) => e.category === c).length, c).toBeGreaterThanOrEqual(4);
    expect(all.length).toBeGreaterThanOrEqual(72);
  });

  it.each(all.map((e) => [`${e.category}/${e.file}`, e] as const))('%s is a well-formed snapshot', (_name, e) => {
    expect(e.file).toMatch(/^[a-z0-9-]+\.json$/);
    const text = readFileSync(e.path, 'utf8');
    const snap = JSON.parse(text) as unknown;
    expect(isObject(snap)).toBe(true);
    const s = snap as Json;
    expect(s.version).toBe(1);
    expect(typeof s.capturedAt).toBe('string');
    expect(s.capturedAt as string).toMatch(RFC3339);
    const now = Date.parse(s.capturedAt as string);

    if (s.alarm !== undefined) {
      const a = s.alarm as Json;
      expect(['cloudwatch', 'alertmanager', 'kubernetes', 'manual']).toContain(a.source);
      expect(typeof a.name).toBe('string');
      if (a.startsAt !== undefined) expect(Date.parse(a.startsAt as string)).toBeLessThanOrEqual(now);
    }

    const k8s = (s.kubernetes ?? {}) as Json;
    for (const obj of (k8s.objects ?? []) as unknown[]) {
      expect(isObject(obj)).toBe(true);
      const o = obj as Json;
      expect(typeof o.apiVersion, JSON.stringify(o).slice(0, 120)).toBe('string');
      expect(typeof o.kind).toBe('string');
      expect(isObject(o.metadata)).toBe(true);
      expect(typeof (o.metadata as Json).name).toBe('string');
      const created = (o.metadata as Json).creationTimestamp;
      if (typeof created === 'string') expect(Date.parse(created), `${o.kind}/${(o.metadata as Json).name} created after capturedAt`).toBeLessThanOrEqual(now);
    }
    for (const log of (k8s.logs ?? []) as Json[]) {
      expect(typeof log.namespace).toBe('string');
      expect(typeof log.pod).toBe('string');
      expect(typeof log.container).toBe('string');
      expect(typeof log.previous).toBe('boolean');
      expect(typeof log.text).toBe('string');
    }
    for (const m of (s.metrics ?? []) as Json[]) {
      expect(['prometheus', 'cloudwatch', 'metrics-server']).toContain(m.source);
      expect(typeof m.name).toBe('string');
      const points = m.points as [number, number][];
      expect(points.length).toBeGreaterThan(0);
      let prev = -Infinity;
      for (const [t, v] of points) {
        expect(Number.isFinite(v)).toBe(true);
        expect(t).toBeGreaterThan(prev);
        expect(t * 1000).toBeLessThanOrEqual(now);
        prev = t;
      }
    }
    for (const q of (s.logs ?? []) as Json[]) {
      expect(typeof q.query).toBe('string');
      for (const row of q.results as Json[]) {
        expect(typeof row['@timestamp']).toBe('string');
        expect(typeof row['@message']).toBe('string');
      }
    }
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toBe(`${JSON.stringify(snap, null, 2)}\n`);
  });

  it('includes misleading cases documented in the README', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((l) => /^\| \[`[a-z-]+\/[a-z0-9-]+`\]/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const row of rows) {
      const rel = /\(([^)]+\.json)\)/.exec(row)?.[1];
      expect(rel && all.some((e) => `${e.category}/${e.file}` === rel), row.slice(0, 80)).toBe(true);
    }
  });
});
