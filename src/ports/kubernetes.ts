/**
 * What the core needs from the Kubernetes API. Objects are returned exactly as the API serves
 * them (the snapshot keeps them verbatim). Implemented by src/adapters/kubernetes/ with
 * @kubernetes/client-node; every call takes an AbortSignal so a playbook step can give up.
 */
import type { KubeObject } from '../domain/snapshot.js';

export interface ObjectRef {
  /** e.g. "v1", "apps/v1", "events.k8s.io/v1", "metrics.k8s.io/v1beta1". */
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** A subresource such as "scale"; honoured by `KubernetesWriter.patch`. */
  readonly subresource?: string;
}

export interface ListQuery {
  readonly apiVersion: string;
  readonly kind: string;
  /** Omitted: all namespaces (cluster-scoped kinds ignore it). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
}

export interface PodLogQuery {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
  readonly tailLines: number;
  readonly limitBytes?: number;
}

export interface KubernetesReader {
  /** Null when the object does not exist (404). */
  get(ref: ObjectRef, signal?: AbortSignal): Promise<KubeObject | null>;
  list(query: ListQuery, signal?: AbortSignal): Promise<KubeObject[]>;
  /** Empty string when the container has no (previous) log. */
  podLog(query: PodLogQuery, signal?: AbortSignal): Promise<string>;
}

export type PatchType = 'strategic' | 'merge' | 'json';

export interface WriteOptions {
  /** Server-side dry run (`dryRun=All`): validated and admitted, not persisted. */
  readonly dryRun: boolean;
  readonly signal?: AbortSignal;
}

export interface KubernetesWriter {
  patch(ref: ObjectRef, patch: unknown, patchType: PatchType, options: WriteOptions): Promise<KubeObject>;
  delete(ref: ObjectRef, options: WriteOptions): Promise<void>;
  /** Creates an object (used for a rollback's pod template and for Leases). */
  create(object: KubeObject, options: WriteOptions): Promise<KubeObject>;
}

/** A running watch of objects of one kind that keeps a cache and restarts itself on errors. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: KubeObject;
}

export interface KubernetesWatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** True after the first list, false while the watch is restarting. */
  readonly synced: boolean;
  /** Epoch ms of the last event or successful relist, for a staleness watchdog. */
  readonly lastActivityAt: number;
}
