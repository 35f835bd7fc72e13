/**
 * Playbook 3, high latency, end to end: Alertmanager's latency alert on the checkout Service
 * (test/support/slow-checkout.ts). Its pods are healthy, but X-Ray shows payments below it slow
 * and faulting, Logs Insights and the pods' own logs hold connection errors to payments, and the
 * real Prometheus holds a slow histogram. The high-latency playbook must run every step, with the
 * Deployment behind the Service adopted, and Slack must say dependency-failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { metricSources, outcomes, postedStepLines, startWorld, type Investigation, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { CHECKOUT_LATENCY_ALERT, ERRORS, slowCheckout } from '../support/slow-checkout.js';

describe.skipIf(!prometheusAvailable())('high-latency playbook, end to end', () => {
  let world: World;
  let investigation: Investigation;

  beforeAll(async () => {
    world = await startWorld({ seed: slowCheckout });
    const response = await fetch(`${world.h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerWebhook([CHECKOUT_LATENCY_ALERT])) });
    expect(response.status).toBe(202);
    investigation = await world.investigation('checkout');
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('runs the high-latency playbook with every step answering', () => {
    const { snapshot, finding } = investigation;
    expect(snapshot.playbook).toBe('high-latency');
    expect(finding.playbook).toBe('high-latency');
    expect(outcomes(finding.timeline)).toEqual({
      'resolve target': 'ok',
      traces: 'ok',
      'application error logs': 'ok',
      'latency and saturation series': 'ok',
      'current container logs': 'ok',
      'rollout history': 'ok',
      events: 'ok',
      'current usage': 'ok',
    });
    // The Service's pods belong to one Deployment: its revisions and its pods' series are asked for.
    expect(finding.timeline[0]!.detail).toBe('service checkout selects 2 pods of Deployment checkout with 2 pods');
    expect(finding.timeline.find((s) => s.step === 'rollout history')!.detail).toBe('1 revisions');
  });

  it('gathers X-Ray traces, Logs Insights error lines and the latency series from Prometheus', () => {
    const { snapshot } = investigation;
    expect(snapshot.traces?.services?.length).toBe(4);
    expect(snapshot.traces?.summaries?.length).toBe(3);
    expect(world.xray!.requests.map((r) => r.operation).sort()).toEqual(['GetServiceGraph', 'GetTraceSummaries']);
    expect(world.xray!.requests.find((r) => r.operation === 'GetTraceSummaries')!.body.FilterExpression).toContain('"checkout"');
    const errors = snapshot.logs!.find((l) => l.source === 'cloudwatch')!;
    expect(errors.results).toHaveLength(2 * ERRORS.length);
    expect(errors.results[0]!['@message']).toBeDefined();
    expect(world.logsInsights!.requests.find((r) => r.operation === 'StartQuery')!.body.logGroupNames).toEqual(['/aws/containerinsights/test/application']);
    expect(metricSources(snapshot)).toMatchObject({ http_request_duration_seconds_p95: 'prometheus', http_request_duration_seconds_p99: 'prometheus', http_requests_error_ratio: 'prometheus', container_cpu_usage_cores: 'prometheus' });
    const p99 = snapshot.metrics!.find((m) => m.name === 'http_request_duration_seconds_p99')!;
    expect(p99.points.at(-1)![1]).toBeGreaterThan(2.5);
    expect(snapshot.metrics!.find((m) => m.name === 'http_requests_error_ratio')!.points.at(-1)![1]).toBeCloseTo(0.05, 3);
  });

  it('diagnoses dependency-failure and names payments', () => {
    const { diagnosis } = investigation.finding;
    expect(diagnosis.category).toBe('dependency-failure');
    expect(diagnosis.summary).toMatch(/payments/);
    expect(diagnosis.evidence.some((e) => e.source === 'xray' && e.ref.includes('checkout->payments'))).toBe(true);
    expect(diagnosis.evidence.some((e) => e.source === 'logs')).toBe(true);
  });

  it('posts dependency-failure to Slack, with the step timeline', () => {
    for (const line of postedStepLines(investigation.finding.timeline)) expect(investigation.post.blocks).toContain(line);
    expect(investigation.post.text).toContain('dependency-failure');
    expect(investigation.post.blocks).toContain('payments');
  });
});
