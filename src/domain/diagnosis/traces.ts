/**
 * Reads X-Ray evidence: in the service graph (GetServiceGraph), follows the alarm's service
 * down its edges to the deepest node that faults or is slow; in trace summaries
 * (GetTraceSummaries), counts which service the root causes name.
 */
import { num, record, records, text, type Json } from './read.js';

export interface NodeStats {
  readonly name: string;
  readonly total: number;
  readonly faultRate: number;
  readonly errorRate: number;
  /** Mean response time, seconds. */
  readonly meanSeconds: number;
}

export interface TraceCulprit {
  readonly entry: NodeStats;
  /** Downstream nodes from the entry to the culprit, the culprit last; empty when every downstream call is healthy. */
  readonly path: readonly NodeStats[];
}

function statsOf(name: string, summary: Json | undefined): NodeStats | undefined {
  const total = num(summary?.TotalCount) ?? 0;
  if (!summary || total <= 0) return undefined;
  return {
    name,
    total,
    faultRate: (num(record(summary.FaultStatistics)?.TotalCount) ?? 0) / total,
    errorRate: (num(record(summary.ErrorStatistics)?.TotalCount) ?? 0) / total,
    meanSeconds: (num(summary.TotalResponseTime) ?? 0) / total,
  };
}

function names(node: Json): string[] {
  const aliases = Array.isArray(node.Names) ? node.Names.filter((n): n is string => typeof n === 'string') : [];
  return [text(node.Name) ?? '', ...aliases].filter(Boolean);
}

/** Is this downstream edge the reason its caller is slow or failing? */
function isCulprit(edge: NodeStats, caller: NodeStats | undefined): boolean {
  if (edge.faultRate >= 0.05 || edge.errorRate >= 0.2) return true;
  return edge.meanSeconds >= 0.5 && (caller === undefined || edge.meanSeconds >= 0.5 * caller.meanSeconds);
}

/** The deepest faulting or slow node below the service named `service` (else below the root); undefined without that node. */
export function graphCulprit(services: readonly unknown[], service: readonly string[]): TraceCulprit | undefined {
  const nodes = records(services);
  const byRef = new Map<number, Json>();
  for (const node of nodes) {
    const ref = num(node.ReferenceId);
    if (ref !== undefined) byRef.set(ref, node);
  }
  const wanted = service.map((s) => s.toLowerCase());
  const real = nodes.filter((n) => text(n.Type) !== 'client');
  const entryNode = real.find((n) => names(n).some((x) => wanted.includes(x.toLowerCase()))) ?? real.find((n) => n.Root === true);
  if (!entryNode) return undefined;
  const entry = statsOf(text(entryNode.Name) ?? '', record(entryNode.SummaryStatistics));
  if (!entry) return undefined;
  const path: NodeStats[] = [];
  let current = entryNode;
  let caller: NodeStats = entry;
  const visited = new Set<Json>([entryNode]);
  for (let depth = 0; depth < 6; depth++) {
    const next = records(current.Edges)
      .map((edge) => {
        const node = byRef.get(num(edge.ReferenceId) ?? -1);
        const stats = node ? statsOf(text(node.Name) ?? '', record(edge.SummaryStatistics)) : undefined;
        return node && stats && !visited.has(node) ? { node, stats } : undefined;
      })
      .filter((x): x is { node: Json; stats: NodeStats } => x !== undefined && isCulprit(x.stats, caller))
      .sort((a, b) => b.stats.faultRate - a.stats.faultRate || b.stats.meanSeconds - a.stats.meanSeconds || a.stats.name.localeCompare(b.stats.name))[0];
    if (!next) break;
    path.push(next.stats);
    visited.add(next.node);
    caller = next.stats;
    current = next.node;
  }
  return { entry, path };
}

/** How often each service is the deepest one named in the traces' fault, error and response-time root causes. */
export function rootCauseServices(summaries: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const summary of records(summaries)) {
    for (const key of ['FaultRootCauses', 'ErrorRootCauses', 'ResponseTimeRootCauses']) {
      for (const cause of records(summary[key])) {
        const deepest = records(cause.Services).at(-1);
        const name = deepest ? text(deepest.Name) : undefined;
        if (name) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
    }
  }
  return counts;
}
