/**
 * `triaged report [--json]`: the daily health report, now, from the cluster and the incident store
 * named by the config (read-only use; the daemon may be running on the same file).
 */
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../../adapters/store/sqlite-store.js';
import { collectDailyReport } from '../../core/assistant/health-report.js';
import { errorMessage } from '../../domain/errors.js';
import { reportNotice } from '../../domain/health-report.js';
import { noticeText } from '../../domain/notice.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import { loadConfig } from '../config.js';
import { kubernetesFromConfig } from '../kubernetes.js';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export interface ReportCommandOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly kubernetesServer?: string;
  readonly clock?: Clock;
}

export async function runReportCommand(args: readonly string[], io: Io, options: ReportCommandOptions = {}): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: { json: { type: 'boolean', default: false } }, strict: true }));
  } catch (error) {
    io.stderr(`triaged report: ${errorMessage(error)}`);
    return 2;
  }
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
