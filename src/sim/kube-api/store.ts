/**
 * The fake API server's object store: objects per resource type, one monotonically increasing
 * resourceVersion, a bounded history of changes for watches, owner-reference garbage collection,
 * and the container logs pods/log serves. Seed it directly or through the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { randomSuffix, timestamp, type KubeObj } from './objects.js';
import { apiVersionOf, findByKind, type ResourceType } from './resources.js';
import { apiErrors } from './status.js';
import { validate } from './validation.js';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly rv: number;
  readonly type: EventType;
  readonly resource: ResourceType;
  readonly object: KubeObj;
  /** The object before a MODIFIED event. */
  readonly previous?: KubeObj;
}

export interface StoreWriteOptions {
  /** Validated and computed, returned, not stored, no event. */
  readonly dryRun?: boolean;
}

export interface DeleteOptions extends StoreWriteOptions {
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
}

export interface LogRef {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous?: boolean;
}

export interface ObjectStoreOptions {
  /** How many changes watches can resume from before a 410 Gone (default 1000). */
  readonly historyLimit?: number;
  readonly now?: () => number;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export class ObjectStore {
  private readonly objects = new Map<ResourceType, Map<string, KubeObj>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private readonly logs = new Map<string, string>();
  private readonly historyLimit: number;
  private readonly now: () => number;
  private rv = 1;
  /** Events after this version are still in the history. */
  private compactedRv = 1;

  constructor(options: ObjectStoreOptions = {}) {
    this.historyLimit = options.historyLimit ?? 1000;
    this.now = options.now ?? Date.now;
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  /** The resource type of an apiVersion/kind; throws on one the fake does not serve. */
  typeOf(apiVersion: string, kind: string): ResourceType {
    const type = findByKind(apiVersion, kind);
    if (!type) throw new Error(`the fake API server does not serve ${apiVersion} ${kind}`);
    return type;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObj | undefined {
    const found = this.bucket(type).get(keyOf(type.namespaced ? namespace : undefined, name));
    return found ? clone(found) : undefined;
  }

  /** Objects of a type, sorted by namespace then name, optionally in one namespace. */
  /** Copies of the matching objects, sorted by namespace and name; `where` filters before anything is copied. */
  list(type: ResourceType, namespace?: string, where?: (object: KubeObj) => boolean): KubeObj[] {
    const items = [...this.bucket(type).values()].filter((o) => (!namespace || !type.namespaced || o.metadata.namespace === namespace) && (!where || where(o)));
    items.sort((a, b) => keyOf(a.metadata.namespace, a.metadata.name ?? '').localeCompare(keyOf(b.metadata.namespace, b.metadata.name ?? '')));
    return items.map(clone);
  }

  create(type: ResourceType, input: KubeObj, options: StoreWriteOptions = {}): KubeObj {
    const object = clone(input);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    const meta = object.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    if (!type.namespaced) delete meta.namespace;
    else if (!meta.namespace) throw apiErrors.badRequest('the namespace of the object is required');
    validate(type, object);
    if (this.bucket(type).has(keyOf(meta.namespace, meta.name!))) throw apiErrors.alreadyExists(type, meta.name!);
    meta.uid = randomUUID();
    meta.creationTimestamp = timestamp(this.now());
    meta.generation = 1;
    delete meta.deletionTimestamp;
    if (options.dryRun) {
      delete meta.resourceVersion;
      return object;
    }
    meta.resourceVersion = String(this.nextRv());
    this.bucket(type).set(keyOf(meta.namespace, meta.name!), object);
    this.emit({ rv: this.rv, type: 'ADDED', resource: type, object });
    return clone(object);
  }

  /**
   * Replaces an object. A `metadata.resourceVersion` in the input is a precondition (409 Conflict
   * when stale); uid and creationTimestamp are kept; generation goes up when anything but
   * metadata and status changed.
   */
  update(type: ResourceType, input: KubeObj, options: StoreWriteOptions = {}): KubeObj {
    const object = clone(input);
    const name = object.metadata.name ?? '';
    const namespace = type.namespaced ? object.metadata.namespace : undefined;
    const current = this.bucket(type).get(keyOf(namespace, name));
    if (!current) throw apiErrors.notFound(type, name);
    const precondition = object.metadata.resourceVersion;
    if (precondition && precondition !== current.metadata.resourceVersion) throw apiErrors.conflict(type, name);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    validate(type, object);
    const meta = object.metadata;
    meta.uid = current.metadata.uid;
    meta.creationTimestamp = current.metadata.creationTimestamp;
    if (!type.namespaced) delete meta.namespace;
    const { metadata: _m1, status: _s1, ...body } = object;
    const { metadata: _m2, status: _s2, ...currentBody } = current;
    meta.generation = (current.metadata.generation ?? 1) + (isDeepStrictEqual(body, currentBody) ? 0 : 1);
    meta.resourceVersion = current.metadata.resourceVersion;
    if (options.dryRun) return object;
    if (isDeepStrictEqual(object, current)) return clone(current);
    meta.resourceVersion = String(this.nextRv());
    this.bucket(type).set(keyOf(namespace, name), object);
    this.emit({ rv: this.rv, type: 'MODIFIED', resource: type, object, previous: current });
    return clone(object);
  }

  /** Deletes at once (no graceful termination) and garbage-collects dependents unless `Orphan`. */
  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}): KubeObj {
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const current = this.bucket(type).get(key);
    if (!current) throw apiErrors.notFound(type, name);
    if (options.dryRun) return clone(current);
    this.bucket(type).delete(key);
    const object: KubeObj = { ...current, metadata: { ...current.metadata, resourceVersion: String(this.nextRv()) } };
    this.emit({ rv: this.rv, type: 'DELETED', resource: type, object });
    if (options.propagationPolicy !== 'Orphan') this.collectDependents(current.metadata.uid);
    return clone(object);
  }

  /** Creates or replaces regardless of preconditions: for seeding scenarios. Status is kept as given. */
  put(input: KubeObj): KubeObj {
    const type = this.typeOf(input.apiVersion ?? 'v1', input.kind ?? '');
    const existing = this.get(type, input.metadata.namespace, input.metadata.name ?? '');
    if (!existing) return this.create(type, input);
    return this.update(type, { ...input, metadata: { ...input.metadata, resourceVersion: undefined } });
  }

  find(apiVersion: string, kind: string, namespace: string | undefined, name: string): KubeObj | undefined {
    return this.get(this.typeOf(apiVersion, kind), namespace, name);
  }

  all(apiVersion: string, kind: string, namespace?: string): KubeObj[] {
    return this.list(this.typeOf(apiVersion, kind), namespace);
  }

  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): void {
    this.delete(this.typeOf(apiVersion, kind), namespace, name);
  }

  /** Total number of stored objects (for benchmarks). */
  get size(): number {
    let n = 0;
    for (const bucket of this.objects.values()) n += bucket.size;
    return n;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changes after `rv`, oldest first; undefined when they are no longer in the history (410 Gone). */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    return this.history.filter((e) => e.rv > rv);
  }

  get oldestResourceVersion(): number {
    return this.compactedRv;
  }

  /** Forgets the history, as etcd compaction does: every watch resuming from an older version gets 410. */
  compact(): void {
    this.history.length = 0;
    this.compactedRv = this.rv;
  }

  setLog(ref: LogRef, text: string): void {
    this.logs.set(this.logKey(ref), text);
  }

  log(ref: LogRef): string | undefined {
    return this.logs.get(this.logKey(ref));
  }

  private logKey(ref: LogRef): string {
    return `${ref.namespace}/${ref.pod}/${ref.container}/${ref.previous ? 'previous' : 'current'}`;
  }

  private collectDependents(uid: string | undefined): void {
    if (!uid) return;
    for (const [type, bucket] of this.objects) {
      for (const dependent of [...bucket.values()]) {
        if (dependent.metadata.ownerReferences?.some((o) => o.uid === uid)) {
          this.delete(type, dependent.metadata.namespace, dependent.metadata.name ?? '');
        }
      }
    }
  }

  private bucket(type: ResourceType): Map<string, KubeObj> {
    let bucket = this.objects.get(type);
    if (!bucket) {
      bucket = new Map();
      this.objects.set(type, bucket);
    }
    return bucket;
  }

  private nextRv(): number {
    this.rv += 1;
    return this.rv;
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedRv = dropped[dropped.length - 1]!.rv;
    }
    for (const listener of [...this.listeners]) listener(event);
  }
}
