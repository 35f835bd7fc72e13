/**
 * What the words of an alarm tell, shared by the source parsers: the kind hint the engine picks a
 * playbook by, and whether labels mark a chaos drill.
 */
import type { AlarmKind } from '../domain/alarm.js';

/**
 * Ordered: the first rule with a matching word wins, so `NodeMemoryPressure` is a node alarm and
 * `KubeContainerOOMKilled` a memory one. Error-rate alarms (5XX) count as `latency`: both are the
 * request path degrading, and that playbook reads the same traces.
 */
const KIND_RULES: readonly (readonly [AlarmKind, RegExp])[] = [
  ['crash', /^(crash|crashloop|crashlooping|backoff|restart|restarts)$/],
  ['node', /^node$/],
  ['memory', /^(memory|mem|oom|oomkilled|heap|rss)$/],
  ['cpu', /^(cpu|throttling|throttled)$/],
  ['latency', /^(latency|duration|response|p\d{2,3}|5xx)$/],
  ['deployment', /^(deployment|replicas|rollout)$/],
];

/** Splits `KubePodCrashLooping`, `pod_memory_utilization`, `HTTPCode_Target_5XX_Count` into lower-case words. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((w) => w.length > 0);
}

/** The kind named by the first text that names one (pass the most specific text first), else `unknown`. */
export function kindHint(...texts: readonly (string | undefined)[]): AlarmKind {
  for (const text of texts) {
    if (!text) continue;
    const words = wordsOf(text);
    const rule = KIND_RULES.find(([, pattern]) => words.some((w) => pattern.test(w)));
    if (rule) return rule[0];
  }
  return 'unknown';
}

/**
 * The chaos label `triaged.dev/chaos` as it reaches us: verbatim (CloudWatch tags, our JSON),
 * sanitised by Prometheus (`triaged_dev_chaos`), exported by kube-state-metrics
 * (`label_triaged_dev_chaos`), or the short `chaos` some scenarios use.
 */
const DRILL_LABELS = ['triaged.dev/chaos', 'triaged_dev_chaos', 'label_triaged_dev_chaos', 'chaos'];

export function isDrill(labels: Readonly<Record<string, string>>): boolean {
  return DRILL_LABELS.some((key) => key in labels);
}
