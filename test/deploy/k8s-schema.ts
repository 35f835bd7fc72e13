/**
 * Validates Kubernetes objects against the API schemas with the kubernetes-models package: each
 * object is built with the class for its apiVersion/kind and `.validate()` is called. Note that
 * these schemas check types and required fields but accept unknown fields.
 */
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Event } from 'kubernetes-models/v1/Event';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Node } from 'kubernetes-models/v1/Node';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { EndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import { ClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { K8sObject } from './tools.js';

type Validatable = { validate(): void };
type ModelClass = new (data: never) => Validatable;

const MODELS: Record<string, ModelClass> = {
  'v1/ConfigMap': ConfigMap as unknown as ModelClass,
  'v1/Event': Event as unknown as ModelClass,
  'v1/Namespace': Namespace as unknown as ModelClass,
  'v1/Node': Node as unknown as ModelClass,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim as unknown as ModelClass,
  'v1/Pod': Pod as unknown as ModelClass,
  'v1/Secret': Secret as unknown as ModelClass,
  'v1/Service': Service as unknown as ModelClass,
  'v1/ServiceAccount': ServiceAccount as unknown as ModelClass,
  'apps/v1/Deployment': Deployment as unknown as ModelClass,
  'apps/v1/ReplicaSet': ReplicaSet as unknown as ModelClass,
  'discovery.k8s.io/v1/EndpointSlice': EndpointSlice as unknown as ModelClass,
  'batch/v1/Job': Job as unknown as ModelClass,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as unknown as ModelClass,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as unknown as ModelClass,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole as unknown as ModelClass,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding as unknown as ModelClass,
  'rbac.authorization.k8s.io/v1/Role': Role as unknown as ModelClass,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding as unknown as ModelClass,
};

/** ServiceMonitor is a CRD (monitoring.coreos.com/v1) kubernetes-models does not ship: checked by hand. */
function validateServiceMonitor(o: K8sObject): void {
  const spec = o.spec as { selector?: unknown; endpoints?: { port?: string; path?: string }[] } | undefined;
  if (!o.metadata?.name) throw new Error('ServiceMonitor: metadata.name is required');
  if (!spec?.selector || typeof spec.selector !== 'object') throw new Error('ServiceMonitor: spec.selector is required');
  if (!Array.isArray(spec.endpoints) || spec.endpoints.length === 0) throw new Error('ServiceMonitor: spec.endpoints must be a non-empty list');
  for (const e of spec.endpoints) if (!e.port) throw new Error('ServiceMonitor: every endpoint needs a port (name)');
}

/** Throws with the object's kind/name and the schema error; unknown kinds are an error too. */
export function validateObject(o: K8sObject): void {
  const key = `${o.apiVersion}/${o.kind}`;
  const where = `${o.kind}/${o.metadata?.name ?? '(no name)'}`;
  if (key === 'monitoring.coreos.com/v1/ServiceMonitor') return validateServiceMonitor(o);
  const Model = MODELS[key];
  if (!Model) throw new Error(`${where}: no schema known for ${key}; add its kubernetes-models class to test/deploy/k8s-schema.ts`);
  try {
    new Model(o as never).validate();
  } catch (err) {
    throw new Error(`${where} is not a valid ${key}: ${(err as Error).message}`, { cause: err });
  }
}
