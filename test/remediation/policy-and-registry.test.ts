/** The set-resources bound of the policy (pure) and the handler registry the daemon wires. */
import { describe, expect, it } from 'vitest';
import { createRemediationHandlers } from '../../src/core/remediation/handlers.js';
import { REMEDIATION_ACTIONS, type Remediation } from '../../src/domain/diagnosis.js';
import { checkPolicy } from '../../src/domain/policy.js';
import { POLICY } from './harness.js';

const raise = (limits: { cpu?: string; memory?: string }): Remediation => ({ action: 'set-resources', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, params: { container: 'app', limits }, rationale: 'r', risk: 'low' });

describe('checkPolicy for set-resources (maxResourceFactor 4)', () => {
  it('allows up to the factor times the current value, and anything where there is none', () => {
    expect(checkPolicy(raise({ memory: '1Gi' }), POLICY, { restartsInLastHour: 0, currentResources: { limits: { memory: '256Mi' } } })).toEqual({ allowed: true });
    expect(checkPolicy(raise({ cpu: '64' }), POLICY, { restartsInLastHour: 0, currentResources: { limits: { memory: '256Mi' } } })).toEqual({ allowed: true });
    expect(checkPolicy(raise({ cpu: '2001m' }), POLICY, { restartsInLastHour: 0, currentResources: { limits: { cpu: '500m' } } })).toEqual({
      allowed: false,
      reason: 'cpu limits 2001m is more than 4x the current 500m (policy maxResourceFactor)',
    });
  });

  it('refuses an amount that is not a positive quantity', () => {
    expect(checkPolicy(raise({ memory: 'lots' }), POLICY, { restartsInLastHour: 0 })).toEqual({ allowed: false, reason: 'memory limits "lots" is not a positive quantity' });
    expect(checkPolicy(raise({ memory: '0' }), POLICY, { restartsInLastHour: 0 })).toMatchObject({ allowed: false });
  });
});

describe('createRemediationHandlers', () => {
  it('registers every action, create-issue only with an issue tracker', () => {
    expect(Object.keys(createRemediationHandlers()).sort()).toEqual(REMEDIATION_ACTIONS.filter((a) => a !== 'create-issue').sort());
    const tracker = { openOrComment: async () => ({ url: 'https://example.test/1', created: true }) };
    expect(Object.keys(createRemediationHandlers({ issueTracker: tracker })).sort()).toEqual([...REMEDIATION_ACTIONS].sort());
  });
});
