/**
 * The one error catalogue: every failure the daemon reports has a stable code, a message naming
 * what was wrong, whether a retry could help, and its cause. The queue retries only `retryable`.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { retryable: false },
  ALARM_MALFORMED: { retryable: false },
  SNAPSHOT_INVALID: { retryable: false },
  QUEUE_FULL: { retryable: true },
  STORE_UNAVAILABLE: { retryable: true },
  /** A stored row that no longer parses (a corrupt JSON column): retrying reads the same bytes. */
  STORE_CORRUPT: { retryable: false },
  /** A change addressed to an incident or approval the store does not hold. */
  STORE_NOT_FOUND: { retryable: false },
  SOURCE_UNAVAILABLE: { retryable: true },
  EVIDENCE_TIMEOUT: { retryable: true },
  EVIDENCE_FAILED: { retryable: true },
  KUBERNETES_API: { retryable: true },
  KUBERNETES_NOT_FOUND: { retryable: false },
  KUBERNETES_CONFLICT: { retryable: true },
  SLACK_API: { retryable: true },
  SLACK_SIGNATURE: { retryable: false },
  /** The issue tracker (GitHub) failed or refused a request. */
  ISSUE_TRACKER: { retryable: true },
  APPROVAL_REFUSED: { retryable: false },
  POLICY_REFUSED: { retryable: false },
  REMEDIATION_FAILED: { retryable: false },
  /** The optional LLM summary could not be had; the rule-based finding is posted without it. */
  SUMMARY_FAILED: { retryable: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class TriagedError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean; context?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TriagedError';
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.context = Object.freeze({ ...(options.context ?? {}) });
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof TriagedError ? error.retryable : false;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
