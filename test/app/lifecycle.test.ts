/** The `triaged run` process as an operator meets it: starts, serves, stops on SIGTERM with exit 0; refuses a bad config by name. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { writeKubeconfig } from '../support/daemon-process.js';

/** A cluster nobody serves: these tests never need it to answer. */
const NOWHERE = 'http://127.0.0.1:9';

const BIN = new URL('../../bin/triaged.js', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

function run(env: Record<string, string>): { child: ReturnType<typeof spawn>; lines: Record<string, unknown>[]; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, 'run'], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Record<string, unknown>[] = [];
  let err = '';
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, stderr: () => err, exited };
}

describe('triaged run', () => {
  it('serves /healthz and exits 0 on SIGTERM after a graceful stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triaged-run-'));
    dirs.push(dir);
    const kubeconfig = join(dir, 'kubeconfig');
    await writeKubeconfig(kubeconfig, NOWHERE);
    const proc = run({ PORT: '0', TRIAGED_STORE_PATH: join(dir, 'db.sqlite'), TRIAGED_KUBERNETES_WATCH: 'false', KUBECONFIG: kubeconfig });
    const started = await waitForLine(proc.lines, (l) => l.msg === 'triaged started', 30_000, proc.stderr);
    const health = await fetch(`http://127.0.0.1:${String(started.port)}/healthz`);
    expect(health.status).toBe(200);
    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    expect(proc.lines.some((l) => l.msg === 'triaged stopped')).toBe(true);
  });

  it('names the kubeconfig it cannot load', async () => {
    const proc = run({ PORT: '0', TRIAGED_STORE_PATH: '/tmp/never-opened.db', KUBECONFIG: '/dev/null' });
    expect(await proc.exited).toBe(78);
    expect(proc.stderr()).toMatch(/CONFIG_INVALID: cannot load KUBECONFIG \(\/dev\/null\)/);
  });

  it('exits at once with a message naming a bad key', async () => {
    const proc = run({ PORT: 'eighty', TRIAGED_QUEUE_LIMIT: '-3' });
    expect(await proc.exited).toBe(78);
    expect(proc.stderr()).toMatch(/CONFIG_INVALID: invalid configuration: PORT: .*; TRIAGED_QUEUE_LIMIT: /);
  });
});

describe('loadConfig', () => {
  it('applies defaults, reads lists, and freezes the result', () => {
    const config = loadConfig({ TRIAGED_APPROVERS: 'U1, S2 ,,U3' });
    expect(config.PORT).toBe(8080);
    expect(config.TRIAGED_STORE_PATH).toBe('./data/triaged.db');
    expect(config.TRIAGED_DENIED_NAMESPACES).toEqual(['kube-system']);
    expect(config.TRIAGED_APPROVERS).toEqual(['U1', 'S2', 'U3']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('lets the environment override a config file, and rejects unknown keys in the file', () => {
    const files: Record<string, string> = { '/etc/triaged.yaml': 'TRIAGED_CLUSTER_NAME: from-file\nTRIAGED_MAX_REPLICAS: 9\n', '/etc/bad.yaml': 'NOT_A_KEY: 1\n' };
    const read = (p: string): string => files[p] ?? '';
    const config = loadConfig({ TRIAGED_CONFIG_FILE: '/etc/triaged.yaml', TRIAGED_MAX_REPLICAS: '12' }, read);
    expect(config.TRIAGED_CLUSTER_NAME).toBe('from-file');
    expect(config.TRIAGED_MAX_REPLICAS).toBe(12);
    expect(() => loadConfig({ TRIAGED_CONFIG_FILE: '/etc/bad.yaml' }, read)).toThrow(/unknown key NOT_A_KEY/);
  });

  it('names the key and never echoes a secret value', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'not-a-token-secretvalue', TRIAGED_SLACK_CHANNEL: 'C1' })).toThrow(/SLACK_BOT_TOKEN: must be a Slack bot token/);
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'not-a-token-secretvalue', TRIAGED_SLACK_CHANNEL: 'C1' });
    } catch (error) {
      expect(String(error)).not.toContain('secretvalue');
    }
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_BOT_TOKEN and TRIAGED_SLACK_CHANNEL must be set together/);
  });
});

async function waitForLine(lines: Record<string, unknown>[], match: (l: Record<string, unknown>) => boolean, timeoutMs: number, stderr: () => string): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = lines.find(match);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no matching log line; stderr: ${stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
