/**
 * The Kubernetes alarm source: informers on pods, Warning events and ReplicaSets (for the owner
 * chain) in the configured namespaces, parsed by pod-alarms.ts and handed to the AlarmSink. A pod
 * condition fires once per workload while any of its pods has it; stale events are not alarms.
 */
import type { Alarm } from '../../domain/alarm.js';
import { errorMessage } from '../../domain/errors.js';
import type { KubeObject } from '../../domain/snapshot.js';
import { formatTarget, type TargetRef } from '../../domain/target.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { AlarmSink } from '../../ports/intake.js';
import type { WatchEvent } from '../../ports/kubernetes.js';
import { silentLogger, type Logger } from '../../ports/logger.js';
import type { KubeClient } from '../../adapters/kubernetes/client.js';
import type { ResourceMapper } from '../../adapters/kubernetes/discovery.js';
import { ResilientInformer, type BackoffOptions } from '../../adapters/kubernetes/informer.js';
import { CHAOS_LABEL, eventAlarm, podAlarms } from './pod-alarms.js';

export interface KubernetesAlarmSourceOptions {
  readonly client: KubeClient;
  readonly resources: ResourceMapper;
  readonly sink: AlarmSink;
  /** Empty or omitted: all namespaces. */
  readonly namespaces?: readonly string[];
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Unschedulable pods alarm after this long Pending (default 5 min). */
  readonly pendingThresholdMs?: number;
  /** Events last seen longer ago than this are history, not alarms (default 10 min). */
  readonly maxEventAgeMs?: number;
  /** How often Pending pods are re-checked against the threshold (default 30 s). */
  readonly sweepIntervalMs?: number;
  readonly backoff?: BackoffOptions;
}

const MAX_REJECTED_BODY = 16_384;

export class KubernetesAlarmSource {
  private readonly informers: { readonly kind: 'Pod' | 'Event' | 'ReplicaSet'; readonly namespace?: string; readonly informer: ResilientInformer }[] = [];
  /** Alarm keys (name + target) per pod, and how many pods hold each key. */
  private readonly podKeys = new Map<string, Set<string>>();
  private readonly keyCounts = new Map<string, number>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: KubernetesAlarmSourceOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ source: 'kubernetes' });
    const namespaces = options.namespaces && options.namespaces.length > 0 ? options.namespaces : [undefined];
    for (const namespace of namespaces) {
      const scope = namespace ? { namespace } : {};
      this.informers.push({ kind: 'ReplicaSet', ...scope, informer: this.informer('apps/v1', 'ReplicaSet', namespace, undefined, () => undefined) });
      this.informers.push({ kind: 'Pod', ...scope, informer: this.informer('v1', 'Pod', namespace, undefined, (e) => this.onPod(e)) });
      this.informers.push({ kind: 'Event', ...scope, informer: this.informer('v1', 'Event', namespace, 'type=Warning', (e) => this.onEvent(e)) });
    }
  }

  /** True when every informer has listed. */
  get synced(): boolean {
    return this.informers.every((i) => i.informer.synced);
  }

  get lastActivityAt(): number {
    return Math.min(...this.informers.map((i) => i.informer.lastActivityAt));
  }

  /** The informers not synced now (relisting or failing), with their last list/watch activity (0: never synced). */
  get unsynced(): { readonly kind: string; readonly namespace?: string; readonly lastActivityAt: number }[] {
    return this.informers.filter((i) => !i.informer.synced).map((i) => ({ kind: i.kind, ...(i.namespace ? { namespace: i.namespace } : {}), lastActivityAt: i.informer.lastActivityAt }));
  }

  async start(): Promise<void> {
    // ReplicaSets first, so the pods' first list already resolves owners.
    for (const kind of ['ReplicaSet', 'Pod', 'Event'] as const) {
      await Promise.all(this.informers.filter((i) => i.kind === kind).map((i) => i.informer.start()));
    }
    this.sweepTimer = setInterval(() => this.sweepPending(), this.options.sweepIntervalMs ?? 30_000);
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await Promise.all(this.informers.map((i) => i.informer.stop()));
  }

  private informer(apiVersion: string, kind: string, namespace: string | undefined, fieldSelector: string | undefined, onEvent: (event: WatchEvent) => void): ResilientInformer {
    return new ResilientInformer({
      client: this.options.client,
      resources: this.options.resources,
      apiVersion,
      kind,
      ...(namespace ? { namespace } : {}),
      ...(fieldSelector ? { fieldSelector } : {}),
      onEvent,
      clock: this.clock,
      logger: this.logger,
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
    });
  }

  private cached(kind: 'Pod' | 'ReplicaSet', namespace: string, name: string): KubeObject | undefined {
    for (const { kind: k, informer } of this.informers) {
      if (k !== kind) continue;
      const found = informer.get(name, namespace);
      if (found) return found;
    }
    return undefined;
  }

  /** Pod → ReplicaSet → Deployment, or a pod's direct workload owner, as far as the caches know. */
  private readonly ownerOf = (namespace: string, pod: string): TargetRef | undefined => {
    const owner = this.cached('Pod', namespace, pod)?.metadata?.ownerReferences?.find((o) => o.controller);
    if (!owner) return undefined;
    if (owner.kind !== 'ReplicaSet') return { namespace, kind: owner.kind, name: owner.name };
    const deployment = this.cached('ReplicaSet', namespace, owner.name)?.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'Deployment');
    return deployment ? { namespace, kind: 'Deployment', name: deployment.name } : { namespace, kind: 'ReplicaSet', name: owner.name };
  };

  private readonly isDrillPod = (namespace: string, pod: string): boolean => CHAOS_LABEL in (this.cached('Pod', namespace, pod)?.metadata?.labels ?? {});

  private onPod(event: WatchEvent): void {
    const key = `${event.object.metadata?.namespace ?? ''}/${event.object.metadata?.name ?? ''}`;
    if (event.type === 'DELETED') {
      this.setPodKeys(key, new Set());
      return;
    }
    this.evaluatePod(key, event.object);
  }

  private evaluatePod(podKey: string, pod: KubeObject): void {
    const result = podAlarms(pod, { now: this.clock.now(), ownerOf: this.ownerOf, ...(this.options.pendingThresholdMs !== undefined ? { pendingThresholdMs: this.options.pendingThresholdMs } : {}) });
    if (!result.ok) {
      this.reject(result.reason, pod);
      return;
    }
    const fresh = new Map(result.alarms.map((a) => [`${a.name}|${formatTarget(a.target)}`, a]));
    const newKeys = [...fresh.keys()].filter((k) => !this.podKeys.get(podKey)?.has(k) && (this.keyCounts.get(k) ?? 0) === 0);
    this.setPodKeys(podKey, new Set(fresh.keys()));
    for (const key of newKeys) this.accept(fresh.get(key)!, key);
  }

  private setPodKeys(podKey: string, keys: Set<string>): void {
    for (const old of this.podKeys.get(podKey) ?? []) {
      const n = (this.keyCounts.get(old) ?? 1) - 1;
      if (n <= 0) this.keyCounts.delete(old);
      else this.keyCounts.set(old, n);
    }
    for (const key of keys) this.keyCounts.set(key, (this.keyCounts.get(key) ?? 0) + 1);
    if (keys.size > 0) this.podKeys.set(podKey, keys);
    else this.podKeys.delete(podKey);
  }

  private sweepPending(): void {
    for (const { kind, informer } of this.informers) {
      if (kind !== 'Pod') continue;
      for (const pod of informer.list()) {
        if ((pod['status'] as { phase?: string } | undefined)?.phase === 'Pending') this.evaluatePod(`${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`, pod);
      }
    }
  }

  private onEvent(event: WatchEvent): void {
    if (event.type === 'DELETED') return;
    const now = this.clock.now();
    const result = eventAlarm(event.object, { now, notBefore: now - (this.options.maxEventAgeMs ?? 10 * 60_000), ownerOf: this.ownerOf, isDrillPod: this.isDrillPod });
    if (!result.ok) this.reject(result.reason, event.object);
    else for (const alarm of result.alarms) this.accept(alarm);
  }

  private accept(alarm: Alarm, alarmKey?: string): void {
    this.options.sink.accept(alarm).then(
      (receipt) => this.logger.debug({ alarm: alarm.name, target: formatTarget(alarm.target), outcome: receipt.outcome }, 'alarm accepted'),
      (error: unknown) => {
        this.logger.warn({ alarm: alarm.name, target: formatTarget(alarm.target), err: errorMessage(error) }, 'intake refused the alarm; it fires again on the next change');
        // Forget the key so that the next pod showing the condition raises it again.
        if (alarmKey !== undefined) this.keyCounts.delete(alarmKey);
      },
    );
  }

  private reject(reason: string, object: unknown): void {
    const body = JSON.stringify(object) ?? String(object);
    const uid = (object as KubeObject | undefined)?.metadata?.uid;
    this.options.sink
      .reject({ source: 'kubernetes', ...(uid ? { deliveryId: uid } : {}), reason, body: body.slice(0, MAX_REJECTED_BODY) })
      .catch((error: unknown) => this.logger.error({ reason, err: errorMessage(error) }, 'could not record a rejected Kubernetes object'));
  }
}
