/** Every remediation action of root-causes.md mapped to its handler, for the executor's registry. */
import type { RemediationAction } from '../../domain/diagnosis.js';
import type { IssueTracker } from '../../ports/issues.js';
import type { RemediationActionHandler } from './action.js';
import { cordonNode } from './cordon-action.js';
import { createIssueHandler } from './issue-action.js';
import { setResources } from './resources-action.js';
import { restartPod, rolloutRestart } from './restart-actions.js';
import { rolloutUndo } from './rollout-undo-action.js';
import { scale } from './scale-action.js';

/** Without an issue tracker, create-issue is left out (the executor answers "not supported by this build"). */
export function createRemediationHandlers(options: { readonly issueTracker?: IssueTracker } = {}): Partial<Record<RemediationAction, RemediationActionHandler>> {
  return {
    'restart-pod': restartPod,
    'rollout-restart': rolloutRestart,
    scale,
    'set-resources': setResources,
    'rollout-undo': rolloutUndo,
    'cordon-node': cordonNode,
    ...(options.issueTracker ? { 'create-issue': createIssueHandler(options.issueTracker) } : {}),
  };
}
