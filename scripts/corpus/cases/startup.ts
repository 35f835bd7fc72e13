/** crash-loop, bad-config and init-container-failure: what the container does at start. */
import { alertmanagerAlarm, cloudwatchAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { crashLoopBackOff, ev, job, pod, statefulSet, terminated, waiting, secretEnv, configMapEnv, secretMeta, configMap, daemonSet, type PodTemplate, type StatusDef, type PodId } from '../lib/k8s.js';
import { appTemplate, backOff, cluster, kubelet, simpleDeploy, type NodeHandle } from '../lib/kit.js';
import type { World } from '../lib/world.js';
import { meta } from '../lib/world.js';
import type { Obj } from '../lib/util.js';

/** N replicas of a workload whose container keeps exiting with `exit`, each with its BackOff event. */
function crashingPods(w: World, nodes: NodeHandle[], owner: ReturnType<typeof simpleDeploy>['owners'][number], o: { t: PodTemplate; replicas: number; exit: number; reason?: string; restarts: number; ranSeconds: number; since: string; ordinal?: boolean }): Obj[] {
  const pods: Obj[] = [];
  for (let i = 0; i < o.replicas; i++) {
    const fin = 20 + i * 17;
    const p = w.add(pod(w, {
      owner, ...(o.ordinal ? { ordinal: i } : {}), createdAt: w.iso(o.since), node: nodes[i % nodes.length]!.ref, readyChangedAt: w.iso(o.since),
      statuses: (id: PodId): StatusDef[] => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, o.t.containers[0]!.name, '5m0s'), lastState: { exitCode: o.exit, reason: o.reason ?? 'Error', startedAt: w.iso(-fin - o.ranSeconds), finishedAt: w.iso(-fin) }, ready: false, restartCount: o.restarts + i }],
    }));
    backOff(w, p, w.clock.shift(w.iso(o.since), 40), w.iso(-fin + 5), o.restarts * 4 + i);
    pods.push(p);
  }
  return pods;
}

function crashingDeploy(w: World, nodes: NodeHandle[], o: { ns: string; name: string; t: PodTemplate; replicas: number; exit: number; reason?: string; restarts: number; ranSeconds: number; since: string }): Obj[] {
  const d = simpleDeploy(w, { ns: o.ns, name: o.name, template: o.t, replicas: o.replicas, ready: 0, condition: 'unavailable', availableSince: w.iso(o.since), rsCreatedAt: w.iso('-34d') });
  return crashingPods(w, nodes, d.owners[0]!, o);
}

/** A pod that never got a container: waiting with `reason` (CreateContainerConfigError, RunContainerError …). */
function stuckPod(w: World, owner: ReturnType<typeof simpleDeploy>['owners'][number], node: NodeHandle, since: string, reason: string, message: string, extra: Partial<StatusDef> = {}): Obj {
  return w.add(pod(w, { owner, createdAt: w.iso(since), node: node.ref, readyChangedAt: w.iso(since), statuses: [{ state: waiting(reason, message), ready: false, restartCount: 0, ...extra }] }));
}

export const startupCases: CaseDef[] = [
  // ------------------------------------------------------------------ crash-loop
  {
    category: 'crash-loop',
    slug: 'go-nil-pointer-panic-stale-scheduling',
    now: '2026-01-19T13:37:00Z',
    title: 'inventory-sync (Go) panics with a nil pointer dereference in its reconcile loop ~20s after every start (exit 2). A FailedScheduling event from when the pod was created, since resolved, is still listed.',
    misleading: 'A FailedScheduling "Insufficient cpu" Warning is present, but it ended 48 minutes ago when the pod was scheduled; the current problem is the panic in the previous container log (exit 2), so crash-loop.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'inventory-sync', partOf: 'warehouse', image: w.image('warehouse/inventory-sync', 'v1.22.0'), requests: { cpu: '500m', memory: '256Mi' }, limits: { cpu: '1', memory: '512Mi' }, env: { SYNC_INTERVAL: '30s', ERP_ENDPOINT: 'https://erp.acme.internal/api' }, probes: 'http' });
      const [p] = crashingDeploy(w, nodes, { ns: 'warehouse', name: 'inventory-sync', t, replicas: 1, exit: 2, restarts: 11, ranSeconds: 21, since: '-48m' });
      ev(w, { regarding: p!, reason: 'FailedScheduling', message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', component: 'default-scheduler', first: '-50m', last: '-48m10s', count: 3 });
      w.log(p!, 'app', true, [
        `${w.clock.logTs('-41s', 120)} INFO  inventory-sync starting version=v1.22.0 commit=3f9a2c1`,
        `${w.clock.logTs('-40s', 331)} INFO  connected to erp endpoint=https://erp.acme.internal/api`,
        `${w.clock.logTs('-22s', 904)} INFO  reconcile batch=417 items=250`,
        'panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x38 pc=0x9c3f51]',
        '',
        'goroutine 42 [running]:',
        'github.com/acme/inventory-sync/internal/reconcile.(*Reconciler).applyStock(0xc0001a6000, {0xc0004b2d80, 0x24})',
        '\t/src/internal/reconcile/stock.go:118 +0x91',
        'github.com/acme/inventory-sync/internal/reconcile.(*Reconciler).Run(0xc0001a6000, {0xb6e2a8, 0xc0000a4050})',
        '\t/src/internal/reconcile/reconciler.go:74 +0x2d4',
        'created by main.main in goroutine 1',
        '\t/src/cmd/inventory-sync/main.go:61 +0x5b9',
      ]);
      kubernetesAlarm(w, w.objects[w.objects.length - 2]!, 'crash');
    },
  },
  {
    category: 'crash-loop',
    slug: 'spring-npe-with-liveness-unhealthy',
    now: '2026-02-27T17:12:45Z',
    title: 'pricing-service (Spring Boot) fails in a CommandLineRunner with a NullPointerException on a null currency in a price rule and exits 1; Liveness/Readiness "connection refused" events precede every exit.',
    misleading: 'The Unhealthy events ("Liveness probe failed: … connection refused") look like a probe problem, but the process itself exits with code 1 and a stack trace before it ever listens; the probes fail because nothing is running.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'pricing-service', partOf: 'catalog', image: w.image('catalog/pricing-service', '5.4.0'), requests: { cpu: '500m', memory: '768Mi' }, limits: { memory: '1Gi' }, env: { SPRING_PROFILES_ACTIVE: 'prod' }, probes: 'both', probePath: '/actuator/health' });
      const pods = crashingDeploy(w, nodes, { ns: 'catalog', name: 'pricing-service', t, replicas: 2, exit: 1, restarts: 7, ranSeconds: 34, since: '-31m' });
      for (const p of pods) {
        const ip = (p.status as { podIP: string }).podIP;
        kubelet(w, p, 'Unhealthy', `Liveness probe failed: Get "http://${ip}:8080/actuator/health": dial tcp ${ip}:8080: connect: connection refused`, '-30m', '-1m', 14);
        kubelet(w, p, 'Unhealthy', `Readiness probe failed: Get "http://${ip}:8080/actuator/health": dial tcp ${ip}:8080: connect: connection refused`, '-30m', '-1m', 21);
      }
      w.log(pods[0]!, 'app', true, [
        `${w.clock.logTs('-55s', 10)}  INFO 1 --- [pricing] [main] c.a.pricing.PricingApplication : Started PricingApplication in 18.412 seconds (process running for 19.3)`,
        `${w.clock.logTs('-54s', 870)} ERROR 1 --- [pricing] [main] o.s.boot.SpringApplication : Application run failed`,
        '',
        'java.lang.IllegalStateException: Failed to execute CommandLineRunner',
        '\tat org.springframework.boot.SpringApplication.lambda$callRunner$5(SpringApplication.java:788)',
        '\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:330)',
        '\tat com.acme.pricing.PricingApplication.main(PricingApplication.java:12)',
        'Caused by: java.lang.NullPointerException: Cannot invoke "java.util.Currency.getCurrencyCode()" because the return value of "com.acme.pricing.rules.PriceRule.currency()" is null',
        '\tat com.acme.pricing.rules.RuleIndex.key(RuleIndex.java:57)',
        '\tat com.acme.pricing.rules.RuleIndex.rebuild(RuleIndex.java:33)',
        '\tat com.acme.pricing.RuleWarmup.run(RuleWarmup.java:21)',
        '\t... 5 common frames omitted',
      ]);
      alertmanagerAlarm(w, { alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-16m', labels: { namespace: 'catalog', pod: meta(pods[0]!).name, container: 'app', job: 'kube-state-metrics' }, summary: 'Pod is crash looping.', description: `Pod catalog/${meta(pods[0]!).name} (app) is in waiting state (reason: "CrashLoopBackOff").`, target: { namespace: 'catalog', kind: 'Pod', name: meta(pods[0]!).name } });
    },
  },
  {
    category: 'crash-loop',
    slug: 'node-job-unhandled-rejection',
    now: '2026-04-02T04:19:33Z',
    title: 'A Node.js reindex Job (restartPolicy OnFailure) dies on an unhandled promise rejection "TypeError: Cannot read properties of undefined (reading \'map\')" and restarts in place.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3, { nodegroup: 'batch' });
      const t = appTemplate({ name: 'reindex-products', partOf: 'search', image: w.image('search/reindex', '2026.03.30'), requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' }, probes: 'none', command: ['node', 'dist/reindex.js'], extra: { restartPolicy: 'OnFailure' } });
      const j = job(w, { ns: 'search', name: 'reindex-products-manual-7k2df', template: t, createdAt: w.iso('-26m'), active: 1 });
      const p = w.add(pod(w, { owner: j.owner, createdAt: w.iso('-26m'), node: nodes[2]!.ref, readyChangedAt: w.iso('-26m'), statuses: (id) => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '2m40s'), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso('-2m10s'), finishedAt: w.iso('-1m48s') }, ready: false, restartCount: 6 }] }));
      backOff(w, p, '-24m', '-50s', 19);
      w.log(p, 'app', true, [
        `[${w.clock.logTs('-2m09s', 400)}] reindex: fetching catalog page 1/812`,
        `[${w.clock.logTs('-1m49s', 12)}] reindex: page 37/812 fetched (250 products)`,
        '/app/dist/transform.js:44',
        '    const variants = product.options.map((o) => toVariant(product, o));',
        '                                     ^',
        '',
        "TypeError: Cannot read properties of undefined (reading 'map')",
        '    at toDocument (/app/dist/transform.js:44:38)',
        '    at Array.map (<anonymous>)',
        '    at indexPage (/app/dist/reindex.js:71:27)',
        '    at process.processTicksAndRejections (node:internal/process/task_queues:105:5)',
        '',
        'Node.js v22.14.0',
      ]);
      manualAlarm(w, { name: 'reindex job stuck', description: 'manual reindex started at 04:00 has not finished', target: { namespace: 'search', kind: 'Job', name: 'reindex-products-manual-7k2df' }, startsAt: '-5m', user: 'dev.on.call' });
    },
  },
  {
    category: 'crash-loop',
    slug: 'python-native-segfault-139-statefulset',
    now: '2026-05-08T21:05:18Z',
    title: 'feature-store (StatefulSet, Python) segfaults in a native extension while loading its index (exit 139, "Fatal Python error: Segmentation fault").',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'feature-store', partOf: 'ml', image: w.image('ml/feature-store', '0.31.2'), port: 8000, requests: { cpu: '1', memory: '3Gi' }, limits: { cpu: '2', memory: '4Gi' }, env: { INDEX_PATH: '/data/index.faiss', WORKERS: '2' }, probes: 'http', probePath: '/ready' });
      const s = statefulSet(w, { ns: 'ml', name: 'feature-store', selector: t.labels, template: t, replicas: 3, ready: 0, createdAt: w.iso('-90d') });
      const pods = crashingPods(w, nodes, s.owner, { t, replicas: 3, exit: 139, restarts: 9, ranSeconds: 12, since: '-52m', ordinal: true });
      w.log(pods[0]!, 'app', true, [
        `${w.clock.insights('-40s', 5)} INFO  feature_store.server: loading index /data/index.faiss (dim=768, n=41200331)`,
        'Fatal Python error: Segmentation fault',
        '',
        'Current thread 0x00007f3b9c8e5740 (most recent call first):',
        '  File "/usr/local/lib/python3.12/site-packages/faiss/swigfaiss.py", line 10631 in read_index',
        '  File "/app/feature_store/index.py", line 58 in load',
        '  File "/app/feature_store/server.py", line 31 in lifespan',
        '',
        'Extension modules: numpy.core._multiarray_umath, faiss._swigfaiss (total: 41)',
      ]);
      cloudwatchAlarm(w, { alarmName: 'ml-feature-store-restarts', metricName: 'pod_number_of_container_restarts', dimensions: { ClusterName: 'ml-prod', Namespace: 'ml', PodName: 'feature-store' }, threshold: 3, recent: [9, 10, 11], startsAt: '-20m', kind: 'crash', target: { namespace: 'ml', kind: 'StatefulSet', name: 'feature-store' }, statistic: 'Maximum' });
    },
    flavor: 'gke',
  },
  {
    category: 'crash-loop',
    slug: 'rust-daemonset-panic-exit-101',
    now: '2026-06-21T10:44:02Z',
    title: 'The node-labeler DaemonSet (Rust) panics parsing an unexpected instance metadata field on every node: "thread \'main\' panicked at src/imds.rs:88:41", exit 101.',
    build(w) {
      const nodes = cluster(w, 3, { subnet: 24 });
      const t = appTemplate({ name: 'node-labeler', partOf: 'platform', image: w.image('platform/node-labeler', '0.9.3'), port: 9102, requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' }, probes: 'none', extra: { serviceAccountName: 'node-labeler' } });
      const ds = daemonSet(w, { ns: 'kube-system', name: 'node-labeler', selector: t.labels, template: t, desired: 3, ready: 0, createdAt: w.iso('-120d') });
      const pods = crashingPods(w, nodes, ds.owner, { t, replicas: 3, exit: 101, restarts: 14, ranSeconds: 1, since: '-1h13m' });
      w.log(pods[1]!, 'app', true, [
        `${w.clock.logTs('-38s', 1)}  INFO node_labeler: starting, node=${(pods[1]!.spec as { nodeName: string }).nodeName}`,
        `${w.clock.logTs('-38s', 19)}  INFO node_labeler::imds: fetching http://169.254.169.254/latest/meta-data/placement/`,
        "thread 'main' panicked at src/imds.rs:88:41:",
        'called `Option::unwrap()` on a `None` value',
        'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
      ]);
      w.missing.push('metrics: no Prometheus series for namespace kube-system (scrape excluded)');
    },
  },

  // ------------------------------------------------------------------ bad-config
  {
    category: 'bad-config',
    slug: 'missing-secret-createcontainerconfigerror',
    now: '2026-01-08T09:15:27Z',
    title: 'payments-api references Secret "payments-db-credentials", which was deleted by a namespace clean-up; new pods stay in CreateContainerConfigError.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'payments-api', partOf: 'payments', image: w.image('payments/payments-api', '3.3.9'), requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' }, envExtra: [secretEnv('DATABASE_URL', 'payments-db-credentials', 'url')], probes: 'http' });
      const d = simpleDeploy(w, { ns: 'payments', name: 'payments-api', template: t, replicas: 3, ready: 2, condition: 'healthy' });
      w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-12d'), node: nodes[0]!.ref }));
      w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-12d'), node: nodes[1]!.ref }));
      const p = stuckPod(w, d.owners[0]!, nodes[2]!, '-17m', 'CreateContainerConfigError', 'secret "payments-db-credentials" not found');
      kubelet(w, p, 'Failed', 'Error: secret "payments-db-credentials" not found', '-17m', '-23s', 80);
      kubelet(w, p, 'Pulled', `Container image "${t.containers[0]!.image}" already present on machine`, '-17m', '-23s', 80, { type: 'Normal' });
      alertmanagerAlarm(w, { alertname: 'KubeDeploymentReplicasMismatch', severity: 'warning', kind: 'deployment', startsAt: '-2m', labels: { namespace: 'payments', deployment: 'payments-api', job: 'kube-state-metrics' }, summary: 'Deployment has not matched the expected number of replicas.', description: 'Deployment payments/payments-api has not matched the expected number of replicas for longer than 15 minutes.', target: { namespace: 'payments', kind: 'Deployment', name: 'payments-api' } });
    },
  },
  {
    category: 'bad-config',
    slug: 'missing-configmap-key',
    now: '2026-03-21T12:00:09Z',
    title: 'notification-svc reads FEATURE_FLAGS_URL from ConfigMap "notification-config", whose key was renamed to FLAGS_URL in a Helm values change; pods restarted by a node drain cannot start.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'notification-svc', partOf: 'messaging', image: w.image('messaging/notification-svc', '1.12.5'), requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '256Mi' }, envExtra: [configMapEnv('FEATURE_FLAGS_URL', 'notification-config', 'FEATURE_FLAGS_URL')], probes: 'http', labelStyle: 'app' });
      const d = simpleDeploy(w, { ns: 'messaging', name: 'notification-svc', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-24m') });
      configMap(w, { ns: 'messaging', name: 'notification-config', createdAt: w.iso('-200d'), keys: ['FLAGS_URL', 'SMTP_HOST', 'SMTP_PORT'], labels: { 'app.kubernetes.io/managed-by': 'Helm' } });
      for (let i = 0; i < 2; i++) {
        const p = stuckPod(w, d.owners[0]!, nodes[i]!, `-2${i + 4}m`, 'CreateContainerConfigError', "couldn't find key FEATURE_FLAGS_URL in ConfigMap messaging/notification-config");
        kubelet(w, p, 'Failed', "Error: couldn't find key FEATURE_FLAGS_URL in ConfigMap messaging/notification-config", `-2${i + 4}m`, '-31s', 110 + i);
      }
      manualAlarm(w, { name: 'notifications not sent', description: 'no emails since the node pool upgrade', target: { namespace: 'messaging', kind: 'Deployment', name: 'notification-svc' }, startsAt: '-20m', user: 'support-bridge' });
    },
    flavor: 'gke',
  },
  {
    category: 'bad-config',
    slug: 'fatal-missing-env-exit-1',
    now: '2026-05-14T07:58:51Z',
    title: 'accounts-worker exits 1 right after start with "FATAL: missing required env DATABASE_URL": its envFrom Secret exists but no longer carries that key (optional envFrom).',
    misleading: 'It is a CrashLoopBackOff with exit code 1, the textbook crash-loop picture; the previous log names a missing required setting, so the fix is in configuration (bad-config), not in code.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'accounts-worker', partOf: 'accounts', image: w.image('accounts/worker', '2.0.14'), requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' }, probes: 'none', extra: {} });
      t.containers[0]!.envFrom = [{ secretRef: { name: 'accounts-env', optional: true } }];
      const pods = crashingDeploy(w, nodes, { ns: 'accounts', name: 'accounts-worker', t, replicas: 2, exit: 1, restarts: 8, ranSeconds: 0, since: '-36m' });
      secretMeta(w, { ns: 'accounts', name: 'accounts-env', createdAt: w.iso('-40m'), keys: ['REDIS_URL', 'SENTRY_DSN'] });
      w.log(pods[0]!, 'app', true, [`time="${w.iso('-21s')}" level=info msg="accounts-worker 2.0.14 starting"`, `time="${w.iso('-21s')}" level=fatal msg="FATAL: missing required env DATABASE_URL"`]);
      w.log(pods[1]!, 'app', true, [`time="${w.iso('-38s')}" level=info msg="accounts-worker 2.0.14 starting"`, `time="${w.iso('-38s')}" level=fatal msg="FATAL: missing required env DATABASE_URL"`]);
      alertmanagerAlarm(w, { alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-20m', labels: { namespace: 'accounts', pod: meta(pods[0]!).name, container: 'app', job: 'kube-state-metrics' }, summary: 'Pod is crash looping.', description: `Pod accounts/${meta(pods[0]!).name} (app) is in waiting state (reason: "CrashLoopBackOff").`, target: { namespace: 'accounts', kind: 'Pod', name: meta(pods[0]!).name } });
    },
  },
  {
    category: 'bad-config',
    slug: 'python-keyerror-environ-traceback',
    now: '2026-07-07T15:30:00Z',
    title: 'recommendations (Python, gunicorn) dies at import with "KeyError: \'REDIS_URL\'" from os.environ after REDIS_URL was dropped from the Deployment env by a kustomize overlay.',
    misleading: 'The previous log is a full Python traceback ending in exit 1 (crash-loop look); the exception is a KeyError on a required environment variable, a configuration problem.',
    build(w) {
      const nodes = cluster(w, 3, { subnet: 40 });
      const t = appTemplate({ name: 'recommendations', partOf: 'personalisation', image: w.image('personalisation/recommendations', '2026.07.01'), port: 8000, requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' }, env: { DJANGO_SETTINGS_MODULE: 'reco.settings', GUNICORN_WORKERS: '4' }, probes: 'http', probePath: '/healthz/' });
      const pods = crashingDeploy(w, nodes, { ns: 'personalisation', name: 'recommendations', t, replicas: 3, exit: 1, restarts: 6, ranSeconds: 3, since: '-27m' });
      w.log(pods[0]!, 'app', true, [
        `[${w.clock.insights('-25s')} +0000] [1] [INFO] Starting gunicorn 23.0.0`,
        `[${w.clock.insights('-25s')} +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)`,
        `[${w.clock.insights('-24s')} +0000] [8] [ERROR] Exception in worker process`,
        'Traceback (most recent call last):',
        '  File "/usr/local/lib/python3.12/site-packages/gunicorn/arbiter.py", line 608, in spawn_worker',
        '    worker.init_process()',
        '  File "/app/reco/settings.py", line 41, in <module>',
        '    CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": os.environ["REDIS_URL"]}}',
        '                                                                                ~~~~~~~~~~^^^^^^^^^^^^^',
        '  File "<frozen os>", line 714, in __getitem__',
        "KeyError: 'REDIS_URL'",
        `[${w.clock.insights('-23s')} +0000] [1] [ERROR] Reason: Worker failed to boot.`,
      ]);
      cloudwatchAlarm(w, { alarmName: 'reco-target-5xx', metricName: 'HTTPCode_Target_5XX_Count', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-personal-reco-8c1f2e/5b1f0a2c9d8e7f60', TargetGroup: 'targetgroup/k8s-personal-recommen-1a2b3c4d5e/0f1e2d3c4b5a6978' }, threshold: 50, recent: [212, 388, 402], startsAt: '-18m', kind: 'latency', statistic: 'Sum', target: { namespace: 'personalisation', kind: 'Deployment', name: 'recommendations' } });
    },
  },
  {
    category: 'bad-config',
    slug: 'command-not-found-exit-127',
    now: '2026-09-02T18:22:10Z',
    title: 'The Deployment overrides command with "/docker-entrypoint.sh gunicorn …", but the new base image moved gunicorn out of PATH: "exec: gunicorn: not found", exit 127.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'legacy-portal', partOf: 'intranet', image: w.image('intranet/legacy-portal', '2026.09-r2'), port: 8000, requests: { cpu: '200m', memory: '512Mi' }, limits: { memory: '768Mi' }, command: ['/docker-entrypoint.sh'], args: ['gunicorn', 'portal.wsgi', '-b', '0.0.0.0:8000'], probes: 'http', labelStyle: 'app' });
      const pods = crashingDeploy(w, nodes, { ns: 'intranet', name: 'legacy-portal', t, replicas: 2, exit: 127, restarts: 5, ranSeconds: 0, since: '-9m' });
      w.log(pods[0]!, 'app', true, ['Applying database migrations skipped (MIGRATE=false)', '/docker-entrypoint.sh: line 23: exec: gunicorn: not found']);
      kubernetesAlarm(w, w.objects.find((o) => o.kind === 'Event' && (o.reason === 'BackOff'))!, 'crash');
    },
    flavor: 'kubeadm',
  },

  // ------------------------------------------------------------------ init-container-failure
  {
    category: 'init-container-failure',
    slug: 'flyway-migration-init-crashloop',
    now: '2026-02-02T10:10:10Z',
    title: 'billing-api\'s init container "migrate" (Flyway) fails on V88__add_invoice_index.sql (duplicate key) and is in Init:CrashLoopBackOff; the main container never starts.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'billing-api', partOf: 'billing', image: w.image('billing/billing-api', '8.8.0'), requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' }, probes: 'both' });
      t.initContainers = [{ name: 'migrate', image: 'docker.io/flyway/flyway:11.3', args: ['-connectRetries=10', 'migrate'], envFrom: [{ secretRef: { name: 'billing-flyway' } }], resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } }];
      const d = simpleDeploy(w, { ns: 'billing', name: 'billing-api', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-14m') });
      const pods: Obj[] = [];
      for (let i = 0; i < 2; i++) {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-14m'), node: nodes[i]!.ref, readyChangedAt: w.iso('-14m'),
          initStatuses: (id) => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'migrate', '2m40s'), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso(`-${2 + i}m`), finishedAt: w.iso(-(120 + 60 * i) + 6) }, ready: false, restartCount: 6 }],
          statuses: [{ state: waiting('PodInitializing'), ready: false, restartCount: 0 }] }));
        kubelet(w, p, 'BackOff', `Back-off restarting failed container migrate in pod ${meta(p).name}_billing(${meta(p).uid})`, '-12m', '-20s', 30, { container: 'migrate', init: true });
        pods.push(p);
      }
      w.log(pods[0]!, 'migrate', true, [
        'Flyway OSS Edition 11.3.0 by Redgate',
        'Database: jdbc:postgresql://billing-db.cluster-c9x2.eu-west-1.rds.amazonaws.com:5432/billing (PostgreSQL 16.6)',
        'Successfully validated 88 migrations (execution time 00:00.061s)',
        'Current version of schema "public": 87',
        'Migrating schema "public" to version "88 - add invoice index"',
        'ERROR: Migration of schema "public" to version "88 - add invoice index" failed! Changes successfully rolled back.',
        'ERROR: Migration V88__add_invoice_index.sql failed',
        '----------------------------------------------',
        'SQL State  : 23505',
        'Error Code : 0',
        'Message    : ERROR: could not create unique index "invoice_external_ref_uq"',
        '  Detail: Key (external_ref)=(INV-2026-000412) is duplicated.',
        'Location   : db/migration/V88__add_invoice_index.sql (/flyway/sql/db/migration/V88__add_invoice_index.sql)',
        'Line       : 1',
        'Statement  : CREATE UNIQUE INDEX invoice_external_ref_uq ON invoice (external_ref)',
      ]);
      alertmanagerAlarm(w, { alertname: 'KubePodNotReady', severity: 'warning', kind: 'deployment', startsAt: '-1m', labels: { namespace: 'billing', pod: meta(pods[0]!).name, job: 'kube-state-metrics' }, summary: 'Pod has been in a non-ready state for more than 15 minutes.', description: `Pod billing/${meta(pods[0]!).name} has been in a non-ready state for longer than 15 minutes.`, target: { namespace: 'billing', kind: 'Deployment', name: 'billing-api' } });
    },
  },
  {
    category: 'init-container-failure',
    slug: 'chown-init-permission-denied-statefulset',
    now: '2026-04-28T23:51:40Z',
    title: 'A StatefulSet init container "fix-permissions" runs chown on the data volume as non-root after a securityContext hardening: "Operation not permitted", Init:Error.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3, { subnet: 48 });
      const t = appTemplate({ name: 'queue-broker', partOf: 'messaging', image: 'docker.io/library/rabbitmq:4.0.7-management', port: 15672, requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' }, probes: 'none', mounts: [{ name: 'data', mountPath: '/var/lib/rabbitmq' }] });
      t.initContainers = [{ name: 'fix-permissions', image: 'docker.io/library/busybox:1.37', command: ['sh', '-c', 'chown -R 999:999 /var/lib/rabbitmq'], volumeMounts: [{ name: 'data', mountPath: '/var/lib/rabbitmq' }], securityContext: { runAsUser: 999, runAsNonRoot: true }, resources: {} }];
      const s = statefulSet(w, { ns: 'messaging', name: 'queue-broker', selector: t.labels, template: t, replicas: 3, ready: 2, createdAt: w.iso('-300d'), volumeClaimTemplates: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '20Gi' } }, storageClassName: 'gp3', volumeMode: 'Filesystem' } }] });
      for (let i = 0; i < 3; i++) {
        const broken = i === 2;
        const p = w.add(pod(w, {
          owner: s.owner, ordinal: i, createdAt: broken ? w.iso('-8m') : w.iso('-20d'), node: nodes[i]!.ref, readyChangedAt: broken ? w.iso('-8m') : w.iso('-20d'),
          ...(broken
            ? {
                initStatuses: [{ state: terminated({ exitCode: 1, reason: 'Error', startedAt: w.iso('-1m06s'), finishedAt: w.iso('-1m06s') }), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso('-3m50s'), finishedAt: w.iso('-3m50s') }, ready: false, restartCount: 5 }],
                statuses: [{ state: waiting('PodInitializing'), ready: false, restartCount: 0 }],
              }
            : {}),
        }));
        if (broken) {
          kubelet(w, p, 'BackOff', `Back-off restarting failed container fix-permissions in pod ${meta(p).name}_messaging(${meta(p).uid})`, '-7m', '-1m', 12, { container: 'fix-permissions', init: true });
          w.log(p, 'fix-permissions', false, ["chown: /var/lib/rabbitmq/.erlang.cookie: Operation not permitted", "chown: /var/lib/rabbitmq/mnesia: Operation not permitted", "chown: /var/lib/rabbitmq: Operation not permitted"]);
        }
      }
      cloudwatchAlarm(w, { alarmName: 'messaging-queue-broker-pods-running', metricName: 'pod_number_of_running_containers', dimensions: { ClusterName: 'prod-eks', Namespace: 'messaging', PodName: 'queue-broker' }, threshold: 3, recent: [2, 2, 2], startsAt: '-4m', kind: 'deployment', statistic: 'Minimum', target: { namespace: 'messaging', kind: 'StatefulSet', name: 'queue-broker' } });
    },
  },
  {
    category: 'init-container-failure',
    slug: 'config-fetch-init-s3-access-denied',
    now: '2026-08-11T06:06:06Z',
    title: 'ad-server\'s init container downloads its model config from S3 and gets AccessDenied after the IRSA role policy was tightened; Init:CrashLoopBackOff on every new pod, old pods fine.',
    misleading: 'The old pods are healthy and only new pods fail, which resembles a bad rollout; there is no new revision (one ReplicaSet, created weeks ago); the failing step is the init container, so init-container-failure.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'ad-server', partOf: 'ads', image: w.image('ads/ad-server', '6.1.0'), requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '2Gi' }, probes: 'both', mounts: [{ name: 'model', mountPath: '/model' }], extra: { serviceAccountName: 'ad-server', volumes: [{ name: 'model', emptyDir: {} }] } });
      t.initContainers = [{ name: 'fetch-model', image: 'public.ecr.aws/aws-cli/aws-cli:2.24.1', command: ['aws', 's3', 'cp', 's3://acme-ads-models/prod/current/', '/model/', '--recursive'], volumeMounts: [{ name: 'model', mountPath: '/model' }], resources: { requests: { cpu: '100m', memory: '128Mi' } } }];
      const d = simpleDeploy(w, { ns: 'ads', name: 'ad-server', template: t, replicas: 4, ready: 3, rsCreatedAt: w.iso('-23d') });
      for (let i = 0; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-6d'), node: nodes[i]!.ref }));
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-19m'), node: nodes[1]!.ref, readyChangedAt: w.iso('-19m'),
        initStatuses: (id) => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'fetch-model', '5m0s'), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso('-2m14s'), finishedAt: w.iso('-2m12s') }, ready: false, restartCount: 7 }],
        statuses: [{ state: waiting('PodInitializing'), ready: false, restartCount: 0 }] }));
      kubelet(w, p, 'BackOff', `Back-off restarting failed container fetch-model in pod ${meta(p).name}_ads(${meta(p).uid})`, '-17m', '-30s', 44, { container: 'fetch-model', init: true });
      w.log(p, 'fetch-model', true, ['fatal error: An error occurred (AccessDenied) when calling the ListObjectsV2 operation: User: arn:aws:sts::123456789012:assumed-role/ads-ad-server-irsa/botocore-session-1754892244 is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::acme-ads-models" because no identity-based policy allows the s3:ListBucket action']);
      w.change({ at: w.iso('-2h'), kind: 'iam-policy', detail: 'terraform apply: aws_iam_role_policy.ads_ad_server (s3:* -> s3:GetObject)', source: 'github' });
      manualAlarm(w, { name: 'ad-server scale-up not completing', description: 'HPA added a replica 20 min ago, it never became ready', target: { namespace: 'ads', kind: 'Deployment', name: 'ad-server' }, startsAt: '-10m', user: 'sre-pager' });
    },
  },
  {
    category: 'init-container-failure',
    slug: 'init-script-permission-denied-126',
    now: '2026-11-11T11:11:11Z',
    title: 'A Job\'s init container runs /scripts/prepare.sh from a ConfigMap mounted with defaultMode 0644: "sh: /scripts/prepare.sh: Permission denied", exit 126, Init:Error; the job never runs.',
    misleading: 'Exit 126 "permission denied" is a typical bad-config signal; it happens in an init container, which blocks the main container entirely, so init-container-failure is the more specific category.',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'etl-daily', partOf: 'analytics', image: w.image('analytics/etl', '4.2.2'), requests: { cpu: '2', memory: '4Gi' }, limits: { memory: '4Gi' }, probes: 'none', mounts: [{ name: 'work', mountPath: '/work' }], extra: { restartPolicy: 'Never', volumes: [{ name: 'scripts', configMap: { name: 'etl-scripts', defaultMode: 420 } }, { name: 'work', emptyDir: {} }] } });
      t.initContainers = [{ name: 'prepare', image: 'docker.io/library/alpine:3.21', command: ['/scripts/prepare.sh'], volumeMounts: [{ name: 'scripts', mountPath: '/scripts' }, { name: 'work', mountPath: '/work' }], resources: {} }];
      const j = job(w, { ns: 'analytics', name: 'etl-daily-29377140', template: t, createdAt: w.iso('-1h11m'), backoffLimit: 2, failed: 2, active: 1 });
      ['-1h11m', '-50m', '-12m'].forEach((s, i) => {
        const p = w.add(pod(w, { owner: j.owner, createdAt: w.iso(s), node: nodes[i]!.ref, phase: i < 2 ? 'Failed' : 'Pending', readyChangedAt: w.iso(s),
          initStatuses: [{ state: terminated({ exitCode: 126, reason: 'StartError', message: 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/scripts/prepare.sh": permission denied: unknown', startedAt: '1970-01-01T00:00:00Z', finishedAt: w.clock.shift(w.iso(s), 4) }), ready: false, restartCount: 0 }],
          statuses: [{ state: waiting('PodInitializing'), ready: false, restartCount: 0 }] }));
        kubelet(w, p, 'Failed', 'Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/scripts/prepare.sh": permission denied: unknown', w.clock.shift(w.iso(s), 4), undefined, 1, { container: 'prepare', init: true });
      });
      alertmanagerAlarm(w, { alertname: 'KubeJobNotCompleted', severity: 'warning', kind: 'crash', startsAt: '-5m', labels: { namespace: 'analytics', job_name: 'etl-daily-29377140', job: 'kube-state-metrics' }, summary: 'Job did not complete in time', description: 'Job analytics/etl-daily-29377140 is taking more than 1h to complete.', target: { namespace: 'analytics', kind: 'Job', name: 'etl-daily-29377140' } });
    },
    flavor: 'gke',
  },
];
