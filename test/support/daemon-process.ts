/**
 * `triaged run` as a child process (what an operator runs, and what a SIGKILL can end): spawned
 * with an explicit environment, its pino lines parsed from stdout. Also a kubeconfig for a fake API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';

export const TRIAGED_BIN = new URL('../../bin/triaged.js', import.meta.url).pathname;

export interface DaemonProcess {
  readonly child: ChildProcess;
  readonly lines: Record<string, unknown>[];
  readonly exited: Promise<number | null>;
  stderr(): string;
  /** The first log line matching, waiting for it (fails naming stderr when the process ends first). */
  waitForLine(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export interface SpawnDaemonOptions {
  readonly env: Record<string, string>;
  /** Arguments before the script (e.g. `--import` of a probe). */
  readonly nodeArgs?: readonly string[];
  /** The script to run instead of bin/triaged.js (a compiled main.js). */
  readonly script?: string;
  /** Opens an IPC channel to the child (probes answer on it). */
  readonly ipc?: boolean;
}

export function spawnDaemon(options: SpawnDaemonOptions): DaemonProcess {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script ?? TRIAGED_BIN, 'run'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
  });
  const lines: Record<string, unknown>[] = [];
  let err = '';
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        err += `${part}\n`;
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-8000)));
  let ended = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      ended = true;
      resolve(code);
    }),
  );
  return {
    child,
    lines,
    exited,
    stderr: () => err,
    async waitForLine(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = lines.find(match);
        if (line) return line;
        if (ended || Date.now() > deadline) throw new Error(`${ended ? 'triaged exited' : 'timed out'} before the awaited log line; stderr: ${err}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

/** Writes a kubeconfig that points at `server` (no credentials: the fake API needs none). */
export async function writeKubeconfig(path: string, server: string): Promise<string> {
  await writeFile(
    path,
    `apiVersion: v1
kind: Config
clusters: [{ name: fake, cluster: { server: "${server}", insecure-skip-tls-verify: true } }]
users: [{ name: nobody, user: {} }]
contexts: [{ name: fake, context: { cluster: fake, user: nobody } }]
current-context: fake
`,
  );
  return path;
}

/** Sends SIGKILL and waits for the exit. */
export async function killHard(proc: DaemonProcess): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGKILL');
  await proc.exited;
}
