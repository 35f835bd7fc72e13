/** The loose object shape the fake stores (any Kubernetes object), and small helpers over it. */
import { randomBytes } from 'node:crypto';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface KubeObj {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export function isKubeObj(value: unknown): value is KubeObj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { metadata?: unknown }).metadata === 'object' && (value as { metadata?: unknown }).metadata !== null;
}

/** Kubernetes timestamps have second precision. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The random suffix the API server appends to a `generateName` (and the ReplicaSet controller to pod names). */
export function randomSuffix(length = 5): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

export function controllerOf(object: KubeObj): OwnerReference | undefined {
  return object.metadata.ownerReferences?.find((o) => o.controller === true);
}

export function ownerRef(owner: KubeObj): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? 'v1',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}
