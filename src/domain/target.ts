/** A reference to the Kubernetes object an alarm or a remediation is about; every part may be unknown. */
export interface TargetRef {
  readonly namespace?: string;
  readonly kind?: string;
  readonly name?: string;
}

export function formatTarget(target: TargetRef): string {
  const parts = [target.namespace, target.kind, target.name].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join('/') : '(no target)';
}

/** Parses "ns/kind/name", "kind/name" or "name" (as given to `--target`). */
export function parseTarget(text: string): TargetRef {
  const parts = text.split('/').filter((p) => p.length > 0);
  if (parts.length === 3) return { namespace: parts[0], kind: parts[1], name: parts[2] };
  if (parts.length === 2) return { kind: parts[0], name: parts[1] };
  if (parts.length === 1) return { name: parts[0] };
  throw new Error(`target "${text}" is not of the form namespace/kind/name`);
}
