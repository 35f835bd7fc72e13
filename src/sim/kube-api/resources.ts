/**
 * The resource types the fake API server serves, and the discovery documents built from them
 * (legacy discovery only: kubectl falls back to it when the answer is plain application/json).
 */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  /** Plural, lower-case: the URL segment. */
  readonly resource: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
}

const RW = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;
const RO = ['get', 'list'] as const;

function rt(group: string, version: string, resource: string, kind: string, namespaced: boolean, shortNames: string[] = [], verbs: readonly string[] = RW): ResourceType {
  return { group, version, resource, kind, namespaced, verbs, ...(shortNames.length > 0 ? { shortNames } : {}) };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  rt('', 'v1', 'pods', 'Pod', true, ['po']),
  rt('', 'v1', 'events', 'Event', true, ['ev']),
  rt('', 'v1', 'nodes', 'Node', false, ['no']),
  rt('', 'v1', 'services', 'Service', true, ['svc']),
  rt('', 'v1', 'endpoints', 'Endpoints', true, ['ep']),
  rt('', 'v1', 'configmaps', 'ConfigMap', true, ['cm']),
  rt('', 'v1', 'secrets', 'Secret', true),
  rt('', 'v1', 'persistentvolumeclaims', 'PersistentVolumeClaim', true, ['pvc']),
  rt('', 'v1', 'resourcequotas', 'ResourceQuota', true, ['quota']),
  rt('', 'v1', 'limitranges', 'LimitRange', true, ['limits']),
  rt('', 'v1', 'namespaces', 'Namespace', false, ['ns']),
  rt('apps', 'v1', 'deployments', 'Deployment', true, ['deploy']),
  rt('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs']),
  rt('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts']),
  rt('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds']),
  rt('events.k8s.io', 'v1', 'events', 'Event', true, ['ev']),
  rt('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  rt('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  rt('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa']),
  rt('batch', 'v1', 'jobs', 'Job', true),
  rt('metrics.k8s.io', 'v1beta1', 'pods', 'PodMetrics', true, [], RO),
  rt('metrics.k8s.io', 'v1beta1', 'nodes', 'NodeMetrics', false, [], RO),
];

/** Deployments and StatefulSets serve the `scale` subresource. */
export function hasScale(type: ResourceType): boolean {
  return type.group === 'apps' && (type.kind === 'Deployment' || type.kind === 'StatefulSet');
}

/** Subresources served besides the resources themselves (listed in discovery as `pods/log`, `deployments/scale`). */
const SUBRESOURCES: readonly { readonly parent: ResourceType; readonly name: string; readonly verbs: readonly string[] }[] = [
  { parent: RESOURCE_TYPES[0]!, name: 'log', verbs: ['get'] },
  ...RESOURCE_TYPES.filter(hasScale).map((parent) => ({ parent, name: 'scale', verbs: ['get', 'patch'] })),
];

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

export function findByPath(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.resource === resource);
}

export function findByKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/** `deployments.apps`, as the API server names a resource in its messages. */
export function qualifiedResource(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '33',
    gitVersion: 'v1.33.1',
    gitCommit: '8adc0f041b8e7ad1d30e29cc59c6ae7a15e19828',
    gitTreeState: 'clean',
    buildDate: '2025-05-15T08:19:08Z',
    goVersion: 'go1.24.2',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export function coreVersions(serverAddress: string): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupNames(): string[] {
  return [...new Set(RESOURCE_TYPES.filter((t) => t.group !== '').map((t) => t.group))];
}

export function apiGroup(name: string): unknown | undefined {
  const versions = [...new Set(RESOURCE_TYPES.filter((t) => t.group === name).map((t) => t.version))];
  if (versions.length === 0) return undefined;
  const list = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: list, preferredVersion: list[0] };
}

export function apiGroupList(): unknown {
  const groups = groupNames().map((name) => {
    const group = apiGroup(name) as Record<string, unknown>;
    return { name, versions: group['versions'], preferredVersion: group['preferredVersion'] };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** The APIResourceList of one group/version, or undefined when it is not served. */
export function apiResourceList(group: string, version: string): unknown | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.version === version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const type of types) {
    resources.push({
      name: type.resource,
      singularName: type.kind.toLowerCase(),
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: type.verbs,
      ...(type.shortNames ? { shortNames: type.shortNames } : {}),
    });
    for (const sub of SUBRESOURCES.filter((s) => s.parent === type)) {
      resources.push({ name: `${type.resource}/${sub.name}`, singularName: '', namespaced: type.namespaced, kind: type.kind, verbs: sub.verbs });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources };
}
