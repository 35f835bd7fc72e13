/** `Status` bodies as the API server sends them for failures, and the error that carries one. */
import { qualifiedResource, type ResourceType } from './resources.js';

export interface StatusBody {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: Record<string, never>;
  readonly status: 'Failure' | 'Success';
  readonly message: string;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
  readonly code: number;
}

export class ApiError extends Error {
  readonly status: StatusBody;
  /** Extra response headers (Retry-After). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: StatusBody, headers: Record<string, string> = {}) {
    super(status.message);
    this.status = status;
    this.headers = headers;
  }
}

export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): StatusBody {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function details(type: ResourceType, name: string): Record<string, unknown> {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.resource };
}

export const apiErrors = {
  notFound: (type: ResourceType, name: string) =>
    new ApiError(statusBody(404, 'NotFound', `${qualifiedResource(type)} "${name}" not found`, details(type, name))),
  alreadyExists: (type: ResourceType, name: string) =>
    new ApiError(statusBody(409, 'AlreadyExists', `${qualifiedResource(type)} "${name}" already exists`, details(type, name))),
  conflict: (type: ResourceType, name: string) =>
    new ApiError(
      statusBody(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        details(type, name),
      ),
    ),
  invalid: (type: ResourceType, name: string, causes: readonly { field: string; message: string }[]) =>
    new ApiError(
      statusBody(422, 'Invalid', `${type.kind} "${name}" is invalid: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`, {
        ...details(type, name),
        kind: type.kind,
        causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })),
      }),
    ),
  badRequest: (message: string) => new ApiError(statusBody(400, 'BadRequest', message)),
  methodNotAllowed: (message: string) => new ApiError(statusBody(405, 'MethodNotAllowed', message)),
  unsupportedMediaType: (contentType: string) =>
    new ApiError(
      statusBody(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format ${JSON.stringify(contentType)} - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      ),
    ),
  expired: (requested: string, oldest: number) =>
    new ApiError(statusBody(410, 'Expired', `too old resource version: ${requested} (${oldest})`)),
  /** What a fault injection asks for: 429 carries Retry-After like the API server's priority-and-fairness answer. */
  fromCode: (code: number, retryAfterSeconds = 1) => {
    const reason = { 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout', 403: 'Forbidden', 410: 'Expired' }[code] ?? 'Unknown';
    const message = code === 429 ? 'Too many requests, please try again later.' : `injected failure (${code})`;
    return new ApiError(
      statusBody(code, reason, message, code === 429 ? { retryAfterSeconds } : undefined),
      code === 429 ? { 'Retry-After': String(retryAfterSeconds) } : {},
    );
  },
};
