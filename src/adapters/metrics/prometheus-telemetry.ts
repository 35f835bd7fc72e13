/** The daemon's own metrics with prom-client, all named `triaged_*`, served on /metrics. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from '../../ports/telemetry.js';

export class PrometheusTelemetry implements Telemetry {
  readonly registry = new Registry();
  private readonly alarms = new Counter({ name: 'triaged_alarms_received_total', help: 'Alarms received, by source and intake outcome', labelNames: ['source', 'outcome'], registers: [this.registry] });
  private readonly queueWaiting = new Gauge({ name: 'triaged_queue_waiting', help: 'Investigations waiting in the queue', registers: [this.registry] });
  private readonly queueRunning = new Gauge({ name: 'triaged_queue_running', help: 'Investigations running', registers: [this.registry] });
  private readonly investigations = new Counter({ name: 'triaged_investigations_total', help: 'Investigations finished, by playbook, result and category', labelNames: ['playbook', 'result', 'category'], registers: [this.registry] });
  private readonly investigationSeconds = new Histogram({ name: 'triaged_investigation_duration_seconds', help: 'Time from start of an investigation to its finding', labelNames: ['playbook'], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers: [this.registry] });
  private readonly stepSeconds = new Histogram({ name: 'triaged_evidence_step_duration_seconds', help: 'Evidence step durations, by step and outcome', labelNames: ['step', 'outcome'], buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10], registers: [this.registry] });
  private readonly remediations = new Counter({ name: 'triaged_remediations_total', help: 'Remediations attempted, by action and outcome', labelNames: ['action', 'outcome'], registers: [this.registry] });
  private readonly notifications = new Counter({ name: 'triaged_notifications_total', help: 'Notifications, by outcome', labelNames: ['outcome'], registers: [this.registry] });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'triaged_process_' });
  }

  alarmReceived(source: string, outcome: string): void {
    this.alarms.inc({ source, outcome });
  }

  queueDepth(waiting: number, running: number): void {
    this.queueWaiting.set(waiting);
    this.queueRunning.set(running);
  }

  investigationFinished(playbook: string, result: string, category: string, durationSeconds: number): void {
    this.investigations.inc({ playbook, result, category });
    this.investigationSeconds.observe({ playbook }, durationSeconds);
  }

  evidenceStep(step: string, outcome: string, durationSeconds: number): void {
    this.stepSeconds.observe({ step, outcome }, durationSeconds);
  }

  remediation(action: string, outcome: string): void {
    this.remediations.inc({ action, outcome });
  }

  notification(outcome: string): void {
    this.notifications.inc({ outcome });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
