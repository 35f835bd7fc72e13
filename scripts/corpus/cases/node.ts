/** node-pressure and node-not-ready: the node, not the workload, is the problem. */
import { alertmanagerAlarm, cloudwatchAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { ev, node, pod, running, statefulSet, taint, terminated, waiting } from '../lib/k8s.js';
import { appTemplate, cluster, kubelet, simpleDeploy, type NodeHandle } from '../lib/kit.js';
import type { Obj } from '../lib/util.js';
import type { World } from '../lib/world.js';

/** Replaces a cluster node with one whose conditions say `o` (same name and ip). */
function sickNode(w: World, n: NodeHandle, o: Partial<Parameters<typeof node>[1]>): Obj {
  const idx = w.objects.indexOf(n.obj);
  const fresh = node(w, { name: n.ref.name, ip: n.ref.ip, zone: n.zone, createdAt: (n.obj.metadata as { creationTimestamp: string }).creationTimestamp, ...o });
  w.objects[idx] = fresh;
  n.obj = fresh;
  return fresh;
}

function evicted(w: World, owner: Parameters<typeof pod>[1]['owner'], n: NodeHandle, at: string, message: string, created = '-2d'): Obj {
  const p = w.add(pod(w, { owner, createdAt: w.iso(created), node: n.ref, phase: 'Failed', reason: 'Evicted', message, readyChangedAt: w.iso(at), statuses: [{ state: terminated({ exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: w.iso(created), finishedAt: w.iso(at) }), ready: false, restartCount: 0 }], extraConditions: [{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: w.iso(at), reason: 'TerminationByKubelet', message: message }] }));
  ev(w, { regarding: p, reason: 'Evicted', message, component: 'kubelet', host: n.ref.name, first: at });
  return p;
}

export const nodeCases: CaseDef[] = [
  // ------------------------------------------------------------------ node-pressure
  {
    category: 'node-pressure',
    slug: 'memory-pressure-evictions',
    now: '2026-03-06T02:46:00Z',
    title: 'A node runs BestEffort/Burstable pods that together exceed its memory; MemoryPressure is True, the kubelet evicts pods ("The node was low on resource: memory …") and records EvictionThresholdMet.',
    misleading: 'The eviction message names a container "using 1.2Gi, request is 512Mi", which can be read as that container\'s memory problem (oom-killed); the pods were evicted by the kubelet because the node crossed its eviction threshold: node-pressure.',
    build(w) {
      const nodes = cluster(w, 3, { memoryGi: 8, instanceType: 'm6i.large', cpu: 2 });
      const n = nodes[1]!;
      sickNode(w, n, { memoryGi: 8, instanceType: 'm6i.large', cpu: 2, memoryPressure: { since: w.iso('-14m') }, taints: [taint('node.kubernetes.io/memory-pressure', 'NoSchedule', undefined, w.iso('-14m'))] });
      const t = appTemplate({ name: 'pdf-preview', partOf: 'docs', image: w.image('docs/pdf-preview', '2.2.2'), requests: { cpu: '100m', memory: '512Mi' } });
      const d = simpleDeploy(w, { ns: 'docs', name: 'pdf-preview', template: t, replicas: 3, ready: 3 });
      evicted(w, d.owners[0]!, n, '-12m', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 80Mi. Container app was using 1.2Gi, request is 512Mi, has larger consumption of memory. ');
      evicted(w, d.owners[0]!, n, '-9m', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 92Mi. Container app was using 1.1Gi, request is 512Mi, has larger consumption of memory. ');
      for (let i = 0; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso(`-${11 - i * 2}m`), node: nodes[i === 1 ? 0 : i]!.ref }));
      ev(w, { regarding: n.obj, reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory', component: 'kubelet', host: n.ref.name, first: '-14m', last: '-8m', count: 4 });
      ev(w, { regarding: n.obj, reason: 'NodeHasInsufficientMemory', message: `Node ${n.ref.name} status is now: NodeHasInsufficientMemory`, type: 'Normal', component: 'kubelet', host: n.ref.name, first: '-14m' });
      alertmanagerAlarm(w, { alertname: 'KubeNodeEviction', severity: 'info', kind: 'node', startsAt: '-10m', labels: { node: n.ref.name, eviction_signal: 'memory.available' }, summary: 'Node is evicting pods.', description: `Node ${n.ref.name} is evicting Pods due to memory.available.  Eviction occurs when eviction thresholds are crossed.`, target: { kind: 'Node', name: n.ref.name } });
    },
  },
  {
    category: 'node-pressure',
    slug: 'disk-pressure-image-gc-failed',
    now: '2026-05-23T05:23:00Z',
    title: 'A build agent writes 80Gi of layer cache to the node\'s root volume: DiskPressure True, image garbage collection cannot free enough ("FreeDiskSpaceFailed"), pods evicted for ephemeral-storage.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3, { nodegroup: 'ci' });
      const n = nodes[0]!;
      sickNode(w, n, { nodegroup: 'ci', diskPressure: { since: w.iso('-31m') }, taints: [taint('node.kubernetes.io/disk-pressure', 'NoSchedule', undefined, w.iso('-31m'))] });
      const t = appTemplate({ name: 'ci-runner', partOf: 'ci', image: 'docker.io/gitlab/gitlab-runner:v17.9.1', probes: 'none' });
      const d = simpleDeploy(w, { ns: 'ci', name: 'ci-runner', template: t, replicas: 3, ready: 2 });
      evicted(w, d.owners[0]!, n, '-24m', 'The node was low on resource: ephemeral-storage. Threshold quantity: 10736376312, available: 9923452Ki. Container app was using 83241120Ki, request is 0, has larger consumption of ephemeral-storage. ');
      ev(w, { regarding: n.obj, reason: 'FreeDiskSpaceFailed', message: 'Failed to garbage collect required amount of images. Attempted to free 24182113894 bytes, but only found 1839208448 bytes eligible to free.', component: 'kubelet', host: n.ref.name, first: '-31m', last: '-1m', count: 7 });
      ev(w, { regarding: n.obj, reason: 'EvictionThresholdMet', message: 'Attempting to reclaim ephemeral-storage', component: 'kubelet', host: n.ref.name, first: '-30m', last: '-4m', count: 6 });
      for (let i = 1; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-5d'), node: nodes[i]!.ref }));
      cloudwatchAlarm(w, { alarmName: 'ci-node-filesystem-utilization', metricName: 'node_filesystem_utilization', dimensions: { ClusterName: 'tools-eks', NodeName: n.ref.name, InstanceId: 'i-0ab12cd34ef56a789' }, threshold: 85, recent: [90.4, 91.2, 91.9], startsAt: '-28m', kind: 'node', target: { kind: 'Node', name: n.ref.name } });
    },
  },
  {
    category: 'node-pressure',
    slug: 'pid-pressure-fork-bomb',
    now: '2026-07-12T12:12:12Z',
    title: 'A shell-heavy legacy job spawns thousands of zombie processes; PIDPressure True on its node, the kubelet evicts it and other pods there ("low on resource: pids").',
    flavor: 'kubeadm',
    build(w) {
      const nodes = cluster(w, 3);
      const n = nodes[2]!;
      sickNode(w, n, { pidPressure: { since: w.iso('-9m') }, taints: [taint('node.kubernetes.io/pid-pressure', 'NoSchedule', undefined, w.iso('-9m'))] });
      const t = appTemplate({ name: 'report-mailer', partOf: 'legacy', image: w.image('legacy/report-mailer', '1.0.9'), probes: 'none', labelStyle: 'app' });
      const d = simpleDeploy(w, { ns: 'legacy', name: 'report-mailer', template: t, replicas: 1, ready: 0 });
      evicted(w, d.owners[0]!, n, '-7m', 'The node was low on resource: pids. Threshold quantity: 3276, available: 2911. ');
      ev(w, { regarding: n.obj, reason: 'EvictionThresholdMet', message: 'Attempting to reclaim pids', component: 'kubelet', host: n.ref.name, first: '-9m', last: '-6m', count: 3 });
      ev(w, { regarding: n.obj, reason: 'NodeHasInsufficientPID', message: `Node ${n.ref.name} status is now: NodeHasInsufficientPID`, type: 'Normal', component: 'kubelet', host: n.ref.name, first: '-9m' });
      alertmanagerAlarm(w, { alertname: 'NodePIDPressure', severity: 'warning', kind: 'node', startsAt: '-8m', labels: { node: n.ref.name, condition: 'PIDPressure' }, summary: 'Node has PID pressure', description: `${n.ref.name} has condition PIDPressure.`, target: { kind: 'Node', name: n.ref.name } });
    },
  },
  {
    category: 'node-pressure',
    slug: 'evicted-replacements-pending-on-taint',
    now: '2026-10-19T19:19:19Z',
    title: 'A two-node cluster: one node under MemoryPressure evicted the api pods, the other is full; replacements are Pending with "node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }".',
    misleading: 'The current pods are Pending with a FailedScheduling about an untolerated taint (unschedulable-constraints look); that taint is the kubelet\'s memory-pressure taint and the pods were evicted by the same pressure, so the node is the cause.',
    build(w) {
      const nodes = cluster(w, 2, { memoryGi: 8, cpu: 2, instanceType: 'm6i.large' });
      const n = nodes[0]!;
      sickNode(w, n, { memoryGi: 8, cpu: 2, instanceType: 'm6i.large', memoryPressure: { since: w.iso('-17m') }, taints: [taint('node.kubernetes.io/memory-pressure', 'NoSchedule', undefined, w.iso('-17m'))] });
      const t = appTemplate({ name: 'api', partOf: 'small-shop', image: w.image('small-shop/api', '0.9.0'), requests: { cpu: '500m', memory: '3Gi' }, limits: { memory: '3Gi' } });
      const d = simpleDeploy(w, { ns: 'small-shop', name: 'api', template: t, replicas: 2, ready: 0, condition: 'unavailable', availableSince: w.iso('-15m') });
      evicted(w, d.owners[0]!, n, '-15m', 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 64Mi. Container app was using 2900Mi, request is 3Gi. ');
      ev(w, { regarding: n.obj, reason: 'EvictionThresholdMet', message: 'Attempting to reclaim memory', component: 'kubelet', host: n.ref.name, first: '-17m', last: '-3m', count: 6 });
      for (let i = 0; i < 2; i++) {
        const msg = "0/2 nodes are available: 1 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.";
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-15m'), unschedulable: { message: msg, at: w.iso('-15m') } }));
        ev(w, { regarding: p, reason: 'FailedScheduling', message: msg, component: 'default-scheduler', first: '-15m', last: '-30s', count: 9 });
      }
      kubernetesAlarm(w, w.objects.filter((o) => o.kind === 'Event' && o.reason === 'FailedScheduling')[0]!, 'deployment');
    },
  },

  // ------------------------------------------------------------------ node-not-ready
  {
    category: 'node-not-ready',
    slug: 'kubelet-stopped-posting-pods-terminating',
    now: '2026-02-09T16:16:16Z',
    title: 'A node stopped reporting 11 minutes ago (instance status check failed): conditions Unknown "Kubelet stopped posting node status.", unreachable taints, its pods marked for deletion and stuck Terminating.',
    build(w) {
      const nodes = cluster(w, 3);
      const n = nodes[0]!;
      sickNode(w, n, { lost: { since: w.iso('-10m20s'), heartbeat: w.iso('-11m02s') }, taints: [taint('node.kubernetes.io/unreachable', 'NoSchedule', undefined, w.iso('-10m20s')), taint('node.kubernetes.io/unreachable', 'NoExecute', undefined, w.iso('-10m20s'))] });
      const t = appTemplate({ name: 'orders-api', partOf: 'shop', image: w.image('shop/orders-api', '7.31.4'), requests: { cpu: '500m', memory: '1Gi' } });
      const d = simpleDeploy(w, { ns: 'shop', name: 'orders-api', template: t, replicas: 3, ready: 2 });
      const lost = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-4d'), node: n.ref, deletionTimestamp: w.iso('-5m20s'), readyChangedAt: w.iso('-10m20s'), statuses: [{ state: running(w.iso('-4d')), ready: false, restartCount: 0 }], extraConditions: [{ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: w.iso('-5m20s'), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' }] }));
      for (let i = 1; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-4d'), node: nodes[i]!.ref }));
      w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-5m19s'), node: nodes[1]!.ref }));
      ev(w, { regarding: n.obj, reason: 'NodeNotReady', message: `Node ${n.ref.name} status is now: NodeNotReady`, type: 'Normal', component: 'node-controller', first: '-10m20s' });
      ev(w, { regarding: lost, reason: 'NodeNotReady', message: 'Node is not ready', component: 'node-controller', first: '-10m20s' });
      ev(w, { regarding: lost, reason: 'TaintManagerEviction', message: `Marking for deletion Pod shop/${(lost.metadata as { name: string }).name}`, type: 'Normal', component: 'taint-eviction-controller', first: '-5m20s' });
      cloudwatchAlarm(w, { alarmName: 'eks-node-status-check-failed', metricName: 'StatusCheckFailed', namespace: 'AWS/EC2', dimensions: { InstanceId: 'i-0f9e8d7c6b5a43210' }, threshold: 0, recent: [1, 1], startsAt: '-9m', kind: 'node', statistic: 'Maximum', target: { kind: 'Node', name: n.ref.name } });
    },
  },
  {
    category: 'node-not-ready',
    slug: 'pleg-not-healthy',
    now: '2026-04-30T08:30:00Z',
    title: 'containerd hangs on one node; the kubelet reports Ready False "PLEG is not healthy: pleg was last seen active 3m12.5s ago; threshold is 3m0s" and pods there stop updating.',
    eventView: 'events.k8s.io/v1',
    build(w) {
      const nodes = cluster(w, 3);
      const n = nodes[2]!;
      sickNode(w, n, { ready: { status: 'False', reason: 'KubeletNotReady', message: 'PLEG is not healthy: pleg was last seen active 3m12.5s ago; threshold is 3m0s', since: w.iso('-6m') }, heartbeat: w.iso('-8s'), taints: [taint('node.kubernetes.io/not-ready', 'NoSchedule', undefined, w.iso('-6m')), taint('node.kubernetes.io/not-ready', 'NoExecute', undefined, w.iso('-6m'))] });
      const t = appTemplate({ name: 'pricing-service', partOf: 'catalog', image: w.image('catalog/pricing-service', '5.3.9'), requests: { cpu: '500m', memory: '768Mi' } });
      const d = simpleDeploy(w, { ns: 'catalog', name: 'pricing-service', template: t, replicas: 3, ready: 2 });
      for (let i = 0; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-9d'), node: nodes[i]!.ref, readyChangedAt: i === 2 ? w.iso('-6m') : w.iso('-9d'), statuses: [{ state: running(w.iso('-9d')), ready: i !== 2, restartCount: 0 }] }));
      ev(w, { regarding: n.obj, reason: 'NodeNotReady', message: `Node ${n.ref.name} status is now: NodeNotReady`, type: 'Normal', component: 'kubelet', host: n.ref.name, first: '-6m' });
      alertmanagerAlarm(w, { alertname: 'KubeNodeNotReady', severity: 'warning', kind: 'node', startsAt: '-1m', labels: { node: n.ref.name, condition: 'Ready', status: 'false', job: 'kube-state-metrics' }, summary: 'Node is not ready.', description: `${n.ref.name} has been unready for more than 15 minutes.`, target: { kind: 'Node', name: n.ref.name } });
    },
  },
  {
    category: 'node-not-ready',
    slug: 'cni-not-initialized-readiness-events',
    now: '2026-08-03T13:30:03Z',
    title: 'After a kernel update a node comes back with the CNI not initialized: Ready False "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady …"; the pods on it report readiness probe failures.',
    misleading: 'The pods on the node show "Readiness probe failed … no route to host" Warnings (probe-failure look); every failing pod is on the one node whose Ready condition is False for a network plugin reason, so the node is what a fix targets.',
    build(w) {
      const nodes = cluster(w, 3);
      const n = nodes[1]!;
      sickNode(w, n, { ready: { status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized', since: w.iso('-12m') }, heartbeat: w.iso('-15s'), taints: [taint('node.kubernetes.io/not-ready', 'NoSchedule', undefined, w.iso('-12m')), taint('node.kubernetes.io/not-ready', 'NoExecute', undefined, w.iso('-12m'))] });
      const t = appTemplate({ name: 'notifications', partOf: 'messaging', image: w.image('messaging/notifications', '3.0.2'), requests: { cpu: '100m', memory: '256Mi' } });
      const d = simpleDeploy(w, { ns: 'messaging', name: 'notifications', template: t, replicas: 3, ready: 2 });
      for (let i = 0; i < 3; i++) {
        const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-2d'), node: nodes[i]!.ref, readyChangedAt: i === 1 ? w.iso('-12m') : w.iso('-2d'), statuses: [{ state: running(w.iso('-2d')), ready: i !== 1, restartCount: 0 }] }));
        if (i === 1) kubelet(w, p, 'Unhealthy', `Readiness probe failed: Get "http://${(p.status as { podIP: string }).podIP}:8080/healthz": dial tcp ${(p.status as { podIP: string }).podIP}:8080: connect: no route to host`, '-12m', '-20s', 70);
      }
      ev(w, { regarding: n.obj, reason: 'NodeNotReady', message: `Node ${n.ref.name} status is now: NodeNotReady`, type: 'Normal', component: 'node-controller', first: '-12m' });
      ev(w, { regarding: n.obj, reason: 'Rebooted', message: `Node ${n.ref.name} has been rebooted, boot id: 8f2c1e4a-6b3d-4c5e-9a7f-0b1d2e3f4a5b`, component: 'kubelet', host: n.ref.name, first: '-13m' });
      kubernetesAlarm(w, w.objects.find((o) => o.kind === 'Event' && o.reason === 'Unhealthy')!, 'unknown');
    },
  },
  {
    category: 'node-not-ready',
    slug: 'node-lost-statefulset-multi-attach',
    now: '2026-11-15T01:15:00Z',
    title: 'A node was lost (network partition); zookeeper-0 on it was force-deleted and its replacement on another node cannot attach the RWO volume ("Multi-Attach error") because the dead node still holds it.',
    misleading: 'The most recent Warning is a Multi-Attach error (volume-issue look); the volume is held by the node that stopped reporting, Unknown for 20 minutes, which is the earliest link and what the fix targets.',
    build(w) {
      const nodes = cluster(w, 3);
      const n = nodes[0]!;
      sickNode(w, n, { lost: { since: w.iso('-20m'), heartbeat: w.iso('-20m41s') }, taints: [taint('node.kubernetes.io/unreachable', 'NoSchedule', undefined, w.iso('-20m')), taint('node.kubernetes.io/unreachable', 'NoExecute', undefined, w.iso('-20m'))] });
      const t = appTemplate({ name: 'zookeeper', partOf: 'streaming', image: 'docker.io/library/zookeeper:3.9.3', port: 2181, requests: { cpu: '250m', memory: '1Gi' }, probes: 'none', mounts: [{ name: 'data', mountPath: '/data' }] });
      const s = statefulSet(w, { ns: 'streaming', name: 'zookeeper', selector: t.labels, template: t, replicas: 3, ready: 2, createdAt: w.iso('-400d') });
      const old = pod(w, { owner: s.owner, ordinal: 0, createdAt: w.iso('-30d'), node: n.ref, deletionTimestamp: w.iso('-15m'), readyChangedAt: w.iso('-20m'), statuses: [{ state: running(w.iso('-30d')), ready: false }] });
      // the old zookeeper-0 was force-deleted at -5m (not listed any more); its replacement waits for the volume
      const fresh = w.add(pod(w, { owner: s.owner, ordinal: 0, createdAt: w.iso('-4m50s'), node: nodes[1]!.ref, readyChangedAt: w.iso('-4m50s'), statuses: [{ state: waiting('ContainerCreating'), ready: false, restartCount: 0 }] }));
      for (let i = 1; i < 3; i++) w.add(pod(w, { owner: s.owner, ordinal: i, createdAt: w.iso('-30d'), node: nodes[i]!.ref }));
      ev(w, { regarding: n.obj, reason: 'NodeNotReady', message: `Node ${n.ref.name} status is now: NodeNotReady`, type: 'Normal', component: 'node-controller', first: '-20m' });
      ev(w, { regarding: old, reason: 'NodeNotReady', message: 'Node is not ready', component: 'node-controller', first: '-20m' });
      ev(w, { regarding: old, reason: 'TaintManagerEviction', message: 'Marking for deletion Pod streaming/zookeeper-0', type: 'Normal', component: 'taint-eviction-controller', first: '-15m' });
      ev(w, { regarding: fresh, reason: 'FailedAttachVolume', message: 'Multi-Attach error for volume "pvc-0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a" Volume is already exclusively attached to one node and can\'t be attached to another', component: 'attachdetach-controller', first: '-4m48s', last: '-4m48s', count: 1 });
      kubelet(w, fresh, 'FailedMount', 'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data], failed to process volumes=[]: timed out waiting for the condition', '-2m45s', '-45s', 2);
      manualAlarm(w, { name: 'zookeeper quorum degraded', description: 'zk-0 gone, 2/3 members', target: { namespace: 'streaming', kind: 'StatefulSet', name: 'zookeeper' }, startsAt: '-12m', user: 'streaming-oncall' });
    },
  },
];
