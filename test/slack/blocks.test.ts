import { describe, expect, it } from 'vitest';
import { APPROVE_ACTION, DENY_ACTION, renderFinding, SLACK_LIMITS, type Block, type Button } from '../../src/adapters/slack/blocks.js';
import { renderFindingText } from '../../src/adapters/slack/finding-text.js';
import { asApprovalId } from '../../src/domain/ids.js';
import type { Approval } from '../../src/domain/incident.js';
import type { FindingMessage } from '../../src/ports/notifier.js';
import { APPROVAL_ID, approval, finding, fixtureJson, incident, message } from './fixtures.js';

const ofType = <T extends Block['type']>(blocks: readonly Block[], type: T): Extract<Block, { type: T }>[] =>
  blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);

const allText = (blocks: readonly Block[]): string => JSON.stringify(blocks);

describe('renderFinding', () => {
  const { text, blocks } = renderFinding(message, { cluster: 'prod-eu' });

  it('opens with a header naming the category and target, with the severity emoji', () => {
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':warning: oom-killed in shop/Deployment/checkout' } });
  });

  it('lists the facts as section fields', () => {
    const fields = ofType(blocks, 'section')[0]?.fields?.map((f) => f.text);
    expect(fields).toEqual([
      '*Severity*\nwarning',
      '*Target*\nshop/Deployment/checkout',
      '*Alarm*\nKubePodCrashLooping',
      '*Source*\nalertmanager',
      '*Confidence*\n92%',
      '*Cluster*\nprod-eu',
    ]);
    expect(ofType(blocks, 'section')[0]?.text.text).toContain('256Mi memory limit');
  });

  it('shows evidence, missing evidence, the step timeline and the incident', () => {
    const all = allText(blocks);
    expect(all).toContain('• kubernetes pod/checkout-7c9d8f6b5d-4xk2p: lastState.terminated.reason=OOMKilled exitCode=137');
    expect(all).toContain('*Missing evidence*\\n• cloudwatch logs: not configured');
    expect(all).toContain('ok pods (kubernetes, 42 ms)');
    expect(all).toContain('skipped logs (cloudwatch, 0 ms): not configured');
    expect(all).toContain('Incident inc_01JDQ3T5B7C9D2F4G6H8J0K1MN · diagnosed · 3 alarms · playbook pod-crash');
  });

  it('offers Approve and Deny whose value is only the approval id', () => {
    const actions = ofType(blocks, 'actions');
    expect(actions).toHaveLength(1);
    const [approve, deny] = actions[0]?.elements ?? [];
    expect(approve).toMatchObject({ action_id: APPROVE_ACTION, style: 'primary', value: APPROVAL_ID, text: { text: 'Approve' } });
    expect(approve?.confirm?.title.text).toBe('Approve rollout-undo?');
    expect(approve?.confirm?.text.text).toContain('server-side dry run');
    expect(deny).toMatchObject({ action_id: DENY_ACTION, style: 'danger', value: APPROVAL_ID });
    expect(deny?.confirm).toBeUndefined();
  });

  it('always carries a fallback text', () => {
    expect(text).toBe('oom-killed in shop/Deployment/checkout: Container `app` of Deployment/checkout exceeds its 256Mi memory limit and is killed with exit code 137. It started with revision 7. (1 remediation awaiting approval)');
  });

  it('falls back to the alarm name for an unknown category and marks drills', () => {
    const drill: FindingMessage = { ...message, incident: { ...incident, drill: true, severity: 'critical' }, finding: { ...finding, diagnosis: { ...finding.diagnosis, category: 'unknown' } } };
    const rendered = renderFinding(drill);
    expect(rendered.blocks[0]).toMatchObject({ text: { text: ':rotating_light: [drill] KubePodCrashLooping' } });
    expect(allText(rendered.blocks)).toContain('*Drill*\\nyes: a chaos scenario');
  });
});

describe('after a decision', () => {
  const withApproval = (changes: Partial<Approval>): readonly Block[] => renderFinding({ ...message, approvals: [{ ...approval, ...changes }] }).blocks;
  const statusOf = (blocks: readonly Block[]): string | undefined =>
    ofType(blocks, 'context')
      .map((b) => b.elements[0]?.text ?? '')
      .find((t) => /^:\w+: (Approved|Denied|Succeeded|Failed|Expired|Applied)/.test(t));

  it('replaces the buttons by who approved it while it runs', () => {
    const blocks = withApproval({ status: 'executing', decidedBy: 'U0APPROVER1', approvers: ['U0APPROVER1'] });
    expect(ofType(blocks, 'actions')).toHaveLength(0);
    expect(statusOf(blocks)).toBe(':hourglass_flowing_sand: Approved by <@U0APPROVER1>; running (dry run, apply, verify)');
  });

  it('names the denier, not an earlier first approver', () => {
    const blocks = withApproval({ status: 'denied', decidedBy: 'U0DENIER2', approvers: ['U0APPROVER1'] });
    expect(ofType(blocks, 'actions')).toHaveLength(0);
    expect(statusOf(blocks)).toBe(':x: Denied by <@U0DENIER2>');
  });

  it('shows the outcome once it succeeded or failed', () => {
    expect(statusOf(withApproval({ status: 'succeeded', decidedBy: 'U0APPROVER1', approvers: ['U0APPROVER1'], outcome: 'rolled back to revision 6' }))).toBe(
      ':white_check_mark: Succeeded (approved by <@U0APPROVER1>): rolled back to revision 6',
    );
    expect(statusOf(withApproval({ status: 'failed', decidedBy: 'U0APPROVER1', approvers: ['U0APPROVER1'], outcome: 'dry run refused' }))).toBe(
      ':x: Failed (approved by <@U0APPROVER1>): dry run refused',
    );
  });

  it('keeps the buttons and says a second approver is needed after the first of two', () => {
    const blocks = withApproval({ approvers: ['U0APPROVER1'] });
    expect(ofType(blocks, 'actions')).toHaveLength(1);
    expect(allText(blocks)).toContain('Approved by <@U0APPROVER1>; one more approver is needed');
  });

  it('does not turn a non-Slack decider into a mention', () => {
    expect(statusOf(withApproval({ status: 'executing', decidedBy: 'auto-approve' }))).toContain('Approved by auto-approve;');
  });
});

describe('Slack limits', () => {
  const long = 'x'.repeat(10_000);
  const many = Array.from({ length: 40 }, (_, i): Approval => ({ ...approval, id: asApprovalId(`apr_${i}`) }));
  const huge: FindingMessage = {
    incident: { ...incident, alarm: { ...incident.alarm, name: long } },
    finding: {
      ...finding,
      diagnosis: {
        ...finding.diagnosis,
        category: 'unknown',
        summary: `${long} <!channel> & <@U123>`,
        evidence: Array.from({ length: 30 }, (_, i) => ({ source: 'kubernetes', ref: `pod/p${i}`, detail: long })),
        missing: Array.from({ length: 30 }, () => long),
      },
      timeline: Array.from({ length: 50 }, (_, i) => ({ step: `s${i}`, source: 'kubernetes', durationMs: i, outcome: 'ok' as const, detail: long })),
    },
    approvals: many,
  };
  const { text, blocks } = renderFinding(huge);

  it('stays within the block count, text lengths and field limits', () => {
    expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    for (const block of blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === 'section') {
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      if (block.type === 'context') for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
      if (block.type === 'actions') for (const b of block.elements) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
    }
  });

  it('caps evidence and says how many proposals were left out', () => {
    const all = allText(blocks);
    expect(all).toContain('…and 22 more');
    expect(all).toMatch(/…and \d+ more remediations, not shown/);
  });

  it('escapes text from the cluster so it cannot mention or link', () => {
    const summary = ofType(blocks, 'section')[0]?.text.text ?? '';
    expect(summary).not.toContain('<!channel>');
    expect(summary.endsWith('…') || summary.includes('&lt;!channel&gt;')).toBe(true);
    const escaped = renderFinding({ ...message, finding: { ...finding, diagnosis: { ...finding.diagnosis, summary: 'ping <!channel> & <@U123>' } } });
    expect(ofType(escaped.blocks, 'section')[0]?.text.text).toBe('ping &lt;!channel&gt; &amp; &lt;@U123&gt;');
  });

  it('gives every action block its own block_id', () => {
    const ids = ofType(blocks, 'actions').map((b) => b.block_id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the fixture request chat-postMessage-request.json', () => {
  const fixture = fixtureJson('chat-postMessage-request.json') as { channel: string; text: string; blocks: { type: string; elements?: Button[] }[]; unfurl_links: boolean };

  it('has the shape renderFinding produces: text fallback, header first, an actions block with approve/deny', () => {
    const rendered = renderFinding(message);
    expect(typeof fixture.text).toBe('string');
    expect(fixture.blocks[0]?.type).toBe(rendered.blocks[0]?.type);
    const fixtureButtons = fixture.blocks.find((b) => b.type === 'actions')?.elements ?? [];
    const ourButtons = ofType(rendered.blocks, 'actions')[0]?.elements ?? [];
    const shape = (b: Button | undefined) => ({ type: b?.type, action_id: b?.action_id, style: b?.style, value: b?.value, confirmKeys: Object.keys(b?.confirm ?? {}).sort() });
    expect(ourButtons.map(shape)).toEqual(fixtureButtons.map(shape));
  });

  it('uses only block types the fixture uses', () => {
    const fixtureTypes = new Set(fixture.blocks.map((b) => b.type));
    for (const block of renderFinding(message).blocks) expect(fixtureTypes.has(block.type)).toBe(true);
  });
});

describe('renderFindingText', () => {
  it('says the same in plain text, with the approval id for a pending remediation', () => {
    const text = renderFindingText(message, { cluster: 'prod-eu' });
    expect(text.split('\n')[0]).toBe('[WARNING] oom-killed in shop/Deployment/checkout');
    expect(text).toContain('Severity: warning | Target: shop/Deployment/checkout | Alarm: KubePodCrashLooping | Source: alertmanager | Confidence: 92% | Cluster: prod-eu');
    expect(text).toContain('Evidence:\n  - kubernetes pod/checkout-7c9d8f6b5d-4xk2p: lastState.terminated.reason=OOMKilled exitCode=137');
    expect(text).toContain('Missing evidence:\n  - cloudwatch logs: not configured');
    expect(text).toContain(`rollout-undo on shop/Deployment/checkout [awaiting approval, id ${APPROVAL_ID}]: revision 7 raised the heap above the limit (risk: medium)`);
    expect(text).not.toMatch(/<@|:\w+:|\*Evidence\*/);
  });

  it('shows the decision in words', () => {
    const text = renderFindingText({ ...message, approvals: [{ ...approval, status: 'denied', decidedBy: 'U0APPROVER1' }] });
    expect(text).toContain('rollout-undo on shop/Deployment/checkout [Denied by U0APPROVER1]');
  });

  it('redacts secrets that reached the evidence', () => {
    const leaky: FindingMessage = { ...message, finding: { ...finding, diagnosis: { ...finding.diagnosis, evidence: [{ source: 'logs', ref: 'pod/x', detail: 'using token xoxb-1234567890-abcdefghij' }] } } };
    expect(renderFindingText(leaky)).not.toContain('xoxb-1234567890');
    expect(JSON.stringify(renderFinding(leaky).blocks)).not.toContain('xoxb-1234567890');
  });
});
