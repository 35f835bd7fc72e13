/** Time ranges in questions ("in the last 30 minutes", "over 2h", "since 1 day") as PromQL durations. */

export interface QuestionRange {
  /** PromQL duration: `30m`, `2h`, `1d`, `1w`. */
  readonly text: string;
  readonly seconds: number;
}

const UNITS: readonly (readonly [RegExp, string, number])[] = [
  [/^(s|secs?|seconds?)$/, 's', 1],
  [/^(m|mins?|minutes?)$/, 'm', 60],
  [/^(h|hrs?|hours?)$/, 'h', 3600],
  [/^(d|days?)$/, 'd', 86_400],
  [/^(w|wks?|weeks?)$/, 'w', 604_800],
  [/^(y|yrs?|years?)$/, 'y', 31_536_000],
];

export const UNIT_WORDS = 'seconds|second|secs|sec|s|minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|wks|wk|w|years|year|yrs|yr|y';

export const DEFAULT_RANGE: QuestionRange = { text: '1h', seconds: 3600 };
export const MIN_RANGE_SECONDS = 60;
export const MAX_RANGE_SECONDS = 90 * 86_400;

/** `amount` absent means one ("the last hour"); undefined for a unit we do not know. */
export function rangeOf(amount: string | undefined, unit: string): QuestionRange | undefined {
  const n = amount === undefined ? 1 : Number(amount);
  const found = UNITS.find(([pattern]) => pattern.test(unit));
  if (!found || !Number.isSafeInteger(n) || n <= 0) return undefined;
  const [, letter, seconds] = found;
  return { text: `${n}${letter}`, seconds: n * seconds };
}

/** A graph's resolution: about 120 points, on a multiple of a 15 s scrape. */
export function graphStepSeconds(seconds: number): number {
  return Math.max(15, Math.ceil(seconds / 120 / 15) * 15);
}
