/** bad-rollout: trouble that starts with a new revision while the previous one was healthy. */
import { alertmanagerAlarm, cloudwatchAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { controllerRevision, crashLoopBackOff, deployment, ev, httpProbe, pod, running, statefulSet, type PodTemplate, type StatusDef } from '../lib/k8s.js';
import { appTemplate, backOff, cluster, kubelet } from '../lib/kit.js';
import { promErrorRatio, promMemory } from '../lib/metrics.js';
import { grid, ramp, steady } from '../lib/series.js';
import { mib } from '../lib/util.js';
import { meta } from '../lib/world.js';

function withImage(t: PodTemplate, image: string): PodTemplate {
  return { ...t, containers: t.containers.map((c, i) => (i === 0 ? { ...c, image } : c)) };
}

export const rolloutCases: CaseDef[] = [
  {
    category: 'bad-rollout',
    slug: 'new-image-crashloops-old-replicaset-healthy',
    now: '2026-02-18T11:34:00Z',
    title: 'accounts-api 2.4.0 (revision 19, 14 minutes old) crash-loops with a stack trace while the 2.3.7 pods of revision 18 keep serving; the rollout is stuck (ProgressDeadlineExceeded).',
    misleading: 'Each failing pod is a plain crash-loop (exit 1, stack trace); all failing pods belong to the new ReplicaSet, created minutes before the first failure, and the old revision is healthy, so the fix is to roll back (bad-rollout).',
    build(w) {
      const nodes = cluster(w, 3);
      const old = appTemplate({ name: 'accounts-api', partOf: 'accounts', image: w.image('accounts/accounts-api', '2.3.7'), requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '768Mi' }, probes: 'both' });
      const neu = withImage(old, w.image('accounts/accounts-api', '2.4.0'));
      const d = deployment(w, { ns: 'accounts', name: 'accounts-api', selector: old.labels, replicas: 4, createdAt: w.iso('-400d'), condition: 'deadline', progressingSince: w.iso('-4m'), availableSince: w.iso('-30d'), changeCause: 'ci: deploy accounts-api 2.4.0 (pipeline 88120)', revisions: [
        { revision: 18, template: old, createdAt: w.iso('-30d'), replicas: 3, ready: 3 },
        { revision: 19, template: neu, createdAt: w.iso('-14m'), replicas: 2, ready: 0 },
      ] });
      for (let i = 0; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso(`-${9 + i}d`), node: nodes[i]!.ref }));
      const bad = [0, 1].map((i) => {
        const p = w.add(pod(w, { owner: d.owners[1]!, createdAt: w.iso('-14m'), node: nodes[i + 1]!.ref, readyChangedAt: w.iso('-14m'), statuses: (id): StatusDef[] => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '5m0s'), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso(`-${2 + i}m`), finishedAt: w.iso(`-${2 + i}m`) }, ready: false, restartCount: 7 }] }));
        backOff(w, p, '-13m', '-30s', 27);
        return p;
      });
      ev(w, { regarding: d.deployment, reason: 'ScalingReplicaSet', message: `Scaled up replica set ${meta(d.replicaSets[1]!).name} from 0 to 1`, type: 'Normal', component: 'deployment-controller', first: '-14m' });
      ev(w, { regarding: d.deployment, reason: 'ScalingReplicaSet', message: `Scaled down replica set ${meta(d.replicaSets[0]!).name} from 4 to 3`, type: 'Normal', component: 'deployment-controller', first: '-13m' });
      w.log(bad[0]!, 'app', true, [
        `${w.clock.logTs('-2m01s', 5)} INFO  accounts-api 2.4.0 starting`,
        `${w.clock.logTs('-2m', 771)} ERROR Unhandled exception`,
        'System.InvalidOperationException: Unable to resolve service for type \'Accounts.Ledger.ILedgerClient\' while attempting to activate \'Accounts.Api.Controllers.BalanceController\'.',
        '   at Microsoft.Extensions.DependencyInjection.ActivatorUtilities.ThrowHelperUnableToResolveService(Type type, Type requiredBy)',
        '   at Accounts.Api.Program.<Main>$(String[] args) in /src/Accounts.Api/Program.cs:line 57',
      ]);
      w.change({ at: w.iso('-14m'), kind: 'rollout', target: { namespace: 'accounts', kind: 'Deployment', name: 'accounts-api' }, detail: 'image accounts/accounts-api:2.3.7 -> 2.4.0', source: 'github' });
      kubernetesAlarm(w, w.objects.find((o) => o.kind === 'Event' && o.reason === 'BackOff')!, 'crash');
    },
  },
  {
    category: 'bad-rollout',
    slug: 'limit-lowered-new-pods-oomkilled',
    now: '2026-04-09T16:20:00Z',
    title: 'Revision 31 of recommendations-api lowered the memory limit from 1Gi to 512Mi ("right-sizing" PR); new pods are OOMKilled at ~510Mi while revision-30 pods ran for weeks at ~600Mi.',
    misleading: 'The failing pods are OOMKilled (oom-killed look), but the trouble started with a new revision that changed the limit, and the previous revision was healthy at the same usage: the fix to target is the rollout (undo), per "earliest in the chain".',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const old = appTemplate({ name: 'recommendations-api', partOf: 'personalisation', image: w.image('personalisation/recommendations-api', '7.7.0'), requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' }, probes: 'http' });
      const neu: PodTemplate = { ...old, containers: [{ ...old.containers[0]!, resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' } } }] };
      const d = deployment(w, { ns: 'personalisation', name: 'recommendations-api', selector: old.labels, replicas: 3, createdAt: w.iso('-200d'), condition: 'progressing', progressingSince: w.iso('-1m'), availableSince: w.iso('-40d'), revisions: [
        { revision: 30, template: old, createdAt: w.iso('-40d'), replicas: 2, ready: 2 },
        { revision: 31, template: neu, createdAt: w.iso('-11m'), replicas: 2, ready: 0 },
      ] });
      const ts = grid(w, '-2h', 60);
      for (let i = 0; i < 2; i++) {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-12d'), node: nodes[i]!.ref }));
        promMemory(w, p, 'app', steady(w, ts, { level: mib(600), noise: mib(25) }));
      }
      for (let i = 0; i < 2; i++) {
        const p = w.add(pod(w, { owner: d.owners[1]!, createdAt: w.iso('-11m'), node: nodes[(i + 2) % 3]!.ref, readyChangedAt: w.iso('-11m'), statuses: (id): StatusDef[] => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '2m40s'), lastState: { exitCode: 137, reason: 'OOMKilled', startedAt: w.iso('-3m'), finishedAt: w.iso(`-${1 + i}m`) }, ready: false, restartCount: 5 }] }));
        backOff(w, p, '-9m', '-20s', 15);
        promMemory(w, p, 'app', ramp(w, grid(w, '-11m', 60), { from: mib(420), to: mib(509), startAt: w.unix('-11m'), endAt: w.unix('-9m'), noise: mib(6) }));
      }
      w.change({ at: w.iso('-11m'), kind: 'rollout', target: { namespace: 'personalisation', kind: 'Deployment', name: 'recommendations-api' }, detail: 'resources.limits.memory 1Gi -> 512Mi, requests.memory 1Gi -> 512Mi (PR #412 right-sizing)', source: 'argo' });
      alertmanagerAlarm(w, { alertname: 'KubePodCrashLooping', severity: 'warning', kind: 'crash', startsAt: '-5m', labels: { namespace: 'personalisation', container: 'app' }, summary: 'Pod is crash looping.', description: 'Pod personalisation/recommendations-api (app) is in waiting state (reason: "CrashLoopBackOff").', target: { namespace: 'personalisation', kind: 'Deployment', name: 'recommendations-api' } });
    },
  },
  {
    category: 'bad-rollout',
    slug: 'readiness-path-changed-in-new-revision',
    now: '2026-06-16T09:41:18Z',
    title: 'Revision 8 of partner-gateway changed the readiness path to /health/ready, which the app (unchanged image) does not serve: new pods 404 on readiness and never become Ready; revision-7 pods still serve.',
    misleading: '"Readiness probe failed: HTTP probe failed with statuscode: 404" on Running pods is the probe-failure picture; the probe only broke with revision 8 (spec change) and revision 7 is healthy, so the fix targets the rollout.',
    build(w) {
      const nodes = cluster(w, 3);
      const old = appTemplate({ name: 'partner-gateway', partOf: 'partners', image: w.image('partners/gateway', '1.18.2'), requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '512Mi' }, probes: 'http', probePath: '/healthz' });
      const neu: PodTemplate = { ...old, containers: [{ ...old.containers[0]!, readinessProbe: httpProbe('/health/ready', 'http') }] };
      const d = deployment(w, { ns: 'partners', name: 'partner-gateway', selector: old.labels, replicas: 3, createdAt: w.iso('-300d'), condition: 'deadline', progressingSince: w.iso('-2m'), availableSince: w.iso('-60d'), revisions: [
        { revision: 7, template: old, createdAt: w.iso('-60d'), replicas: 3, ready: 3 },
        { revision: 8, template: neu, createdAt: w.iso('-13m'), replicas: 1, ready: 0 },
      ] });
      nodes.forEach((n) => w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-20d'), node: n.ref })));
      const p = w.add(pod(w, { owner: d.owners[1]!, createdAt: w.iso('-13m'), node: nodes[0]!.ref, readyChangedAt: w.iso('-13m'), statuses: [{ state: running(w.iso('-13m')), ready: false, restartCount: 0 }] }));
      kubelet(w, p, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 404', '-13m', '-4s', 78);
      w.change({ at: w.iso('-13m'), kind: 'rollout', target: { namespace: 'partners', kind: 'Deployment', name: 'partner-gateway' }, detail: 'readinessProbe.httpGet.path /healthz -> /health/ready (helm chart partner-gateway 0.9.0)', source: 'argo' });
      alertmanagerAlarm(w, { alertname: 'KubeDeploymentRolloutStuck', severity: 'warning', kind: 'deployment', startsAt: '-1m', labels: { namespace: 'partners', deployment: 'partner-gateway', condition: 'Progressing', job: 'kube-state-metrics' }, summary: 'Deployment rollout is not progressing.', description: 'Rollout of deployment partners/partner-gateway is not progressing for longer than 15 minutes.', target: { namespace: 'partners', kind: 'Deployment', name: 'partner-gateway' } });
    },
  },
  {
    category: 'bad-rollout',
    slug: 'statefulset-partitioned-update-ordinal-2-fails',
    now: '2026-08-27T20:02:20Z',
    title: 'ledger-db-proxy StatefulSet rolls to a new image; the first updated pod (ordinal 2, updateRevision) crash-loops with "unknown flag: --pool-mode", ordinals 0-1 on currentRevision are fine and the update halts.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'ledger-db-proxy', partOf: 'payments', image: w.image('payments/pgbouncer', '1.23.1'), port: 6432, requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' }, probes: 'none', args: ['--pool-mode=transaction'] });
      const curRev = `ledger-db-proxy-${w.rng.kname(10)}`;
      const updRev = `ledger-db-proxy-${w.rng.kname(10)}`;
      const s = statefulSet(w, { ns: 'payments', name: 'ledger-db-proxy', selector: t.labels, template: withImage(t, w.image('payments/pgbouncer', '1.24.0')), replicas: 3, ready: 2, createdAt: w.iso('-220d'), currentRevision: curRev, updateRevision: updRev, updated: 1 });
      controllerRevision(w, { ns: 'payments', name: curRev, owner: s.sts, revision: 6, createdAt: w.iso('-48d'), labels: t.labels });
      controllerRevision(w, { ns: 'payments', name: updRev, owner: s.sts, revision: 7, createdAt: w.iso('-9m'), labels: t.labels });
      for (let i = 0; i < 2; i++) w.add(pod(w, { owner: s.owner, ordinal: i, createdAt: w.iso('-48d'), node: nodes[i]!.ref }));
      const newOwner = { ...s.owner, template: withImage(t, w.image('payments/pgbouncer', '1.24.0')), podLabels: { 'controller-revision-hash': updRev } };
      const p = w.add(pod(w, { owner: newOwner, ordinal: 2, createdAt: w.iso('-9m'), node: nodes[2]!.ref, readyChangedAt: w.iso('-9m'), statuses: (id): StatusDef[] => [{ state: crashLoopBackOff(id.name, id.ns, id.uid, 'app', '2m40s'), lastState: { exitCode: 1, reason: 'Error', startedAt: w.iso('-1m50s'), finishedAt: w.iso('-1m50s') }, ready: false, restartCount: 6 }] }));
      backOff(w, p, '-8m', '-10s', 22);
      w.log(p, 'app', true, [`${w.iso('-1m50s')} [1] FATAL unknown flag: --pool-mode (use [pgbouncer] pool_mode in the ini file)`]);
      w.change({ at: w.iso('-9m'), kind: 'rollout', target: { namespace: 'payments', kind: 'StatefulSet', name: 'ledger-db-proxy' }, detail: 'image payments/pgbouncer:1.23.1 -> 1.24.0', source: 'github' });
      manualAlarm(w, { name: 'ledger-db-proxy update stuck', description: 'statefulset update halted at ordinal 2', target: { namespace: 'payments', kind: 'StatefulSet', name: 'ledger-db-proxy' }, kind: 'deployment', startsAt: '-5m', user: 'release-bot' });
    },
  },
  {
    category: 'bad-rollout',
    slug: 'completed-rollout-5xx-no-crash',
    now: '2026-10-21T13:50:50Z',
    title: 'search-frontend 4.0.0 finished rolling out 9 minutes ago (all pods Ready, no restarts); from 2 minutes after the rollout the 5xx ratio rose from 0.1% to 12%, and the new pods log a NullPointerException per request. Revision 22 before it was clean.',
    misleading: 'No pod is crashing, restarting or unready, so no pod-level signal exists; the only change in the window is the new revision, errors start right after it and appear only in the new pods.',
    build(w) {
      const nodes = cluster(w, 3);
      const old = appTemplate({ name: 'search-frontend', partOf: 'search', image: w.image('search/search-frontend', '3.9.4'), requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' }, probes: 'both' });
      const neu = withImage(old, w.image('search/search-frontend', '4.0.0'));
      const d = deployment(w, { ns: 'search', name: 'search-frontend', selector: old.labels, replicas: 3, createdAt: w.iso('-700d'), availableSince: w.iso('-90d'), progressingSince: w.iso('-9m'), revisions: [
        { revision: 22, template: old, createdAt: w.iso('-16d'), replicas: 0, ready: 0 },
        { revision: 23, template: neu, createdAt: w.iso('-12m'), replicas: 3, ready: 3 },
      ] });
      const pods = nodes.map((n, i) => w.add(pod(w, { owner: d.owners[1]!, createdAt: w.iso(`-${12 - i}m`), node: n.ref })));
      const ts = grid(w, '-1h', 60);
      promErrorRatio(w, 'search', 'search-frontend', ramp(w, ts, { from: 0.001, to: 0.12, startAt: w.unix('-10m'), endAt: w.unix('-8m'), noise: 0.004, digits: 4, min: 0 }));
      w.log(pods[0]!, 'app', false, [
        `${w.clock.logTs('-30s', 12)} ERROR [http-nio-8080-exec-7] c.a.s.web.SearchController - request failed q="winter boots"`,
        'java.lang.NullPointerException: Cannot invoke "com.acme.search.facets.FacetConfig.getOrder()" because "cfg" is null',
        '\tat com.acme.search.facets.FacetSorter.sort(FacetSorter.java:41)',
        '\tat com.acme.search.web.SearchController.search(SearchController.java:118)',
      ]);
      w.change({ at: w.iso('-12m'), kind: 'rollout', target: { namespace: 'search', kind: 'Deployment', name: 'search-frontend' }, detail: 'image search/search-frontend:3.9.4 -> 4.0.0', source: 'argo' });
      cloudwatchAlarm(w, { alarmName: 'search-frontend-5xx', metricName: 'HTTPCode_Target_5XX_Count', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-search-front-77aa/5e4d3c2b1a098f7e' }, threshold: 100, recent: [410, 522, 590], startsAt: '-7m', kind: 'latency', statistic: 'Sum', target: { namespace: 'search', kind: 'Deployment', name: 'search-frontend' } });
    },
  },
];

