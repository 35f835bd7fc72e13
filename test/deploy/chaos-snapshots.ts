/**
 * Builds, for each chaos scenario, the incident snapshot a cluster would show once the failure
 * has happened: the scenario's own objects and pod specs, read from chaos/<name>/<name>.yaml,
 * wrapped in the status, events, logs and time series the kubelet, scheduler and Prometheus
 * would report. test/deploy/chaos-diagnosis.test.ts checks the stored fixtures in
 * test/fixtures/chaos/ against this builder (so they follow the YAML) and diagnoses them.
 * Nothing here reads the clock: every time is relative to CAPTURED_AT.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { ContainerLog, KubeObject, MetricSeries, Snapshot, SnapshotAlarm } from '../../src/domain/snapshot.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CAPTURED_AT = '2026-11-23T10:00:00Z';
const NOW = Date.parse(CAPTURED_AT) / 1000;

type Json = Record<string, unknown>;
type Obj = KubeObject & Json;

/** RFC 3339 (second precision, Z) for NOW + offset seconds. */
export function at(offsetSeconds: number): string {
  return new Date((NOW + offsetSeconds) * 1000).toISOString().replace('.000Z', 'Z');
}

export function loadScenario(name: string): Obj[] {
  const text = readFileSync(`${REPO_ROOT}chaos/${name}/${name}.yaml`, 'utf8');
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

function find(objects: readonly Obj[], kind: string, name?: string): Obj {
  const found = objects.find((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (!found) throw new Error(`chaos YAML has no ${kind}${name ? ` named ${name}` : ''}`);
  return found;
}

/** A stable fake uid derived from a name, so fixtures do not change from run to run. */
function uid(seed: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${seed}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-8${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

function meta(o: Obj): { name: string; namespace: string; labels: Record<string, string> } {
  const m = o.metadata ?? {};
  return { name: String(m.name), namespace: String(m.namespace ?? ''), labels: { ...(m.labels ?? {}) } };
}

/** The object as the API server would return it: uid, creationTimestamp, resourceVersion. */
function stored(o: Obj, createdOffset: number, extra: Json = {}): Obj {
  const m = meta(o);
  return {
    ...o,
    metadata: {
      ...o.metadata,
      uid: uid(`${o.kind}/${m.namespace}/${m.name}`),
      resourceVersion: '48100',
      creationTimestamp: at(createdOffset),
    },
    ...extra,
  };
}

type Template = { metadata?: { labels?: Record<string, string> }; spec: Json & { containers: Json[] } };

function templateOf(workload: Obj): Template {
  const spec = workload.spec as { template: Template };
  return spec.template;
}

const HASHES: Record<string, string> = {};
function templateHash(name: string): string {
  HASHES[name] ??= uid(`hash/${name}`).replace(/-/g, '').slice(0, 10).replace(/[013]/g, 'b');
  return HASHES[name];
}

function replicaSetFor(deployment: Obj, createdOffset: number, replicas: number, ready: number): Obj {
  const d = meta(deployment);
  const hash = templateHash(d.name);
  const template = templateOf(deployment);
  const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
  const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: d.name, uid: uid(`Deployment/${d.namespace}/${d.name}`), controller: true, blockOwnerDeletion: true };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${d.name}-${hash}`,
      namespace: d.namespace,
      uid: uid(`ReplicaSet/${d.namespace}/${d.name}-${hash}`),
      resourceVersion: '48110',
      creationTimestamp: at(createdOffset),
      labels,
      annotations: { 'deployment.kubernetes.io/revision': '1', 'deployment.kubernetes.io/desired-replicas': String(replicas) },
      ownerReferences: [owner],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...((deployment.spec as { selector: { matchLabels: Json } }).selector.matchLabels), 'pod-template-hash': hash } },
      template: { ...template, metadata: { ...template.metadata, labels } },
    },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 },
  };
}

function deploymentStatus(deployment: Obj, createdOffset: number, ready: number, progressing: { status: string; reason: string; message: string }): Obj {
  const replicas = Number((deployment.spec as { replicas?: number }).replicas ?? 1);
  const name = meta(deployment).name;
  const conditions = [
    ready >= replicas
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: at(createdOffset + 5), lastTransitionTime: at(createdOffset + 5) }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: at(createdOffset), lastTransitionTime: at(createdOffset) },
    { type: 'Progressing', ...progressing, lastUpdateTime: at(createdOffset + 5), lastTransitionTime: at(createdOffset) },
  ];
  return stored(deployment, createdOffset, {
    metadata: {
      ...deployment.metadata,
      uid: uid(`Deployment/${meta(deployment).namespace}/${name}`),
      resourceVersion: '48120',
      creationTimestamp: at(createdOffset),
      generation: 1,
      annotations: { 'deployment.kubernetes.io/revision': '1' },
    },
    status: {
      observedGeneration: 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(ready < replicas ? { unavailableReplicas: replicas - ready } : {}),
      conditions,
    },
  });
}

export const NODES = ['ip-10-0-1-21.eu-west-1.compute.internal', 'ip-10-0-2-31.eu-west-1.compute.internal', 'ip-10-0-3-17.eu-west-1.compute.internal'];

/** A worker node (4 CPU, 16 GiB, 80 GiB disk); `pressure` turns DiskPressure on. */
function node(name: string, createdOffset: number, diskPressure = false): Obj {
  const condition = (type: string, status: string, reason: string, message: string, since: number) => ({
    type,
    status,
    lastHeartbeatTime: at(-20),
    lastTransitionTime: at(since),
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      uid: uid(`Node/${name}`),
      resourceVersion: '48001',
      creationTimestamp: at(createdOffset),
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'm6i.xlarge',
        'topology.kubernetes.io/zone': 'eu-west-1a',
      },
    },
    spec: {
      providerID: `aws:///eu-west-1a/i-0${uid(name).replace(/-/g, '').slice(0, 16)}`,
      ...(diskPressure ? { taints: [{ key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule', timeAdded: at(-240) }] } : {}),
    },
    status: {
      capacity: { cpu: '4', memory: '16068680Ki', pods: '58', 'ephemeral-storage': '83873772Ki' },
      allocatable: { cpu: '3920m', memory: '15378504Ki', pods: '58', 'ephemeral-storage': '76224326324' },
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', createdOffset),
        diskPressure
          ? condition('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure', -240)
          : condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', createdOffset),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', createdOffset),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', createdOffset),
      ],
      nodeInfo: {
        machineID: uid(`machine/${name}`).replace(/-/g, ''),
        systemUUID: `ec2${uid(`system/${name}`).slice(3)}`,
        bootID: uid(`boot/${name}`),
        kernelVersion: '6.1.147-172.266.amzn2023.x86_64',
        osImage: 'Amazon Linux 2023.8.20250915',
        containerRuntimeVersion: 'containerd://1.7.27',
        kubeletVersion: 'v1.33.5-eks-113cf36',
        kubeProxyVersion: 'v1.33.5-eks-113cf36',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

interface PodOptions {
  readonly owner: Obj;
  readonly suffix: string;
  readonly createdOffset: number;
  readonly nodeName?: string;
  readonly status: Json;
}

/** A pod of `owner` (Deployment via its ReplicaSet, or Job) with the owner's template spec. */
function podOf({ owner, suffix, createdOffset, nodeName, status }: PodOptions): Obj {
  const o = meta(owner);
  const template = templateOf(owner);
  const isJob = owner.kind === 'Job';
  const hash = templateHash(o.name);
  const name = isJob ? `${o.name}-${suffix}` : `${o.name}-${hash}-${suffix}`;
  const ownerRef = isJob
    ? { apiVersion: 'batch/v1', kind: 'Job', name: o.name, uid: uid(`Job/${o.namespace}/${o.name}`), controller: true, blockOwnerDeletion: true }
    : { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${o.name}-${hash}`, uid: uid(`ReplicaSet/${o.namespace}/${o.name}-${hash}`), controller: true, blockOwnerDeletion: true };
  const labels = isJob
    ? { ...(template.metadata?.labels ?? {}), 'batch.kubernetes.io/job-name': o.name, 'job-name': o.name, 'batch.kubernetes.io/controller-uid': ownerRef.uid, 'controller-uid': ownerRef.uid }
    : { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
  const spec = template.spec;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: isJob ? `${o.name}-` : `${o.name}-${hash}-`,
      namespace: o.namespace,
      uid: uid(`Pod/${o.namespace}/${name}`),
      resourceVersion: '48200',
      creationTimestamp: at(createdOffset),
      labels,
      ownerReferences: [ownerRef],
    },
    spec: {
      ...spec,
      containers: spec.containers.map((c) => ({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...c })),
      restartPolicy: spec.restartPolicy ?? 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      enableServiceLinks: true,
      priority: 0,
      ...(nodeName ? { nodeName } : {}),
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status,
  };
}

function containerOf(workload: Obj, index = 0): Json & { name: string; image: string; resources?: { limits?: Json; requests?: Json } } {
  const c = templateOf(workload).spec.containers[index];
  if (!c) throw new Error(`no container ${index} in ${meta(workload).name}`);
  return c as Json & { name: string; image: string };
}

function envOf(workload: Obj, name: string): string {
  const env = (containerOf(workload).env ?? []) as { name: string; value?: string }[];
  const found = env.find((e) => e.name === name)?.value;
  if (found === undefined) throw new Error(`container env ${name} not set in the chaos YAML`);
  return found;
}

/** Kubernetes quantity → number (bytes, or cores for CPU). */
export function quantity(q: string): number {
  const m = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(q);
  if (!m) throw new Error(`cannot read quantity ${q}`);
  const factor: Record<string, number> = { m: 1e-3, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9 };
  return Number(m[1]) * (m[2] ? (factor[m[2]] ?? 1) : 1);
}

function conditions(ready: boolean, since: number, scheduled = true, unschedulableMessage?: string): Json[] {
  if (!scheduled) {
    return [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: at(since), reason: 'Unschedulable', message: unschedulableMessage }];
  }
  const notReady = { status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [app]' };
  return [
    { type: 'PodReadyToStartContainers', status: 'True', lastProbeTime: null, lastTransitionTime: at(since + 2) },
    { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: at(since) },
    { type: 'Ready', ...(ready ? { status: 'True' } : notReady), lastProbeTime: null, lastTransitionTime: at(since + 3) },
    { type: 'ContainersReady', ...(ready ? { status: 'True' } : notReady), lastProbeTime: null, lastTransitionTime: at(since + 3) },
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at(since) },
  ];
}

function containerStatus(workload: Obj, fields: Json, index = 0): Json {
  const c = containerOf(workload, index);
  const image = c.image.includes('/') ? `docker.io/${c.image}` : `docker.io/library/${c.image}`;
  return {
    name: c.name,
    image: c.image,
    imageID: `${image.split(':')[0]}@sha256:${uid(c.image).replace(/-/g, '').padEnd(64, 'a').slice(0, 64)}`,
    containerID: `containerd://${uid(`${meta(workload).name}/${JSON.stringify(fields).length}`).replace(/-/g, '').padEnd(64, 'c').slice(0, 64)}`,
    ...(c.resources ? { resources: c.resources } : {}),
    ...fields,
  };
}

let eventCounter = 0;
/** A core/v1 Event as `kubectl get events -o json` prints it. */
function event(involved: Obj, reason: string, message: string, opts: { type?: string; count?: number; first: number; last?: number; component?: string; host?: string; fieldPath?: string }): Obj {
  const m = meta(involved);
  const name = `${m.name}.${(0x18ea54cb34f00000 + ++eventCounter * 0x1f3).toString(16)}`;
  const component = opts.component ?? 'kubelet';
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: m.namespace || 'default', uid: uid(`Event/${name}/${reason}`), resourceVersion: '48300', creationTimestamp: at(opts.first) },
    involvedObject: {
      kind: involved.kind,
      ...(m.namespace ? { namespace: m.namespace } : {}),
      name: m.name,
      uid: (involved.metadata as { uid?: string }).uid,
      apiVersion: involved.apiVersion,
      ...(opts.fieldPath ? { fieldPath: opts.fieldPath } : {}),
    },
    reason,
    message,
    source: { component, ...(opts.host ? { host: opts.host } : {}) },
    firstTimestamp: at(opts.first),
    lastTimestamp: at(opts.last ?? opts.first),
    count: opts.count ?? 1,
    type: opts.type ?? 'Warning',
    eventTime: null,
    reportingComponent: component,
    reportingInstance: opts.host ?? '',
  };
}

/** `count` points every `step` seconds ending at NOW, value from f(t) with t = seconds before NOW (negative). */
function series(name: string, query: string, labels: Record<string, string>, unit: MetricSeries['unit'], step: number, count: number, f: (t: number, i: number) => number): MetricSeries {
  const points: [number, number][] = [];
  for (let i = 0; i < count; i++) {
    const t = -(count - 1 - i) * step;
    points.push([NOW + t, Math.round(f(t, i) * 1e6) / 1e6]);
  }
  return { source: 'prometheus', name, query, labels, unit, points };
}

/** A small deterministic wobble in [-1, 1], so series do not look synthetic-flat. */
function wobble(i: number): number {
  return Math.sin(i * 1.7) * 0.6 + Math.sin(i * 0.37) * 0.4;
}

function alarm(source: SnapshotAlarm['source'], name: string, kind: SnapshotAlarm['kind'], workload: Obj, startsAt: number, description: string, severity: SnapshotAlarm['severity'] = 'warning'): SnapshotAlarm {
  const m = meta(workload);
  return {
    source,
    name,
    kind,
    severity,
    target: { ...(m.namespace ? { namespace: m.namespace } : {}), kind: String(workload.kind), name: m.name },
    startsAt: at(startsAt),
    description,
    raw: { labels: { alertname: name, namespace: m.namespace, 'triaged.dev/chaos': m.labels['triaged.dev/chaos'] ?? '' } },
  };
}

function snapshot(parts: { alarm: SnapshotAlarm; objects: Obj[]; logs?: ContainerLog[]; metrics?: MetricSeries[] }): Snapshot {
  return {
    version: 1,
    capturedAt: CAPTURED_AT,
    alarm: parts.alarm,
    kubernetes: { objects: parts.objects, logs: parts.logs ?? [] },
    metrics: parts.metrics ?? [],
  };
}

/** Scenario objects other than Pods' owners (Namespace, ConfigMap, Service) as stored. */
function others(objects: readonly Obj[], createdOffset: number): Obj[] {
  return objects.filter((o) => ['Namespace', 'ConfigMap', 'Service'].includes(String(o.kind))).map((o) => stored(o, createdOffset));
}

// ---------------------------------------------------------------------------------------------

function memoryLeak(): Snapshot {
  const objects = loadScenario('memory-leak');
  const deploy = find(objects, 'Deployment', 'leaky-cache');
  const c = containerOf(deploy);
  const limit = quantity(String(c.resources?.limits?.memory));
  const bytesPerSecond = (Number(envOf(deploy, 'LEAK_MIB')) * 1024 ** 2 * 1000) / Number(envOf(deploy, 'LEAK_INTERVAL_MS'));
  const baseline = 46 * 1024 ** 2; // node:24-alpine with an empty cache
  const cycle = Math.floor((limit - baseline) / bytesPerSecond); // seconds from start to OOM kill
  const killedAt = -Math.round(cycle * 0.45); // the current container started here (after the OOM kill)
  const created = killedAt - cycle - 20;
  const rs = replicaSetFor(deploy, created, 1, 1);
  const pod = podOf({
    owner: deploy,
    suffix: 'k7x2p',
    createdOffset: created,
    nodeName: NODES[0],
    status: {
      phase: 'Running',
      conditions: conditions(true, created),
      hostIP: '10.0.1.21',
      podIP: '10.0.1.143',
      startTime: at(created),
      qosClass: 'Burstable',
      containerStatuses: [
        containerStatus(deploy, {
          state: { running: { startedAt: at(killedAt + 1) } },
          lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: at(created + 3), finishedAt: at(killedAt) } },
          ready: true,
          restartCount: 1,
          started: true,
        }),
      ],
    },
  });
  const podName = String(pod.metadata?.name);
  const labels = { namespace: meta(deploy).namespace, pod: podName, container: c.name };
  const workingSet = series(
    'container_memory_working_set_bytes',
    `container_memory_working_set_bytes{namespace="${labels.namespace}",pod="${podName}",container="${c.name}"}`,
    labels,
    'bytes',
    30,
    Math.floor((-created - 10) / 30),
    (t, i) => {
      const since = t >= killedAt ? t - killedAt : t - (created + 3);
      return Math.min(limit - 1024 ** 2, baseline + since * bytesPerSecond + wobble(i) * 256 * 1024);
    },
  );
  const current = workingSet.points.at(-1)?.[1] ?? 0;
  return snapshot({
    alarm: alarm('alertmanager', 'ContainerMemoryNearLimit', 'memory', deploy, -120, `leaky-cache/app working set above 80% of its ${c.resources?.limits?.memory} limit`),
    objects: [
      ...others(objects, created - 10),
      deploymentStatus(deploy, created, 1, { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata?.name}" has successfully progressed.` }),
      rs,
      pod,
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: { name: podName, namespace: labels.namespace, creationTimestamp: at(5), labels: pod.metadata?.labels },
        timestamp: at(-12),
        window: '15.004s',
        containers: [{ name: c.name, usage: { cpu: '2113457n', memory: `${Math.round(current / 1024)}Ki` } }],
      },
      event(pod, 'Pulled', `Container image "${c.image}" already present on machine`, { type: 'Normal', first: killedAt + 1, host: NODES[0], fieldPath: `spec.containers{${c.name}}` }),
      event(pod, 'Started', `Started container ${c.name}`, { type: 'Normal', first: killedAt + 1, count: 2, host: NODES[0], fieldPath: `spec.containers{${c.name}}` }),
    ],
    logs: [
      {
        namespace: labels.namespace,
        pod: podName,
        container: c.name,
        previous: true,
        text: Array.from({ length: 8 }, (_, i) => {
          const entries = Math.floor(cycle / 5) - 7 + i;
          return JSON.stringify({ msg: 'cache grew', entries, rssMiB: 44 + entries });
        }).join('\n'),
      },
    ],
    metrics: [workingSet],
  });
}

function cpuStress(): Snapshot {
  const objects = loadScenario('cpu-stress');
  const deploy = find(objects, 'Deployment', 'busy-hasher');
  const c = containerOf(deploy);
  const limit = quantity(String(c.resources?.limits?.cpu));
  const created = -1500;
  const rs = replicaSetFor(deploy, created, 1, 1);
  const pod = podOf({
    owner: deploy,
    suffix: 'q4m8d',
    createdOffset: created,
    nodeName: NODES[1],
    status: {
      phase: 'Running',
      conditions: conditions(true, created),
      hostIP: '10.0.2.31',
      podIP: '10.0.2.77',
      startTime: at(created),
      qosClass: 'Burstable',
      containerStatuses: [containerStatus(deploy, { state: { running: { startedAt: at(created + 4) } }, lastState: {}, ready: true, restartCount: 0, started: true })],
    },
  });
  const podName = String(pod.metadata?.name);
  const labels = { namespace: meta(deploy).namespace, pod: podName, container: c.name };
  const sel = `namespace="${labels.namespace}",pod="${podName}",container="${c.name}"`;
  return snapshot({
    alarm: alarm('alertmanager', 'CPUThrottlingHigh', 'cpu', deploy, -600, `${Math.round(92)}% throttling of CPU in namespace ${labels.namespace} for container ${c.name} in pod ${podName}`, 'info'),
    objects: [
      ...others(objects, created - 10),
      deploymentStatus(deploy, created, 1, { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata?.name}" has successfully progressed.` }),
      rs,
      pod,
      {
        apiVersion: 'metrics.k8s.io/v1beta1',
        kind: 'PodMetrics',
        metadata: { name: podName, namespace: labels.namespace, creationTimestamp: at(5), labels: pod.metadata?.labels },
        timestamp: at(-9),
        window: '15.012s',
        containers: [{ name: c.name, usage: { cpu: `${Math.round(limit * 0.993 * 1e9)}n`, memory: '41236Ki' } }],
      },
    ],
    logs: [
      {
        namespace: labels.namespace,
        pod: podName,
        container: c.name,
        previous: false,
        text: ['busy-hasher started: 2 threads', ...Array.from({ length: 6 }, (_, i) => JSON.stringify({ msg: 'throughput', hashesPerSecond: 21000 + Math.round(wobble(i) * 900) }))].join('\n'),
      },
    ],
    metrics: [
      series('container_cpu_usage_seconds_total', `sum(rate(container_cpu_usage_seconds_total{${sel}}[5m]))`, labels, 'cores', 60, 20, (_t, i) => limit * (0.985 + wobble(i) * 0.01)),
      // What CPUThrottlingHigh divides: throttled periods per second over periods per second
      // (the CFS period is 100 ms, so 10 periods a second while the container runs).
      series('container_cpu_cfs_throttled_periods_total', `sum(rate(container_cpu_cfs_throttled_periods_total{${sel}}[5m]))`, labels, 'count', 60, 20, (_t, i) => 10 * (0.92 + wobble(i) * 0.03)),
      series('container_cpu_cfs_periods_total', `sum(rate(container_cpu_cfs_periods_total{${sel}}[5m]))`, labels, 'count', 60, 20, () => 10),
      series('kube_pod_container_resource_limits', `kube_pod_container_resource_limits{${sel},resource="cpu"}`, labels, 'cores', 60, 20, () => limit),
    ],
  });
}

function latency(): Snapshot {
  const objects = loadScenario('latency');
  const frontend = find(objects, 'Deployment', 'frontend');
  const backend = find(objects, 'Deployment', 'backend');
  const origin = find(objects, 'Deployment', 'origin');
  const created = -2400;
  const timeoutMs = Number(envOf(frontend, 'TIMEOUT_MS'));
  const delayMs = Number(envOf(backend, 'DELAY_MS'));
  const jitterMs = Number(envOf(backend, 'JITTER_MS'));
  const target = envOf(frontend, 'TARGET');
  const running = (workload: Obj, suffix: string, nodeIndex: number, ip: string): Obj =>
    podOf({
      owner: workload,
      suffix,
      createdOffset: created,
      nodeName: NODES[nodeIndex],
      status: {
        phase: 'Running',
        conditions: conditions(true, created),
        hostIP: `10.0.${nodeIndex + 1}.21`,
        podIP: ip,
        startTime: at(created),
        qosClass: 'Burstable',
        containerStatuses: [containerStatus(workload, { state: { running: { startedAt: at(created + 5) } }, lastState: {}, ready: true, restartCount: 0, started: true })],
      },
    });
  const frontendPod = running(frontend, 'h2v9s', 0, '10.0.1.88');
  const backendPod = running(backend, 'p5r7t', 1, '10.0.2.45');
  const originPod = running(origin, 'm3n6w', 2, '10.0.3.19');
  const ns = meta(frontend).namespace;
  const frontendLog: string[] = [`frontend calling ${target} every ${envOf(frontend, 'INTERVAL_MS')} ms, timeout ${timeoutMs} ms`];
  for (let i = 0; i < 12; i++) {
    const wait = delayMs + Math.round(((wobble(i) + 1) / 2) * jitterMs);
    frontendLog.push(wait > timeoutMs ? JSON.stringify({ level: 'error', msg: `upstream GET ${target} timed out after ${timeoutMs} ms (ETIMEDOUT)` }) : JSON.stringify({ msg: 'upstream ok', status: 200, ms: wait + 4 }));
  }
  const backendLog = Array.from({ length: 8 }, (_, i) => JSON.stringify({ msg: 'proxied', path: '/', addedDelayMs: delayMs + Math.round(((wobble(i + 3) + 1) / 2) * jitterMs) }));
  const sel = (w: Obj, pod: Obj) => ({ namespace: ns, pod: String(pod.metadata?.name), container: containerOf(w).name });
  const fLabels = sel(frontend, frontendPod);
  return snapshot({
    alarm: alarm('alertmanager', 'HighRequestLatency', 'latency', frontend, -300, `frontend p99 request latency above 1s for 5m (upstream ${target})`),
    objects: [
      ...others(objects, created - 10),
      ...[frontend, backend, origin].flatMap((w) => [
        deploymentStatus(w, created, 1, { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${meta(w).name}-${templateHash(meta(w).name)}" has successfully progressed.` }),
        replicaSetFor(w, created, 1, 1),
      ]),
      frontendPod,
      backendPod,
      originPod,
      ...(
        [
          ['backend', backendPod],
          ['origin', originPod],
        ] as const
      ).map(([svc, pod]) => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${svc}-x8k2d`, namespace: ns, labels: { 'kubernetes.io/service-name': svc, 'triaged.dev/chaos': 'latency' }, creationTimestamp: at(created + 6) },
        addressType: 'IPv4',
        endpoints: [
          {
            addresses: [String((pod.status as Json).podIP)],
            conditions: { ready: true, serving: true, terminating: false },
            nodeName: String((pod.spec as Json).nodeName),
            targetRef: { kind: 'Pod', namespace: ns, name: String(pod.metadata?.name) },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      })),
    ],
    logs: [
      { namespace: ns, pod: fLabels.pod, container: fLabels.container, previous: false, text: frontendLog.join('\n') },
      { namespace: ns, pod: String(backendPod.metadata?.name), container: containerOf(backend).name, previous: false, text: backendLog.join('\n') },
    ],
    metrics: [
      series('container_cpu_usage_seconds_total', `sum(rate(container_cpu_usage_seconds_total{namespace="${ns}",pod="${fLabels.pod}",container="${fLabels.container}"}[5m]))`, fLabels, 'cores', 60, 20, (_t, i) => 0.004 + wobble(i) * 0.001),
      series('container_memory_working_set_bytes', `container_memory_working_set_bytes{namespace="${ns}",pod="${fLabels.pod}",container="${fLabels.container}"}`, fLabels, 'bytes', 60, 20, (_t, i) => 52 * 1024 ** 2 + wobble(i) * 300 * 1024),
    ],
  });
}

function nodePressure(): Snapshot {
  const objects = loadScenario('node-pressure');
  const job = find(objects, 'Job', 'disk-filler');
  const c = containerOf(job);
  const nodeName = NODES[1] ?? '';
  const created = -900;
  const evictedAt = -150;
  const pressured = node(nodeName, -86400 * 12, true);
  const ns = meta(job).namespace;
  const pod = podOf({
    owner: job,
    suffix: 'x9j4t',
    createdOffset: created,
    nodeName,
    status: {
      phase: 'Failed',
      reason: 'Evicted',
      message: `The node was low on resource: ephemeral-storage. Threshold quantity: 7622432632, available: 5873122Ki. Container ${c.name} was using 71204864Ki, request is 64Mi, has larger consumption of ephemeral-storage. `,
      conditions: [
        { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: at(evictedAt), reason: 'TerminationByKubelet', message: 'The node was low on resource: ephemeral-storage. Threshold quantity: 7622432632, available: 5873122Ki. ' },
        ...conditions(false, created).filter((cond) => cond.type !== 'Ready' && cond.type !== 'ContainersReady'),
        { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: at(evictedAt), reason: 'PodFailed' },
        { type: 'ContainersReady', status: 'False', lastProbeTime: null, lastTransitionTime: at(evictedAt), reason: 'PodFailed' },
      ],
      hostIP: '10.0.2.31',
      startTime: at(created),
      qosClass: 'Burstable',
      containerStatuses: [
        containerStatus(job, { state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: at(created + 3), finishedAt: at(evictedAt) } }, lastState: {}, ready: false, restartCount: 0, started: false }),
      ],
    },
  });
  const jobStored = stored(job, created, {
    status: {
      startTime: at(created),
      failed: 1,
      terminating: 0,
      ready: 0,
      uncountedTerminatedPods: {},
      conditions: [
        { type: 'FailureTarget', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: at(evictedAt + 2), lastTransitionTime: at(evictedAt + 2) },
        { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: at(evictedAt + 3), lastTransitionTime: at(evictedAt + 3) },
      ],
    },
  });
  const nodeRef = { ...pressured, metadata: { ...pressured.metadata, namespace: undefined } } as Obj;
  return snapshot({
    alarm: { ...alarm('kubernetes', 'EvictionThresholdMet', 'node', pressured, -240, 'Attempting to reclaim ephemeral-storage'), target: { kind: 'Node', name: nodeName } },
    objects: [
      ...others(objects, created - 10),
      pressured,
      ...NODES.filter((n) => n !== nodeName).map((n) => node(n, -86400 * 12)),
      jobStored,
      pod,
      event(nodeRef, 'EvictionThresholdMet', 'Attempting to reclaim ephemeral-storage', { first: -240, last: -150, count: 3, host: nodeName }),
      event(nodeRef, 'NodeHasDiskPressure', `Node ${nodeName} status is now: NodeHasDiskPressure`, { type: 'Normal', first: -240, host: nodeName }),
      event(pod, 'Evicted', `The node was low on resource: ephemeral-storage. Threshold quantity: 7622432632, available: 5873122Ki. Container ${c.name} was using 71204864Ki, request is 64Mi, has larger consumption of ephemeral-storage. `, { first: evictedAt, host: nodeName }),
      event(jobStored, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', { first: evictedAt + 2, component: 'job-controller' }),
    ],
    logs: [
      {
        namespace: ns,
        pod: String(pod.metadata?.name),
        container: c.name,
        previous: false,
        text: ['disk-filler: node filesystem 80.0G total, 44.1G free; target 8% free, floor 5%', 'disk-filler: wrote 36608 MiB, 9% free', 'disk-filler: wrote 36864 MiB, 8% free', 'disk-filler: holding 600s at 8% free'].join('\n'),
      },
    ],
    metrics: [
      series('node_filesystem_avail_bytes', `node_filesystem_avail_bytes{instance="${nodeName}",mountpoint="/"}`, { node: nodeName, mountpoint: '/' }, 'bytes', 60, 15, (t) => Math.max(5.6 * 1024 ** 3, 44.1 * 1024 ** 3 - (t + 840) * 62 * 1024 ** 2)),
    ],
  });
}

function crashLoop(): Snapshot {
  const objects = loadScenario('crash-loop');
  const deploy = find(objects, 'Deployment', 'order-worker');
  const c = containerOf(deploy);
  const created = -600;
  const rs = replicaSetFor(deploy, created, 1, 0);
  const pod = podOf({
    owner: deploy,
    suffix: 'b8c2f',
    createdOffset: created,
    nodeName: NODES[2],
    status: {
      phase: 'Running',
      conditions: conditions(false, created),
      hostIP: '10.0.3.17',
      podIP: '10.0.3.152',
      startTime: at(created),
      qosClass: 'Burstable',
      containerStatuses: [
        containerStatus(deploy, {
          state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=${c.name} pod=order-worker` } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(-97), finishedAt: at(-91) } },
          ready: false,
          restartCount: 5,
          started: false,
        }),
      ],
    },
  });
  const podName = String(pod.metadata?.name);
  const ns = meta(deploy).namespace;
  return snapshot({
    alarm: alarm('alertmanager', 'KubePodCrashLooping', 'crash', deploy, -300, `Pod ${ns}/${podName} (${c.name}) is in waiting state (reason: "CrashLoopBackOff").`),
    objects: [
      ...others(objects, created - 10),
      deploymentStatus(deploy, created, 0, { status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rs.metadata?.name}" has successfully progressed.` }),
      rs,
      pod,
      event(pod, 'Started', `Started container ${c.name}`, { type: 'Normal', first: created + 4, last: -97, count: 6, host: NODES[2], fieldPath: `spec.containers{${c.name}}` }),
      event(pod, 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podName}_${ns}(${String(pod.metadata?.uid)})`, { first: created + 30, last: -20, count: 24, host: NODES[2], fieldPath: `spec.containers{${c.name}}` }),
    ],
    logs: [
      {
        namespace: ns,
        pod: podName,
        container: c.name,
        previous: true,
        text: [
          'order-worker started, polling the order queue',
          'order 1 for customer c-1',
          'order 2 for customer c-2',
          'file:///chaos/worker.mjs:4',
          '      return `order ${order.id} for customer ${order.customer.id}`;',
          '                                                          ^',
          '',
          "TypeError: Cannot read properties of undefined (reading 'id')",
          '    at processOrder (file:///chaos/worker.mjs:4:59)',
          '    at Timeout._onTimeout (file:///chaos/worker.mjs:10:15)',
          '    at listOnTimeout (node:internal/timers:685:17)',
          '    at process.processTimers (node:internal/timers:618:7)',
          '',
          'Node.js v24.11.1',
        ].join('\n'),
      },
    ],
  });
}

function pendingPod(workload: Obj, suffix: string, created: number, nodeIndex: number, waiting: Json): Obj {
  return podOf({
    owner: workload,
    suffix,
    createdOffset: created,
    nodeName: NODES[nodeIndex],
    status: {
      phase: 'Pending',
      conditions: conditions(false, created),
      hostIP: `10.0.${nodeIndex + 1}.21`,
      podIP: `10.0.${nodeIndex + 1}.201`,
      startTime: at(created),
      qosClass: 'Burstable',
      containerStatuses: [containerStatus(workload, { state: { waiting }, lastState: {}, ready: false, restartCount: 0, started: false })],
    },
  });
}

function badImage(): Snapshot {
  const objects = loadScenario('bad-image');
  const deploy = find(objects, 'Deployment', 'typo-tag');
  const c = containerOf(deploy);
  const created = -480;
  const rs = replicaSetFor(deploy, created, 1, 0);
  const pod = pendingPod(deploy, 'w6t4z', created, 0, { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` });
  const ref = `docker.io/library/${c.image}`;
  const fieldPath = `spec.containers{${c.name}}`;
  const host = NODES[0];
  return snapshot({
    alarm: alarm('kubernetes', 'Failed', 'crash', deploy, created + 2, `Failed to pull image "${c.image}"`),
    objects: [
      ...others(objects, created - 10),
      deploymentStatus(deploy, created, 0, { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rs.metadata?.name}" is progressing.` }),
      rs,
      pod,
      event(pod, 'Scheduled', `Successfully assigned ${meta(deploy).namespace}/${String(pod.metadata?.name)} to ${host}`, { type: 'Normal', first: created, component: 'default-scheduler' }),
      event(pod, 'Pulling', `Pulling image "${c.image}"`, { type: 'Normal', first: created + 1, last: -200, count: 6, host, fieldPath }),
      event(pod, 'Failed', `Failed to pull image "${c.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`, { first: created + 2, last: -199, count: 6, host, fieldPath }),
      event(pod, 'Failed', 'Error: ErrImagePull', { first: created + 2, last: -199, count: 6, host, fieldPath }),
      event(pod, 'BackOff', `Back-off pulling image "${c.image}"`, { type: 'Normal', first: created + 3, last: -15, count: 31, host, fieldPath }),
      event(pod, 'Failed', 'Error: ImagePullBackOff', { first: created + 3, last: -15, count: 31, host, fieldPath }),
    ],
  });
}

function missingConfigMap(): Snapshot {
  const objects = loadScenario('missing-configmap');
  const deploy = find(objects, 'Deployment', 'settings-reader');
  const c = containerOf(deploy);
  const env = (c.env as { valueFrom?: { configMapKeyRef?: { name: string } } }[])[0];
  const missing = env?.valueFrom?.configMapKeyRef?.name;
  if (!missing) throw new Error('missing-configmap: the container no longer takes a ConfigMap key');
  const created = -420;
  const rs = replicaSetFor(deploy, created, 1, 0);
  const pod = pendingPod(deploy, 'r2d7k', created, 2, { reason: 'CreateContainerConfigError', message: `configmap "${missing}" not found` });
  const host = NODES[2];
  const fieldPath = `spec.containers{${c.name}}`;
  return snapshot({
    alarm: alarm('kubernetes', 'Failed', 'crash', deploy, created + 2, `Error: configmap "${missing}" not found`),
    objects: [
      ...others(objects, created - 10),
      deploymentStatus(deploy, created, 0, { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rs.metadata?.name}" is progressing.` }),
      rs,
      pod,
      event(pod, 'Scheduled', `Successfully assigned ${meta(deploy).namespace}/${String(pod.metadata?.name)} to ${host}`, { type: 'Normal', first: created, component: 'default-scheduler' }),
      event(pod, 'Pulled', `Container image "${c.image}" already present on machine`, { type: 'Normal', first: created + 1, last: -10, count: 35, host, fieldPath }),
      event(pod, 'Failed', `Error: configmap "${missing}" not found`, { first: created + 1, last: -10, count: 35, host, fieldPath }),
    ],
  });
}

function unschedulable(deploymentName: 'too-big' | 'no-such-node'): Snapshot {
  const objects = loadScenario('unschedulable');
  const deploy = find(objects, 'Deployment', deploymentName);
  const c = containerOf(deploy);
  const created = -360;
  const rs = replicaSetFor(deploy, created, 1, 0);
  const n = NODES.length;
  const message =
    deploymentName === 'too-big'
      ? `0/${n} nodes are available: ${n} Insufficient cpu. preemption: 0/${n} nodes are available: ${n} No preemption victims found for incoming pod.`
      : `0/${n} nodes are available: ${n} node(s) didn't match Pod's node affinity/selector. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`;
  if (deploymentName === 'too-big' && quantity(String(c.resources?.requests?.cpu)) <= 4) throw new Error('too-big no longer requests more CPU than a node has');
  const pod = podOf({
    owner: deploy,
    suffix: deploymentName === 'too-big' ? 'f5g8h' : 'j3k6l',
    createdOffset: created,
    status: { phase: 'Pending', conditions: conditions(false, created, false, message), qosClass: 'Guaranteed' },
  });
  return snapshot({
    alarm: alarm('kubernetes', 'FailedScheduling', 'unknown', deploy, created, message),
    objects: [
      ...others(objects, created - 10),
      ...NODES.map((name) => node(name, -86400 * 12)),
      deploymentStatus(deploy, created, 0, { status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rs.metadata?.name}" is progressing.` }),
      rs,
      pod,
      event(pod, 'FailedScheduling', message, { first: created, last: -60, count: 7, component: 'default-scheduler' }),
    ],
  });
}

/** Every chaos snapshot, by fixture file name (test/fixtures/chaos/<file>). */
export function buildChaosSnapshots(): Record<string, Snapshot> {
  eventCounter = 0;
  return {
    'memory-leak.snapshot.json': memoryLeak(),
    'cpu-stress.snapshot.json': cpuStress(),
    'latency.snapshot.json': latency(),
    'node-pressure.snapshot.json': nodePressure(),
    'crash-loop.snapshot.json': crashLoop(),
    'bad-image.snapshot.json': badImage(),
    'missing-configmap.snapshot.json': missingConfigMap(),
    'unschedulable.snapshot.json': unschedulable('too-big'),
    'unschedulable.no-such-node.snapshot.json': unschedulable('no-such-node'),
  };
}
