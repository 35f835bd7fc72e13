import { describe, expect, it } from 'vitest';
import { runDiagnoseCommand } from '../../src/app/cli/diagnose.js';
import { CATEGORIES } from '../../src/domain/diagnosis.js';

const oomSnapshot = JSON.stringify({
  version: 1,
  capturedAt: '2026-11-22T10:04:00Z',
  alarm: { source: 'alertmanager', name: 'KubePodCrashLooping', kind: 'crash', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' } },
  kubernetes: {
    objects: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'checkout-7c9d8f6b5d-aaaaa', namespace: 'shop', labels: { 'pod-template-hash': '7c9d8f6b5d' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'checkout-7c9d8f6b5d', controller: true }] },
        spec: { containers: [{ name: 'app', resources: { limits: { memory: '256Mi' } } }] },
        status: {
          phase: 'Running',
          containerStatuses: [{ name: 'app', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, finishedAt: '2026-11-22T10:02:00Z' } } }],
        },
      },
    ],
  },
});

function harness(files: Record<string, string>, dirs: Record<string, string[]> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    stdout: (s: string) => out.push(s),
    stderr: (s: string) => err.push(s),
    readFile: async (path: string) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${path}'`);
      return text;
    },
    listDir: async (path: string) => dirs[path] ?? null,
  };
  return { io, out, err };
}

describe('triaged diagnose', () => {
  it('prints exactly the contract JSON with --json', async () => {
    const { io, out, err } = harness({ 'a.json': oomSnapshot });
    expect(await runDiagnoseCommand(['--snapshot', 'a.json', '--json'], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out).toHaveLength(1);
    const d = JSON.parse(out[0] as string);
    expect(Object.keys(d).sort()).toEqual(['alternatives', 'category', 'confidence', 'evidence', 'missing', 'remediations', 'summary', 'target']);
    expect(CATEGORIES).toContain(d.category);
    expect(d.category).toBe('oom-killed');
  });

  it('prints readable text by default', async () => {
    const { io, out } = harness({ 'a.json': oomSnapshot });
    expect(await runDiagnoseCommand(['--snapshot', 'a.json'], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^oom-killed \(confidence 0\.\d+\) — shop\/Deployment\/checkout/);
    expect(text).toMatch(/evidence:\n {2}- \[kubernetes\] Pod\/shop\/checkout-7c9d8f6b5d-aaaaa/);
    expect(text).toMatch(/remediations:\n {2}- set-resources shop\/Deployment\/checkout/);
  });

  it('prints one JSON line per file of a directory, with its file name', async () => {
    const { io, out } = harness({ 'd/a.json': oomSnapshot, 'd/b.json': JSON.stringify({ version: 1, capturedAt: '2026-11-22T10:04:00Z' }) }, { d: ['d/a.json', 'd/b.json'] });
    expect(await runDiagnoseCommand(['--snapshot', 'd', '--json'], io)).toBe(0);
    expect(out.map((line) => JSON.parse(line).file)).toEqual(['d/a.json', 'd/b.json']);
    expect(JSON.parse(out[1] as string).category).toBe('unknown');
  });

  it.each([
    [[], /--snapshot is required/],
    [['--snapshot', 'missing.json'], /cannot read missing\.json/],
    [['--snapshot', 'bad.json'], /bad\.json: snapshot: not JSON/],
    [['--snapshot', 'v2.json'], /version must be 1, got number 2/],
    [['--snapshot', 'a.json', '--bogus'], /Unknown option '--bogus'/],
    [['--snapshot', 'empty'], /no \*\.json files under empty/],
  ])('exits 2 with one stderr line for %j', async (args, message) => {
    const { io, out, err } = harness({ 'a.json': oomSnapshot, 'bad.json': '{', 'v2.json': '{"version":2,"capturedAt":"2026-11-22T10:04:00Z"}' }, { empty: [] });
    expect(await runDiagnoseCommand(args, io)).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).not.toMatch(/\n/);
    expect(err[0]).toMatch(message);
  });

  it('still prints the usable files of a directory and exits 2 with one line naming the bad ones', async () => {
    const { io, out, err } = harness({ 'd/a.json': oomSnapshot, 'd/b.json': '[]' }, { d: ['d/a.json', 'd/b.json'] });
    expect(await runDiagnoseCommand(['--snapshot', 'd', '--json'], io)).toBe(2);
    expect(out).toHaveLength(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/1 of 2 snapshot\(s\) unusable: d\/b\.json: snapshot: must be a JSON object, got an array/);
  });
});
