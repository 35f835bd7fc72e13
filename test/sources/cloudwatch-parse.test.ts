import { describe, expect, it } from 'vitest';
import type { Alarm, ParseResult } from '../../src/domain/alarm.js';
import { parseCloudWatchBody } from '../../src/sources/cloudwatch/parse.js';
import { fixtureJson, fixtureText } from './helpers.js';

const MEMORY_ARN = 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-checkout-pod-memory-high';

function onlyAlarm(result: ParseResult): Alarm {
  if (!result.ok) throw new Error(`expected an alarm, got rejection: ${result.reason}`);
  expect(result.alarms).toHaveLength(1);
  return result.alarms[0] as Alarm;
}

function snsBody(message: object): string {
  return JSON.stringify({ Type: 'Notification', MessageId: 'm-1', TopicArn: 'arn:aws:sns:us-east-1:123456789012:t', Message: JSON.stringify(message) });
}

describe('parseCloudWatchBody: EventBridge', () => {
  it('maps the metric alarm going to ALARM onto a firing memory alarm on the checkout workload', () => {
    const alarm = onlyAlarm(parseCloudWatchBody(fixtureText('aws/eventbridge-alarm-state-change-metric.json')));
    expect(alarm).toMatchObject({
      source: 'cloudwatch',
      name: 'shop-checkout-pod-memory-high',
      state: 'firing',
      severity: 'warning',
      kind: 'memory',
      target: { namespace: 'shop', name: 'checkout' },
      externalId: MEMORY_ARN,
      startsAt: '2026-11-22T10:00:42.731Z',
    });
    expect(alarm.target.kind).toBeUndefined();
    expect(alarm.endsAt).toBeUndefined();
    expect(alarm.description).toMatch(/above 90% of their memory limit/);
    expect(alarm.labels).toMatchObject({ region: 'us-east-1', account: '123456789012', ClusterName: 'prod-eks', metric_name: 'pod_memory_utilization_over_pod_limit' });
    expect(alarm.raw).toEqual(fixtureJson('aws/eventbridge-alarm-state-change-metric.json'));
  });

  it('resolves on the OK event, dated from the ALARM it ends', () => {
    const alarm = onlyAlarm(parseCloudWatchBody(fixtureText('aws/eventbridge-alarm-state-change-ok.json')));
    expect(alarm).toMatchObject({
      name: 'shop-checkout-pod-memory-high',
      state: 'resolved',
      externalId: MEMORY_ARN,
      target: { namespace: 'shop', name: 'checkout' },
      startsAt: '2026-11-22T10:00:42.731Z',
      endsAt: '2026-11-22T10:24:42.309Z',
    });
  });

  it('reads a metric-math alarm from its inputs: 5XX is latency, a target group names no Kubernetes target', () => {
    const alarm = onlyAlarm(parseCloudWatchBody(fixtureText('aws/eventbridge-alarm-state-change-metric-math.json')));
    expect(alarm).toMatchObject({
      name: 'shop-checkout-5xx-ratio-high',
      state: 'firing',
      kind: 'latency',
      severity: 'warning',
      target: {},
      externalId: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-checkout-5xx-ratio-high',
      startsAt: '2026-11-22T10:02:10.421Z',
    });
    expect(alarm.labels).toMatchObject({ metric_namespace: 'AWS/ApplicationELB', TargetGroup: expect.stringMatching(/^targetgroup\//) });
  });

  it('reads a composite alarm, which has no metrics', () => {
    const alarm = onlyAlarm(parseCloudWatchBody(fixtureText('aws/eventbridge-alarm-state-change-composite.json')));
    expect(alarm).toMatchObject({
      name: 'shop-checkout-degraded',
      state: 'firing',
      kind: 'unknown',
      target: {},
      externalId: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-checkout-degraded',
      startsAt: '2026-11-22T10:00:43.104Z',
      labels: { region: 'us-east-1', account: '123456789012' },
    });
  });

  it('accepts INSUFFICIENT_DATA as a valid body with nothing to act on', () => {
    const event = fixtureJson('aws/eventbridge-alarm-state-change-metric.json') as { detail: { state: { value: string } } };
    event.detail.state.value = 'INSUFFICIENT_DATA';
    expect(parseCloudWatchBody(JSON.stringify(event))).toEqual({ ok: true, alarms: [] });
  });

  it('takes severity from an alarmTags severity tag, and marks a chaos-tagged alarm a drill', () => {
    const event = fixtureJson('aws/eventbridge-alarm-state-change-metric.json') as { detail: Record<string, unknown> };
    event.detail['alarmTags'] = { Severity: 'P1', 'triaged.dev/chaos': 'memory-leak' };
    const alarm = onlyAlarm(parseCloudWatchBody(JSON.stringify(event)));
    expect(alarm.severity).toBe('critical');
    expect(alarm.drill).toBe(true);
  });

  it('calls an alarm critical when its name says so', () => {
    const event = fixtureJson('aws/eventbridge-alarm-state-change-metric.json') as { detail: { alarmName: string } };
    event.detail.alarmName = 'shop-checkout-memory-CRITICAL';
    expect(onlyAlarm(parseCloudWatchBody(JSON.stringify(event))).severity).toBe('critical');
  });
});

describe('parseCloudWatchBody: SNS-wrapped classic notification', () => {
  it('parses the fixture body (Message parsed a second time, region from the ARN not the display name)', () => {
    const alarm = onlyAlarm(parseCloudWatchBody(fixtureText('aws/sqs-body-sns-cloudwatch-alarm.json').replace(/\n$/, '')));
    expect(alarm).toMatchObject({
      source: 'cloudwatch',
      name: 'shop-checkout-pod-memory-high',
      state: 'firing',
      severity: 'warning',
      kind: 'memory',
      target: { namespace: 'shop', name: 'checkout' },
      externalId: MEMORY_ARN,
      startsAt: '2026-11-22T10:00:42.731Z',
      labels: { region: 'us-east-1', ClusterName: 'prod-eks' },
    });
  });

  it('reads both bodies of the ReceiveMessage fixture to the same alarm', () => {
    const { Messages } = fixtureJson('aws/sqs-receive-message-response.json') as { Messages: { Body: string }[] };
    const [fromEventBridge, fromSns] = Messages.map((m) => onlyAlarm(parseCloudWatchBody(m.Body)));
    const essentials = (a: Alarm | undefined) => a && { name: a.name, state: a.state, kind: a.kind, target: a.target, externalId: a.externalId, startsAt: a.startsAt };
    expect(essentials(fromSns)).toEqual(essentials(fromEventBridge));
  });

  it('reads a metric-math notification from Trigger.Metrics', () => {
    const alarm = onlyAlarm(
      parseCloudWatchBody(
        snsBody({
          AlarmName: 'shop-checkout-p99-latency',
          AlarmDescription: null,
          AlarmArn: 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:shop-checkout-p99-latency',
          NewStateValue: 'ALARM',
          StateChangeTime: '2026-11-22T10:05:00.000+0000',
          Trigger: {
            Period: 60,
            Metrics: [
              { Expression: 'm1 * 1000', Id: 'e1', Label: 'checkout p99 ms', ReturnData: true },
              {
                Id: 'm1',
                MetricStat: {
                  Metric: {
                    Dimensions: [
                      { value: 'shop', name: 'Namespace' },
                      { value: 'checkout', name: 'Service' },
                    ],
                    MetricName: 'TargetResponseTime',
                    Namespace: 'AWS/ApplicationELB',
                  },
                  Period: 60,
                  Stat: 'p99',
                },
                ReturnData: false,
              },
            ],
          },
        }),
      ),
    );
    expect(alarm).toMatchObject({
      name: 'shop-checkout-p99-latency',
      state: 'firing',
      kind: 'latency',
      target: { namespace: 'shop', kind: 'Service', name: 'checkout' },
      labels: { region: 'eu-west-1', metric_name: 'TargetResponseTime' },
      startsAt: '2026-11-22T10:05:00.000Z',
    });
    expect(alarm.description).toBeUndefined();
  });

  it('reads a composite notification (no Trigger) and an OK transition', () => {
    const alarm = onlyAlarm(
      parseCloudWatchBody(
        snsBody({
          AlarmName: 'shop-checkout-degraded',
          AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-checkout-degraded',
          NewStateValue: 'OK',
          StateChangeTime: '2026-11-22T10:25:00.000+0000',
          AlarmRule: 'ALARM("a") OR ALARM("b")',
          TriggeringChildren: [{ Arn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:a', State: { Value: 'OK', Timestamp: '2026-11-22T10:24:42.309+0000' } }],
        }),
      ),
    );
    expect(alarm).toMatchObject({ name: 'shop-checkout-degraded', state: 'resolved', target: {}, endsAt: '2026-11-22T10:25:00.000Z' });
  });
});

describe('parseCloudWatchBody: plain triaged alarm', () => {
  it('validates and maps our schema, defaulting state and severity', () => {
    const alarm = onlyAlarm(
      parseCloudWatchBody(
        JSON.stringify({ name: 'checkout-node-pressure', target: { kind: 'Node', name: 'ip-10-0-3-17' }, startsAt: '2026-11-22T10:00:00+01:00', labels: { chaos: 'node' } }),
      ),
    );
    expect(alarm).toMatchObject({
      source: 'cloudwatch',
      name: 'checkout-node-pressure',
      state: 'firing',
      severity: 'warning',
      kind: 'node',
      target: { kind: 'Node', name: 'ip-10-0-3-17' },
      startsAt: '2026-11-22T09:00:00.000Z',
      drill: true,
    });
  });

  it('takes explicit fields, and the receive time when startsAt is absent', () => {
    const body = JSON.stringify({ name: 'x', severity: 'critical', kind: 'cpu', state: 'resolved', target: { namespace: 'shop' }, description: 'd' });
    const alarm = onlyAlarm(parseCloudWatchBody(body, { receivedAt: '2026-11-22T10:00:00.000Z' }));
    expect(alarm).toMatchObject({ severity: 'critical', kind: 'cpu', state: 'resolved', target: { namespace: 'shop' }, description: 'd', startsAt: '2026-11-22T10:00:00.000Z' });
  });
});

describe('parseCloudWatchBody: malformed bodies', () => {
  const metric = fixtureJson('aws/eventbridge-alarm-state-change-metric.json') as { detail: Record<string, unknown> };
  const withDetail = (detail: Record<string, unknown>) => JSON.stringify({ ...metric, detail: { ...metric.detail, ...detail } });
  const cases: [string, string, RegExp][] = [
    ['empty body', '', /^body is not JSON/],
    ['truncated JSON', '{"detail-type":', /^body is not JSON/],
    ['a JSON array', '[1,2]', /^body is not a JSON object/],
    ['a JSON string', '"ALARM"', /^body is not a JSON object/],
    ['SNS Message that is not JSON', JSON.stringify({ Type: 'Notification', Message: 'ALARM: memory high' }), /^SNS Message is not JSON/],
    ['SNS without Message', JSON.stringify({ Type: 'Notification' }), /^SNS notification Message missing/],
    ['SNS subscription confirmation', JSON.stringify({ Type: 'SubscriptionConfirmation', Message: '{}' }), /^SNS notification Type invalid/],
    ['SNS Message without NewStateValue', snsBody({ AlarmName: 'a', StateChangeTime: '2026-11-22T10:00:00.000+0000' }), /^SNS Message NewStateValue missing/],
    ['SNS Message with a bad time', snsBody({ AlarmName: 'a', NewStateValue: 'ALARM', StateChangeTime: 'yesterday' }), /StateChangeTime "yesterday" is not a timestamp/],
    ['EventBridge other detail-type', JSON.stringify({ ...metric, 'detail-type': 'EC2 Instance State-change Notification' }), /^EventBridge detail-type invalid/],
    ['EventBridge without state.value', withDetail({ state: { timestamp: '2026-11-22T10:00:42.731+0000' } }), /^EventBridge detail\.state\.value missing/],
    ['EventBridge without detail', JSON.stringify({ 'detail-type': 'CloudWatch Alarm State Change' }), /^EventBridge detail missing/],
    ['EventBridge without alarmName', withDetail({ alarmName: undefined }), /^EventBridge detail\.alarmName missing/],
    ['EventBridge unknown state', withDetail({ state: { value: 'PENDING', timestamp: '2026-11-22T10:00:42.731+0000' } }), /state "PENDING" is not ALARM, OK or INSUFFICIENT_DATA/],
    ['EventBridge dimensions as a list', withDetail({ configuration: { metrics: [{ metricStat: { metric: { dimensions: [] } } }] } }), /^EventBridge detail\.configuration\.metrics\[0\]\.metricStat\.metric\.dimensions invalid/],
    ['plain alarm without target', JSON.stringify({ name: 'x' }), /^triaged alarm target missing/],
    ['plain alarm with unknown kind', JSON.stringify({ name: 'x', kind: 'disk', target: {} }), /^triaged alarm kind invalid/],
    ['plain alarm with bad startsAt', JSON.stringify({ name: 'x', target: {}, startsAt: 'soon' }), /startsAt "soon" is not an RFC 3339 timestamp/],
    ['something else entirely', JSON.stringify({ hello: 'world' }), /^triaged alarm name missing/],
  ];
  it.each(cases)('rejects %s with a reason naming the problem', (_label, body, reason) => {
    const result = parseCloudWatchBody(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
