/**
 * Asks the optional summariser for prose about a finding, with a deadline. The request is redacted
 * and bounded in the domain before the adapter sees it; any failure is a warning and no summary,
 * so the rule-based finding is posted as it is.
 */
import { errorMessage } from '../domain/errors.js';
import type { Finding } from '../domain/incident.js';
import type { ExtraRedactions } from '../domain/redact.js';
import type { Snapshot } from '../domain/snapshot.js';
import { DEFAULT_SUMMARY_LIMITS, summaryRequestOf, type FindingSummary, type SummaryLimits } from '../domain/summary.js';
import type { Logger } from '../ports/logger.js';
import type { Summarizer } from '../ports/summarizer.js';

export interface SummaryOptions {
  readonly logger: Logger;
  readonly timeoutMs: number;
  /** TRIAGED_LLM_REDACT_EMAILS / TRIAGED_LLM_REDACT_IPS; secrets are always redacted. */
  readonly redaction: ExtraRedactions;
  readonly limits?: SummaryLimits;
}

export async function summarizeFinding(finding: Finding, snapshot: Snapshot | undefined, summarizer: Summarizer | undefined, options: SummaryOptions): Promise<FindingSummary | undefined> {
  if (!summarizer) return undefined;
  const request = summaryRequestOf(finding, snapshot, options.redaction, options.limits ?? DEFAULT_SUMMARY_LIMITS);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
  // A summariser that ignores the signal must not hold the investigation past the deadline.
  const expired = new Promise<never>((_, reject) => deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason), { once: true }));
  try {
    return await Promise.race([summarizer.summarize(request, deadline.signal), expired]);
  } catch (error) {
    options.logger.warn({ incidentId: finding.incidentId, summarizer: summarizer.name, err: errorMessage(error) }, 'LLM summary unavailable; posting the rule-based finding alone');
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
