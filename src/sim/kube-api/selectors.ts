/** Label and field selectors as the API server parses them (`a=b,c!=d,e in (x,y),!f`). */
import { apiErrors } from './status.js';

type Requirement =
  | { readonly key: string; readonly op: 'eq' | 'neq'; readonly value: string }
  | { readonly key: string; readonly op: 'in' | 'notin'; readonly values: readonly string[] }
  | { readonly key: string; readonly op: 'exists' | 'notexists' };

export type Selector = (lookup: (key: string) => string | undefined) => boolean;

/** Splits on commas that are not inside a parenthesised value set. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '(') depth += 1;
    else if (c === ')') depth -= 1;
    else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(text.slice(start));
  return terms.map((t) => t.trim()).filter((t) => t.length > 0);
}

function parseTerm(term: string, allowSets: boolean): Requirement {
  const set = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (set && allowSets) {
    const values = set[3]!.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
    return { key: set[1]!, op: set[2] as 'in' | 'notin', values };
  }
  const cmp = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (cmp) return { key: cmp[1]!, op: cmp[2] === '!=' ? 'neq' : 'eq', value: cmp[3]! };
  if (allowSets && /^![^=!\s()]+$/.test(term)) return { key: term.slice(1), op: 'notexists' };
  if (allowSets && /^[^=!\s()]+$/.test(term)) return { key: term, op: 'exists' };
  throw apiErrors.badRequest(`unable to parse requirement: ${JSON.stringify(term)}`);
}

function matches(req: Requirement, value: string | undefined): boolean {
  switch (req.op) {
    case 'eq':
      return (value ?? '') === req.value;
    case 'neq':
      return (value ?? '') !== req.value;
    case 'in':
      return value !== undefined && req.values.includes(value);
    case 'notin':
      return value === undefined || !req.values.includes(value);
    case 'exists':
      return value !== undefined;
    case 'notexists':
      return value === undefined;
  }
}

function compile(text: string | undefined, allowSets: boolean): Selector {
  const requirements = splitTerms(text ?? '').map((t) => parseTerm(t, allowSets));
  return (lookup) => requirements.every((r) => matches(r, lookup(r.key)));
}

export function labelSelector(text: string | undefined): Selector {
  return compile(text, true);
}

/** Field selectors support only =, == and != (as the API server does). */
export function fieldSelector(text: string | undefined): Selector {
  return compile(text, false);
}

/** Resolves a dotted field path (`involvedObject.name`, `status.phase`) to a string. */
export function fieldValue(object: unknown, path: string): string | undefined {
  let current: unknown = object;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return undefined;
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}
