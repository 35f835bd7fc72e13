/**
 * Builders for Kubernetes objects as `kubectl get -o json` prints them. Every builder takes the
 * World (for its clock and seeded ids) and returns a complete object; callers add it to the world.
 */
import type { Obj } from './util.js';
import { meta, type World } from './world.js';

// ---------------------------------------------------------------- containers and pod templates

export interface Resources {
  requests?: { cpu?: string; memory?: string; 'ephemeral-storage'?: string; 'nvidia.com/gpu'?: string };
  limits?: { cpu?: string; memory?: string; 'ephemeral-storage'?: string; 'nvidia.com/gpu'?: string };
}

export interface ContainerDef {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  env?: Obj[];
  envFrom?: Obj[];
  resources?: Resources;
  livenessProbe?: Obj;
  readinessProbe?: Obj;
  startupProbe?: Obj;
  volumeMounts?: Obj[];
  imagePullPolicy?: string;
  securityContext?: Obj;
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  containers: ContainerDef[];
  initContainers?: ContainerDef[];
  volumes?: Obj[];
  nodeSelector?: Record<string, string>;
  tolerations?: Obj[];
  affinity?: Obj;
  topologySpreadConstraints?: Obj[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  serviceAccountName?: string;
  priorityClassName?: string;
  terminationGracePeriodSeconds?: number;
  imagePullSecrets?: { name: string }[];
}

export function httpProbe(path: string, port: string | number, o: { initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number } = {}): Obj {
  return {
    httpGet: { path, port, scheme: 'HTTP' },
    ...(o.initialDelaySeconds !== undefined ? { initialDelaySeconds: o.initialDelaySeconds } : {}),
    timeoutSeconds: o.timeoutSeconds ?? 1,
    periodSeconds: o.periodSeconds ?? 10,
    successThreshold: 1,
    failureThreshold: o.failureThreshold ?? 3,
  };
}

export function tcpProbe(port: string | number, o: { initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number } = {}): Obj {
  return {
    tcpSocket: { port },
    ...(o.initialDelaySeconds !== undefined ? { initialDelaySeconds: o.initialDelaySeconds } : {}),
    timeoutSeconds: o.timeoutSeconds ?? 1,
    periodSeconds: o.periodSeconds ?? 10,
    successThreshold: 1,
    failureThreshold: o.failureThreshold ?? 3,
  };
}

export function execProbe(command: string[], o: { initialDelaySeconds?: number; periodSeconds?: number; timeoutSeconds?: number; failureThreshold?: number } = {}): Obj {
  return {
    exec: { command },
    ...(o.initialDelaySeconds !== undefined ? { initialDelaySeconds: o.initialDelaySeconds } : {}),
    timeoutSeconds: o.timeoutSeconds ?? 1,
    periodSeconds: o.periodSeconds ?? 10,
    successThreshold: 1,
    failureThreshold: o.failureThreshold ?? 3,
  };
}

export function env(vars: Record<string, string>): Obj[] {
  return Object.entries(vars).map(([name, value]) => ({ name, value }));
}

export function secretEnv(name: string, secret: string, key: string): Obj {
  return { name, valueFrom: { secretKeyRef: { name: secret, key } } };
}

export function configMapEnv(name: string, configMap: string, key: string): Obj {
  return { name, valueFrom: { configMapKeyRef: { name: configMap, key } } };
}

function renderContainer(c: ContainerDef, apiVolume: string): Obj {
  const out: Obj = { name: c.name, image: c.image };
  if (c.command) out.command = c.command;
  if (c.args) out.args = c.args;
  if (c.ports) out.ports = c.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), containerPort: p.containerPort, protocol: p.protocol ?? 'TCP' }));
  if (c.envFrom) out.envFrom = c.envFrom;
  if (c.env) out.env = c.env;
  out.resources = c.resources ?? {};
  out.volumeMounts = [
    ...(c.volumeMounts ?? []),
    { name: apiVolume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' },
  ];
  if (c.livenessProbe) out.livenessProbe = c.livenessProbe;
  if (c.readinessProbe) out.readinessProbe = c.readinessProbe;
  if (c.startupProbe) out.startupProbe = c.startupProbe;
  out.terminationMessagePath = '/dev/termination-log';
  out.terminationMessagePolicy = 'File';
  out.imagePullPolicy = c.imagePullPolicy ?? (c.image.endsWith(':latest') ? 'Always' : 'IfNotPresent');
  if (c.securityContext) out.securityContext = c.securityContext;
  return out;
}

function templateContainer(c: ContainerDef): Obj {
  const out = renderContainer(c, '__none__');
  out.volumeMounts = (out.volumeMounts as Obj[]).filter((m) => m.name !== '__none__');
  if ((out.volumeMounts as Obj[]).length === 0) delete out.volumeMounts;
  return out;
}

/** The pod template as it appears inside a Deployment, ReplicaSet, StatefulSet, DaemonSet or Job. */
export function renderTemplate(t: PodTemplate, extraLabels: Record<string, string> = {}): Obj {
  const spec: Obj = {};
  if (t.volumes) spec.volumes = t.volumes;
  if (t.initContainers) spec.initContainers = t.initContainers.map(templateContainer);
  spec.containers = t.containers.map(templateContainer);
  spec.restartPolicy = t.restartPolicy ?? 'Always';
  spec.terminationGracePeriodSeconds = t.terminationGracePeriodSeconds ?? 30;
  spec.dnsPolicy = 'ClusterFirst';
  if (t.nodeSelector) spec.nodeSelector = t.nodeSelector;
  if (t.serviceAccountName) {
    spec.serviceAccountName = t.serviceAccountName;
    spec.serviceAccount = t.serviceAccountName;
  }
  spec.securityContext = {};
  if (t.imagePullSecrets) spec.imagePullSecrets = t.imagePullSecrets;
  if (t.affinity) spec.affinity = t.affinity;
  spec.schedulerName = 'default-scheduler';
  if (t.tolerations) spec.tolerations = t.tolerations;
  if (t.priorityClassName) spec.priorityClassName = t.priorityClassName;
  if (t.topologySpreadConstraints) spec.topologySpreadConstraints = t.topologySpreadConstraints;
  const metadata: Obj = { creationTimestamp: null, labels: { ...t.labels, ...extraLabels } };
  if (t.annotations) metadata.annotations = t.annotations;
  return { metadata, spec };
}

// ---------------------------------------------------------------- container states

export interface Terminated {
  exitCode: number;
  reason: string;
  startedAt: string;
  finishedAt: string;
  message?: string;
  signal?: number;
}

export type State =
  | { running: { startedAt: string } }
  | { waiting: { reason: string; message?: string } }
  | { terminated: Terminated & { containerID?: string } };

export interface StatusDef {
  state: State;
  lastState?: Terminated;
  ready?: boolean;
  restartCount?: number;
  /** false when the image was never pulled (no imageID, no containerID). */
  pulled?: boolean;
}

export const running = (startedAt: string): State => ({ running: { startedAt } });
export const waiting = (reason: string, message?: string): State => ({ waiting: message ? { reason, message } : { reason } });
export const terminated = (t: Terminated): State => ({ terminated: t });

/** The waiting state kubelet reports between restarts of a crashing container. */
export function crashLoopBackOff(podName: string, ns: string, podUid: string, container: string, backoff = '5m0s'): State {
  return waiting('CrashLoopBackOff', `back-off ${backoff} restarting failed container=${container} pod=${podName}_${ns}(${podUid})`);
}

// ---------------------------------------------------------------- owners

export interface Owner {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  ns: string;
  template: PodTemplate;
  /** Labels every pod of this owner carries beyond the template's (pod-template-hash …). */
  podLabels: Record<string, string>;
  podAnnotations?: Record<string, string>;
  /** How pod names are made: generateName suffix or StatefulSet ordinal. */
  naming: 'random' | 'ordinal';
}

export function ownerOf(obj: Obj, template: PodTemplate, podLabels: Record<string, string>, naming: 'random' | 'ordinal' = 'random'): Owner {
  const m = meta(obj);
  return { apiVersion: obj.apiVersion as string, kind: obj.kind as string, name: m.name, uid: m.uid, ns: m.namespace as string, template, podLabels, naming };
}

// ---------------------------------------------------------------- Pod

export interface PodId {
  name: string;
  ns: string;
  uid: string;
}

export interface PodOpts {
  owner?: Owner;
  /** For bare pods (no owner). */
  ns?: string;
  name?: string;
  template?: PodTemplate;
  ordinal?: number;
  createdAt: string;
  node?: { name: string; ip: string };
  statuses?: StatusDef[] | ((id: PodId) => StatusDef[]);
  initStatuses?: StatusDef[] | ((id: PodId) => StatusDef[]);
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  reason?: string;
  message?: string;
  /** When the pod is Pending and unscheduled: the PodScheduled condition message. */
  unschedulable?: { message: string; at: string };
  /** When Ready last changed. */
  readyChangedAt?: string;
  deletionTimestamp?: string;
  extraConditions?: Obj[];
  /** Override the template's containers for this pod (for example an image typo that only this pod has). */
  containerOverride?: (c: ContainerDef) => ContainerDef;
  podIP?: string;
}

function qosClass(containers: ContainerDef[]): string {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = c.resources ?? {};
    const req = r.requests ?? {};
    const lim = r.limits ?? {};
    if (req.cpu || req.memory || lim.cpu || lim.memory) any = true;
    const cpuReq = req.cpu ?? lim.cpu;
    const memReq = req.memory ?? lim.memory;
    if (!lim.cpu || !lim.memory || cpuReq !== lim.cpu || memReq !== lim.memory) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function renderStatus(w: World, c: ContainerDef, s: StatusDef): Obj {
  const neverCreated = 'waiting' in s.state && !s.restartCount && !s.lastState;
  const pulled = (s.pulled ?? true) && !neverCreated;
  const state: Obj = JSON.parse(JSON.stringify(s.state)) as Obj;
  const containerID = pulled ? w.rng.containerId() : undefined;
  if ('terminated' in s.state && containerID) (state.terminated as Obj).containerID = containerID;
  const lastState: Obj = s.lastState ? { terminated: { ...s.lastState, containerID: w.rng.containerId() } } : {};
  const repo = c.image.replace(/:[^:/]+$/, '');
  const out: Obj = {
    name: c.name,
    state,
    lastState,
    ready: s.ready ?? 'running' in s.state,
    restartCount: s.restartCount ?? 0,
    image: c.image,
    imageID: pulled ? `${repo}@${w.rng.sha256()}` : '',
  };
  if (containerID) out.containerID = containerID;
  out.started = 'running' in s.state;
  if (c.resources && (c.resources.requests || c.resources.limits)) {
    out.allocatedResources = { ...(c.resources.requests ?? {}) };
    out.resources = c.resources;
  }
  return out;
}

export function pod(w: World, o: PodOpts): Obj {
  const owner = o.owner;
  const ns = owner?.ns ?? (o.ns as string);
  const template = owner?.template ?? (o.template as PodTemplate);
  let name: string;
  let generateName: string | undefined;
  if (o.name) {
    name = o.name;
    if (owner && owner.naming === 'random') generateName = `${owner.name}-`;
  } else if (owner?.naming === 'ordinal') name = `${owner.name}-${o.ordinal ?? 0}`;
  else if (owner) {
    generateName = `${owner.name}-`;
    name = `${owner.name}-${w.rng.kname(5)}`;
  } else throw new Error('pod needs a name or an owner');
  const uid = w.rng.uid();
  const labels: Record<string, string> = { ...template.labels, ...(owner?.podLabels ?? {}) };
  if (owner?.naming === 'ordinal') {
    labels['statefulset.kubernetes.io/pod-name'] = name;
    labels['apps.kubernetes.io/pod-index'] = String(o.ordinal ?? 0);
  }
  const containers = template.containers.map(o.containerOverride ?? ((c) => c));
  const apiVolume = `kube-api-access-${w.rng.kname(5)}`;
  const metadata: Obj = { name };
  if (generateName) metadata.generateName = generateName;
  metadata.namespace = ns;
  metadata.uid = uid;
  metadata.resourceVersion = w.rng.resourceVersion();
  metadata.generation = 1;
  metadata.creationTimestamp = o.createdAt;
  if (o.deletionTimestamp) {
    metadata.deletionTimestamp = o.deletionTimestamp;
    metadata.deletionGracePeriodSeconds = template.terminationGracePeriodSeconds ?? 30;
  }
  metadata.labels = labels;
  const annotations = { ...(template.annotations ?? {}), ...(owner?.podAnnotations ?? {}) };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  if (owner) {
    metadata.ownerReferences = [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }];
  }

  const spec: Obj = {
    volumes: [
      ...(template.volumes ?? []),
      {
        name: apiVolume,
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
          ],
          defaultMode: 420,
        },
      },
    ],
  };
  if (template.initContainers) spec.initContainers = template.initContainers.map((c) => renderContainer(c, apiVolume));
  spec.containers = containers.map((c) => renderContainer(c, apiVolume));
  spec.restartPolicy = template.restartPolicy ?? 'Always';
  spec.terminationGracePeriodSeconds = template.terminationGracePeriodSeconds ?? 30;
  spec.dnsPolicy = 'ClusterFirst';
  if (template.nodeSelector) spec.nodeSelector = template.nodeSelector;
  spec.serviceAccountName = template.serviceAccountName ?? 'default';
  spec.serviceAccount = template.serviceAccountName ?? 'default';
  if (o.node) spec.nodeName = o.node.name;
  spec.securityContext = {};
  if (template.imagePullSecrets) spec.imagePullSecrets = template.imagePullSecrets;
  if (owner?.naming === 'ordinal') {
    spec.hostname = name;
    spec.subdomain = owner.name;
  }
  if (template.affinity) spec.affinity = template.affinity;
  spec.schedulerName = 'default-scheduler';
  const tolerations: Obj[] = [...(template.tolerations ?? [])];
  if (owner?.kind === 'DaemonSet') {
    for (const key of ['not-ready', 'unreachable']) tolerations.push({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect: 'NoExecute' });
    for (const key of ['disk-pressure', 'memory-pressure', 'pid-pressure', 'unschedulable']) tolerations.push({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect: 'NoSchedule' });
  } else {
    tolerations.push(
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    );
  }
  spec.tolerations = tolerations;
  if (template.priorityClassName) spec.priorityClassName = template.priorityClassName;
  spec.priority = template.priorityClassName === 'system-node-critical' ? 2000001000 : template.priorityClassName ? 1000000 : 0;
  spec.enableServiceLinks = true;
  spec.preemptionPolicy = 'PreemptLowerPriority';
  if (template.topologySpreadConstraints) spec.topologySpreadConstraints = template.topologySpreadConstraints;

  // ---- status
  const status: Obj = {};
  const conds: Obj[] = [];
  const cond = (type: string, value: string, at: string, reason?: string, message?: string): Obj => ({
    type,
    observedGeneration: 1,
    status: value,
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  });
  if (!o.node) {
    status.observedGeneration = 1;
    status.phase = o.phase ?? 'Pending';
    const u = o.unschedulable;
    conds.push({ ...cond('PodScheduled', 'False', u?.at ?? o.createdAt, 'Unschedulable', u?.message), lastProbeTime: null });
    status.conditions = conds;
    status.qosClass = qosClass(containers);
    return { kind: 'Pod', apiVersion: 'v1', metadata, spec, status };
  }

  const id: PodId = { name, ns, uid };
  const statuses: StatusDef[] = (typeof o.statuses === 'function' ? o.statuses(id) : o.statuses) ?? containers.map(() => ({ state: running(o.createdAt), ready: true }));
  const initStatuses = typeof o.initStatuses === 'function' ? o.initStatuses(id) : o.initStatuses;
  const initDone = !initStatuses || initStatuses.every((s) => 'terminated' in s.state && s.state.terminated.exitCode === 0);
  const unready = containers.filter((_, i) => !(statuses[i]?.ready ?? ('running' in (statuses[i]?.state ?? {}))));
  const anyStarted = statuses.some((s) => 'running' in s.state || (s.restartCount ?? 0) > 0 || 'terminated' in s.state);
  let phase = o.phase;
  if (!phase) phase = !initDone || !anyStarted ? 'Pending' : 'Running';
  const sandboxAt = o.createdAt;
  const readyAt = o.readyChangedAt ?? o.createdAt;
  conds.push(cond('PodReadyToStartContainers', phase === 'Unknown' ? 'False' : 'True', sandboxAt));
  if (initDone) conds.push(cond('Initialized', 'True', o.createdAt));
  else {
    const pending = (template.initContainers ?? []).filter((_, i) => !(initStatuses?.[i] && 'terminated' in initStatuses[i].state && initStatuses[i].state.terminated.exitCode === 0)).map((c) => c.name);
    conds.push(cond('Initialized', 'False', o.createdAt, 'ContainersNotInitialized', `containers with incomplete status: [${pending.join(' ')}]`));
  }
  if (unready.length === 0 && phase !== 'Failed') {
    conds.push(cond('Ready', 'True', readyAt), cond('ContainersReady', 'True', readyAt));
  } else if (phase === 'Failed' || phase === 'Succeeded') {
    conds.push(cond('Ready', 'False', readyAt, 'PodFailed'), cond('ContainersReady', 'False', readyAt, 'PodFailed'));
  } else {
    const msg = `containers with unready status: [${unready.map((c) => c.name).join(' ')}]`;
    conds.push(cond('Ready', 'False', readyAt, 'ContainersNotReady', msg), cond('ContainersReady', 'False', readyAt, 'ContainersNotReady', msg));
  }
  conds.push(cond('PodScheduled', 'True', o.createdAt));
  if (o.extraConditions) conds.push(...o.extraConditions);
  status.observedGeneration = 1;
  status.phase = phase;
  status.conditions = conds;
  if (o.reason) status.reason = o.reason;
  if (o.message) status.message = o.message;
  status.hostIP = o.node.ip;
  status.hostIPs = [{ ip: o.node.ip }];
  if (phase !== 'Failed' && phase !== 'Succeeded') {
    const podIP = o.podIP ?? `${o.node.ip.split('.').slice(0, 3).join('.')}.${w.rng.int(20, 250)}`;
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  status.startTime = o.createdAt;
  if (template.initContainers) {
    status.initContainerStatuses = template.initContainers.map((c, i) =>
      renderStatus(w, c, initStatuses?.[i] ?? { state: terminated({ exitCode: 0, reason: 'Completed', startedAt: o.createdAt, finishedAt: o.createdAt }), ready: true }),
    );
  }
  status.containerStatuses = containers.map((c, i) => renderStatus(w, c, statuses[i] ?? { state: running(o.createdAt) }));
  status.qosClass = qosClass(containers);
  return { kind: 'Pod', apiVersion: 'v1', metadata, spec, status };
}

// ---------------------------------------------------------------- Events

export interface EventDef {
  regarding: Obj;
  fieldPath?: string;
  reason: string;
  message: string;
  type?: 'Normal' | 'Warning';
  component: string;
  /** Node name for kubelet events. */
  host?: string;
  first: string | number;
  last?: string | number;
  count?: number;
  /** legacy: core/v1 recorder (count, first/last); series: events.k8s.io recorder (eventTime, series). */
  style?: 'legacy' | 'series';
  action?: string;
  reportingInstance?: string;
}

export function event(w: World, d: EventDef, view: 'v1' | 'events.k8s.io/v1' = w.eventView): Obj {
  const r = meta(d.regarding);
  const kind = d.regarding.kind as string;
  const ns = r.namespace ?? 'default';
  const first = w.clock.unix(d.first);
  const count = d.count ?? 1;
  const style = d.style ?? (d.component === 'default-scheduler' ? 'series' : 'legacy');
  const nanos = BigInt(first) * 1_000_000_000n + BigInt(w.rng.int(0, 999_999_999));
  const name = `${r.name}.${nanos.toString(16)}`;
  const metadata: Obj = { name, namespace: ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: w.clock.iso(d.first) };
  const ref: Obj = { kind, namespace: r.namespace, name: r.name, uid: r.uid, apiVersion: d.regarding.apiVersion, resourceVersion: r.resourceVersion };
  if (!r.namespace) delete ref.namespace;
  if (d.fieldPath) ref.fieldPath = d.fieldPath;
  const type = d.type ?? 'Warning';
  const instance = d.reportingInstance ?? (d.component === 'kubelet' ? (d.host as string) : d.component === 'default-scheduler' ? 'default-scheduler-ip-10-0-1-5' : '');
  const micros = w.rng.int(0, 999_999);
  if (style === 'series') {
    const eventTime = w.clock.micro(d.first, micros);
    const series = count > 1 ? { count, lastObservedTime: w.clock.micro(d.last ?? d.first, w.rng.int(0, 999_999)) } : undefined;
    if (view === 'v1') {
      return {
        kind: 'Event', apiVersion: 'v1', metadata, involvedObject: ref, reason: d.reason, message: d.message, source: {},
        firstTimestamp: null, lastTimestamp: null, type, eventTime, ...(series ? { series } : {}), action: d.action ?? 'Scheduling',
        reportingComponent: d.component, reportingInstance: instance,
      };
    }
    return {
      kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata, eventTime, ...(series ? { series } : {}), reportingController: d.component,
      reportingInstance: instance, action: d.action ?? 'Scheduling', reason: d.reason, regarding: ref, note: d.message, type,
      deprecatedSource: {}, deprecatedFirstTimestamp: null, deprecatedLastTimestamp: null,
    };
  }
  const source: Obj = { component: d.component };
  if (d.host) source.host = d.host;
  if (view === 'v1') {
    return {
      kind: 'Event', apiVersion: 'v1', metadata, involvedObject: ref, reason: d.reason, message: d.message, source,
      firstTimestamp: w.clock.iso(d.first), lastTimestamp: w.clock.iso(d.last ?? d.first), count, type, eventTime: null,
      reportingComponent: d.component, reportingInstance: instance,
    };
  }
  return {
    kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata, eventTime: null, reportingController: d.component, reportingInstance: instance,
    reason: d.reason, regarding: ref, note: d.message, type, deprecatedSource: source,
    deprecatedFirstTimestamp: w.clock.iso(d.first), deprecatedLastTimestamp: w.clock.iso(d.last ?? d.first), deprecatedCount: count,
  };
}

/** Adds an event to the world and returns it. */
export function ev(w: World, d: EventDef, view?: 'v1' | 'events.k8s.io/v1'): Obj {
  return w.add(event(w, d, view));
}

export function podRef(p: Obj): { name: string; ip: string } {
  const spec = p.spec as { nodeName: string };
  const status = p.status as { hostIP: string };
  return { name: spec.nodeName, ip: status.hostIP };
}

export function podSuffix(p: Obj): string {
  const m = meta(p);
  return `${m.name}_${m.namespace}(${m.uid})`;
}

// ---------------------------------------------------------------- Node

export interface NodeOpts {
  name: string;
  ip: string;
  zone: string;
  instanceType?: string;
  nodegroup?: string;
  cpu?: number;
  memoryGi?: number;
  maxPods?: number;
  createdAt: string;
  labels?: Record<string, string>;
  taints?: Obj[];
  unschedulable?: boolean;
  /** Override the four standard conditions. */
  ready?: { status: 'True' | 'False' | 'Unknown'; reason: string; message: string; since: string };
  memoryPressure?: { since: string };
  diskPressure?: { since: string };
  pidPressure?: { since: string };
  /** When the kubelet last posted status (all conditions' lastHeartbeatTime). */
  heartbeat?: string;
  /** Node lost: every condition Unknown since `since`. */
  lost?: { since: string; heartbeat: string };
}

export function node(w: World, o: NodeOpts): Obj {
  const instanceType = o.instanceType ?? 'm6i.xlarge';
  const cpu = o.cpu ?? 4;
  const memGi = o.memoryGi ?? 16;
  const capacityKi = Math.round(memGi * 1024 * 1024 * 0.97);
  const allocKi = capacityKi - (memGi >= 32 ? 1_900_000 : 1_050_000);
  const maxPods = o.maxPods ?? 58;
  const instanceId = `i-0${w.rng.hex(16)}`;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/instance-type': instanceType,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': w.region,
    'failure-domain.beta.kubernetes.io/zone': o.zone,
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': o.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': instanceType,
    'topology.kubernetes.io/region': w.region,
    'topology.kubernetes.io/zone': o.zone,
  };
  if (w.flavor === 'eks') {
    labels['eks.amazonaws.com/capacityType'] = 'ON_DEMAND';
    labels['eks.amazonaws.com/nodegroup'] = o.nodegroup ?? 'general';
    labels['eks.amazonaws.com/nodegroup-image'] = 'ami-0c1f5e3a9b7d2e4f6';
  } else if (w.flavor === 'gke') {
    labels['cloud.google.com/gke-nodepool'] = o.nodegroup ?? 'default-pool';
    labels['cloud.google.com/machine-family'] = instanceType.split('-')[0] as string;
  }
  Object.assign(labels, o.labels ?? {});
  const hb = o.lost?.heartbeat ?? o.heartbeat ?? w.clock.iso(-w.rng.int(3, 40));
  const c = (type: string, status: string, reason: string, message: string, since: string): Obj => ({
    type, status, lastHeartbeatTime: hb, lastTransitionTime: since, reason, message,
  });
  let conditions: Obj[];
  if (o.lost) {
    conditions = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((t) => c(t, 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.', o.lost!.since));
  } else {
    conditions = [
      o.memoryPressure ? c('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available', o.memoryPressure.since) : c('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', o.createdAt),
      o.diskPressure ? c('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure', o.diskPressure.since) : c('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', o.createdAt),
      o.pidPressure ? c('PIDPressure', 'True', 'KubeletHasInsufficientPID', 'kubelet has insufficient PID available', o.pidPressure.since) : c('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', o.createdAt),
      o.ready ? c('Ready', o.ready.status, o.ready.reason, o.ready.message, o.ready.since) : c('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', w.clock.shift(o.createdAt, 40)),
    ];
  }
  const providerID = w.flavor === 'eks' ? `aws:///${o.zone}/${instanceId}` : w.flavor === 'gke' ? `gce://acme-prod/${o.zone}/${o.name}` : undefined;
  const spec: Obj = {};
  if (providerID) spec.providerID = providerID;
  if (o.taints && o.taints.length > 0) spec.taints = o.taints;
  if (o.unschedulable) spec.unschedulable = true;
  const addresses = [{ type: 'InternalIP', address: o.ip }];
  if (w.flavor === 'eks') addresses.push({ type: 'InternalDNS', address: o.name });
  addresses.push({ type: 'Hostname', address: o.name });
  return {
    kind: 'Node',
    apiVersion: 'v1',
    metadata: {
      name: o.name,
      uid: w.rng.uid(),
      resourceVersion: w.rng.resourceVersion(),
      creationTimestamp: o.createdAt,
      labels,
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': o.ip,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: {
      capacity: { cpu: String(cpu), 'ephemeral-storage': '104845292Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${capacityKi}Ki`, pods: String(maxPods) },
      allocatable: { cpu: `${cpu * 1000 - (cpu >= 8 ? 110 : 80)}m`, 'ephemeral-storage': '95551679124', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: `${allocKi}Ki`, pods: String(maxPods) },
      conditions,
      addresses,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: w.rng.hex(32),
        systemUUID: `ec2${w.rng.hex(5)}-${w.rng.hex(4)}-${w.rng.hex(4)}-${w.rng.hex(4)}-${w.rng.hex(12)}`,
        bootID: w.rng.uid(),
        kernelVersion: w.flavor === 'gke' ? '6.6.72+' : '6.1.134-152.225.amzn2023.x86_64',
        osImage: w.flavor === 'gke' ? 'Container-Optimized OS from Google' : w.flavor === 'eks' ? 'Amazon Linux 2023.7.20250512' : 'Ubuntu 24.04.2 LTS',
        containerRuntimeVersion: 'containerd://1.7.27',
        kubeletVersion: w.flavor === 'gke' ? 'v1.33.2-gke.1240000' : w.flavor === 'eks' ? 'v1.33.0-eks-802817d' : 'v1.33.3',
        kubeProxyVersion: w.flavor === 'gke' ? 'v1.33.2-gke.1240000' : w.flavor === 'eks' ? 'v1.33.0-eks-802817d' : 'v1.33.3',
        operatingSystem: 'linux',
        architecture: 'amd64',
      },
    },
  };
}

export function taint(key: string, effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule', value?: string, timeAdded?: string): Obj {
  return { key, ...(value !== undefined ? { value } : {}), effect, ...(timeAdded ? { timeAdded } : {}) };
}

// ---------------------------------------------------------------- Deployment and ReplicaSet

export interface RevisionDef {
  revision: number;
  hash?: string;
  template: PodTemplate;
  createdAt: string;
  replicas: number;
  ready: number;
  available?: number;
  /** FailedCreate condition on the ReplicaSet (quota). */
  replicaFailure?: { message: string; at: string };
}

export interface DeploymentOpts {
  ns: string;
  name: string;
  labels?: Record<string, string>;
  selector: Record<string, string>;
  replicas: number;
  createdAt: string;
  revisions: RevisionDef[];
  /** healthy | progressing | deadline (ProgressDeadlineExceeded) | quota (ReplicaFailure) */
  condition?: 'healthy' | 'progressing' | 'deadline' | 'unavailable';
  progressingSince?: string;
  availableSince?: string;
  quotaFailure?: { message: string; at: string };
  changeCause?: string;
  annotations?: Record<string, string>;
}

export interface DeploymentStack {
  deployment: Obj;
  replicaSets: Obj[];
  owners: Owner[];
}

export function deployment(w: World, o: DeploymentOpts): DeploymentStack {
  const uid = w.rng.uid();
  const current = o.revisions[o.revisions.length - 1] as RevisionDef;
  const hashes = o.revisions.map((r) => r.hash ?? w.rng.kname(10));
  const currentHash = hashes[hashes.length - 1] as string;
  const totalReplicas = o.revisions.reduce((n, r) => n + r.replicas, 0);
  const ready = o.revisions.reduce((n, r) => n + r.ready, 0);
  const available = o.revisions.reduce((n, r) => n + (r.available ?? r.ready), 0);
  const generation = current.revision + w.rng.int(0, 3);
  const condition = o.condition ?? 'healthy';
  const newRsName = `${o.name}-${currentHash}`;
  const conditions: Obj[] = [];
  const availSince = o.availableSince ?? current.createdAt;
  const minAvailable = o.replicas - Math.floor(o.replicas * 0.25);
  if (available >= minAvailable) {
    conditions.push({ type: 'Available', status: 'True', lastUpdateTime: availSince, lastTransitionTime: availSince, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' });
  } else {
    conditions.push({ type: 'Available', status: 'False', lastUpdateTime: availSince, lastTransitionTime: availSince, reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' });
  }
  const progSince = o.progressingSince ?? current.createdAt;
  if (o.quotaFailure) {
    conditions.push({ type: 'ReplicaFailure', status: 'True', lastUpdateTime: o.quotaFailure.at, lastTransitionTime: o.quotaFailure.at, reason: 'FailedCreate', message: o.quotaFailure.message });
  }
  if (condition === 'deadline') {
    conditions.push({ type: 'Progressing', status: 'False', lastUpdateTime: progSince, lastTransitionTime: progSince, reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRsName}" has timed out progressing.` });
  } else if (condition === 'progressing') {
    conditions.push({ type: 'Progressing', status: 'True', lastUpdateTime: progSince, lastTransitionTime: current.createdAt, reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRsName}" is progressing.` });
  } else {
    conditions.push({ type: 'Progressing', status: 'True', lastUpdateTime: progSince, lastTransitionTime: o.createdAt, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRsName}" has successfully progressed.` });
  }
  const annotations: Record<string, string> = { 'deployment.kubernetes.io/revision': String(current.revision), ...(o.annotations ?? {}) };
  if (o.changeCause) annotations['kubernetes.io/change-cause'] = o.changeCause;
  const labels = o.labels ?? o.selector;
  const status: Obj = {
    observedGeneration: generation,
    replicas: totalReplicas,
    updatedReplicas: current.replicas,
  };
  if (ready > 0) status.readyReplicas = ready;
  if (available > 0) status.availableReplicas = available;
  if (totalReplicas - available > 0) status.unavailableReplicas = totalReplicas - available;
  status.conditions = conditions;
  const dep: Obj = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: o.name, namespace: o.ns, uid, resourceVersion: w.rng.resourceVersion(), generation, creationTimestamp: o.createdAt, labels, annotations },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: o.selector },
      template: renderTemplate(current.template),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status,
  };
  const replicaSets: Obj[] = [];
  const owners: Owner[] = [];
  o.revisions.forEach((r, i) => {
    const hash = hashes[i] as string;
    const name = `${o.name}-${hash}`;
    const rsUid = w.rng.uid();
    const rsStatus: Obj = { replicas: r.replicas, fullyLabeledReplicas: r.replicas };
    if (r.ready > 0) rsStatus.readyReplicas = r.ready;
    if ((r.available ?? r.ready) > 0) rsStatus.availableReplicas = r.available ?? r.ready;
    rsStatus.observedGeneration = r.replicas === 0 ? 2 : 1;
    if (r.replicaFailure) {
      rsStatus.conditions = [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: r.replicaFailure.at, reason: 'FailedCreate', message: r.replicaFailure.message }];
    }
    if (r.replicas === 0) delete rsStatus.fullyLabeledReplicas;
    const rs: Obj = {
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
      metadata: {
        name,
        namespace: o.ns,
        uid: rsUid,
        resourceVersion: w.rng.resourceVersion(),
        generation: r.replicas === 0 ? 2 : 1,
        creationTimestamp: r.createdAt,
        labels: { ...r.template.labels, 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(o.replicas),
          'deployment.kubernetes.io/max-replicas': String(o.replicas + Math.ceil(o.replicas * 0.25)),
          'deployment.kubernetes.io/revision': String(r.revision),
        },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: o.name, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: r.replicas,
        selector: { matchLabels: { ...o.selector, 'pod-template-hash': hash } },
        template: renderTemplate(r.template, { 'pod-template-hash': hash }),
      },
      status: rsStatus,
    };
    replicaSets.push(rs);
    owners.push(ownerOf(rs, r.template, { 'pod-template-hash': hash }));
  });
  w.add(dep);
  for (const rs of replicaSets) w.add(rs);
  return { deployment: dep, replicaSets, owners };
}

// ---------------------------------------------------------------- StatefulSet, DaemonSet, Job, CronJob

export function statefulSet(
  w: World,
  o: { ns: string; name: string; selector: Record<string, string>; template: PodTemplate; replicas: number; ready: number; createdAt: string; currentRevision?: string; updateRevision?: string; volumeClaimTemplates?: Obj[]; serviceName?: string; updated?: number },
): { sts: Obj; owner: Owner; currentRevision: string; updateRevision: string } {
  const uid = w.rng.uid();
  const currentRevision = o.currentRevision ?? `${o.name}-${w.rng.kname(10)}`;
  const updateRevision = o.updateRevision ?? currentRevision;
  const sts: Obj = {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    metadata: { name: o.name, namespace: o.ns, uid, resourceVersion: w.rng.resourceVersion(), generation: w.rng.int(2, 9), creationTimestamp: o.createdAt, labels: o.selector },
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: o.selector },
      template: renderTemplate(o.template),
      ...(o.volumeClaimTemplates ? { volumeClaimTemplates: o.volumeClaimTemplates } : {}),
      serviceName: o.serviceName ?? o.name,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    },
    status: {
      observedGeneration: 1,
      replicas: o.replicas,
      ...(o.ready > 0 ? { readyReplicas: o.ready, availableReplicas: o.ready } : { availableReplicas: 0 }),
      currentReplicas: o.replicas - (o.updated ?? 0),
      ...(o.updated ? { updatedReplicas: o.updated } : { updatedReplicas: o.replicas }),
      currentRevision,
      updateRevision,
      collisionCount: 0,
    },
  };
  (sts.status as Obj).observedGeneration = (sts.metadata as Obj).generation;
  w.add(sts);
  return { sts, owner: ownerOf(sts, o.template, { 'controller-revision-hash': currentRevision }, 'ordinal'), currentRevision, updateRevision };
}

export function daemonSet(
  w: World,
  o: { ns: string; name: string; selector: Record<string, string>; template: PodTemplate; desired: number; ready: number; createdAt: string; generation?: number },
): { ds: Obj; owner: Owner } {
  const uid = w.rng.uid();
  const generation = o.generation ?? w.rng.int(1, 6);
  const hash = w.rng.kname(10);
  const ds: Obj = {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    metadata: { name: o.name, namespace: o.ns, uid, resourceVersion: w.rng.resourceVersion(), generation, creationTimestamp: o.createdAt, labels: o.selector, annotations: { 'deprecated.daemonset.template.generation': String(generation) } },
    spec: {
      selector: { matchLabels: o.selector },
      template: renderTemplate(o.template),
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    },
    status: {
      currentNumberScheduled: o.desired,
      numberMisscheduled: 0,
      desiredNumberScheduled: o.desired,
      numberReady: o.ready,
      observedGeneration: generation,
      updatedNumberScheduled: o.desired,
      numberAvailable: o.ready,
      ...(o.desired - o.ready > 0 ? { numberUnavailable: o.desired - o.ready } : {}),
    },
  };
  w.add(ds);
  return { ds, owner: ownerOf(ds, o.template, { 'controller-revision-hash': hash, 'pod-template-generation': String(generation) }) };
}

export function job(
  w: World,
  o: { ns: string; name: string; template: PodTemplate; createdAt: string; backoffLimit?: number; active?: number; failed?: number; succeeded?: number; conditions?: Obj[]; cronJob?: Obj; startTime?: string },
): { job: Obj; owner: Owner } {
  const uid = w.rng.uid();
  const podLabels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': o.name, 'controller-uid': uid, 'job-name': o.name };
  const metadata: Obj = { name: o.name, namespace: o.ns, uid, resourceVersion: w.rng.resourceVersion(), generation: 1, creationTimestamp: o.createdAt, labels: { ...podLabels }, annotations: { 'batch.kubernetes.io/job-tracking': '' } };
  if (o.cronJob) {
    const cm = meta(o.cronJob);
    metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cm.name, uid: cm.uid, controller: true, blockOwnerDeletion: true }];
  }
  const status: Obj = { startTime: o.startTime ?? o.createdAt };
  if (o.conditions) status.conditions = o.conditions;
  if (o.active) status.active = o.active;
  if (o.failed) status.failed = o.failed;
  if (o.succeeded) status.succeeded = o.succeeded;
  status.terminating = 0;
  status.uncountedTerminatedPods = {};
  status.ready = 0;
  const j: Obj = {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata,
    spec: {
      parallelism: 1,
      completions: 1,
      backoffLimit: o.backoffLimit ?? 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      manualSelector: false,
      template: renderTemplate(o.template, podLabels),
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    },
    status,
  };
  w.add(j);
  return { job: j, owner: ownerOf(j, o.template, podLabels) };
}

export function cronJob(w: World, o: { ns: string; name: string; schedule: string; template: PodTemplate; createdAt: string; lastSchedule: string }): Obj {
  return w.add({
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), generation: 1, creationTimestamp: o.createdAt },
    spec: { schedule: o.schedule, concurrencyPolicy: 'Forbid', suspend: false, jobTemplate: { metadata: { creationTimestamp: null }, spec: { backoffLimit: 3, template: renderTemplate(o.template) } }, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 },
    status: { lastScheduleTime: o.lastSchedule },
  });
}

// ---------------------------------------------------------------- Service, Endpoints, EndpointSlice

export interface Backend {
  pod: Obj;
  ready: boolean;
}

export function service(w: World, o: { ns: string; name: string; selector: Record<string, string>; ports: { name?: string; port: number; targetPort: number | string }[]; createdAt: string; labels?: Record<string, string>; annotations?: Record<string, string>; type?: string }): Obj {
  const clusterIP = `172.20.${w.rng.int(0, 255)}.${w.rng.int(1, 254)}`;
  return w.add({
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt, ...(o.labels ? { labels: o.labels } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec: {
      ports: o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: 'TCP', port: p.port, targetPort: p.targetPort })),
      selector: o.selector,
      clusterIP,
      clusterIPs: [clusterIP],
      type: o.type ?? 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    },
    status: { loadBalancer: {} },
  });
}

function address(b: Backend): Obj {
  const m = meta(b.pod);
  const st = b.pod.status as { podIP: string };
  const sp = b.pod.spec as { nodeName: string };
  return { ip: st.podIP, nodeName: sp.nodeName, targetRef: { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid } };
}

export function endpoints(w: World, o: { ns: string; name: string; backends: Backend[]; ports: { name?: string; port: number }[]; labels?: Record<string, string>; changedAt: string; createdAt: string }): Obj {
  const ready = o.backends.filter((b) => b.ready).map(address);
  const notReady = o.backends.filter((b) => !b.ready).map(address);
  const ep: Obj = {
    kind: 'Endpoints',
    apiVersion: 'v1',
    metadata: {
      name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt,
      ...(o.labels ? { labels: o.labels } : {}),
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': o.changedAt },
    },
  };
  if (o.backends.length > 0) {
    const subset: Obj = {};
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    subset.ports = o.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: 'TCP' }));
    ep.subsets = [subset];
  }
  return w.add(ep);
}

export function endpointSlice(w: World, o: { ns: string; service: Obj; backends: Backend[]; ports: { name?: string; port: number }[]; zoneOf?: (nodeName: string) => string; createdAt: string }): Obj {
  const sm = meta(o.service);
  const eps = o.backends.map((b) => {
    const m = meta(b.pod);
    const st = b.pod.status as { podIP: string };
    const sp = b.pod.spec as { nodeName: string };
    const terminating = Boolean((b.pod.metadata as Obj).deletionTimestamp);
    return {
      addresses: [st.podIP],
      conditions: { ready: b.ready && !terminating, serving: b.ready, terminating },
      targetRef: { kind: 'Pod', namespace: m.namespace, name: m.name, uid: m.uid },
      nodeName: sp.nodeName,
      ...(o.zoneOf ? { zone: o.zoneOf(sp.nodeName) } : {}),
    };
  });
  return w.add({
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
    metadata: {
      name: `${sm.name}-${w.rng.kname(5)}`,
      generateName: `${sm.name}-`,
      namespace: o.ns,
      uid: w.rng.uid(),
      resourceVersion: w.rng.resourceVersion(),
      generation: w.rng.int(1, 40),
      creationTimestamp: o.createdAt,
      labels: { 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': sm.name, ...(sm.labels ?? {}) },
      annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': o.createdAt },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: sm.name, uid: sm.uid, controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: eps.length > 0 ? eps : null,
    ports: o.ports.map((p) => ({ name: p.name ?? '', protocol: 'TCP', port: p.port })),
  });
}

// ---------------------------------------------------------------- storage, quota, autoscaling, metrics, config

export function pvc(w: World, o: { ns: string; name: string; storageClass: string; size: string; phase: 'Pending' | 'Bound' | 'Lost'; createdAt: string; volumeName?: string; accessModes?: string[]; labels?: Record<string, string>; annotations?: Record<string, string> }): Obj {
  const annotations: Record<string, string> = { ...(o.annotations ?? {}) };
  if (o.phase === 'Bound') {
    annotations['pv.kubernetes.io/bind-completed'] = 'yes';
    annotations['pv.kubernetes.io/bound-by-controller'] = 'yes';
    annotations['volume.beta.kubernetes.io/storage-provisioner'] = 'ebs.csi.aws.com';
    annotations['volume.kubernetes.io/storage-provisioner'] = 'ebs.csi.aws.com';
  }
  const status: Obj = { phase: o.phase };
  if (o.phase === 'Bound') {
    status.accessModes = o.accessModes ?? ['ReadWriteOnce'];
    status.capacity = { storage: o.size };
  }
  return w.add({
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    metadata: {
      name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt,
      ...(o.labels ? { labels: o.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: {
      accessModes: o.accessModes ?? ['ReadWriteOnce'],
      resources: { requests: { storage: o.size } },
      storageClassName: o.storageClass,
      volumeMode: 'Filesystem',
      ...(o.volumeName ? { volumeName: o.volumeName } : {}),
    },
    status,
  });
}

export function resourceQuota(w: World, o: { ns: string; name: string; hard: Record<string, string>; used: Record<string, string>; createdAt: string }): Obj {
  return w.add({
    kind: 'ResourceQuota',
    apiVersion: 'v1',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt },
    spec: { hard: o.hard },
    status: { hard: o.hard, used: o.used },
  });
}

export function limitRange(w: World, o: { ns: string; name: string; limits: Obj[]; createdAt: string }): Obj {
  return w.add({
    kind: 'LimitRange',
    apiVersion: 'v1',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt },
    spec: { limits: o.limits },
  });
}

export function hpa(w: World, o: { ns: string; name: string; target: Obj; min: number; max: number; current: number; desired: number; cpuTarget: number; cpuCurrent: number; createdAt: string; conditions: Obj[]; lastScale?: string }): Obj {
  const tm = meta(o.target);
  return w.add({
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt },
    spec: {
      scaleTargetRef: { kind: o.target.kind, name: tm.name, apiVersion: o.target.apiVersion },
      minReplicas: o.min,
      maxReplicas: o.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.cpuTarget } } }],
    },
    status: {
      ...(o.lastScale ? { lastScaleTime: o.lastScale } : {}),
      currentReplicas: o.current,
      desiredReplicas: o.desired,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: `${Math.round(o.cpuCurrent * 2.5)}m`, averageUtilization: o.cpuCurrent } } }],
      conditions: o.conditions,
    },
  });
}

export function podMetrics(w: World, p: Obj, usage: Record<string, { cpu: string; memory: string }>, at: string | number = -20): Obj {
  const m = meta(p);
  return w.add({
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: m.name, namespace: m.namespace, creationTimestamp: w.iso(0), labels: m.labels },
    timestamp: w.iso(at),
    window: `${w.rng.int(10, 20)}.${w.rng.int(100, 999)}s`,
    containers: Object.entries(usage).map(([name, u]) => ({ name, usage: u })),
  });
}

export function nodeMetrics(w: World, n: Obj, usage: { cpu: string; memory: string }, at: string | number = -15): Obj {
  const m = meta(n);
  return w.add({
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: m.name, creationTimestamp: w.iso(0), labels: m.labels },
    timestamp: w.iso(at),
    window: `${w.rng.int(10, 20)}.${w.rng.int(100, 999)}s`,
    usage,
  });
}

export function configMap(w: World, o: { ns: string; name: string; createdAt: string; keys: string[]; labels?: Record<string, string> }): Obj {
  return w.add({
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt, ...(o.labels ? { labels: o.labels } : {}) },
    data: Object.fromEntries(o.keys.map((k) => [k, '(redacted by capture: metadata only)'])),
  });
}

export function secretMeta(w: World, o: { ns: string; name: string; createdAt: string; keys: string[]; type?: string }): Obj {
  return w.add({
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: { name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt },
    type: o.type ?? 'Opaque',
    data: Object.fromEntries(o.keys.map((k) => [k, ''])),
  });
}

export function controllerRevision(w: World, o: { ns: string; name: string; owner: Obj; revision: number; createdAt: string; labels: Record<string, string> }): Obj {
  const om = meta(o.owner);
  return w.add({
    kind: 'ControllerRevision',
    apiVersion: 'apps/v1',
    metadata: {
      name: o.name, namespace: o.ns, uid: w.rng.uid(), resourceVersion: w.rng.resourceVersion(), creationTimestamp: o.createdAt,
      labels: { ...o.labels, 'controller.kubernetes.io/hash': o.name.split('-').pop() as string },
      ownerReferences: [{ apiVersion: o.owner.apiVersion, kind: o.owner.kind, name: om.name, uid: om.uid, controller: true, blockOwnerDeletion: true }],
    },
    revision: o.revision,
  });
}
