import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../src/domain/alarm.js';
import { parseAlertmanagerWebhook } from '../../src/sources/alertmanager/parse.js';
import { fixtureJson } from './helpers.js';

function alarmsOf(body: unknown): readonly Alarm[] {
  const result = parseAlertmanagerWebhook(body);
  if (!result.ok) throw new Error(`expected alarms, got rejection: ${result.reason}`);
  return result.alarms;
}

type Webhook = { alerts: { labels: Record<string, string>; annotations: Record<string, string>; status: string; [key: string]: unknown }[]; [key: string]: unknown };

/** The first alert of the firing fixture with its labels replaced (alertname kept unless given). */
function withLabels(labels: Record<string, string>, annotations?: Record<string, string>): Webhook {
  const webhook = fixtureJson('alertmanager/webhook-v4-firing-grouped.json') as Webhook;
  const first = webhook.alerts[0]!;
  return { ...webhook, alerts: [{ ...first, labels: { alertname: 'X', ...labels }, annotations: annotations ?? first.annotations }] };
}

describe('parseAlertmanagerWebhook', () => {
  it.each(['webhook-v4-firing-grouped.json', 'webhook-v4-firing-grouped.v0.34.json'])('maps the three firing crash-loop alerts of %s', (file) => {
    const alarms = alarmsOf(fixtureJson(`alertmanager/${file}`));
    expect(alarms.map((a) => [a.target.name, a.externalId, a.startsAt])).toEqual([
      ['checkout-7c9d8f6b5d-4xk2p', 'cd6110d0d034818c', '2026-11-22T09:59:27.512Z'],
      ['checkout-7c9d8f6b5d-9qzt7', '80deffef1eb5076a', '2026-11-22T09:59:27.512Z'],
      ['checkout-7c9d8f6b5d-tw6lm', '118151123f2fb800', '2026-11-22T09:59:57.512Z'],
    ]);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({
        source: 'alertmanager',
        name: 'KubePodCrashLooping',
        kind: 'crash',
        severity: 'warning',
        state: 'firing',
        target: { namespace: 'shop', kind: 'Pod' },
        labels: { container: 'app', reason: 'CrashLoopBackOff' },
      });
      expect(alarm.description).toMatch(/keeps exiting and the kubelet holds it in CrashLoopBackOff/);
      expect(alarm.endsAt).toBeUndefined();
      expect(alarm.drill).toBeUndefined();
    }
  });

  it('resolves every alert of the resolved notification, with its endsAt', () => {
    const alarms = alarmsOf(fixtureJson('alertmanager/webhook-v4-resolved.json'));
    expect(alarms.map((a) => [a.state, a.externalId, a.endsAt])).toEqual([
      ['resolved', 'cd6110d0d034818c', '2026-11-22T10:13:27.512Z'],
      ['resolved', '80deffef1eb5076a', '2026-11-22T10:13:57.512Z'],
      ['resolved', '118151123f2fb800', '2026-11-22T10:13:57.512Z'],
    ]);
  });

  it('reads each alert’s own status in a mixed notification: one resolved, one firing', () => {
    const alarms = alarmsOf(fixtureJson('alertmanager/webhook-v4-mixed.json'));
    expect(alarms.map((a) => [a.state, a.target.name, a.externalId])).toEqual([
      ['resolved', 'checkout-59d7b6c8f4-h8w2r', '4630f2e20b586cf3'],
      ['firing', 'checkout-59d7b6c8f4-rk7xm', 'c6e19d2abb70e764'],
    ]);
  });

  it.each([
    ['KubePodCrashLooping', 'crash'],
    ['KubeContainerOOMKilled', 'memory'],
    ['ContainerMemoryNearLimit', 'memory'],
    ['CPUThrottlingHigh', 'cpu'],
    ['CheckoutHighLatency', 'latency'],
    ['KubeNodeNotReady', 'node'],
    ['NodeMemoryPressure', 'node'],
    ['KubeDeploymentReplicasMismatch', 'deployment'],
    ['Watchdog', 'unknown'],
  ])('hints %s as %s', (alertname, kind) => {
    expect(alarmsOf(withLabels({ alertname }))[0]?.kind).toBe(kind);
  });

  it.each([
    [{ namespace: 'shop', deployment: 'checkout', service: 'ksm' }, { namespace: 'shop', kind: 'Deployment', name: 'checkout' }],
    [{ namespace: 'db', statefulset: 'postgres' }, { namespace: 'db', kind: 'StatefulSet', name: 'postgres' }],
    [{ namespace: 'kube-system', daemonset: 'aws-node' }, { namespace: 'kube-system', kind: 'DaemonSet', name: 'aws-node' }],
    [{ namespace: 'batch', job_name: 'nightly-29123' }, { namespace: 'batch', kind: 'Job', name: 'nightly-29123' }],
    [{ namespace: 'monitoring', node: 'ip-10-0-3-17' }, { kind: 'Node', name: 'ip-10-0-3-17' }],
    [{ namespace: 'shop', service: 'checkout' }, { namespace: 'shop', kind: 'Service', name: 'checkout' }],
    [{ namespace: 'shop', container: 'app' }, { namespace: 'shop' }],
    [{}, {}],
  ])('targets labels %j as %j', (labels, target) => {
    expect(alarmsOf(withLabels(labels))[0]?.target).toEqual(target);
  });

  it('reads severity, description fallbacks and drill labels', () => {
    const [critical] = alarmsOf(withLabels({ severity: 'critical', triaged_dev_chaos: 'crash-loop' }, { summary: 'S', message: 'M' }));
    expect(critical).toMatchObject({ severity: 'critical', description: 'S', drill: true });
    const [info] = alarmsOf(withLabels({ severity: 'info', chaos: 'x' }, { message: 'M' }));
    expect(info).toMatchObject({ severity: 'info', description: 'M', drill: true });
    const [plain] = alarmsOf(withLabels({}, {}));
    expect(plain).toMatchObject({ severity: 'warning' });
    expect(plain?.description).toBeUndefined();
  });

  it('accepts an empty alert list', () => {
    expect(parseAlertmanagerWebhook({ version: '4', alerts: [] })).toEqual({ ok: true, alarms: [] });
  });

  const firing = fixtureJson('alertmanager/webhook-v4-firing-grouped.json') as Webhook;
  const alertWith = (patch: Record<string, unknown>) => ({ ...firing, alerts: [{ ...firing.alerts[0], ...patch }] });
  it.each([
    ['a string', 'hello', /^Alertmanager webhook invalid/],
    ['null', null, /^Alertmanager webhook invalid/],
    ['no version', { alerts: [] }, /^Alertmanager webhook version missing/],
    ['version 3', { ...firing, version: '3' }, /^Alertmanager webhook version invalid/],
    ['no alerts', { version: '4' }, /^Alertmanager webhook alerts missing/],
    ['an unknown status', alertWith({ status: 'pending' }), /^Alertmanager alerts\[0\] status invalid/],
    ['no alertname', alertWith({ labels: { namespace: 'shop' } }), /^Alertmanager alerts\[0\] labels invalid: alertname label missing/],
    ['a numeric label', alertWith({ labels: { alertname: 'X', replicas: 3 } }), /^Alertmanager alerts\[0\] labels\.replicas invalid/],
    ['no startsAt', alertWith({ startsAt: undefined }), /^Alertmanager alerts\[0\] startsAt missing/],
    ['a bad startsAt', alertWith({ startsAt: 'now' }), /alerts\[0\]\.startsAt "now" is not a timestamp/],
  ])('rejects %s with a reason naming the problem', (_label, body, reason) => {
    const result = parseAlertmanagerWebhook(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
