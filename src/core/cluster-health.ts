/** Reads pods and nodes through the KubernetesReader and summarises them (domain/health.ts). */
import { summarizeClusterHealth, type ClusterHealth, type HealthOptions } from '../domain/health.js';
import type { KubernetesReader } from '../ports/kubernetes.js';

export async function readClusterHealth(reader: KubernetesReader, options: HealthOptions & { readonly namespace?: string; readonly signal?: AbortSignal } = {}): Promise<ClusterHealth> {
  const [pods, nodes] = await Promise.all([
    reader.list({ apiVersion: 'v1', kind: 'Pod', ...(options.namespace ? { namespace: options.namespace } : {}) }, options.signal),
    reader.list({ apiVersion: 'v1', kind: 'Node' }, options.signal),
  ]);
  return summarizeClusterHealth(pods, nodes, options);
}
