/** What the MCP server reads, built from the daemon's parts (or the CLI's): readers only, never a writer. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../ports/clock.js';
import type { KubernetesReader } from '../ports/kubernetes.js';
import type { Logger } from '../ports/logger.js';
import type { IncidentStore } from '../ports/store.js';
import type { Config } from './config.js';
import type { Evidence } from './evidence.js';
import type { McpDeps } from './mcp/deps.js';
import { captureThrough, clusterHealthThrough } from './mcp/wiring.js';

/** chaos/ sits two levels above both src/app/ and dist/app/. */
const CHAOS_DIR = fileURLToPath(new URL('../../chaos', import.meta.url));

export function buildMcpDeps(parts: { config: Config; store: IncidentStore; kubernetes: KubernetesReader; evidence: Evidence; clock: Clock; logger: Logger }): McpDeps {
  const { config, store, kubernetes, evidence, clock, logger } = parts;
  return {
    incidents: store,
    capture: captureThrough({ evidence: evidence.ports, clock, unconfigured: evidence.unconfigured, deadlineMs: config.TRIAGED_INVESTIGATION_DEADLINE_SECONDS * 1000 }),
    ...(evidence.prometheus ? { metrics: evidence.prometheus } : {}),
    clusterHealth: clusterHealthThrough(kubernetes),
    ...(existsSync(CHAOS_DIR) ? { chaosDir: CHAOS_DIR } : {}),
    clock,
    logger,
  };
}
