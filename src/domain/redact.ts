/**
 * Removes secrets from text before it is stored, logged or posted: tokens of the services we talk
 * to, credentials in URLs and key=value pairs, bearer headers, JWTs and private keys.
 */
const PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[REDACTED PRIVATE KEY]'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, '[REDACTED]'],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, '[REDACTED]'],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, '[REDACTED]'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, '[REDACTED]'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[REDACTED]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[REDACTED JWT]'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [REDACTED]'],
  [/([a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:)[^@\s/]+@/gi, '$1[REDACTED]@'],
  [
    /\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)([^\s"',;&]{3,})/gi,
    '$1$2[REDACTED]',
  ],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const SECRET_NAME = /password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential/i;

/**
 * Redacts every string inside a JSON-like value; keys are kept. A `{name, value}` pair whose name
 * looks secret (a container env var such as DB_PASSWORD) loses its value whatever it looks like.
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const secretPair = entries.some(([k, v]) => k === 'name' && typeof v === 'string' && SECRET_NAME.test(v));
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = secretPair && k === 'value' && typeof v === 'string' ? '[REDACTED]' : redactDeep(v);
    return out as T;
  }
  return value;
}
