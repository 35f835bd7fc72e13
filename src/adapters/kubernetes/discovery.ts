/** apiVersion + kind → resource path, from the API server's discovery (cached per group/version). */
import type { KubeClient } from './client.js';
import { errorFromException, errorFromResponse } from './errors.js';
import { TriagedError } from '../../domain/errors.js';

export interface ResourceInfo {
  /** Plural resource name, e.g. "deployments". */
  readonly name: string;
  readonly namespaced: boolean;
}

interface ApiResourceList {
  readonly resources?: readonly { readonly name: string; readonly kind: string; readonly namespaced: boolean }[];
}

export class ResourceMapper {
  private readonly cache = new Map<string, Promise<ApiResourceList>>();

  constructor(private readonly client: KubeClient) {}

  static groupVersionPath(apiVersion: string): string {
    return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  }

  async resolve(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceInfo> {
    let list = await this.fetch(apiVersion, signal);
    let found = list.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    if (!found) {
      // A kind missing from a cached list may have been installed since (a CRD): ask once more.
      this.cache.delete(apiVersion);
      list = await this.fetch(apiVersion, signal);
      found = list.resources?.find((r) => r.kind === kind && !r.name.includes('/'));
    }
    if (!found) throw new TriagedError('KUBERNETES_NOT_FOUND', `the API server does not serve ${apiVersion} ${kind}`, { context: { apiVersion, kind } });
    return { name: found.name, namespaced: found.namespaced };
  }

  /** `/apis/apps/v1/namespaces/shop/deployments[/name]`; namespace is ignored for cluster-scoped kinds. */
  async path(apiVersion: string, kind: string, namespace: string | undefined, name: string | undefined, signal?: AbortSignal): Promise<string> {
    const info = await this.resolve(apiVersion, kind, signal);
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return `${ResourceMapper.groupVersionPath(apiVersion)}${ns}/${info.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
  }

  private fetch(apiVersion: string, signal?: AbortSignal): Promise<ApiResourceList> {
    let pending = this.cache.get(apiVersion);
    if (!pending) {
      const action = `discover ${apiVersion}`;
      pending = this.client
        .request({ method: 'GET', path: ResourceMapper.groupVersionPath(apiVersion), signal })
        .catch((error: unknown) => {
          throw errorFromException(action, error, signal);
        })
        .then((response) => {
          if (response.status !== 200) throw errorFromResponse(action, response);
          return JSON.parse(response.text) as ApiResourceList;
        });
      pending.catch(() => this.cache.delete(apiVersion));
      this.cache.set(apiVersion, pending);
    }
    return pending;
  }
}
