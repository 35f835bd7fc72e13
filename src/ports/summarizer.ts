/**
 * The optional LLM summariser (src/adapters/llm/): turns an already redacted SummaryRequest into
 * prose. It is never required; core/summary.ts falls back to the rule-based finding on any failure.
 */
import type { FindingSummary, SummaryRequest } from '../domain/summary.js';

export interface Summarizer {
  readonly name: string;
  /** Rejects on any failure (HTTP error, invalid JSON, schema mismatch); stops when `signal` aborts. */
  summarize(request: SummaryRequest, signal: AbortSignal): Promise<FindingSummary>;
}
