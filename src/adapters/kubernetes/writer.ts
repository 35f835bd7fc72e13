/** KubernetesWriter over the API: patch with the right Content-Type, delete, create; `dryRun=All` on request. */
import type { KubeObject } from '../../domain/snapshot.js';
import type { KubernetesWriter, ObjectRef, PatchType, WriteOptions } from '../../ports/kubernetes.js';
import { call, describeRef } from './call.js';
import type { KubeClient } from './client.js';
import type { ResourceMapper } from './discovery.js';

export const PATCH_CONTENT_TYPE: Readonly<Record<PatchType, string>> = {
  strategic: 'application/strategic-merge-patch+json',
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
};

export const FIELD_MANAGER = 'triaged';

function writeQuery(options: WriteOptions): Record<string, string | undefined> {
  return { dryRun: options.dryRun ? 'All' : undefined, fieldManager: FIELD_MANAGER };
}

export class KubeApiWriter implements KubernetesWriter {
  constructor(
    private readonly client: KubeClient,
    private readonly resources: ResourceMapper,
  ) {}

  async patch(ref: ObjectRef, patch: unknown, patchType: PatchType, options: WriteOptions): Promise<KubeObject> {
    const action = `${options.dryRun ? 'dry-run ' : ''}patch (${patchType}) ${describeRef(ref)}${ref.subresource ? `/${ref.subresource}` : ''}`;
    const path = await this.resources.path(ref.apiVersion, ref.kind, ref.namespace, ref.name, options.signal);
    const response = await call(this.client, action, {
      method: 'PATCH',
      path: ref.subresource ? `${path}/${ref.subresource}` : path,
      query: writeQuery(options),
      body: patch,
      contentType: PATCH_CONTENT_TYPE[patchType],
      signal: options.signal,
    });
    return JSON.parse(response.text) as KubeObject;
  }

  async delete(ref: ObjectRef, options: WriteOptions): Promise<void> {
    const action = `${options.dryRun ? 'dry-run ' : ''}delete ${describeRef(ref)}`;
    const path = await this.resources.path(ref.apiVersion, ref.kind, ref.namespace, ref.name, options.signal);
    await call(this.client, action, {
      method: 'DELETE',
      path,
      query: { dryRun: options.dryRun ? 'All' : undefined, propagationPolicy: 'Background' },
      signal: options.signal,
    });
  }

  async create(object: KubeObject, options: WriteOptions): Promise<KubeObject> {
    const ref = { apiVersion: object.apiVersion ?? 'v1', kind: object.kind ?? '', namespace: object.metadata?.namespace, name: object.metadata?.name ?? '(generated)' };
    const action = `${options.dryRun ? 'dry-run ' : ''}create ${describeRef(ref)}`;
    const path = await this.resources.path(ref.apiVersion, ref.kind, ref.namespace, undefined, options.signal);
    const response = await call(this.client, action, { method: 'POST', path, query: writeQuery(options), body: object, signal: options.signal });
    return JSON.parse(response.text) as KubeObject;
  }
}
