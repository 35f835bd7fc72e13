/**
 * Tool results as JSON text within a size bound: the longest lists are cut first (with a note of
 * what was left out, so the JSON stays valid), the text itself only as a last resort.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const DEFAULT_MAX_OUTPUT_CHARS = 20_000;

type Json = Record<string, unknown>;

function longestList(value: Json): [string, unknown[]] | undefined {
  let best: [string, unknown[]] | undefined;
  for (const [key, field] of Object.entries(value)) if (Array.isArray(field) && field.length > 1 && (!best || field.length > best[1].length)) best = [key, field];
  return best;
}

export function jsonResult(value: Json, maxChars: number): CallToolResult {
  let current = value;
  const totals: Record<string, number> = {};
  const size = (): number => JSON.stringify(current, null, 2).length;
  for (let list = longestList(current); size() > maxChars && list; list = longestList(current)) {
    const [key, items] = list;
    totals[key] ??= items.length;
    current = { ...current, [key]: items.slice(0, Math.ceil(items.length / 2)) };
  }
  const cut = Object.entries(totals).map(([key, total]) => `${key}: ${(current[key] as unknown[]).length} of ${total} shown`);
  if (cut.length > 0) current = { ...current, truncated: `output limit of ${maxChars} characters reached (${cut.join('; ')}); narrow the request` };
  const text = JSON.stringify(current, null, 2);
  if (text.length <= maxChars) return { content: [{ type: 'text', text }] };
  const note = `\n…[truncated: ${maxChars} of ${text.length} characters shown; narrow the request]`;
  return { content: [{ type: 'text', text: `${text.slice(0, Math.max(0, maxChars - note.length))}${note}` }] };
}

export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}
