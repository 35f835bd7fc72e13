/**
 * `diagnose_snapshot` (a snapshot given inline) and `investigate_target` (a read-only capture of one
 * target through the injected function, then the same diagnosis). Neither stores, notifies nor
 * offers an approval.
 */
import { z } from 'zod';
import { diagnose } from '../../../domain/diagnosis/index.js';
import { errorMessage } from '../../../domain/errors.js';
import { redactDeep } from '../../../domain/redact.js';
import { parseSnapshot } from '../../../domain/snapshot-parse.js';
import type { Snapshot } from '../../../domain/snapshot.js';
import { errorResult, jsonResult } from '../bounded.js';
import { K8S_NAME, READ_ONLY, type RegisterTools } from './context.js';

const TARGET_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Node'] as const;

function diagnosisOf(snapshot: Snapshot): Record<string, unknown> {
  const diagnosis = diagnose(snapshot);
  return redactDeep({ diagnosis, playbook: snapshot.playbook, timeline: snapshot.timeline, missing: snapshot.missing });
}

export const registerDiagnosisTools: RegisterTools = (server, { deps, maxChars }) => {
  server.registerTool(
    'diagnose_snapshot',
    {
      title: 'Diagnose a snapshot',
      description:
        'Runs the deterministic diagnosis rules on an incident snapshot (version 1, shared/contracts/snapshot.md) given inline, as a JSON object or its text. No network call.',
      inputSchema: {
        snapshot: z.union([z.string().max(4 * 1024 * 1024), z.record(z.string(), z.unknown())]).describe('the snapshot document'),
      },
      annotations: { ...READ_ONLY, openWorldHint: false },
    },
    ({ snapshot }) => {
      try {
        return jsonResult(diagnosisOf(parseSnapshot(typeof snapshot === 'string' ? snapshot : JSON.stringify(snapshot))), maxChars);
      } catch (error) {
        return errorResult(errorMessage(error));
      }
    },
  );

  server.registerTool(
    'investigate_target',
    {
      title: 'Investigate a target',
      description:
        "Gathers evidence for one workload, pod or node with the matching playbook's read-only collectors and diagnoses it. Never notifies, never stores, never proposes an approval.",
      inputSchema: {
        namespace: z.string().regex(K8S_NAME).max(63).optional().describe('omit for a Node'),
        kind: z.enum(TARGET_KINDS),
        name: z.string().regex(K8S_NAME).max(253),
      },
      annotations: { ...READ_ONLY, idempotentHint: false, openWorldHint: true },
    },
    async ({ namespace, kind, name }, { signal }) => {
      if (!deps.capture) return errorResult('investigate_target is not available: this server has no Kubernetes access');
      if (kind !== 'Node' && namespace === undefined) return errorResult(`a ${kind} needs its namespace`);
      try {
        const snapshot = await deps.capture({ ...(namespace === undefined ? {} : { namespace }), kind, name }, signal);
        return jsonResult(diagnosisOf(snapshot), maxChars);
      } catch (error) {
        return errorResult(`investigation failed: ${errorMessage(error)}`);
      }
    },
  );
};
