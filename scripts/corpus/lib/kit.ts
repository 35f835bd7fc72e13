/**
 * Short-hands the case modules share: a small cluster of nodes, an application pod template,
 * a one-revision Deployment, and the kubelet event sequences every pod leaves behind.
 */
import type { Obj } from './util.js';
import type { World } from './world.js';
import { meta } from './world.js';
import { deployment, env, ev, httpProbe, node, podRef, podSuffix, type ContainerDef, type DeploymentStack, type PodTemplate, type Resources } from './k8s.js';

export interface NodeHandle {
  obj: Obj;
  ref: { name: string; ip: string };
  zone: string;
}

/** `count` nodes spread over three zones, named the way the flavour names them. */
export function cluster(w: World, count = 3, o: { nodegroup?: string; instanceType?: string; cpu?: number; memoryGi?: number; subnet?: number; createdAt?: string; maxPods?: number } = {}): NodeHandle[] {
  const zones = w.flavor === 'gke' ? ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'] : [`${w.region}a`, `${w.region}b`, `${w.region}c`];
  const out: NodeHandle[] = [];
  for (let i = 0; i < count; i++) {
    const zone = zones[i % 3] as string;
    const ip = `10.${o.subnet ?? 0}.${(i % 3) * 16 + w.rng.int(1, 14)}.${w.rng.int(10, 250)}`;
    const name =
      w.flavor === 'eks'
        ? `ip-${ip.replaceAll('.', '-')}.${w.region}.compute.internal`
        : w.flavor === 'gke'
          ? `gke-prod-${o.nodegroup ?? 'default-pool'}-${w.rng.hex(8)}-${w.rng.kname(4)}`
          : `worker-${String(i + 1).padStart(2, '0')}`;
    const obj = w.add(
      node(w, {
        name, ip, zone, nodegroup: o.nodegroup, instanceType: o.instanceType ?? (w.flavor === 'gke' ? 'e2-standard-4' : 'm6i.xlarge'),
        cpu: o.cpu, memoryGi: o.memoryGi, maxPods: o.maxPods, createdAt: o.createdAt ?? w.iso(`-${w.rng.int(3, 40)}d${w.rng.int(0, 23)}h`),
      }),
    );
    out.push({ obj, ref: { name, ip }, zone });
  }
  return out;
}

export interface AppOpts {
  name: string;
  partOf?: string;
  image: string;
  port?: number;
  requests?: Resources['requests'];
  limits?: Resources['limits'];
  env?: Record<string, string>;
  envExtra?: Obj[];
  /** http (readiness only), both (liveness + readiness), none */
  probes?: 'http' | 'both' | 'none';
  probePath?: string;
  liveness?: Obj;
  readiness?: Obj;
  startup?: Obj;
  command?: string[];
  args?: string[];
  container?: string;
  extra?: Partial<PodTemplate>;
  labelStyle?: 'k8s' | 'app';
  mounts?: Obj[];
}

export function appLabels(name: string, partOf?: string, style: 'k8s' | 'app' = 'k8s'): Record<string, string> {
  if (style === 'app') return { app: name, ...(partOf ? { tier: partOf } : {}) };
  return { 'app.kubernetes.io/name': name, ...(partOf ? { 'app.kubernetes.io/part-of': partOf } : {}) };
}

export function appTemplate(o: AppOpts): PodTemplate {
  const port = o.port ?? 8080;
  const path = o.probePath ?? '/healthz';
  const probes = o.probes ?? 'http';
  const c: ContainerDef = {
    name: o.container ?? 'app',
    image: o.image,
    ...(o.command ? { command: o.command } : {}),
    ...(o.args ? { args: o.args } : {}),
    ports: [{ name: 'http', containerPort: port }],
    ...(o.env || o.envExtra ? { env: [...env(o.env ?? {}), ...(o.envExtra ?? [])] } : {}),
    resources: { ...(o.limits ? { limits: o.limits } : {}), ...(o.requests ? { requests: o.requests } : {}) },
    ...(o.liveness ? { livenessProbe: o.liveness } : probes === 'both' ? { livenessProbe: httpProbe(path, 'http', { initialDelaySeconds: 15, periodSeconds: 20 }) } : {}),
    ...(o.readiness ? { readinessProbe: o.readiness } : probes !== 'none' ? { readinessProbe: httpProbe(path, 'http') } : {}),
    ...(o.startup ? { startupProbe: o.startup } : {}),
    ...(o.mounts ? { volumeMounts: o.mounts } : {}),
    securityContext: { runAsNonRoot: true, runAsUser: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
  };
  return { labels: appLabels(o.name, o.partOf, o.labelStyle), containers: [c], ...(o.extra ?? {}) };
}

/** A Deployment with one (current) revision of `replicas` replicas, `ready` of them ready. */
export function simpleDeploy(w: World, o: { ns: string; name: string; template: PodTemplate; replicas: number; ready?: number; revision?: number; createdAt?: string; rsCreatedAt?: string; condition?: 'healthy' | 'progressing' | 'deadline' | 'unavailable'; availableSince?: string }): DeploymentStack {
  const selector = o.template.labels;
  return deployment(w, {
    ns: o.ns,
    name: o.name,
    selector,
    replicas: o.replicas,
    createdAt: o.createdAt ?? w.iso('-142d'),
    condition: o.condition,
    availableSince: o.availableSince,
    revisions: [{ revision: o.revision ?? w.rng.int(3, 40), template: o.template, createdAt: o.rsCreatedAt ?? w.iso(`-${w.rng.int(21, 60)}d`), replicas: o.replicas, ready: o.ready ?? o.replicas }],
  });
}

function containerOf(p: Obj, name?: string): { name: string; image: string } {
  const cs = (p.spec as { containers: { name: string; image: string }[] }).containers;
  return (name ? cs.find((c) => c.name === name) : cs[0]) ?? (cs[0] as { name: string; image: string });
}

/** Scheduled, Pulled, Created, Started: what any pod that started has in its event list. */
export function startEvents(w: World, p: Obj, at: string | number, o: { container?: string; pulled?: boolean } = {}): void {
  const c = containerOf(p, o.container);
  const m = meta(p);
  const n = podRef(p);
  const t0 = typeof at === 'number' ? at : w.unix(at) - w.clock.nowSec;
  ev(w, { regarding: p, reason: 'Scheduled', message: `Successfully assigned ${m.namespace}/${m.name} to ${n.name}`, type: 'Normal', component: 'default-scheduler', first: t0, action: 'Binding' });
  const fp = `spec.containers{${c.name}}`;
  if (o.pulled) {
    ev(w, { regarding: p, fieldPath: fp, reason: 'Pulling', message: `Pulling image "${c.image}"`, type: 'Normal', component: 'kubelet', host: n.name, first: t0 + 1 });
    ev(w, { regarding: p, fieldPath: fp, reason: 'Pulled', message: `Successfully pulled image "${c.image}" in ${w.rng.int(1, 9)}.${w.rng.int(100, 999)}s (${w.rng.int(1, 9)}.${w.rng.int(100, 999)}s including waiting). Image size: ${w.rng.int(40_000_000, 400_000_000)} bytes.`, type: 'Normal', component: 'kubelet', host: n.name, first: t0 + 6 });
  } else {
    ev(w, { regarding: p, fieldPath: fp, reason: 'Pulled', message: `Container image "${c.image}" already present on machine`, type: 'Normal', component: 'kubelet', host: n.name, first: t0 + 1 });
  }
  ev(w, { regarding: p, fieldPath: fp, reason: 'Created', message: `Created container: ${c.name}`, type: 'Normal', component: 'kubelet', host: n.name, first: t0 + 7 });
  ev(w, { regarding: p, fieldPath: fp, reason: 'Started', message: `Started container ${c.name}`, type: 'Normal', component: 'kubelet', host: n.name, first: t0 + 7 });
}

/** The BackOff event of a container that keeps exiting. */
export function backOff(w: World, p: Obj, first: string, last: string, count: number, container?: string): Obj {
  const c = containerOf(p, container);
  const n = podRef(p);
  return ev(w, { regarding: p, fieldPath: `spec.containers{${c.name}}`, reason: 'BackOff', message: `Back-off restarting failed container ${c.name} in pod ${podSuffix(p)}`, component: 'kubelet', host: n.name, first, last, count });
}

export function kubelet(w: World, p: Obj, reason: string, message: string, first: string, last?: string, count?: number, o: { container?: string; type?: 'Normal' | 'Warning'; init?: boolean } = {}): Obj {
  const n = podRef(p);
  const cname = o.container ?? containerOf(p).name;
  return ev(w, { regarding: p, fieldPath: `spec.${o.init ? 'initContainers' : 'containers'}{${cname}}`, reason, message, component: 'kubelet', host: n.name, first, last, count, type: o.type ?? 'Warning' });
}
