/** oom-killed and memory-leak: the shape of the working set over time tells them apart. */
import { alertmanagerAlarm, cloudwatchAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { crashLoopBackOff, daemonSet, ev, job, cronJob, pod, running, statefulSet, terminated } from '../lib/k8s.js';
import { appTemplate, backOff, cluster, kubelet, simpleDeploy, startEvents } from '../lib/kit.js';
import { cwPodMetric, promMemory } from '../lib/metrics.js';
import { flatSpike, grid, leakSaw, steady } from '../lib/series.js';
import { mib } from '../lib/util.js';
import { meta } from '../lib/world.js';

export const memoryCases: CaseDef[] = [
  {
    category: 'oom-killed',
    slug: 'export-request-spike-with-backoff-events',
    now: '2026-03-03T14:22:41Z',
    title: 'report-api (Node.js) sits flat at ~300Mi for hours, then an export request drives it to the 512Mi limit: OOMKilled 3 times, now CrashLoopBackOff with BackOff and readiness Unhealthy events.',
    misleading: 'The loudest Warning events are BackOff and "Readiness probe failed": both are symptoms of the container being killed. lastState is OOMKilled/137 and the series is flat then a spike, not a climb, so oom-killed rather than crash-loop, probe-failure or memory-leak.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'report-api', partOf: 'reporting', image: w.image('reporting/report-api', '3.8.1'), requests: { cpu: '250m', memory: '384Mi' }, limits: { cpu: '1', memory: '512Mi' }, env: { NODE_ENV: 'production', NODE_OPTIONS: '--max-old-space-size=768' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'reporting', name: 'report-api', template: t, replicas: 2, ready: 1, condition: 'healthy' });
      const owner = d.owners[0]!;
      const bad = pod(w, {
        owner, createdAt: w.iso('-6d4h'), node: nodes[0]!.ref, readyChangedAt: w.iso('-1m10s'),
        statuses: (id) => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '40s'), lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso('-2m31s'), finishedAt: w.iso('-1m12s') }, ready: false, restartCount: 3 }],
      });
      w.add(bad);
      const good = w.add(pod(w, { owner, createdAt: w.iso('-6d4h'), node: nodes[1]!.ref }));
      backOff(w, bad, '-11m', '-58s', 7);
      kubelet(w, bad, 'Unhealthy', 'Readiness probe failed: Get "http://10.0.4.77:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', '-14m20s', '-1m30s', 6);
      kubelet(w, bad, 'Unhealthy', 'Liveness probe failed: Get "http://10.0.4.77:8080/healthz": dial tcp 10.0.4.77:8080: connect: connection refused', '-11m', '-1m40s', 3);
      kubelet(w, bad, 'Pulled', `Container image "${t.containers[0]!.image}" already present on machine`, '-12m', '-2m31s', 3, { type: 'Normal' });
      kubelet(w, bad, 'Started', 'Started container app', '-12m', '-2m31s', 3, { type: 'Normal' });
      const ts = grid(w, '-3h', 60);
      // flat, then the export request: up to the limit, killed, restarted at ~120Mi, retried, killed again
      const tail = [mib(318), mib(436), mib(509), mib(122), mib(131), mib(402), mib(508), mib(119), mib(127), mib(377), mib(497), mib(509), mib(121), mib(124)];
      const flat = steady(w, ts, { level: mib(302), noise: mib(9) });
      promMemory(w, bad, 'app', flat.map(([t, v], i) => [t, i >= flat.length - tail.length ? (tail[i - (flat.length - tail.length)] as number) : v]));
      promMemory(w, good, 'app', steady(w, ts, { level: mib(288), noise: mib(12) }));
      w.log(bad, 'app', true, [
        `{"level":30,"time":${w.unix('-2m29s')}012,"pid":1,"hostname":"${meta(bad).name}","msg":"server listening on :8080"}`,
        `{"level":30,"time":${w.unix('-1m40s')}551,"pid":1,"req":{"method":"POST","url":"/v2/exports","tenant":"t-8812"},"msg":"export started","rows":2417330,"format":"xlsx"}`,
        `{"level":30,"time":${w.unix('-1m21s')}904,"pid":1,"msg":"export progress","rowsBuffered":1310000}`,
      ]);
      alertmanagerAlarm(w, {
        alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-6m',
        labels: { namespace: 'reporting', pod: meta(bad).name, container: 'app', job: 'kube-state-metrics', reason: 'CrashLoopBackOff' },
        summary: 'Pod is crash looping.',
        description: `Pod reporting/${meta(bad).name} (app) is in waiting state (reason: "CrashLoopBackOff").`,
        target: { namespace: 'reporting', kind: 'Pod', name: meta(bad).name },
      });
      startEvents(w, good, '-6d4h');
    },
  },
  {
    category: 'oom-killed',
    slug: 'jvm-xmx-above-limit-no-metrics',
    now: '2026-04-17T08:05:12Z',
    title: 'ledger (Java 21) runs with -Xmx2g inside a 1536Mi limit; every replica is OOMKilled during cache warm-up about a minute after start. Prometheus is not configured.',
    misleading: 'No metrics at all, so no series shape to read; the answer is still determinable from lastState OOMKilled/137 on every restart and a heap setting larger than the limit.',
    build(w) {
      const nodes = cluster(w, 3, { instanceType: 'r6i.xlarge', memoryGi: 32 });
      const t = appTemplate({ name: 'ledger', partOf: 'payments', image: w.image('payments/ledger', '2026.04.2'), port: 8080, requests: { cpu: '500m', memory: '1536Mi' }, limits: { memory: '1536Mi' }, env: { JAVA_TOOL_OPTIONS: '-Xms2g -Xmx2g -XX:+UseG1GC', SPRING_PROFILES_ACTIVE: 'prod' }, probes: 'http', probePath: '/actuator/health/readiness' });
      const d = simpleDeploy(w, { ns: 'payments', name: 'ledger', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-21m') });
      for (let i = 0; i < 2; i++) {
        const p = w.add(pod(w, {
          owner: d.owners[0]!, createdAt: w.iso(`-${25 + i}m`), node: nodes[i]!.ref, readyChangedAt: w.iso('-21m'),
          statuses: (id) => [{ state: i === 0 ? crashLoopBackOff(id.name, id.ns, id.uid, 'app', '2m40s') : running(w.iso('-38s')), lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso(`-${4 + i}m10s`), finishedAt: w.iso(`-${3 + i}m05s`) }, ready: false, restartCount: 5 + i }],
        }));
        backOff(w, p, '-19m', '-40s', 12 + i);
        w.log(p, 'app', true, [
          `${w.clock.logTs(`-${4 + i}m08s`, 114)}  INFO 1 --- [ledger] [           main] c.a.ledger.LedgerApplication             : Starting LedgerApplication v2026.04.2 using Java 21.0.6 with PID 1`,
          `${w.clock.logTs(`-${4 + i}m01s`, 877)}  INFO 1 --- [ledger] [           main] o.s.b.w.embedded.tomcat.TomcatWebServer  : Tomcat initialized with port 8080 (http)`,
          `${w.clock.logTs(`-${3 + i}m52s`, 310)}  INFO 1 --- [ledger] [           main] c.a.ledger.cache.AccountCacheWarmer      : warming account cache from snapshot s3://acme-ledger-snapshots/2026-04-17/accounts.parquet (4.1 GiB)`,
          `${w.clock.logTs(`-${3 + i}m20s`, 42)}  INFO 1 --- [ledger] [  cache-warmer-1] c.a.ledger.cache.AccountCacheWarmer      : loaded 6200000 / 18400000 accounts`,
        ]);
      }
      w.missing.push('metrics: Prometheus not configured (metricsUrl unset); CloudWatch Container Insights not enabled for cluster prod-payments');
      manualAlarm(w, { name: 'ledger down after restart', description: 'ledger pods keep restarting since the node rotation this morning', target: { namespace: 'payments', kind: 'Deployment', name: 'ledger' }, kind: 'crash', startsAt: '-18m', user: 'maria.keller' });
    },
  },
  {
    category: 'oom-killed',
    slug: 'cronjob-invoice-render-backofflimit',
    now: '2026-12-01T03:47:09Z',
    title: 'The monthly invoice-render CronJob (Python) gets a month with 184k invoices; each pod is OOMKilled at its 1Gi limit and the Job fails with BackoffLimitExceeded.',
    misleading: 'The alert is KubeJobFailed and the Job condition says BackoffLimitExceeded, which reads like a crashing application; every failed pod terminated OOMKilled with exit 137 after a flat run, so oom-killed.',
    build(w) {
      const nodes = cluster(w, 4, { nodegroup: 'batch', instanceType: 'c6i.2xlarge', cpu: 8 });
      const t = appTemplate({ name: 'invoice-render', partOf: 'billing', image: w.image('billing/invoice-render', '1.19.0'), requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' }, env: { BILLING_PERIOD: '2026-11', PYTHONUNBUFFERED: '1' }, probes: 'none', command: ['python', '-m', 'invoice_render', '--period', '2026-11'], extra: { restartPolicy: 'Never' } });
      const cj = cronJob(w, { ns: 'billing', name: 'invoice-render', schedule: '0 2 1 * *', template: t, createdAt: w.iso('-400d'), lastSchedule: w.iso('-1h47m9s') });
      const j = job(w, {
        ns: 'billing', name: 'invoice-render-29408760', template: t, createdAt: w.iso('-1h47m9s'), backoffLimit: 3, failed: 4, cronJob: cj,
        conditions: [
          { type: 'FailureTarget', status: 'True', lastProbeTime: w.iso('-4m'), lastTransitionTime: w.iso('-4m'), reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
          { type: 'Failed', status: 'True', lastProbeTime: w.iso('-4m'), lastTransitionTime: w.iso('-4m'), reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
        ],
      });
      const starts = ['-1h47m', '-1h21m', '-58m', '-31m'];
      const ends = ['-1h24m', '-1h00m', '-34m', '-4m'];
      starts.forEach((s, i) => {
        const p = w.add(pod(w, { owner: j.owner, createdAt: w.iso(s), node: nodes[i % 4]!.ref, phase: 'Failed', readyChangedAt: w.iso(ends[i]!), statuses: [{ state: terminated({ exitCode: 137, reason: 'OOMKilled', startedAt: w.iso(w.unix(s) - w.clock.nowSec + 3), finishedAt: w.iso(ends[i]!) }), ready: false, restartCount: 0 }] }));
        ev(w, { regarding: j.job, reason: 'SuccessfulCreate', message: `Created pod: ${meta(p).name}`, type: 'Normal', component: 'job-controller', first: s });
        if (i === 3) {
          promMemory(w, p, 'app', flatSpike(w, grid(w, '-31m', 30, '-4m'), { level: mib(610), noise: mib(25), spikeAt: w.unix('-6m'), peak: mib(1019) }));
          w.log(p, 'app', false, [
            `${w.clock.logTs('-30m55s', 201)} INFO invoice_render.main: rendering period 2026-11 for 184233 invoices (previous max 61002)`,
            `${w.clock.logTs('-30m41s', 9)} INFO invoice_render.loader: loaded customer and line-item tables (2.9M rows)`,
            `${w.clock.logTs('-6m30s', 644)} INFO invoice_render.pdf: building combined archive invoices-2026-11.zip in memory`,
          ]);
        }
      });
      ev(w, { regarding: j.job, reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', component: 'job-controller', first: '-4m' });
      alertmanagerAlarm(w, {
        alertname: 'KubeJobFailed', severity: 'warning', kind: 'crash', startsAt: '-3m',
        labels: { namespace: 'billing', job_name: 'invoice-render-29408760', job: 'kube-state-metrics', condition: 'true' },
        summary: 'Job failed to complete.',
        description: 'Job billing/invoice-render-29408760 failed to complete. Removing failed job after investigation should clear this alert.',
        target: { namespace: 'billing', kind: 'Job', name: 'invoice-render-29408760' },
      });
    },
  },
  {
    category: 'oom-killed',
    slug: 'celery-worker-kernel-oom-cloudwatch',
    now: '2026-06-09T19:31:55Z',
    title: 'A Celery worker picks up a PDF-thumbnail task with a 900-page document; usage jumps from ~45% to 100% of its limit in a minute, the kernel kills it (OOMKilling node event) and the pod restarts.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3, { subnet: 16 });
      const t = appTemplate({ name: 'docs-worker', partOf: 'docs', image: w.image('docs/worker', '5.2.3'), requests: { cpu: '500m', memory: '768Mi' }, limits: { cpu: '1', memory: '768Mi' }, env: { CELERY_CONCURRENCY: '4', DJANGO_SETTINGS_MODULE: 'docs.settings.prod' }, probes: 'none', command: ['celery', '-A', 'docs', 'worker', '-Q', 'thumbnails,default'] });
      const d = simpleDeploy(w, { ns: 'docs', name: 'docs-worker', template: t, replicas: 3 });
      const n = nodes[1]!;
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-2d3h'), node: n.ref, readyChangedAt: w.iso('-3m40s'), statuses: [{ state: running(w.iso('-3m40s')), lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso('-2d3h'), finishedAt: w.iso('-3m42s') }, ready: true, restartCount: 1 }] }));
      for (let i = 0; i < 2; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-2d3h'), node: nodes[i === 0 ? 0 : 2]!.ref }));
      ev(w, { regarding: n.obj, reason: 'OOMKilling', message: 'Memory cgroup out of memory: Killed process 48213 (celery) total-vm:1932404kB, anon-rss:781212kB, file-rss:10488kB, shmem-rss:0kB, UID:10001 pgtables:1804kB oom_score_adj:999', component: 'kernel-monitor', host: n.ref.name, first: '-3m42s' });
      const ts = grid(w, '-1h', 60);
      cwPodMetric(w, 'prod-eks', 'docs', 'docs-worker', 'pod_memory_utilization_over_pod_limit', flatSpike(w, ts, { level: 46, noise: 3, spikeAt: w.unix('-5m'), peak: 99.8, dropAt: w.unix('-3m'), after: 18 }).map(([t, v]) => [t, Math.round(v * 100) / 100]), 'percent', meta(p).name);
      w.log(p, 'app', true, [
        `[${w.clock.insights('-5m12s', 301).replace(' ', ' ')},301: INFO/MainProcess] Task docs.tasks.render_thumbnails[6c1a9b0e-2f3d-4c5b-8a7e-9d0f1e2a3b4c] received`,
        `[${w.clock.insights('-5m11s', 880)},880: INFO/ForkPoolWorker-3] render_thumbnails: document 88120931 has 912 pages, dpi=150`,
        `[${w.clock.insights('-4m02s', 417)},417: WARNING/ForkPoolWorker-3] render_thumbnails: page cache at 640 MiB`,
      ]);
      cloudwatchAlarm(w, {
        alarmName: 'docs-worker-memory-over-limit', metricName: 'pod_memory_utilization_over_pod_limit', dimensions: { ClusterName: 'prod-eks', Namespace: 'docs', PodName: 'docs-worker' },
        threshold: 95, recent: [99.8], startsAt: '-4m', kind: 'memory', target: { namespace: 'docs', kind: 'Deployment', name: 'docs-worker' },
      });
    },
  },
  {
    category: 'oom-killed',
    slug: 'go-resizer-limit-too-low-flat',
    now: '2026-08-22T11:10:00Z',
    title: 'image-resizer (Go) has a 256Mi limit and a steady ~200Mi working set with short bursts on large uploads; bursts above the limit OOMKill it a few times an hour. No climb between kills.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3, { subnet: 8 });
      const t = appTemplate({ name: 'image-resizer', partOf: 'media', image: w.image('media/image-resizer', 'v0.14.2'), requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '1', memory: '256Mi' }, env: { GOMEMLIMIT: '240MiB', MAX_UPLOAD_MB: '40' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'media', name: 'image-resizer', template: t, replicas: 3 });
      const pods = nodes.map((n, i) =>
        w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-9d'), node: n.ref, readyChangedAt: w.iso(`-${3 + i * 7}m`), statuses: [{ state: running(w.iso(`-${3 + i * 7}m`)), lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso(`-${31 + i * 5}m`), finishedAt: w.iso(`-${3 + i * 7}m`) }, ready: true, restartCount: 11 + i * 3 }] })),
      );
      const ts = grid(w, '-2h', 30);
      pods.forEach((p, i) => {
        const bursts = [w.unix(`-${3 + i * 7}m`) - 30, w.unix(`-${52 + i * 4}m`), w.unix(`-${95 - i * 3}m`)];
        promMemory(w, p, 'app', steady(w, ts, { level: mib(201), noise: mib(14) }).map(([t, v]) => [t, bursts.some((b) => t >= b && t < b + 30) ? mib(255) - w.rng.int(0, 400_000) : v]));
      });
      alertmanagerAlarm(w, {
        alertname: 'KubeContainerOOMKilled', severity: 'warning', kind: 'memory', startsAt: '-40m',
        labels: { namespace: 'media', container: 'app', reason: 'OOMKilled' },
        summary: 'Container was OOMKilled.', description: 'media/image-resizer containers were OOMKilled 9 times in the last hour.',
        target: { namespace: 'media', kind: 'Deployment', name: 'image-resizer' }, expr: 'increase(kube_pod_container_status_restarts_total[1h]) > 0 and on(namespace,pod,container) kube_pod_container_status_last_terminated_reason{reason="OOMKilled"} == 1',
        runbook: 'https://wiki.acme.io/runbooks/oomkilled',
      });
    },
  },

  // ------------------------------------------------------------------ memory-leak
  {
    category: 'memory-leak',
    slug: 'node-session-api-sawtooth',
    now: '2026-02-11T06:40:00Z',
    title: 'session-api (Node.js) working set climbs ~70Mi/h on every replica; twice in 12h it reached the 1Gi limit and was OOMKilled, then climbed again from ~180Mi (saw-tooth).',
    misleading: 'lastState is OOMKilled/137 and the alert is KubePodCrashLooping, which alone reads as oom-killed; the series is a steady climb that restarts reset and that starts climbing again, which is a leak.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'session-api', partOf: 'identity', image: w.image('identity/session-api', '4.2.0'), requests: { cpu: '300m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' }, env: { NODE_ENV: 'production' }, probes: 'both' });
      const d = simpleDeploy(w, { ns: 'identity', name: 'session-api', template: t, replicas: 3 });
      const ts = grid(w, '-12h', 300);
      nodes.forEach((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-11d'), node: n.ref, readyChangedAt: w.iso(`-${1 + i}h${10 * i}m`), statuses: [{ state: running(w.iso(`-${1 + i}h${10 * i}m`)), lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso(`-${13 + i}h`), finishedAt: w.iso(`-${1 + i}h${10 * i}m`) }, ready: true, restartCount: 4 + i }] }));
        promMemory(w, p, 'app', leakSaw(w, ts, { base: mib(180), perHour: mib(70 + i * 3), limit: mib(1024), noise: mib(6), startAt: mib(180 + ((11 + i * 2) * 70) % 840) }));
        if (i === 0) {
          backOff(w, p, `-${1 + i}h${10 * i}m`, `-${1 + i}h${10 * i}m`, 1);
          w.log(p, 'app', true, [
            `${w.clock.logTs('-1h14m', 12)} info: sessions active=48211 cache.size=48211 ws.listeners=96422`,
            `${w.clock.logTs('-1h12m', 554)} info: sessions active=48190 cache.size=51873 ws.listeners=103746`,
            `${w.clock.logTs('-1h10m', 981)} warn: MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 token-refresh listeners added to [EventEmitter]. Use emitter.setMaxListeners() to increase limit`,
          ]);
        }
      });
      alertmanagerAlarm(w, {
        alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-1h05m',
        labels: { namespace: 'identity', container: 'app', job: 'kube-state-metrics' },
        summary: 'Pod is crash looping.', description: 'Pod identity/session-api (app) is restarting 1.00 times / 10 minutes.',
        target: { namespace: 'identity', kind: 'Deployment', name: 'session-api' },
      });
    },
  },
  {
    category: 'memory-leak',
    slug: 'cloudwatch-climb-not-yet-killed',
    now: '2026-05-26T22:14:30Z',
    title: 'orders-api memory over pod limit climbs from 41% to 86% over 9 hours on every pod, no restart yet; the CloudWatch alarm at 85% fires.',
    build(w) {
      const nodes = cluster(w, 3, { subnet: 32 });
      const t = appTemplate({ name: 'orders-api', partOf: 'shop', image: w.image('shop/orders-api', '7.31.4'), requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' }, env: { ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_gcServer: '1' }, probes: 'both', probePath: '/health' });
      const d = simpleDeploy(w, { ns: 'shop', name: 'orders-api', template: t, replicas: 3, rsCreatedAt: w.iso('-9h20m') });
      const pods = nodes.map((n) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-9h18m'), node: n.ref })));
      const ts = grid(w, '-9h', 300);
      pods.forEach((p, i) => {
        cwPodMetric(w, 'prod-eks', 'shop', 'orders-api', 'pod_memory_utilization_over_pod_limit', ts.map((t) => [t, Math.round((41 + (45 * (t - ts[0]!)) / (9 * 3600) - i * 1.5 + w.rng.jitter() * 0.8) * 100) / 100]), 'percent', meta(p).name);
      });
      cloudwatchAlarm(w, {
        alarmName: 'orders-api-memory-85pct', metricName: 'pod_memory_utilization_over_pod_limit', dimensions: { ClusterName: 'prod-eks', Namespace: 'shop', PodName: 'orders-api' },
        threshold: 85, recent: [85.31, 85.62, 86.02], startsAt: '-2m', kind: 'memory', severity: 'warning', target: { namespace: 'shop', kind: 'Deployment', name: 'orders-api' },
        description: 'orders-api pods above 85% of their memory limit',
      });
    },
  },
  {
    category: 'memory-leak',
    slug: 'java-indexer-heap-oome-exit-3',
    now: '2026-09-14T02:02:02Z',
    title: 'search-indexer (StatefulSet, Java) heap fills over ~20h; with -XX:+ExitOnOutOfMemoryError the JVM exits 3 with "java.lang.OutOfMemoryError: Java heap space" and restarts, then the climb starts again.',
    misleading: 'Exit code 3 with a Java stack trace in the previous log looks like an application crash (crash-loop); the OutOfMemoryError and the 26h series, a steady climb reset by the restart, make it a leak.',
    build(w) {
      const nodes = cluster(w, 3, { instanceType: 'r6i.2xlarge', cpu: 8, memoryGi: 64 });
      const t = appTemplate({ name: 'search-indexer', partOf: 'search', image: w.image('search/indexer', '2.9.7'), port: 9200, requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi' }, env: { JAVA_TOOL_OPTIONS: '-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError' }, probes: 'http', probePath: '/_health' });
      const s = statefulSet(w, { ns: 'search', name: 'search-indexer', selector: t.labels, template: t, replicas: 2, ready: 2, createdAt: w.iso('-200d') });
      const ts = grid(w, '-26h', 600);
      nodes.slice(0, 2).forEach((n, i) => {
        const restartedAt = i === 0 ? '-3h40m' : '-8d';
        const p = w.add(pod(w, { owner: s.owner, ordinal: i, createdAt: w.iso('-8d'), node: n.ref, readyChangedAt: w.iso(restartedAt), statuses: [{ state: running(w.iso(restartedAt)), ...(i === 0 ? { lastState: { exitCode: 3, reason: 'Error', startedAt: w.iso('-1d2h'), finishedAt: w.iso('-3h41m') } } : {}), ready: true, restartCount: i === 0 ? 6 : 0 }] }));
        promMemory(w, p, 'app', leakSaw(w, ts, { base: mib(1450), perHour: mib(i === 0 ? 118 : 31), limit: i === 0 ? mib(4096) : mib(8192), noise: mib(20), startAt: i === 0 ? mib(1800) : mib(1600) }));
        if (i === 0) {
          w.log(p, 'app', true, [
            `${w.clock.logTs('-3h45m', 440)} [indexer-bulk-3] INFO  c.a.search.BulkIndexer - flushed 5000 docs to index products-v42 in 812ms`,
            `${w.clock.logTs('-3h42m', 17)} [indexer-bulk-1] WARN  c.a.search.SuggestCache - suggest cache size 14212004 entries (no eviction policy configured)`,
            'Terminating due to java.lang.OutOfMemoryError: Java heap space',
            'java.lang.OutOfMemoryError: Java heap space',
            '\tat java.base/java.util.HashMap.resize(HashMap.java:702)',
            '\tat java.base/java.util.HashMap.putVal(HashMap.java:661)',
            '\tat com.acme.search.SuggestCache.record(SuggestCache.java:88)',
            '\tat com.acme.search.BulkIndexer.lambda$flush$3(BulkIndexer.java:214)',
          ]);
        }
      });
      alertmanagerAlarm(w, {
        alertname: 'JvmHeapUsageHigh', severity: 'warning', kind: 'memory', startsAt: '-25m',
        labels: { namespace: 'search', pod: 'search-indexer-0', area: 'heap', job: 'search-indexer' },
        summary: 'JVM heap above 90%', description: 'search-indexer-0 heap usage is 91% of max for 15m.',
        target: { namespace: 'search', kind: 'StatefulSet', name: 'search-indexer' }, runbook: 'https://wiki.acme.io/runbooks/jvm-heap',
      });
    },
  },
  {
    category: 'memory-leak',
    slug: 'node-gateway-heap-limit-abort-134',
    now: '2026-10-05T16:48:20Z',
    title: 'graphql-gateway (Node.js) heap grows with every schema reload until V8 aborts: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", exit 134.',
    misleading: 'Exit code 134 (SIGABRT) and a V8 fatal error are not OOMKilled and look like crash-loop; the working set rises steadily for 6 hours before each abort, the signature of a leak.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'graphql-gateway', partOf: 'edge', image: w.image('edge/graphql-gateway', '12.4.1'), port: 4000, requests: { cpu: '500m', memory: '1536Mi' }, limits: { cpu: '2', memory: '2Gi' }, env: { NODE_OPTIONS: '--max-old-space-size=1536', SCHEMA_POLL_INTERVAL_MS: '30000' }, probes: 'both', probePath: '/.well-known/apollo/server-health' });
      const d = simpleDeploy(w, { ns: 'edge', name: 'graphql-gateway', template: t, replicas: 2 });
      const ts = grid(w, '-8h', 300);
      nodes.slice(0, 2).forEach((n, i) => {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-5d'), node: n.ref, readyChangedAt: w.iso(`-${1 + i}h${20 + i * 11}m`), statuses: [{ state: running(w.iso(`-${1 + i}h${20 + i * 11}m`)), lastState: { exitCode: 134, reason: 'Error', startedAt: w.iso(`-${7 + i}h`), finishedAt: w.iso(`-${1 + i}h${20 + i * 11}m`) }, ready: true, restartCount: 9 + i }] }));
        promMemory(w, p, 'app', leakSaw(w, ts, { base: mib(240), perHour: mib(225), limit: mib(1600), noise: mib(10), startAt: mib(240 + (i === 0 ? 1200 : 950)) }));
        if (i === 0) {
          w.log(p, 'app', true, [
            `{"level":"info","time":"${w.clock.logTs('-1h21m', 3)}","msg":"supergraph updated","schemaHash":"9f1c2e","subgraphs":14}`,
            '',
            '<--- Last few GCs --->',
            '',
            '[1:0x6b7e0a0] 20980412 ms: Mark-Compact 1532.8 (1570.1) -> 1529.9 (1571.3) MB, pooled: 0 MB, 1412.55 / 0.00 ms  (average mu = 0.161, current mu = 0.041) allocation failure; scavenge might not succeed',
            '',
            '<--- JS stacktrace --->',
            '',
            'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
            '----- Native stack trace -----',
            '',
            ' 1: 0xb8d0a3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
            ' 2: 0xf06f00 v8::Utils::ReportOOMFailure(v8::internal::Isolate*, char const*, v8::OOMDetails const&) [node]',
          ]);
        }
      });
      w.missing.push('logs: CloudWatch Logs query skipped (no log group configured for namespace edge)');
      alertmanagerAlarm(w, {
        alertname: 'KubeContainerRestarting', severity: 'warning', kind: 'crash', startsAt: '-1h15m',
        labels: { namespace: 'edge', container: 'app' }, summary: 'Container restarted', description: 'edge/graphql-gateway restarted 2 times in 2 hours.',
        target: { namespace: 'edge', kind: 'Deployment', name: 'graphql-gateway' }, runbook: 'https://wiki.acme.io/runbooks/restarts',
      });
    },
  },
  {
    category: 'memory-leak',
    slug: 'daemonset-log-agent-no-alarm',
    now: '2026-07-30T09:00:00Z',
    title: 'The log-agent DaemonSet (fluent-bit with a Lua filter) grows ~6Mi/h on every node for three days; one pod has been OOMKilled, the others are at 80-90% of 512Mi. Captured by hand, no alarm.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 4, { subnet: 64 });
      const t = appTemplate({ name: 'log-agent', partOf: 'observability', image: 'cr.fluentbit.io/fluent/fluent-bit:3.2.10', port: 2020, requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' }, probes: 'http', probePath: '/api/v1/health', extra: { priorityClassName: 'system-node-critical', serviceAccountName: 'log-agent' } });
      const ds = daemonSet(w, { ns: 'logging', name: 'log-agent', selector: t.labels, template: t, desired: 4, ready: 4, createdAt: w.iso('-300d') });
      const ts = grid(w, '-3d', 1800);
      nodes.forEach((n, i) => {
        const killed = i === 2;
        const p = w.add(pod(w, { owner: ds.owner, createdAt: w.iso('-3d2h'), node: n.ref, readyChangedAt: killed ? w.iso('-4h10m') : w.iso('-3d2h'), statuses: [{ state: running(killed ? w.iso('-4h10m') : w.iso('-3d2h')), ...(killed ? { lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso('-3d2h'), finishedAt: w.iso('-4h10m') } } : {}), ready: true, restartCount: killed ? 1 : 0 }] }));
        promMemory(w, p, 'app', leakSaw(w, ts, { base: mib(38), perHour: mib(killed ? 7.1 : 5.7 + i * 0.2), limit: mib(512), noise: mib(3) }));
      });
    },
  },
];
