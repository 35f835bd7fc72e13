/**
 * The evidence of one investigation while collectors add to it in parallel; becomes the snapshot.
 * Objects are kept once (by kind, namespace, name) whichever collector found them first.
 */
import type { Alarm } from '../../domain/alarm.js';
import { redactDeep } from '../../domain/redact.js';
import type { ChangeRecord, ContainerLog, KubeObject, LogQueryResult, MetricSeries, Snapshot, StepRecord } from '../../domain/snapshot.js';

export class EvidenceDraft {
  private readonly objects = new Map<string, KubeObject>();
  private readonly containerLogs: ContainerLog[] = [];
  private readonly series: MetricSeries[] = [];
  private readonly logQueries: LogQueryResult[] = [];
  private readonly traceServices: unknown[] = [];
  private readonly traceSummaries: unknown[] = [];
  private readonly changeRecords: ChangeRecord[] = [];
  private readonly missingEvidence: string[] = [];

  addObjects(objects: readonly KubeObject[]): void {
    for (const object of objects) {
      const key = `${object.kind ?? ''}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
      if (!this.objects.has(key)) this.objects.set(key, withoutSecretData(object));
    }
  }

  addContainerLog(log: ContainerLog): void {
    this.containerLogs.push(log);
  }

  addMetrics(series: readonly MetricSeries[]): void {
    this.series.push(...series);
  }

  addLogQuery(result: LogQueryResult): void {
    this.logQueries.push(result);
  }

  addTraces(services: readonly unknown[], summaries: readonly unknown[]): void {
    this.traceServices.push(...services);
    this.traceSummaries.push(...summaries);
  }

  addChange(change: ChangeRecord): void {
    this.changeRecords.push(change);
  }

  addMissing(what: string): void {
    if (!this.missingEvidence.includes(what)) this.missingEvidence.push(what);
  }

  objectsOfKind(kind: string): KubeObject[] {
    return [...this.objects.values()].filter((o) => o.kind === kind);
  }

  /** The snapshot file (contract version 1), with secrets redacted from every string. */
  toSnapshot(options: { alarm: Alarm; capturedAtMs: number; playbook: string; timeline: readonly StepRecord[] }): Snapshot {
    const { alarm } = options;
    const snapshot: Snapshot = {
      version: 1,
      capturedAt: new Date(options.capturedAtMs).toISOString(),
      alarm: {
        source: alarm.source,
        name: alarm.name,
        kind: alarm.kind,
        severity: alarm.severity,
        target: alarm.target,
        startsAt: alarm.startsAt,
        ...(alarm.description ? { description: alarm.description } : {}),
        raw: alarm.raw,
      },
      kubernetes: { objects: [...this.objects.values()], logs: this.containerLogs },
      metrics: this.series,
      logs: this.logQueries,
      ...(this.traceServices.length + this.traceSummaries.length > 0
        ? { traces: { services: this.traceServices, summaries: this.traceSummaries } }
        : {}),
      changes: [...this.changeRecords].sort((a, b) => a.at.localeCompare(b.at)),
      playbook: options.playbook,
      timeline: options.timeline,
      missing: this.missingEvidence,
    };
    return redactDeep(snapshot);
  }
}

/** Secrets are kept as metadata only (the contract), whatever a collector fetched. */
function withoutSecretData(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret') return object;
  const { apiVersion, kind, metadata, type } = object as KubeObject & { type?: string };
  return { apiVersion, kind, metadata, ...(type ? { type } : {}) };
}
