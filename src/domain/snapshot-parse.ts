/**
 * Reads a snapshot file (shared/contracts/snapshot.md, version 1) into a `Snapshot`, checking the
 * fields the diagnosis relies on. Unknown fields are ignored; a wrong shape is SNAPSHOT_INVALID.
 */
import { TriagedError } from './errors.js';
import type { Snapshot } from './snapshot.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function invalid(message: string): TriagedError {
  return new TriagedError('SNAPSHOT_INVALID', `snapshot: ${message}`);
}

function expectArray(value: unknown, path: string): readonly unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalid(`${path} must be an array, got ${describe(value)}`);
  return value;
}

function expectObject(value: unknown, path: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(`${path} must be an object, got ${describe(value)}`);
  return value;
}

function checkMetrics(metrics: readonly unknown[]): void {
  metrics.forEach((series, i) => {
    const path = `metrics[${i}]`;
    if (!isObject(series)) throw invalid(`${path} must be an object, got ${describe(series)}`);
    if (typeof series.name !== 'string') throw invalid(`${path}.name must be a string, got ${describe(series.name)}`);
    const points = expectArray(series.points, `${path}.points`);
    if (points === undefined) throw invalid(`${path}.points is missing`);
    points.forEach((point, j) => {
      // Values are not checked here: a NaN or null sample is skipped by the diagnosis, not fatal.
      if (!Array.isArray(point) || point.length < 2) {
        throw invalid(`${path}.points[${j}] must be [unixSeconds, value], got ${JSON.stringify(point)}`);
      }
    });
    expectObject(series.labels, `${path}.labels`);
  });
}

function checkKubernetes(kubernetes: Record<string, unknown>): void {
  const objects = expectArray(kubernetes.objects, 'kubernetes.objects') ?? [];
  objects.forEach((object, i) => {
    if (!isObject(object)) throw invalid(`kubernetes.objects[${i}] must be an object, got ${describe(object)}`);
  });
  const logs = expectArray(kubernetes.logs, 'kubernetes.logs') ?? [];
  logs.forEach((log, i) => {
    if (!isObject(log)) throw invalid(`kubernetes.logs[${i}] must be an object, got ${describe(log)}`);
    if (typeof log.text !== 'string') throw invalid(`kubernetes.logs[${i}].text must be a string, got ${describe(log.text)}`);
  });
}

/** Parses and checks a snapshot document; throws TriagedError SNAPSHOT_INVALID naming the problem. */
export function parseSnapshot(text: string): Snapshot {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TriagedError('SNAPSHOT_INVALID', `snapshot: not JSON (${(error as Error).message})`, { cause: error });
  }
  if (!isObject(document)) throw invalid(`must be a JSON object, got ${describe(document)}`);
  if (document.version !== 1) throw invalid(`version must be 1, got ${describe(document.version)}`);
  if (typeof document.capturedAt !== 'string' || Number.isNaN(Date.parse(document.capturedAt))) {
    throw invalid(`capturedAt must be an RFC 3339 time, got ${describe(document.capturedAt)}`);
  }
  const alarm = expectObject(document.alarm, 'alarm');
  if (alarm) expectObject(alarm.target, 'alarm.target');
  const kubernetes = expectObject(document.kubernetes, 'kubernetes');
  if (kubernetes) checkKubernetes(kubernetes);
  checkMetrics(expectArray(document.metrics, 'metrics') ?? []);
  expectArray(document.logs, 'logs');
  const traces = expectObject(document.traces, 'traces');
  if (traces) {
    expectArray(traces.services, 'traces.services');
    expectArray(traces.summaries, 'traces.summaries');
  }
  expectArray(document.changes, 'changes');
  return document as unknown as Snapshot;
}
