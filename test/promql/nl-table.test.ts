/** The NL → PromQL table, exact string match, and the questions that must be refused. */
import { describe, expect, it } from 'vitest';
import { escapeRegex, quoteLabelValue } from '../../src/domain/promql/labels.js';
import { EXAMPLE_QUESTIONS, isTranslated, translateQuestion } from '../../src/domain/promql/translate.js';
import { NL_TABLE, REFUSED } from './nl-table.js';

describe('natural language → PromQL', () => {
  it('has at least 40 questions', () => {
    expect(NL_TABLE.length).toBeGreaterThanOrEqual(40);
  });

  it.each(NL_TABLE)('$question', ({ question, promql, kind }) => {
    const translation = translateQuestion(question);
    if (!isTranslated(translation)) throw new Error(`refused: ${translation.reason}`);
    expect(translation.promql).toBe(promql);
    expect(translation.kind).toBe(kind);
    expect(translation.explanation.length).toBeGreaterThan(20);
  });

  it.each(REFUSED)('refuses %j with suggestions', (question) => {
    const translation = translateQuestion(question);
    expect(translation).toMatchObject({ error: 'cannot translate' });
    if (isTranslated(translation)) return;
    expect(translation.reason).not.toBe('');
    expect(translation.suggestions.length).toBeGreaterThan(0);
  });

  it('suggests only questions it can translate', () => {
    for (const question of EXAMPLE_QUESTIONS) expect(isTranslated(translateQuestion(question))).toBe(true);
  });

  it('reads the range phrases and defaults to one hour', () => {
    const window = (question: string): string => {
      const t = translateQuestion(question);
      if (!isTranslated(t)) throw new Error(t.reason);
      return /\[([0-9a-z]+)\]\)\)$/.exec(t.promql)?.[1] ?? '';
    };
    expect(window('cpu by namespace in the last 30 minutes')).toBe('30m');
    expect(window('cpu by namespace over 2h')).toBe('2h');
    expect(window('cpu by namespace since 1 day')).toBe('1d');
    expect(window('cpu by namespace over the past day')).toBe('1d');
    expect(window('cpu by namespace during the last 90 mins')).toBe('90m');
    expect(window('cpu by namespace')).toBe('1h');
  });

  it('gives a range query its span and a step of about 120 points', () => {
    const t = translateQuestion('memory by namespace as a graph over the last 6 hours');
    expect(t).toMatchObject({ kind: 'range', range: { duration: '6h', seconds: 21_600, stepSeconds: 180 } });
  });

  it('explains what the numbers are', () => {
    const t = translateQuestion('p99 latency of deployment checkout in namespace shop');
    expect(t).toMatchObject({ explanation: expect.stringMatching(/p99 request latency in seconds.*deployment checkout.*last 1h/i) });
  });

  it('keeps keywords inside names as names', () => {
    const t = translateQuestion('restarts of pod memory-cache-0 in namespace payment-service-prod');
    expect(t).toMatchObject({ promql: expect.stringContaining('pod="memory-cache-0"') });
  });

  it('quotes label values and escapes regex metacharacters', () => {
    expect(quoteLabelValue('we"ird\\ns\n')).toBe('"we\\"ird\\\\ns\\n"');
    expect(escapeRegex('api.v2+(x)')).toBe('api\\.v2\\+\\(x\\)');
  });
});
