/**
 * Classifies one failed CI job from its log (and the failed step names the Actions API gives):
 * every category's signatures are scored over the lines, lines of the failed step counting
 * double; the best score wins, ties going to the more specific category. Pure.
 */
import type { TargetRef } from '../target.js';
import { readJobLog, type LogLine } from './log.js';
import { CATEGORY_RULES, FAILING_TEST_PATTERNS, type CategoryRule } from './rules.js';
import { CI_CATEGORY_TITLES, type CiCategory, type CiJobAnalysis, type EvidenceLine, type FailedJob } from './types.js';

export interface ClassifyInput {
  readonly job: FailedJob;
  /** The job's log (or its tail); undefined when it could not be read. */
  readonly log?: string;
  readonly truncated?: boolean;
  readonly logMissing?: string;
}

const MAX_EVIDENCE = 8;
const STEP_BONUS = 3;

interface Scored {
  readonly rule: CategoryRule;
  readonly score: number;
  readonly hits: readonly { line: LogLine; weight: number }[];
}

export function classifyJobFailure(input: ClassifyInput): CiJobAnalysis {
  const lines = input.log === undefined ? [] : readJobLog(input.log);
  const failedStep = input.job.failedSteps[0] ?? lastErrorStep(lines);
  const scored = CATEGORY_RULES.map((rule) => scoreRule(rule, lines, failedStep, input.job.failedSteps));
  // Stable sort: equal scores keep the rules' order (specific first).
  const ranked = [...scored].sort((a, b) => b.score - a.score);
  const best = ranked[0];
  const category: CiCategory = best && best.score > 0 ? best.rule.category : 'unknown';
  const second = ranked[1]?.score ?? 0;
  const confidence = category === 'unknown' ? 0 : round2(Math.min(0.95, best!.score / (best!.score + second + 2)));
  const evidence = category === 'unknown' ? fallbackEvidence(lines) : evidenceOf(best!, lines);
  const failingTests = category === 'test' ? failingTestsOf(lines) : [];
  const deployTarget = category === 'deploy' ? deployTargetOf(lines) : undefined;
  return {
    job: input.job,
    category,
    confidence,
    summary: summarize(category, failedStep, failingTests, headline(category === 'unknown' ? undefined : best, evidence), input.logMissing),
    evidence,
    failingTests,
    ...(deployTarget ? { deployTarget } : {}),
    truncated: input.truncated ?? false,
    ...(input.logMissing ? { logMissing: input.logMissing } : {}),
  };
}

function scoreRule(rule: CategoryRule, lines: readonly LogLine[], failedStep: string | undefined, failedSteps: readonly string[]): Scored {
  const hits: { line: LogLine; weight: number }[] = [];
  let score = 0;
  for (const line of lines) {
    const weight = Math.max(0, ...rule.lines.filter((l) => l.pattern.test(line.text)).map((l) => l.weight));
    if (weight === 0) continue;
    hits.push({ line, weight });
    // Lines of the failed step say what failed; lines elsewhere (setup, cleanup) only hint.
    score += failedStep === undefined || line.step === failedStep ? weight : weight / 2;
  }
  // The step's name only confirms what the log shows, unless there is no log to read at all.
  const stepNamed = rule.step !== undefined && [...failedSteps, ...(failedStep ? [failedStep] : [])].some((s) => rule.step!.test(s));
  if (stepNamed && (hits.length > 0 || lines.length === 0)) score += STEP_BONUS;
  return { rule, score, hits };
}

function lastErrorStep(lines: readonly LogLine[]): string | undefined {
  return [...lines].reverse().find((l) => l.error && l.step)?.step;
}

function evidenceOf(best: Scored, lines: readonly LogLine[]): EvidenceLine[] {
  const strongest = [...best.hits].sort((a, b) => b.weight - a.weight || a.line.n - b.line.n).slice(0, MAX_EVIDENCE - 1).map((h) => h.line);
  const errors = lines.filter((l) => l.error).slice(-1);
  const chosen = new Map<number, LogLine>();
  for (const line of [...strongest, ...errors]) chosen.set(line.n, line);
  return [...chosen.values()].sort((a, b) => a.n - b.n).map(toEvidence);
}

function fallbackEvidence(lines: readonly LogLine[]): EvidenceLine[] {
  const errors = lines.filter((l) => l.error || /\berror\b/i.test(l.text));
  return errors.slice(-MAX_EVIDENCE).map(toEvidence);
}

function toEvidence(line: LogLine): EvidenceLine {
  return { line: line.n, ...(line.step ? { step: line.step } : {}), text: line.text.trim().slice(0, 300) };
}

/** Failing test names; node's runner repeats them under "failing tests:", which is then the list to read. */
function failingTestsOf(lines: readonly LogLine[]): string[] {
  const start = lines.findIndex((l) => /^✖ failing tests:$/.test(l.text.trim()));
  const scope = start >= 0 ? lines.slice(start + 1) : lines;
  const names = new Set<string>();
  for (const line of scope) {
    for (const pattern of FAILING_TEST_PATTERNS) {
      const match = pattern.exec(line.text);
      if (match?.[1]) {
        names.add(match[1].trim());
        break;
      }
    }
  }
  return [...names].slice(0, 20);
}

const WORKLOAD_QUOTED = /\b(deployment|statefulset|daemon ?set)s?(?:\.apps)? "([a-z0-9][a-z0-9.-]*)"/i;
const WORKLOAD_SLASH = /\b(deployment|statefulset|daemonset)(?:\.apps)?\/([a-z0-9][a-z0-9.-]*)/i;
const NAMESPACE_FLAG = /(?:^|\s)(?:-n|--namespace)[ =]([a-z0-9][a-z0-9-]*)/;
const KIND: Readonly<Record<string, string>> = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet', 'daemon set': 'DaemonSet' };

/** The workload a failed deploy names (kubectl's messages and commands), with the namespace a command gives. */
export function deployTargetOf(lines: readonly LogLine[]): TargetRef | undefined {
  let target: TargetRef | undefined;
  let namespace: string | undefined;
  for (const line of [...lines].reverse()) {
    if (!target) {
      const match = WORKLOAD_QUOTED.exec(line.text) ?? WORKLOAD_SLASH.exec(line.text);
      if (match?.[1] && match[2]) target = { kind: KIND[match[1].toLowerCase()] ?? 'Deployment', name: match[2] };
    }
    if (!namespace && /\b(?:kubectl|helm)\b/.test(line.text)) namespace = NAMESPACE_FLAG.exec(line.text)?.[1];
    if (target && namespace) break;
  }
  return target ? { ...(namespace ? { namespace } : {}), ...target } : undefined;
}

/** The line that says most: the heaviest signature hit (the last of equals), else the last error line. */
function headline(best: Scored | undefined, evidence: readonly EvidenceLine[]): string | undefined {
  const strongest = best?.hits.reduce<{ line: LogLine; weight: number } | undefined>((top, hit) => (!top || hit.weight >= top.weight ? hit : top), undefined);
  return (strongest?.line.text ?? evidence.find((e) => !/^Process completed with exit code/.test(e.text))?.text ?? evidence[0]?.text)?.trim();
}

function summarize(category: CiCategory, step: string | undefined, tests: readonly string[], first: string | undefined, logMissing: string | undefined): string {
  const where = step ? ` in step "${step}"` : '';
  if (logMissing && first === undefined) return `${CI_CATEGORY_TITLES[category]}${where}; the log could not be read (${logMissing})`;
  if (category === 'test' && tests.length > 0) {
    const shown = tests.slice(0, 3).join('; ');
    return `${tests.length} failing test${tests.length === 1 ? '' : 's'}${where}: ${shown}${tests.length > 3 ? '; …' : ''}`;
  }
  return `${capitalize(CI_CATEGORY_TITLES[category])}${where}${first ? `: ${first.slice(0, 160)}` : ''}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
