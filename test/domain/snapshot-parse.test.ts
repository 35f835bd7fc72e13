import { describe, expect, it } from 'vitest';
import { TriagedError } from '../../src/domain/errors.js';
import { parseSnapshot } from '../../src/domain/snapshot-parse.js';

function failure(text: string): TriagedError {
  try {
    parseSnapshot(text);
  } catch (error) {
    if (error instanceof TriagedError) return error;
    throw error;
  }
  throw new Error('expected parseSnapshot to throw');
}

const minimal = { version: 1, capturedAt: '2026-11-22T10:04:00Z' };

describe('parseSnapshot', () => {
  it('accepts a minimal snapshot and ignores unknown fields', () => {
    const snapshot = parseSnapshot(JSON.stringify({ ...minimal, somethingNew: { a: 1 }, kubernetes: { objects: [], extra: true } }));
    expect(snapshot.capturedAt).toBe(minimal.capturedAt);
  });

  it.each([
    ['{not json', /not JSON/],
    ['[1,2]', /must be a JSON object, got an array/],
    ['"text"', /must be a JSON object/],
    [JSON.stringify({ ...minimal, version: 2 }), /version must be 1, got number 2/],
    [JSON.stringify({ capturedAt: minimal.capturedAt }), /version must be 1, got undefined/],
    [JSON.stringify({ version: 1, capturedAt: 'yesterday' }), /capturedAt must be an RFC 3339 time/],
    [JSON.stringify({ ...minimal, kubernetes: { objects: {} } }), /kubernetes\.objects must be an array, got an object/],
    [JSON.stringify({ ...minimal, kubernetes: { objects: [1] } }), /kubernetes\.objects\[0\] must be an object/],
    [JSON.stringify({ ...minimal, kubernetes: { logs: [{ pod: 'p' }] } }), /kubernetes\.logs\[0\]\.text must be a string/],
    [JSON.stringify({ ...minimal, metrics: [{ name: 'm', labels: {}, points: [[1]] }] }), /metrics\[0\]\.points\[0\] must be \[unixSeconds, value\]/],
    [JSON.stringify({ ...minimal, metrics: [{ name: 'm', labels: {} }] }), /metrics\[0\]\.points is missing/],
    [JSON.stringify({ ...minimal, alarm: 'x' }), /alarm must be an object/],
    [JSON.stringify({ ...minimal, traces: { services: 3 } }), /traces\.services must be an array/],
  ])('rejects %s', (text, message) => {
    const error = failure(text);
    expect(error.code).toBe('SNAPSHOT_INVALID');
    expect(error.message).toMatch(message);
  });
});
