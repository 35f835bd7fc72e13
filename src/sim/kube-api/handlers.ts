/** The verbs on one resource path: get, list (selectors, paging), create, replace, patch, delete, pods/log, scale. */
import { isKubeObj, type KubeObj } from './objects.js';
import { applyPatch, PATCH_CONTENT_TYPES, type PatchContentType } from './patch.js';
import { apiVersionOf, hasScale, type ResourceType } from './resources.js';
import { apiErrors } from './status.js';
import { serveScale } from './scale.js';
import type { DeleteOptions, ObjectStore } from './store.js';
import { objectFilter } from './watch.js';

export interface ResourceRoute {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  /** Defaults to application/json. */
  readonly contentType?: string;
}

export interface VerbRequest {
  readonly method: string;
  readonly route: ResourceRoute;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: unknown;
}

function dryRunOf(query: URLSearchParams, body?: unknown): boolean {
  const values = [...query.getAll('dryRun'), ...((body as { dryRun?: unknown } | undefined)?.dryRun as string[] | undefined ?? [])];
  for (const value of values) {
    if (value !== 'All') throw apiErrors.badRequest(`Invalid dry run value: ${JSON.stringify(value)}, supported values: "All"`);
  }
  return values.length > 0;
}

function encodeContinue(rv: string, afterIndex: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: afterIndex })).toString('base64url');
}

function decodeContinue(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { start?: unknown };
    if (typeof parsed.start === 'number') return parsed.start;
  } catch {
    // falls through to the 400 below
  }
  throw apiErrors.badRequest('continue key is not valid: illegal base64 data');
}

function list(store: ObjectStore, request: VerbRequest): Reply {
  const { type, namespace } = request.route;
  const items = store.list(type, namespace).filter(objectFilter({ type, namespace, query: request.query }));
  const limit = Number(request.query.get('limit') ?? '0');
  const continueToken = request.query.get('continue');
  const start = continueToken ? decodeContinue(continueToken) : 0;
  const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
  const page = items.slice(start, end).map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
  const metadata: Record<string, unknown> = { resourceVersion: store.resourceVersion };
  if (end < items.length) {
    metadata['continue'] = encodeContinue(store.resourceVersion, end);
    metadata['remainingItemCount'] = items.length - end;
  }
  return { status: 200, body: { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata, items: page } };
}

function bodyObject(request: VerbRequest): KubeObj {
  const { type, namespace } = request.route;
  if (!isKubeObj(request.body)) throw apiErrors.badRequest('the body of the request is not a Kubernetes object');
  const object = request.body;
  if (object.kind !== undefined && (object.kind !== type.kind || object.apiVersion !== apiVersionOf(type))) {
    throw apiErrors.badRequest(`the API version in the data (${object.apiVersion}) does not match the expected API version (${apiVersionOf(type)}) or kind ${object.kind}`);
  }
  if (type.namespaced) {
    if (object.metadata.namespace && namespace && object.metadata.namespace !== namespace) {
      throw apiErrors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    object.metadata.namespace = namespace ?? object.metadata.namespace;
  }
  return object;
}

function podLog(store: ObjectStore, request: VerbRequest): Reply {
  const { type, namespace = '', name = '' } = request.route;
  const pod = store.get(type, namespace, name);
  if (!pod) throw apiErrors.notFound(type, name);
  const containers = ((pod['spec'] as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
  const container = request.query.get('container') ?? (containers.length === 1 ? containers[0]! : undefined);
  if (container === undefined) {
    throw apiErrors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
  }
  if (!containers.includes(container)) throw apiErrors.badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = request.query.get('previous') === 'true';
  const text = store.log({ namespace, pod: name, container, previous });
  if (text === undefined && previous) throw apiErrors.badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
  let out = text ?? '';
  const tailLines = request.query.get('tailLines');
  if (tailLines !== null) {
    const lines = out.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const tail = lines.slice(Math.max(0, lines.length - Number(tailLines)));
    out = tail.length > 0 ? `${tail.join('\n')}\n` : '';
  }
  const limitBytes = request.query.get('limitBytes');
  if (limitBytes !== null) out = Buffer.from(out).subarray(0, Number(limitBytes)).toString('utf8');
  return { status: 200, body: out, contentType: 'text/plain' };
}

function patch(store: ObjectStore, request: VerbRequest): Reply {
  const { type, namespace, name = '' } = request.route;
  const contentType = request.contentType as PatchContentType;
  if (!PATCH_CONTENT_TYPES.includes(contentType)) throw apiErrors.unsupportedMediaType(request.contentType);
  const current = store.get(type, namespace, name);
  if (!current) throw apiErrors.notFound(type, name);
  const patched = applyPatch(contentType, current, request.body);
  if (!isKubeObj(patched)) throw apiErrors.badRequest('the patch removed the object metadata');
  if (patched.metadata.name !== name || (type.namespaced && patched.metadata.namespace !== namespace)) {
    throw apiErrors.badRequest('the patch may not change the name or namespace of the object');
  }
  return { status: 200, body: store.update(type, patched, { dryRun: dryRunOf(request.query) }) };
}

function remove(store: ObjectStore, request: VerbRequest): Reply {
  const { type, namespace, name = '' } = request.route;
  const body = (request.body ?? {}) as { propagationPolicy?: DeleteOptions['propagationPolicy'] };
  const propagationPolicy = (request.query.get('propagationPolicy') as DeleteOptions['propagationPolicy'] | null) ?? body.propagationPolicy;
  const deleted = store.delete(type, namespace, name, { dryRun: dryRunOf(request.query, request.body), ...(propagationPolicy ? { propagationPolicy } : {}) });
  return {
    status: 200,
    body: {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name, ...(type.group ? { group: type.group } : {}), kind: type.resource, uid: deleted.metadata.uid },
    },
  };
}

/** Serves one non-watch request on a resource path, or throws an ApiError. */
export function serveVerb(store: ObjectStore, request: VerbRequest): Reply {
  const { type, namespace, name, subresource } = request.route;
  const verb = request.method;
  if (subresource !== undefined) {
    if (type.kind === 'Pod' && type.group === '' && subresource === 'log' && verb === 'GET') return podLog(store, request);
    if (subresource === 'scale' && hasScale(type) && name && (verb === 'GET' || verb === 'PATCH')) {
      return serveScale(store, { method: verb, type, ...(namespace !== undefined ? { namespace } : {}), name, contentType: request.contentType, body: request.body, dryRun: dryRunOf(request.query) });
    }
    throw apiErrors.methodNotAllowed(`the server does not allow this method on the requested resource (${verb} ${type.resource}/${subresource})`);
  }
  const allowed = { GET: name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' }[verb];
  if (!allowed || !type.verbs.includes(allowed) || (verb === 'POST' ? Boolean(name) : verb !== 'GET' && !name)) {
    throw apiErrors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
  switch (verb) {
    case 'GET': {
      if (!name) return list(store, request);
      const object = store.get(type, namespace, name);
      if (!object) throw apiErrors.notFound(type, name);
      return { status: 200, body: object };
    }
    case 'POST':
      return { status: 201, body: store.create(type, bodyObject(request), { dryRun: dryRunOf(request.query) }) };
    case 'PUT': {
      const object = bodyObject(request);
      if (object.metadata.name !== name) throw apiErrors.badRequest('the name of the object does not match the name on the URL');
      return { status: 200, body: store.update(type, object, { dryRun: dryRunOf(request.query) }) };
    }
    case 'PATCH':
      return patch(store, request);
    default:
      return remove(store, request);
  }
}
