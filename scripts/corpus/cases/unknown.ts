/** unknown: the evidence does not support any category with confidence; the honest answer says what is missing. */
import { alertmanagerAlarm, cloudwatchAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { pod, running } from '../lib/k8s.js';
import { appTemplate, backOff, cluster, simpleDeploy } from '../lib/kit.js';
import { promCpu, promMemory } from '../lib/metrics.js';
import { grid, steady } from '../lib/series.js';
import { mib } from '../lib/util.js';
import { ev } from '../lib/k8s.js';

export const unknownCases: CaseDef[] = [
  {
    category: 'unknown',
    slug: 'latency-alarm-healthy-pods-no-telemetry',
    now: '2026-03-25T11:25:00Z',
    title: 'A CloudWatch latency alarm on the load balancer of web-api; the three pods are Running and Ready with no restarts and no events; no traces, no logs, no metrics were collected.',
    misleading: 'The alarm says latency (cpu-throttling / dependency-failure are the usual suspects), but nothing in the snapshot supports either: no metrics, traces or logs, and healthy pods. The honest answer is unknown, naming the missing sources.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'web-api', partOf: 'web', image: w.image('web/web-api', '10.2.1'), requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'web', name: 'web-api', template: t, replicas: 3 });
      nodes.forEach((n) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-6d'), node: n.ref })));
      w.missing.push('metrics: Prometheus not configured', 'traces: X-Ray not enabled for this service', 'logs: no CloudWatch log group configured for namespace web');
      cloudwatchAlarm(w, { alarmName: 'web-api-target-response-time', metricName: 'TargetResponseTime', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-web-webapi-4f3e/2d1c0b9a8f7e6d5c' }, threshold: 1, recent: [1.3, 1.6, 1.4], startsAt: '-6m', kind: 'latency', statistic: 'p99', target: { namespace: 'web', kind: 'Deployment', name: 'web-api' } });
    },
  },
  {
    category: 'unknown',
    slug: 'ready-pod-only-stale-backoff-event',
    now: '2026-06-06T06:06:06Z',
    title: 'Someone asks about a pod that is Running and Ready, 0 restarts in its current container; the only Warning is a BackOff from 7 hours ago (a restart during a deploy). Memory and CPU are flat.',
    misleading: 'A BackOff Warning is listed (crash-loop look), but it is 7 hours old, the pod has been Ready since and its restart count has not moved: there is no current incident to name.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'audit-log', partOf: 'compliance', image: w.image('compliance/audit-log', '1.5.0'), requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' }, probes: 'http' });
      const d = simpleDeploy(w, { ns: 'compliance', name: 'audit-log', template: t, replicas: 1, rsCreatedAt: w.iso('-7h20m') });
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-7h19m'), node: nodes[0]!.ref, readyChangedAt: w.iso('-6h58m'), statuses: [{ state: running(w.iso('-6h59m')), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso('-7h18m'), finishedAt: w.iso('-7h01m') }, ready: true, restartCount: 1 }] }));
      backOff(w, p, '-7h01m', '-7h00m', 2);
      const ts = grid(w, '-2h', 60);
      promMemory(w, p, 'app', steady(w, ts, { level: mib(181), noise: mib(4) }));
      promCpu(w, p, 'app', steady(w, ts, { level: 0.03, noise: 0.01, digits: 3, min: 0 }));
      manualAlarm(w, { name: 'check audit-log', description: 'dashboard shows a restart on audit-log, is something wrong?', target: { namespace: 'compliance', kind: 'Pod', name: (p.metadata as { name: string }).name }, startsAt: '-5m', user: 'compliance-analyst' });
    },
  },
  {
    category: 'unknown',
    slug: 'rbac-forbidden-nothing-collected',
    now: '2026-09-21T21:09:00Z',
    title: 'A crash alert for a namespace triaged cannot read: every Kubernetes call was forbidden, nothing else is configured. The snapshot has the alarm and nothing else.',
    build(w) {
      w.missing.push(
        'kubernetes: pods is forbidden: User "system:serviceaccount:triaged:triaged" cannot list resource "pods" in API group "" in the namespace "billing-eu"',
        'kubernetes: events.events.k8s.io is forbidden: User "system:serviceaccount:triaged:triaged" cannot list resource "events" in API group "events.k8s.io" in the namespace "billing-eu"',
        'metrics: Prometheus not configured',
      );
      alertmanagerAlarm(w, { alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-9m', labels: { namespace: 'billing-eu', pod: 'invoice-api-6f9c8d7b5-2x4kq', container: 'app', job: 'kube-state-metrics' }, summary: 'Pod is crash looping.', description: 'Pod billing-eu/invoice-api-6f9c8d7b5-2x4kq (app) is in waiting state (reason: "CrashLoopBackOff").', target: { namespace: 'billing-eu', kind: 'Pod', name: 'invoice-api-6f9c8d7b5-2x4kq' } });
    },
  },
  {
    category: 'unknown',
    slug: 'client-401s-error-alarm-healthy-service',
    now: '2026-10-28T14:00:00Z',
    title: 'An error-rate alarm on auth-gateway: the errors are 401s from one partner whose API key was revoked (logs); pods, CPU, memory and downstreams are all fine. Nothing in the cluster to fix.',
    misleading: 'Error logs and an error-rate alarm resemble dependency-failure; the errors are client-side 401 responses the service returns correctly, no downstream fails, so no category applies.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'auth-gateway', partOf: 'edge', image: w.image('edge/auth-gateway', '3.3.3'), requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'edge', name: 'auth-gateway', template: t, replicas: 3 });
      const ts = grid(w, '-1h', 60);
      nodes.forEach((n) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-12d'), node: n.ref }));
        promCpu(w, p, 'app', steady(w, ts, { level: 0.18, noise: 0.03, digits: 3 }));
      });
      w.insights('fields @timestamp, @message | filter kubernetes.labels.app_kubernetes_io/name = "auth-gateway" and status >= 400 | stats count() by status, partner | sort count desc', [
        ['-1m', '{"status":401,"partner":"p-7781","path":"/v1/token","msg":"api key revoked","count":18812}'],
        ['-1m', '{"status":404,"partner":"p-1002","path":"/v1/tokens","msg":"not found","count":31}'],
      ]);
      alertmanagerAlarm(w, { alertname: 'AuthGatewayErrorRate', severity: 'warning', kind: 'unknown', startsAt: '-25m', labels: { namespace: 'edge', service: 'auth-gateway' }, summary: 'auth-gateway non-2xx ratio above 5%', description: 'auth-gateway 4xx+5xx ratio is 22%.', target: { namespace: 'edge', kind: 'Deployment', name: 'auth-gateway' } });
    },
  },
  {
    category: 'unknown',
    slug: 'scale-down-drain-sigterm-no-alarm',
    now: '2026-12-20T03:03:03Z',
    title: 'Captured without an alarm after a night page: one pod of cart-worker exited 143 once when the cluster-autoscaler drained its node (ScaleDown), it was recreated elsewhere and is Ready; everything else is normal.',
    misleading: 'A replacement pod created 2 hours ago and cluster-autoscaler ScaleDown events suggest a disruption; it was a normal drain (SIGTERM) during scale-down, the workload recovered and nothing is failing, so there is no cause to name.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'cart-worker', partOf: 'shop', image: w.image('shop/cart-worker', '9.1.4'), requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' }, probes: 'none' });
      const d = simpleDeploy(w, { ns: 'shop', name: 'cart-worker', template: t, replicas: 2 });
      w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-5d'), node: nodes[0]!.ref }));
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-2h11m'), node: nodes[1]!.ref }));
      ev(w, { regarding: nodes[2]!.obj, reason: 'ScaleDown', message: 'marked the node as toBeDeleted/unschedulable', type: 'Normal', component: 'cluster-autoscaler', first: '-2h12m' });
      ev(w, { regarding: p, reason: 'Scheduled', message: `Successfully assigned shop/${(p.metadata as { name: string }).name} to ${nodes[1]!.ref.name}`, type: 'Normal', component: 'default-scheduler', first: '-2h11m', action: 'Binding' });
      w.log(p, 'app', false, [`${w.clock.logTs('-2h10m', 4)} INFO cart-worker started, consuming cart.events`, `${w.clock.logTs('-5m', 88)} INFO processed 18231 events in the last hour`]);
      w.missing.push('logs: previous container of the drained pod is gone with its node');
    },
  },
];
