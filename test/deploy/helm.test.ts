/**
 * helm/triaged: `helm lint` (also --strict) is clean; `helm template` renders valid objects with
 * the defaults, with every option on, read-only minimal, and Slack over HTTP; the chart makes the
 * same objects as manifests/; bad combinations fail with a message naming the value; the values
 * schema types every value.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectAllValid, expectConfigMapKeys, expectRestrictedPods, expectTriagedDeployment } from './deploy-checks.js';
import { ensureTools, helmTemplate, kustomize, ROOT, run, runOk, type K8sObject } from './tools.js';

const EVERYTHING = 'helm/triaged/ci/everything-values.yaml';
const MINIMAL = 'helm/triaged/ci/minimal-values.yaml';
const HTTP_SLACK = 'helm/triaged/ci/http-slack-values.yaml';

const kinds = (objects: readonly K8sObject[]) => [...new Set(objects.map((o) => o.kind))].sort();
const one = (objects: readonly K8sObject[], kind: string, name?: string): K8sObject => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as K8sObject;
};
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
const envOf = (objects: readonly K8sObject[]): Map<string, Env> => {
  const d = one(objects, 'Deployment');
  const c = (d.spec as { template: { spec: { containers: { env: Env[] }[] } } }).template.spec.containers[0];
  return new Map((c?.env ?? []).map((e) => [e.name, e]));
};
const configOf = (objects: readonly K8sObject[]) => one(objects, 'ConfigMap').data as Record<string, string>;

describe('helm lint', () => {
  it.each([[[]], [['-f', EVERYTHING]], [['-f', MINIMAL]], [['-f', HTTP_SLACK]]])('is clean with %j, also with --strict', (values) => {
    const { helm } = ensureTools();
    for (const strict of [[], ['--strict']]) {
      const out = runOk(helm, ['lint', 'helm/triaged', ...strict, ...values]);
      expect(out).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
      expect(out).not.toMatch(/\[(WARNING|ERROR)\]/);
    }
  });
});

describe('helm template', () => {
  const defaults = helmTemplate();
  const everything = helmTemplate([EVERYTHING]);
  const minimal = helmTemplate([MINIMAL]);
  const httpSlack = helmTemplate([HTTP_SLACK]);

  it.each([
    ['defaults', defaults],
    ['everything on', everything],
    ['minimal read-only', minimal],
    ['Slack over HTTP', httpSlack],
  ])('renders valid, restricted objects (%s)', (_name, objects) => {
    expectAllValid(objects);
    expectRestrictedPods(objects);
    expectTriagedDeployment(objects);
    expectConfigMapKeys(one(objects, 'ConfigMap'));
  });

  it('with defaults makes the same kinds as manifests/ (the Namespace and Lease Role aside)', () => {
    const fromKustomize = kustomize('manifests/').filter((o) => o.kind !== 'Namespace' && !o.metadata.name.includes('leader-election'));
    expect(kinds(defaults)).toEqual(kinds(fromKustomize));
    const names = (objects: readonly K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(names(defaults)).toEqual(names(fromKustomize));
    const manifestConfig = kustomize('manifests/').find((o) => o.kind === 'ConfigMap')?.data as Record<string, string>;
    const chartConfig = configOf(defaults);
    // Same settings and values, except the cluster name, which the chart leaves out unless set.
    const { TRIAGED_CLUSTER_NAME: _cluster, ...manifestRest } = manifestConfig;
    expect(chartConfig).toEqual(manifestRest);
  });

  it('with everything on: IRSA, SQS, socket-mode Slack, leader election, 2 replicas, write RBAC, ServiceMonitor', () => {
    const sa = one(everything, 'ServiceAccount');
    expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::123456789012:role/triaged');
    const config = configOf(everything);
    expect(config.TRIAGED_SQS_QUEUE_URL).toBe('https://sqs.us-east-1.amazonaws.com/123456789012/triaged-alarms');
    expect(config.AWS_REGION).toBe('us-east-1');
    expect(config.AWS_ENDPOINT_URL_SQS).toBe('https://sqs.us-east-1.amazonaws.com');
    expect(config.TRIAGED_LEADER_ELECTION).toBe('true');
    expect(config.TRIAGED_WATCH_NAMESPACES).toBe('shop,payments');
    expect(config.TRIAGED_APPROVERS).toBe('U0123456789,S0123456789');
    expect(config.TRIAGED_PROMETHEUS_BEARER_TOKEN_FILE).toBe('/etc/triaged/prometheus-token/token');
    expect(config.TRIAGED_PROMETHEUS_CA_FILE).toBe('/etc/triaged/prometheus-ca/ca.crt');
    expect(config.TRIAGED_XRAY_ENABLED).toBe('true');
    expect(config.TRIAGED_LOGS_APP_LOG_GROUPS).toBe('/aws/containerinsights/prod-eks/application');
    expect(config.TRIAGED_GITHUB_REPO).toBe('example/shop');
    const env = envOf(everything);
    expect(env.get('SLACK_APP_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'triaged-slack', key: 'SLACK_APP_TOKEN' });
    expect(env.has('SLACK_SIGNING_SECRET')).toBe(false);
    expect(env.get('TRIAGED_ALERTMANAGER_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'triaged-secrets', key: 'TRIAGED_ALERTMANAGER_TOKEN' });
    expect(env.get('TRIAGED_GITHUB_TOKEN')?.valueFrom?.secretKeyRef).toEqual({ name: 'triaged-github', key: 'token' });
    expect(env.get('TRIAGED_CONFIG_FILE')?.value).toBe('/etc/triaged/config.yaml');
    const deployment = one(everything, 'Deployment');
    expect((deployment.spec as { replicas: number }).replicas).toBe(2);
    expect((deployment.spec as { strategy?: unknown }).strategy).toBeUndefined();
    expect(one(everything, 'Role', 'triaged-leader-election')).toBeDefined();
    expect(everything.filter((o) => o.kind === 'Role' && o.metadata.name === 'triaged-remediate').map((o) => o.metadata.namespace).sort()).toEqual(['payments', 'shop']);
    expect(one(everything, 'ClusterRole', 'triaged-cordon')).toBeDefined();
    expect(everything.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    const sm = one(everything, 'ServiceMonitor');
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels?.release).toBe('kube-prometheus-stack');
    const np = one(everything, 'NetworkPolicy').spec as { egress: { ports: { port: number }[] }[] };
    expect(np.egress.flatMap((r) => r.ports.map((p) => p.port))).toContain(9090);
  });

  it('minimal read-only: no Slack secrets, no write Role, no NetworkPolicy, no PDB, no ConfigMap reads', () => {
    expect(kinds(minimal)).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Service', 'ServiceAccount']);
    const env = envOf(minimal);
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET']) expect(env.has(name)).toBe(false);
    const rules = one(minimal, 'ClusterRole').rules as { resources: string[] }[];
    expect(rules.flatMap((r) => r.resources)).not.toContain('configmaps');
  });

  it('Slack over HTTP takes the signing secret, not the app token, and uses an existing claim', () => {
    const env = envOf(httpSlack);
    expect(env.get('SLACK_SIGNING_SECRET')?.valueFrom?.secretKeyRef).toEqual({ name: 'triaged-secrets', key: 'SLACK_SIGNING_SECRET' });
    expect(env.has('SLACK_APP_TOKEN')).toBe(false);
    expect(httpSlack.some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
    const volumes = (one(httpSlack, 'Deployment').spec as { template: { spec: { volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] } } }).template.spec.volumes;
    expect(volumes.find((v) => v.name === 'data')?.persistentVolumeClaim?.claimName).toBe('triaged-store');
    expect(httpSlack.filter((o) => o.kind === 'ClusterRole').map((o) => o.metadata.name)).toEqual(['triaged-read']);
  });
});

describe('helm template refuses unsafe combinations', () => {
  const template = (...set: string[]) => {
    const { helm } = ensureTools();
    return run(helm, ['template', 'triaged', 'helm/triaged', ...set.flatMap((s) => ['--set', s])]);
  };

  it('more than one replica without leader election', () => {
    const r = template('replicaCount=2');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/replicaCount is 2 but leaderElection.enabled is false/);
  });

  it('more than one replica sharing one ReadWriteOnce SQLite volume', () => {
    const r = template('replicaCount=2', 'leaderElection.enabled=true');
    expect(r.stderr).toMatch(/SQLite store .* cannot be shared between pods/);
    expect(r.stderr).toMatch(/TRIAGED_DATABASE_URL\) is designed but not built yet/);
    expect(template('replicaCount=2', 'leaderElection.enabled=true', 'persistence.type=emptyDir').status).toBe(0);
  });

  it('an SQS source without a queue URL, and unknown or mistyped values', () => {
    expect(template('sources.sqs.enabled=true').stderr).toMatch(/sources.sqs.queueUrl is empty/);
    expect(template('replicas=2').stderr).toMatch(/additional properties 'replicas' not allowed/);
    expect(template('slack.mode=websocket').stderr).toMatch(/slack\/mode/);
    expect(template('rbac.write.actions={delete-everything}').status).not.toBe(0);
  });
});

describe('values.schema.json', () => {
  const schema = JSON.parse(readFileSync(`${ROOT}helm/triaged/values.schema.json`, 'utf8')) as Schema;
  const values = parse(readFileSync(`${ROOT}helm/triaged/values.yaml`, 'utf8')) as Record<string, unknown>;
  type Schema = { $schema?: string; type?: string | string[]; properties?: Record<string, Schema>; additionalProperties?: boolean | Schema; items?: Schema };

  it('is draft-07 and closed at the top level', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it('types every value in values.yaml', () => {
    const untyped: string[] = [];
    const walk = (value: unknown, s: Schema | undefined, path: string) => {
      if (!s || s.type === undefined) {
        untyped.push(path);
        return;
      }
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) {
          const child = s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
          walk(v, child, `${path}.${k}`);
        }
      }
    };
    for (const [k, v] of Object.entries(values)) walk(v, schema.properties?.[k], k);
    expect(untyped).toEqual([]);
    expect(Object.keys(schema.properties ?? {}).sort()).toEqual(Object.keys(values).sort());
  });
});
