/**
 * A source that fails does not fail the investigation: in the latency incident
 * (test/support/slow-checkout.ts) X-Ray answers 500 to every call and the Logs Insights query stays
 * Running past its step's deadline. Each becomes a `failed` or `timeout` step and a `missing`
 * entry; the investigation still completes on the other evidence and posts, with its step
 * timeline, to Slack. The stuck query is stopped, not left holding one of the account's slots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertmanagerWebhook } from '../../src/sim/alertmanager.js';
import { outcomes, startWorld, type Investigation, type World } from '../support/playbook-world.js';
import { prometheusAvailable } from '../support/prometheus.js';
import { CHECKOUT_LATENCY_ALERT, slowCheckout } from '../support/slow-checkout.js';

/** The application error logs step's deadline (src/core/evidence/signal-collectors.ts). */
const LOGS_STEP_DEADLINE_MS = 15_000;

describe.skipIf(!prometheusAvailable())('failing evidence sources, end to end', () => {
  let world: World;
  let investigation: Investigation;

  beforeAll(async () => {
    world = await startWorld({ seed: (cluster, nowMs) => ({ ...slowCheckout(cluster, nowMs), logsInsights: { runningMs: 10 * 60_000 } }) });
    // Every attempt the SDK makes (it retries 5xx) fails.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      world.xray!.failNext('GetServiceGraph', { status: 500, type: 'InternalFailure', message: 'injected: X-Ray is having a bad day' });
      world.xray!.failNext('GetTraceSummaries', { status: 500, type: 'InternalFailure', message: 'injected: X-Ray is having a bad day' });
    }
    const response = await fetch(`${world.h.baseUrl}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alertmanagerWebhook([CHECKOUT_LATENCY_ALERT])) });
    expect(response.status).toBe(202);
    investigation = await world.investigation('checkout');
  }, 90_000);

  afterAll(async () => {
    await world?.close();
  });

  it('records X-Ray as failed and Logs Insights as timed out, every other step as ok', () => {
    const { finding } = investigation;
    expect(outcomes(finding.timeline)).toEqual({
      'resolve target': 'ok',
      traces: 'failed',
      'application error logs': 'timeout',
      'latency and saturation series': 'ok',
      'current container logs': 'ok',
      'rollout history': 'ok',
      events: 'ok',
      'current usage': 'ok',
    });
    const logs = finding.timeline.find((s) => s.step === 'application error logs')!;
    expect(logs.detail).toBe(`no answer within ${LOGS_STEP_DEADLINE_MS} ms`);
    expect(logs.durationMs).toBeGreaterThanOrEqual(LOGS_STEP_DEADLINE_MS - 50);
    expect(finding.timeline.find((s) => s.step === 'traces')!.detail).toMatch(/X-Ray/);
  });

  it('names both sources in the snapshot and the finding as missing evidence', () => {
    const { snapshot, finding } = investigation;
    const missing = [...(snapshot.missing ?? [])];
    expect(missing).toContain(`application error logs (cloudwatch): no answer within ${LOGS_STEP_DEADLINE_MS} ms`);
    expect(missing.find((m) => m.startsWith('traces (xray): '))).toBeDefined();
    expect(finding.diagnosis.missing).toEqual(expect.arrayContaining(missing));
    expect(snapshot.traces).toBeUndefined();
    expect(snapshot.logs ?? []).toEqual([]);
  });

  it('stops the Logs Insights query it gave up on', () => {
    const operations = world.logsInsights!.requests.map((r) => r.operation);
    expect(operations[0]).toBe('StartQuery');
    expect(operations).toContain('StopQuery');
    expect(world.logsInsights!.running).toBe(0);
  });

  it('still completes on the other evidence and posts the finding with its step timeline', () => {
    const { finding, post, incident } = investigation;
    expect(incident.status).toBe('diagnosed');
    // The pods' own logs still show the connection errors to payments.
    expect(finding.diagnosis.category).toBe('dependency-failure');
    expect(post.text).toContain('dependency-failure');
    expect(post.blocks).toContain('*Steps*');
    expect(post.blocks).toMatch(/timeout application error logs \(cloudwatch, \d+ ms\): no answer within 15000 ms/);
    expect(post.blocks).toMatch(/failed traces \(xray, \d+ ms\): /);
    expect(post.blocks).toMatch(/ok latency and saturation series \(metrics, \d+ ms\): \d+ series from prometheus over 60 min/);
    expect(post.blocks).toContain('Missing evidence');
  });
});
