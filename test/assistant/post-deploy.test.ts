/**
 * Post-deployment checks on the Kubernetes fake (controllers on) with a fake clock for the window:
 * a healthy rollout is posted as healthy after the window; a crash-looping one becomes a
 * `deployment` alarm for the intake at the first check; history and repeats start nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesAdapter } from '../../src/adapters/kubernetes/index.js';
import { PostDeployWatcher } from '../../src/core/assistant/post-deploy.js';
import { judgeRollout } from '../../src/core/assistant/post-deploy-checks.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import { silentLogger } from '../../src/ports/logger.js';
import type { SignalSource } from '../../src/ports/evidence.js';
import { seedDeployment, startKubeApiServer, type KubeApiServer, type KubeObj } from '../../src/sim/kube-api/index.js';
import { FakeTime } from './fake-time.js';
import { RecordingNotifier, RecordingSink } from './support.js';

let kube: KubeApiServer;
let time: FakeTime;
let notifier: RecordingNotifier;
let sink: RecordingSink;

beforeEach(async () => {
  kube = await startKubeApiServer({ controllers: { readyDelayMs: 20 } });
  time = new FakeTime(Date.now());
  notifier = new RecordingNotifier();
  sink = new RecordingSink();
  seedDeployment(kube.store, { namespace: 'shop', name: 'checkout', replicas: 2, revision: 6 });
});
afterEach(async () => kube.close());

function watcher(signals?: SignalSource): PostDeployWatcher {
  return new PostDeployWatcher({ kubernetes: createKubernetesAdapter({ server: kube.url }).reader, ...(signals ? { signals } : {}), sink, notifier, clock: time, timers: time, logger: silentLogger, windowMs: 10 * 60_000, pollMs: 30_000 });
}

async function until<T>(probe: () => T | undefined | false): Promise<T> {
  for (let i = 0; i < 500; i += 1) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

const replicaSets = (): KubeObj[] => kube.store.list(kube.store.typeOf('apps/v1', 'ReplicaSet'), 'shop');

/** Ships a new image and returns the ReplicaSet the controller makes for it. */
async function rollOut(image: string, crash = false): Promise<KubeObject> {
  const deployment = kube.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!;
  const spec = structuredClone(deployment['spec']) as { template: { spec: { containers: { image: string }[] } } };
  spec.template.spec.containers[0]!.image = image;
  kube.store.put({ ...deployment, spec });
  if (crash) kube.controllers!.markCrashLooping('shop', 'checkout', { exitCode: 1, restartCount: 4, fixedByRestart: false });
  return until(() => replicaSets().find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '7') as KubeObject | undefined);
}

async function step(w: PostDeployWatcher, times: number): Promise<void> {
  for (let i = 0; i < times && w.watching > 0; i += 1) {
    await time.advance(30_000);
    await w.settled();
  }
}

describe('PostDeployWatcher', () => {
  it('posts "healthy" after the window when the new pods are Ready and the metrics are fine', async () => {
    const signals: SignalSource = {
      name: 'prometheus',
      supports: () => true,
      workloadSignal: async (signal) => [{ source: 'prometheus', name: signal, labels: {}, points: [[1, signal === 'error-ratio' ? 0.002 : 0.12]] }],
      nodeSignal: async () => [],
    };
    const w = watcher(signals);
    const fresh = await rollOut('checkout:1.42.1');
    await until(() => (kube.store.find('apps/v1', 'Deployment', 'shop', 'checkout')!['status'] as { availableReplicas?: number }).availableReplicas === 2 && replicaSets().length === 2);
    expect(w.observeReplicaSet(fresh)).toBe(true);
    await step(w, 19);
    expect(notifier.notices).toEqual([]);
    await step(w, 1);
    expect(w.watching).toBe(0);
    expect(sink.alarms).toEqual([]);
    expect(notifier.notices).toHaveLength(1);
    expect(notifier.notices[0]!.title).toBe('✅ shop/checkout revision 7 is healthy after 10 min');
    expect(notifier.notices[0]!.sections[0]!.lines).toEqual(['• rollout: 2/2 updated, 2/2 available', '• new pods: 2/2 Ready, 0 restarts', '• error ratio: 0.20% (limit 5.00%)', '• P95 latency: 120 ms after, 120 ms before']);
    expect(time.timers).toBe(0);
  });

  it('hands a crash-looping rollout to the intake as a deployment alarm at the first check', async () => {
    const w = watcher();
    const fresh = await rollOut('checkout:1.43.0-broken', true);
    await until(() => kube.store.list(kube.store.typeOf('v1', 'Pod'), 'shop').some((p) => p.metadata.labels?.['pod-template-hash'] === fresh.metadata?.labels?.['pod-template-hash'] && JSON.stringify(p['status']).includes('CrashLoopBackOff')));
    expect(w.observeReplicaSet(fresh)).toBe(true);
    await step(w, 1);
    expect(w.watching).toBe(0);
    expect(notifier.notices).toEqual([]);
    expect(sink.alarms).toHaveLength(1);
    expect(sink.alarms[0]).toMatchObject({ source: 'kubernetes', name: 'PostDeployCheckFailed', kind: 'deployment', severity: 'critical', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, labels: { revision: '7' } });
    expect(sink.alarms[0]!.description).toMatch(/^Revision 7 \(checkout-[a-z0-9]+\) fails its post-deploy check: .*CrashLoopBackOff/);
    expect(time.timers).toBe(0);
  });

  it('starts nothing for the ReplicaSets of the initial list or a revision already seen, and stops cleanly', async () => {
    const w = watcher();
    const [old] = replicaSets();
    expect(w.observeReplicaSet({ ...old!, metadata: { ...old!.metadata, creationTimestamp: new Date(time.now() - 86_400_000).toISOString() } } as KubeObject)).toBe(false);
    const fresh = await rollOut('checkout:1.42.1');
    expect(w.observeReplicaSet(fresh)).toBe(true);
    expect(w.observeReplicaSet(fresh)).toBe(false);
    await w.stop();
    expect(w.watching).toBe(0);
    expect(time.timers).toBe(0);
  });
});

describe('judgeRollout', () => {
  const deployment = { spec: { replicas: 2 }, status: { updatedReplicas: 2, availableReplicas: 2, conditions: [] } };
  it('fails on the error ratio, on a latency jump and on a rollout that never completes', () => {
    expect(judgeRollout({ deployment, pods: [], final: true, errorRatio: 0.2 })).toMatchObject({ state: 'failing', reasons: ['error ratio 20.00% is above 5.00%'] });
    expect(judgeRollout({ deployment, pods: [], final: true, latencyP95: { before: 0.1, after: 0.4 } })).toMatchObject({ state: 'failing', reasons: ['P95 latency rose from 100 ms to 400 ms (more than 1.5x)'] });
    const stuck = { spec: { replicas: 2 }, status: { updatedReplicas: 1, availableReplicas: 1, conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "checkout-abc" has timed out progressing.' }] } };
    expect(judgeRollout({ deployment: stuck, pods: [], final: false })).toMatchObject({ state: 'failing', reasons: ['ProgressDeadlineExceeded: ReplicaSet "checkout-abc" has timed out progressing.'] });
    expect(judgeRollout({ deployment: { ...stuck, status: { updatedReplicas: 1, availableReplicas: 1 } }, pods: [], final: false }).state).toBe('watching');
  });
});
