/**
 * PromQL literals shared by the translator and the Prometheus adapter's queries: quoted label
 * values, escaped regexes and the pod-name pattern of each controller.
 */

/** A string literal for PromQL: backslash, double quote and line breaks escaped. */
export function quoteLabelValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
}

/** Escapes RE2 metacharacters so a name matches only itself inside `=~`. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export const WORKLOAD_KINDS = ['deployment', 'statefulset', 'daemonset', 'replicaset', 'job', 'cronjob'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The generated-name suffix each controller adds to its pods; PromQL regexes are anchored. */
const POD_SUFFIX: Readonly<Record<WorkloadKind, string>> = {
  deployment: '-[a-z0-9]+-[a-z0-9]{5}',
  replicaset: '-[a-z0-9]{5}',
  statefulset: '-[0-9]+',
  daemonset: '-[a-z0-9]{5}',
  job: '-[a-z0-9]{5}',
  cronjob: '-[0-9]+-[a-z0-9]{5}',
};

export function workloadPodPattern(kind: WorkloadKind, name: string): string {
  return `${escapeRegex(name)}${POD_SUFFIX[kind]}`;
}

/** node-exporter's `instance` is the node name, perhaps with a port. */
export function nodeInstancePattern(node: string): string {
  return `${escapeRegex(node)}(:[0-9]+)?`;
}
