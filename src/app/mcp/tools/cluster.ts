/** `cluster_health` (pods and nodes at a glance, via the injected reader) and `list_chaos_scenarios`. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { errorMessage } from '../../../domain/errors.js';
import { redactDeep } from '../../../domain/redact.js';
import { errorResult, jsonResult } from '../bounded.js';
import { K8S_NAME, READ_ONLY, type RegisterTools } from './context.js';

export interface ChaosScenario {
  readonly scenario: string;
  readonly workload: string;
  readonly whatHappens: string;
  readonly alarm: string;
  readonly playbook: string;
  readonly category: string;
  readonly start: string;
  readonly end: string;
}

const COLUMNS = ['scenario', 'workload', 'what happens', 'alarm', 'playbook', 'category'] as const;

/** The scenario table of chaos/README.md: the first Markdown table whose header names these columns. */
export function parseChaosTable(markdown: string): ChaosScenario[] {
  const cells = (line: string): string[] => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim().replace(/`/g, ''));
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => line.trim().startsWith('|') && COLUMNS.every((c) => cells(line).includes(c)));
  if (header < 0) return [];
  const names = cells(lines[header] ?? '');
  const column = (row: string[], name: (typeof COLUMNS)[number]): string => row[names.indexOf(name)] ?? '';
  const rows: ChaosScenario[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.trim().startsWith('|')) break;
    const row = cells(line);
    const scenario = column(row, 'scenario');
    rows.push({
      scenario,
      workload: column(row, 'workload'),
      whatHappens: column(row, 'what happens'),
      alarm: column(row, 'alarm'),
      playbook: column(row, 'playbook'),
      category: column(row, 'category'),
      start: `kubectl apply -f chaos/${scenario}/`,
      end: `kubectl delete -f chaos/${scenario}/`,
    });
  }
  return rows;
}

export const registerClusterTools: RegisterTools = (server, { deps, maxChars }) => {
  server.registerTool(
    'cluster_health',
    {
      title: 'Cluster health',
      description: 'Pods not Ready, Pending pods and why, the containers restarting most, nodes with conditions (NotReady, pressure, cordoned). Read-only.',
      inputSchema: { namespace: z.string().regex(K8S_NAME).max(63).optional().describe('pods of this namespace only (nodes are always all)') },
      annotations: { ...READ_ONLY, openWorldHint: true },
    },
    async ({ namespace }, { signal }) => {
      if (!deps.clusterHealth) return errorResult('cluster_health is not available: this server has no Kubernetes access');
      try {
        return jsonResult(redactDeep({ ...(await deps.clusterHealth({ ...(namespace === undefined ? {} : { namespace }), signal })) }), maxChars);
      } catch (error) {
        return errorResult(`could not read the cluster: ${errorMessage(error)}`);
      }
    },
  );

  server.registerTool(
    'list_chaos_scenarios',
    {
      title: 'List chaos scenarios',
      description: 'The chaos drills shipped in chaos/: what each does, the alarm it raises and the root cause triaged should find. Listing only; nothing is applied.',
      inputSchema: {},
      annotations: { ...READ_ONLY, openWorldHint: false },
    },
    async () => {
      if (!deps.chaosDir) return errorResult('no chaos/ folder is configured for this server');
      try {
        const scenarios = parseChaosTable(await readFile(join(deps.chaosDir, 'README.md'), 'utf8'));
        return jsonResult({ scenarios, note: 'Run them only on a test cluster; see chaos/README.md "Safety".' }, maxChars);
      } catch (error) {
        return errorResult(`cannot read the chaos scenarios: ${errorMessage(error)}`);
      }
    },
  );
};
