/**
 * Memory and event-loop lag of the daemon as its own process (`triaged run` with a probe preloaded,
 * loop-probe.mjs): RSS idle, RSS while its Kubernetes source watches a simulated cluster of 5,000
 * pods with churn, and the event-loop delay p99 during a full relist of that cluster (history
 * compacted and the next watches expired, so every informer relists from scratch).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { largeCluster, startKubeApiServer, type KubeApiServer } from '../src/sim/kube-api/index.js';
import { spawnDaemon, writeKubeconfig, type DaemonProcess } from '../test/support/daemon-process.js';
import { LATENCY } from './peers.js';
import { until } from './rig.js';

const MiB = 1024 * 1024;
const PROBE = new URL('./loop-probe.mjs', import.meta.url).pathname;
const ROOT = new URL('..', import.meta.url).pathname;
const COMPILED = join(ROOT, '.tmp', 'bench-dist');

interface ProbeAnswer {
  readonly rss: number;
  readonly heapUsed: number;
  readonly lagMs: { readonly p50: number; readonly p99: number; readonly max: number; readonly samples: number };
}

export interface MemoryResult {
  /** `compiled JavaScript (tsc)` or `TypeScript through tsx` (when the build failed). */
  readonly runtime: string;
  readonly pods: number;
  readonly idleRssMiB: number;
  readonly watchingRssMiB: { readonly afterSync: number; readonly peakDuringChurn: number; readonly heapUsedMiB: number };
  readonly churnEvents: number;
  readonly relist: { readonly podLists: number; readonly lagP99Ms: number; readonly lagMaxMs: number; readonly lagP50Ms: number };
}

/** Compiles src/ once into .tmp/bench-dist (git-ignored), so the measured process does not carry tsx. */
function compiled(): string | undefined {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', COMPILED], { cwd: ROOT, encoding: 'utf8' });
  const main = join(COMPILED, 'app', 'main.js');
  return build.status === 0 && existsSync(main) ? main : undefined;
}

function ask(proc: DaemonProcess, message: 'sample' | 'reset'): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    proc.child.once('message', (answer) => resolve(answer as ProbeAnswer));
    proc.child.send(message);
  });
}

async function runDaemon(script: string | undefined, env: Record<string, string>, dir: string): Promise<{ proc: DaemonProcess; port: number }> {
  const proc = spawnDaemon({
    env: { PORT: '0', TRIAGED_STORE_PATH: join(dir, `triaged-${Date.now()}.db`), ...env },
    nodeArgs: ['--import', PROBE],
    ...(script ? { script } : {}),
    ipc: true,
  });
  const started = await proc.waitForLine((l) => l.msg === 'triaged started', 60_000).catch(() => undefined);
  if (!started) throw new Error(`bench: the daemon did not start: ${proc.stderr()}`);
  return { proc, port: Number(started.port) };
}

async function stopDaemon(proc: DaemonProcess): Promise<void> {
  proc.child.kill('SIGTERM');
  await proc.exited;
}

async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function benchMemory(pods: number): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'triaged-bench-memory-'));
  let kube: KubeApiServer | undefined;
  const script = compiled();
  try {
    kube = await startKubeApiServer({ controllers: false, historyLimit: 100_000 });
    const kubeconfig = await writeKubeconfig(join(dir, 'kubeconfig'), kube.url);
    const base = { KUBECONFIG: kubeconfig, TRIAGED_LOG_LEVEL: 'info' };

    const idle = await runDaemon(script, { ...base, TRIAGED_KUBERNETES_WATCH: 'false' }, dir);
    await settle(3000);
    const idleSample = await ask(idle.proc, 'sample');
    await stopDaemon(idle.proc);

    const seeded = largeCluster({ store: kube.store }, { pods });
    kube.faults.setDelay(...LATENCY.kubernetesMs);
    const watching = await runDaemon(script, { ...base, TRIAGED_KUBERNETES_WATCH: 'true' }, dir);
    const ready = async (): Promise<boolean> => (await fetch(`http://127.0.0.1:${watching.port}/readyz`)).status === 200;
    await until('the 5,000-pod cluster synced', ready, 120_000, 100);
    await settle(2000);
    const afterSync = await ask(watching.proc, 'sample');

    // Churn: a pod's labels change every 10 ms for 15 s (about 1,500 MODIFIED events).
    const podsNow = kube.store.all('v1', 'Pod');
    let churnEvents = 0;
    let peak = afterSync.rss;
    const churnUntil = Date.now() + 15_000;
    while (Date.now() < churnUntil) {
      const pod = podsNow[Math.floor(Math.random() * podsNow.length)]!;
      const current = kube.store.find('v1', 'Pod', pod.metadata.namespace, pod.metadata.name ?? '') ?? pod;
      kube.store.put({ ...current, metadata: { ...current.metadata, labels: { ...current.metadata.labels, churn: String(churnEvents) } } });
      churnEvents += 1;
      if (churnEvents % 50 === 0) peak = Math.max(peak, (await ask(watching.proc, 'sample')).rss);
      await settle(10);
    }

    // A full relist: forget the history and expire the next watches, then cut the open streams.
    await ask(watching.proc, 'reset');
    const listsBefore = podLists(kube);
    kube.store.compact();
    kube.faults.expireNextWatch(6);
    kube.faults.dropWatches();
    await until('the pods relisted', () => podLists(kube!) > listsBefore, 60_000, 50);
    await until('the source synced again', ready, 60_000, 50);
    await settle(500);
    const relist = await ask(watching.proc, 'sample');
    await stopDaemon(watching.proc);
    return {
      runtime: script ? 'compiled JavaScript (tsc → .tmp/bench-dist)' : 'TypeScript through tsx (the build failed)',
      pods: seeded.pods,
      idleRssMiB: Number((idleSample.rss / MiB).toFixed(1)),
      watchingRssMiB: { afterSync: Number((afterSync.rss / MiB).toFixed(1)), peakDuringChurn: Number((peak / MiB).toFixed(1)), heapUsedMiB: Number((afterSync.heapUsed / MiB).toFixed(1)) },
      churnEvents,
      relist: { podLists: podLists(kube) - listsBefore, lagP99Ms: relist.lagMs.p99, lagMaxMs: relist.lagMs.max, lagP50Ms: relist.lagMs.p50 },
    };
  } finally {
    await kube?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function podLists(kube: KubeApiServer): number {
  return kube.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/pods' && r.query.watch !== 'true' && !r.query.continue).length;
}
