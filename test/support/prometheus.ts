/**
 * A real Prometheus server for tests: OpenMetrics text backfilled with promtool into a fresh TSDB,
 * served on a free loopback port with no scrape targets, killed and deleted on close.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RunningPrometheus {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * True when `prometheus` and `promtool` are on PATH. Under CI their absence fails the run instead;
 * elsewhere the caller skips, and this says so loudly.
 */
export function prometheusAvailable(): boolean {
  const found = ['prometheus', 'promtool'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
  if (found) return true;
  const message = 'prometheus/promtool not found on PATH (Debian: apt-get install -y prometheus)';
  if (process.env.CI) throw new Error(`${message}; CI must run the real-Prometheus tests`);
  console.warn(`\n*** SKIPPING real-Prometheus tests: ${message} ***\n`);
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function waitReady(url: string, child: ChildProcess, log: () => string): Promise<void> {
  let exitCode: number | null | undefined;
  void exited(child).then((code) => {
    exitCode = code;
  });
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (exitCode !== undefined) throw new Error(`prometheus exited (${exitCode}) before it was ready:\n${log()}`);
    const response = await fetch(`${url}/-/ready`).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus not ready after 30 s:\n${log()}`);
}

/** Series must carry explicit timestamps; promtool writes them as 2 h blocks, which Prometheus loads at start. */
export async function startPrometheus(options: { readonly series: string }): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), 'triaged-prometheus-'));
  const dataDir = join(dir, 'data');
  const input = join(dir, 'series.om');
  const config = join(dir, 'prometheus.yml');
  try {
    await writeFile(input, options.series);
    await writeFile(config, 'global:\n  scrape_interval: 1m\nscrape_configs: []\n');
    await run('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', '--quiet', input, dataDir]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${dataDir}`,
      // Backfilled blocks lie in the past; retention must not delete them at start.
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const close = async (): Promise<void> => {
    const done = exited(child);
    child.kill('SIGTERM');
    await done;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, () => stderr);
  } catch (error) {
    await close();
    throw error;
  }
  return { url, close };
}
