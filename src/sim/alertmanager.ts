/** An Alertmanager webhook (payload version 4) for simulated alerts, shaped as Alertmanager 0.25 sends it. */
export interface SimAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly status?: 'firing' | 'resolved';
  readonly fingerprint?: string;
}

export function alertmanagerWebhook(alerts: readonly SimAlert[], receiver = 'triaged'): unknown {
  const firing = alerts.some((a) => (a.status ?? 'firing') === 'firing');
  const first = alerts[0]?.labels ?? {};
  const groupLabels = { alertname: first.alertname ?? 'unknown', ...(first.namespace ? { namespace: first.namespace } : {}) };
  return {
    receiver,
    status: firing ? 'firing' : 'resolved',
    alerts: alerts.map((a, i) => ({
      status: a.status ?? 'firing',
      labels: a.labels,
      annotations: a.annotations ?? {},
      startsAt: a.startsAt,
      endsAt: (a.status ?? 'firing') === 'firing' ? '0001-01-01T00:00:00Z' : a.startsAt,
      generatorURL: 'http://prometheus.monitoring.svc:9090/graph',
      fingerprint: a.fingerprint ?? (0x1000000000000000 + i).toString(16),
    })),
    groupLabels,
    commonLabels: groupLabels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.monitoring.svc:9093',
    version: '4',
    groupKey: `{}:{alertname="${groupLabels.alertname}"}`,
    truncatedAlerts: 0,
  };
}
