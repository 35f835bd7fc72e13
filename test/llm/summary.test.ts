/**
 * The optional LLM summary against a loopback fake of the chat-completions API: the happy path adds
 * a section to the message, every failure falls back silently, and no secret leaves the process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OpenAiCompatibleSummarizer } from '../../src/adapters/llm/openai-compatible.js';
import { renderFinding } from '../../src/adapters/slack/blocks.js';
import { renderFindingText } from '../../src/adapters/slack/finding-text.js';
import { summarizeFinding, type SummaryOptions } from '../../src/core/summary.js';
import type { Finding } from '../../src/domain/incident.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import type { Logger } from '../../src/ports/logger.js';
import { startFakeChatCompletions, type FakeChatCompletions, type ScriptedReply } from '../../src/sim/llm/chat-completions.js';
import { approval, finding, incident } from '../store/fixtures.js';

const SECRETS = {
  aws: 'AKIAIOSFODNN7EXAMPLE',
  slack: 'xoxb-2048-4096-Zq3RkTPsecretslack',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGVja291dCJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1rwW1gFWFOEjXk',
  password: 'Sup3rS3cretPassw0rd',
  email: 'jane.doe@example.com',
  ip: '10.42.7.19',
  ec2: 'ip-10-42-7-19',
};

const VALID = JSON.stringify({
  root_cause: 'The resizer container needs more than its 256Mi limit for large images.',
  contributing_factors: ['Images above 20 MP arrived after the campaign started'],
  fix_steps: ['Approve the proposed set-resources to 512Mi', 'Watch restarts for 15 minutes'],
  prevention: ['Load-test with the largest images before campaigns'],
});

const leakyFinding: Finding = {
  ...finding('inc-1', 1_000),
  diagnosis: {
    ...finding('inc-1', 1_000).diagnosis,
    summary: `checkout OOMKilled on ${SECRETS.ec2}.ec2.internal`,
    evidence: [
      { source: 'kubernetes', ref: 'Pod/shop/checkout-1', detail: `lastState.terminated: OOMKilled; env AWS_ACCESS_KEY_ID=${SECRETS.aws}` },
      { source: 'logs', ref: 'checkout-1/app', detail: `Authorization: Bearer ${SECRETS.jwt}` },
    ],
  },
};

const leakySnapshot: Snapshot = {
  version: 1,
  capturedAt: '2026-11-22T10:04:00Z',
  alarm: { source: 'alertmanager', name: 'KubePodCrashLooping', description: `paged ${SECRETS.email}` },
  kubernetes: {
    logs: [
      {
        namespace: 'shop',
        pod: 'checkout-1',
        container: 'app',
        previous: true,
        text: [
          `connecting to postgres://app:${SECRETS.password}@${SECRETS.ip}:5432/shop`,
          `db password=${SECRETS.password}`,
          `slack notify with ${SECRETS.slack}`,
          `token ${SECRETS.jwt}`,
          `user ${SECRETS.email} from ${SECRETS.ip}`,
          'fatal error: runtime: out of memory',
        ].join('\n'),
      },
    ],
  },
};

let fake: FakeChatCompletions | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger & { warnings: string[] } = {
    warnings,
    debug: () => {},
    info: () => {},
    warn: (obj, msg) => warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => {},
    child: () => logger,
  };
  return logger;
}

async function run(reply: (n: number) => ScriptedReply, overrides: Partial<SummaryOptions> & { apiVersion?: string } = {}) {
  let n = 0;
  fake = await startFakeChatCompletions(() => reply((n += 1)));
  const logger = recordingLogger();
  const summarizer = new OpenAiCompatibleSummarizer({ url: fake.url, apiKey: 'sk-test-key', model: 'gpt-test', ...(overrides.apiVersion ? { apiVersion: overrides.apiVersion } : {}) });
  const summary = await summarizeFinding(leakyFinding, leakySnapshot, summarizer, { logger, timeoutMs: 5_000, redaction: { emails: true, ips: true }, ...overrides });
  return { summary, logger, received: fake.received };
}

describe('LLM summary', () => {
  it('asks for a JSON object with the model and key, and adds a section to the message', async () => {
    const { summary, received, logger } = await run(() => ({ content: VALID }));
    expect(summary).toEqual({
      rootCause: 'The resizer container needs more than its 256Mi limit for large images.',
      contributingFactors: ['Images above 20 MP arrived after the campaign started'],
      fixSteps: ['Approve the proposed set-resources to 512Mi', 'Watch restarts for 15 minutes'],
      prevention: ['Load-test with the largest images before campaigns'],
    });
    expect(logger.warnings).toEqual([]);
    expect(received).toHaveLength(1);
    expect(received[0]?.url).toBe('/v1/chat/completions');
    expect(received[0]?.headers.authorization).toBe('Bearer sk-test-key');
    expect(JSON.parse(received[0]?.body ?? '{}')).toMatchObject({ model: 'gpt-test', response_format: { type: 'json_object' }, messages: [{ role: 'system' }, { role: 'user' }] });

    const message = { incident: incident({ id: 'inc-1' }), finding: leakyFinding, approvals: [approval({ id: 'apr-1', incidentId: 'inc-1' })] };
    const plain = renderFinding(message);
    const withSummary = renderFinding({ ...message, ...(summary ? { summary } : {}) });
    const added = withSummary.blocks.filter((b) => !plain.blocks.some((p) => JSON.stringify(p) === JSON.stringify(b)));
    expect(added).toHaveLength(1);
    expect(JSON.stringify(added[0])).toContain('Approve the proposed set-resources to 512Mi');
    // The rules' category, title and buttons are untouched.
    expect(withSummary.blocks.filter((b) => b.type !== 'section' || !JSON.stringify(b).includes('AI summary'))).toEqual(plain.blocks);
    expect(renderFindingText({ ...message, ...(summary ? { summary } : {}) })).toMatch(/AI summary[^\n]*\n {2}Likely root cause:\n {4}- The resizer container/);
  });

  it('speaks Azure: api-key header and api-version query', async () => {
    const { summary, received } = await run(() => ({ content: VALID }), { apiVersion: '2024-10-21' });
    expect(summary).toBeDefined();
    expect(received[0]?.url).toBe('/v1/chat/completions?api-version=2024-10-21');
    expect(received[0]?.headers['api-key']).toBe('sk-test-key');
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  const failures: [string, ScriptedReply, RegExp][] = [
    ['content that is not JSON', { content: 'The root cause is memory.' }, /not the summary JSON/],
    ['JSON of the wrong shape', { content: JSON.stringify({ root_cause: 'x', fix_steps: 'restart it' }) }, /not the summary JSON/],
    ['a body that is not a completion', { raw: '<html>gateway</html>' }, /not a completion/],
    ['HTTP 500', { status: 500, raw: '{"error":{"message":"overloaded"}}' }, /HTTP 500/],
    ['HTTP 429', { status: 429, raw: '{"error":{"message":"rate limited"}}' }, /HTTP 429/],
  ];
  it.each(failures)('falls back silently on %s, with a warning', async (_, reply, warning) => {
    const { summary, logger } = await run(() => reply);
    expect(summary).toBeUndefined();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(warning);
    expect(logger.warnings[0]).toContain('LLM summary unavailable');
  });

  it('falls back when the API does not answer within the timeout', async () => {
    const { summary, logger } = await run(() => 'hang', { timeoutMs: 100 });
    expect(summary).toBeUndefined();
    expect(logger.warnings[0]).toMatch(/no answer within 100 ms/);
  });

  it('falls back when the summariser ignores its deadline', async () => {
    const logger = recordingLogger();
    const stuck = { name: 'stuck', summarize: () => new Promise<never>(() => {}) };
    expect(await summarizeFinding(leakyFinding, leakySnapshot, stuck, { logger, timeoutMs: 50, redaction: {} })).toBeUndefined();
    expect(logger.warnings[0]).toMatch(/no answer within 50 ms/);
  });

  it('does nothing without a summariser', async () => {
    expect(await summarizeFinding(leakyFinding, leakySnapshot, undefined, { logger: recordingLogger(), timeoutMs: 50, redaction: {} })).toBeUndefined();
  });

  it('sends no secret from the snapshot or the finding: AWS key, Slack token, JWT, password, email, IP', async () => {
    const { received } = await run(() => ({ content: VALID }));
    const body = received[0]?.body ?? '';
    const decoded = JSON.stringify(JSON.parse(body));
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(body.includes(secret), `${name} leaked`).toBe(false);
      expect(decoded.includes(secret), `${name} leaked`).toBe(false);
    }
    // The evidence itself did go: the model has something to summarise.
    expect(body).toContain('fatal error: runtime: out of memory');
    expect(body).toContain('OOMKilled');
    expect(body).toContain('[REDACTED');
  });

  it('leaves emails and IPs in when their redaction is turned off, secrets never', async () => {
    const { received } = await run(() => ({ content: VALID }), { redaction: { emails: false, ips: false } });
    const body = received[0]?.body ?? '';
    expect(body).toContain(SECRETS.email);
    expect(body).toContain(SECRETS.ip);
    for (const secret of [SECRETS.aws, SECRETS.slack, SECRETS.jwt, SECRETS.password]) expect(body).not.toContain(secret);
  });

  it('bounds the request whatever the size of the evidence', async () => {
    const huge: Snapshot = {
      ...leakySnapshot,
      kubernetes: { logs: Array.from({ length: 20 }, (_, i) => ({ namespace: 'shop', pod: `p-${i}`, container: 'app', previous: i % 2 === 0, text: 'x'.repeat(50_000) })) },
    };
    const many: Finding = { ...leakyFinding, diagnosis: { ...leakyFinding.diagnosis, evidence: Array.from({ length: 500 }, (_, i) => ({ source: 'kubernetes', ref: `Pod/shop/p-${i}`, detail: 'y'.repeat(5_000) })) } };
    fake = await startFakeChatCompletions(() => ({ content: VALID }));
    const summarizer = new OpenAiCompatibleSummarizer({ url: fake.url, model: 'gpt-test' });
    const summary = await summarizeFinding(many, huge, summarizer, { logger: recordingLogger(), timeoutMs: 5_000, redaction: { emails: true, ips: true } });
    expect(summary).toBeDefined();
    const user = (JSON.parse(fake.received[0]?.body ?? '{}') as { messages: { content: string }[] }).messages[1]?.content ?? '';
    expect(user.length).toBeLessThanOrEqual(12_000);
    expect(fake.received[0]?.headers.authorization).toBeUndefined();
  });
});
