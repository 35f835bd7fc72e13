/**
 * The least OpenAPI v3 kubectl needs: per group-version documents whose PATCH operations carry
 * `x-kubernetes-group-version-kind` and a `fieldValidation` query parameter, so that
 * `kubectl apply` sees server-side field validation and skips client-side schema validation.
 * Without component schemas kubectl computes strategic merge patches from its built-in types.
 */
import { apiVersionOf, RESOURCE_TYPES } from './resources.js';

function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`;
}

export function openApiIndex(): unknown {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const apiVersion of new Set(RESOURCE_TYPES.map(apiVersionOf))) {
    const path = groupVersionPath(apiVersion);
    paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=1` };
  }
  return { paths };
}

/** The document for `api/v1` or `apis/<group>/<version>`, or undefined. */
export function openApiGroupVersion(path: string): unknown | undefined {
  const types = RESOURCE_TYPES.filter((t) => groupVersionPath(apiVersionOf(t)) === path);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of types.filter((t) => t.verbs.includes('patch'))) {
    const item = `/${path}/${type.namespaced ? 'namespaces/{namespace}/' : ''}${type.resource}/{name}`;
    paths[item] = {
      patch: {
        operationId: `patch${type.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true } })),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.1' }, paths };
}
