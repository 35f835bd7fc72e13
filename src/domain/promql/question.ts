/**
 * Reads a question in plain English into an Intent (what to measure, where, grouped how, over
 * which range). Every word must be understood: anything left over is a refusal, never a guess.
 */
import { DEFAULT_RANGE, MAX_RANGE_SECONDS, MIN_RANGE_SECONDS, rangeOf, UNIT_WORDS, type QuestionRange } from './duration.js';
import { WORKLOAD_KINDS, type WorkloadKind } from './labels.js';

export type Measure = 'cpu' | 'memory' | 'restarts' | 'error-rate' | 'latency' | 'throttling';
export type GroupEntity = 'namespace' | 'pod' | 'container' | 'node' | 'deployment';

export interface Scope {
  readonly namespace?: string;
  readonly pod?: string;
  readonly container?: string;
  readonly node?: string;
  readonly workload?: { readonly kind: WorkloadKind; readonly name: string };
}

export interface Intent {
  readonly measure: Measure;
  /** Latency only: 0.5, 0.95 … */
  readonly quantile?: number;
  readonly scope: Scope;
  readonly groupBy?: GroupEntity;
  readonly top?: number;
  readonly range: QuestionRange;
  /** A graph over the range (range query) rather than one value per series (instant query). */
  readonly overTime: boolean;
}

export type Reading = { readonly ok: true; readonly intent: Intent } | { readonly ok: false; readonly reason: string };

export const MAX_TOP = 100;
const DEFAULT_TOP = 5;

/**
 * A pattern matched on whole words only: names such as `memory-cache-0` or `payment-service`
 * contain keywords, and `\b` would see them. The text is padded with spaces, so every word has
 * whitespace on both sides.
 */
function words(source: string, flags = 'g'): RegExp {
  return new RegExp(`(?<=\\s)(?:${source})(?=\\s)`, flags);
}

const MEASURES: readonly (readonly [Measure, RegExp])[] = [
  ['throttling', words('(?:cpu\\s+)?(?:cfs\\s+)?throttl\\w*')],
  ['cpu', words('cpu|processor')],
  ['memory', words('memory|mem|ram|working set')],
  ['restarts', words('restart(?:s|ed|ing)?(?:\\s+counts?)?|crash(?:es|ed|ing)?|crash ?loop\\w*')],
  ['error-rate', words('(?:http\\s+)?(?:5xx\\s+|server\\s+)?errors?(?:\\s+(?:rate|ratio|percentage|share))?|5xx|failure rate')],
  ['latency', words('latenc(?:y|ies)|response times?|request duration')],
];

/** Metrics the translator has no query for: named so the refusal says why. */
const UNSUPPORTED_MEASURE = words('(disk|network|bandwidth|traffic|iops|gpu|storage|filesystem|connections|throughput|qps|rps|logs?|events?)', '');
const UNSUPPORTED_KIND = words('(services?|svc|ingress(?:es)?|pvcs?|volumes?|endpoints?|secrets?|configmaps?)', '');
const IMPERATIVE = /^\s(?:please\s+)?(delete|kill|scale|restart|roll ?back|rollout|drain|cordon|uncordon|patch|apply|create|remove|stop|evict|exec|edit|set|update|fix|increase|decrease)(?=\s)(?!\s+counts?\s)/;

const KIND_WORDS: Readonly<Record<string, 'namespace' | 'pod' | 'container' | 'node' | WorkloadKind>> = {
  namespace: 'namespace',
  ns: 'namespace',
  pod: 'pod',
  container: 'container',
  node: 'node',
  deployment: 'deployment',
  deploy: 'deployment',
  statefulset: 'statefulset',
  sts: 'statefulset',
  daemonset: 'daemonset',
  ds: 'daemonset',
  replicaset: 'replicaset',
  rs: 'replicaset',
  job: 'job',
  cronjob: 'cronjob',
};
const KIND = Object.keys(KIND_WORDS).join('|');
const NAME = '[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?';
const GROUP_WORDS: Readonly<Record<string, GroupEntity>> = { namespace: 'namespace', pod: 'pod', container: 'container', node: 'node', deployment: 'deployment' };

/** Words that carry no meaning for the query; anything else left over is not understood. */
const FILLER = new Set(
  (
    'what whats which who how is are was were be been being the a an of for in on at to from by per show me give get list display tell find ' +
    'much many with and all each every current currently now right usage use uses used using consumption consume consumes consuming ' +
    'level levels rate value values total has have had did does do there any please i my our its their across request requests http ' +
    'running run runs queries query metric metrics number count counts amount see view whole inside within under like look looking ' +
    'percent percentage cores bytes ratio share time times seconds was been per-second this that these those so far'
  ).split(' '),
);
const STOP = new Set([
  ...FILLER,
  ...Object.keys(KIND_WORDS),
  ...'pods nodes namespaces containers deployments top most highest last past over since cpu memory mem ram latency restarts errors error throttling'.split(' '),
]);

function normalize(question: string): string {
  return ` ${question
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/'s\b/g, '')
    .replace(/[?!,;"()]/g, ' ')
    .replace(/\.(?=\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

/** Mutable while reading; frozen into an Intent at the end. */
interface Draft {
  measures: Set<Measure>;
  quantile?: number;
  scope: { namespace?: string; pod?: string; container?: string; node?: string; workload?: { kind: WorkloadKind; name: string } };
  groupBy?: GroupEntity;
  top?: number;
  topCount?: number;
  range?: QuestionRange;
  overTime: boolean;
}

export function readQuestion(question: string): Reading {
  try {
    return { ok: true, intent: read(normalize(question)) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, reason: error.message };
    throw error;
  }
}

function read(text: string): Intent {
  if (text.trim() === '') refuse('the question is empty');
  if (IMPERATIVE.test(text)) refuse('this only answers questions about metrics; it never changes the cluster');
  const unsupportedKind = UNSUPPORTED_KIND.exec(text);
  if (unsupportedKind) refuse(`there are no metrics by ${unsupportedKind[1]} here; ask by namespace, deployment, pod, container or node`);
  const unsupported = UNSUPPORTED_MEASURE.exec(text);
  if (unsupported) refuse(`there is no query for "${unsupported[1]}"; ask about CPU, memory, restarts, error rate, latency or CPU throttling`);

  const draft: Draft = { measures: new Set(), scope: {}, overTime: false };
  let rest = text;
  /** Consumes what `pattern` matches, unless `onMatch` returns false (not this reading: leave it). */
  const take = (pattern: RegExp, onMatch: (groups: (string | undefined)[]) => boolean | void): void => {
    rest = rest.replace(pattern, (...args: unknown[]) => (onMatch(args.slice(1, -2) as (string | undefined)[]) === false ? String(args[0]) : ' '));
  };

  take(words('over time|as a graph|graph(?:ed)?|plot(?:ted)?|chart|trend|timeline|history|time ?series'), () => {
    draft.overTime = true;
  });
  const ranges: QuestionRange[] = [];
  const onRange = ([amount, unit]: (string | undefined)[]): void => {
    const range = rangeOf(amount, unit ?? '');
    if (!range) refuse(`cannot read the time range "${amount ?? ''} ${unit ?? ''}"`);
    ranges.push(range);
  };
  take(words(`(?:(?:in|over|during|for|within)\\s+)?(?:the\\s+)?(?:last|past|previous)\\s+(?:(\\d+)\\s*)?(${UNIT_WORDS})`), onRange);
  take(words(`(?:over|since|for|within|in)\\s+(?:the\\s+)?(\\d+)\\s*(${UNIT_WORDS})(?:\\s+ago)?`), onRange);
  if (ranges.length > 1) refuse('the question names two time ranges');
  if (words('last|past|since|ago|yesterday|today|previous', '').test(rest)) refuse('cannot read the time range; say "in the last 30 minutes", "over 2h" or "since 1 day"');
  draft.range = ranges[0];

  take(words('p(\\d{1,2}(?:\\.\\d+)?)|(\\d{1,2}(?:\\.\\d+)?)(?:st|nd|rd|th)?[\\s-]*percentile|(median)'), ([p, nth, median]) => {
    const quantile = median ? 0.5 : Number(p ?? nth) / 100;
    if (draft.quantile !== undefined && draft.quantile !== quantile) refuse('the question names two percentiles');
    if (!(quantile > 0 && quantile < 1)) refuse(`percentile ${p ?? nth ?? ''} must lie between 0 and 100`);
    draft.quantile = quantile;
  });

  take(words('top(?:\\s*(\\d+))?|(?:the\\s+)?(?:most|highest|busiest|biggest|largest|heaviest)'), ([n]) => {
    draft.top = n === undefined ? (draft.top ?? DEFAULT_TOP) : Number(n);
  });

  take(words('(?:by|per|for each|for every|each|every)\\s+(namespace|pod|container|node|deployment)s?'), ([entity]) => setGroup(draft, GROUP_WORDS[entity ?? '']));
  take(words('(?:(\\d+)\\s+)?(?:all\\s+(?:the\\s+)?)?(namespace|pod|container|node|deployment)s'), ([n, entity]) => {
    setGroup(draft, GROUP_WORDS[entity ?? '']);
    if (n !== undefined) draft.topCount = Number(n);
  });

  take(words(`(${KIND})\\s*(?:/|\\s)\\s*(?:named\\s+|called\\s+)?(${NAME}(?:/${NAME})?)`), ([kind, name]) => addScope(draft, kind ?? '', name ?? ''));
  take(words(`(${NAME}(?:/${NAME})?)\\s+(${KIND})`), ([name, kind]) => addScope(draft, kind ?? '', name ?? ''));

  for (const [measure, pattern] of MEASURES) {
    take(pattern, () => {
      draft.measures.add(measure);
    });
  }
  // "cpu throttling" is one measure, not CPU usage and throttling.
  if (draft.measures.has('throttling')) draft.measures.delete('cpu');

  const unknown = rest.split(/\s+/).filter((word) => word !== '' && !FILLER.has(word));
  if (unknown.length > 0) refuse(`did not understand ${unknown.map((w) => `"${w}"`).join(', ')}`);
  return finish(draft);
}

function setGroup(draft: Draft, entity: GroupEntity | undefined): void {
  if (entity === undefined) return;
  if (draft.groupBy !== undefined && draft.groupBy !== entity) refuse(`the question groups both by ${draft.groupBy} and by ${entity}`);
  draft.groupBy = entity;
}

/** False when the word next to the kind is not a name ("pod in …"): the other word order may fit. */
function addScope(draft: Draft, kindWord: string, rawName: string): boolean {
  const kind = KIND_WORDS[kindWord];
  const [first, second] = rawName.split('/');
  const name = second ?? first ?? '';
  if (kind === undefined || STOP.has(name) || (second !== undefined && STOP.has(first ?? ''))) return false;
  if (second !== undefined) {
    if (kind === 'namespace' || kind === 'node') refuse(`a ${kind} name has no namespace part: "${rawName}"`);
    setScope(draft, 'namespace', first ?? '');
  }
  if ((WORKLOAD_KINDS as readonly string[]).includes(kind)) {
    const workload = { kind: kind as WorkloadKind, name };
    const seen = draft.scope.workload;
    if (seen && (seen.kind !== workload.kind || seen.name !== workload.name)) refuse('the question names two workloads');
    draft.scope.workload = workload;
    return true;
  }
  setScope(draft, kind as 'namespace' | 'pod' | 'container' | 'node', name);
  return true;
}

function setScope(draft: Draft, key: 'namespace' | 'pod' | 'container' | 'node', value: string): void {
  const seen = draft.scope[key];
  if (seen !== undefined && seen !== value) refuse(`the question names two ${key}s: "${seen}" and "${value}"`);
  draft.scope[key] = value;
}

function finish(draft: Draft): Intent {
  if (draft.quantile !== undefined && draft.measures.size === 0) draft.measures.add('latency');
  const measures = [...draft.measures];
  if (measures.length === 0) refuse('no metric named; ask about CPU, memory, restarts, error rate, latency (p50/p90/p95/p99) or CPU throttling');
  if (measures.length > 1) refuse(`ask one metric at a time (this names ${measures.join(' and ')})`);
  const measure = measures[0] as Measure;
  if (draft.quantile !== undefined && measure !== 'latency') refuse('a percentile only applies to latency');
  const http = measure === 'latency' || measure === 'error-rate';
  const { scope } = draft;
  if (scope.pod !== undefined && scope.workload !== undefined) refuse('name either a pod or a workload, not both');
  if (scope.node !== undefined && (scope.pod !== undefined || scope.workload !== undefined || scope.container !== undefined)) refuse('a node question cannot also name a pod, workload or container');
  if ((scope.node !== undefined || draft.groupBy === 'node') && (http || measure === 'throttling')) refuse(`there is no ${measure} per node; ask by namespace, deployment or pod`);
  if (http && (scope.container !== undefined || draft.groupBy === 'container')) refuse(`request metrics carry no container label; ask ${measure} by pod or deployment`);
  if (draft.topCount !== undefined && draft.top === undefined) refuse(`what should the ${draft.topCount} be: the top ${draft.topCount}?`);
  const top = draft.top === undefined ? undefined : (draft.topCount ?? draft.top);
  if (top !== undefined && !(top >= 1 && top <= MAX_TOP)) refuse(`top must be between 1 and ${MAX_TOP}, got ${top}`);
  const range = draft.range ?? DEFAULT_RANGE;
  if (range.seconds < MIN_RANGE_SECONDS || range.seconds > MAX_RANGE_SECONDS) refuse(`the time range ${range.text} must lie between 1m and 90d`);
  return {
    measure,
    ...(measure === 'latency' ? { quantile: draft.quantile ?? 0.95 } : {}),
    scope,
    ...(top !== undefined ? { groupBy: draft.groupBy ?? 'pod', top } : draft.groupBy !== undefined ? { groupBy: draft.groupBy } : {}),
    range,
    overTime: draft.overTime,
  };
}
