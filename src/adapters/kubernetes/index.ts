/** The Kubernetes adapter, assembled: one client (rate-limited), discovery, reader and writer. */
import { createKubeClient, type KubeClient, type KubeClientOptions } from './client.js';
import { ResourceMapper } from './discovery.js';
import { KubeApiReader } from './reader.js';
import { KubeApiWriter } from './writer.js';

export interface KubernetesAdapter {
  readonly client: KubeClient;
  readonly resources: ResourceMapper;
  readonly reader: KubeApiReader;
  readonly writer: KubeApiWriter;
}

export function createKubernetesAdapter(options: KubeClientOptions = {}): KubernetesAdapter {
  const client = createKubeClient(options);
  const resources = new ResourceMapper(client);
  return { client, resources, reader: new KubeApiReader(client, resources), writer: new KubeApiWriter(client, resources) };
}

export { createKubeClient, DEFAULT_RATE_LIMIT, type KubeClient, type KubeClientOptions, type RateLimit } from './client.js';
export { ResourceMapper } from './discovery.js';
export { KubeApiReader } from './reader.js';
export { KubeApiWriter, PATCH_CONTENT_TYPE, FIELD_MANAGER } from './writer.js';
export { ResilientInformer, type ResilientInformerOptions, type BackoffOptions } from './informer.js';
export { LeaderElector, type LeaderElectorOptions } from './leader-election.js';
