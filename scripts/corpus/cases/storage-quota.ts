/** volume-issue and quota-exceeded: storage that will not attach, and pods the API server refuses. */
import { alertmanagerAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { deployment, ev, hpa, job, limitRange, pod, pvc, resourceQuota, statefulSet, waiting } from '../lib/k8s.js';
import { appTemplate, cluster, kubelet, simpleDeploy } from '../lib/kit.js';
import { promLatency } from '../lib/metrics.js';
import { grid, ramp } from '../lib/series.js';

const vct = (name: string, size: string, sc: string): object => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } }, storageClassName: sc, volumeMode: 'Filesystem' } });

export const storageQuotaCases: CaseDef[] = [
  // ------------------------------------------------------------------ volume-issue
  {
    category: 'volume-issue',
    slug: 'storageclass-not-found-unbound-pvc',
    now: '2026-02-20T14:14:14Z',
    title: 'A new Postgres StatefulSet asks for storageClassName "fast-ssd", which does not exist in this cluster; the PVC stays Pending (ProvisioningFailed) and the pod shows FailedScheduling "unbound immediate PersistentVolumeClaims".',
    misleading: 'The pod-level Warning is FailedScheduling, the unschedulable look; the message names unbound PersistentVolumeClaims and the PVC is Pending because its StorageClass does not exist, a volume problem.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      cluster(w, 3);
      const t = appTemplate({ name: 'reports-db', partOf: 'reporting', image: 'docker.io/library/postgres:17.4', port: 5432, requests: { cpu: '500m', memory: '2Gi' }, probes: 'none', mounts: [{ name: 'data', mountPath: '/var/lib/postgresql/data' }] });
      const s = statefulSet(w, { ns: 'reporting', name: 'reports-db', selector: t.labels, template: t, replicas: 1, ready: 0, createdAt: w.iso('-21m'), volumeClaimTemplates: [vct('data', '100Gi', 'fast-ssd') as never] });
      const claim = pvc(w, { ns: 'reporting', name: 'data-reports-db-0', storageClass: 'fast-ssd', size: '100Gi', phase: 'Pending', createdAt: w.iso('-21m'), labels: t.labels });
      ev(w, { regarding: claim, reason: 'ProvisioningFailed', message: 'storageclass.storage.k8s.io "fast-ssd" not found', component: 'persistentvolume-controller', first: '-21m', last: '-11s', count: 86 });
      const p = w.add(pod(w, { owner: s.owner, ordinal: 0, createdAt: w.iso('-21m'), unschedulable: { message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', at: w.iso('-21m') } }));
      ev(w, { regarding: p, reason: 'FailedScheduling', message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.', component: 'default-scheduler', first: '-21m', last: '-1m', count: 8 });
      manualAlarm(w, { name: 'reports-db not starting', description: 'new reports database stuck Pending', target: { namespace: 'reporting', kind: 'StatefulSet', name: 'reports-db' }, startsAt: '-15m', user: 'data-eng' });
    },
  },
  {
    category: 'volume-issue',
    slug: 'multi-attach-after-reschedule',
    now: '2026-04-14T03:33:03Z',
    title: 'A Deployment (Recreate strategy missing) with an RWO EBS volume got a new pod on another node while the old pod still terminates: "Multi-Attach error for volume … Volume is already used by pod(s)".',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'wiki', partOf: 'intranet', image: w.image('intranet/wiki', '2.5.307'), port: 3000, requests: { cpu: '250m', memory: '512Mi' }, mounts: [{ name: 'data', mountPath: '/wiki/data' }], extra: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'wiki-data' } }] } });
      const d = simpleDeploy(w, { ns: 'intranet', name: 'wiki', template: t, replicas: 1, ready: 0, condition: 'unavailable', availableSince: w.iso('-14m') });
      const old = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-30d'), node: nodes[0]!.ref, deletionTimestamp: w.iso('-14m'), readyChangedAt: w.iso('-14m'), statuses: [{ state: { running: { startedAt: w.iso('-30d') } }, ready: false, restartCount: 0 }] }));
      pvc(w, { ns: 'intranet', name: 'wiki-data', storageClass: 'gp3', size: '20Gi', phase: 'Bound', volumeName: 'pvc-3c1f9a2e-7b4d-4e6f-9a8b-0c2d4e6f8a1b', createdAt: w.iso('-400d') });
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-14m'), node: nodes[2]!.ref, readyChangedAt: w.iso('-14m'), statuses: [{ state: waiting('ContainerCreating'), ready: false, restartCount: 0 }] }));
      ev(w, { regarding: p, reason: 'FailedAttachVolume', message: `Multi-Attach error for volume "pvc-3c1f9a2e-7b4d-4e6f-9a8b-0c2d4e6f8a1b" Volume is already used by pod(s) ${(old.metadata as { name: string }).name}`, component: 'attachdetach-controller', first: '-14m', last: '-14m', count: 1 });
      kubelet(w, p, 'FailedMount', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: timed out waiting for the condition', '-12m', '-1m40s', 6);
      alertmanagerAlarm(w, { alertname: 'KubePodNotReady', severity: 'warning', kind: 'deployment', startsAt: '-1m', labels: { namespace: 'intranet' }, summary: 'Pod has been in a non-ready state for more than 15 minutes.', description: 'Pod intranet/wiki has been in a non-ready state for longer than 15 minutes.', target: { namespace: 'intranet', kind: 'Deployment', name: 'wiki' } });
    },
  },
  {
    category: 'volume-issue',
    slug: 'efs-mount-timeout',
    now: '2026-07-04T21:21:21Z',
    title: 'shared-uploads mounts an EFS file system through the CSI driver; a security-group change blocks NFS (2049), so mounts time out: "mount.nfs4: Connection timed out", FailedMount.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'uploads', partOf: 'cms', image: w.image('cms/uploads', '1.7.4'), requests: { cpu: '100m', memory: '256Mi' }, mounts: [{ name: 'shared', mountPath: '/srv/uploads' }], extra: { volumes: [{ name: 'shared', persistentVolumeClaim: { claimName: 'uploads-efs' } }] } });
      const d = simpleDeploy(w, { ns: 'cms', name: 'uploads', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-25m') });
      pvc(w, { ns: 'cms', name: 'uploads-efs', storageClass: 'efs-sc', size: '5Gi', phase: 'Bound', accessModes: ['ReadWriteMany'], volumeName: 'pvc-9e1d2c3b-4a5f-4e6d-8c7b-1a2b3c4d5e6f', createdAt: w.iso('-300d') });
      for (let i = 0; i < 2; i++) {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-25m'), node: nodes[i]!.ref, readyChangedAt: w.iso('-25m'), statuses: [{ state: waiting('ContainerCreating'), ready: false, restartCount: 0 }] }));
        kubelet(w, p, 'FailedMount', 'MountVolume.SetUp failed for volume "pvc-9e1d2c3b-4a5f-4e6d-8c7b-1a2b3c4d5e6f" : rpc error: code = Internal desc = Could not mount "fs-0a1b2c3d4e5f67890:/" at "/var/lib/kubelet/pods/…/volumes/kubernetes.io~csi/pvc-9e1d2c3b-4a5f-4e6d-8c7b-1a2b3c4d5e6f/mount": mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t efs -o tls fs-0a1b2c3d4e5f67890:/ /var/lib/kubelet/pods/…/mount\nOutput: mount.nfs4: Connection timed out', '-23m', '-2m', 11);
      }
      w.change({ at: w.iso('-40m'), kind: 'security-group', detail: 'terraform apply: sg-0efs… ingress 2049/tcp from 10.0.0.0/16 removed (cleanup PR #881)', source: 'github' });
      manualAlarm(w, { name: 'uploads down', description: 'CMS cannot show images', target: { namespace: 'cms', kind: 'Deployment', name: 'uploads' }, startsAt: '-20m', user: 'cms-team' });
    },
  },
  {
    category: 'volume-issue',
    slug: 'ebs-attach-failed-statefulset',
    now: '2026-10-10T10:01:10Z',
    title: 'After a node replacement, the EBS volume of elasticsearch-data-1 cannot be attached to the new node: "AttachVolume.Attach failed … could not attach volume … IncorrectState", the pod stays ContainerCreating.',
    build(w) {
      const nodes = cluster(w, 3, { instanceType: 'r6i.xlarge', memoryGi: 32 });
      const t = appTemplate({ name: 'elasticsearch-data', partOf: 'logging', image: 'docker.elastic.co/elasticsearch/elasticsearch:8.17.3', port: 9200, requests: { cpu: '1', memory: '8Gi' }, probes: 'none', mounts: [{ name: 'data', mountPath: '/usr/share/elasticsearch/data' }] });
      const s = statefulSet(w, { ns: 'logging', name: 'elasticsearch-data', selector: t.labels, template: t, replicas: 3, ready: 2, createdAt: w.iso('-500d'), volumeClaimTemplates: [vct('data', '500Gi', 'gp3') as never] });
      for (const i of [0, 2]) w.add(pod(w, { owner: s.owner, ordinal: i, createdAt: w.iso('-20d'), node: nodes[i]!.ref }));
      pvc(w, { ns: 'logging', name: 'data-elasticsearch-data-1', storageClass: 'gp3', size: '500Gi', phase: 'Bound', volumeName: 'pvc-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d', createdAt: w.iso('-500d') });
      const p = w.add(pod(w, { owner: s.owner, ordinal: 1, createdAt: w.iso('-33m'), node: nodes[1]!.ref, readyChangedAt: w.iso('-33m'), statuses: [{ state: waiting('ContainerCreating'), ready: false, restartCount: 0 }] }));
      ev(w, { regarding: p, reason: 'FailedAttachVolume', message: 'AttachVolume.Attach failed for volume "pvc-7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d" : rpc error: code = Internal desc = Could not attach volume "vol-0c1d2e3f4a5b6c7d8" to node "i-0f1e2d3c4b5a69788": could not attach volume "vol-0c1d2e3f4a5b6c7d8" to node "i-0f1e2d3c4b5a69788": operation error EC2: AttachVolume, https response error StatusCode: 400, RequestID: 4b1c…, api error IncorrectState: vol-0c1d2e3f4a5b6c7d8 is not \'available\'.', component: 'attachdetach-controller', first: '-33m', last: '-1m', count: 17 });
      kubelet(w, p, 'FailedMount', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access-x2k9f]: timed out waiting for the condition', '-31m', '-3m', 14);
      alertmanagerAlarm(w, { alertname: 'ElasticsearchClusterYellow', severity: 'warning', kind: 'unknown', startsAt: '-28m', labels: { namespace: 'logging', cluster: 'logs' }, summary: 'Elasticsearch cluster yellow', description: 'logs cluster has 41 unassigned replica shards.', target: { namespace: 'logging', kind: 'StatefulSet', name: 'elasticsearch-data' } });
    },
  },

  // ------------------------------------------------------------------ quota-exceeded
  {
    category: 'quota-exceeded',
    slug: 'replicaset-failedcreate-memory-quota',
    now: '2026-01-31T23:59:01Z',
    title: 'team-a\'s ResourceQuota caps limits.memory at 8Gi; scaling web from 3 to 5 replicas fails: FailedCreate "exceeded quota: compute-resources, requested: limits.memory=2Gi, used: limits.memory=7Gi, limited: limits.memory=8Gi".',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'web', partOf: 'team-a', image: w.image('team-a/web', '1.2.3'), requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
      const msg = (n: string): string => `Error creating: pods "${n}" is forbidden: exceeded quota: compute-resources, requested: limits.memory=2Gi, used: limits.memory=7Gi, limited: limits.memory=8Gi`;
      const d = deployment(w, { ns: 'team-a', name: 'web', selector: t.labels, replicas: 5, createdAt: w.iso('-100d'), quotaFailure: { message: msg('web-7b9c5d6f8d-x2x9q'), at: w.iso('-9m') }, revisions: [{ revision: 4, template: t, createdAt: w.iso('-30d'), replicas: 3, ready: 3, replicaFailure: { message: msg('web-7b9c5d6f8d-x2x9q'), at: w.iso('-9m') } }] });
      for (let i = 0; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-6d'), node: nodes[i]!.ref }));
      resourceQuota(w, { ns: 'team-a', name: 'compute-resources', hard: { 'limits.cpu': '8', 'limits.memory': '8Gi', 'requests.cpu': '4', 'requests.memory': '8Gi' }, used: { 'limits.cpu': '3500m', 'limits.memory': '7Gi', 'requests.cpu': '1750m', 'requests.memory': '7Gi' }, createdAt: w.iso('-400d') });
      const rs = d.replicaSets[0]!;
      const e = ev(w, { regarding: rs, reason: 'FailedCreate', message: msg(`${(rs.metadata as { name: string }).name}-x2x9q`), component: 'replicaset-controller', first: '-9m', last: '-20s', count: 19 });
      kubernetesAlarm(w, e, 'deployment');
    },
  },
  {
    category: 'quota-exceeded',
    slug: 'limitrange-max-per-container',
    now: '2026-04-26T12:26:00Z',
    title: 'A LimitRange in sandbox caps containers at 1 CPU / 1Gi; a notebook Deployment asking for 2Gi gets FailedCreate "maximum memory usage per Container is 1Gi, but limit is 2Gi".',
    flavor: 'gke',
    build(w) {
      cluster(w, 3);
      const t = appTemplate({ name: 'notebook', image: 'quay.io/jupyter/scipy-notebook:2025-03-14', port: 8888, requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' }, probes: 'none' });
      const msg = 'Error creating: pods "notebook-6c8d7f9b5c-mz2kq" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi';
      const d = deployment(w, { ns: 'sandbox', name: 'notebook', selector: t.labels, replicas: 1, createdAt: w.iso('-7m'), condition: 'progressing', quotaFailure: { message: msg, at: w.iso('-7m') }, revisions: [{ revision: 1, template: t, createdAt: w.iso('-7m'), replicas: 1, ready: 0, replicaFailure: { message: msg, at: w.iso('-7m') } }] });
      limitRange(w, { ns: 'sandbox', name: 'container-limits', createdAt: w.iso('-90d'), limits: [{ type: 'Container', max: { cpu: '1', memory: '1Gi' }, default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '256Mi' } }] });
      ev(w, { regarding: d.replicaSets[0]!, reason: 'FailedCreate', message: msg, component: 'replicaset-controller', first: '-7m', last: '-1m', count: 14 });
      manualAlarm(w, { name: 'notebook missing', description: 'kubectl apply worked but no pod', target: { namespace: 'sandbox', kind: 'Deployment', name: 'notebook' }, startsAt: '-5m', user: 'data-scientist' });
    },
  },
  {
    category: 'quota-exceeded',
    slug: 'job-pod-count-quota',
    now: '2026-08-31T00:30:30Z',
    title: 'The nightly exports Job cannot create its pod: the namespace quota "pods=50" is used up by completed-but-not-cleaned Job pods; job-controller FailedCreate "exceeded quota: pod-count".',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      cluster(w, 3);
      const t = appTemplate({ name: 'nightly-export', partOf: 'exports', image: w.image('exports/nightly', '2.1.0'), requests: { cpu: '500m', memory: '512Mi' }, probes: 'none', extra: { restartPolicy: 'Never' } });
      const j = job(w, { ns: 'exports', name: 'nightly-export-29451840', template: t, createdAt: w.iso('-30m') });
      resourceQuota(w, { ns: 'exports', name: 'pod-count', hard: { pods: '50' }, used: { pods: '50' }, createdAt: w.iso('-300d') });
      const e = ev(w, { regarding: j.job, reason: 'FailedCreate', message: 'Error creating: pods "nightly-export-29451840-9kzvq" is forbidden: exceeded quota: pod-count, requested: pods=1, used: pods=50, limited: pods=50', component: 'job-controller', first: '-30m', last: '-2m', count: 12 });
      alertmanagerAlarm(w, { alertname: 'KubeQuotaFullyUsed', severity: 'info', kind: 'unknown', startsAt: '-3h', labels: { namespace: 'exports', resource: 'pods', resourcequota: 'pod-count' }, summary: 'Namespace quota is fully used.', description: 'Namespace exports is using 100% of its pods quota.', target: { namespace: 'exports', kind: 'Job', name: 'nightly-export-29451840' } });
      void e;
    },
  },
  {
    category: 'quota-exceeded',
    slug: 'hpa-blocked-by-quota-latency-alarm',
    now: '2026-11-03T19:03:19Z',
    title: 'Evening peak: the HPA of bookings wants 12 replicas but only 8 exist; the ReplicaSet\'s FailedCreate says "exceeded quota: team-quota, requested: requests.cpu=1, used: requests.cpu=8, limited: requests.cpu=8". The alarm is latency.',
    misleading: 'A latency alarm on busy pods looks like cpu-throttling (there is no CPU limit, so no throttling) or capacity; the HPA already decided to scale and the API server refuses the pods because of the namespace quota, which is what a fix targets.',
    build(w) {
      const nodes = cluster(w, 4, { cpu: 8 });
      const t = appTemplate({ name: 'bookings', partOf: 'travel', image: w.image('travel/bookings', '5.5.5'), requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } });
      const msg = 'Error creating: pods "bookings-5d7f8c9b6d-qk7wz" is forbidden: exceeded quota: team-quota, requested: requests.cpu=1, used: requests.cpu=8, limited: requests.cpu=8';
      const d = deployment(w, { ns: 'travel', name: 'bookings', selector: t.labels, replicas: 12, createdAt: w.iso('-250d'), quotaFailure: { message: msg, at: w.iso('-16m') }, revisions: [{ revision: 27, template: t, createdAt: w.iso('-8d'), replicas: 8, ready: 8, replicaFailure: { message: msg, at: w.iso('-16m') } }] });
      for (let i = 0; i < 8; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso(i < 3 ? '-8d' : `-${1 + i}h`), node: nodes[i % 4]!.ref }));
      resourceQuota(w, { ns: 'travel', name: 'team-quota', hard: { 'requests.cpu': '8', 'requests.memory': '32Gi' }, used: { 'requests.cpu': '8', 'requests.memory': '8Gi' }, createdAt: w.iso('-250d') });
      ev(w, { regarding: d.replicaSets[0]!, reason: 'FailedCreate', message: msg, component: 'replicaset-controller', first: '-16m', last: '-15s', count: 23 });
      hpa(w, { ns: 'travel', name: 'bookings', target: d.deployment, min: 3, max: 16, current: 8, desired: 12, cpuTarget: 65, cpuCurrent: 97, createdAt: w.iso('-250d'), lastScale: w.iso('-16m'), conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: w.iso('-16m'), reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 12' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: w.iso('-250d'), reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        { type: 'ScalingLimited', status: 'False', lastTransitionTime: w.iso('-2d'), reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
      ] });
      promLatency(w, 'travel', 'bookings', ramp(w, grid(w, '-1h', 60), { from: 0.2, to: 1.8, startAt: w.unix('-20m'), endAt: w.unix('-3m'), noise: 0.04, digits: 3 }));
      alertmanagerAlarm(w, { alertname: 'BookingsLatencyHigh', severity: 'critical', kind: 'latency', startsAt: '-9m', labels: { namespace: 'travel', service: 'bookings' }, summary: 'bookings p99 above SLO', description: 'bookings p99 latency 1.7s (SLO 800ms).', target: { namespace: 'travel', kind: 'Deployment', name: 'bookings' } });
    },
  },
];
