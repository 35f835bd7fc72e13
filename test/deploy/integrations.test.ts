/**
 * integrations/: the CloudFormation stack is well-formed YAML with its short tags (!Ref, !GetAtt,
 * !Sub, …), uses real resource types with their required properties, and wires EventBridge → SQS
 * (SSE, DLQ, queue policy) and the pod's IAM policy as docs/deploy.md says; the Slack manifest
 * and the Alertmanager receiver follow the daemon's endpoints and the fixture's conventions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, type CollectionTag, type ScalarTag } from 'yaml';
import { ROOT } from './tools.js';

/** CloudFormation's short-form intrinsic functions, turned into their long form. */
const FUNCTIONS = ['Ref', 'GetAtt', 'Sub', 'If', 'Equals', 'Not', 'And', 'Or', 'Join', 'Select', 'Split', 'FindInMap', 'GetAZs', 'ImportValue', 'Base64', 'Cidr', 'Condition'];
const cfnTags: (ScalarTag | CollectionTag)[] = FUNCTIONS.flatMap((fn) => {
  const key = fn === 'Ref' || fn === 'Condition' ? fn : `Fn::${fn}`;
  const scalar: ScalarTag = {
    tag: `!${fn}`,
    resolve: (value: string) => ({ [key]: fn === 'GetAtt' ? value.split('.') : value }),
  };
  const seq: CollectionTag = { tag: `!${fn}`, collection: 'seq', resolve: (value) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }) };
  const map: CollectionTag = { tag: `!${fn}`, collection: 'map', resolve: (value) => ({ [key]: (value as { toJSON(): unknown }).toJSON() }) };
  return [scalar, seq, map];
});

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };
type Template = { AWSTemplateFormatVersion: string; Parameters: Record<string, { Type: string; Default?: unknown }>; Conditions: Record<string, unknown>; Resources: Record<string, Resource>; Outputs: Record<string, { Value: unknown }> };

const template = parse(readFileSync(`${ROOT}integrations/aws/cloudformation.yaml`, 'utf8'), { customTags: cfnTags }) as Template;

/**
 * Required properties of the resource types used, from the CloudFormation resource reference
 * (AWS::SQS::Queue has none; an Events rule needs EventPattern or ScheduleExpression).
 */
const REQUIRED: Record<string, string[]> = {
  'AWS::SQS::Queue': [],
  'AWS::SQS::QueuePolicy': ['PolicyDocument', 'Queues'],
  'AWS::Events::Rule': ['EventPattern'],
  'AWS::IAM::ManagedPolicy': ['PolicyDocument'],
};

/** Every Ref / GetAtt / Sub ${…} reference in a value. */
function references(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(references);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    if (k === 'Ref') return [String(v)];
    if (k === 'Fn::GetAtt') return [String((v as string[])[0])];
    if (k === 'Fn::Sub') return [...String(v).matchAll(/\$\{([A-Za-z0-9:]+)(\.[A-Za-z]+)?\}/g)].map((m) => String(m[1]));
    return references(v);
  });
}

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: unknown };
const statements = (r: Resource | undefined): Statement[] => ((r?.Properties.PolicyDocument as { Statement: Statement[] }).Statement ?? []);
const actions = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe('integrations/aws/cloudformation.yaml', () => {
  const resources = template.Resources;

  it('parses with the short tags and uses only known types with their required properties', () => {
    expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
    for (const [name, r] of Object.entries(resources)) {
      const required = REQUIRED[r.Type];
      expect(required, `${name}: resource type ${r.Type} is not one this test knows`).toBeDefined();
      for (const p of required ?? []) expect(r.Properties[p], `${name}.${p}`).toBeDefined();
    }
  });

  it('references only parameters, resources, conditions and pseudo parameters that exist', () => {
    const known = new Set([...Object.keys(template.Parameters), ...Object.keys(resources), 'AWS::NoValue', 'AWS::Region', 'AWS::AccountId', 'AWS::Partition', 'AWS::StackName']);
    for (const ref of references({ r: resources, o: template.Outputs, c: template.Conditions })) expect(known.has(ref), `unknown reference ${ref}`).toBe(true);
  });

  it('routes CloudWatch alarm state changes to an encrypted queue with a dead-letter queue', () => {
    const rule = Object.values(resources).find((r) => r.Type === 'AWS::Events::Rule');
    const pattern = rule?.Properties.EventPattern as { source: string[]; 'detail-type': string[] };
    expect(pattern.source).toEqual(['aws.cloudwatch']);
    expect(pattern['detail-type']).toEqual(['CloudWatch Alarm State Change']);
    const targets = rule?.Properties.Targets as { Arn: unknown; Id: string }[];
    expect(targets).toHaveLength(1);
    expect(targets[0]?.Arn).toEqual({ 'Fn::GetAtt': ['AlarmQueue', 'Arn'] });
    const queue = resources.AlarmQueue;
    expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue?.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] }, maxReceiveCount: 5 });
    expect(resources.DeadLetterQueue?.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('lets only that rule send to the queue', () => {
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::SQS::QueuePolicy');
    const allow = statements(policy).filter((s) => s.Effect === 'Allow');
    expect(allow).toHaveLength(1);
    expect(allow[0]?.Principal).toEqual({ Service: 'events.amazonaws.com' });
    expect(actions(allow[0] as Statement)).toEqual(['sqs:SendMessage']);
    expect(allow[0]?.Condition).toEqual({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['AlarmStateChangeRule', 'Arn'] } } });
  });

  it("gives the pod's IRSA role exactly the SQS, Logs Insights and X-Ray actions it uses", () => {
    const policy = Object.values(resources).find((r) => r.Type === 'AWS::IAM::ManagedPolicy');
    const granted = statements(policy).flatMap(actions).sort();
    expect(granted).toEqual(
      [
        'sqs:ReceiveMessage',
        'sqs:DeleteMessage',
        'sqs:ChangeMessageVisibility',
        'sqs:GetQueueAttributes',
        'logs:StartQuery',
        'logs:GetQueryResults',
        'logs:StopQuery',
        'xray:GetServiceGraph',
        'xray:GetTraceSummaries',
      ].sort(),
    );
    const sqs = statements(policy).find((s) => actions(s).includes('sqs:ReceiveMessage'));
    expect(sqs?.Resource).toEqual({ 'Fn::GetAtt': ['AlarmQueue', 'Arn'] });
    const startQuery = statements(policy).find((s) => actions(s).includes('logs:StartQuery'));
    expect(startQuery?.Resource).toEqual({ Ref: 'LogGroupArnPatterns' });
    expect(template.Outputs.QueueUrl?.Value).toEqual({ Ref: 'AlarmQueue' });
  });
});

describe('integrations/slack/manifest.yaml', () => {
  const manifest = parse(readFileSync(`${ROOT}integrations/slack/manifest.yaml`, 'utf8')) as {
    oauth_config: { scopes: { bot: string[] } };
    settings: { interactivity: { is_enabled: boolean; request_url: string }; socket_mode_enabled: boolean; event_subscriptions?: unknown };
    features: { bot_user: { display_name: string } };
  };

  it('asks for the bot scopes triaged uses, interactivity on /slack/events, Socket Mode, no events', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'usergroups:read', 'users:read']);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe('/slack/events');
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions).toBeUndefined();
    expect(manifest.features.bot_user.display_name).toBe('triaged');
  });
});

describe('integrations/alertmanager/receiver.yaml', () => {
  type Receiver = { name: string; webhook_configs?: { url: string; send_resolved: boolean; http_config: { authorization: { type: string; credentials_file: string }; bearer_token_file?: string } }[] };
  const config = parse(readFileSync(`${ROOT}integrations/alertmanager/receiver.yaml`, 'utf8')) as { route: { receiver: string; routes: { receiver: string; continue?: boolean }[] }; receivers: Receiver[] };

  it('posts to the triaged Service with a bearer token file and resolved alerts', () => {
    const triaged = config.receivers.find((r) => r.name === 'triaged');
    const hook = triaged?.webhook_configs?.[0];
    expect(hook?.url).toBe('http://triaged.triaged.svc:8080/webhooks/alertmanager');
    expect(hook?.send_resolved).toBe(true);
    expect(hook?.http_config.authorization.type).toBe('Bearer');
    expect(hook?.http_config.authorization.credentials_file).toMatch(/^\/etc\/alertmanager\/secrets\//);
    expect(hook?.http_config.bearer_token_file).toBeUndefined();
    const names = new Set(config.receivers.map((r) => r.name));
    expect(names.has(config.route.receiver)).toBe(true);
    for (const r of config.route.routes) expect(names.has(r.receiver)).toBe(true);
    expect(config.route.routes.find((r) => r.receiver === 'triaged')?.continue).toBe(true);
  });
});
