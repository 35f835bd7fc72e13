/** What an investigation is about once resolved: the workload, its pods, the nodes they run on. */
import type { KubeObject } from '../../domain/snapshot.js';

export interface InvestigationScope {
  namespace?: string;
  workload?: KubeObject;
  service?: KubeObject;
  pods: KubeObject[];
  nodeNames: Set<string>;
}

export function emptyScope(namespace?: string): InvestigationScope {
  return { namespace, pods: [], nodeNames: new Set() };
}

/** `spec.selector.matchLabels` (and simple matchExpressions) as a label selector string. */
export function selectorOf(object: KubeObject): string | undefined {
  const spec = object.spec as { selector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] } | Record<string, string> } | undefined;
  const selector = spec?.selector;
  if (!selector) return undefined;
  // A Service's selector is a plain map; a workload's is a LabelSelector.
  const isLabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector;
  const labels = (isLabelSelector ? (selector as { matchLabels?: Record<string, string> }).matchLabels : selector) as Record<string, string> | undefined;
  const parts = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const expressions = isLabelSelector ? ((selector as { matchExpressions?: { key: string; operator: string; values?: string[] }[] }).matchExpressions ?? []) : [];
  for (const e of expressions) {
    if (e.operator === 'In') parts.push(`${e.key} in (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${(e.values ?? []).join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length > 0 ? parts.join(',') : undefined;
}

export function nameOf(object: KubeObject): string {
  return object.metadata?.name ?? '';
}
