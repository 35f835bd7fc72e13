/** `triaged mcp`: the read-only MCP server on stdio, over the daemon's store and evidence sources; logs go to stderr. */
import pino from 'pino';
import { openSqliteStore } from '../../adapters/store/sqlite-store.js';
import { systemClock } from '../../ports/clock.js';
import { loadConfig } from '../config.js';
import { buildEvidence } from '../evidence.js';
import { kubernetesFromConfig } from '../kubernetes.js';
import { createLogger } from '../logger.js';
import { buildMcpDeps } from '../mcp-deps.js';
import { runMcpStdio } from '../mcp/stdio.js';

export async function runMcpCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig(env);
  const logger = createLogger(config.TRIAGED_LOG_LEVEL, pino.destination(2));
  const store = openSqliteStore({ path: config.TRIAGED_STORE_PATH });
  const kubernetes = kubernetesFromConfig(config);
  const evidence = buildEvidence(config, kubernetes.reader);
  try {
    await runMcpStdio(buildMcpDeps({ config, store, kubernetes: kubernetes.reader, evidence, clock: systemClock, logger }));
    return 0;
  } finally {
    evidence.close();
    await store.close();
  }
}
