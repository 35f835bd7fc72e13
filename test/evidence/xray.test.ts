/** XRayClient against the loopback X-Ray fake: the service graph and trace summaries in wire shape, paging bounds, failures. */
import type { XRayClient as XRaySdkClient } from '@aws-sdk/client-xray';
import { afterEach, describe, expect, it } from 'vitest';
import { XRayClient, type XRayClientOptions } from '../../src/adapters/aws/xray.js';
import { faultyOrSlowTraces } from '../../src/adapters/aws/xray-filters.js';
import { TriagedError } from '../../src/domain/errors.js';
import { readAwsFixture } from '../../src/sim/aws/fixtures.js';
import { startFakeXRay, type FakeXRay, type FakeXRayOptions } from '../../src/sim/aws/xray.js';
import { xraySdkClient } from './aws-clients.js';

const WINDOW = { start: 1795341300, end: 1795341600 };
const FILTER = faultyOrSlowTraces('checkout');

let fake: FakeXRay | undefined;
let sdk: XRaySdkClient | undefined;

afterEach(async () => {
  sdk?.destroy();
  await fake?.close();
  fake = undefined;
  sdk = undefined;
});

async function setup(fakeOptions: FakeXRayOptions = {}, clientOptions: Partial<XRayClientOptions> = {}): Promise<{ fake: FakeXRay; xray: XRayClient }> {
  fake = await startFakeXRay(fakeOptions);
  sdk = xraySdkClient(fake.url);
  return { fake, xray: new XRayClient({ client: sdk, ...clientOptions }) };
}

async function failureOf(promise: Promise<unknown>): Promise<TriagedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TriagedError);
  return error as TriagedError;
}

describe('XRayClient', () => {
  it('returns the service graph entries exactly as the API sent them, epoch seconds included', async () => {
    const { fake, xray } = await setup();
    const services = await xray.serviceGraph(WINDOW);
    const fixture = await readAwsFixture<{ Services: unknown[] }>('xray-get-service-graph-response.json');
    expect(services).toEqual(fixture.Services);
    expect(JSON.parse(JSON.stringify(services))).toEqual(fixture.Services);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ operation: 'GetServiceGraph', body: { StartTime: 1795341300, EndTime: 1795341600 } });
  });

  it('follows NextToken through three pages of trace summaries', async () => {
    const { fake, xray } = await setup({ pageSize: 1 });
    const summaries = await xray.traceSummaries(FILTER, WINDOW);
    const fixture = await readAwsFixture<{ TraceSummaries: { Id: string; StartTime: number }[] }>('xray-get-trace-summaries-response.json');
    expect(summaries).toEqual(fixture.TraceSummaries);
    expect((summaries[0] as { StartTime: unknown }).StartTime).toBe(1795341587.214);
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[0]!.body).toEqual({ StartTime: 1795341300, EndTime: 1795341600, TimeRangeType: 'Event', Sampling: false, FilterExpression: 'service("checkout") { fault = true OR responsetime > 1 }' });
    expect(fake.requests.map((r) => typeof r.body.NextToken)).toEqual(['undefined', 'string', 'string']);
  });

  it('stops at maxPages and at maxTraceSummaries', async () => {
    const byPages = await setup({ pageSize: 1 }, { maxPages: 2 });
    expect(await byPages.xray.traceSummaries(FILTER, WINDOW)).toHaveLength(2);
    expect(byPages.fake.requests).toHaveLength(2);
    await byPages.fake.close();
    sdk?.destroy();

    const byItems = await setup({ pageSize: 2 }, { maxTraceSummaries: 1 });
    expect(await byItems.xray.traceSummaries(FILTER, WINDOW)).toHaveLength(1);
    expect(byItems.fake.requests).toHaveLength(1);
  });

  it('a rejected request is a non-retryable EVIDENCE_FAILED, throttling a retryable one', async () => {
    const { xray, fake } = await setup();
    fake.failNext('GetTraceSummaries', { status: 400, type: 'InvalidRequestException', message: 'Invalid filter expression' });
    fake.failNext('GetServiceGraph', { status: 429, type: 'ThrottledException', message: 'Rate exceeded' });
    const invalid = await failureOf(xray.traceSummaries('service(', WINDOW));
    expect(invalid).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: false, context: { operation: 'GetTraceSummaries', errorName: 'InvalidRequestException' } });
    expect(invalid.message).toContain('Invalid filter expression');
    expect(invalid.message).toContain('"service("');
    const throttled = await failureOf(xray.serviceGraph(WINDOW));
    expect(throttled).toMatchObject({ code: 'EVIDENCE_FAILED', retryable: true, context: { errorName: 'ThrottledException' } });
  });

  it('an aborted call is EVIDENCE_TIMEOUT', async () => {
    const { xray, fake } = await setup({ latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = failureOf(xray.serviceGraph(WINDOW, controller.signal));
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
    controller.abort();
    expect((await pending).code).toBe('EVIDENCE_TIMEOUT');
  });

  it('the filter names a service by type when asked, quoting odd names', () => {
    expect(faultyOrSlowTraces('checkout', 2.5, 'AWS::EKS::Container')).toBe('service(id(name: "checkout", type: "AWS::EKS::Container")) { fault = true OR responsetime > 2.5 }');
    expect(faultyOrSlowTraces('a"b')).toBe('service("a\\"b") { fault = true OR responsetime > 1 }');
  });
});
