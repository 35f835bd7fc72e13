/**
 * Right-sizing: from a container's usage over a window (CPU cores, memory working-set bytes), its
 * P95s give the recommended requests and limits (factors configurable), the change against what
 * it asks for today, and the monthly saving of the requests at a price per vCPU-hour and GiB-hour.
 * Pure; the samples come from Prometheus through core/assistant/rightsizing.ts.
 */
import type { Remediation, ResourceAmounts } from './diagnosis.js';
import { formatCores, parseQuantity } from './quantity.js';
import { percentile } from './timeseries.js';

export interface RightsizingFactors {
  readonly cpuRequest: number;
  readonly memoryRequest: number;
  /** null: recommend no CPU limit (leave the current one as is). */
  readonly cpuLimit: number | null;
  readonly memoryLimit: number;
}

export interface Prices {
  /** USD per vCPU-hour requested. */
  readonly vcpuHour: number;
  /** USD per GiB-hour requested. */
  readonly gibHour: number;
}

/** AWS Fargate on-demand, us-east-1 (Linux/x86): a fair per-unit price of requested capacity. */
export const DEFAULT_PRICES: Prices = { vcpuHour: 0.04048, gibHour: 0.004445 };
export const DEFAULT_FACTORS: RightsizingFactors = { cpuRequest: 2, memoryRequest: 1.5, cpuLimit: 6, memoryLimit: 3 };
export const HOURS_PER_MONTH = 730;

export interface RightsizingOptions {
  readonly factors: RightsizingFactors;
  readonly prices: Prices;
  /** Usage data must span at least this long (default 24 h) … */
  readonly minCoverageSeconds: number;
  /** … with at least this many samples per resource (default 100). */
  readonly minSamples: number;
  /** A change smaller than this share of the current value is not worth a rollout (default 0.1). */
  readonly tolerance: number;
}

export const DEFAULT_RIGHTSIZING: RightsizingOptions = { factors: DEFAULT_FACTORS, prices: DEFAULT_PRICES, minCoverageSeconds: 24 * 3600, minSamples: 100, tolerance: 0.1 };

export interface ContainerUsage {
  readonly namespace: string;
  /** The workload that owns the pods (a Deployment for remediations). */
  readonly workload: { readonly kind: string; readonly name: string };
  readonly container: string;
  readonly replicas: number;
  /** Cores, one per sample, all pods of the workload together. */
  readonly cpu: readonly number[];
  /** Bytes. */
  readonly memory: readonly number[];
  /** Seconds between the first and last sample. */
  readonly coveredSeconds: number;
  readonly current: { readonly requests?: ResourceAmounts; readonly limits?: ResourceAmounts };
}

export interface Sizing {
  readonly cpu: string;
  readonly memory: string;
}

export interface Recommendation {
  readonly kind: 'recommendation';
  readonly namespace: string;
  readonly workload: { readonly kind: string; readonly name: string };
  readonly container: string;
  readonly replicas: number;
  readonly p95: { readonly cpuCores: number; readonly memoryBytes: number };
  readonly current: { readonly requests?: ResourceAmounts; readonly limits?: ResourceAmounts };
  readonly requests: Sizing;
  readonly limits: { readonly cpu?: string; readonly memory: string };
  /** USD per month for all replicas; positive saves, negative costs more; undefined without a current request. */
  readonly monthlySaving?: number;
  /** False when every value is within the tolerance of the current one. */
  readonly worthChanging: boolean;
  readonly remediation?: Remediation;
}

export interface Skipped {
  readonly kind: 'skipped';
  readonly namespace: string;
  readonly workload: { readonly kind: string; readonly name: string };
  readonly container: string;
  readonly reason: string;
}

export type RightsizingResult = Recommendation | Skipped;

const MI = 2 ** 20;
const GI = 2 ** 30;

/** Memory rounded up to whole MiB, CPU up to whole millicores: the maths stays visible in the values. */
export const memoryQuantity = (bytes: number): string => `${Math.max(1, Math.ceil(bytes / MI - 1e-9))}Mi`;
export const cpuQuantity = (cores: number): string => formatCores(Math.max(cores, 0.001));

export function rightsize(usage: ContainerUsage, options: RightsizingOptions = DEFAULT_RIGHTSIZING): RightsizingResult {
  const base = { namespace: usage.namespace, workload: usage.workload, container: usage.container };
  const hours = (s: number): string => `${(s / 3600).toFixed(1)} h`;
  if (usage.coveredSeconds < options.minCoverageSeconds) {
    return { kind: 'skipped', ...base, reason: `only ${hours(usage.coveredSeconds)} of usage data (needs at least ${hours(options.minCoverageSeconds)})` };
  }
  const fewest = Math.min(usage.cpu.length, usage.memory.length);
  if (fewest < options.minSamples) {
    const which = usage.cpu.length < usage.memory.length ? 'CPU' : 'memory';
    return { kind: 'skipped', ...base, reason: `only ${fewest} ${which} samples (needs at least ${options.minSamples})` };
  }
  const cpuP95 = percentile(usage.cpu, 95) as number;
  const memoryP95 = percentile(usage.memory, 95) as number;
  if (!(memoryP95 > 0)) return { kind: 'skipped', ...base, reason: 'memory usage reads 0 (no working-set data)' };

  const { factors } = options;
  const requests: Sizing = { cpu: cpuQuantity(cpuP95 * factors.cpuRequest), memory: memoryQuantity(memoryP95 * factors.memoryRequest) };
  const limits = { ...(factors.cpuLimit !== null ? { cpu: cpuQuantity(cpuP95 * factors.cpuLimit) } : {}), memory: memoryQuantity(memoryP95 * factors.memoryLimit) };
  const monthlySaving = savingOf(usage, requests, options.prices);
  const worthChanging = changes(usage.current.requests?.cpu, requests.cpu, options.tolerance) || changes(usage.current.requests?.memory, requests.memory, options.tolerance) || changes(usage.current.limits?.memory, limits.memory, options.tolerance) || (limits.cpu !== undefined && changes(usage.current.limits?.cpu, limits.cpu, options.tolerance));
  const recommendation: Recommendation = {
    kind: 'recommendation',
    ...base,
    replicas: usage.replicas,
    p95: { cpuCores: cpuP95, memoryBytes: memoryP95 },
    current: usage.current,
    requests,
    limits,
    ...(monthlySaving !== undefined ? { monthlySaving } : {}),
    worthChanging,
  };
  return worthChanging && usage.workload.kind === 'Deployment' ? { ...recommendation, remediation: remediationOf(recommendation, factors) } : recommendation;
}

function changes(current: string | undefined, proposed: string, tolerance: number): boolean {
  const now = parseQuantity(current);
  const next = parseQuantity(proposed) as number;
  return now === undefined || now <= 0 || Math.abs(next - now) / now > tolerance;
}

function savingOf(usage: ContainerUsage, requests: Sizing, prices: Prices): number | undefined {
  const cpuNow = parseQuantity(usage.current.requests?.cpu);
  const memoryNow = parseQuantity(usage.current.requests?.memory);
  if (cpuNow === undefined && memoryNow === undefined) return undefined;
  const cpu = cpuNow === undefined ? 0 : (cpuNow - (parseQuantity(requests.cpu) as number)) * prices.vcpuHour;
  const memory = memoryNow === undefined ? 0 : ((memoryNow - (parseQuantity(requests.memory) as number)) / GI) * prices.gibHour;
  return Math.round((cpu + memory) * HOURS_PER_MONTH * usage.replicas * 100) / 100;
}

function remediationOf(r: Recommendation, factors: RightsizingFactors): Remediation {
  const lowersMemoryLimit = (parseQuantity(r.current.limits?.memory) ?? Infinity) > (parseQuantity(r.limits.memory) as number);
  const why = `P95 over the window: CPU ${cpuQuantity(r.p95.cpuCores)}, memory ${memoryQuantity(r.p95.memoryBytes)}; requests = ${factors.cpuRequest}× / ${factors.memoryRequest}×, limits = ${factors.cpuLimit === null ? 'no CPU limit' : `${factors.cpuLimit}×`} / ${factors.memoryLimit}× P95`;
  const saving = r.monthlySaving === undefined ? '' : r.monthlySaving >= 0 ? `; saves about $${r.monthlySaving.toFixed(2)}/month` : `; costs about $${(-r.monthlySaving).toFixed(2)}/month more (under-provisioned today)`;
  return {
    action: 'set-resources',
    target: { namespace: r.namespace, kind: 'Deployment', name: r.workload.name },
    params: { container: r.container, requests: r.requests, limits: r.limits },
    rationale: `${why}${saving}.`,
    risk: lowersMemoryLimit ? 'medium' : 'low',
  };
}

/** "250m → 120m" style lines of what changes, for messages and the CLI. */
export function describeChange(r: Recommendation): string[] {
  const arrow = (now: string | undefined, next: string | undefined): string => `${now ?? 'unset'} → ${next ?? 'unchanged'}`;
  return [
    `requests cpu ${arrow(r.current.requests?.cpu, r.requests.cpu)}, memory ${arrow(r.current.requests?.memory, r.requests.memory)}`,
    `limits cpu ${arrow(r.current.limits?.cpu, r.limits.cpu)}, memory ${arrow(r.current.limits?.memory, r.limits.memory)}`,
  ];
}
