/**
 * X-Ray GetServiceGraph "Services" entries and GetTraceSummaries "TraceSummaries" entries, in the
 * API's shape (epoch seconds as numbers, statistics with Ok/Error/Fault counts, histograms).
 */
import type { Obj } from './util.js';
import type { World } from './world.js';

export interface Stats {
  ok: number;
  errors?: number;
  throttles?: number;
  faults: number;
  /** Mean response time in seconds. */
  mean: number;
}

export interface GraphNode {
  ref: number;
  name: string;
  type: string;
  root?: boolean;
  /** Node statistics (absent on client nodes). */
  stats?: Stats;
  edges: { to: number; stats: Stats }[];
}

function summary(s: Stats): Obj {
  const errors = (s.errors ?? 0) + (s.throttles ?? 0);
  const total = s.ok + errors + s.faults;
  return {
    OkCount: s.ok,
    ErrorStatistics: { ThrottleCount: s.throttles ?? 0, OtherCount: s.errors ?? 0, TotalCount: errors },
    FaultStatistics: { OtherCount: s.faults, TotalCount: s.faults },
    TotalCount: total,
    TotalResponseTime: Math.round(total * s.mean * 1000) / 1000,
  };
}

/** A plausible response-time histogram around the mean, counts summing to the total. */
function histogram(w: World, s: Stats): Obj[] {
  const total = s.ok + (s.errors ?? 0) + (s.throttles ?? 0) + s.faults;
  const buckets = [0.35, 0.6, 1, 1.6, 2.8];
  const weights = [0.18, 0.32, 0.27, 0.15, 0.08];
  let left = total;
  return buckets.map((b, i) => {
    const count = i === buckets.length - 1 ? left : Math.round(total * (weights[i] as number));
    left -= count;
    return { Value: Math.round(s.mean * b * (1 + w.rng.jitter() * 0.05) * 1000) / 1000, Count: count };
  });
}

export function serviceGraph(w: World, start: number, end: number, nodes: GraphNode[], accountId = '123456789012'): Obj[] {
  return nodes.map((n) => {
    const out: Obj = { ReferenceId: n.ref, Name: n.name, Names: [n.name] };
    if (n.root) out.Root = true;
    if (n.type !== 'client' && n.type !== 'remote' && !n.type.startsWith('AWS::RDS') && !n.type.startsWith('AWS::ElastiCache')) out.AccountId = accountId;
    out.Type = n.type;
    out.State = n.type === 'client' || n.type === 'remote' ? 'unknown' : 'active';
    out.StartTime = start;
    out.EndTime = end;
    out.Edges = n.edges.map((e) => ({
      ReferenceId: e.to,
      StartTime: start,
      EndTime: end,
      SummaryStatistics: summary(e.stats),
      ResponseTimeHistogram: histogram(w, e.stats),
      Aliases: [],
    }));
    if (n.stats) {
      out.SummaryStatistics = summary(n.stats);
      const h = histogram(w, n.stats);
      out.DurationHistogram = h;
      out.ResponseTimeHistogram = h;
    }
    return out;
  });
}

export interface TraceDef {
  at: number;
  duration: number;
  url: string;
  method?: string;
  status: number;
  entry: string;
  services: { name: string; type: string }[];
  /** Where the fault was raised: service name, exception name and message, via path from the entry. */
  fault?: { path: string[]; service: string; exception: string; message: string };
  /** Where the time went (ResponseTimeRootCauses): path and the coverage of the slow service. */
  slow?: { path: string[]; service: string; coverage: number };
}

function traceId(w: World, at: number): string {
  return `1-${Math.floor(at).toString(16).padStart(8, '0')}-${w.rng.hex(24)}`;
}

function sid(s: { name: string; type: string }, accountId: string): Obj {
  return { Name: s.name, Names: [s.name], ...(s.type === 'client' || s.type === 'remote' ? {} : { AccountId: accountId }), Type: s.type };
}

export function traceSummary(w: World, t: TraceDef, accountId = '123456789012'): Obj {
  const entry = t.services.find((s) => s.name === t.entry && s.type !== 'client') ?? { name: t.entry, type: 'AWS::EKS::Container' };
  const rootCause = (kind: 'fault' | 'slow'): Obj[] => {
    const spec = kind === 'fault' ? t.fault : t.slow;
    if (!spec) return [];
    const svc = t.services.find((s) => s.name === spec.service) ?? { name: spec.service, type: 'remote' };
    const caller = spec.path[spec.path.length - 2] ?? t.entry;
    const callerSvc = t.services.find((s) => s.name === caller && s.type !== 'client') ?? entry;
    const services: Obj[] = [];
    const pathEntries = (names: string[], leafExtra: Obj): Obj[] =>
      names.map((n, i) => ({ Name: n, ...(i === names.length - 1 ? leafExtra : kind === 'fault' ? { Exceptions: [] } : { Coverage: 1.0 }), Remote: i > 0 }));
    if (svc.type === 'remote') {
      services.push({
        ...sid(callerSvc, accountId),
        EntityPath: pathEntries([caller, spec.service], kind === 'fault' ? { Exceptions: [{ Name: (t.fault as TraceDef['fault'] & object).exception, Message: (t.fault as TraceDef['fault'] & object).message }] } : { Coverage: (t.slow as TraceDef['slow'] & object).coverage }),
        Inferred: false,
      });
    } else {
      services.push({ ...sid(callerSvc, accountId), EntityPath: pathEntries([caller, spec.service], kind === 'fault' ? { Exceptions: [] } : { Coverage: Math.min(1, (t.slow as TraceDef['slow'] & object).coverage + 0.004) }), Inferred: false });
      services.push({
        ...sid(svc, accountId),
        EntityPath: [{ Name: spec.service, ...(kind === 'fault' ? { Exceptions: [{ Name: (t.fault as TraceDef['fault'] & object).exception, Message: (t.fault as TraceDef['fault'] & object).message }] } : { Coverage: (t.slow as TraceDef['slow'] & object).coverage }), Remote: false }],
        Inferred: false,
      });
    }
    return [{ Services: services, ClientImpacting: true }];
  };
  return {
    Id: traceId(w, t.at),
    StartTime: t.at,
    Duration: t.duration,
    ResponseTime: Math.round((t.duration - 0.004) * 1000) / 1000,
    HasFault: t.status >= 500,
    HasError: t.status >= 400 && t.status < 500,
    HasThrottle: t.status === 429,
    IsPartial: false,
    Http: { HttpURL: t.url, HttpStatus: t.status, HttpMethod: t.method ?? 'GET', UserAgent: 'okhttp/4.12.0', ClientIp: `10.0.${w.rng.int(32, 63)}.${w.rng.int(2, 250)}` },
    Annotations: {},
    Users: [],
    ServiceIds: [sid(entry, accountId), { Name: t.entry, Names: [t.entry], Type: 'client' }, ...t.services.filter((s) => s !== entry && s.type !== 'client').map((s) => sid(s, accountId))],
    ResourceARNs: [],
    InstanceIds: [],
    AvailabilityZones: [],
    EntryPoint: sid(entry, accountId),
    FaultRootCauses: rootCause('fault'),
    ErrorRootCauses: [],
    ResponseTimeRootCauses: rootCause('slow'),
    Revision: 1,
    MatchedEventTime: t.at,
  };
}
