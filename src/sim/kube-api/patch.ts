/**
 * The three PATCH algorithms of the API server: RFC 6902 JSON Patch, RFC 7386 merge patch and
 * strategic merge patch (lists merged by their merge key, `$patch` / `$setElementOrder` directives).
 */
import { apiErrors } from './status.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export const PATCH_CONTENT_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'] as const;
export type PatchContentType = (typeof PATCH_CONTENT_TYPES)[number];

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/** Merge keys of the built-in types' lists (from the Go struct tags `patchMergeKey`). */
const MERGE_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
  conditions: ['type'],
  ownerReferences: ['uid'],
  hostAliases: ['ip'],
  topologySpreadConstraints: ['topologyKey'],
  taints: ['key'],
  resourceClaims: ['name'],
};

function mergeKeyFor(field: string, items: readonly Json[]): string | undefined {
  const candidates = MERGE_KEYS[field];
  if (!candidates) return undefined;
  return candidates.find((k) => items.some((i) => isObject(i) && k in i)) ?? candidates[0];
}

function mergeList(field: string, target: Json[], patch: Json[]): Json[] {
  const key = mergeKeyFor(field, [...target, ...patch]);
  if (key === undefined) {
    return patch.filter((p) => !(isObject(p) && p['$patch'] === 'replace'));
  }
  const result = [...target];
  for (const item of patch) {
    if (!isObject(item)) continue;
    const index = result.findIndex((t) => isObject(t) && t[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMergePatch(result[index]!, item);
    else result.push(strategicMergePatch({}, item));
  }
  return result;
}

function orderBy(list: Json[], order: Json[], key: string | undefined): Json[] {
  const position = (item: Json): number => {
    const id = key !== undefined && isObject(item) ? item[key] : item;
    const i = order.findIndex((o) => (isObject(o) && key !== undefined ? o[key] === id : o === id));
    return i < 0 ? order.length : i;
  };
  return [...list].sort((a, b) => position(a) - position(b));
}

export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  if (patch['$patch'] === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return rest;
  }
  if (patch['$patch'] === 'delete') return {};
  let result: JsonObject = isObject(target) ? { ...target } : {};
  const retain = patch['$retainKeys'];
  const orders: [string, Json[]][] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.push([key.slice('$setElementOrder/'.length), value]);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      const current = result[field];
      if (Array.isArray(current) && Array.isArray(value)) result[field] = current.filter((v) => !value.includes(v));
      continue;
    }
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeList(key, Array.isArray(result[key]) ? (result[key] as Json[]) : [], value);
    else result[key] = strategicMergePatch(result[key] ?? null, value);
  }
  for (const [field, order] of orders) {
    const list = result[field];
    if (Array.isArray(list)) result[field] = orderBy(list, order, mergeKeyFor(field, list));
  }
  if (Array.isArray(retain)) {
    result = Object.fromEntries(Object.entries(result).filter(([k]) => retain.includes(k)));
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw apiErrors.badRequest(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: Json, parts: string[], path: string): { parent: JsonObject | Json[]; last: string } {
  let current: Json = doc;
  for (const part of parts.slice(0, -1)) {
    const next: Json | undefined = Array.isArray(current) ? current[Number(part)] : isObject(current) ? current[part] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') throw unprocessable(`path ${path} does not exist`);
    current = next;
  }
  if (current === null || typeof current !== 'object') throw unprocessable(`path ${path} does not exist`);
  return { parent: current, last: parts[parts.length - 1]! };
}

function unprocessable(message: string): Error {
  return apiErrors.badRequest(`the server rejected our request due to an error in our request: ${message}`);
}

function read(doc: Json, path: string): Json {
  let current: Json = doc;
  for (const part of pointer(path)) {
    const next: Json | undefined = Array.isArray(current) ? current[Number(part)] : isObject(current) ? current[part] : undefined;
    if (next === undefined) throw unprocessable(`path ${path} does not exist`);
    current = next;
  }
  return current;
}

function remove(doc: Json, path: string): Json {
  const parts = pointer(path);
  const { parent, last } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!(index >= 0 && index < parent.length)) throw unprocessable(`path ${path} does not exist`);
    return parent.splice(index, 1)[0]!;
  }
  if (!(last in parent)) throw unprocessable(`path ${path} does not exist`);
  const value = parent[last]!;
  delete parent[last];
  return value;
}

function add(doc: Json, path: string, value: Json, replace: boolean): Json {
  const parts = pointer(path);
  if (parts.length === 0) return value;
  const { parent, last } = parentOf(doc, parts, path);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!(index >= 0 && index <= parent.length)) throw unprocessable(`index ${last} out of range at ${path}`);
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else {
    if (replace && !(last in parent)) throw unprocessable(`path ${path} does not exist`);
    parent[last] = value;
  }
  return doc;
}

export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw apiErrors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let doc: Json = structuredClone(target);
  for (const op of operations) {
    if (!isObject(op) || typeof op['op'] !== 'string' || typeof op['path'] !== 'string') throw unprocessable('an operation needs "op" and "path"');
    const path = op['path'];
    const from = typeof op['from'] === 'string' ? op['from'] : '';
    switch (op['op']) {
      case 'add':
        doc = add(doc, path, structuredClone(op['value'] ?? null), false);
        break;
      case 'replace':
        doc = add(doc, path, structuredClone(op['value'] ?? null), true);
        break;
      case 'remove':
        remove(doc, path);
        break;
      case 'move':
        doc = add(doc, path, remove(doc, from), false);
        break;
      case 'copy':
        doc = add(doc, path, structuredClone(read(doc, from)), false);
        break;
      case 'test':
        if (JSON.stringify(read(doc, path)) !== JSON.stringify(op['value'])) throw unprocessable(`test failed at ${path}`);
        break;
      default:
        throw unprocessable(`unknown operation ${JSON.stringify(op['op'])}`);
    }
  }
  return doc;
}

export function applyPatch(contentType: PatchContentType, target: unknown, patch: unknown): unknown {
  const t = target as Json;
  const p = patch as Json;
  switch (contentType) {
    case 'application/json-patch+json':
      return jsonPatch(t, p);
    case 'application/merge-patch+json':
      return mergePatch(structuredClone(t), p);
    case 'application/strategic-merge-patch+json':
      return strategicMergePatch(structuredClone(t), p);
  }
}
