/**
 * The contract of one remediation action: re-read the target and plan the change (refusing when
 * the target no longer fits), send it as a dry run or for real, then verify the symptom cleared.
 */
import type { Remediation } from '../../domain/diagnosis.js';
import type { IncidentFingerprint, IncidentId } from '../../domain/ids.js';
import type { PolicyFacts } from '../../domain/policy.js';
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
  /** What the plan read from the live target that the policy bounds (current replicas, resources). */
  readonly facts?: Omit<PolicyFacts, 'restartsInLastHour'>;
  /** The remediation that would take the change back, proposed when it does not verify. */
  readonly undo?: Remediation;
  apply(dryRun: boolean, signal: AbortSignal): Promise<string>;
  verify(signal: AbortSignal): Promise<Verification>;
}

export class PlanRefused extends Error {
  override readonly name = 'PlanRefused';
}

/** The incident an action is carried out for (create-issue deduplicates on its fingerprint). */
export interface ActionSubject {
  readonly incidentId: IncidentId;
  readonly fingerprint?: IncidentFingerprint;
}

export interface RemediationActionHandler {
  plan(remediation: Remediation, context: ActionContext, signal: AbortSignal, subject?: ActionSubject): Promise<ActionPlan>;
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
      // A check cut short by the deadline keeps the previous detail: it says why, the abort does not.
      if (!signal.aborted) last = error instanceof Error ? error.message : String(error);
    }
    await context.sleep(context.verifyPollMs, signal).catch(() => {});
  }
  return { verified: false, detail: last };
}
