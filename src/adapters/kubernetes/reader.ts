/** KubernetesReader over the API: generic get/list by apiVersion+kind (paged), and container logs. */
import type { KubeObject } from '../../domain/snapshot.js';
import type { KubernetesReader, ListQuery, ObjectRef, PodLogQuery } from '../../ports/kubernetes.js';
import { call, describeRef } from './call.js';
import type { KubeClient } from './client.js';
import type { ResourceMapper } from './discovery.js';

const PAGE_SIZE = 500;

interface ListBody {
  readonly kind?: string;
  readonly metadata?: { readonly continue?: string };
  readonly items?: KubeObject[];
}

export class KubeApiReader implements KubernetesReader {
  constructor(
    private readonly client: KubeClient,
    private readonly resources: ResourceMapper,
  ) {}

  async get(ref: ObjectRef, signal?: AbortSignal): Promise<KubeObject | null> {
    const action = `get ${describeRef(ref)}`;
    const path = await this.resources.path(ref.apiVersion, ref.kind, ref.namespace, ref.name, signal);
    const response = await call(this.client, action, { method: 'GET', path, signal }, [404]);
    return response.status === 404 ? null : (JSON.parse(response.text) as KubeObject);
  }

  /**
   * Follows `continue` tokens until the list is complete or `limit` items were read. List items
   * carry no apiVersion/kind on the wire; they are filled in (as kubectl does) so that objects of
   * several kinds can sit side by side in a snapshot.
   */
  async list(query: ListQuery, signal?: AbortSignal): Promise<KubeObject[]> {
    const scope = query.namespace ? ` in ${query.namespace}` : '';
    const action = `list ${query.apiVersion} ${query.kind}${scope}`;
    const path = await this.resources.path(query.apiVersion, query.kind, query.namespace, undefined, signal);
    const items: KubeObject[] = [];
    let continueToken: string | undefined;
    do {
      const remaining = query.limit === undefined ? PAGE_SIZE : Math.min(PAGE_SIZE, query.limit - items.length);
      const response = await call(this.client, action, {
        method: 'GET',
        path,
        query: { labelSelector: query.labelSelector, fieldSelector: query.fieldSelector, limit: remaining, continue: continueToken },
        signal,
      });
      const body = JSON.parse(response.text) as ListBody;
      for (const item of body.items ?? []) items.push({ apiVersion: query.apiVersion, kind: query.kind, ...item });
      continueToken = body.metadata?.continue || undefined;
    } while (continueToken !== undefined && (query.limit === undefined || items.length < query.limit));
    return items;
  }

  async podLog(query: PodLogQuery, signal?: AbortSignal): Promise<string> {
    const action = `read ${query.previous ? 'previous ' : ''}log of container ${query.container} in pod ${query.namespace}/${query.pod}`;
    const response = await call(
      this.client,
      action,
      {
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(query.namespace)}/pods/${encodeURIComponent(query.pod)}/log`,
        query: { container: query.container, previous: query.previous, tailLines: query.tailLines, limitBytes: query.limitBytes },
        signal,
      },
      // 400 is how the kubelet says "no (previous) container instance to read from".
      [400],
    );
    return response.status === 400 ? '' : response.text;
  }
}
