/**
 * Parses a `workflow_run` webhook payload into a WorkflowRunFailure, or says why it is ignored:
 * only `action: completed` with `conclusion: failure` is analysed (the event also fires for
 * `requested` and `in_progress`, where conclusion is null).
 */
import { z } from 'zod';
import type { WorkflowRunFailure } from '../../domain/ci/types.js';
import { readSchema } from '../wire.js';

const schema = z.object({
  action: z.string(),
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().nullish(),
    run_attempt: z.number().int().min(1).default(1),
    run_number: z.number().int().optional(),
    conclusion: z.string().nullable(),
    event: z.string().optional(),
    head_branch: z.string().nullish(),
    head_sha: z.string().optional(),
    display_title: z.string().optional(),
    html_url: z.string().optional(),
    path: z.string().optional(),
    updated_at: z.string().optional(),
    actor: z.object({ login: z.string() }).nullish(),
  }),
  workflow: z.object({ name: z.string().optional() }).nullish(),
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string() }) }),
});

export type WorkflowRunParse =
  | { readonly kind: 'failure'; readonly run: WorkflowRunFailure }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

export function parseWorkflowRun(payload: unknown, deliveryId: string): WorkflowRunParse {
  const read = readSchema(schema, payload, 'workflow_run payload');
  if (!read.ok) return { kind: 'invalid', reason: read.reason };
  const { action, workflow_run: run, workflow, repository } = read.value;
  if (action !== 'completed') return { kind: 'ignored', reason: `action is ${action}, not completed` };
  if (run.conclusion !== 'failure') return { kind: 'ignored', reason: `conclusion is ${run.conclusion ?? 'null'}, not failure` };
  return {
    kind: 'failure',
    run: {
      deliveryId,
      runId: run.id,
      runAttempt: run.run_attempt,
      ...(run.run_number !== undefined ? { runNumber: run.run_number } : {}),
      owner: repository.owner.login,
      repo: repository.name,
      workflow: run.name ?? workflow?.name ?? run.path ?? 'workflow',
      ...(run.path ? { workflowPath: run.path } : {}),
      ...(run.event ? { event: run.event } : {}),
      ...(run.head_branch ? { headBranch: run.head_branch } : {}),
      ...(run.head_sha ? { headSha: run.head_sha } : {}),
      ...(run.display_title ? { title: run.display_title } : {}),
      ...(run.html_url ? { htmlUrl: run.html_url } : {}),
      ...(run.actor?.login ? { actor: run.actor.login } : {}),
      ...(run.updated_at ? { updatedAt: run.updated_at } : {}),
    },
  };
}
