/** The `scale` subresource of Deployments and StatefulSets (autoscaling/v1 Scale), as `kubectl scale` and HPAs use it. */
import type { KubeObj } from './objects.js';
import { applyPatch, PATCH_CONTENT_TYPES, type PatchContentType } from './patch.js';
import type { ResourceType } from './resources.js';
import { apiErrors } from './status.js';
import type { ObjectStore } from './store.js';

export interface ScaleRequest {
  readonly method: string;
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name: string;
  readonly contentType: string;
  readonly body: unknown;
  readonly dryRun: boolean;
}

function scaleOf(object: KubeObj): KubeObj {
  const spec = (object['spec'] ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  const status = (object['status'] ?? {}) as { replicas?: number };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: {
      replicas: status.replicas ?? 0,
      selector: Object.entries(spec.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

/** GET or PATCH `…/{name}/scale`; a patch may change only `spec.replicas` (a stale resourceVersion is a 409). */
export function serveScale(store: ObjectStore, request: ScaleRequest): { status: number; body: unknown } {
  const current = store.get(request.type, request.namespace, request.name);
  if (!current) throw apiErrors.notFound(request.type, request.name);
  if (request.method === 'GET') return { status: 200, body: scaleOf(current) };
  if (!PATCH_CONTENT_TYPES.includes(request.contentType as PatchContentType)) throw apiErrors.unsupportedMediaType(request.contentType);
  const patched = applyPatch(request.contentType as PatchContentType, scaleOf(current), request.body) as KubeObj;
  const replicas = (patched['spec'] as { replicas?: unknown } | undefined)?.replicas;
  const updated = store.update(
    request.type,
    { ...current, metadata: { ...current.metadata, resourceVersion: patched.metadata?.resourceVersion }, spec: { ...(current['spec'] as object), replicas } },
    { dryRun: request.dryRun },
  );
  return { status: 200, body: scaleOf(updated) };
}
