/**
 * Post-deployment checks: when a Deployment gets a new revision (a new ReplicaSet, or an old one
 * brought back by a rollback), watch it for a window: rollout progress, the new pods' readiness
 * and restarts, and Prometheus' error ratio and P95 latency when configured. A healthy rollout is
 * posted as a notice; a failing one becomes a `deployment` alarm for the intake, whose rollout
 * playbook proposes `rollout-undo` with Approve / Deny.
 */
import type { Alarm } from '../../domain/alarm.js';
import { errorMessage } from '../../domain/errors.js';
import type { KubeObject, MetricSeries } from '../../domain/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { SignalSource } from '../../ports/evidence.js';
import type { AlarmSink } from '../../ports/intake.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import { judgeRollout, DEFAULT_THRESHOLDS, type PostDeployThresholds, type Verdict } from './post-deploy-checks.js';
import { publishNotice } from './publish.js';
import { systemTimers, type Timers } from './schedule.js';

export interface PostDeployOptions {
  readonly kubernetes: KubernetesReader;
  /** Prometheus (or another source) for error ratio and latency; absent: those checks are skipped. */
  readonly signals?: SignalSource;
  readonly sink: AlarmSink;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly timers?: Timers;
  readonly logger: Logger;
  /** TRIAGED_POSTDEPLOY_WINDOW_MINUTES; 0 turns the checks off. */
  readonly windowMs: number;
  /** Default 30 s. */
  readonly pollMs?: number;
  readonly thresholds?: PostDeployThresholds;
}

interface Watch {
  readonly key: string;
  readonly namespace: string;
  readonly deployment: string;
  readonly replicaSet: string;
  readonly revision: number;
  readonly startedAt: number;
  handle?: unknown;
  running?: Promise<void>;
  done: boolean;
}

const REVISION = 'deployment.kubernetes.io/revision';

export class PostDeployWatcher {
  private readonly watches = new Map<string, Watch>();
  /** Newest revision seen per Deployment, so a relist or resync does not start a check again. */
  private readonly revisions = new Map<string, number>();
  private readonly timers: Timers;
  private stopped = false;

  constructor(private readonly options: PostDeployOptions) {
    this.timers = options.timers ?? systemTimers;
  }

  /** Rollouts being watched. */
  get watching(): number {
    return this.watches.size;
  }

  /**
   * Called with every ReplicaSet the watch sees (ADDED or MODIFIED). Starts a check when it is a
   * Deployment's newest revision and was created within the window (older ones are history).
   * Returns true when a check started.
   */
  observeReplicaSet(replicaSet: KubeObject): boolean {
    if (this.stopped || this.options.windowMs <= 0) return false;
    const owner = replicaSet.metadata?.ownerReferences?.find((o) => o.kind === 'Deployment' && o.controller !== false);
    const namespace = replicaSet.metadata?.namespace;
    const name = replicaSet.metadata?.name;
    const revision = Number(replicaSet.metadata?.annotations?.[REVISION] ?? NaN);
    if (!owner || !namespace || !name || !Number.isFinite(revision)) return false;
    const key = `${namespace}/${owner.name}`;
    const known = this.revisions.get(key);
    if (known !== undefined && revision <= known) return false;
    this.revisions.set(key, revision);
    const created = Date.parse(replicaSet.metadata?.creationTimestamp ?? '');
    const recent = Number.isFinite(created) && this.options.clock.now() - created <= this.options.windowMs;
    // First sight of an old ReplicaSet is the initial list; a rollback bumps a known one.
    if (known === undefined && !recent) return false;
    if (known === undefined && revision <= 1) return false;
    this.cancel(key);
    const watch: Watch = { key, namespace, deployment: owner.name, replicaSet: name, revision, startedAt: this.options.clock.now(), done: false };
    this.watches.set(key, watch);
    this.options.logger.info({ deployment: key, replicaSet: name, revision, windowMs: this.options.windowMs }, 'post-deploy check started');
    this.arm(watch);
    return true;
  }

  /** Resolves when no check is in flight (tests step a fake clock with it). */
  async settled(): Promise<void> {
    await Promise.all([...this.watches.values()].map((w) => w.running));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running = [...this.watches.values()].map((w) => w.running);
    for (const key of [...this.watches.keys()]) this.cancel(key);
    await Promise.all(running);
  }

  private cancel(key: string): void {
    const watch = this.watches.get(key);
    if (!watch) return;
    watch.done = true;
    if (watch.handle !== undefined) this.timers.clearTimeout(watch.handle);
    this.watches.delete(key);
  }

  private arm(watch: Watch): void {
    if (watch.done || this.stopped) return;
    const remaining = watch.startedAt + this.options.windowMs - this.options.clock.now();
    watch.handle = this.timers.setTimeout(() => {
      watch.handle = undefined;
      watch.running = this.check(watch).finally(() => {
        watch.running = undefined;
      });
    }, Math.max(0, Math.min(this.options.pollMs ?? 30_000, remaining)));
  }

  private async check(watch: Watch): Promise<void> {
    const final = this.options.clock.now() >= watch.startedAt + this.options.windowMs;
    let verdict: Verdict;
    try {
      verdict = await this.evaluate(watch, final);
    } catch (error) {
      this.options.logger.warn({ deployment: watch.key, err: errorMessage(error) }, 'post-deploy check could not read the rollout');
      verdict = final ? { state: 'failing', reasons: [`the rollout could not be read: ${errorMessage(error)}`], checks: [] } : { state: 'watching', checks: [] };
    }
    if (watch.done) return;
    if (verdict.state === 'watching') return this.arm(watch);
    this.cancel(watch.key);
    if (verdict.state === 'healthy') await this.reportHealthy(watch, verdict.checks);
    else await this.reportFailing(watch, verdict.reasons, verdict.checks);
  }

  private async evaluate(watch: Watch, final: boolean): Promise<Verdict> {
    const { kubernetes } = this.options;
    const [deployment, replicaSet] = await Promise.all([
      kubernetes.get({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: watch.namespace, name: watch.deployment }),
      kubernetes.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: watch.namespace, name: watch.replicaSet }),
    ]);
    const hash = replicaSet?.metadata?.labels?.['pod-template-hash'];
    const pods = hash ? await kubernetes.list({ apiVersion: 'v1', kind: 'Pod', namespace: watch.namespace, labelSelector: `pod-template-hash=${hash}` }) : [];
    const owned = pods.filter((p) => p.metadata?.ownerReferences?.some((o) => o.name === watch.replicaSet));
    const metrics = final ? await this.metrics(watch) : {};
    return judgeRollout({ deployment, pods: owned, final, ...metrics }, this.options.thresholds ?? DEFAULT_THRESHOLDS);
  }

  /** Error ratio over the window, and P95 latency after against the same span before; missing data is left out. */
  private async metrics(watch: Watch): Promise<{ errorRatio?: number; latencyP95?: { before: number; after: number } }> {
    const signals = this.options.signals;
    if (!signals) return {};
    const end = Math.floor(this.options.clock.now() / 1000);
    const start = Math.floor(watch.startedAt / 1000);
    const workload = { namespace: watch.namespace, name: watch.deployment, kind: 'Deployment' };
    const mean = (series: readonly MetricSeries[]): number | undefined => {
      const values = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
    };
    const read = (signal: 'error-ratio' | 'latency-p95', from: number, to: number): Promise<number | undefined> =>
      signals.supports(signal) ? signals.workloadSignal(signal, workload, { start: from, end: to }).then(mean, () => undefined) : Promise.resolve(undefined);
    const [errorRatio, after, before] = await Promise.all([read('error-ratio', start, end), read('latency-p95', start, end), read('latency-p95', start - (end - start), start)]);
    return { ...(errorRatio !== undefined ? { errorRatio } : {}), ...(after !== undefined && before !== undefined ? { latencyP95: { before, after } } : {}) };
  }

  private async reportHealthy(watch: Watch, checks: readonly string[]): Promise<void> {
    const minutes = Math.round(this.options.windowMs / 60_000);
    this.options.logger.info({ deployment: watch.key, revision: watch.revision }, 'post-deploy check: healthy');
    await publishNotice(this.options.notifier, { title: `✅ ${watch.key} revision ${watch.revision} is healthy after ${minutes} min`, sections: [{ heading: 'Checks', lines: checks.map((c) => `• ${c}`) }], context: `ReplicaSet ${watch.replicaSet}` }, this.options.logger);
  }

  private async reportFailing(watch: Watch, reasons: readonly string[], checks: readonly string[]): Promise<void> {
    this.options.logger.warn({ deployment: watch.key, revision: watch.revision, reasons }, 'post-deploy check: failing');
    const alarm: Alarm = {
      source: 'kubernetes',
      name: 'PostDeployCheckFailed',
      kind: 'deployment',
      severity: 'critical',
      state: 'firing',
      target: { namespace: watch.namespace, kind: 'Deployment', name: watch.deployment },
      startsAt: new Date(watch.startedAt).toISOString(),
      description: `Revision ${watch.revision} (${watch.replicaSet}) fails its post-deploy check: ${reasons.join('; ')}`,
      labels: { replicaset: watch.replicaSet, revision: String(watch.revision), check: 'post-deploy' },
      raw: { reasons, checks },
    };
    try {
      const receipt = await this.options.sink.accept(alarm);
      receipt.settled.catch((error: unknown) => this.options.logger.warn({ deployment: watch.key, err: errorMessage(error) }, 'post-deploy: the rollout investigation failed'));
    } catch (error) {
      this.options.logger.error({ deployment: watch.key, err: errorMessage(error) }, 'post-deploy: the failing rollout could not be handed to the intake');
    }
  }
}
