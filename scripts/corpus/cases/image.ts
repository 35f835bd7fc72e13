/** image-pull: the image cannot be pulled (no new revision involved). */
import { alertmanagerAlarm, kubernetesAlarm, manualAlarm, type CaseDef } from '../lib/case.js';
import { daemonSet, job, pod, waiting, type Owner } from '../lib/k8s.js';
import { appTemplate, cluster, kubelet, simpleDeploy, type NodeHandle } from '../lib/kit.js';
import type { Obj } from '../lib/util.js';
import type { World } from '../lib/world.js';

function pullFailing(w: World, owner: Owner, n: NodeHandle, since: string, image: string, error: string, back: boolean): Obj {
  const p = w.add(pod(w, { owner, createdAt: w.iso(since), node: n.ref, readyChangedAt: w.iso(since), statuses: [{ state: back ? waiting('ImagePullBackOff', `Back-off pulling image "${image}": ${error}`) : waiting('ErrImagePull', error), ready: false, restartCount: 0, pulled: false }] }));
  kubelet(w, p, 'Pulling', `Pulling image "${image}"`, w.clock.shift(w.iso(since), 2), '-40s', 7, { type: 'Normal' });
  kubelet(w, p, 'Failed', `Failed to pull image "${image}": ${error}`, w.clock.shift(w.iso(since), 3), '-39s', 7);
  kubelet(w, p, 'Failed', 'Error: ErrImagePull', w.clock.shift(w.iso(since), 3), '-39s', 7);
  kubelet(w, p, 'BackOff', `Back-off pulling image "${image}"`, w.clock.shift(w.iso(since), 20), '-10s', 31, { type: 'Normal' });
  kubelet(w, p, 'Failed', 'Error: ImagePullBackOff', w.clock.shift(w.iso(since), 20), '-10s', 31);
  return p;
}

export const imageCases: CaseDef[] = [
  {
    category: 'image-pull',
    slug: 'job-tag-not-found',
    now: '2026-03-12T01:15:00Z',
    title: 'A data-backfill Job was created with tag 2026.03.11-rc1, which CI never pushed: "not found" from ECR, ImagePullBackOff.',
    build(w) {
      const nodes = cluster(w, 3);
      const image = w.image('data/backfill', '2026.03.11-rc1');
      const t = appTemplate({ name: 'orders-backfill', partOf: 'data', image, requests: { cpu: '1', memory: '2Gi' }, probes: 'none', extra: { restartPolicy: 'Never' } });
      const j = job(w, { ns: 'data', name: 'orders-backfill', template: t, createdAt: w.iso('-22m'), active: 1 });
      const p = pullFailing(w, j.owner, nodes[1]!, '-22m', image, `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`, true);
      kubernetesAlarm(w, w.objects.filter((o) => o.kind === 'Event' && o.reason === 'Failed')[0]!, 'deployment');
      void p;
    },
  },
  {
    category: 'image-pull',
    slug: 'pull-secret-expired-scale-up-old-pods-fine',
    now: '2026-05-30T19:44:09Z',
    title: 'The imagePullSecret for the private Harbor registry expired; existing catalog-sync pods (image cached on their nodes) run fine, but two pods added by a scale-up on new nodes fail with 401 Unauthorized.',
    misleading: 'Old pods are healthy and only new pods fail, which looks like a bad rollout; there is one ReplicaSet (no new revision) and the error is the registry refusing the credentials.',
    flavor: 'kubeadm',
    build(w) {
      const nodes = cluster(w, 5);
      const image = 'harbor.acme.io/integration/catalog-sync:3.2.0';
      const t = appTemplate({ name: 'catalog-sync', partOf: 'integration', image, requests: { cpu: '100m', memory: '256Mi' }, probes: 'http', extra: { imagePullSecrets: [{ name: 'harbor-robot' }] } });
      const d = simpleDeploy(w, { ns: 'integration', name: 'catalog-sync', template: t, replicas: 5, ready: 3 });
      for (let i = 0; i < 3; i++) w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-18d'), node: nodes[i]!.ref }));
      for (let i = 3; i < 5; i++) pullFailing(w, d.owners[0]!, nodes[i]!, '-26m', image, `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": pull access denied, repository does not exist or may require authorization: authorization failed: 401 Unauthorized`, i === 3);
      manualAlarm(w, { name: 'catalog-sync scale-up stuck', description: 'scaled to 5 for the import, 2 pods never start', target: { namespace: 'integration', kind: 'Deployment', name: 'catalog-sync' }, startsAt: '-20m', user: 'integration-team' });
    },
  },
  {
    category: 'image-pull',
    slug: 'daemonset-registry-no-such-host',
    now: '2026-07-22T06:30:00Z',
    title: 'A new node group in a VPC without the private DNS zone: the security-agent DaemonSet pod there cannot resolve registry.internal.acme.io ("no such host"); other nodes are fine.',
    build(w) {
      w.eventView = 'events.k8s.io/v1';
      const nodes = cluster(w, 3);
      const extra = cluster(w, 1, { nodegroup: 'gpu-a10g', instanceType: 'g5.xlarge', subnet: 96 });
      const image = 'registry.internal.acme.io/security/agent:5.1.2';
      const t = appTemplate({ name: 'security-agent', partOf: 'security', image, requests: { cpu: '50m', memory: '128Mi' }, probes: 'none', extra: { priorityClassName: 'system-node-critical' } });
      const ds = daemonSet(w, { ns: 'security', name: 'security-agent', selector: t.labels, template: t, desired: 4, ready: 3, createdAt: w.iso('-500d') });
      nodes.forEach((n) => w.add(pod(w, { owner: ds.owner, createdAt: w.iso('-30d'), node: n.ref })));
      pullFailing(w, ds.owner, extra[0]!, '-47m', image, `rpc error: code = Unknown desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": failed to do request: Head "https://registry.internal.acme.io/v2/security/agent/manifests/5.1.2": dial tcp: lookup registry.internal.acme.io on 10.96.0.2:53: no such host`, true);
      alertmanagerAlarm(w, { alertname: 'KubeDaemonSetRolloutStuck', severity: 'warning', kind: 'deployment', startsAt: '-30m', labels: { namespace: 'security', daemonset: 'security-agent', job: 'kube-state-metrics' }, summary: 'DaemonSet rollout is stuck.', description: 'DaemonSet security/security-agent has not finished or progressed for at least 15 minutes.', target: { namespace: 'security', kind: 'DaemonSet', name: 'security-agent' } });
    },
  },
  {
    category: 'image-pull',
    slug: 'invalid-image-name-and-rate-limit',
    now: '2026-09-18T10:10:10Z',
    title: 'A hand-written debug Deployment uses "docker.io/library/nginx:1.27:alpine" (InvalidImageName, "invalid reference format"); its sidecar from Docker Hub also hits "toomanyrequests".',
    flavor: 'gke',
    build(w) {
      const nodes = cluster(w, 3);
      const bad = 'docker.io/library/nginx:1.27:alpine';
      const t = appTemplate({ name: 'debug-proxy', image: bad, port: 80, probes: 'none', labelStyle: 'app' });
      t.containers.push({ name: 'exporter', image: 'docker.io/nginx/nginx-prometheus-exporter:1.4.1', ports: [{ containerPort: 9113 }], resources: {} });
      const d = simpleDeploy(w, { ns: 'tools', name: 'debug-proxy', template: t, replicas: 1, ready: 0, condition: 'unavailable', createdAt: w.iso('-15m'), rsCreatedAt: w.iso('-15m'), revision: 1, availableSince: w.iso('-15m') });
      const p = w.add(pod(w, { owner: d.owners[0]!, createdAt: w.iso('-15m'), node: nodes[0]!.ref, readyChangedAt: w.iso('-15m'), statuses: [
        { state: waiting('InvalidImageName', `Failed to apply default image tag "${bad}": couldn't parse image name "${bad}": invalid reference format`), ready: false, pulled: false },
        { state: waiting('ImagePullBackOff', 'Back-off pulling image "docker.io/nginx/nginx-prometheus-exporter:1.4.1"'), ready: false, pulled: false },
      ] }));
      kubelet(w, p, 'InspectFailed', `Failed to apply default image tag "${bad}": couldn't parse image name "${bad}": invalid reference format`, '-15m', '-20s', 70);
      kubelet(w, p, 'Failed', 'Error: InvalidImageName', '-15m', '-20s', 70);
      kubelet(w, p, 'Failed', 'Failed to pull image "docker.io/nginx/nginx-prometheus-exporter:1.4.1": failed to pull and unpack image "docker.io/nginx/nginx-prometheus-exporter:1.4.1": failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/nginx/nginx-prometheus-exporter/manifests/sha256:5a1e…: 429 Too Many Requests - Server message: toomanyrequests: You have reached your unauthenticated pull rate limit. https://www.docker.com/increase-rate-limit', '-14m', '-3m', 6, { container: 'exporter' });
      manualAlarm(w, { name: 'debug-proxy pending', description: 'why does my pod not start', target: { namespace: 'tools', kind: 'Deployment', name: 'debug-proxy' }, startsAt: '-10m', user: 'junior.dev' });
    },
  },
];
