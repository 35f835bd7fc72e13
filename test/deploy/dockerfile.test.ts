/**
 * The Dockerfile, read (no container engine here, so the image is never built in tests):
 * multi-stage, Debian-slim Node 24, production dependencies only at run time, numeric non-root
 * user, no HEALTHCHECK, and a .dockerignore that lets through exactly what it copies.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './tools.js';

interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

describe('Dockerfile', () => {
  const all = instructions(readFileSync(`${ROOT}Dockerfile`, 'utf8'));
  const stages: Instruction[][] = [];
  for (const i of all) {
    if (i.op === 'FROM') stages.push([]);
    stages.at(-1)?.push(i);
  }
  const runtime = stages.at(-1) ?? [];
  const argDefault = all.find((i) => i.op === 'ARG' && i.args.startsWith('NODE_IMAGE='))?.args.split('=')[1];

  it('builds in one stage and runs in a Debian-slim Node 24 stage', () => {
    expect(stages).toHaveLength(2);
    expect(argDefault).toBe('node:24-bookworm-slim');
    expect(stages.map((s) => s[0]?.args)).toEqual(['${NODE_IMAGE} AS build', '${NODE_IMAGE} AS runtime']);
    expect(stages[0]?.some((i) => i.op === 'RUN' && /npm run build/.test(i.args))).toBe(true);
  });

  it('installs production dependencies only at run time and copies dist/ and bin/', () => {
    const runs = runtime.filter((i) => i.op === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
    expect(runtime.some((i) => i.op === 'COPY' && /--from=build \/src\/dist \.\/dist/.test(i.args))).toBe(true);
    expect(runtime.some((i) => i.op === 'COPY' && /^bin \.\/bin$/.test(i.args))).toBe(true);
  });

  it('runs `node bin/triaged.js run` as numeric user 10001, with the store path the manifests mount', () => {
    expect(runtime.filter((i) => i.op === 'USER').map((i) => i.args)).toEqual(['10001:10001']);
    expect(runtime.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["node", "bin/triaged.js"]');
    expect(runtime.find((i) => i.op === 'CMD')?.args).toBe('["run"]');
    expect(runtime.find((i) => i.op === 'ENV')?.args).toMatch(/TRIAGED_STORE_PATH=\/var\/lib\/triaged\/triaged\.db/);
    expect(all.some((i) => i.op === 'HEALTHCHECK')).toBe(false);
  });

  it('.dockerignore lets through every path the Dockerfile copies from the context, and nothing else', () => {
    const ignore = readFileSync(`${ROOT}.dockerignore`, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    expect(ignore[0]).toBe('**');
    const allowed = ignore.slice(1).map((l) => l.replace(/^!/, '').replace(/\/\*\*$/, ''));
    const copied = all
      .filter((i) => i.op === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(new Set(copied)).toEqual(new Set(allowed));
  });
});
