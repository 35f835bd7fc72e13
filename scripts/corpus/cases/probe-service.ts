/** probe-failure and service-no-endpoints: a running process that probes reject, and a Service that selects nothing. */
import { alertmanagerAlarm, cloudwatchAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { endpointSlice, endpoints, execProbe, httpProbe, pod, running, service, crashLoopBackOff, type Backend } from '../lib/k8s.js';
import { appTemplate, backOff, cluster, kubelet, simpleDeploy, type AppOpts } from '../lib/kit.js';
import { promCpu } from '../lib/metrics.js';
import { grid, steady } from '../lib/series.js';
import type { Obj } from '../lib/util.js';
import type { World } from '../lib/world.js';


/** A healthy Deployment plus a Service whose selector is `selector`: the pods exist and are Ready. */
function healthyBehindService(w: World, o: { ns: string; name: string; app: AppOpts; replicas: number; selector: Record<string, string>; matches: boolean; svcAge?: string }): { pods: Obj[]; svc: Obj } {
  const nodes = cluster(w, 3);
  const t = appTemplate(o.app);
  const d = simpleDeploy(w, { ns: o.ns, name: o.name, template: t, replicas: o.replicas });
  const pods = Array.from({ length: o.replicas }, (_, i) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso(`-${2 + i}d`), node: nodes[i % 3]!.ref })));
  const svc = service(w, { ns: o.ns, name: o.name, selector: o.selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }], createdAt: w.iso(o.svcAge ?? '-300d') });
  const backends: Backend[] = o.matches ? pods.map((p) => ({ pod: p, ready: true })) : [];
  endpoints(w, { ns: o.ns, name: o.name, backends, ports: [{ name: 'http', port: o.app.port ?? 8080 }], changedAt: w.iso('-20m'), createdAt: w.iso(o.svcAge ?? '-300d') });
  endpointSlice(w, { ns: o.ns, service: svc, backends, ports: [{ name: 'http', port: o.app.port ?? 8080 }], createdAt: w.iso(o.svcAge ?? '-300d') });
  return { pods, svc };
}

export const probeServiceCases: CaseDef[] = [
  // ------------------------------------------------------------------ probe-failure
  {
    category: 'probe-failure',
    slug: 'liveness-503-restarts-no-oom',
    now: '2026-02-14T08:08:08Z',
    title: 'catalog-api\'s liveness endpoint returns 503 when a background cache refresh holds a lock; the kubelet kills it every few minutes (exit 137, reason Error), while its logs show it serving traffic normally.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'catalog-api', partOf: 'catalog', image: w.image('catalog/catalog-api', '6.0.3'), requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' }, probes: 'both', probePath: '/livez' });
      const d = simpleDeploy(w, { ns: 'catalog', name: 'catalog-api', template: t, replicas: 2 });
      nodes.slice(0, 2).forEach((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-3d'), node: n.ref, readyChangedAt: w.iso(`-${1 + i}m`), statuses: [{ state: running(w.iso(`-${1 + i}m30s`)), lastState: { exitCode: 137, reason: 'Error', startedAt: w.iso(`-${9 + i}m`), finishedAt: w.iso(`-${1 + i}m31s`) }, ready: true, restartCount: 12 + i }] }));
        kubelet(w, p, 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 503', '-1h10m', `-${1 + i}m35s`, 41 + i);
        kubelet(w, p, 'Killing', 'Container app failed liveness probe, will be restarted', '-1h09m', `-${1 + i}m31s`, 12 + i, { type: 'Normal' });
        if (i === 0) w.log(p, 'app', true, [
          `${w.clock.logTs('-2m20s', 3)} INFO  GET /v1/products/88231 200 12ms`,
          `${w.clock.logTs('-2m10s', 55)} INFO  cache refresh started (full catalogue, 1.2M items)`,
          `${w.clock.logTs('-2m01s', 501)} INFO  GET /v1/products/1102 200 9ms`,
          `${w.clock.logTs('-1m52s', 90)} WARN  GET /livez 503 0ms reason="cache refresh in progress"`,
          `${w.clock.logTs('-1m42s', 11)} WARN  GET /livez 503 0ms reason="cache refresh in progress"`,
          `${w.clock.logTs('-1m32s', 700)} INFO  received SIGTERM, shutting down`,
        ]);
        promCpu(w, p, 'app', steady(w, grid(w, '-1h', 60), { level: 0.21, noise: 0.05, digits: 3, min: 0 }));
      });
      alertmanagerAlarm(w, { alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-50m', labels: { namespace: 'catalog', container: 'app' }, summary: 'Pod is crash looping.', description: 'Pod catalog/catalog-api (app) is restarting 1.20 times / 10 minutes.', target: { namespace: 'catalog', kind: 'Deployment', name: 'catalog-api' } });
    },
  },
  {
    category: 'probe-failure',
    slug: 'readiness-wrong-port-no-ready-endpoints',
    now: '2026-03-30T15:45:45Z',
    title: 'profile-svc listens on 9090 but its readinessProbe checks port 8080 (values.yaml default); pods Running, never Ready, the Service has only notReadyAddresses.',
    misleading: 'The Service has no ready endpoints and traffic fails, like service-no-endpoints; the selector matches every pod (they are listed as notReadyAddresses), and "connection refused" on the probe port while the process runs is a probe problem.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'profile-svc', partOf: 'identity', image: w.image('identity/profile-svc', '1.0.0'), port: 9090, requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' }, readiness: httpProbe('/ready', 8080) });
      const d = simpleDeploy(w, { ns: 'identity', name: 'profile-svc', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-35m'), rsCreatedAt: w.iso('-36m'), createdAt: w.iso('-36m') });
      const pods = nodes.slice(0, 2).map((n) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-35m'), node: n.ref, readyChangedAt: w.iso('-35m'), statuses: [{ state: running(w.iso('-35m')), ready: false, restartCount: 0 }] })));
      for (const p of pods) {
        const ip = (p.status as { podIP: string }).podIP;
        kubelet(w, p, 'Unhealthy', `Readiness probe failed: Get "http://${ip}:8080/ready": dial tcp ${ip}:8080: connect: connection refused`, '-35m', '-5s', 209);
      }
      const svc = service(w, { ns: 'identity', name: 'profile-svc', selector: t.labels, ports: [{ name: 'http', port: 80, targetPort: 9090 }], createdAt: w.iso('-36m') });
      endpoints(w, { ns: 'identity', name: 'profile-svc', backends: pods.map((p) => ({ pod: p, ready: false })), ports: [{ name: 'http', port: 9090 }], changedAt: w.iso('-35m'), createdAt: w.iso('-36m') });
      endpointSlice(w, { ns: 'identity', service: svc, backends: pods.map((p) => ({ pod: p, ready: false })), ports: [{ name: 'http', port: 9090 }], createdAt: w.iso('-36m') });
      w.log(pods[0]!, 'app', false, [`${w.clock.logTs('-34m50s', 1)} level=info msg="profile-svc listening" addr=":9090"`, `${w.clock.logTs('-2m', 402)} level=info msg="GET /ready" status=200 remote=10.0.3.11`]);
      manualAlarm(w, { name: 'profile-svc not reachable', description: 'new service deployed 30 min ago, gateway returns 503 no healthy upstream', target: { namespace: 'identity', kind: 'Service', name: 'profile-svc' }, startsAt: '-25m', user: 'platform-team' });
    },
  },
  {
    category: 'probe-failure',
    slug: 'liveness-kills-slow-jvm-startup',
    now: '2026-05-05T05:05:05Z',
    title: 'warehouse-api (Spring, ~95s to start on its 500m request) has a liveness probe with initialDelaySeconds 30 and no startupProbe: killed before it finishes starting (exit 143), CrashLoopBackOff.',
    misleading: 'CrashLoopBackOff with repeated exits reads as crash-loop; the log ends mid-start with no error and SIGTERM (143), preceded by "Liveness probe failed … connection refused": the probe kills a process that is still starting.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'warehouse-api', partOf: 'warehouse', image: w.image('warehouse/warehouse-api', '3.1.0'), requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1536Mi' }, liveness: httpProbe('/actuator/health/liveness', 'http', { initialDelaySeconds: 30, periodSeconds: 10, failureThreshold: 3 }), readiness: httpProbe('/actuator/health/readiness', 'http') });
      const d = simpleDeploy(w, { ns: 'warehouse', name: 'warehouse-api', template: t, replicas: 1, ready: 0, condition: 'unavailable', availableSince: w.iso('-16m') });
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-16m'), node: nodes[0]!.ref, readyChangedAt: w.iso('-16m'), statuses: (id) => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '2m40s'), lastState: { exitCode: 143, reason: 'Error', startedAt: w.iso('-2m10s'), finishedAt: w.iso('-1m09s') }, ready: false, restartCount: 6 }] }));
      const ip = (p.status as { podIP: string }).podIP;
      kubelet(w, p, 'Unhealthy', `Liveness probe failed: Get "http://${ip}:8080/actuator/health/liveness": dial tcp ${ip}:8080: connect: connection refused`, '-15m', '-1m15s', 18);
      kubelet(w, p, 'Killing', 'Container app failed liveness probe, will be restarted', '-15m', '-1m15s', 6, { type: 'Normal' });
      backOff(w, p, '-12m', '-20s', 9);
      w.log(p, 'app', true, [
        `${w.clock.logTs('-2m08s', 1)}  INFO 1 --- [main] c.a.w.WarehouseApplication : Starting WarehouseApplication v3.1.0 using Java 21.0.6`,
        `${w.clock.logTs('-1m51s', 412)}  INFO 1 --- [main] o.s.d.r.c.RepositoryConfigurationDelegate : Finished Spring Data repository scanning in 2210 ms. Found 148 JPA repository interfaces.`,
        `${w.clock.logTs('-1m22s', 77)}  INFO 1 --- [main] o.h.e.t.j.p.i.JtaPlatformInitiator : HHH000489: No JTA platform available`,
        `${w.clock.logTs('-1m10s', 5)}  INFO 1 --- [main] c.a.w.stock.StockIndexLoader : loading stock index (3 of 7 partitions)`,
        `${w.clock.logTs('-1m09s', 881)}  INFO 1 --- [ionShutdownHook] o.s.b.w.e.tomcat.GracefulShutdown : Commencing graceful shutdown. Waiting for active requests to complete`,
      ]);
      kubernetesAlarm(w, w.objects.find((o) => o.kind === 'Event' && o.reason === 'Killing')!, 'crash');
    },
  },
  {
    category: 'probe-failure',
    slug: 'grpc-readiness-1s-timeout',
    now: '2026-08-08T13:13:13Z',
    title: 'routing-engine\'s readiness probe runs grpc_health_probe with a 1s timeout; the health service shares a single-threaded executor with route computations, so pods flap NotReady. CPU is low, no throttling.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'routing-engine', partOf: 'logistics', image: w.image('logistics/routing-engine', '0.44.0'), port: 50051, requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '4', memory: '4Gi' }, readiness: execProbe(['/bin/grpc_health_probe', '-addr=:50051', '-connect-timeout=1s', '-rpc-timeout=1s'], { timeoutSeconds: 1, periodSeconds: 5 }) });
      const d = simpleDeploy(w, { ns: 'logistics', name: 'routing-engine', template: t, replicas: 3, ready: 1 });
      const ts = grid(w, '-1h', 60);
      nodes.forEach((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-2d'), node: n.ref, readyChangedAt: w.iso(`-${i + 1}m`), statuses: [{ state: running(w.iso('-2d')), ready: i === 2, restartCount: 0 }] }));
        kubelet(w, p, 'Unhealthy', 'Readiness probe failed: timeout: health rpc did not complete within 1s', '-48m', `-${i * 20 + 10}s`, 96 - i * 20);
        promCpu(w, p, 'app', steady(w, ts, { level: 0.7, noise: 0.2, digits: 3 }));
      });
      cloudwatchAlarm(w, { alarmName: 'routing-engine-healthy-hosts', metricName: 'HealthyHostCount', namespace: 'AWS/NetworkELB', dimensions: { LoadBalancer: 'net/k8s-logistic-routing-7a9c/1f2e3d4c5b6a7980', TargetGroup: 'targetgroup/k8s-logistic-routinge-2b3c4d5e6f/8a7b6c5d4e3f2a1b' }, threshold: 2, recent: [1, 1, 2, 1], startsAt: '-30m', kind: 'latency', statistic: 'Minimum', target: { namespace: 'logistics', kind: 'Deployment', name: 'routing-engine' } });
    },
  },
  {
    category: 'probe-failure',
    slug: 'exec-liveness-tmp-file-removed',
    now: '2026-10-30T22:22:22Z',
    title: 'A legacy worker\'s liveness probe is "cat /tmp/healthy"; a tmp cleaner added to the image deletes files older than 1h, so the probe fails and the kubelet restarts a working process every ~hour.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'fax-gateway', partOf: 'legacy', image: w.image('legacy/fax-gateway', '2019.4-7'), requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' }, liveness: execProbe(['cat', '/tmp/healthy'], { initialDelaySeconds: 5, periodSeconds: 5 }), probes: 'none', labelStyle: 'app' });
      const d = simpleDeploy(w, { ns: 'legacy', name: 'fax-gateway', template: t, replicas: 1 });
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-5d'), node: nodes[0]!.ref, readyChangedAt: w.iso('-21m'), statuses: [{ state: running(w.iso('-21m')), lastState: { exitCode: 137, reason: 'Error', startedAt: w.iso('-1h22m'), finishedAt: w.iso('-21m') }, ready: true, restartCount: 61 }] }));
      kubelet(w, p, 'Unhealthy', "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory", '-4d', '-21m05s', 183);
      kubelet(w, p, 'Killing', 'Container fax-gateway failed liveness probe, will be restarted', '-4d', '-21m', 61, { type: 'Normal' });
      w.log(p, 'app', true, [`${w.iso('-1h21m')} fax-gateway: touched /tmp/healthy`, `${w.iso('-35m')} fax-gateway: sent job 88112 (3 pages) ok`, `${w.iso('-22m')} tmpreaper: removed /tmp/healthy (age 1h0m)`, `${w.iso('-21m')} fax-gateway: sent job 88113 (1 page) ok`]);
      w.missing.push('metrics: namespace legacy is not scraped by Prometheus');
    },
  },

  // ------------------------------------------------------------------ service-no-endpoints
  {
    category: 'service-no-endpoints',
    slug: 'helm-label-refactor-selector-mismatch',
    now: '2026-01-12T10:20:30Z',
    title: 'A chart refactor moved pods to app.kubernetes.io/name labels, but the Service still selects app=billing-web; Endpoints and EndpointSlice are empty while three Ready pods exist.',
    build(w) {
      const { pods } = healthyBehindService(w, { ns: 'billing', name: 'billing-web', app: { name: 'billing-web', partOf: 'billing', image: w.image('billing/web', '2.2.0'), requests: { cpu: '100m', memory: '256Mi' } }, replicas: 3, selector: { app: 'billing-web' }, matches: false });
      void pods;
      w.change({ at: w.iso('-22m'), kind: 'helm-upgrade', target: { namespace: 'billing', kind: 'Service', name: 'billing-web' }, detail: 'helm upgrade billing-web chart 1.x -> 2.0.0 (labels migrated to app.kubernetes.io/*)', source: 'argo' });
      alertmanagerAlarm(w, { alertname: 'BlackboxProbeFailed', severity: 'critical', kind: 'latency', startsAt: '-18m', labels: { instance: 'http://billing-web.billing.svc/healthz', job: 'blackbox' }, summary: 'Probe failed', description: 'http://billing-web.billing.svc/healthz: connection refused', target: { namespace: 'billing', kind: 'Service', name: 'billing-web' } });
    },
  },
  {
    category: 'service-no-endpoints',
    slug: 'selector-typo-chekout',
    now: '2026-04-04T04:04:04Z',
    title: 'A hand-edited Service selects app.kubernetes.io/name=chekout (typo); the checkout pods are Ready, the Service has no endpoints, ingress answers 503 "no healthy upstream".',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      healthyBehindService(w, { ns: 'shop', name: 'checkout', app: { name: 'checkout', partOf: 'shop', image: w.image('shop/checkout', '1.43.1'), requests: { cpu: '250m', memory: '512Mi' } }, replicas: 2, selector: { 'app.kubernetes.io/name': 'chekout' }, matches: false, svcAge: '-40m' });
      w.insights('fields @timestamp, @message | filter kubernetes.namespace_name = "ingress-nginx" and @message like /checkout/ | limit 3', [
        ['-30s', `10.0.41.7 - - [${w.iso('-30s')}] "POST /api/v1/checkout HTTP/2.0" 503 19 "-" "Mozilla/5.0" 512 0.000 [shop-checkout-80] [] - - - - 4e1f…`],
        ['-1m', `W0404 04:03:04.112233      7 controller.go:1214] Service "shop/checkout" does not have any active Endpoint.`],
      ]);
      cloudwatchAlarm(w, { alarmName: 'shop-checkout-5xx', metricName: 'HTTPCode_ELB_5XX_Count', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-ingress-1a2b3c/4d5e6f7a8b9c0d1e' }, threshold: 10, recent: [122, 140], startsAt: '-35m', kind: 'latency', statistic: 'Sum', target: { namespace: 'shop', kind: 'Service', name: 'checkout' } });
    },
  },
  {
    category: 'service-no-endpoints',
    slug: 'version-selector-canary-switch',
    now: '2026-06-30T17:00:00Z',
    title: 'A canary switch edited the Service selector to version=v2, but the pods carry version=2.0; no pod matches. No workload changed.',
    build(w) {
      healthyBehindService(w, { ns: 'media', name: 'thumbnailer', app: { name: 'thumbnailer', partOf: 'media', image: w.image('media/thumbnailer', '2.0.0'), requests: { cpu: '200m', memory: '256Mi' }, labelStyle: 'app', extra: { labels: { app: 'thumbnailer', version: '2.0' } } }, replicas: 2, selector: { app: 'thumbnailer', version: 'v2' }, matches: false });
      w.change({ at: w.iso('-12m'), kind: 'service-edit', target: { namespace: 'media', kind: 'Service', name: 'thumbnailer' }, detail: 'kubectl patch svc thumbnailer -p {"spec":{"selector":{"version":"v2"}}}', source: 'kubernetes' });
      manualAlarm(w, { name: 'thumbnails 503', description: 'all thumbnail requests fail since the canary switch', target: { namespace: 'media', kind: 'Service', name: 'thumbnailer' }, startsAt: '-10m', user: 'media-oncall' });
    },
  },
  {
    category: 'service-no-endpoints',
    slug: 'stale-readiness-events-selector-mismatch',
    now: '2026-09-09T09:09:09Z',
    title: 'geo-api pods are Ready now; "Readiness probe failed" events from a deploy 5 hours ago are still listed. The Service selects tier=backend, a label the new chart dropped.',
    misleading: '"Readiness probe failed" Warnings point to probe-failure, but they are 5 hours old and the pods have been Ready since; the Service selector matches no pod labels, which is why it has no endpoints.',
    build(w) {
      const { pods } = healthyBehindService(w, { ns: 'geo', name: 'geo-api', app: { name: 'geo-api', image: w.image('geo/geo-api', '5.0.1'), requests: { cpu: '200m', memory: '512Mi' }, labelStyle: 'app' }, replicas: 2, selector: { app: 'geo-api', tier: 'backend' }, matches: false });
      for (const p of pods) kubelet(w, p, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500', '-5h12m', '-5h09m', 14);
      alertmanagerAlarm(w, { alertname: 'KubeServiceNoEndpoints', severity: 'critical', kind: 'unknown', startsAt: '-4h58m', labels: { namespace: 'geo', service: 'geo-api' }, summary: 'Service has no endpoints', description: 'Service geo/geo-api has had no ready endpoints for 5m.', target: { namespace: 'geo', kind: 'Service', name: 'geo-api' }, expr: 'kube_endpoint_address{ready="true"} == 0' });
    },
  },
  {
    category: 'service-no-endpoints',
    slug: 'statefulset-headless-wrong-selector',
    now: '2026-12-12T12:12:12Z',
    title: 'The Service in front of a Redis StatefulSet selects app.kubernetes.io/instance=redis-cache while the pods are labelled instance=cache; clients get connection refused on the ClusterIP.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const { pods } = healthyBehindService(w, { ns: 'cache', name: 'redis', app: { name: 'redis', image: 'docker.io/library/redis:7.4.2', port: 6379, requests: { cpu: '250m', memory: '1Gi' }, probes: 'none', extra: { labels: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'cache' } } }, replicas: 1, selector: { 'app.kubernetes.io/name': 'redis', 'app.kubernetes.io/instance': 'redis-cache' }, matches: false });
      w.log(pods[0]!, 'app', false, ['1:M 12 Dec 2026 11:02:41.118 * Ready to accept connections tcp']);
      w.insights('fields @timestamp, @message | filter kubernetes.namespace_name = "shop" and @message like /redis/ | limit 3', [['-2m', '{"level":"error","msg":"redis: dial tcp 172.20.91.14:6379: connect: connection refused","component":"session-cache"}']]);
      alertmanagerAlarm(w, { alertname: 'SessionCacheErrors', severity: 'warning', kind: 'unknown', startsAt: '-14m', labels: { namespace: 'shop', component: 'session-cache' }, summary: 'session cache unavailable', description: 'shop session cache errors > 5/s', target: { namespace: 'cache', kind: 'Service', name: 'redis' } });
    },
  },
];


