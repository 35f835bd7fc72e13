/**
 * Seeds for the fake API server: realistic Namespaces, Nodes, Deployments with their ReplicaSet
 * and Pods (full status), core/v1 Events, Services/Endpoints, metrics; `crashLoopingDeployment`
 * for the demo and `largeCluster` for the memory benchmark.
 */
import type { Controllers } from './controllers.js';
import { podTemplateHash } from './controllers.js';
import { ownerRef, randomSuffix, timestamp, type KubeObj } from './objects.js';
import { crashLoopPodStatus, runningPodStatus, type CrashState } from './pod-status.js';
import type { ObjectStore } from './store.js';

export interface SimCluster {
  readonly store: ObjectStore;
  readonly controllers?: Controllers | undefined;
}

export const CHAOS_LABEL = 'triaged.dev/chaos';
export const DEFAULT_NODE = 'ip-10-0-3-17.eu-west-1.compute.internal';

export function seedNamespace(store: ObjectStore, name: string, labels: Record<string, string> = {}): KubeObj {
  return (
    store.find('v1', 'Namespace', undefined, name) ??
    store.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    })
  );
}

export interface NodeOptions {
  readonly ready?: boolean;
  readonly unschedulable?: boolean;
  readonly cpu?: string;
  readonly memory?: string;
  readonly now?: number;
}

export function seedNode(store: ObjectStore, name: string, options: NodeOptions = {}): KubeObj {
  const at = timestamp(options.now ?? Date.now());
  const ready = options.ready ?? true;
  const capacity = { cpu: options.cpu ?? '4', memory: options.memory ?? '16181904Ki', pods: '110', 'ephemeral-storage': '83873772Ki' };
  const pressure = (type: string, reason: string, message: string) => ({ type, status: 'False', lastHeartbeatTime: at, lastTransitionTime: at, reason, message });
  return store.put({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'm6i.xlarge', 'topology.kubernetes.io/zone': 'eu-west-1a' },
    },
    spec: { providerID: `aws:///eu-west-1a/i-0${name.length}3f9c1e7a5b2d80`, ...(options.unschedulable ? { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } : {}) },
    status: {
      capacity,
      allocatable: { ...capacity, cpu: `${Number(capacity.cpu) * 1000 - 90}m` },
      conditions: [
        pressure('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        pressure('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        pressure('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        ready
          ? { type: 'Ready', status: 'True', lastHeartbeatTime: at, lastTransitionTime: at, reason: 'KubeletReady', message: 'kubelet is posting ready status' }
          : { type: 'Ready', status: 'Unknown', lastHeartbeatTime: at, lastTransitionTime: at, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' },
      ],
      addresses: [
        { type: 'InternalIP', address: '10.0.3.17' },
        { type: 'Hostname', address: name },
      ],
      nodeInfo: { kubeletVersion: 'v1.33.1-eks-1234567', containerRuntimeVersion: 'containerd://1.7.27', osImage: 'Amazon Linux 2023', architecture: 'amd64', operatingSystem: 'linux', kernelVersion: '6.1.132-147.221.amzn2023.x86_64' },
    },
  });
}

export interface DeploymentOptions {
  readonly namespace: string;
  readonly name: string;
  readonly replicas?: number;
  readonly image?: string;
  readonly containerName?: string;
  readonly env?: readonly { name: string; value: string }[];
  /** ConfigMaps the container takes its environment from (`envFrom[].configMapRef`). */
  readonly envFromConfigMaps?: readonly string[];
  readonly resources?: Record<string, Record<string, string>>;
  readonly labels?: Record<string, string>;
  /** The pods crash-loop with this exit code (137 reads as OOMKilled). */
  readonly crash?: CrashState;
  readonly revision?: number;
  readonly nodeName?: string;
  readonly now?: number;
}

export interface SeededDeployment {
  readonly deployment: KubeObj;
  readonly replicaSet: KubeObj;
  readonly pods: readonly KubeObj[];
}

/** A Deployment, its current ReplicaSet and its pods, as a cluster would hold them after a rollout. */
export function seedDeployment(store: ObjectStore, options: DeploymentOptions): SeededDeployment {
  const { namespace, name } = options;
  const now = options.now ?? Date.now();
  const replicas = options.replicas ?? 1;
  const selector = { 'app.kubernetes.io/name': name };
  const labels = { ...selector, ...options.labels };
  const container = options.containerName ?? 'app';
  const template = {
    metadata: { labels },
    spec: {
      containers: [
        {
          name: container,
          image: options.image ?? `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${namespace}/${name}:1.0.0`,
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          ...(options.env ? { env: options.env } : {}),
          ...(options.envFromConfigMaps ? { envFrom: options.envFromConfigMaps.map((name) => ({ configMapRef: { name } })) } : {}),
          resources: options.resources ?? { limits: { memory: '256Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
          imagePullPolicy: 'IfNotPresent',
        },
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
    },
  };
  const hash = podTemplateHash(template);
  const revision = String(options.revision ?? 1);
  seedNamespace(store, namespace);
  const deployment = store.put({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels, annotations: { 'deployment.kubernetes.io/revision': revision } },
    spec: {
      replicas,
      selector: { matchLabels: selector },
      template,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  });
  const rsTemplate = { ...template, metadata: { labels: { ...labels, 'pod-template-hash': hash } } };
  const replicaSet = store.put({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      labels: rsTemplate.metadata.labels,
      annotations: { 'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + 1), 'deployment.kubernetes.io/revision': revision },
      ownerReferences: [ownerRef(deployment)],
    },
    spec: { replicas, selector: { matchLabels: { ...selector, 'pod-template-hash': hash } }, template: rsTemplate },
  });
  const pods: KubeObj[] = [];
  for (let i = 0; i < replicas; i += 1) {
    const pod = store.put({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${replicaSet.metadata.name}-${randomSuffix()}`, namespace, labels: rsTemplate.metadata.labels, ownerReferences: [ownerRef(replicaSet)] },
      spec: { ...structuredClone(template.spec), nodeName: options.nodeName ?? DEFAULT_NODE },
    });
    const status = options.crash ? crashLoopPodStatus(pod, now, options.crash) : runningPodStatus(pod, now);
    pods.push(store.put({ ...pod, status }));
  }
  return { deployment, replicaSet, pods };
}

export interface WarningEventOptions {
  readonly namespace: string;
  readonly involvedObject: { readonly kind: string; readonly name: string; readonly uid?: string; readonly apiVersion?: string; readonly fieldPath?: string };
  readonly reason: string;
  readonly message: string;
  readonly count?: number;
  readonly component?: string;
  readonly host?: string;
  readonly type?: 'Warning' | 'Normal';
  /** When the event was last seen (epoch ms); defaults to now. */
  readonly at?: number;
}

/** A core/v1 Event as the kubelet or a controller writes it (old-style: count + first/lastTimestamp). */
export function seedEvent(store: ObjectStore, options: WarningEventOptions): KubeObj {
  const at = options.at ?? Date.now();
  const component = options.component ?? 'kubelet';
  return store.put({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${options.involvedObject.name}.${(BigInt(at) * 1_000_000n + BigInt(Math.floor(Math.random() * 1e6))).toString(16)}`, namespace: options.namespace },
    involvedObject: { apiVersion: options.involvedObject.apiVersion ?? 'v1', namespace: options.namespace, ...options.involvedObject },
    reason: options.reason,
    message: options.message,
    source: { component, ...(options.host ? { host: options.host } : {}) },
    firstTimestamp: timestamp(at - ((options.count ?? 1) - 1) * 30_000),
    lastTimestamp: timestamp(at),
    count: options.count ?? 1,
    type: options.type ?? 'Warning',
    eventTime: null,
    reportingComponent: component,
    reportingInstance: options.host ?? '',
  });
}

export interface CrashLoopingDeploymentOptions {
  readonly namespace: string;
  readonly name: string;
  readonly replicas?: number;
  /** 137 makes the last termination OOMKilled; anything else reads as Error. */
  readonly exitCode?: number;
  readonly logs?: string;
  /** Whether a rollout restart (any template change) makes the new pods healthy. */
  readonly fixedByRestart?: boolean;
  readonly image?: string;
  readonly envFromConfigMaps?: readonly string[];
  /** Marks the workload as a chaos drill (label `triaged.dev/chaos`). */
  readonly chaos?: string;
  readonly now?: number;
}

/** The demo's broken Deployment: pods in CrashLoopBackOff with logs and kubelet BackOff events. */
export function crashLoopingDeployment(cluster: SimCluster, options: CrashLoopingDeploymentOptions): SeededDeployment {
  const { store } = cluster;
  const now = options.now ?? Date.now();
  const crash = { exitCode: options.exitCode ?? 1, restartCount: 5 };
  const logs = options.logs ?? '';
  seedNode(store, DEFAULT_NODE, { now });
  const seeded = seedDeployment(store, {
    namespace: options.namespace,
    name: options.name,
    replicas: options.replicas ?? 3,
    crash,
    now,
    ...(options.image ? { image: options.image } : {}),
    ...(options.envFromConfigMaps ? { envFromConfigMaps: options.envFromConfigMaps } : {}),
    ...(options.chaos ? { labels: { [CHAOS_LABEL]: options.chaos } } : {}),
  });
  for (const pod of seeded.pods) {
    for (const previous of [false, true]) store.setLog({ namespace: options.namespace, pod: pod.metadata.name ?? '', container: 'app', previous }, logs);
    seedEvent(store, {
      namespace: options.namespace,
      involvedObject: { kind: 'Pod', name: pod.metadata.name ?? '', ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}), fieldPath: 'spec.containers{app}' },
      reason: 'BackOff',
      message: `Back-off restarting failed container app in pod ${pod.metadata.name}_${options.namespace}(${pod.metadata.uid})`,
      count: 12,
      host: DEFAULT_NODE,
      at: now,
    });
  }
  cluster.controllers?.markCrashLooping(options.namespace, options.name, { ...crash, logs, fixedByRestart: options.fixedByRestart ?? false });
  return seeded;
}

export function seedServiceWithEndpoints(store: ObjectStore, namespace: string, name: string, pods: readonly KubeObj[], port = 8080): KubeObj {
  const service = store.put({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } },
    spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'http', port: 80, targetPort: port, protocol: 'TCP' }], type: 'ClusterIP', clusterIP: '172.20.14.9' },
    status: { loadBalancer: {} },
  });
  const ready = pods.filter((p) => (p['status'] as { podIP?: string } | undefined)?.podIP);
  store.put({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } },
    subsets: [
      {
        addresses: ready.map((p) => ({ ip: (p['status'] as { podIP: string }).podIP, nodeName: DEFAULT_NODE, targetRef: { kind: 'Pod', namespace, name: p.metadata.name, uid: p.metadata.uid } })),
        ports: [{ name: 'http', port, protocol: 'TCP' }],
      },
    ],
  });
  return service;
}

/** metrics.k8s.io PodMetrics for a pod: usage per container, e.g. `{ app: { cpu: '250m', memory: '243188Ki' } }`. */
export function seedPodMetrics(store: ObjectStore, pod: KubeObj, usage: Record<string, { cpu: string; memory: string }>, now = Date.now()): KubeObj {
  return store.put({
    apiVersion: 'metrics.k8s.io/v1beta1',
    kind: 'PodMetrics',
    metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, labels: pod.metadata.labels },
    timestamp: timestamp(now),
    window: '15.218s',
    containers: Object.entries(usage).map(([name, u]) => ({ name, usage: u })),
  });
}

export function seedNodeMetrics(store: ObjectStore, node: string, usage: { cpu: string; memory: string }, now = Date.now()): KubeObj {
  return store.put({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: node }, timestamp: timestamp(now), window: '20.05s', usage });
}

export interface LargeClusterOptions {
  readonly pods: number;
  readonly namespaces?: number;
  readonly podsPerDeployment?: number;
  readonly nodes?: number;
}

/** Many healthy Deployments spread over namespaces and nodes (for memory and list benchmarks). */
export function largeCluster(cluster: SimCluster, options: LargeClusterOptions): { readonly deployments: number; readonly pods: number } {
  const namespaces = options.namespaces ?? 10;
  const perDeployment = options.podsPerDeployment ?? 10;
  const nodes = options.nodes ?? Math.max(1, Math.ceil(options.pods / 100));
  const now = Date.now();
  for (let n = 0; n < nodes; n += 1) seedNode(cluster.store, `ip-10-0-${Math.floor(n / 250)}-${(n % 250) + 1}.eu-west-1.compute.internal`, { now });
  let created = 0;
  let deployments = 0;
  while (created < options.pods) {
    const replicas = Math.min(perDeployment, options.pods - created);
    const namespace = `team-${deployments % namespaces}`;
    seedDeployment(cluster.store, {
      namespace,
      name: `svc-${deployments}`,
      replicas,
      now,
      nodeName: `ip-10-0-${Math.floor((deployments % nodes) / 250)}-${((deployments % nodes) % 250) + 1}.eu-west-1.compute.internal`,
    });
    created += replicas;
    deployments += 1;
  }
  return { deployments, pods: created };
}
