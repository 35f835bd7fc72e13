/**
 * A list+watch cache of one kind that never gives up: client-node's raw `Watch` streams the events,
 * this loop owns the lifecycle. Any error (list or watch, 429, 5xx, dropped stream) relists after a
 * backoff of 1 s doubling to 30 s with jitter; 410 Gone relists at once; a clean end of the stream
 * resumes from the last resourceVersion. client-node's own informer stops on errors other than 410.
 */
import { Watch } from '@kubernetes/client-node';
import type { KubeObject } from '../../domain/snapshot.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { KubernetesWatcher, WatchEvent } from '../../ports/kubernetes.js';
import { silentLogger, type Logger } from '../../ports/logger.js';
import { call } from './call.js';
import type { KubeClient } from './client.js';
import type { ResourceMapper } from './discovery.js';

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export interface ResilientInformerOptions {
  readonly client: KubeClient;
  readonly resources: ResourceMapper;
  readonly apiVersion: string;
  readonly kind: string;
  /** Omitted: all namespaces. */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** Called for every change, including the ADDED events of the first list. */
  readonly onEvent: (event: WatchEvent) => void;
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly backoff?: BackoffOptions;
  readonly random?: () => number;
}

interface ListBody {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string };
  readonly items?: KubeObject[];
}

class WatchExpired extends Error {}

const PAGE_SIZE = 500;

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { statusCode?: unknown; code?: unknown } | undefined)?.statusCode ?? (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

export class ResilientInformer implements KubernetesWatcher {
  private readonly cache = new Map<string, KubeObject>();
  private readonly watch: Watch;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly backoff: BackoffOptions;
  private readonly random: () => number;
  private resourceVersion = '';
  private attempt = 0;
  private stopped = true;
  private abort = new AbortController();
  private watchController: AbortController | undefined;
  private timer: NodeJS.Timeout | undefined;
  private path = '';
  private _synced = false;
  private _lastActivityAt = 0;
  /** Each restart of the loop; a cycle of an older generation ends quietly. */
  private generation = 0;

  constructor(private readonly options: ResilientInformerOptions) {
    this.watch = new Watch(options.client.kubeConfig);
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ informer: `${options.apiVersion}/${options.kind}`, namespace: options.namespace ?? '*' });
    this.backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    this.random = options.random ?? Math.random;
  }

  get synced(): boolean {
    return this._synced;
  }

  get lastActivityAt(): number {
    return this._lastActivityAt;
  }

  /** Objects in the cache (all namespaces, or one). */
  list(namespace?: string): KubeObject[] {
    return [...this.cache.values()].filter((o) => namespace === undefined || o.metadata?.namespace === namespace);
  }

  get(name: string, namespace?: string): KubeObject | undefined {
    return this.cache.get(`${namespace ?? ''}/${name}`);
  }

  /** Resolves after the first list+watch attempt; when it failed, the loop retries in the background. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.generation += 1;
    await this.cycle(this.generation, true);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.generation += 1;
    this._synced = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    this.watchController?.abort();
    this.watchController = undefined;
  }

  private async cycle(generation: number, first = false): Promise<void> {
    try {
      if (this.path === '') this.path = await this.options.resources.path(this.options.apiVersion, this.options.kind, this.options.namespace, undefined, this.abort.signal);
      if (this.resourceVersion === '') await this.relist();
      const ended = this.watchOnce(generation);
      if (first) {
        // start() returns once the watch is open; the stream is then followed in the background.
        void ended.then(
          () => this.schedule(generation, 0),
          (error: unknown) => this.recover(generation, error),
        );
        return;
      }
      await ended;
      this.schedule(generation, 0);
    } catch (error) {
      this.recover(generation, error);
    }
  }

  private recover(generation: number, error: unknown): void {
    if (this.stopped || generation !== this.generation) return;
    this._synced = false;
    this.resourceVersion = '';
    if (error instanceof WatchExpired) {
      this.logger.info({ resourceVersion: error.message }, 'watch expired (410 Gone): relisting');
      this.schedule(generation, 0);
      return;
    }
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempt) * (0.8 + 0.4 * this.random());
    this.attempt += 1;
    this.logger.warn({ err: error instanceof Error ? error.message : String(error), retryInMs: Math.round(delay), attempt: this.attempt }, 'list/watch failed: restarting');
    this.schedule(generation, delay);
  }

  private schedule(generation: number, delayMs: number): void {
    if (this.stopped || generation !== this.generation) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.cycle(generation);
    }, delayMs);
  }

  private async relist(): Promise<void> {
    this._synced = false;
    const items: KubeObject[] = [];
    let resourceVersion: string;
    let continueToken: string | undefined;
    do {
      const response = await call(this.options.client, `list ${this.options.apiVersion} ${this.options.kind} for the informer`, {
        method: 'GET',
        path: this.path,
        query: { labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector, limit: PAGE_SIZE, continue: continueToken },
        signal: this.abort.signal,
      });
      const body = JSON.parse(response.text) as ListBody;
      items.push(...(body.items ?? []).map((item) => ({ apiVersion: this.options.apiVersion, kind: this.options.kind, ...item })));
      resourceVersion = body.metadata?.resourceVersion ?? '';
      continueToken = body.metadata?.continue || undefined;
    } while (continueToken !== undefined);
    if (this.stopped) return;
    const fresh = new Map(items.map((o) => [keyOf(o), o]));
    for (const [key, old] of [...this.cache]) {
      if (!fresh.has(key)) {
        this.cache.delete(key);
        this.emit('DELETED', old);
      }
    }
    for (const [key, object] of fresh) {
      const old = this.cache.get(key);
      this.cache.set(key, object);
      if (!old) this.emit('ADDED', object);
      else if (old.metadata?.['resourceVersion'] !== object.metadata?.['resourceVersion']) this.emit('MODIFIED', object);
    }
    this.resourceVersion = resourceVersion;
    this._synced = true;
    this.attempt = 0;
    this.touch();
  }

  /** Opens the watch; the promise settles when the stream ends (resolves) or fails (rejects). */
  private async watchOnce(generation: number): Promise<void> {
    let expired = false;
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    const ended = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // The stream can fail before the caller attaches its handlers: keep that from reading as unhandled.
    ended.catch(() => undefined);
    const controller = await this.watch.watch(
      this.path,
      { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector },
      (phase: string, object: KubeObject) => {
        if (generation !== this.generation) return;
        if (phase === 'ERROR') {
          expired ||= (object as { code?: unknown }).code === 410;
          return;
        }
        this.onWatchEvent(phase, object);
      },
      (error: unknown) => {
        if (expired || statusCode(error) === 410) settle.reject(new WatchExpired(this.resourceVersion));
        else if (error && !isTimeout(error)) settle.reject(error);
        else settle.resolve();
      },
    );
    if (generation !== this.generation) controller.abort();
    else this.watchController = controller;
    return ended;
  }

  private onWatchEvent(phase: string, raw: KubeObject): void {
    const object: KubeObject = { apiVersion: this.options.apiVersion, kind: this.options.kind, ...raw };
    const rv = object.metadata?.['resourceVersion'];
    if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
    this.attempt = 0;
    this.touch();
    if (phase === 'BOOKMARK') return;
    if (phase === 'DELETED') {
      this.cache.delete(keyOf(object));
      this.emit('DELETED', object);
    } else if (phase === 'ADDED' || phase === 'MODIFIED') {
      const existed = this.cache.has(keyOf(object));
      this.cache.set(keyOf(object), object);
      this.emit(existed ? 'MODIFIED' : 'ADDED', object);
    }
  }

  private touch(): void {
    this._lastActivityAt = this.clock.now();
  }

  private emit(type: WatchEvent['type'], object: KubeObject): void {
    try {
      this.options.onEvent({ type, object });
    } catch (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error), type, object: keyOf(object) }, 'informer event handler threw');
    }
  }
}
