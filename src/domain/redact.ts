/**
 * Removes secrets from text before it is stored, logged or posted: tokens of the services we talk
 * to, credentials in URLs and key=value pairs, bearer headers, JWTs and private keys. Emails and IP
 * addresses are personal or internal rather than secret: removed only when asked (the LLM summary).
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
  // Anchored and bounded (a scheme is short): unanchored, a long run of letters cost O(n²) and stalled the loop.
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]{0,31}:\/\/[^:/\s@]+:)[^@\s/]+@/gi, '$1[REDACTED]@'],
  [
    /\b([A-Za-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)[A-Za-z0-9_.-]*)(["']?\s*[:=]\s*["']?)([^\s"',;&]{3,})/gi,
    '$1$2[REDACTED]',
  ],
];

const EMAIL_PATTERNS: readonly (readonly [RegExp, string])[] = [[/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g, '[REDACTED EMAIL]']];

const IPV4 = '(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IP_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [new RegExp(`\\b${IPV4}\\b`, 'g'), '[REDACTED IP]'],
  // EC2 host names spell the private address: ip-10-0-12-34.ec2.internal.
  [/\bip-(?:\d{1,3}-){3}\d{1,3}\b/g, 'ip-[REDACTED IP]'],
  [/(?<![\w:])(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}(?![\w:])/gi, '[REDACTED IP]'],
  // Compressed IPv6 (`fe80::1`, `2001:db8::8a2e:370:7334`); a clock time has no `::`.
  [/(?<![\w:])(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4}){0,5})?(?![\w:])/gi, '[REDACTED IP]'],
];

/** Redactions beyond secrets, each off unless asked for. */
export interface ExtraRedactions {
  readonly emails?: boolean;
  readonly ips?: boolean;
}

export function redactText(text: string, extra: ExtraRedactions = {}): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  if (extra.emails) for (const [pattern, replacement] of EMAIL_PATTERNS) out = out.replace(pattern, replacement);
  if (extra.ips) for (const [pattern, replacement] of IP_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const SECRET_NAME = /password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential/i;

/**
 * Redacts every string inside a JSON-like value; keys are kept. A `{name, value}` pair whose name
 * looks secret (a container env var such as DB_PASSWORD) loses its value whatever it looks like.
 */
export function redactDeep<T>(value: T, extra: ExtraRedactions = {}): T {
  if (typeof value === 'string') return redactText(value, extra) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, extra)) as T;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const secretPair = entries.some(([k, v]) => k === 'name' && typeof v === 'string' && SECRET_NAME.test(v));
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = secretPair && k === 'value' && typeof v === 'string' ? '[REDACTED]' : redactDeep(v, extra);
    return out as T;
  }
  return value;
}
