/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: acquire or renew every
 * retry period with optimistic concurrency (resourceVersion), judge another holder's lease expired
 * by the local time at which we last saw it change, give up leadership when renewals fail past the
 * renew deadline, and release the lease on a clean stop so a standby takes over at once.
 */
import { systemClock, type Clock } from '../../ports/clock.js';
import { silentLogger, type Logger } from '../../ports/logger.js';
import { TriagedError } from '../../domain/errors.js';
import { call } from './call.js';
import type { KubeClient } from './client.js';

export interface LeaderElectorOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly leaseName: string;
  /** This replica's identity (pod name). */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly onStartedLeading?: () => void;
  readonly onStoppedLeading?: () => void;
  readonly clock?: Clock;
  readonly logger?: Logger;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; [key: string]: unknown };
  spec: LeaseSpec;
}

/** RFC 3339 with microseconds, as MicroTime is serialised. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly path: string;
  private leading = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private abort = new AbortController();
  private lastRenewAt = 0;
  private observed: { record: string; at: number } | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: LeaderElectorOptions) {
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > this.retryPeriodMs)) {
      throw new Error(`leader election needs leaseDuration > renewDeadline > retryPeriod, got ${this.leaseDurationMs} / ${this.renewDeadlineMs} / ${this.retryPeriodMs} ms`);
    }
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger).child({ lease: `${options.namespace}/${options.leaseName}`, identity: options.identity });
    this.path = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(options.namespace)}/leases`;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.tick();
  }

  /** Stops campaigning; a leader releases the lease unless `release: false` (a crash, in tests). */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.inFlight?.catch(() => undefined);
    if (this.leading && options.release !== false) await this.release().catch((error: unknown) => this.logger.warn({ err: String(error) }, 'could not release the lease'));
    this.setLeading(false);
  }

  private tick(): void {
    this.inFlight = this.tryAcquireOrRenew()
      .catch((error: unknown) => {
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'leader election round failed');
        return false;
      })
      .then((ok) => {
        if (ok) {
          this.lastRenewAt = this.clock.now();
          if (this.running) this.setLeading(true);
        } else if (this.leading && this.clock.now() - this.lastRenewAt > this.renewDeadlineMs) {
          this.logger.warn({}, 'failed to renew the lease before the renew deadline');
          this.setLeading(false);
        }
      })
      .finally(() => {
        this.inFlight = undefined;
        if (this.running) this.timer = setTimeout(() => this.tick(), this.retryPeriodMs);
      });
  }

  private setLeading(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.logger.info({ leading }, leading ? 'started leading' : 'stopped leading');
    (leading ? this.options.onStartedLeading : this.options.onStoppedLeading)?.();
  }

  /** True when this replica holds the lease after the round. */
  private async tryAcquireOrRenew(): Promise<boolean> {
    const now = this.clock.now();
    const { namespace, leaseName, identity } = this.options;
    const signal = this.abort.signal;
    const response = await call(this.options.client, `get lease ${namespace}/${leaseName}`, { method: 'GET', path: `${this.path}/${leaseName}`, signal }, [404]);
    const spec: LeaseSpec = { holderIdentity: identity, leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000), acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 };
    if (response.status === 404) {
      const lease: Lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: leaseName, namespace }, spec };
      return this.write(`create lease ${namespace}/${leaseName}`, { method: 'POST', path: this.path, body: lease, signal });
    }
    const lease = JSON.parse(response.text) as Lease;
    const holder = lease.spec.holderIdentity ?? '';
    const record = `${holder}|${lease.spec.renewTime ?? ''}`;
    if (this.observed?.record !== record) this.observed = { record, at: now };
    const expired = this.observed.at + (lease.spec.leaseDurationSeconds ?? 0) * 1000 <= now;
    if (holder !== '' && holder !== identity && !expired) return false;
    const mine = holder === identity;
    const next: Lease = {
      ...lease,
      spec: {
        ...spec,
        acquireTime: mine ? (lease.spec.acquireTime ?? spec.acquireTime) : spec.acquireTime,
        leaseTransitions: (lease.spec.leaseTransitions ?? 0) + (mine ? 0 : 1),
      },
    };
    return this.write(`update lease ${namespace}/${leaseName}`, { method: 'PUT', path: `${this.path}/${leaseName}`, body: next, signal });
  }

  /** A 409 (someone else wrote first) is a lost round, not an error. */
  private async write(action: string, request: Parameters<typeof call>[2]): Promise<boolean> {
    try {
      await call(this.options.client, action, request);
      return true;
    } catch (error) {
      if (error instanceof TriagedError && error.code === 'KUBERNETES_CONFLICT') return false;
      throw error;
    }
  }

  private async release(): Promise<void> {
    const { namespace, leaseName } = this.options;
    const response = await call(this.options.client, `get lease ${namespace}/${leaseName}`, { method: 'GET', path: `${this.path}/${leaseName}` });
    const lease = JSON.parse(response.text) as Lease;
    if (lease.spec.holderIdentity !== this.options.identity) return;
    const now = microTime(this.clock.now());
    await call(this.options.client, `release lease ${namespace}/${leaseName}`, {
      method: 'PUT',
      path: `${this.path}/${leaseName}`,
      body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: now, acquireTime: now } },
    });
  }
}
