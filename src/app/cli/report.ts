/**
 * `triaged report [--json]`: the daily health report, now, from the cluster and the incident store
 * named by the config (read-only use; the daemon may be running on the same file).
 */
import { openSqliteStore } from '../../adapters/store/sqlite-store.js';
import { collectDailyReport } from '../../core/assistant/health-report.js';
import { reportNotice } from '../../domain/health-report.js';
import { noticeText } from '../../domain/notice.js';
import { systemClock } from '../../ports/clock.js';
import { loadConfig } from '../config.js';
import { kubernetesFromConfig } from '../kubernetes.js';
import { parseCommandArgs, type CommandIo, type CommandOptions } from './command.js';

export type ReportCommandOptions = CommandOptions;

export async function runReportCommand(args: readonly string[], io: CommandIo, options: ReportCommandOptions = {}): Promise<number> {
  const values = parseCommandArgs('report', args, { json: { type: 'boolean', default: false } }, io);
  if (!values) return 2;
  const config = loadConfig(options.env ?? process.env);
  const kubernetes = kubernetesFromConfig(config, options.kubernetesServer);
  const store = openSqliteStore({ path: config.TRIAGED_STORE_PATH });
  try {
    const report = await collectDailyReport({ kubernetes: kubernetes.reader, store, clock: options.clock ?? systemClock, cluster: config.TRIAGED_CLUSTER_NAME });
    io.stdout(values.json ? JSON.stringify(report, null, 2) : noticeText(reportNotice(report, config.TRIAGED_REPORT_TIMEZONE)));
    return 0;
  } finally {
    await store.close();
  }
}
