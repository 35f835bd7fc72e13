/**
 * Runs a playbook's phases: the steps of a phase in parallel, each under its own deadline and the
 * investigation's signal. A step that fails or runs late becomes a `missing` entry and a timeline
 * record; it never fails the investigation.
 */
import { errorMessage } from '../../domain/errors.js';
import type { StepRecord } from '../../domain/snapshot.js';
import type { Clock } from '../../ports/clock.js';
import type { EvidenceStep, Playbook, StepContext } from './playbook.js';

export interface PlaybookRun {
  readonly timeline: readonly StepRecord[];
}

export async function runPlaybook(
  playbook: Playbook,
  context: StepContext,
  options: { clock: Clock; signal: AbortSignal; onStep?: (record: StepRecord) => void },
): Promise<PlaybookRun> {
  const timeline: StepRecord[] = [];
  for (const phase of playbook.phases) {
    if (options.signal.aborted) break;
    const records = await Promise.all(phase.map((step) => runStep(step, context, options)));
    for (const record of records) {
      timeline.push(record);
      options.onStep?.(record);
    }
  }
  return { timeline };
}

async function runStep(step: EvidenceStep, context: StepContext, options: { clock: Clock; signal: AbortSignal }): Promise<StepRecord> {
  const started = options.clock.now();
  const deadline = AbortSignal.timeout(step.deadlineMs);
  const signal = AbortSignal.any([options.signal, deadline]);
  const elapsed = (): number => Math.max(0, options.clock.now() - started);
  try {
    const result = await abortable(step.run(context, signal), signal);
    return { step: step.name, source: step.source, durationMs: elapsed(), outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) };
  } catch (error) {
    const timedOut = deadline.aborted;
    const detail = timedOut ? `no answer within ${step.deadlineMs} ms` : errorMessage(error);
    context.draft.addMissing(`${step.name} (${step.source}): ${detail}`);
    return { step: step.name, source: step.source, durationMs: elapsed(), outcome: timedOut ? 'timeout' : 'failed', detail };
  }
}

/** Settles with the signal even if the step ignores it, so one stuck call cannot hold the phase. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
