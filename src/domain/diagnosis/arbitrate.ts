/**
 * Turns every rule's findings into one Diagnosis: causes explain their symptoms away (an OOM kill
 * explains the probe failures after it), the best finding per category competes, the winner
 * must clear a threshold or the answer is `unknown`, and a close runner-up lowers confidence.
 */
import { CATEGORIES, type Category, type Diagnosis } from '../diagnosis.js';
import type { TargetRef } from '../target.js';
import { workloadKey } from './cluster.js';
import { score, type Finding } from './finding.js';

/** Below this the evidence does not support a category: the answer is `unknown`. */
export const DECISION_THRESHOLD = 0.4;
/** An explained symptom keeps this share of its score. */
const EXPLAINED_FACTOR = 0.5;
const MAX_ALTERNATIVES = 3;
const MIN_ALTERNATIVE = 0.1;

function sameTarget(a: TargetRef, b: TargetRef): boolean {
  return workloadKey(a) === workloadKey(b);
}

/** Lowers each finding that another, strong enough finding on the same target explains. */
export function applyExplanations(findings: readonly Finding[]): Finding[] {
  return findings.map((f) => {
    const explainer = findings.find(
      (e) => e !== f && e.category !== f.category && e.explains?.includes(f.category) && e.score >= 0.5 && e.score >= 0.75 * f.score && (sameTarget(e.target, f.target) || e.target.kind === 'Node' || f.category === 'service-no-endpoints'),
    );
    return explainer ? { ...f, score: score(f.score * EXPLAINED_FACTOR) } : f;
  });
}

function categoryRank(category: Category): number {
  return CATEGORIES.indexOf(category);
}

/** The best finding of each category, strongest first (ties broken by catalogue order). */
export function rank(findings: readonly Finding[]): Finding[] {
  const best = new Map<Category, Finding>();
  for (const f of findings) {
    const known = best.get(f.category);
    if (!known || f.score > known.score) best.set(f.category, f);
  }
  return [...best.values()].sort((a, b) => b.score - a.score || categoryRank(a.category) - categoryRank(b.category));
}

function dedupe(items: readonly string[]): string[] {
  return [...new Set(items)];
}

export function arbitrate(findings: readonly Finding[], context: { fallbackTarget: TargetRef; missing: readonly string[] }): Diagnosis {
  const ranked = rank(applyExplanations(findings.filter((f) => f.score > 0)));
  const [winner, ...rest] = ranked;
  const alternatives = (list: readonly Finding[]) =>
    list
      .filter((f) => f.score >= MIN_ALTERNATIVE)
      .slice(0, MAX_ALTERNATIVES)
      .map((f) => ({ category: f.category, confidence: score(f.score) }));

  if (!winner || winner.score < DECISION_THRESHOLD) {
    const leads = ranked.slice(0, 2);
    return {
      category: 'unknown',
      summary: winner
        ? `no cause is supported strongly enough; the strongest lead is ${winner.category} (${winner.score.toFixed(2)}): ${winner.summary}`
        : 'no rule found evidence of a known cause in this snapshot',
      confidence: score(Math.max(0.1, 0.5 - (winner?.score ?? 0) / 2)),
      target: winner?.target ?? context.fallbackTarget,
      evidence: leads.flatMap((f) => f.evidence.slice(0, 2)),
      remediations: [],
      alternatives: alternatives(ranked),
      missing: dedupe([...context.missing, ...leads.flatMap((f) => f.missing ?? [])]),
    };
  }
  const runnerUp = rest[0]?.score ?? 0;
  const confidence = score(winner.score * (1 - 0.3 * (runnerUp / winner.score) ** 2));
  return {
    category: winner.category,
    summary: winner.summary,
    confidence,
    target: winner.target,
    evidence: winner.evidence,
    remediations: winner.remediations,
    // A runner-up is by definition less likely than the answer.
    alternatives: alternatives(rest).map((a) => ({ ...a, confidence: Math.min(a.confidence, score(confidence - 0.01)) })),
    missing: dedupe([...context.missing, ...(winner.missing ?? [])]),
  };
}
