/** cpu-throttling and dependency-failure: slow or failing requests, told apart by where the time goes. */
import { alertmanagerAlarm, cloudwatchAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { deployment as buildDeployment, endpointSlice, endpoints, hpa, pod, podMetrics, nodeMetrics, running, service, crashLoopBackOff, type PodTemplate, type StatusDef } from '../lib/k8s.js';
import type { World } from '../lib/world.js';
import { appTemplate, backOff, cluster, kubelet, simpleDeploy } from '../lib/kit.js';
import { cwPodMetric, promCpu, promErrorRatio, promLatency, promThrottle } from '../lib/metrics.js';
import { counter, grid, ramp, steady } from '../lib/series.js';
import { serviceGraph, traceSummary } from '../lib/aws.js';
import { meta } from '../lib/world.js';

export const cpuDependencyCases: CaseDef[] = [
  // ------------------------------------------------------------------ cpu-throttling
  {
    category: 'cpu-throttling',
    slug: 'cpu-throttling-high-prometheus',
    now: '2026-03-10T12:31:00Z',
    title: 'search-api (limit 500m) sits at 0.49-0.50 cores from the lunch peak on, CFS throttling ratio 0.6-0.7, p99 latency up from 180ms to 1.9s; CPUThrottlingHigh fires.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'search-api', partOf: 'search', image: w.image('search/search-api', '3.14.2'), requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '500m', memory: '1Gi' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'search', name: 'search-api', template: t, replicas: 3 });
      const ts = grid(w, '-2h', 60);
      const rise = w.unix('-52m');
      nodes.forEach((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-4d'), node: n.ref }));
        promCpu(w, p, 'app', ramp(w, ts, { from: 0.21, to: 0.497, startAt: rise - 600, endAt: rise, noise: 0.006, digits: 3, max: 0.5 }));
        promThrottle(w, p, 'app', ramp(w, ts, { from: 0.02, to: 0.64 + i * 0.03, startAt: rise - 600, endAt: rise, noise: 0.03, digits: 3, min: 0 }));
        podMetrics(w, p, { app: { cpu: `${w.rng.int(494, 500)}${w.rng.int(100000, 999999)}n`, memory: `${w.rng.int(420000, 470000)}Ki` } });
      });
      promLatency(w, 'search', 'search-api', ramp(w, ts, { from: 0.18, to: 1.9, startAt: rise - 600, endAt: rise + 600, noise: 0.05, digits: 3, min: 0.1 }));
      alertmanagerAlarm(w, { alertname: 'CPUThrottlingHigh', severity: 'info', kind: 'cpu', startsAt: '-35m', labels: { namespace: 'search', pod: 'search-api', container: 'app' }, summary: 'Processes experience elevated CPU throttling.', description: '67.3% throttling of CPU in namespace search for container app in pod search-api.', target: { namespace: 'search', kind: 'Deployment', name: 'search-api' } });
    },
  },
  {
    category: 'cpu-throttling',
    slug: 'container-insights-xray-self-time-envoy-timeouts',
    now: '2026-04-22T18:05:44Z',
    title: 'quote-engine at 99-100% of its CPU limit (Container Insights); X-Ray shows the time spent inside quote-engine itself, its downstreams answer in milliseconds; the ingress logs "upstream request timeout".',
    misleading: 'The Logs Insights rows say "upstream request timeout" (Envoy), which reads like a failing dependency; the upstream that times out is quote-engine itself, whose CPU is pinned at its limit while its own downstream calls stay fast.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3, { subnet: 20 });
      const t = appTemplate({ name: 'quote-engine', partOf: 'insurance', image: w.image('insurance/quote-engine', '2.7.3'), requests: { cpu: '1', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' }, probes: 'http' });
      const d = simpleDeploy(w, { ns: 'insurance', name: 'quote-engine', template: t, replicas: 2 });
      const ts = grid(w, '-1h', 60);
      nodes.slice(0, 2).forEach((n) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-2d'), node: n.ref }));
        cwPodMetric(w, 'prod-eks', 'insurance', 'quote-engine', 'pod_cpu_utilization_over_pod_limit', ramp(w, ts, { from: 48, to: 99.6, startAt: w.unix('-38m'), endAt: w.unix('-30m'), noise: 0.6, digits: 2, max: 100 }), 'percent', meta(p).name);
      });
      const start = w.unix('-5m');
      const end = w.unix(0);
      w.traces = {
        services: serviceGraph(w, start, end, [
          { ref: 0, name: 'quote-engine', type: 'client', edges: [{ to: 1, stats: { ok: 2210, faults: 388, mean: 3.4 } }] },
          { ref: 1, name: 'quote-engine', type: 'AWS::EKS::Container', root: true, stats: { ok: 2210, faults: 388, mean: 3.4 }, edges: [{ to: 2, stats: { ok: 5120, faults: 0, mean: 0.006 } }, { to: 3, stats: { ok: 2590, faults: 0, mean: 0.031 } }] },
          { ref: 2, name: 'quotes-db.cluster-ro-c1x9.eu-west-1.rds.amazonaws.com', type: 'remote', stats: { ok: 5120, faults: 0, mean: 0.006 }, edges: [] },
          { ref: 3, name: 'rating-tables', type: 'AWS::EKS::Container', stats: { ok: 2590, faults: 0, mean: 0.031 }, edges: [] },
        ]),
        summaries: [0, 1, 2].map((i) => traceSummary(w, { at: w.unix(`-${40 + i * 70}s`) + 0.214 * i, duration: 4.9 + i * 0.41, url: 'http://quote-engine.insurance.svc.cluster.local:8080/v1/quotes', method: 'POST', status: i === 1 ? 200 : 504, entry: 'quote-engine', services: [{ name: 'quote-engine', type: 'AWS::EKS::Container' }, { name: 'rating-tables', type: 'AWS::EKS::Container' }, { name: 'quotes-db.cluster-ro-c1x9.eu-west-1.rds.amazonaws.com', type: 'remote' }], slow: { path: ['quote-engine'], service: 'quote-engine', coverage: 0.97 } })),
      };
      w.insights('fields @timestamp, @message | filter kubernetes.namespace_name = "ingress" and @message like /quote-engine/ | sort @timestamp desc | limit 5', [
        ['-21s', `[${w.iso('-21s')}] "POST /v1/quotes HTTP/1.1" 504 UT 1840 24 5001 - "10.0.41.7" "okhttp/4.12.0" "b7f3…" "quotes.acme.io" "10.0.20.114:8080" upstream request timeout`],
        ['-48s', `[${w.iso('-48s')}] "POST /v1/quotes HTTP/1.1" 504 UT 1802 24 5000 - "10.0.38.90" "okhttp/4.12.0" "1c0e…" "quotes.acme.io" "10.0.36.51:8080" upstream request timeout`],
        ['-1m10s', `[${w.iso('-1m10s')}] "POST /v1/quotes HTTP/1.1" 200 - 1790 5120 4388 4386 "10.0.41.7" "okhttp/4.12.0" "9aa1…" "quotes.acme.io" "10.0.20.114:8080"`],
      ]);
      cloudwatchAlarm(w, { alarmName: 'quote-engine-p99-latency', metricName: 'TargetResponseTime', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-insurance-quotes-41ac/9b8c7d6e5f4a3b2c' }, threshold: 2, recent: [3.9, 4.4, 4.7], startsAt: '-25m', kind: 'latency', statistic: 'p99', target: { namespace: 'insurance', kind: 'Deployment', name: 'quote-engine' } });
    },
  },
  {
    category: 'cpu-throttling',
    slug: 'node-cpu-saturated-noisy-neighbour',
    now: '2026-06-03T02:17:29Z',
    title: 'checkout pods have no CPU limit, but their node is at 100% CPU because a batch pod without limits landed there; checkout latency climbs with node CPU, no throttling counters.',
    build(w) {
      const nodes = cluster(w, 3, { cpu: 4 });
      const t = appTemplate({ name: 'checkout', partOf: 'shop', image: w.image('shop/checkout', '1.42.0'), requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '512Mi' }, probes: 'http' });
      const d = simpleDeploy(w, { ns: 'shop', name: 'checkout', template: t, replicas: 2 });
      const hot = nodes[0]!;
      const ts = grid(w, '-90m', 60);
      const pods = [w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-3d'), node: hot.ref })), w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-3d'), node: nodes[1]!.ref }))];
      const bt = appTemplate({ name: 'catalog-export', image: w.image('data/catalog-export', '0.8.0'), requests: { cpu: '100m', memory: '1Gi' }, probes: 'none', extra: { restartPolicy: 'Never' } });
      w.add(pod(w, { ns: 'data', name: 'catalog-export-manual-qz7fd', template: bt, createdAt: w.iso('-41m'), node: hot.ref }));
      nodeMetrics(w, hot.obj, { cpu: '3998712034n', memory: '9412388Ki' });
      nodeMetrics(w, nodes[1]!.obj, { cpu: '1210044811n', memory: '7120044Ki' });
      w.series({ source: 'prometheus', name: 'node_cpu_utilisation', query: `1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle", instance="${hot.ref.name}"}[5m]))`, labels: { instance: hot.ref.name }, unit: 'ratio', points: ramp(w, ts, { from: 0.38, to: 0.998, startAt: w.unix('-41m'), endAt: w.unix('-36m'), noise: 0.01, digits: 3, max: 1 }) });
      promCpu(w, pods[0]!, 'app', ramp(w, ts, { from: 0.62, to: 0.41, startAt: w.unix('-41m'), endAt: w.unix('-36m'), noise: 0.03, digits: 3 }));
      promThrottle(w, pods[0]!, 'app', steady(w, ts, { level: 0, noise: 0, digits: 3 }));
      promLatency(w, 'shop', 'checkout', ramp(w, ts, { from: 0.22, to: 2.6, startAt: w.unix('-41m'), endAt: w.unix('-30m'), noise: 0.08, digits: 3, min: 0.1 }));
      alertmanagerAlarm(w, { alertname: 'CheckoutLatencyHigh', severity: 'critical', kind: 'latency', startsAt: '-28m', labels: { namespace: 'shop', service: 'checkout' }, summary: 'checkout p99 above 1s', description: 'checkout p99 latency is 2.41s (SLO 1s).', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' }, runbook: 'https://wiki.acme.io/runbooks/checkout-latency' });
    },
  },
  {
    category: 'cpu-throttling',
    slug: 'jvm-throttled-liveness-timeouts',
    now: '2026-09-25T20:40:12Z',
    title: 'A JVM with a 1-CPU limit and 8 GC threads is throttled 80% of periods; liveness probes time out during stop-the-world pauses and the kubelet restarts it (exit 137, not OOM).',
    misleading: 'Liveness "context deadline exceeded" events and exit-137 restarts without OOM match probe-failure; the throttling ratio (~0.8) and usage pinned at the 1-core limit show the probe is only slow because the CPU limit starves the JVM, the earlier cause.',
    build(w) {
      const nodes = cluster(w, 3, { instanceType: 'c6i.2xlarge', cpu: 8 });
      const t = appTemplate({ name: 'risk-scoring', partOf: 'fraud', image: w.image('fraud/risk-scoring', '11.0.2'), requests: { cpu: '1', memory: '3Gi' }, limits: { cpu: '1', memory: '3Gi' }, env: { JAVA_TOOL_OPTIONS: '-XX:+UseParallelGC -XX:ParallelGCThreads=8 -Xmx2g' }, probes: 'both', probePath: '/health' });
      t.containers[0]!.livenessProbe = { httpGet: { path: '/health', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 30, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 };
      const d = simpleDeploy(w, { ns: 'fraud', name: 'risk-scoring', template: t, replicas: 2 });
      const ts = grid(w, '-1h', 60);
      nodes.slice(0, 2).forEach((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-6d'), node: n.ref, readyChangedAt: w.iso(`-${4 + i * 6}m`), statuses: [{ state: running(w.iso(`-${4 + i * 6}m`)), lastState: { exitCode: 137, reason: 'Error', startedAt: w.iso(`-${19 + i * 5}m`), finishedAt: w.iso(`-${4 + i * 6}m`) }, ready: true, restartCount: 5 + i }] }));
        const ip = (p.status as { podIP: string }).podIP;
        kubelet(w, p, 'Unhealthy', `Liveness probe failed: Get "http://${ip}:8080/health": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`, '-55m', `-${4 + i * 6}m`, 17 + i);
        kubelet(w, p, 'Killing', 'Container app failed liveness probe, will be restarted', '-50m', `-${4 + i * 6}m`, 5 + i, { type: 'Normal' });
        promCpu(w, p, 'app', steady(w, ts, { level: 0.985, noise: 0.012, max: 1, digits: 3 }));
        promThrottle(w, p, 'app', steady(w, ts, { level: 0.8, noise: 0.05, digits: 3 }));
        if (i === 0) {
          w.series({ source: 'prometheus', name: 'container_cpu_cfs_throttled_periods_total', query: `container_cpu_cfs_throttled_periods_total{namespace="fraud", pod="${meta(p).name}", container="app"}`, labels: { namespace: 'fraud', pod: meta(p).name, container: 'app' }, unit: 'count', points: counter(ts, 8_120_442, () => 4800 + w.rng.int(-200, 200)) });
          w.series({ source: 'prometheus', name: 'container_cpu_cfs_periods_total', query: `container_cpu_cfs_periods_total{namespace="fraud", pod="${meta(p).name}", container="app"}`, labels: { namespace: 'fraud', pod: meta(p).name, container: 'app' }, unit: 'count', points: counter(ts, 10_402_118, () => 6000) });
          w.log(p, 'app', true, [`[${w.iso('-5m02s')}][gc] GC(412) Pause Full (Ergonomics) 1841M->1322M(2048M) 3120.411ms`, `[${w.iso('-4m31s')}][gc] GC(413) Pause Young (Allocation Failure) 1710M->1392M(2048M) 1410.207ms`]);
        }
      });
      alertmanagerAlarm(w, { alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-30m', labels: { namespace: 'fraud', container: 'app', job: 'kube-state-metrics' }, summary: 'Pod is crash looping.', description: 'Pod fraud/risk-scoring (app) is restarting 1.50 times / 10 minutes.', target: { namespace: 'fraud', kind: 'Deployment', name: 'risk-scoring' } });
    },
  },
  {
    category: 'cpu-throttling',
    slug: 'hpa-at-max-pods-at-limit',
    now: '2026-11-27T19:58:03Z',
    title: 'Black Friday traffic: the HPA for storefront is at maxReplicas (ScalingLimited TooManyReplicas); every pod uses its full 2-core limit (metrics-server) and latency rises.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 6, { instanceType: 'c6i.4xlarge', cpu: 16, memoryGi: 32 });
      const t = appTemplate({ name: 'storefront', partOf: 'shop', image: w.image('shop/storefront', '22.11.0'), port: 3000, requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' }, probes: 'http' });
      const d = simpleDeploy(w, { ns: 'shop', name: 'storefront', template: t, replicas: 12 });
      for (let i = 0; i < 12; i++) {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso(i < 4 ? '-3d' : `-${2 + i}h`), node: nodes[i % 6]!.ref }));
        podMetrics(w, p, { app: { cpu: `${w.rng.int(1968, 2000)}${w.rng.int(100000, 999999)}n`, memory: `${w.rng.int(900000, 1100000)}Ki` } });
      }
      hpa(w, { ns: 'shop', name: 'storefront', target: d.deployment, min: 4, max: 12, current: 12, desired: 12, cpuTarget: 70, cpuCurrent: 198, createdAt: w.iso('-300d'), lastScale: w.iso('-2h'), conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: w.iso('-2h'), reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: w.iso('-300d'), reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        { type: 'ScalingLimited', status: 'True', lastTransitionTime: w.iso('-2h'), reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' },
      ] });
      const ts = grid(w, '-3h', 300);
      promLatency(w, 'shop', 'storefront', ramp(w, ts, { from: 0.31, to: 2.2, startAt: w.unix('-2h'), endAt: w.unix('-10m'), noise: 0.05, digits: 3 }));
      manualAlarm(w, { name: 'storefront slow', description: 'customers report slow product pages', target: { namespace: 'shop', kind: 'Deployment', name: 'storefront' }, kind: 'latency', startsAt: '-40m', user: 'incident-commander' });
    },
  },

  // ------------------------------------------------------------------ dependency-failure
  {
    category: 'dependency-failure',
    slug: 'xray-payments-psp-gateway-timeout',
    now: '2026-11-22T10:05:00Z',
    title: 'checkout 5xx alarm: checkout pods are healthy; X-Ray shows the faults raised in payments by GatewayTimeoutError from the external PSP (psp.example.net did not answer within 3000 ms).',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'checkout', partOf: 'shop', image: w.image('shop/checkout', '1.41.2'), requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' }, probes: 'http' });
      const d = simpleDeploy(w, { ns: 'shop', name: 'checkout', template: t, replicas: 3 });
      const pt = appTemplate({ name: 'payments', partOf: 'shop', image: w.image('shop/payments', '3.8.0'), requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' }, probes: 'http' });
      const pd = simpleDeploy(w, { ns: 'shop', name: 'payments', template: pt, replicas: 2 });
      nodes.forEach((n) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-5d'), node: n.ref })));
      nodes.slice(0, 2).forEach((n) => w.add(pod(w, { owner: pd.owners[0]!, createdAt: w.iso('-5d'), node: n.ref })));
      const start = w.unix('-10m');
      const end = w.unix(0);
      w.traces = {
        services: serviceGraph(w, start, end, [
          { ref: 0, name: 'checkout', type: 'client', edges: [{ to: 1, stats: { ok: 3980, errors: 22, faults: 208, mean: 1.07 } }] },
          { ref: 1, name: 'checkout', type: 'AWS::EKS::Container', root: true, stats: { ok: 3980, errors: 22, faults: 208, mean: 1.07 }, edges: [{ to: 2, stats: { ok: 3890, faults: 210, mean: 0.73 } }, { to: 3, stats: { ok: 12630, faults: 0, mean: 0.003 } }] },
          { ref: 2, name: 'payments', type: 'AWS::EKS::Container', stats: { ok: 3890, faults: 210, mean: 0.73 }, edges: [{ to: 4, stats: { ok: 3880, faults: 220, mean: 0.71 } }] },
          { ref: 3, name: 'postgres.shop.svc.cluster.local', type: 'remote', stats: { ok: 12630, faults: 0, mean: 0.003 }, edges: [] },
          { ref: 4, name: 'psp.example.net', type: 'remote', stats: { ok: 3880, faults: 220, mean: 0.71 }, edges: [] },
        ]),
        summaries: [0, 1, 2].map((i) => traceSummary(w, { at: w.unix(`-${30 + i * 95}s`) + 0.214, duration: 3.019, url: 'http://checkout.shop.svc.cluster.local:8080/api/v1/checkout', method: 'POST', status: 502, entry: 'checkout', services: [{ name: 'checkout', type: 'AWS::EKS::Container' }, { name: 'payments', type: 'AWS::EKS::Container' }, { name: 'psp.example.net', type: 'remote' }], fault: { path: ['checkout', 'payments'], service: 'payments', exception: 'GatewayTimeoutError', message: 'upstream psp.example.net did not answer within 3000 ms' } })),
      };
      cloudwatchAlarm(w, { alarmName: 'checkout-5xx-ratio', metricName: 'e1', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-shop-checkout-1f2e3d/4c5b6a7988796a5b' }, threshold: 5, recent: [6.1, 7.4], startsAt: '-3m', kind: 'latency', statistic: 'Sum', target: { namespace: 'shop', kind: 'Deployment', name: 'checkout' } });
    },
    region: 'us-east-1',
  },
  {
    category: 'dependency-failure',
    slug: 'postgres-refused-readiness-fails-endpoints-empty',
    now: '2026-01-29T03:12:40Z',
    title: 'The RDS instance behind orders is rebooting (maintenance failover stuck); orders pods log "dial tcp 10.0.4.12:5432: connect: connection refused", their /ready checks the DB, so all are NotReady and the Service has only notReadyAddresses.',
    misleading: 'Every pod fails "Readiness probe failed: HTTP probe failed with statuscode: 503" and the Service has no ready endpoints (probe-failure / service-no-endpoints look); the readiness endpoint reports the database, and the logs show the database refusing connections, the earliest link.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'orders', partOf: 'shop', image: w.image('shop/orders', '4.4.1'), requests: { cpu: '250m', memory: '384Mi' }, limits: { memory: '512Mi' }, env: { DB_HOST: 'orders-db.c8k1x2.eu-west-1.rds.amazonaws.com', DB_PORT: '5432' }, probes: 'http', probePath: '/ready' });
      const d = simpleDeploy(w, { ns: 'shop', name: 'orders', template: t, replicas: 3, ready: 0, condition: 'unavailable', availableSince: w.iso('-9m') });
      const pods = nodes.map((n) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-4d'), node: n.ref, readyChangedAt: w.iso('-9m'), statuses: [{ state: running(w.iso('-4d')), ready: false, restartCount: 0 }] })));
      for (const p of pods) kubelet(w, p, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', '-9m30s', '-8s', 57);
      const svc = service(w, { ns: 'shop', name: 'orders', selector: t.labels, ports: [{ name: 'http', port: 80, targetPort: 'http' }], createdAt: w.iso('-400d') });
      endpoints(w, { ns: 'shop', name: 'orders', backends: pods.map((pod) => ({ pod, ready: false })), ports: [{ name: 'http', port: 8080 }], changedAt: w.iso('-9m'), createdAt: w.iso('-400d') });
      endpointSlice(w, { ns: 'shop', service: svc, backends: pods.map((pod) => ({ pod, ready: false })), ports: [{ name: 'http', port: 8080 }], createdAt: w.iso('-400d') });
      w.log(pods[0]!, 'app', false, [
        `{"level":"warn","ts":"${w.clock.logTs('-40s', 118)}","caller":"db/pool.go:88","msg":"connect failed","host":"orders-db.c8k1x2.eu-west-1.rds.amazonaws.com","error":"dial tcp 10.0.4.12:5432: connect: connection refused"}`,
        `{"level":"info","ts":"${w.clock.logTs('-30s', 2)}","caller":"http/ready.go:31","msg":"readiness","db":"down","status":503}`,
        `{"level":"warn","ts":"${w.clock.logTs('-10s', 77)}","caller":"db/pool.go:88","msg":"connect failed","host":"orders-db.c8k1x2.eu-west-1.rds.amazonaws.com","error":"dial tcp 10.0.4.12:5432: connect: connection refused"}`,
      ]);
      w.insights('fields @timestamp, @message | filter @logStream like /orders-db/ | sort @timestamp desc | limit 3', [
        ['-6m', '2026-01-29 03:06:40 UTC::@:[1]:LOG:  database system is shut down'],
        ['-9m', '2026-01-29 03:03:41 UTC::@:[1]:LOG:  received fast shutdown request'],
      ]);
      alertmanagerAlarm(w, { alertname: 'KubeDeploymentReplicasMismatch', severity: 'critical', kind: 'deployment', startsAt: '-4m', labels: { namespace: 'shop', deployment: 'orders', job: 'kube-state-metrics' }, summary: 'Deployment has not matched the expected number of replicas.', description: 'Deployment shop/orders has 0 of 3 replicas available.', target: { namespace: 'shop', kind: 'Deployment', name: 'orders' } });
    },
  },
  {
    category: 'dependency-failure',
    slug: 'external-api-dns-timeout-logs-insights',
    now: '2026-05-19T08:44:16Z',
    title: 'shipping-rates calls the carrier API; its logs (Logs Insights) show "dial tcp: lookup api.carrier.example on 172.20.0.10:53: read udp …: i/o timeout" and ETIMEDOUT; pods are healthy, CPU and memory normal.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'shipping-rates', partOf: 'logistics', image: w.image('logistics/shipping-rates', '1.9.2'), requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'logistics', name: 'shipping-rates', template: t, replicas: 2 });
      const ts = grid(w, '-1h', 60);
      nodes.slice(0, 2).forEach((n) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-8d'), node: n.ref }));
        promCpu(w, p, 'app', steady(w, ts, { level: 0.09, noise: 0.02, digits: 3, min: 0 }));
      });
      const rows: [string, string][] = [];
      for (let i = 0; i < 8; i++) {
        rows.push([`-${10 + i * 37}s`, i % 3 === 2
          ? `{"level":"error","msg":"carrier quote failed","carrier":"dhl","err":"Get \\"https://api.carrier.example/v2/rates\\": dial tcp: lookup api.carrier.example on 172.20.0.10:53: read udp 10.0.7.${40 + i}:51${i}12->172.20.0.10:53: i/o timeout"}`
          : `{"level":"error","msg":"carrier quote failed","carrier":"dhl","err":"request to https://api.carrier.example/v2/rates failed, reason: connect ETIMEDOUT 203.0.113.45:443","durationMs":10003}`]);
      }
      w.insights('fields @timestamp, @message | filter kubernetes.container_name = "app" and kubernetes.labels.app_kubernetes_io/name = "shipping-rates" and @message like /error/ | sort @timestamp desc | limit 20', rows);
      promErrorRatio(w, 'logistics', 'shipping-rates', ramp(w, ts, { from: 0.002, to: 0.41, startAt: w.unix('-14m'), endAt: w.unix('-11m'), noise: 0.01, digits: 3, min: 0 }));
      cloudwatchAlarm(w, { alarmName: 'shipping-rates-errors', metricName: 'ErrorCount', namespace: 'Acme/Logistics', dimensions: { Service: 'shipping-rates' }, threshold: 20, recent: [88, 132, 140], startsAt: '-9m', kind: 'latency', statistic: 'Sum', target: { namespace: 'logistics', kind: 'Deployment', name: 'shipping-rates' } });
    },
  },
  {
    category: 'dependency-failure',
    slug: 'kafka-refused-exits-crashloop',
    now: '2026-07-16T14:09:55Z',
    title: 'order-events-consumer gives up after 5 connection attempts to the MSK brokers ("connect ECONNREFUSED 10.0.33.71:9092", broker maintenance) and exits 1; CrashLoopBackOff.',
    misleading: 'CrashLoopBackOff with exit 1 and an error in the previous log is the crash-loop pattern; the error is the broker refusing connections, so a fix targets the dependency (the consumer is correct to give up).',
    build(w) {
      const nodes = cluster(w, 3, { subnet: 33 });
      const t = appTemplate({ name: 'order-events-consumer', partOf: 'orders', image: w.image('orders/events-consumer', '2.3.0'), requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' }, env: { KAFKA_BROKERS: 'b-1.orders-msk.k2x9c1.c3.kafka.eu-west-1.amazonaws.com:9092,b-2.orders-msk.k2x9c1.c3.kafka.eu-west-1.amazonaws.com:9092' }, probes: 'none' });
      const d = simpleDeploy(w, { ns: 'orders', name: 'order-events-consumer', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-22m') });
      const pods = nodes.slice(0, 2).map((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-12d'), node: n.ref, readyChangedAt: w.iso('-22m'), statuses: (id): StatusDef[] => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '5m0s'), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso(`-${3 + i}m`), finishedAt: w.iso(`-${2 + i}m`) }, ready: false, restartCount: 6 }] }));
        backOff(w, p, '-21m', `-${1 + i}m`, 24);
        return p;
      });
      w.log(pods[0]!, 'app', true, [
        `{"level":"INFO","timestamp":"${w.clock.logTs('-3m', 4)}","logger":"kafkajs","message":"[Consumer] Starting","groupId":"order-events"}`,
        `{"level":"ERROR","timestamp":"${w.clock.logTs('-2m58s', 320)}","logger":"kafkajs","message":"[Connection] Connection error: connect ECONNREFUSED 10.0.33.71:9092","broker":"b-1.orders-msk.k2x9c1.c3.kafka.eu-west-1.amazonaws.com:9092","clientId":"order-events-consumer","stack":"Error: connect ECONNREFUSED 10.0.33.71:9092\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1611:16)"}`,
        `{"level":"ERROR","timestamp":"${w.clock.logTs('-2m40s', 911)}","logger":"kafkajs","message":"[BrokerPool] Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED 10.0.34.18:9092","retryCount":5,"retryTime":7344}`,
        `{"level":"ERROR","timestamp":"${w.clock.logTs('-2m03s', 17)}","logger":"kafkajs","message":"[Consumer] Crash: KafkaJSNumberOfRetriesExceeded: Connection error: connect ECONNREFUSED 10.0.34.18:9092","groupId":"order-events","retryCount":5}`,
        `{"level":"FATAL","timestamp":"${w.clock.logTs('-2m03s', 20)}","message":"consumer crashed, exiting"}`,
      ]);
      w.change({ at: w.iso('-25m'), kind: 'maintenance', detail: 'MSK cluster orders-msk: broker security patching started (rolling)', source: 'other' });
      alertmanagerAlarm(w, { alertname: 'KafkaConsumerLagHigh', severity: 'critical', kind: 'unknown', startsAt: '-12m', labels: { namespace: 'orders', consumergroup: 'order-events', topic: 'orders.v1' }, summary: 'Consumer group lag above 50k', description: 'order-events lag is 81233 messages on orders.v1.', target: { namespace: 'orders', kind: 'Deployment', name: 'order-events-consumer' }, runbook: 'https://wiki.acme.io/runbooks/kafka-lag' });
    },
  },
  {
    category: 'dependency-failure',
    slug: 'rollout-restart-during-inventory-outage',
    now: '2026-10-13T16:26:26Z',
    title: 'cart answers 503 because downstream inventory-grpc is slow (p99 9s, X-Ray); an engineer ran "kubectl rollout restart" on cart mid-incident, so cart has a brand-new ReplicaSet. cart\'s CPU is moderately up but far from its limit.',
    misleading: 'A new cart ReplicaSet created 6 minutes ago and 503s since then suggest a bad rollout, and cart CPU rose; the only template change is the restartedAt annotation, errors began 20 minutes before it, X-Ray puts the latency in inventory-grpc, and cart CPU stays below 40% of its limit.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const base = appTemplate({ name: 'cart', partOf: 'shop', image: w.image('shop/cart', '9.1.4'), requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2', memory: '1Gi' }, probes: 'http', env: { INVENTORY_ADDR: 'inventory-grpc.shop.svc.cluster.local:50051' } });
      const restarted = { ...base, annotations: { 'kubectl.kubernetes.io/restartedAt': w.iso('-6m') } };
      const dep = deploymentOf(w, base, restarted);
      const ts = grid(w, '-1h', 60);
      nodes.forEach((n, i) => {
        const p = w.add(pod(w, { owner: dep.owners[1]!, createdAt: w.iso(`-${6 - i}m`), node: n.ref }));
        promCpu(w, p, 'app', ramp(w, grid(w, `-${6 - i}m`, 60), { from: 0.55, to: 0.7, startAt: w.unix('-6m'), endAt: w.unix(0), noise: 0.05, digits: 3 }));
      });
      promErrorRatio(w, 'shop', 'cart', ramp(w, ts, { from: 0.001, to: 0.18, startAt: w.unix('-27m'), endAt: w.unix('-22m'), noise: 0.01, digits: 3, min: 0 }));
      const start = w.unix('-10m');
      w.traces = {
        services: serviceGraph(w, start, w.unix(0), [
          { ref: 0, name: 'cart', type: 'client', edges: [{ to: 1, stats: { ok: 8100, faults: 1702, mean: 2.9 } }] },
          { ref: 1, name: 'cart', type: 'AWS::EKS::Container', root: true, stats: { ok: 8100, faults: 1702, mean: 2.9 }, edges: [{ to: 2, stats: { ok: 7990, faults: 1690, mean: 2.84 } }] },
          { ref: 2, name: 'inventory-grpc', type: 'AWS::EKS::Container', stats: { ok: 7990, faults: 1690, mean: 2.84 }, edges: [{ to: 3, stats: { ok: 9650, faults: 0, mean: 2.79 } }] },
          { ref: 3, name: 'inventory-db.cluster-c2v8.eu-west-1.rds.amazonaws.com', type: 'remote', stats: { ok: 9650, faults: 0, mean: 2.79 }, edges: [] },
        ]),
        summaries: [0, 1].map((i) => traceSummary(w, { at: w.unix(`-${50 + i * 120}s`) + 0.5, duration: 9.02, url: 'http://cart.shop.svc.cluster.local:8080/api/cart/items', method: 'POST', status: 503, entry: 'cart', services: [{ name: 'cart', type: 'AWS::EKS::Container' }, { name: 'inventory-grpc', type: 'AWS::EKS::Container' }, { name: 'inventory-db.cluster-c2v8.eu-west-1.rds.amazonaws.com', type: 'remote' }], slow: { path: ['cart', 'inventory-grpc'], service: 'inventory-grpc', coverage: 0.982 }, fault: { path: ['cart', 'inventory-grpc'], service: 'inventory-grpc', exception: 'StatusRuntimeException', message: 'DEADLINE_EXCEEDED: deadline exceeded after 8.999s' } })),
      };
      w.change({ at: w.iso('-6m'), kind: 'rollout-restart', target: { namespace: 'shop', kind: 'Deployment', name: 'cart' }, detail: 'kubectl rollout restart deployment/cart (annotation kubectl.kubernetes.io/restartedAt only)', source: 'kubernetes' });
      alertmanagerAlarm(w, { alertname: 'CartErrorBudgetBurn', severity: 'critical', kind: 'latency', startsAt: '-20m', labels: { namespace: 'shop', service: 'cart', slo: 'availability' }, summary: 'cart burning error budget 14x', description: 'cart 5xx ratio 17.9% over 5m (budget 0.1%).', target: { namespace: 'shop', kind: 'Deployment', name: 'cart' } });
    },
  },
];


function deploymentOf(w: World, base: PodTemplate, restarted: PodTemplate): ReturnType<typeof buildDeployment> {
  return buildDeployment(w, { ns: 'shop', name: 'cart', selector: base.labels, replicas: 3, createdAt: w.iso('-500d'), availableSince: w.iso('-19d'), revisions: [
    { revision: 14, template: base, createdAt: w.iso('-19d'), replicas: 0, ready: 0 },
    { revision: 15, template: restarted, createdAt: w.iso('-6m'), replicas: 3, ready: 3 },
  ] });
}

