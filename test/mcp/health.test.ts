/** The cluster summary behind `cluster_health`: a pure function over Pods and Nodes, read through the KubernetesReader port. */
import { describe, expect, it } from 'vitest';
import { readClusterHealth } from '../../src/core/cluster-health.js';
import { summarizeClusterHealth } from '../../src/domain/health.js';
import type { KubeObject } from '../../src/domain/snapshot.js';
import type { KubernetesReader, ListQuery } from '../../src/ports/kubernetes.js';

function pod(name: string, status: Record<string, unknown>, namespace = 'shop'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { nodeName: 'node-a', containers: [{ name: 'app' }] }, status };
}

const ready = { type: 'Ready', status: 'True' };
const notReady = { type: 'Ready', status: 'False' };
const PODS: KubeObject[] = [
  pod('healthy', { phase: 'Running', conditions: [ready], containerStatuses: [{ name: 'app', ready: true, restartCount: 1, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }] }),
  pod('crashing', {
    phase: 'Running',
    conditions: [notReady],
    containerStatuses: [{ name: 'app', ready: false, restartCount: 12, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }],
  }),
  pod('stuck', { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] }),
  pod('done', { phase: 'Succeeded', conditions: [notReady] }, 'batch'),
];
const NODES: KubeObject[] = [
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'DiskPressure', status: 'True', reason: 'KubeletHasDiskPressure' }] } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-b' }, status: { conditions: [{ type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown' }] } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-c' }, spec: { unschedulable: true }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-d' }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }] } },
];

describe('cluster health', () => {
  it('names pods not ready, pending pods with the reason, restart leaders and nodes with conditions', () => {
    const health = summarizeClusterHealth(PODS, NODES);
    expect(health.pods.total).toBe(4);
    expect(health.pods.notReady).toEqual([{ pod: 'shop/crashing', phase: 'Running', reason: 'CrashLoopBackOff: back-off 5m0s', node: 'node-a' }]);
    expect(health.pods.pending).toEqual([{ pod: 'shop/stuck', phase: 'Pending', reason: 'Unschedulable: 0/3 nodes are available: 3 Insufficient cpu.', node: 'node-a' }]);
    expect(health.pods.restartLeaders).toEqual([
      { pod: 'shop/crashing', container: 'app', restarts: 12, lastTermination: 'OOMKilled (exit 137)' },
      { pod: 'shop/healthy', container: 'app', restarts: 1, lastTermination: 'Error (exit 1)' },
    ]);
    expect(health.nodes).toEqual({
      total: 4,
      notReady: 1,
      withConditions: [
        { node: 'node-a', conditions: ['DiskPressure (KubeletHasDiskPressure)'] },
        { node: 'node-b', conditions: ['Ready=Unknown (NodeStatusUnknown)'] },
        { node: 'node-c', conditions: ['cordoned'] },
      ],
    });
    expect(health.omitted).toEqual([]);
  });

  it('caps each list and says how many were left out', () => {
    const many = Array.from({ length: 30 }, (_, i) => pod(`p-${String(i).padStart(2, '0')}`, { phase: 'Pending' }));
    const health = summarizeClusterHealth(many, [], { limit: 5 });
    expect(health.pods.pending).toHaveLength(5);
    expect(health.omitted).toEqual(['pending pods: 25 more not shown']);
  });

  it('lists pods of one namespace and all nodes through the reader, and nothing else', async () => {
    const queries: ListQuery[] = [];
    const reader: KubernetesReader = {
      get: async () => null,
      podLog: async () => '',
      list: async (query) => {
        queries.push(query);
        return query.kind === 'Pod' ? PODS : NODES;
      },
    };
    const health = await readClusterHealth(reader, { namespace: 'shop' });
    expect(queries).toEqual([
      { apiVersion: 'v1', kind: 'Pod', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'Node' },
    ]);
    expect(health.nodes.total).toBe(4);
  });
});
