/**
 * Natural language → PromQL for the common incident questions (CPU, memory, restarts, error rate,
 * latency percentiles, CPU throttling, top N) by namespace, workload, pod, container or node.
 * Deterministic; a question it cannot read fully is refused with examples, never guessed at.
 */
import { buildQuery, type BuiltQuery } from './build.js';
import { readQuestion } from './question.js';

export type Translation = BuiltQuery | { readonly error: 'cannot translate'; readonly reason: string; readonly suggestions: readonly string[] };

export const EXAMPLE_QUESTIONS: readonly string[] = [
  'cpu usage of deployment checkout in namespace shop in the last 30 minutes',
  'memory of pod checkout-7c9d5b8f6d-x7k2p in namespace shop',
  'restarts by namespace over 2h',
  'error rate of deployment checkout in namespace shop since 1 day',
  'p99 latency of deployment checkout in namespace shop',
  'cpu throttling of container app in namespace shop',
  'top 5 pods by memory in namespace shop',
  'cpu of node ip-10-0-12-34.ec2.internal over time',
];

export function translateQuestion(question: string): Translation {
  const reading = readQuestion(question);
  if (!reading.ok) return { error: 'cannot translate', reason: reading.reason, suggestions: EXAMPLE_QUESTIONS };
  return buildQuery(reading.intent);
}

export function isTranslated(translation: Translation): translation is BuiltQuery {
  return !('error' in translation);
}
