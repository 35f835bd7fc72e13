/**
 * Gathers the daily health report: pods, nodes and PodMetrics from the Kubernetes API, the last
 * 24 hours of incidents with their findings and approvals from the store; domain/health-report.ts
 * sums them up. `postDailyReport` is what the schedule runs.
 */
import { errorMessage } from '../../domain/errors.js';
import { buildDailyReport, reportNotice, type DailyHealthReport, type IncidentRecord } from '../../domain/health-report.js';
import type { KubeObject } from '../../domain/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { KubernetesReader } from '../../ports/kubernetes.js';
import type { Logger } from '../../ports/logger.js';
import type { Notifier } from '../../ports/notifier.js';
import type { IncidentStore } from '../../ports/store.js';
import { publishNotice } from './publish.js';

export interface HealthReportSources {
  readonly kubernetes: KubernetesReader;
  readonly store: IncidentStore;
  readonly clock: Clock;
  readonly cluster: string;
}

const DAY_MS = 86_400_000;

export async function collectDailyReport(sources: HealthReportSources, signal?: AbortSignal): Promise<DailyHealthReport> {
  const now = sources.clock.now();
  const [pods, nodes, podMetrics, incidents] = await Promise.all([
    sources.kubernetes.list({ apiVersion: 'v1', kind: 'Pod' }, signal),
    sources.kubernetes.list({ apiVersion: 'v1', kind: 'Node' }, signal),
    // metrics-server is optional: without it the report says so instead of failing.
    sources.kubernetes.list({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics' }, signal).catch((): KubeObject[] | undefined => undefined),
    sources.store.listIncidents({ sinceMs: now - DAY_MS, limit: 500 }),
  ]);
  const records = await Promise.all(
    incidents.map(async (incident): Promise<IncidentRecord> => {
      const [finding, approvals] = await Promise.all([sources.store.latestFinding(incident.id), sources.store.approvalsOf(incident.id)]);
      return { incident, approvals, ...(finding ? { category: finding.diagnosis.category } : {}) };
    }),
  );
  return buildDailyReport({ cluster: sources.cluster, now, pods, nodes, ...(podMetrics ? { podMetrics } : {}), incidents: records });
}

export interface DailyReportOptions extends HealthReportSources {
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly timeZone: string;
}

/** Collects and posts one report; a failure to collect is logged and posted as a short notice. */
export async function postDailyReport(options: DailyReportOptions): Promise<DailyHealthReport | undefined> {
  try {
    const report = await collectDailyReport(options, AbortSignal.timeout(60_000));
    await publishNotice(options.notifier, reportNotice(report, options.timeZone), options.logger);
    return report;
  } catch (error) {
    options.logger.error({ err: errorMessage(error) }, 'daily health report failed');
    await publishNotice(options.notifier, { title: `Daily health report — ${options.cluster}: could not be gathered`, sections: [{ heading: 'Error', lines: [errorMessage(error)] }] }, options.logger);
    return undefined;
  }
}
