/**
 * Reading wire payloads for the source parsers: JSON text, schema issues turned into reasons that
 * name the field, and timestamps normalised to RFC 3339 UTC. Pure; no source-specific knowledge.
 */
import type { z } from 'zod';

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export function readJson(text: string, what: string): Read<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `${what} is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Validates `value` against `schema`; the reason names the first bad field, e.g. "EventBridge detail.state.value missing". */
export function readSchema<T>(schema: z.ZodType<T>, value: unknown, what: string): Read<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  if (!issue) return { ok: false, reason: `${what} is invalid` };
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  const missing = valueAt(value, issue.path) === undefined;
  return { ok: false, reason: `${what}${path ? ` ${path}` : ''} ${missing ? 'missing' : `invalid: ${issue.message}`}` };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/**
 * RFC 3339 UTC with milliseconds, or undefined when `text` is no timestamp. Accepts AWS's
 * colon-less offsets (`2026-11-22T10:00:42.731+0000`) and Go's nanoseconds.
 */
export function toRfc3339(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
