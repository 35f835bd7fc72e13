/** Every IncidentStore method on an in-memory SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TriagedError } from '../../src/domain/errors.js';
import { asApprovalId, asFingerprint, asIncidentId } from '../../src/domain/ids.js';
import { openSqliteStore, type SqliteIncidentStore } from '../../src/adapters/store/sqlite-store.js';
import { REJECTED_BODY_MAX_BYTES } from '../../src/adapters/store/rows.js';
import { approval, finding, incident, snapshot } from './fixtures.js';

let store: SqliteIncidentStore;
beforeEach(() => {
  store = openSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

const id = asIncidentId;

describe('incidents', () => {
  it('creates and reads back an incident with every field', async () => {
    const full = incident({ id: 'inc-1', resolvedAt: 5_000, status: 'resolved', thread: { channel: 'C1', ts: '171.1' }, drill: true, alarmCount: 3 });
    await store.createIncident(full);
    expect(await store.getIncident(id('inc-1'))).toStrictEqual(full);
    expect(await store.getIncident(id('nope'))).toBeUndefined();
  });

  it('keeps optional fields absent, not undefined', async () => {
    await store.createIncident(incident({ id: 'inc-1', correlationKey: null }));
    const read = await store.getIncident(id('inc-1'));
    expect(read).toStrictEqual(incident({ id: 'inc-1', correlationKey: null }));
    expect(read && 'thread' in read).toBe(false);
  });

  it('rejects a second incident with the same id', async () => {
    await store.createIncident(incident({ id: 'inc-1' }));
    await expect(store.createIncident(incident({ id: 'inc-1' }))).rejects.toThrow(/UNIQUE/);
  });

  it('findOpenByFingerprint returns the newest unresolved incident and ignores resolved ones', async () => {
    await store.createIncident(incident({ id: 'old', openedAt: 1_000 }));
    await store.createIncident(incident({ id: 'new', openedAt: 2_000 }));
    await store.createIncident(incident({ id: 'newest-resolved', openedAt: 3_000, status: 'resolved', resolvedAt: 3_500 }));
    await store.createIncident(incident({ id: 'other', fingerprint: asFingerprint('fp-other'), openedAt: 4_000 }));
    expect((await store.findOpenByFingerprint(asFingerprint('fp-checkout')))?.id).toBe('new');

    await store.setStatus(id('new'), 'resolved', 5_000);
    await store.setStatus(id('old'), 'resolved', 5_000);
    expect(await store.findOpenByFingerprint(asFingerprint('fp-checkout'))).toBeUndefined();
  });

  it('findOpenByCorrelation respects sinceMs and ignores resolved incidents', async () => {
    await store.createIncident(incident({ id: 'a', fingerprint: asFingerprint('fp-a'), openedAt: 1_000, lastSeenAt: 1_500 }));
    expect((await store.findOpenByCorrelation('shop/workload/checkout', 1_500))?.id).toBe('a');
    expect(await store.findOpenByCorrelation('shop/workload/checkout', 1_501)).toBeUndefined();
    expect(await store.findOpenByCorrelation('shop/workload/cart', 0)).toBeUndefined();

    await store.recordDuplicate(id('a'), 9_000);
    expect((await store.findOpenByCorrelation('shop/workload/checkout', 8_000))?.id).toBe('a');
    await store.setStatus(id('a'), 'resolved', 9_500);
    expect(await store.findOpenByCorrelation('shop/workload/checkout', 0)).toBeUndefined();
  });

  it('listIncidents returns newest first, honours limit and sinceMs', async () => {
    for (const [n, openedAt] of [1_000, 3_000, 2_000, 5_000, 4_000].entries()) await store.createIncident(incident({ id: `inc-${n}`, openedAt }));
    const ids = async (options: { sinceMs?: number; limit: number }) => (await store.listIncidents(options)).map((i) => i.openedAt);
    expect(await ids({ limit: 10 })).toEqual([5_000, 4_000, 3_000, 2_000, 1_000]);
    expect(await ids({ limit: 2 })).toEqual([5_000, 4_000]);
    expect(await ids({ sinceMs: 3_000, limit: 10 })).toEqual([5_000, 4_000, 3_000]);
    expect(await ids({ limit: 0 })).toEqual([]);
  });

  it('recordDuplicate counts the alarm, moves lastSeenAt forward only, and returns the row', async () => {
    await store.createIncident(incident({ id: 'inc-1', lastSeenAt: 1_000 }));
    const once = await store.recordDuplicate(id('inc-1'), 4_000);
    expect(once).toMatchObject({ alarmCount: 2, lastSeenAt: 4_000 });
    const late = await store.recordDuplicate(id('inc-1'), 2_000);
    expect(late).toMatchObject({ alarmCount: 3, lastSeenAt: 4_000 });
    expect(await store.getIncident(id('inc-1'))).toStrictEqual(late);
  });

  it('counts every one of many concurrent duplicates', async () => {
    await store.createIncident(incident({ id: 'inc-1' }));
    await Promise.all(Array.from({ length: 500 }, (_, n) => store.recordDuplicate(id('inc-1'), 1_000 + n)));
    expect(await store.getIncident(id('inc-1'))).toMatchObject({ alarmCount: 501, lastSeenAt: 1_499 });
  });

  it('setStatus records the first resolution time and clears it on reopen', async () => {
    await store.createIncident(incident({ id: 'inc-1' }));
    await store.setStatus(id('inc-1'), 'investigating', 2_000);
    expect(await store.getIncident(id('inc-1'))).toMatchObject({ status: 'investigating' });
    expect((await store.getIncident(id('inc-1')))?.resolvedAt).toBeUndefined();
    await store.setStatus(id('inc-1'), 'resolved', 3_000);
    await store.setStatus(id('inc-1'), 'resolved', 4_000);
    expect(await store.getIncident(id('inc-1'))).toMatchObject({ status: 'resolved', resolvedAt: 3_000 });
    await store.setStatus(id('inc-1'), 'open', 5_000);
    expect((await store.getIncident(id('inc-1')))?.resolvedAt).toBeUndefined();
  });

  it('setThread stores the Slack thread', async () => {
    await store.createIncident(incident({ id: 'inc-1' }));
    await store.setThread(id('inc-1'), { channel: 'C42', ts: '1700000000.000100' });
    expect((await store.getIncident(id('inc-1')))?.thread).toEqual({ channel: 'C42', ts: '1700000000.000100' });
  });

  it('changes to an unknown incident reject with STORE_NOT_FOUND', async () => {
    const missing = id('ghost');
    for (const attempt of [
      () => store.recordDuplicate(missing, 1),
      () => store.setStatus(missing, 'resolved', 1),
      () => store.setThread(missing, { channel: 'C', ts: '1' }),
      () => store.saveSnapshot(missing, snapshot('2025-03-01T10:00:00Z')),
      () => store.saveFinding(finding('ghost', 1)),
      () => store.createApproval(approval({ id: 'ap-1', incidentId: 'ghost' })),
    ]) {
      const error = await attempt().then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(TriagedError);
      expect(error).toMatchObject({ code: 'STORE_NOT_FOUND', retryable: false, message: expect.stringContaining('ghost') });
    }
  });
});

describe('snapshots and findings', () => {
  beforeEach(() => store.createIncident(incident({ id: 'inc-1' })));

  it('keeps every snapshot and returns the latest saved', async () => {
    expect(await store.latestSnapshot(id('inc-1'))).toBeUndefined();
    await store.saveSnapshot(id('inc-1'), snapshot('2025-03-01T10:05:00Z'));
    const big = snapshot('2025-03-01T10:00:00Z', 500_000);
    await store.saveSnapshot(id('inc-1'), big);
    expect(await store.latestSnapshot(id('inc-1'))).toStrictEqual(big);
  });

  it('returns the latest finding', async () => {
    expect(await store.latestFinding(id('inc-1'))).toBeUndefined();
    await store.saveFinding(finding('inc-1', 10, 'first'));
    await store.saveFinding(finding('inc-1', 20, 'second'));
    expect(await store.latestFinding(id('inc-1'))).toStrictEqual(finding('inc-1', 20, 'second'));
  });
});

describe('approvals', () => {
  beforeEach(async () => {
    await store.createIncident(incident({ id: 'inc-1' }));
    await store.createIncident(incident({ id: 'inc-2', fingerprint: asFingerprint('fp-2') }));
  });

  it('creates, reads and lists approvals of one incident in proposal order', async () => {
    const second = approval({ id: 'ap-2', incidentId: 'inc-1', createdAt: 3_000 });
    const first = approval({ id: 'ap-1', incidentId: 'inc-1', createdAt: 2_000, approvers: ['U1'], decidedBy: 'U1', decidedAt: 2_500, outcome: 'ok', status: 'succeeded' });
    await store.createApproval(second);
    await store.createApproval(first);
    await store.createApproval(approval({ id: 'ap-3', incidentId: 'inc-2' }));
    expect(await store.getApproval(asApprovalId('ap-1'))).toStrictEqual(first);
    expect(await store.getApproval(asApprovalId('nope'))).toBeUndefined();
    expect(await store.approvalsOf(id('inc-1'))).toStrictEqual([first, second]);
    expect(await store.approvalsOf(id('inc-3'))).toEqual([]);
  });

  it('transitionApproval acts once: of two sequential CAS from pending only the first wins', async () => {
    await store.createApproval(approval({ id: 'ap-1', incidentId: 'inc-1' }));
    const [a, b] = await Promise.all([
      store.transitionApproval(asApprovalId('ap-1'), ['pending'], 'executing', { decidedBy: 'U1', decidedAt: 5_000, approvers: ['U1'] }),
      store.transitionApproval(asApprovalId('ap-1'), ['pending'], 'denied', { decidedBy: 'U2', decidedAt: 5_001, outcome: 'denied' }),
    ]);
    expect(a).toMatchObject({ status: 'executing', decidedBy: 'U1', decidedAt: 5_000, approvers: ['U1'] });
    expect(b).toBeUndefined();
    expect(await store.getApproval(asApprovalId('ap-1'))).toStrictEqual(a);
  });

  it('transitionApproval from a stale state returns undefined and changes nothing', async () => {
    await store.createApproval(approval({ id: 'ap-1', incidentId: 'inc-1', status: 'denied', decidedBy: 'U2' }));
    expect(await store.transitionApproval(asApprovalId('ap-1'), ['pending', 'executing'], 'succeeded', { outcome: 'x' })).toBeUndefined();
    expect(await store.transitionApproval(asApprovalId('ghost'), ['pending'], 'denied', {})).toBeUndefined();
    expect(await store.getApproval(asApprovalId('ap-1'))).toMatchObject({ status: 'denied', decidedBy: 'U2' });
  });

  it('transitionApproval keeps fields it is not given and accepts several from-states', async () => {
    await store.createApproval(approval({ id: 'ap-1', incidentId: 'inc-1' }));
    await store.transitionApproval(asApprovalId('ap-1'), ['pending'], 'pending', { approvers: ['U1'] });
    await store.transitionApproval(asApprovalId('ap-1'), ['pending'], 'executing', { decidedBy: 'U2', decidedAt: 7_000, approvers: ['U1', 'U2'] });
    const final = await store.transitionApproval(asApprovalId('ap-1'), ['executing', 'approved'], 'succeeded', { outcome: 'verified' });
    expect(final).toStrictEqual(
      approval({ id: 'ap-1', incidentId: 'inc-1', status: 'succeeded', approvers: ['U1', 'U2'], decidedBy: 'U2', decidedAt: 7_000, outcome: 'verified' }),
    );
  });
});

describe('audit', () => {
  it('appends entries and reads them newest first, optionally for one incident', async () => {
    const entries = [
      { at: 1, actor: 'U1', event: 'approve', incidentId: id('inc-1'), approvalId: asApprovalId('ap-1'), action: 'scale', target: 'shop/Deployment/checkout', outcome: 'approved' },
      { at: 2, actor: 'triaged', event: 'dry-run', incidentId: id('inc-1'), dryRun: 'ok', outcome: 'ok' },
      { at: 3, actor: 'U9', event: 'refuse', outcome: 'not an approver' },
    ];
    for (const entry of entries) await store.appendAudit(entry);
    expect(await store.audit({ limit: 10 })).toStrictEqual([...entries].reverse());
    expect(await store.audit({ limit: 1 })).toStrictEqual([entries[2]]);
    expect(await store.audit({ incidentId: id('inc-1'), limit: 10 })).toStrictEqual([entries[1], entries[0]]);
  });
});

describe('rejected alarms', () => {
  it('records and lists them newest first', async () => {
    await store.recordRejected({ source: 'alertmanager', reason: 'not JSON', body: '{' }, 1_000);
    await store.recordRejected({ source: 'cloudwatch', deliveryId: 'msg-1', reason: 'no AlarmName', body: '{}' }, 2_000);
    expect(await store.rejected({ limit: 10 })).toStrictEqual([
      { at: 2_000, source: 'cloudwatch', deliveryId: 'msg-1', reason: 'no AlarmName', body: '{}' },
      { at: 1_000, source: 'alertmanager', reason: 'not JSON', body: '{' },
    ]);
  });

  it('truncates a large body to 64 KiB without splitting a character', async () => {
    const body = 'a' + '€'.repeat(100_000); // 3 bytes each: the cut falls inside a character
    await store.recordRejected({ source: 'manual', reason: 'too big', body }, 1);
    const [stored] = await store.rejected({ limit: 1 });
    const bytes = Buffer.byteLength(stored?.body ?? '', 'utf8');
    expect(REJECTED_BODY_MAX_BYTES).toBe(65_536);
    expect(bytes).toBeLessThanOrEqual(REJECTED_BODY_MAX_BYTES);
    expect(bytes).toBeGreaterThan(REJECTED_BODY_MAX_BYTES - 3);
    expect(body.startsWith(stored?.body ?? 'x')).toBe(true);
  });
});

describe('close', () => {
  it('is idempotent, and a closed store rejects rather than throws', async () => {
    await store.close();
    await store.close();
    const call = store.getIncident(id('inc-1'));
    await expect(call).rejects.toThrow(/not open/);
  });
});
