import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseResult } from '../../src/domain/alarm.js';
import { silentLogger } from '../../src/ports/logger.js';
import { createAlertmanagerHandler } from '../../src/sources/alertmanager/receiver.js';
import { parseAlertmanagerWebhook } from '../../src/sources/alertmanager/parse.js';
import { parseCloudWatchBody } from '../../src/sources/cloudwatch/parse.js';
import { fixtureJson, MemorySink } from './helpers.js';
import { listen, post, type Loopback } from './http.js';

const CLOUDWATCH_FIXTURES = [
  'aws/eventbridge-alarm-state-change-metric.json',
  'aws/eventbridge-alarm-state-change-metric-math.json',
  'aws/eventbridge-alarm-state-change-composite.json',
  'aws/eventbridge-alarm-state-change-ok.json',
  'aws/sqs-body-sns-cloudwatch-alarm.json',
].map(fixtureJson);
const ALERTMANAGER_FIXTURES = [
  'alertmanager/webhook-v4-firing-grouped.json',
  'alertmanager/webhook-v4-firing-grouped.v0.34.json',
  'alertmanager/webhook-v4-mixed.json',
  'alertmanager/webhook-v4-resolved.json',
].map(fixtureJson);

/** Replaces the value at one random path of `value` (including inside the SNS Message string) with `replacement`. */
function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, path: (string | number)[]): void => {
    paths.push(path);
    if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...path, i]));
    else if (typeof node === 'object' && node !== null) for (const [k, child] of Object.entries(node)) walk(child, [...path, k]);
  };
  walk(value, []);
  const path = paths[pick % paths.length] ?? [];
  const set = (node: unknown, rest: (string | number)[]): unknown => {
    if (rest.length === 0) return replacement;
    const [head, ...tail] = rest as [string | number, ...(string | number)[]];
    if (Array.isArray(node)) return node.map((child, i) => (i === head ? set(child, tail) : child));
    const record = node as Record<string, unknown>;
    return { ...record, [head]: set(record[head], tail) };
  };
  return set(value, path);
}

/** An SNS envelope whose Message is itself mutated, so the second parse is fuzzed too. */
function mutateSnsMessage(pick: number, replacement: unknown): unknown {
  const envelope = CLOUDWATCH_FIXTURES[4] as { Message: string };
  return { ...envelope, Message: JSON.stringify(mutate(JSON.parse(envelope.Message), pick, replacement)) };
}

function expectWellFormed(result: ParseResult): void {
  if (result.ok) expect(Array.isArray(result.alarms)).toBe(true);
  else expect(result.reason.trim().length).toBeGreaterThan(0);
}

const mutations = (fixtures: unknown[]) =>
  fc.tuple(fc.constantFrom(...fixtures), fc.nat(), fc.jsonValue()).map(([fixture, pick, replacement]) => mutate(fixture, pick, replacement));

describe('parsers never throw', () => {
  it('parseCloudWatchBody on arbitrary strings, JSON values and mutated fixtures', () => {
    fc.assert(fc.property(fc.string(), (text) => expectWellFormed(parseCloudWatchBody(text))));
    fc.assert(fc.property(fc.jsonValue(), (value) => expectWellFormed(parseCloudWatchBody(JSON.stringify(value)))));
    fc.assert(fc.property(mutations(CLOUDWATCH_FIXTURES), (value) => expectWellFormed(parseCloudWatchBody(JSON.stringify(value)))));
    fc.assert(
      fc.property(fc.nat(), fc.jsonValue(), (pick, replacement) => expectWellFormed(parseCloudWatchBody(JSON.stringify(mutateSnsMessage(pick, replacement))))),
    );
  });

  it('parseAlertmanagerWebhook on arbitrary values and mutated fixtures', () => {
    fc.assert(fc.property(fc.anything(), (value) => expectWellFormed(parseAlertmanagerWebhook(value))));
    fc.assert(fc.property(mutations(ALERTMANAGER_FIXTURES), (value) => expectWellFormed(parseAlertmanagerWebhook(value))));
  });

  it('every alarm from a mutated fixture still has a name, a state and an RFC 3339 startsAt', () => {
    fc.assert(
      fc.property(mutations([...ALERTMANAGER_FIXTURES]), (value) => {
        const result = parseAlertmanagerWebhook(value);
        for (const alarm of result.ok ? result.alarms : []) {
          expect(alarm.name.length).toBeGreaterThan(0);
          expect(['firing', 'resolved']).toContain(alarm.state);
          expect(new Date(alarm.startsAt).toISOString()).toBe(alarm.startsAt);
        }
      }),
    );
  });
});

describe('the receiver never fails on what it is sent', () => {
  let server: Loopback;
  const sink = new MemorySink();
  beforeAll(async () => {
    server = await listen(createAlertmanagerHandler({ sink, maxBodyBytes: 1 << 20, logger: silentLogger }));
  });
  afterAll(() => server.close());

  it('answers 202 or 400 (with a non-empty reason) to strings, JSON values and mutated fixtures', async () => {
    const bodies = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), mutations(ALERTMANAGER_FIXTURES).map((v) => JSON.stringify(v)));
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const reply = await post(server.port, body);
        expect([202, 400]).toContain(reply.status);
        if (reply.status === 400) expect((JSON.parse(reply.body) as { error: string }).error.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
    expect(sink.rejected.every((r) => r.reason.length > 0)).toBe(true);
  });
});
