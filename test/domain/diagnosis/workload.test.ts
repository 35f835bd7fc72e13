import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/domain/diagnosis/index.js';
import type { KubeObject } from '../../../src/domain/snapshot.js';
import { CHECKOUT, deployment, event, pod, replicaSet, series, snapshot } from './build.js';

const crashing = { ready: false, restartCount: 4, waiting: { reason: 'CrashLoopBackOff' }, lastTerminated: { reason: 'Error', exitCode: 1 } };

function rolloutObjects(newRevisionMinutesAgo: number): KubeObject[] {
  return [
    deployment('checkout', 8),
    replicaSet({ deployment: 'checkout', hash: 'old7777777', revision: 7, createdMinutesAgo: 60 * 24 * 9, readyReplicas: 2 }),
    replicaSet({ deployment: 'checkout', hash: 'new8888888', revision: 8, createdMinutesAgo: newRevisionMinutesAgo }),
    pod({ name: 'checkout-old7777777-aaaaa', hash: 'old7777777' }),
    pod({ name: 'checkout-old7777777-bbbbb', hash: 'old7777777' }),
    pod({ name: 'checkout-new8888888-ccccc', hash: 'new8888888', createdMinutesAgo: newRevisionMinutesAgo, containers: [crashing] }),
  ];
}

describe('bad-rollout', () => {
  it('blames a new revision whose pods fail while the previous revision stays healthy, and undoes it', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects: rolloutObjects(12) }));
    expect(d.category).toBe('bad-rollout');
    expect(d.remediations[0]).toEqual(expect.objectContaining({ action: 'rollout-undo', target: CHECKOUT, params: { toRevision: 7 } }));
    expect(d.alternatives.map((a) => a.category)).toContain('crash-loop');
    expect(d.evidence.some((e) => e.ref === 'ReplicaSet/shop/checkout-new8888888' && /revision 8/.test(e.detail))).toBe(true);
  });

  it('does not blame a revision made days before the incident', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects: rolloutObjects(60 * 24 * 3) }));
    expect(d.category).toBe('crash-loop');
  });

  it('does not blame a revision made after the incident began', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT, startsAt: '2026-11-22T09:30:00Z' }, objects: rolloutObjects(5) }));
    expect(d.category).not.toBe('bad-rollout');
  });
});

describe('dependency-failure', () => {
  it('follows the X-Ray graph to the faulting downstream', () => {
    const stats = (total: number, faults: number, seconds: number) => ({ TotalCount: total, FaultStatistics: { TotalCount: faults }, ErrorStatistics: { TotalCount: 0 }, TotalResponseTime: total * seconds });
    const services = [
      { ReferenceId: 0, Name: 'checkout', Type: 'client', Edges: [{ ReferenceId: 1, SummaryStatistics: stats(1000, 90, 2.1) }] },
      { ReferenceId: 1, Name: 'checkout', Type: 'AWS::EKS::Container', Root: true, SummaryStatistics: stats(1000, 90, 2.1), Edges: [{ ReferenceId: 2, SummaryStatistics: stats(1000, 90, 2) }, { ReferenceId: 3, SummaryStatistics: stats(3000, 0, 0.003) }] },
      { ReferenceId: 2, Name: 'payments', Type: 'AWS::EKS::Container', SummaryStatistics: stats(1000, 90, 2), Edges: [] },
      { ReferenceId: 3, Name: 'postgres', Type: 'remote', SummaryStatistics: stats(3000, 0, 0.003), Edges: [] },
    ];
    const d = diagnose(snapshot({ alarm: { kind: 'latency', target: CHECKOUT }, objects: [pod({ name: 'checkout-7c9d8f6b5d-aaaaa' })], traces: { services, summaries: [] } }));
    expect(d.category).toBe('dependency-failure');
    expect(d.summary).toMatch(/payments/);
    expect(d.evidence.some((e) => e.source === 'xray' && /payments: 1000 calls, 9\.0% faults/.test(e.detail))).toBe(true);
  });

  it('reads connection errors in the logs of healthy pods', () => {
    const d = diagnose(
      snapshot({
        alarm: { kind: 'latency', target: CHECKOUT },
        objects: [pod({ name: 'checkout-7c9d8f6b5d-aaaaa' })],
        logs: [{ pod: 'checkout-7c9d8f6b5d-aaaaa', previous: false, text: 'GET /pay 502\nError: connect ECONNREFUSED 10.0.4.12:5432\nError: connect ECONNREFUSED 10.0.4.12:5432\nError: connect ECONNREFUSED 10.0.4.12:5432' }],
      }),
    );
    expect(d.category).toBe('dependency-failure');
    expect(d.summary).toMatch(/10\.0\.4\.12:5432/);
    expect(d.missing.join(' ')).toMatch(/X-Ray/);
  });
});

describe('cpu-throttling', () => {
  it('reads the throttled share of CFS periods from the cAdvisor counters and sizes the limit from P95 usage', () => {
    const labels = { namespace: 'shop', pod: 'checkout-7c9d8f6b5d-aaaaa', container: 'app' };
    const d = diagnose(
      snapshot({
        alarm: { kind: 'latency', target: CHECKOUT },
        objects: [pod({ name: 'checkout-7c9d8f6b5d-aaaaa', containers: [{ ready: true, limits: { cpu: '500m', memory: '256Mi' } }] })],
        metrics: [
          series('container_cpu_cfs_periods_total', labels, 30, (i) => 1000 + i * 600),
          series('container_cpu_cfs_throttled_periods_total', labels, 30, (i) => 100 + i * 300),
          series('container_cpu_usage_seconds_total', labels, 30, (i) => 5000 + i * 60 * 0.49),
        ],
      }),
    );
    expect(d.category).toBe('cpu-throttling');
    expect(d.summary).toMatch(/throttled in 50% of CPU periods/);
    const resize = d.remediations.find((r) => r.action === 'set-resources');
    expect(resize?.params?.limits?.cpu).toBe('750m');
  });
});

describe('service-no-endpoints', () => {
  it('blames a selector that matches no pod when pods meant for it exist', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'checkout', namespace: 'shop' }, spec: { selector: { app: 'checkout-api' } } };
    const endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'checkout', namespace: 'shop' }, subsets: [] };
    const d = diagnose(snapshot({ alarm: { target: { namespace: 'shop', kind: 'Service', name: 'checkout' } }, objects: [service, endpoints, pod({ name: 'checkout-7c9d8f6b5d-aaaaa' })] }));
    expect(d.category).toBe('service-no-endpoints');
    expect(d.summary).toMatch(/app=checkout-api/);
    expect(d.target).toEqual({ namespace: 'shop', kind: 'Service', name: 'checkout' });
  });

  it('leaves a Service whose pods match but are not Ready to the probe rules', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'checkout', namespace: 'shop' }, spec: { selector: { app: 'checkout' } } };
    const name = 'checkout-7c9d8f6b5d-aaaaa';
    const d = diagnose(
      snapshot({
        alarm: { target: { namespace: 'shop', kind: 'Service', name: 'checkout' } },
        objects: [service, pod({ name, containers: [{ ready: false }] }), event({ object: { kind: 'Pod', name }, reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 404', count: 20 })],
      }),
    );
    expect(d.category).toBe('probe-failure');
  });
});

describe('unknown and determinism', () => {
  it('answers unknown with what is missing when nothing supports a cause', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'latency', target: CHECKOUT }, objects: [pod({ name: 'checkout-7c9d8f6b5d-aaaaa' })] }));
    expect(d.category).toBe('unknown');
    expect(d.remediations).toEqual([]);
    expect(d.missing).toEqual(expect.arrayContaining(['no X-Ray traces to locate the slow or failing call', 'no CPU usage or throttling series to judge CPU limits']));
  });

  it('answers unknown for an empty snapshot', () => {
    const d = diagnose({ version: 1, capturedAt: '2026-11-22T10:04:00Z' });
    expect(d.category).toBe('unknown');
    expect(d.missing).toContain('no Kubernetes objects in the snapshot');
  });

  it('gives the same diagnosis whatever the order of objects', () => {
    const objects = rolloutObjects(12);
    const a = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects }));
    const b = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects: [...objects].reverse() }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('keeps confidence and alternatives within 0..1, without the winner among the alternatives', () => {
    const d = diagnose(snapshot({ alarm: { kind: 'crash', target: CHECKOUT }, objects: rolloutObjects(12) }));
    for (const c of [d.confidence, ...d.alternatives.map((a) => a.confidence)]) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    expect(d.alternatives.map((a) => a.category)).not.toContain(d.category);
  });
});
