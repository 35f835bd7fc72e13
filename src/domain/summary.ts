/**
 * The optional LLM summary of a finding: what is sent (the finding and a trimmed, redacted excerpt
 * of its evidence, bounded in size) and what comes back. The summary only adds prose to the
 * message; the category and the remediations stay the rules' own.
 */
import type { FindingSummary } from './finding-summary.js';
import type { Finding } from './incident.js';
import { redactDeep, type ExtraRedactions } from './redact.js';
import type { Snapshot } from './snapshot.js';
import type { TargetRef } from './target.js';

export type { FindingSummary };

/** Everything that leaves the process for the summariser; nothing else does. */
export interface SummaryRequest {
  readonly finding: {
    readonly category: string;
    readonly summary: string;
    readonly confidence: number;
    readonly target: TargetRef;
    readonly evidence: readonly { readonly source: string; readonly ref: string; readonly detail: string }[];
    readonly missing: readonly string[];
    /** Already decided by the rules; context for the prose, not something to change. */
    readonly remediations: readonly { readonly action: string; readonly target: TargetRef; readonly rationale: string }[];
    readonly alternatives: readonly { readonly category: string; readonly confidence: number }[];
  };
  readonly alarm?: { readonly source: string; readonly name: string; readonly description?: string };
  readonly logs: readonly { readonly pod: string; readonly container: string; readonly previous: boolean; readonly tail: string }[];
}

export interface SummaryLimits {
  /** Bound on the serialised request. */
  readonly maxChars: number;
  readonly maxEvidence: number;
  readonly maxLogs: number;
  readonly maxLogLines: number;
  /** Bound on any one free-text field. */
  readonly maxFieldChars: number;
}

export const DEFAULT_SUMMARY_LIMITS: SummaryLimits = { maxChars: 12_000, maxEvidence: 20, maxLogs: 4, maxLogLines: 30, maxFieldChars: 600 };

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function tail(text: string, lines: number): string {
  return text.split('\n').filter((line) => line.trim() !== '').slice(-lines).join('\n');
}

/**
 * Redaction (secrets always; emails and IPs as configured) runs on the whole request before any
 * trimming, so a cut can never leave half a secret that the patterns no longer recognise.
 */
export function summaryRequestOf(finding: Finding, snapshot: Snapshot | undefined, redaction: ExtraRedactions, limits: SummaryLimits = DEFAULT_SUMMARY_LIMITS): SummaryRequest {
  const { diagnosis } = finding;
  const logs = [...(snapshot?.kubernetes?.logs ?? [])]
    // Previous (crashed) containers' logs say most about a failure.
    .sort((a, b) => Number(b.previous) - Number(a.previous))
    .slice(0, limits.maxLogs)
    .map((log) => ({ pod: `${log.namespace}/${log.pod}`, container: log.container, previous: log.previous, tail: tail(log.text, limits.maxLogLines) }));
  const alarm = snapshot?.alarm;
  const full: SummaryRequest = redactDeep(
    {
      finding: {
        category: diagnosis.category,
        summary: diagnosis.summary,
        confidence: diagnosis.confidence,
        target: diagnosis.target,
        evidence: diagnosis.evidence.slice(0, limits.maxEvidence).map(({ source, ref, detail }) => ({ source, ref, detail })),
        missing: diagnosis.missing,
        remediations: diagnosis.remediations.map(({ action, target, rationale }) => ({ action, target, rationale })),
        alternatives: diagnosis.alternatives,
      },
      ...(alarm ? { alarm: { source: alarm.source, name: alarm.name, ...(alarm.description ? { description: alarm.description } : {}) } } : {}),
      logs,
    },
    redaction,
  );
  return bounded(full, limits);
}

/** Cuts long fields, then drops logs and then evidence from the end until the request fits. */
function bounded(request: SummaryRequest, limits: SummaryLimits): SummaryRequest {
  const f = request.finding;
  let current: SummaryRequest = {
    ...request,
    finding: {
      ...f,
      summary: cut(f.summary, limits.maxFieldChars),
      evidence: f.evidence.map((e) => ({ ...e, detail: cut(e.detail, limits.maxFieldChars) })),
      missing: f.missing.map((m) => cut(m, limits.maxFieldChars)),
      remediations: f.remediations.map((r) => ({ ...r, rationale: cut(r.rationale, limits.maxFieldChars) })),
    },
    ...(request.alarm?.description ? { alarm: { ...request.alarm, description: cut(request.alarm.description, limits.maxFieldChars) } } : {}),
    logs: request.logs.map((log) => ({ ...log, tail: cut(log.tail, limits.maxFieldChars * 4) })),
  };
  const size = (): number => JSON.stringify(current).length;
  while (size() > limits.maxChars && current.logs.length > 0) current = { ...current, logs: current.logs.slice(0, -1) };
  while (size() > limits.maxChars && current.finding.evidence.length > 1) current = { ...current, finding: { ...current.finding, evidence: current.finding.evidence.slice(0, -1) } };
  return current;
}
