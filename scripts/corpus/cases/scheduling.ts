/** unschedulable-resources and unschedulable-constraints: Pending pods and what the scheduler says. */
import { alertmanagerAlarm, cloudwatchAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { ev, hpa, pod, statefulSet, taint, type Owner } from '../lib/k8s.js';
import { appTemplate, cluster, simpleDeploy, type NodeHandle } from '../lib/kit.js';
import { promLatency } from '../lib/metrics.js';
import { grid, ramp } from '../lib/series.js';
import type { Obj } from '../lib/util.js';
import type { World } from '../lib/world.js';

function pending(w: World, owner: Owner, since: string, message: string, count: number, o: { ordinal?: number; lastAt?: string } = {}): Obj {
  const p = w.add(pod(w, { owner, ...(o.ordinal !== undefined ? { ordinal: o.ordinal } : {}), createdAt: w.iso(since), unschedulable: { message, at: w.iso(since) } }));
  ev(w, { regarding: p, reason: 'FailedScheduling', message, component: 'default-scheduler', first: since, last: o.lastAt ?? '-25s', count });
  return p;
}

function running3(w: World, owner: Owner, nodes: NodeHandle[], n: number, age = '-9d'): void {
  for (let i = 0; i < n; i++) w.add(pod(w, { owner, createdAt: w.iso(age), node: nodes[i % nodes.length]!.ref }));
}

export const schedulingCases: CaseDef[] = [
  // ------------------------------------------------------------------ unschedulable-resources
  {
    category: 'unschedulable-resources',
    slug: 'insufficient-memory-preemption',
    now: '2026-11-22T10:12:00Z',
    title: 'After a rollback checkout needs a 4th replica with 2Gi requests; "0/3 nodes are available: 3 Insufficient memory. preemption: … No preemption victims found".',
    eventView: 'events.k8s.io/v1',
    build(w) {
      const nodes = cluster(w, 3);
      const t = appTemplate({ name: 'checkout', partOf: 'shop', image: w.image('shop/checkout', '1.41.2'), requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } });
      const d = simpleDeploy(w, { ns: 'shop', name: 'checkout', template: t, replicas: 4, ready: 3 });
      running3(w, d.owners[0]!, nodes, 3);
      const p = pending(w, d.owners[0]!, '-3m33s', '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', 4);
      kubernetesAlarm(w, w.objects[w.objects.length - 1]!, 'deployment');
      void p;
    },
  },
  {
    category: 'unschedulable-resources',
    slug: 'insufficient-cpu-autoscaler-max-size',
    now: '2026-02-06T18:30:30Z',
    title: 'Two video-transcoder replicas (3 CPU each) are Pending: "Insufficient cpu"; the cluster-autoscaler reports "pod didn\'t trigger scale-up: 1 max node group size reached".',
    build(w) {
      const nodes = cluster(w, 4, { nodegroup: 'compute', instanceType: 'c6i.xlarge', cpu: 4, memoryGi: 8 });
      const t = appTemplate({ name: 'video-transcoder', partOf: 'media', image: w.image('media/transcoder', '8.1.0'), requests: { cpu: '3', memory: '4Gi' }, limits: { cpu: '3', memory: '4Gi' }, probes: 'none', extra: { nodeSelector: { 'eks.amazonaws.com/nodegroup': 'compute' } } });
      const d = simpleDeploy(w, { ns: 'media', name: 'video-transcoder', template: t, replicas: 6, ready: 4 });
      running3(w, d.owners[0]!, nodes, 4);
      for (let i = 0; i < 2; i++) {
        const p = pending(w, d.owners[0]!, `-${34 - i}m`, '0/7 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector, 4 Insufficient cpu. preemption: 0/7 nodes are available: 3 Preemption is not helpful for scheduling, 4 No preemption victims found for incoming pod.', 40 - i * 3);
        ev(w, { regarding: p, reason: 'NotTriggerScaleUp', message: "pod didn't trigger scale-up: 3 node(s) didn't match Pod's node affinity/selector, 1 max node group size reached", type: 'Normal', component: 'cluster-autoscaler', first: `-${33 - i}m`, last: '-40s', count: 190 });
      }
      cluster(w, 3, { nodegroup: 'general', subnet: 1 });
      alertmanagerAlarm(w, { alertname: 'KubeDeploymentReplicasMismatch', severity: 'warning', kind: 'deployment', startsAt: '-19m', labels: { namespace: 'media', deployment: 'video-transcoder' }, summary: 'Deployment has not matched the expected number of replicas.', description: 'Deployment media/video-transcoder has not matched the expected number of replicas for longer than 15 minutes.', target: { namespace: 'media', kind: 'Deployment', name: 'video-transcoder' } });
    },
  },
  {
    category: 'unschedulable-resources',
    slug: 'too-many-pods-per-node',
    now: '2026-05-02T12:00:00Z',
    title: 'Small nodes (t3.medium, 17 pods max with the VPC CNI) are full of pods; new api pods get "0/3 nodes are available: 3 Too many pods."',
    build(w) {
      const nodes = cluster(w, 3, { instanceType: 't3.medium', cpu: 2, memoryGi: 4, maxPods: 17 });
      const t = appTemplate({ name: 'notes-api', partOf: 'notes', image: w.image('notes/api', '0.3.1'), requests: { cpu: '10m', memory: '32Mi' } });
      const d = simpleDeploy(w, { ns: 'dev-notes', name: 'notes-api', template: t, replicas: 3, ready: 1 });
      running3(w, d.owners[0]!, nodes, 1);
      for (let i = 0; i < 2; i++) pending(w, d.owners[0]!, `-${12 + i}m`, '0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', 14);
      manualAlarm(w, { name: 'notes-api pending', description: 'pods pending in dev cluster', target: { namespace: 'dev-notes', kind: 'Deployment', name: 'notes-api' }, startsAt: '-10m', user: 'dev1' });
    },
    eventView: 'events.k8s.io/v1',
  },
  {
    category: 'unschedulable-resources',
    slug: 'hpa-scale-up-pending-latency-alarm',
    now: '2026-08-14T20:20:20Z',
    title: 'A traffic spike makes the HPA ask for 10 api replicas; 4 new ones stay Pending with "Insufficient cpu" and latency climbs. The alarm is about latency.',
    misleading: 'The alarm is a latency alarm and the running pods are busy (cpu-throttling look); the HPA already asked for more replicas and they cannot be placed: "Insufficient cpu" on every node, so capacity is what a fix targets.',
    build(w) {
      const nodes = cluster(w, 3, { cpu: 4 });
      const t = appTemplate({ name: 'api', partOf: 'tickets', image: w.image('tickets/api', '14.2.0'), requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } });
      const d = simpleDeploy(w, { ns: 'tickets', name: 'api', template: t, replicas: 10, ready: 6 });
      running3(w, d.owners[0]!, nodes, 6, '-3d');
      for (let i = 0; i < 4; i++) pending(w, d.owners[0]!, '-11m', '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.', 12);
      hpa(w, { ns: 'tickets', name: 'api', target: d.deployment, min: 3, max: 20, current: 10, desired: 10, cpuTarget: 60, cpuCurrent: 94, createdAt: w.iso('-200d'), lastScale: w.iso('-11m'), conditions: [
        { type: 'AbleToScale', status: 'True', lastTransitionTime: w.iso('-11m'), reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 10' },
        { type: 'ScalingActive', status: 'True', lastTransitionTime: w.iso('-200d'), reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
        { type: 'ScalingLimited', status: 'False', lastTransitionTime: w.iso('-2d'), reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
      ] });
      promLatency(w, 'tickets', 'api', ramp(w, grid(w, '-1h', 60), { from: 0.12, to: 1.4, startAt: w.unix('-15m'), endAt: w.unix('-2m'), noise: 0.03, digits: 3 }));
      cloudwatchAlarm(w, { alarmName: 'tickets-api-latency-p95', metricName: 'TargetResponseTime', namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'app/k8s-tickets-api-9f8e/7d6c5b4a39281706' }, threshold: 0.8, recent: [1.02, 1.21, 1.38], startsAt: '-4m', kind: 'latency', statistic: 'p95', target: { namespace: 'tickets', kind: 'Deployment', name: 'api' } });
    },
  },

  // ------------------------------------------------------------------ unschedulable-constraints
  {
    category: 'unschedulable-constraints',
    slug: 'node-selector-nodegroup-typo',
    now: '2026-01-25T15:15:15Z',
    title: 'ml-inference sets nodeSelector eks.amazonaws.com/nodegroup: gpu-inference, but the node group is called gpu-infer; "didn\'t match Pod\'s node affinity/selector" on every node.',
    build(w) {
      const nodes = cluster(w, 3);
      cluster(w, 2, { nodegroup: 'gpu-infer', instanceType: 'g5.2xlarge', cpu: 8, memoryGi: 32, subnet: 2 });
      const t = appTemplate({ name: 'ml-inference', partOf: 'ml', image: w.image('ml/inference', '1.4.0'), requests: { cpu: '2', memory: '8Gi', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1', memory: '8Gi' }, extra: { nodeSelector: { 'eks.amazonaws.com/nodegroup': 'gpu-inference' }, tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } });
      const d = simpleDeploy(w, { ns: 'ml', name: 'ml-inference', template: t, replicas: 2, ready: 0, condition: 'unavailable', createdAt: w.iso('-30m'), rsCreatedAt: w.iso('-30m'), revision: 1, availableSince: w.iso('-30m') });
      for (let i = 0; i < 2; i++) pending(w, d.owners[0]!, '-30m', "0/5 nodes are available: 5 node(s) didn't match Pod's node affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.", 9);
      void nodes;
      manualAlarm(w, { name: 'ml-inference never started', description: 'first deploy of ml-inference', target: { namespace: 'ml', kind: 'Deployment', name: 'ml-inference' }, startsAt: '-20m', user: 'ml-eng' });
    },
    eventView: 'events.k8s.io/v1',
  },
  {
    category: 'unschedulable-constraints',
    slug: 'untolerated-dedicated-taint',
    now: '2026-03-17T09:30:00Z',
    title: 'The only nodes with free capacity are tainted dedicated=payments:NoSchedule and the rest are control-plane; a fraud-model pod without the toleration cannot be placed.',
    flavor: 'kubeadm',
    build(w) {
      const cp = cluster(w, 1, { subnet: 1 });
      (cp[0]!.obj.spec as Obj).taints = [taint('node-role.kubernetes.io/control-plane', 'NoSchedule')];
      const ded = cluster(w, 3, { subnet: 2 });
      for (const n of ded) (n.obj.spec as Obj).taints = [taint('dedicated', 'NoSchedule', 'payments')];
      const t = appTemplate({ name: 'fraud-model', partOf: 'fraud', image: w.image('fraud/model', '3.0.0'), requests: { cpu: '500m', memory: '1Gi' } });
      const d = simpleDeploy(w, { ns: 'fraud', name: 'fraud-model', template: t, replicas: 1, ready: 0, condition: 'unavailable' });
      pending(w, d.owners[0]!, '-18m', '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) had untolerated taint {dedicated: payments}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.', 7);
      alertmanagerAlarm(w, { alertname: 'KubePodNotScheduled', severity: 'warning', kind: 'deployment', startsAt: '-3m', labels: { namespace: 'fraud' }, summary: 'Pod cannot be scheduled.', description: 'Pod fraud/fraud-model cannot be scheduled for more than 15 minutes.', target: { namespace: 'fraud', kind: 'Deployment', name: 'fraud-model' } });
    },
  },
  {
    category: 'unschedulable-constraints',
    slug: 'topology-spread-zone-lost',
    now: '2026-06-25T04:44:44Z',
    title: 'A StatefulSet with topologySpreadConstraints maxSkew 1 / DoNotSchedule over zones; after the c-zone nodes were drained for an AMI update, ordinal 2 cannot be placed: "didn\'t match pod topology spread constraints".',
    build(w) {
      const nodes = cluster(w, 2);
      const t = appTemplate({ name: 'etcd-events', partOf: 'platform', image: 'quay.io/coreos/etcd:v3.5.21', port: 2379, requests: { cpu: '500m', memory: '1Gi' }, probes: 'none', extra: { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'etcd-events' } } }] } });
      const s = statefulSet(w, { ns: 'platform', name: 'etcd-events', selector: t.labels, template: t, replicas: 3, ready: 2, createdAt: w.iso('-100d') });
      for (let i = 0; i < 2; i++) w.add(pod(w, { owner: s.owner, ordinal: i, createdAt: w.iso('-40d'), node: nodes[i]!.ref }));
      pending(w, s.owner, '-27m', "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.", 11, { ordinal: 2 });
      manualAlarm(w, { name: 'etcd-events degraded', description: 'etcd-events has 2/3 members after AMI rotation', target: { namespace: 'platform', kind: 'StatefulSet', name: 'etcd-events' }, startsAt: '-20m', user: 'platform-oncall' });
    },
    eventView: 'events.k8s.io/v1',
  },
  {
    category: 'unschedulable-constraints',
    slug: 'anti-affinity-stale-insufficient-event',
    now: '2026-10-01T07:07:07Z',
    title: 'kafka-connect requires pod anti-affinity per hostname with 4 replicas on 3 nodes; the 4th pod says "didn\'t match pod anti-affinity rules". An "Insufficient memory" FailedScheduling from a node outage 3 hours ago is also listed.',
    misleading: 'A FailedScheduling "Insufficient memory" is present but 3 hours old (from a node outage since fixed); the current message is the anti-affinity rule, which no amount of capacity on the existing nodes fixes.',
    build(w) {
      const nodes = cluster(w, 3, { memoryGi: 32 });
      const t = appTemplate({ name: 'kafka-connect', partOf: 'streaming', image: 'docker.io/confluentinc/cp-kafka-connect:7.9.0', port: 8083, requests: { cpu: '1', memory: '4Gi' }, probes: 'none', extra: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-connect' } }, topologyKey: 'kubernetes.io/hostname' }] } } } });
      const d = simpleDeploy(w, { ns: 'streaming', name: 'kafka-connect', template: t, replicas: 4, ready: 3 });
      running3(w, d.owners[0]!, nodes, 3, '-2h50m');
      const p = pending(w, d.owners[0]!, '-3h05m', "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.", 44);
      ev(w, { regarding: p, reason: 'FailedScheduling', message: '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.', component: 'default-scheduler', first: '-3h05m', last: '-2h58m', count: 5 });
      alertmanagerAlarm(w, { alertname: 'KubeDeploymentReplicasMismatch', severity: 'warning', kind: 'deployment', startsAt: '-2h45m', labels: { namespace: 'streaming', deployment: 'kafka-connect' }, summary: 'Deployment has not matched the expected number of replicas.', description: 'Deployment streaming/kafka-connect has not matched the expected number of replicas for longer than 15 minutes.', target: { namespace: 'streaming', kind: 'Deployment', name: 'kafka-connect' } });
    },
  },
];
