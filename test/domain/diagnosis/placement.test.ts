import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/domain/diagnosis/index.js';
import { classifySchedulingMessage } from '../../../src/domain/diagnosis/rules/scheduling.js';
import { CHECKOUT, event, minutesAgo, node, pod, snapshot } from './build.js';

const pending = (message: string) => pod({ name: 'checkout-7c9d8f6b5d-aaaaa', phase: 'Pending', unschedulable: message });

describe('scheduling', () => {
  it('splits a scheduler message into counts per class, ignoring the preemption part', () => {
    const counts = classifySchedulingMessage(
      "0/5 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
    );
    expect(Object.fromEntries(counts)).toEqual({ constraints: 3, resources: 2 });
  });

  it('calls Insufficient memory unschedulable-resources', () => {
    const message = '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.';
    const d = diagnose(snapshot({ alarm: { target: CHECKOUT }, objects: [pending(message), event({ object: { kind: 'Pod', name: 'checkout-7c9d8f6b5d-aaaaa' }, reason: 'FailedScheduling', message, api: 'events.k8s.io/v1' })] }));
    expect(d.category).toBe('unschedulable-resources');
    expect(d.alternatives.map((a) => a.category)).not.toContain('unschedulable-constraints');
  });

  it('calls taints and selectors unschedulable-constraints', () => {
    const message = "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 node(s) didn't match Pod's node affinity/selector.";
    expect(diagnose(snapshot({ objects: [pending(message)] })).category).toBe('unschedulable-constraints');
  });

  it('treats a FailedScheduling of a pod that now runs as history', () => {
    const name = 'checkout-7c9d8f6b5d-aaaaa';
    const d = diagnose(
      snapshot({
        alarm: { target: CHECKOUT },
        objects: [pod({ name }), event({ object: { kind: 'Pod', name }, reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu.', minutesAgo: 50 })],
      }),
    );
    expect(d.category).toBe('unknown');
  });

  it('calls an unbound claim volume-issue', () => {
    const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-checkout', namespace: 'shop' }, spec: { storageClassName: 'gp3' }, status: { phase: 'Pending' } };
    const message = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const p = pod({ name: 'checkout-7c9d8f6b5d-aaaaa', phase: 'Pending', unschedulable: message, claims: ['data-checkout'] });
    const d = diagnose(
      snapshot({
        alarm: { target: CHECKOUT },
        objects: [p, claim, event({ object: { kind: 'PersistentVolumeClaim', name: 'data-checkout' }, reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "gp3" not found' })],
      }),
    );
    expect(d.category).toBe('volume-issue');
    expect(d.evidence.some((e) => e.ref === 'PersistentVolumeClaim/shop/data-checkout')).toBe(true);
  });

  it('calls a mount of a missing ConfigMap bad-config, not volume-issue', () => {
    const name = 'checkout-7c9d8f6b5d-aaaaa';
    const d = diagnose(
      snapshot({
        objects: [
          pod({ name, phase: 'Pending', containers: [{ waiting: { reason: 'ContainerCreating' } }] }),
          event({ object: { kind: 'Pod', name }, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "config" : configmap "checkout-config" not found' }),
        ],
      }),
    );
    expect(d.category).toBe('bad-config');
  });

  it('calls FailedCreate "exceeded quota" quota-exceeded with the quota figures', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'shop' }, status: { hard: { 'limits.memory': '8Gi' }, used: { 'limits.memory': '8Gi' } } };
    const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'checkout-7c9d8f6b5d', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'checkout', controller: true }] } };
    const d = diagnose(
      snapshot({
        alarm: { kind: 'deployment', target: CHECKOUT },
        objects: [
          rs,
          quota,
          event({ object: { kind: 'ReplicaSet', name: 'checkout-7c9d8f6b5d' }, reason: 'FailedCreate', message: 'Error creating: pods "checkout-7c9d8f6b5d-x" is forbidden: exceeded quota: compute, requested: limits.memory=512Mi, used: limits.memory=8Gi, limited: limits.memory=8Gi' }),
        ],
      }),
    );
    expect(d.category).toBe('quota-exceeded');
    expect(d.target).toEqual(CHECKOUT);
    expect(d.evidence.some((e) => e.ref === 'ResourceQuota/shop/compute' && /8Gi\/8Gi/.test(e.detail))).toBe(true);
  });
});

describe('nodes', () => {
  it('calls a NotReady node hosting the alarm pods node-not-ready and proposes a cordon', () => {
    const d = diagnose(
      snapshot({
        alarm: { target: CHECKOUT },
        objects: [node('node-a', { Ready: 'Unknown' }), node('node-b'), pod({ name: 'checkout-7c9d8f6b5d-aaaaa', phase: 'Unknown', ready: false, node: 'node-a' })],
      }),
    );
    expect(d.category).toBe('node-not-ready');
    expect(d.target).toEqual({ kind: 'Node', name: 'node-a' });
    expect(d.remediations[0]).toMatchObject({ action: 'cordon-node', target: { kind: 'Node', name: 'node-a' } });
  });

  it('calls MemoryPressure with evicted pods node-pressure', () => {
    const evicted = { ...pod({ name: 'checkout-7c9d8f6b5d-aaaaa', phase: 'Failed', node: 'node-a' }) };
    const status = { ...(evicted.status as Record<string, unknown>), reason: 'Evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 52Mi.' };
    const d = diagnose(snapshot({ alarm: { target: CHECKOUT }, objects: [node('node-a', { MemoryPressure: 'True' }), { ...evicted, status }] }));
    expect(d.category).toBe('node-pressure');
    expect(d.summary).toMatch(/MemoryPressure/);
  });

  it('weighs a node problem elsewhere less than the alarm workload own failure', () => {
    const d = diagnose(
      snapshot({
        alarm: { kind: 'crash', target: CHECKOUT },
        objects: [
          node('node-z', { Ready: 'False' }),
          pod({ name: 'checkout-7c9d8f6b5d-aaaaa', node: 'node-a', containers: [{ ready: false, restartCount: 5, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1, finishedAt: minutesAgo(1) } }] }),
        ],
        logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', text: 'Traceback (most recent call last):\n  File "app.py", line 3\nValueError: bad' }],
      }),
    );
    expect(d.category).toBe('crash-loop');
  });
});
