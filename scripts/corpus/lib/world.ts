/**
 * A `World` is one snapshot under construction: its clock ("now" = capturedAt), its seeded PRNG,
 * and the objects, logs, metrics and traces gathered so far. The builders below produce complete
 * objects in the shape `kubectl get -o json` prints (managedFields omitted, as kubectl does).
 */
import { Clock, Rng, type Obj } from './util.js';

export type EventView = 'v1' | 'events.k8s.io/v1';

export interface ContainerLog {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  text: string;
}

export interface MetricSeries {
  source: 'prometheus' | 'cloudwatch' | 'metrics-server';
  name: string;
  query?: string;
  labels: Record<string, string>;
  unit?: string;
  points: [number, number][];
}

export interface LogQuery {
  source: 'cloudwatch' | 'loki' | 'other';
  query: string;
  results: Record<string, string>[];
}

export interface Change {
  at: string;
  kind: string;
  target?: { namespace?: string; kind?: string; name?: string };
  detail: string;
  source: 'kubernetes' | 'github' | 'argo' | 'other';
}

export interface Alarm {
  source: 'cloudwatch' | 'alertmanager' | 'kubernetes' | 'manual';
  name: string;
  kind?: 'memory' | 'cpu' | 'latency' | 'node' | 'crash' | 'deployment' | 'unknown';
  severity?: 'critical' | 'warning' | 'info';
  target?: { namespace?: string; kind?: string; name?: string };
  startsAt?: string;
  description?: string;
  raw?: unknown;
}

export class World {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly objects: Obj[] = [];
  readonly containerLogs: ContainerLog[] = [];
  readonly metrics: MetricSeries[] = [];
  readonly logQueries: LogQuery[] = [];
  readonly changes: Change[] = [];
  readonly missing: string[] = [];
  traces: { services?: unknown[]; summaries?: unknown[] } | undefined;
  alarm: Alarm | undefined;
  eventView: EventView;
  /** Cloud flavour of node names, provider ids and image registries. */
  readonly region: string;
  readonly flavor: 'eks' | 'gke' | 'kubeadm';

  constructor(
    readonly slug: string,
    now: string,
    opts: { eventView?: EventView; region?: string; flavor?: 'eks' | 'gke' | 'kubeadm' } = {},
  ) {
    this.clock = new Clock(now);
    this.rng = new Rng(slug);
    this.eventView = opts.eventView ?? 'v1';
    this.region = opts.region ?? 'eu-west-1';
    this.flavor = opts.flavor ?? 'eks';
  }

  add<T extends Obj>(...objs: T[]): T {
    this.objects.push(...objs);
    return objs[0] as T;
  }

  iso(offset: string | number = 0): string {
    return this.clock.iso(offset);
  }

  unix(offset: string | number = 0): number {
    return this.clock.unix(offset);
  }

  /** An ECR (eks), Artifact Registry (gke) or private registry (kubeadm) image reference. */
  image(repo: string, tag: string): string {
    if (this.flavor === 'eks') return `123456789012.dkr.ecr.${this.region}.amazonaws.com/${repo}:${tag}`;
    if (this.flavor === 'gke') return `europe-west1-docker.pkg.dev/acme-prod/containers/${repo}:${tag}`;
    return `registry.internal.acme.io/${repo}:${tag}`;
  }

  log(pod: Obj, container: string, previous: boolean, lines: string[]): void {
    const meta = pod.metadata as { name: string; namespace: string };
    this.containerLogs.push({ namespace: meta.namespace, pod: meta.name, container, previous, text: lines.join('\n') });
  }

  series(s: MetricSeries): void {
    this.metrics.push(s);
  }

  insights(query: string, rows: [string | number, string][]): void {
    this.logQueries.push({
      source: 'cloudwatch',
      query,
      results: rows.map(([at, message]) => ({ '@timestamp': this.clock.insights(at, this.rng.int(0, 999)), '@message': message })),
    });
  }

  change(c: Change): void {
    this.changes.push(c);
  }
}

export function meta(obj: Obj): { name: string; namespace?: string; uid: string; labels?: Record<string, string>; resourceVersion?: string } {
  return obj.metadata as { name: string; namespace?: string; uid: string; labels?: Record<string, string>; resourceVersion?: string };
}

export function nameOf(obj: Obj): string {
  return meta(obj).name;
}

export function uidOf(obj: Obj): string {
  return meta(obj).uid;
}
