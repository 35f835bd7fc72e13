import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/domain/diagnosis/index.js';
import { parseQuantity } from '../../../src/domain/quantity.js';
import { CHECKOUT, event, pod, series, snapshot } from './build.js';

const oomPod = (name: string, restarts = 4) =>
  pod({ name, containers: [{ ready: false, restartCount: restarts, waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' }, lastTerminated: { reason: 'OOMKilled', exitCode: 137 } }] });
const memory = (podName: string, value: (i: number) => number) =>
  series('container_memory_working_set_bytes', { namespace: 'shop', pod: podName, container: 'app' }, 60, value, { unit: 'bytes' });
const MI = 2 ** 20;

describe('memory: oom-killed or memory-leak', () => {
  it('calls an OOM kill with a flat working set oom-killed and sizes the limit from the peak', () => {
    const d = diagnose(
      snapshot({
        alarm: { kind: 'crash', target: CHECKOUT },
        objects: [oomPod('checkout-7c9d8f6b5d-aaaaa'), event({ object: { kind: 'Pod', name: 'checkout-7c9d8f6b5d-aaaaa' }, reason: 'BackOff', message: 'Back-off restarting failed container app' })],
        metrics: [memory('checkout-7c9d8f6b5d-aaaaa', (i) => (i < 57 ? 180 * MI + (i % 3) * MI : 251 * MI))],
      }),
    );
    expect(d.category).toBe('oom-killed');
    expect(d.target).toEqual(CHECKOUT);
    const resize = d.remediations.find((r) => r.action === 'set-resources');
    expect(resize?.target).toEqual(CHECKOUT);
    expect(parseQuantity(resize?.params?.limits?.memory)).toBeGreaterThanOrEqual(1.5 * 256 * MI);
    expect(d.evidence.some((e) => e.ref === 'Pod/shop/checkout-7c9d8f6b5d-aaaaa' && /OOMKilled/.test(e.detail))).toBe(true);
    expect(d.summary).toMatch(/OOMKilled/);
  });

  it('calls a steady climb to the limit a memory leak, with oom-killed as the runner-up', () => {
    const d = diagnose(
      snapshot({
        alarm: { kind: 'crash', target: CHECKOUT },
        objects: [oomPod('checkout-7c9d8f6b5d-aaaaa')],
        metrics: [memory('checkout-7c9d8f6b5d-aaaaa', (i) => 80 * MI + i * 2.9 * MI + (i % 4) * 0.5 * MI)],
      }),
    );
    expect(d.category).toBe('memory-leak');
    expect(d.alternatives.map((a) => a.category)).toContain('oom-killed');
    expect(d.remediations.map((r) => r.action)).toEqual(['rollout-restart', 'create-issue']);
  });

  it('says which evidence is missing when there is no memory series', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects: [oomPod('checkout-7c9d8f6b5d-aaaaa')] }));
    expect(d.category).toBe('oom-killed');
    expect(d.missing.join(' ')).toMatch(/no memory time series/);
    expect(d.confidence).toBeLessThan(0.9);
  });

  it('sees a leak before the first kill when a memory alarm fires', () => {
    const d = diagnose(
      snapshot({
        alarm: { kind: 'memory', target: CHECKOUT },
        objects: [pod({ name: 'checkout-7c9d8f6b5d-aaaaa' })],
        metrics: [memory('checkout-7c9d8f6b5d-aaaaa', (i) => 100 * MI + i * 2.5 * MI)],
      }),
    );
    expect(d.category).toBe('memory-leak');
    expect(d.summary).toMatch(/reaching the limit in about/);
  });

  it('does not let probe failures after an OOM kill win over the kill', () => {
    const name = 'checkout-7c9d8f6b5d-aaaaa';
    const d = diagnose(
      snapshot({
        alarm: { kind: 'crash', target: CHECKOUT },
        objects: [oomPod(name), event({ object: { kind: 'Pod', name }, reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503', count: 30 })],
      }),
    );
    expect(d.category).toBe('oom-killed');
  });
});

describe('container states', () => {
  const crashing = (exitCode: number) =>
    pod({ name: 'checkout-7c9d8f6b5d-aaaaa', containers: [{ ready: false, restartCount: 6, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode } }] });

  it('calls an exit 1 with a panic in the previous log crash-loop', () => {
    const d = diagnose(
      snapshot({
        alarm: { kind: 'crash', target: CHECKOUT },
        objects: [crashing(2)],
        logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', text: 'starting\npanic: runtime error: invalid memory address or nil pointer dereference\ngoroutine 1 [running]:' }],
      }),
    );
    expect(d.category).toBe('crash-loop');
    expect(d.evidence.some((e) => e.source === 'logs' && /panic/.test(e.detail))).toBe(true);
    expect(d.remediations.map((r) => r.action)).toEqual(['rollout-restart', 'create-issue']);
  });

  it('names missing previous logs for a crash without them', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects: [crashing(1)] }));
    expect(d.category).toBe('crash-loop');
    expect(d.missing).toContain('no previous-container logs for checkout-7c9d8f6b5d-aaaaa/app');
  });

  it('calls a log naming a missing setting bad-config, and exit 127 too', () => {
    const missingSetting = diagnose(
      snapshot({ objects: [crashing(1)], logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', text: 'FATAL: missing required env DATABASE_URL' }] }),
    );
    expect(missingSetting.category).toBe('bad-config');
    expect(diagnose(snapshot({ objects: [crashing(127)] })).category).toBe('bad-config');
  });

  it('calls CreateContainerConfigError bad-config', () => {
    const d = diagnose(
      snapshot({
        objects: [pod({ name: 'checkout-7c9d8f6b5d-aaaaa', phase: 'Pending', containers: [{ waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } }] })],
      }),
    );
    expect(d.category).toBe('bad-config');
    expect(d.summary).toMatch(/secret "db" not found/);
  });

  it('calls ImagePullBackOff image-pull and reads the reason from the event (events.k8s.io/v1)', () => {
    const name = 'checkout-7c9d8f6b5d-aaaaa';
    const d = diagnose(
      snapshot({
        objects: [
          pod({ name, phase: 'Pending', containers: [{ image: 'shop/checkout:9.9.9', waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } }] }),
          event({ object: { kind: 'Pod', name }, reason: 'Failed', message: 'Failed to pull image "shop/checkout:9.9.9": manifest unknown', api: 'events.k8s.io/v1' }),
        ],
      }),
    );
    expect(d.category).toBe('image-pull');
    expect(d.summary).toMatch(/does not exist/);
  });

  it('calls a failing init container init-container-failure, not crash-loop', () => {
    const d = diagnose(
      snapshot({
        objects: [
          pod({
            name: 'checkout-7c9d8f6b5d-aaaaa',
            phase: 'Pending',
            initContainers: [{ name: 'migrate', restartCount: 3, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1 } }],
            containers: [{ waiting: { reason: 'PodInitializing' } }],
          }),
        ],
      }),
    );
    expect(d.category).toBe('init-container-failure');
  });

  it('calls Running-but-not-Ready pods with readiness failures probe-failure', () => {
    const pods = ['a', 'b'].map((s) => pod({ name: `checkout-7c9d8f6b5d-${s}aaaa`, containers: [{ ready: false, running: true }] }));
    const d = diagnose(
      snapshot({
        alarm: { kind: 'deployment', target: CHECKOUT },
        objects: [...pods, event({ object: { kind: 'Pod', name: 'checkout-7c9d8f6b5d-aaaaa' }, reason: 'Unhealthy', message: 'Readiness probe failed: Get "http://10.0.0.1:8080/ready": dial tcp 10.0.0.1:8080: connect: connection refused', count: 40 })],
      }),
    );
    expect(d.category).toBe('probe-failure');
    expect(d.remediations[0]?.action).toBe('rollout-restart');
  });

  it('reads the last error before the exit: a connection error there is the dependency, a panic after warnings is the app', () => {
    const objects = [crashing(1)];
    const refused = diagnose(
      snapshot({
        objects,
        logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', text: 'Exception in thread "main" java.lang.IllegalStateException: init failed\n\tat com.acme.Db.open(Db.java:12)\nCaused by: java.net.ConnectException: Connection refused\n\tat java.base/sun.nio.ch.Net.connect(Net.java:579)' }],
      }),
    );
    expect(refused.category).toBe('dependency-failure');
    const panic = diagnose(
      snapshot({
        objects,
        logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', text: 'warn: dial tcp 10.0.0.9:6379: connect: connection refused, retrying\npanic: runtime error: index out of range [3] with length 3' }],
      }),
    );
    expect(panic.category).toBe('crash-loop');
  });

  it('treats a runtime out-of-memory exit as a memory problem, not an app crash', () => {
    const d = diagnose(
      snapshot({
        objects: [crashing(134)],
        logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', text: '<--- Last few GCs --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory' }],
      }),
    );
    expect(d.category).toBe('oom-killed');
    expect(d.summary).toMatch(/ran out of memory inside its runtime/);
  });
});

