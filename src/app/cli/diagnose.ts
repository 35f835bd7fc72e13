/**
 * `triaged diagnose --snapshot FILE|DIR [--snapshot …] [--json]`: diagnoses saved snapshots offline.
 * One file: text (or the contract's JSON object with --json); several files or a directory: one
 * result per file (JSON lines with a "file" key under --json). Exit 0 for any diagnosis, 2 for
 * unusable input with one line on stderr. File access comes through `io` so tests need no disk.
 */
import { parseArgs } from 'node:util';
import type { Diagnosis } from '../../domain/diagnosis.js';
import { diagnose } from '../../domain/diagnosis/index.js';
import { errorMessage } from '../../domain/errors.js';
import { parseSnapshot } from '../../domain/snapshot-parse.js';
import { formatTarget } from '../../domain/target.js';

export interface DiagnoseIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readFile: (path: string) => Promise<string>;
  /** The *.json files under a directory (recursively, sorted), or null when `path` is not a directory. */
  readonly listDir: (path: string) => Promise<string[] | null>;
}

const USAGE = 'usage: triaged diagnose --snapshot FILE|DIR [--snapshot FILE|DIR …] [--json]';

/** The contract allows exactly one line on stderr. */
function fail(io: DiagnoseIo, message: string): number {
  io.stderr(`triaged diagnose: ${message}`.replace(/\s*\n\s*/g, ' '));
  return 2;
}

function formatParams(params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  const shown = Object.entries(params)
    .filter(([key]) => key !== 'body')
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  return shown.length > 0 ? ` (${shown.join(', ')})` : '';
}

/** The human-readable form of a diagnosis. */
export function formatDiagnosis(d: Diagnosis): string {
  const lines = [`${d.category} (confidence ${d.confidence.toFixed(2)}) — ${formatTarget(d.target)}`, `  ${d.summary}`];
  if (d.evidence.length > 0) {
    lines.push('evidence:');
    for (const e of d.evidence) lines.push(`  - [${e.source}] ${e.ref}: ${e.detail}`);
  }
  if (d.remediations.length > 0) {
    lines.push('remediations:');
    for (const r of d.remediations) {
      lines.push(`  - ${r.action} ${formatTarget(r.target)}${formatParams(r.params as Record<string, unknown> | undefined)} [risk ${r.risk}]`, `    ${r.rationale}`);
    }
  }
  if (d.alternatives.length > 0) lines.push(`alternatives: ${d.alternatives.map((a) => `${a.category} ${a.confidence.toFixed(2)}`).join(', ')}`);
  if (d.missing.length > 0) {
    lines.push('missing:');
    for (const m of d.missing) lines.push(`  - ${m}`);
  }
  return lines.join('\n');
}

async function expand(paths: readonly string[], io: DiagnoseIo): Promise<{ files: string[]; fromDirectory: boolean }> {
  const files: string[] = [];
  let fromDirectory = false;
  for (const path of paths) {
    const listed = await io.listDir(path);
    if (listed === null) {
      files.push(path);
      continue;
    }
    fromDirectory = true;
    if (listed.length === 0) throw new Error(`no *.json files under ${path}`);
    files.push(...listed);
  }
  return { files, fromDirectory };
}

async function diagnoseFile(path: string, io: DiagnoseIo): Promise<Diagnosis> {
  let text: string;
  try {
    text = await io.readFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path}: ${errorMessage(error)}`, { cause: error });
  }
  try {
    return diagnose(parseSnapshot(text));
  } catch (error) {
    throw new Error(`${path}: ${errorMessage(error)}`, { cause: error });
  }
}

export async function runDiagnoseCommand(args: string[], io: DiagnoseIo): Promise<number> {
  let values: { snapshot?: string[]; json?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { snapshot: { type: 'string', multiple: true }, json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }));
  } catch (error) {
    return fail(io, `${errorMessage(error)}; ${USAGE}`);
  }
  if (!values.snapshot || values.snapshot.length === 0) {
    return fail(io, `--snapshot is required; ${USAGE}`);
  }
  let files: string[];
  let fromDirectory: boolean;
  try {
    ({ files, fromDirectory } = await expand(values.snapshot, io));
  } catch (error) {
    return fail(io, errorMessage(error));
  }
  const json = values.json === true;
  if (files.length === 1 && !fromDirectory) {
    try {
      const d = await diagnoseFile(files[0] as string, io);
      io.stdout(json ? JSON.stringify(d) : formatDiagnosis(d));
      return 0;
    } catch (error) {
      return fail(io, errorMessage(error));
    }
  }
  const failures: string[] = [];
  for (const file of files) {
    try {
      const d = await diagnoseFile(file, io);
      io.stdout(json ? JSON.stringify({ file, ...d }) : `== ${file}\n${formatDiagnosis(d)}\n`);
    } catch (error) {
      failures.push(errorMessage(error));
    }
  }
  if (failures.length === 0) return 0;
  return fail(io, `${failures.length} of ${files.length} snapshot(s) unusable: ${failures.join('; ')}`);
}
