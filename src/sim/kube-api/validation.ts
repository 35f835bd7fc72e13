/** The part of the API server's validation a client can trip over: names, selectors, containers. */
import type { KubeObj } from './objects.js';
import type { ResourceType } from './resources.js';
import { apiErrors } from './status.js';

interface Cause {
  readonly field: string;
  readonly message: string;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function containerCauses(spec: unknown, path: string): Cause[] {
  const containers = (spec as { containers?: unknown } | undefined)?.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [{ field: `${path}.containers`, message: 'Required value' }];
  const causes: Cause[] = [];
  containers.forEach((c: { name?: unknown; image?: unknown }, i) => {
    if (typeof c?.name !== 'string' || c.name === '') causes.push({ field: `${path}.containers[${i}].name`, message: 'Required value' });
    if (typeof c?.image !== 'string' || c.image === '') causes.push({ field: `${path}.containers[${i}].image`, message: 'Required value' });
  });
  return causes;
}

function workloadCauses(object: KubeObj): Cause[] {
  const spec = object['spec'] as
    | { replicas?: unknown; selector?: { matchLabels?: Record<string, string> }; template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown } }
    | undefined;
  if (!spec) return [{ field: 'spec', message: 'Required value' }];
  const causes: Cause[] = [];
  if (spec.replicas !== undefined && !(Number.isInteger(spec.replicas) && (spec.replicas as number) >= 0)) {
    causes.push({ field: 'spec.replicas', message: `Invalid value: ${JSON.stringify(spec.replicas)}: must be greater than or equal to 0` });
  }
  const selector = spec.selector?.matchLabels;
  if (!selector || Object.keys(selector).length === 0) causes.push({ field: 'spec.selector', message: 'Required value' });
  const labels = spec.template?.metadata?.labels ?? {};
  if (selector && Object.entries(selector).some(([k, v]) => labels[k] !== v)) {
    causes.push({ field: 'spec.template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`' });
  }
  return [...causes, ...containerCauses(spec.template?.spec, 'spec.template.spec')];
}

/** Throws a 422 Invalid Status when the object would be rejected by a real API server. */
export function validate(type: ResourceType, object: KubeObj): void {
  const name = object.metadata.name ?? '';
  const causes: Cause[] = [];
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({ field: 'metadata.name', message: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'` });
  }
  if (type.kind === 'Pod') causes.push(...containerCauses(object['spec'], 'spec'));
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(type.kind) && type.group === 'apps') causes.push(...workloadCauses(object));
  if (causes.length > 0) throw apiErrors.invalid(type, name, causes);
}
