/**
 * Container logs (kubectl logs, current and previous) and log-query rows (CloudWatch Logs
 * Insights, Loki), with the patterns that tell an app crash, a missing setting and a failing
 * dependency apart.
 */
import type { Snapshot } from '../snapshot.js';

export interface LogSource {
  /** "logs/ns/pod/container (previous)" or the query. */
  readonly ref: string;
  readonly namespace?: string;
  readonly pod?: string;
  readonly container?: string;
  readonly previous: boolean;
  readonly lines: readonly string[];
}

export type LogSignal = 'crash' | 'config' | 'connection' | 'exec' | 'memory';

const PATTERNS: Readonly<Record<LogSignal, RegExp>> = {
  crash:
    /\bpanic:|Traceback \(most recent call last\)|Unhandled(?:PromiseRejection| exception| rejection)|uncaught exception|Exception in thread|\bat [\w$.<>]+ ?\([^)]*:\d+:\d+\)|^\s+at [\w$.<>]+\([\w.]+\.java:\d+\)|segmentation fault|SIGSEGV|\bfatal error\b|NullPointerException|TypeError:|ReferenceError:|nil pointer dereference|index out of range|stack overflow/im,
  config:
    /\b(?:missing|required)\b[^\n]{0,60}\b(?:env(?:ironment)?(?: variable)?|setting|config(?:uration)?|variable|key|option|parameter)|\b(?:env(?:ironment)? variable|setting|config(?:uration)? (?:key|value|option)|variable)\b[^\n]{0,60}\b(?:is not set|not set|is required|must be set|is missing|not defined|undefined)|KeyError: '[A-Z][A-Z0-9_]+'|invalid configuration|config(?:uration)? file[^\n]{0,60}(?:not found|no such file)|could not (?:load|parse) config|failed to (?:load|parse|read) config/i,
  connection:
    /ECONNREFUSED|connection refused|ECONNRESET|connection reset|ETIMEDOUT|i\/o timeout|timed? ?out\b|deadline exceeded|no such host|ENOTFOUND|EAI_AGAIN|getaddrinfo|could not connect|unable to connect|failed to connect|cannot connect|upstream connect error|no healthy upstream|(?:502|503|504) (?:Bad Gateway|Service Unavailable|Gateway Timeout)|circuit breaker (?:is )?open|connection pool exhausted|too many connections|server closed the connection/i,
  memory: /OutOfMemoryError|heap out of memory|Reached heap limit|\bMemoryError\b|Cannot allocate memory|runtime: out of memory|std::bad_alloc|OOM command not allowed/i,
  exec: /executable file not found|exec format error|exec: "[^"]+": (?:permission denied|stat)|no such file or directory[^\n]*(?:exec|entrypoint)|command not found|permission denied[^\n]*exec/i,
};

export function linesMatching(source: LogSource, signal: LogSignal): string[] {
  return source.lines.filter((line) => PATTERNS[signal].test(line));
}

export function matches(line: string, signal: LogSignal): boolean {
  return PATTERNS[signal].test(line);
}

function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}

export function collectLogs(snapshot: Snapshot): LogSource[] {
  const sources: LogSource[] = [];
  for (const log of snapshot.kubernetes?.logs ?? []) {
    sources.push({
      ref: `logs/${log.namespace}/${log.pod}/${log.container}${log.previous ? ' (previous)' : ''}`,
      namespace: log.namespace,
      pod: log.pod,
      container: log.container,
      previous: log.previous === true,
      lines: splitLines(typeof log.text === 'string' ? log.text : ''),
    });
  }
  for (const query of snapshot.logs ?? []) {
    const byPod = new Map<string, string[]>();
    for (const row of query.results ?? []) {
      const message = row['@message'] ?? row.message ?? row.log ?? Object.values(row).join(' ');
      const pod = row['kubernetes.pod_name'] ?? row.pod ?? row['@logStream'] ?? '';
      const lines = byPod.get(pod) ?? [];
      lines.push(...splitLines(String(message)));
      byPod.set(pod, lines);
    }
    for (const [pod, lines] of [...byPod.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      sources.push({ ref: `${query.source}: ${query.query}`.slice(0, 300), ...(pod ? { pod } : {}), previous: false, lines });
    }
  }
  return sources;
}

/** A short quote of log lines for evidence. */
export function quote(lines: readonly string[], max = 2): string {
  return lines
    .slice(-max)
    .map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l))
    .join(' | ');
}
