/**
 * The contract of one remediation action: re-read the target and plan the change (refusing when
 * the target no longer fits), send it as a dry run or for real, then verify the symptom cleared.
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { Clock } from '../../ports/clock.js';
import type { KubernetesReader, KubernetesWriter } from '../../ports/kubernetes.js';

export interface ActionContext {
  readonly reader: KubernetesReader;
  readonly writer: KubernetesWriter;
  readonly clock: Clock;
  /** Waits between verification polls (a fake in tests). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly verifyPollMs: number;
}

export type Verification = { readonly verified: true; readonly detail: string } | { readonly verified: false; readonly detail: string };

export interface ActionPlan {
  /** One line for Slack and the audit: what will change. */
  readonly description: string;
  apply(dryRun: boolean, signal: AbortSignal): Promise<string>;
  verify(signal: AbortSignal): Promise<Verification>;
}

export class PlanRefused extends Error {
  override readonly name = 'PlanRefused';
}

export interface RemediationActionHandler {
  plan(remediation: Remediation, context: ActionContext, signal: AbortSignal): Promise<ActionPlan>;
}

/** Polls `check` until it reports done or the signal ends; the last detail explains a timeout. */
export async function pollUntil(
  context: ActionContext,
  signal: AbortSignal,
  check: () => Promise<{ done: boolean; detail: string }>,
): Promise<Verification> {
  let last = 'not checked yet';
  while (!signal.aborted) {
    try {
      const result = await check();
      last = result.detail;
      if (result.done) return { verified: true, detail: result.detail };
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await context.sleep(context.verifyPollMs, signal).catch(() => {});
  }
  return { verified: false, detail: last };
}
