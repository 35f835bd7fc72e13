/**
 * `triaged rightsize [--namespace NS] [--json]`: P95 usage per container from Prometheus over the
 * configured window, the recommended requests and limits, the change and the monthly saving.
 * Prints only; the daemon offers the same changes with Approve / Deny (docs/assistant.md).
 */
import { rightsizeWorkloads } from '../../core/assistant/rightsizing.js';
import { cpuQuantity, describeChange, memoryQuantity, type RightsizingResult } from '../../domain/rightsizing.js';
import { systemClock } from '../../ports/clock.js';
import { rightsizingOptionsFromConfig } from '../assistant-config.js';
import { loadConfig } from '../config.js';
import { buildEvidence } from '../evidence.js';
import { kubernetesFromConfig } from '../kubernetes.js';
import { parseCommandArgs, type CommandIo, type CommandOptions } from './command.js';

export type RightsizeCommandOptions = CommandOptions;

export async function runRightsizeCommand(args: readonly string[], io: CommandIo, options: RightsizeCommandOptions = {}): Promise<number> {
  const values = parseCommandArgs('rightsize', args, { namespace: { type: 'string', short: 'n' }, json: { type: 'boolean', default: false } }, io);
  if (!values) return 2;
  const config = loadConfig(options.env ?? process.env);
  if (!config.TRIAGED_PROMETHEUS_URL) {
    io.stderr('triaged rightsize: TRIAGED_PROMETHEUS_URL is not set; right-sizing needs the usage history from Prometheus');
    return 2;
  }
  const kubernetes = kubernetesFromConfig(config, options.kubernetesServer);
  const evidence = buildEvidence(config, kubernetes.reader);
  try {
    const results = await rightsizeWorkloads(
      { metrics: evidence.prometheus!, kubernetes: kubernetes.reader, clock: options.clock ?? systemClock },
      { ...(values.namespace ? { namespace: values.namespace } : {}), windowSeconds: config.TRIAGED_RIGHTSIZING_WINDOW_DAYS * 86_400, options: rightsizingOptionsFromConfig(config) },
    );
    io.stdout(values.json ? JSON.stringify({ windowDays: config.TRIAGED_RIGHTSIZING_WINDOW_DAYS, results }, null, 2) : formatResults(results));
    return 0;
  } finally {
    evidence.close();
  }
}

export function formatResults(results: readonly RightsizingResult[]): string {
  if (results.length === 0) return 'no container usage found in Prometheus for this scope';
  const lines: string[] = [];
  let total = 0;
  for (const r of results) {
    const name = `${r.namespace}/${r.workload.name} [${r.container}]`;
    if (r.kind === 'skipped') {
      lines.push(`- ${name}: skipped: ${r.reason}`);
      continue;
    }
    total += r.monthlySaving ?? 0;
    const saving = r.monthlySaving === undefined ? 'saving unknown (no current requests)' : `${r.monthlySaving >= 0 ? 'saves' : 'costs'} $${Math.abs(r.monthlySaving).toFixed(2)}/month`;
    lines.push(`- ${name}: P95 cpu ${cpuQuantity(r.p95.cpuCores)}, memory ${memoryQuantity(r.p95.memoryBytes)}; ${r.worthChanging ? saving : 'already right-sized'}`);
    for (const change of describeChange(r)) lines.push(`    ${change}`);
  }
  lines.push(`total: $${total.toFixed(2)}/month`);
  return lines.join('\n');
}
