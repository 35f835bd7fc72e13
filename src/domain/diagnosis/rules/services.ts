/**
 * service-no-endpoints: a Service whose selector matches no pod at all while pods that were meant
 * for it exist (a label or selector typo). Pods that match but are not Ready are another cause
 * (probes, crashes) and are left to those rules.
 */
import type { Evidence } from '../../diagnosis.js';
import type { KubeObject } from '../../snapshot.js';
import type { DiagnosisContext } from '../context.js';
import { evidence, score, type Finding } from '../finding.js';
import type { PodFacts } from '../pods.js';
import { at, list, records, stringMap } from '../read.js';
import { createIssue } from '../remedies.js';

function matchesSelector(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** A pod that looks meant for the Service: it shares a selector key or value, or the Service's name. */
function nearMatch(service: string, selector: Readonly<Record<string, string>>, pod: PodFacts): boolean {
  const values = new Set(Object.values(pod.labels));
  const entries = Object.entries(selector);
  const sharedKeyOrValue = entries.some(([k, v]) => pod.labels[k] !== undefined || values.has(v));
  return sharedKeyOrValue || pod.name.startsWith(`${service}-`) || [...values].some((v) => v === service);
}

function endpointState(ctx: DiagnosisContext, namespace: string, name: string): { empty: boolean | undefined; evidence: Evidence[] } {
  const endpoints = ctx.cluster.get('Endpoints', namespace, name);
  const slices = ctx.cluster.ofKind('EndpointSlice').filter((s) => s.metadata?.namespace === namespace && s.metadata?.labels?.['kubernetes.io/service-name'] === name);
  if (endpoints) {
    const addresses = records(endpoints.subsets).reduce((n, s) => n + list(s.addresses).length + list(s.notReadyAddresses).length, 0);
    return { empty: addresses === 0, evidence: [evidence('kubernetes', `Endpoints/${namespace}/${name}`, addresses === 0 ? 'no addresses (subsets empty)' : `${addresses} address(es)`)] };
  }
  if (slices.length > 0) {
    const count = slices.reduce((n, s) => n + list(s.endpoints).length, 0);
    return { empty: count === 0, evidence: [evidence('kubernetes', `EndpointSlice/${namespace}/${slices[0]?.metadata?.name ?? ''}`, count === 0 ? 'endpoints empty' : `${count} endpoint(s)`)] };
  }
  return { empty: undefined, evidence: [] };
}

function relevanceOf(ctx: DiagnosisContext, service: KubeObject): number {
  const name = service.metadata?.name ?? '';
  const namespace = service.metadata?.namespace ?? '';
  if (ctx.focus.service === service) return 1;
  if (ctx.focus.target.name === name && (ctx.focus.namespace === undefined || ctx.focus.namespace === namespace)) return 1;
  if (ctx.focus.workloads.some((w) => w.name === name && w.namespace === namespace)) return 0.9;
  return ctx.relevanceOfNamespace(namespace) * 0.7;
}

export function serviceRules(ctx: DiagnosisContext): Finding[] {
  const findings: Finding[] = [];
  for (const service of ctx.cluster.ofKind('Service')) {
    const selector = stringMap(at(service, 'spec', 'selector'));
    if (Object.keys(selector).length === 0 || at(service, 'spec', 'type') === 'ExternalName') continue;
    const namespace = service.metadata?.namespace ?? '';
    const name = service.metadata?.name ?? '';
    const inNamespace = ctx.cluster.pods.filter((p) => p.namespace === namespace && p.phase !== 'Succeeded' && p.phase !== 'Failed');
    if (inNamespace.some((p) => matchesSelector(selector, p.labels))) continue;
    const near = inNamespace.filter((p) => nearMatch(name, selector, p));
    const endpoints = endpointState(ctx, namespace, name);
    if (endpoints.empty === false) continue;
    const selectorText = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const strength = (near.length > 0 ? 0.8 : 0.45) + (endpoints.empty ? 0.1 : 0);
    const sample = near[0];
    const sampleLabels = sample
      ? Object.entries(sample.labels)
          .filter(([k]) => k !== 'pod-template-hash')
          .map(([k, v]) => `${k}=${v}`)
          .join(',')
      : '';
    const target = { namespace, kind: 'Service', name };
    findings.push({
      category: 'service-no-endpoints',
      score: score(strength * relevanceOf(ctx, service)),
      summary: `Service ${name} selects no pod: its selector ${selectorText} matches none of the ${inNamespace.length} pods in ${namespace}${sample ? ` (pods such as ${sample.name} carry ${sampleLabels})` : ''}`,
      target,
      evidence: [
        evidence('kubernetes', `Service/${namespace}/${name}`, `spec.selector ${selectorText}`),
        ...endpoints.evidence,
        ...(sample ? [evidence('kubernetes', sample.ref, `labels ${sampleLabels}`)] : []),
      ],
      remediations: createIssue('service-no-endpoints', target, `Service ${name} selects no pods`, `Selector ${selectorText} matches no pod${sample ? `; ${sample.name} has ${sampleLabels}` : ''}. Fix the Service selector or the pod template labels.`),
      ...(near.length === 0 ? { missing: [`no pods in ${namespace} that look meant for Service ${name}`] } : {}),
    });
  }
  return findings;
}
