/** The CI failure classifier on realistic job-log excerpts: one per category, the wire fixture, and a log that says nothing. */
import { describe, expect, it } from 'vitest';
import { classifyJobFailure } from '../../src/domain/ci/classify.js';
import { readJobLog } from '../../src/domain/ci/log.js';
import type { FailedJob } from '../../src/domain/ci/types.js';
import { FIXTURE_LOG, LOGS, jobLog } from './ci-logs.js';

const job = (failedSteps: string[] = [], name = 'ci'): FailedJob => ({ id: 1, name, failedSteps, conclusion: 'failure', labels: ['ubuntu-latest'] });

describe('classifyJobFailure', () => {
  it.each(Object.entries(LOGS))('recognises a %s failure with its evidence lines', (category, log) => {
    const analysis = classifyJobFailure({ job: job(), log });
    expect(analysis.category).toBe(category);
    expect(analysis.confidence).toBeGreaterThan(0.5);
    expect(analysis.evidence.length).toBeGreaterThan(0);
    expect(analysis.evidence.every((e) => !/^\d{4}-\d\d-\d\dT/.test(e.text))).toBe(true);
  });

  it('reads the fixture log: two failing node tests in "npm test", the assertion as evidence', () => {
    const analysis = classifyJobFailure({ job: job(['Run npm test'], 'test'), log: FIXTURE_LOG });
    expect(analysis.category).toBe('test');
    expect(analysis.failingTests).toEqual(['stays under the memory budget with 500 concurrent carts', 'streams rows instead of buffering the whole export']);
    expect(analysis.summary).toBe('2 failing tests in step "Run npm test": stays under the memory budget with 500 concurrent carts; streams rows instead of buffering the whole export');
    expect(analysis.evidence.map((e) => e.text)).toEqual(expect.arrayContaining(['ℹ fail 2', 'Process completed with exit code 1.']));
    expect(analysis.evidence.every((e) => e.step === 'npm test')).toBe(true);
  });

  it('names the failing jest test and the deploy target with its namespace', () => {
    expect(classifyJobFailure({ job: job(), log: LOGS.test }).failingTests).toEqual(['cart › applies the discount once']);
    expect(classifyJobFailure({ job: job(), log: LOGS.deploy }).deployTarget).toEqual({ namespace: 'shop', kind: 'Deployment', name: 'checkout' });
  });

  it('calls a rollout that timed out a deploy failure, not a timeout', () => {
    const log = jobLog('Deploy to production', ['helm upgrade --install checkout ./chart -n shop --wait --timeout 5m', 'Error: UPGRADE FAILED: context deadline exceeded', '##[error]Process completed with exit code 1.']);
    const analysis = classifyJobFailure({ job: job(['Deploy to production']), log });
    expect(analysis.category).toBe('deploy');
  });

  it('falls back to the failed step name when the log is gone, and to unknown when nothing matches', () => {
    const gone = classifyJobFailure({ job: job(['Run npm ci']), logMissing: 'HTTP 410: Logs have expired' });
    expect(gone).toMatchObject({ category: 'dependencies', logMissing: 'HTTP 410: Logs have expired' });
    expect(gone.summary).toContain('the log could not be read');
    const vague = classifyJobFailure({ job: job(['Run ./ci.sh']), log: jobLog('./ci.sh', ['something went sideways', '##[error]Process completed with exit code 3.']) });
    expect(vague.category).toBe('unknown');
    expect(vague.evidence.map((e) => e.text)).toEqual(['Process completed with exit code 3.']);
  });

  it('strips the BOM, timestamps and group markers', () => {
    const lines = readJobLog(FIXTURE_LOG);
    expect(lines[0]!.text).toBe("Current runner version: '2.331.0'");
    expect(lines.some((l) => l.text.startsWith('##['))).toBe(false);
    expect(lines.find((l) => l.error)).toMatchObject({ text: 'Process completed with exit code 1.', step: 'npm test' });
  });
});
